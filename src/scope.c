/* scope.c: the names the migration scripts mention (see scope.h). */
#include "scope.h"

#include <stdlib.h>
#include <string.h>

#include "ops.h"

static void add_schema(struct scope *s, const char *schema)
{
    if (schema && !sv_contains(&s->schemas, schema))
        sv_push(&s->schemas, schema);
}

static void add_name(struct scope *s, enum scope_list l, const char *schema, const char *name)
{
    if (!name || !*name)
        return;
    char *key = xasprintf("%d\x1f%s\x1f%s", (int)l, schema, name);
    size_t ignored;
    if (!strmap_get(&s->seen, key, &ignored)) {
        strmap_put(&s->seen, key, 0);
        sv_push(&s->lists[l].schemas, schema);
        sv_push(&s->lists[l].names, name);
    }
    free(key);
}

static void add_extension(struct scope *s, const char *name)
{
    if (name && *name && !sv_contains(&s->extensions, name))
        sv_push(&s->extensions, name);
}

/* "f(integer,text)" -> "f": overloads are told apart by the catalog's rows. */
static void add_function(struct scope *s, const char *schema, const char *name)
{
    if (!name)
        return;
    const char *paren = strchr(name, '(');
    char *base = paren ? xstrndup(name, (size_t)(paren - name)) : xstrdup(name);
    add_name(s, SCOPE_FUNCTION, schema, base);
    free(base);
}

/* Which list a kind's name goes to; -1: not a name looked up by itself
 * (columns and triggers come with their table, schemas and extensions have
 * their own lists). */
static const int list_of_kind[OBJ_KIND_COUNT] = {
    [OBJ_SCHEMA] = -1,
    [OBJ_TABLE] = SCOPE_RELATION,
    [OBJ_COLUMN] = -1,
    [OBJ_INDEX] = SCOPE_RELATION,
    [OBJ_CONSTRAINT] = SCOPE_CONSTRAINT,
    [OBJ_TYPE] = SCOPE_TYPE,
    [OBJ_SEQUENCE] = SCOPE_RELATION,
    [OBJ_VIEW] = SCOPE_RELATION,
    [OBJ_MATVIEW] = SCOPE_RELATION,
    [OBJ_FUNCTION] = SCOPE_FUNCTION,
    [OBJ_TRIGGER] = -1,
    [OBJ_EXTENSION] = -1,
};

void scope_add(struct scope *s, enum obj_kind kind, const char *schema, const char *table,
               const char *name)
{
    add_schema(s, schema);
    if (table)
        add_name(s, SCOPE_RELATION, schema, table);
    if (kind == OBJ_SCHEMA) {
        add_schema(s, name ? name : schema);
    } else if (kind == OBJ_EXTENSION) {
        add_extension(s, name);
    } else if (kind == OBJ_FUNCTION) {
        add_function(s, schema, name);
    } else if (kind == OBJ_TABLE) {
        add_name(s, SCOPE_RELATION, schema, name ? name : table);
    } else if ((unsigned)kind < OBJ_KIND_COUNT && list_of_kind[kind] >= 0) {
        add_name(s, (enum scope_list)list_of_kind[kind], schema, name);
    }
}

/* An OP_TOUCH of any kind (obj OBJ_KIND_COUNT) with a name: the name may be
 * any object's, so it is looked up wherever a name can be. */
static void add_any_kind(struct scope *s, const char *schema, const char *table, const char *name)
{
    if (table)
        add_name(s, SCOPE_RELATION, schema, table);
    for (int l = 0; l < SCOPE_LIST_COUNT; l++)
        add_name(s, (enum scope_list)l, schema, name);
    add_extension(s, name);
}

/* The table an index or a sequence names in its attributes. */
static void add_attr_table(struct scope *s, const struct schema_op *op, const char *schema)
{
    char table[256];
    if ((op->obj == OBJ_INDEX || op->obj == OBJ_SEQUENCE) && attrs_get(op->attrs, "table", table, sizeof table) &&
        strcmp(table, "?") != 0)
        add_name(s, SCOPE_RELATION, schema, table);
}

static void add_op(struct scope *s, const struct schema_op *op, const char *dflt)
{
    const char *schema = op->schema ? op->schema : dflt;
    add_schema(s, schema);
    switch (op->kind) {
    case OP_CREATE_TABLE:
    case OP_DROP_TABLE:
    case OP_ADD_COLUMN:
    case OP_DROP_COLUMN:
    case OP_RENAME_COLUMN:
        add_name(s, SCOPE_RELATION, schema, op->table);
        break;
    case OP_RENAME_TABLE:
        add_name(s, SCOPE_RELATION, schema, op->table);
        add_name(s, SCOPE_RELATION, schema, op->new_name);
        break;
    case OP_CREATE_INDEX:
    case OP_DROP_INDEX:
        add_name(s, SCOPE_RELATION, schema, op->table);
        add_name(s, SCOPE_RELATION, schema, op->name);
        break;
    case OP_CREATE_SCHEMA:
        add_schema(s, op->name);
        break;
    case OP_CREATE:
    case OP_DROP:
    case OP_RENAME:
    case OP_ALTER:
    case OP_TOUCH:
        if (op->obj == OBJ_KIND_COUNT) {
            add_any_kind(s, schema, op->table, op->name);
            break;
        }
        scope_add(s, op->obj, schema, op->table, op->name);
        if (op->kind == OP_RENAME)
            scope_add(s, op->obj, schema, op->table, op->new_name);
        add_attr_table(s, op, schema);
        break;
    }
}

void scope_compute(const struct graph *g, const char *default_schema, struct scope *out)
{
    memset(out, 0, sizeof *out);
    add_schema(out, default_schema);
    for (size_t r = 0; r < g->n; r++) {
        const struct upgrade_effects *e = &g->scripts->revs[r].effects;
        for (size_t i = 0; i < e->n_ops; i++)
            add_op(out, &e->ops[i], default_schema);
    }
}

static const char *resolved(const char *schema, const char *dflt)
{
    return strcmp(schema, SCOPE_DEFAULT_SCHEMA) == 0 ? dflt : schema;
}

void scope_resolve_default(const struct scope *in, const char *schema, struct scope *out)
{
    memset(out, 0, sizeof *out);
    for (size_t i = 0; i < in->schemas.n; i++)
        add_schema(out, resolved(in->schemas.v[i], schema));
    for (int l = 0; l < SCOPE_LIST_COUNT; l++)
        for (size_t i = 0; i < in->lists[l].names.n; i++)
            add_name(out, (enum scope_list)l, resolved(in->lists[l].schemas.v[i], schema),
                     in->lists[l].names.v[i]);
    for (size_t i = 0; i < in->extensions.n; i++)
        add_extension(out, in->extensions.v[i]);
}

void scope_free(struct scope *s)
{
    sv_free(&s->schemas);
    for (int l = 0; l < SCOPE_LIST_COUNT; l++) {
        sv_free(&s->lists[l].schemas);
        sv_free(&s->lists[l].names);
    }
    sv_free(&s->extensions);
    strmap_free(&s->seen);
    memset(s, 0, sizeof *s);
}
