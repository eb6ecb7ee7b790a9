/* model.c: the predicted schema of a set of applied revisions (model.h).
 *
 * Building compiles every op into steps on numbered objects and attribute
 * slots, then runs every revision once ("recording") to note, per object,
 * the state each revision leaves it in. Those events feed the pins of
 * infer.c; a set is then checked exactly by running its steps.
 *
 * An event is only usable for a pin when its value is the same in every set
 * that contains its revision. Effects that read the state of other objects
 * (implicit drops, renames carrying dependants, IF [NOT] EXISTS) are so only
 * when every revision before it in topological order is its ancestor
 * (model.det); elsewhere they mark the object conditional, and it pins
 * nothing. */
#include "model.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ops.h"
#include "script.h"

#define RENAME_PASSES 16          /* bound on the fixpoint that carries objects through renames */
#define EVENT_BUDGET 8000000      /* events recorded before touch-everything ops stop being recorded */

struct av {
    size_t slot;
    const char *val;
};

struct mstep {
    unsigned char verb;    /* OP_CREATE .. OP_TOUCH */
    unsigned char global;  /* an OP_TOUCH of anything */
    unsigned flags;
    size_t rev;
    size_t obj, obj2;      /* the target; a rename's new object */
    size_t container;      /* the table the target sits on, which the op needs: MODEL_NONE */
    size_t first_av, n_av;
    size_t first_ref, n_ref; /* touch: matched objects; table rename: (from, to) pairs */
    const struct schema_op *src;
};

/* The op as the generic verbs see it. */
struct gop {
    enum op_kind verb;
    enum obj_kind obj;
    unsigned flags;
    const char *schema, *table, *name, *new_name, *attrs;
    const struct schema_op *src;
};

/* The first model's op kinds are generic verbs on four kinds. */
static const struct {
    enum op_kind kind, verb;
    enum obj_kind obj;
} first_model[] = {
    {OP_CREATE_TABLE, OP_CREATE, OBJ_TABLE},   {OP_DROP_TABLE, OP_DROP, OBJ_TABLE},
    {OP_RENAME_TABLE, OP_RENAME, OBJ_TABLE},   {OP_ADD_COLUMN, OP_CREATE, OBJ_COLUMN},
    {OP_DROP_COLUMN, OP_DROP, OBJ_COLUMN},     {OP_RENAME_COLUMN, OP_RENAME, OBJ_COLUMN},
    {OP_CREATE_INDEX, OP_CREATE, OBJ_INDEX},   {OP_DROP_INDEX, OP_DROP, OBJ_INDEX},
    {OP_CREATE_SCHEMA, OP_CREATE, OBJ_SCHEMA},
};

/* The attribute keys the implicit effects read. */
enum {
    K_TABLE, K_COLS, K_REFTABLE, K_REFCOLS, K_TYPE, K_CTYPE, K_PARTIAL,
    K_VALUES, K_VALUE_ADD, K_VALUE_BEFORE, K_VALUE_AFTER, K_VALUE_FROM, K_VALUE_TO, K_COUNT
};
static const char *const key_names[K_COUNT] = {"table", "cols", "reftable", "refcols", "type", "ctype", "partial",
                                               "values", "value_add", "value_before", "value_after",
                                               "value_from", "value_to"};

/* ---- implicit effects of a drop (PostgreSQL's dependency rules) ---- */

enum rel {
    REL_ON_TABLE,   /* sits on the dropped table */
    REL_HAS_COL,    /* an index or constraint over the dropped column */
    REL_SEQ_OF_COL, /* a sequence owned by the dropped column */
    REL_REFS_TABLE, /* a foreign key to the dropped table */
    REL_REFS_COL,   /* a foreign key to the dropped column */
    REL_HAS_TYPE,   /* a column of the dropped type */
    REL_IN_SCHEMA,  /* anything in the dropped schema */
    REL_ANY,        /* an object of that kind whose dependencies the model does not know */
};
enum fx {
    FX_GONE,        /* dropped with it */
    FX_CASCADE,     /* dropped only by CASCADE, and then the model cannot tell which: uncertain */
};
struct drop_rule {
    enum obj_kind dropped, dependant;
    enum rel rel;
    enum fx fx;
};
static const struct drop_rule drop_rules[] = {
    {OBJ_TABLE, OBJ_COLUMN, REL_ON_TABLE, FX_GONE},
    {OBJ_TABLE, OBJ_INDEX, REL_ON_TABLE, FX_GONE},
    {OBJ_TABLE, OBJ_CONSTRAINT, REL_ON_TABLE, FX_GONE},
    {OBJ_TABLE, OBJ_TRIGGER, REL_ON_TABLE, FX_GONE},
    {OBJ_TABLE, OBJ_SEQUENCE, REL_ON_TABLE, FX_GONE},
    {OBJ_TABLE, OBJ_CONSTRAINT, REL_REFS_TABLE, FX_CASCADE},
    {OBJ_TABLE, OBJ_VIEW, REL_ANY, FX_CASCADE},
    {OBJ_TABLE, OBJ_MATVIEW, REL_ANY, FX_CASCADE},
    {OBJ_COLUMN, OBJ_INDEX, REL_HAS_COL, FX_GONE},
    {OBJ_COLUMN, OBJ_CONSTRAINT, REL_HAS_COL, FX_GONE},
    {OBJ_COLUMN, OBJ_SEQUENCE, REL_SEQ_OF_COL, FX_GONE},
    {OBJ_COLUMN, OBJ_CONSTRAINT, REL_REFS_COL, FX_CASCADE},
    {OBJ_COLUMN, OBJ_VIEW, REL_ANY, FX_CASCADE},
    {OBJ_COLUMN, OBJ_MATVIEW, REL_ANY, FX_CASCADE},
    {OBJ_TYPE, OBJ_COLUMN, REL_HAS_TYPE, FX_CASCADE},
    {OBJ_TYPE, OBJ_FUNCTION, REL_ANY, FX_CASCADE},
    {OBJ_FUNCTION, OBJ_TRIGGER, REL_ANY, FX_CASCADE},
    {OBJ_VIEW, OBJ_VIEW, REL_ANY, FX_CASCADE},
    {OBJ_VIEW, OBJ_MATVIEW, REL_ANY, FX_CASCADE},
    {OBJ_MATVIEW, OBJ_VIEW, REL_ANY, FX_CASCADE},
    {OBJ_MATVIEW, OBJ_MATVIEW, REL_ANY, FX_CASCADE},
    {OBJ_EXTENSION, OBJ_COLUMN, REL_ANY, FX_CASCADE},
    {OBJ_EXTENSION, OBJ_INDEX, REL_ANY, FX_CASCADE},
    {OBJ_EXTENSION, OBJ_CONSTRAINT, REL_ANY, FX_CASCADE},
    {OBJ_EXTENSION, OBJ_FUNCTION, REL_ANY, FX_CASCADE},
    {OBJ_EXTENSION, OBJ_TYPE, REL_ANY, FX_CASCADE},
    {OBJ_EXTENSION, OBJ_VIEW, REL_ANY, FX_CASCADE},
    {OBJ_EXTENSION, OBJ_MATVIEW, REL_ANY, FX_CASCADE},
    {OBJ_EXTENSION, OBJ_TRIGGER, REL_ANY, FX_CASCADE},
    /* A schema is dropped only empty, or with CASCADE taking everything in it. */
    {OBJ_SCHEMA, OBJ_TABLE, REL_IN_SCHEMA, FX_GONE},
    {OBJ_SCHEMA, OBJ_COLUMN, REL_IN_SCHEMA, FX_GONE},
    {OBJ_SCHEMA, OBJ_INDEX, REL_IN_SCHEMA, FX_GONE},
    {OBJ_SCHEMA, OBJ_CONSTRAINT, REL_IN_SCHEMA, FX_GONE},
    {OBJ_SCHEMA, OBJ_TYPE, REL_IN_SCHEMA, FX_GONE},
    {OBJ_SCHEMA, OBJ_SEQUENCE, REL_IN_SCHEMA, FX_GONE},
    {OBJ_SCHEMA, OBJ_VIEW, REL_IN_SCHEMA, FX_GONE},
    {OBJ_SCHEMA, OBJ_MATVIEW, REL_IN_SCHEMA, FX_GONE},
    {OBJ_SCHEMA, OBJ_FUNCTION, REL_IN_SCHEMA, FX_GONE},
    {OBJ_SCHEMA, OBJ_TRIGGER, REL_IN_SCHEMA, FX_GONE},
};

enum { NO, YES, MAYBE };

/* ---- strings and identities ---- */

/* The one copy of a value, so that values compare by pointer; "?" and NULL
 * are unknown (NULL). */
static const char *intern(struct model *m, const char *s)
{
    if (!s || strcmp(s, "?") == 0)
        return NULL;
    size_t i;
    if (strmap_get(&m->strs, s, &i))
        return m->pool.v[i];
    sv_push(&m->pool, s);
    strmap_put(&m->strs, s, m->pool.n - 1);
    return m->pool.v[m->pool.n - 1];
}

static const char *intern_n(struct model *m, const char *s, size_t n)
{
    char *copy = xstrndup(s, n);
    const char *r = intern(m, copy);
    free(copy);
    return r;
}

static int in_table(enum obj_kind k)
{
    const struct obj_kind_info *i = obj_kind_info(k);
    return i && i->in_table;
}

/* Brings the identity to the form objects.h defines: a schema object's
 * name in schema, a table's in table, an index's table out of it. */
static void norm_identity(enum obj_kind kind, const char *dflt, const char **schema, const char **table,
                          const char **name)
{
    if (kind == OBJ_SCHEMA) {
        if (!*schema)
            *schema = *name;
        *table = *name = NULL;
        return;
    }
    if (kind == OBJ_EXTENSION) {
        *schema = *table = NULL;
        return;
    }
    if (!*schema)
        *schema = dflt;
    if (kind == OBJ_TABLE) {
        if (!*table)
            *table = *name;
        *name = NULL;
    } else if (!in_table(kind)) {
        *table = NULL;
    }
}

/* The hash key of a normalised identity. Built by hand: it runs once per op
 * and per catalog object. */
static char *object_key(enum obj_kind kind, const char *schema, const char *table, const char *name)
{
    const char *parts[3] = {schema, table, name};
    size_t total = 2;
    for (int i = 0; i < 3; i++)
        total += 1 + (parts[i] ? strlen(parts[i]) : 0);
    char *key = xmalloc(total), *p = key;
    *p++ = (char)('A' + (int)kind);
    for (int i = 0; i < 3; i++) {
        *p++ = '\x1f';
        size_t n = parts[i] ? strlen(parts[i]) : 0;
        memcpy(p, parts[i] ? parts[i] : "", n);
        p += n;
    }
    *p = '\0';
    return key;
}

char *model_describe(enum obj_kind kind, const char *schema, const char *table, const char *name)
{
    switch (kind) {
    case OBJ_SCHEMA:
        return xasprintf("schema %s", schema ? schema : name);
    case OBJ_TABLE:
        return xasprintf("table %s.%s", schema, table ? table : name);
    case OBJ_EXTENSION:
        return xasprintf("extension %s", name);
    default:
        break;
    }
    if (in_table(kind))
        return xasprintf("%s %s.%s.%s", obj_kind_name(kind), schema, table, name);
    return xasprintf("%s %s.%s", obj_kind_name(kind), schema, name);
}

size_t model_lookup(const struct model *m, enum obj_kind kind, const char *schema, const char *table,
                    const char *name)
{
    if ((unsigned)kind >= OBJ_KIND_COUNT)
        return MODEL_NONE;
    norm_identity(kind, m->dflt, &schema, &table, &name);
    char *key = object_key(kind, schema, table, name);
    size_t id;
    int found = strmap_get(&m->obj_ids, key, &id);
    free(key);
    return found ? id : MODEL_NONE;
}

/* ---- registering objects, tables and slots ---- */

static void push_id(size_t **v, size_t *n, size_t *cap, size_t id)
{
    xgrow(v, cap, *n + 1, sizeof **v);
    (*v)[(*n)++] = id;
}

static int on_list_has(const struct mtable *t, size_t id)
{
    for (size_t i = 0; i < t->n_on; i++)
        if (t->on[i] == id)
            return 1;
    return 0;
}

/* Returns 1 when id was added. */
static int on_list_add(struct model *m, size_t t, size_t id)
{
    struct mtable *mt = &m->tables[t];
    if (on_list_has(mt, id))
        return 0;
    push_id(&mt->on, &mt->n_on, &mt->cap_on, id);
    return 1;
}

static size_t table_entry(struct model *m, const char *schema, const char *table)
{
    char *key = xasprintf("%s\x1f%s", schema, table);
    size_t id;
    if (!strmap_get(&m->table_ids, key, &id)) {
        id = m->n_tables;
        xgrow(&m->tables, &m->cap_tables, m->n_tables + 1, sizeof *m->tables);
        memset(&m->tables[id], 0, sizeof m->tables[id]);
        m->tables[id].obj = MODEL_NONE;
        m->n_tables++;
        strmap_put(&m->table_ids, key, id);
    }
    free(key);
    return id;
}

/* The object with a normalised identity; *fresh says it is new. */
static size_t model_obj(struct model *m, enum obj_kind kind, const char *schema, const char *table,
                        const char *name, int *fresh)
{
    char *key = object_key(kind, schema, table, name);
    size_t id;
    *fresh = 0;
    if (strmap_get(&m->obj_ids, key, &id)) {
        free(key);
        return id;
    }
    *fresh = 1;
    id = m->n_objs;
    xgrow(&m->objs, &m->cap_objs, m->n_objs + 1, sizeof *m->objs);
    struct mobj *o = &m->objs[id];
    memset(o, 0, sizeof *o);
    o->kind = kind;
    o->schema = schema ? xstrdup(schema) : NULL;
    o->table = table ? xstrdup(table) : NULL;
    o->name = name ? xstrdup(name) : NULL;
    o->tinfo = MODEL_NONE;
    o->first_slot = MODEL_NONE;
    o->initial = ST_ABSENT;
    m->n_objs++;
    strmap_put(&m->obj_ids, key, id);
    free(key);
    push_id(&m->by_kind[kind], &m->n_by_kind[kind], &m->cap_by_kind[kind], id);
    if (kind == OBJ_TABLE || in_table(kind)) {
        size_t t = table_entry(m, schema, table);
        m->objs[id].tinfo = t;
        if (kind == OBJ_TABLE)
            m->tables[t].obj = id;
        else
            on_list_add(m, t, id);
    }
    return id;
}

/* A table object named by (schema, table), as a container: assumed, not created. */
static size_t table_obj(struct model *m, const char *schema, const char *table)
{
    int fresh;
    size_t id = model_obj(m, OBJ_TABLE, schema, table, NULL, &fresh);
    if (fresh)
        m->objs[id].initial = ST_BASE;
    return id;
}

static size_t slot_find(const struct model *m, size_t o, const char *key)
{
    for (size_t s = m->objs[o].first_slot; s != MODEL_NONE; s = m->slots[s].next)
        if (m->slots[s].key == key)
            return s;
    return MODEL_NONE;
}

static size_t slot_of(struct model *m, size_t o, const char *key)
{
    size_t s = slot_find(m, o, key);
    if (s != MODEL_NONE)
        return s;
    s = m->n_slots;
    xgrow(&m->slots, &m->cap_slots, m->n_slots + 1, sizeof *m->slots);
    m->slots[s] = (struct mslot){key, NULL, MODEL_NONE};
    m->n_slots++;
    /* Appended at the tail, so that slot order is stable for snapshots. */
    size_t *link = &m->objs[o].first_slot;
    while (*link != MODEL_NONE)
        link = &m->slots[*link].next;
    *link = s;
    m->objs[o].n_slots++;
    return s;
}

/* An interned string, or NULL when nothing ever interned it (a run interns
 * nothing). */
static const char *interned(const struct model *m, const char *s)
{
    size_t i;
    return strmap_get(&m->strs, s, &i) ? m->pool.v[i] : NULL;
}

static const char *key_str(const struct model *m, int k)
{
    return interned(m, key_names[k]);
}

/* Is seq the sequence PostgreSQL makes for a serial column (`TABLE_COLUMN_seq`)? */
static int serial_sequence_of(const char *seq, const char *table, const char *column)
{
    size_t tl = strlen(table), cl = strlen(column);
    return strncmp(seq, table, tl) == 0 && seq[tl] == '_' && strncmp(seq + tl + 1, column, cl) == 0 &&
           strcmp(seq + tl + 1 + cl, "_seq") == 0;
}

static const char *slot_val(const struct model *m, size_t o, int k)
{
    size_t s = slot_find(m, o, key_str(m, k));
    return s == MODEL_NONE ? NULL : m->val[s];
}

/* ---- compiling ops into steps ---- */

/* The candidates of implicit effects: an index or sequence under the table
 * it names, a foreign key under the table it references. */
static void note_association(struct model *m, size_t o, const char *key, const char *val)
{
    const struct mobj *ob = &m->objs[o];
    if (!val)
        return;
    if ((ob->kind == OBJ_INDEX || ob->kind == OBJ_SEQUENCE) && strcmp(key, "table") == 0) {
        on_list_add(m, table_entry(m, ob->schema, val), o);
    } else if (ob->kind == OBJ_CONSTRAINT && strcmp(key, "reftable") == 0) {
        const char *dot = strchr(val, '.');
        char *s = dot ? xstrndup(val, (size_t)(dot - val)) : xstrdup(ob->schema);
        on_list_add(m, table_entry(m, s, dot ? dot + 1 : val), o);
        free(s);
    }
}

static void compile_attrs(struct model *m, struct mstep *st, size_t o, const char *attrs)
{
    st->first_av = m->n_avs;
    const char *p = attrs, *k, *v;
    size_t kl, vl;
    while (attrs_next(&p, &k, &kl, &v, &vl)) {
        const char *key = intern_n(m, k, kl);
        if (!key)
            continue;
        const char *val = intern_n(m, v, vl);
        /* A foreign key's target named without a schema is in the default
         * one, where the catalog reader names it "schema.table". */
        if (val && strcmp(key, "reftable") == 0 && !memchr(v, '.', vl) && m->dflt) {
            char *q = xasprintf("%s.%.*s", m->dflt, (int)vl, v);
            val = intern(m, q);
            free(q);
        }
        xgrow(&m->avs, &m->cap_avs, m->n_avs + 1, sizeof *m->avs);
        m->avs[m->n_avs++] = (struct av){slot_of(m, o, key), val};
        note_association(m, o, key, val);
    }
    st->n_av = m->n_avs - st->first_av;
}

static void push_step(struct model *m, const struct mstep *st)
{
    xgrow(&m->steps, &m->cap_steps, m->n_steps + 1, sizeof *m->steps);
    m->steps[m->n_steps++] = *st;
}

/* A name longer than PostgreSQL keeps is stored cut (raw SQL: at 63 bytes;
 * names SQLAlchemy compiles are shortened its own way, which the extractor
 * knows and the model does not): returns 1 when *name was cut. */
static int fit_name(const char **name, char **owned)
{
    if (!*name || strlen(*name) <= PG_NAME_MAX)
        return 0;
    *owned = pg_truncate_name(*name);
    *name = *owned;
    return 1;
}

static void compile_gop(struct model *m, size_t rev, const struct gop *g)
{
    unsigned flags = g->flags;
    if (m->trust_guards && (flags & OPF_GUARDED))
        flags &= ~(unsigned)(OPF_MAYBE | OPF_GUARDED);
    struct mstep st = {.verb = (unsigned char)g->verb, .flags = flags, .rev = rev, .obj = MODEL_NONE,
                       .obj2 = MODEL_NONE, .container = MODEL_NONE, .src = g->src};
    if (flags & OPF_AT_IMPORT) {
        /* Not a step of the revision: the object may be there at any revision. */
        if (g->verb == OP_CREATE && (unsigned)g->obj < OBJ_KIND_COUNT) {
            const char *schema = g->schema, *table = g->table, *name = g->name;
            norm_identity(g->obj, m->dflt, &schema, &table, &name);
            if ((g->obj == OBJ_TABLE ? table : g->obj == OBJ_SCHEMA ? schema : name) &&
                (!in_table(g->obj) || table)) {
                int fresh;
                size_t o = model_obj(m, g->obj, schema, table, name, &fresh);
                if (fresh)
                    m->objs[o].initial = ST_BASE;
                m->objs[o].at_import = 1;
            }
        }
        return;
    }
    if (g->verb == OP_TOUCH || (unsigned)g->obj >= OBJ_KIND_COUNT) {
        /* Matched against every object once all are known (model_build). */
        st.verb = OP_TOUCH;
        st.global = (unsigned)g->obj >= OBJ_KIND_COUNT && !g->schema && !g->table && !g->name;
        push_step(m, &st);
        return;
    }
    const char *schema = g->schema, *table = g->table, *name = g->name;
    norm_identity(g->obj, m->dflt, &schema, &table, &name);
    if ((g->obj == OBJ_TABLE ? !table : g->obj == OBJ_SCHEMA ? !schema : !name) ||
        (in_table(g->obj) && !table))
        return; /* no identity to speak of */
    char *cut[3] = {NULL, NULL, NULL};
    int long_name = fit_name(&schema, &cut[0]) | fit_name(&table, &cut[1]) | fit_name(&name, &cut[2]);
    int fresh;
    st.obj = model_obj(m, g->obj, schema, table, name, &fresh);
    m->objs[st.obj].long_name |= (unsigned char)long_name;
    /* A guessed name is no doubt that the op runs: the object did not exist before it. */
    int guessed = (flags & OPF_NAME_GUESSED) && !(flags & OPF_GUARDED);
    int plain = !(flags & (OPF_IF_NOT_EXISTS | OPF_OR_REPLACE)) && (!(flags & OPF_MAYBE) || guessed);
    if (fresh) {
        m->objs[st.obj].initial = g->verb == OP_CREATE && plain ? ST_ABSENT : ST_BASE;
        m->objs[st.obj].made_first = g->verb == OP_CREATE && plain;
        m->objs[st.obj].create_first = g->verb == OP_CREATE;
        m->objs[st.obj].guarded_start = g->verb == OP_CREATE && !plain && g->obj == OBJ_TABLE;
    }
    if (g->verb == OP_CREATE)
        m->objs[st.obj].created = 1;
    if (in_table(g->obj))
        st.container = table_obj(m, schema, table);
    compile_attrs(m, &st, st.obj, g->attrs);
    if (g->obj == OBJ_INDEX) {
        char tname[256];
        if (attrs_get(g->attrs, "table", tname, sizeof tname) && strcmp(tname, "?") != 0)
            st.container = table_obj(m, schema, tname);
    }
    if (g->verb == OP_RENAME && g->new_name) {
        const char *s2 = schema, *t2 = table, *n2 = g->new_name;
        if (g->obj == OBJ_TABLE) {
            t2 = g->new_name;
            n2 = NULL;
        } else if (g->obj == OBJ_SCHEMA) {
            s2 = g->new_name;
            n2 = NULL;
        }
        char *cut2 = NULL;
        int long2 = g->obj == OBJ_TABLE ? fit_name(&t2, &cut2) : g->obj == OBJ_SCHEMA ? fit_name(&s2, &cut2)
                                                                                   : fit_name(&n2, &cut2);
        st.obj2 = model_obj(m, g->obj, s2, t2, n2, &fresh);
        m->objs[st.obj2].created = 1;
        m->objs[st.obj2].long_name |= (unsigned char)long2;
        free(cut2);
    }
    push_step(m, &st);
    for (int i = 0; i < 3; i++)
        free(cut[i]);
}

/* PostgreSQL makes the columns of a primary key NOT NULL, and dropping the
 * key later leaves them so (CKAN's create_primary_key on a nullable column). */
static void mark_primary_key_columns(struct model *m, size_t rev, const struct gop *g)
{
    char ctype[4], cols[1024];
    if (g->verb != OP_CREATE || g->obj != OBJ_CONSTRAINT || !g->table ||
        !attrs_get(g->attrs, "ctype", ctype, sizeof ctype) || strcmp(ctype, "p") != 0 ||
        !attrs_get(g->attrs, "cols", cols, sizeof cols) || strcmp(cols, "?") == 0)
        return;
    char *save = NULL;
    for (char *col = strtok_r(cols, ",", &save); col; col = strtok_r(NULL, ",", &save)) {
        struct gop c = {OP_ALTER, OBJ_COLUMN, g->flags & (OPF_MAYBE | OPF_GUARDED | OPF_AT_IMPORT),
                        g->schema, g->table, col, NULL, "notnull=t", g->src};
        compile_gop(m, rev, &c);
    }
}

static void compile_op(struct model *m, size_t rev, const struct schema_op *op)
{
    struct gop g = {op->kind, op->obj, op->flags, op->schema, op->table, op->name, op->new_name, op->attrs, op};
    for (size_t i = 0; i < sizeof first_model / sizeof first_model[0]; i++) {
        if (first_model[i].kind == op->kind) {
            g.verb = first_model[i].verb;
            g.obj = first_model[i].obj;
            /* Of the older kinds only these two carry an object's attributes. */
            if (op->kind != OP_ADD_COLUMN && op->kind != OP_CREATE_INDEX)
                g.attrs = NULL;
        }
    }
    char *owned = NULL;
    if (g.obj == OBJ_INDEX && op->table && !attrs_get(g.attrs, "table", NULL, 0)) {
        owned = g.attrs ? xstrdup(g.attrs) : NULL;
        attrs_set(&owned, "table", op->table);
        g.attrs = owned;
        if (g.verb != OP_CREATE)
            g.attrs = NULL; /* a drop names the table to find the index, it sets nothing */
    }
    compile_gop(m, rev, &g);
    free(owned);
    mark_primary_key_columns(m, rev, &g);
    /* A create_table's columns, in the older kind or the verb (a maybe one
     * carries them too, with its flags). A table made only if missing
     * (a guard, if_not_exists) may have been there with other columns:
     * its columns may or may not be these. */
    if (op->kind == OP_CREATE_TABLE || (g.verb == OP_CREATE && g.obj == OBJ_TABLE)) {
        unsigned col_flags = g.flags & OPF_IF_NOT_EXISTS ? (g.flags & ~(unsigned)OPF_IF_NOT_EXISTS) | OPF_MAYBE
                                                         : g.flags;
        for (size_t i = 0; i < op->n_columns; i++) {
            struct gop c = {OP_CREATE, OBJ_COLUMN, col_flags, op->schema, op->table, op->columns[i], NULL,
                            op->column_attrs ? op->column_attrs[i] : NULL, op};
            compile_gop(m, rev, &c);
        }
    }
}

/* ---- after compiling: renames, touches, determinism ---- */

static int same(const char *a, const char *b)
{
    return a && b && strcmp(a, b) == 0;
}

static void push_ref(struct model *m, size_t id)
{
    push_id(&m->refs, &m->n_refs, &m->cap_refs, id);
}

/* Puts joiner on every table list o is on but except's: whether any
 * changed. */
static int join_lists_of(struct model *m, size_t o, size_t joiner, size_t except)
{
    int changed = 0;
    for (size_t t = 0; t < m->n_tables; t++)
        if (t != except && on_list_has(&m->tables[t], o))
            changed |= on_list_add(m, t, joiner);
    return changed;
}

/* Whether an unread statement may have given the table objects of that
 * kind under any name: a wildcard touch on it (CREATE TABLE .. AS, LIKE,
 * PARTITION OF), or a touch of anything named after it (a create_table
 * whose arguments the gate cannot read: Airflow's `__airflow_tmp_xcom`). */
static int touched_any_of_kind(const struct model *m, enum obj_kind kind, const char *schema, const char *table)
{
    for (size_t i = 0; i < m->n_steps; i++) {
        const struct mstep *st = &m->steps[i];
        const struct schema_op *p = st->src;
        if (st->verb != OP_TOUCH || st->global || !p || (p->schema && !same(p->schema, schema)))
            continue;
        if (p->obj == kind && !p->name && p->table && strcmp(p->table, table) == 0)
            return 1;
        if ((unsigned)p->obj >= OBJ_KIND_COUNT && !p->table && p->name && strcmp(p->name, table) == 0)
            return 1;
    }
    return 0;
}

/* A table built from a query and renamed onto the name of one it replaces
 * (Airflow's `CREATE TABLE new_task_instance AS SELECT ...`, then
 * task_instance dropped and the copy renamed) may have any column the
 * replaced table had: those get ids on the copy, for its touch to reach
 * and the rename to carry. Whether any was new. */
static int copy_names_back(struct model *m, size_t from, size_t to)
{
    int changed = 0;
    const struct mobj *ft = &m->objs[m->tables[from].obj];
    char *schema = ft->schema ? xstrdup(ft->schema) : NULL, *table = xstrdup(ft->table);
    int kinds[OBJ_KIND_COUNT] = {0};
    for (int k = 0; k < OBJ_KIND_COUNT; k++)
        kinds[k] = in_table((enum obj_kind)k) && touched_any_of_kind(m, (enum obj_kind)k, schema, table);
    for (size_t k = 0; k < m->tables[to].n_on; k++) {
        size_t o = m->tables[to].on[k];
        if (!kinds[m->objs[o].kind] || m->objs[o].tinfo != to)
            continue;
        int fresh;
        char *name = xstrdup(m->objs[o].name);
        model_obj(m, m->objs[o].kind, schema, table, name, &fresh);
        free(name);
        changed |= fresh;
    }
    free(schema);
    free(table);
    return changed;
}

/* Objects on a renamed table get ids under the new name (in-table kinds) or
 * join its candidate list; repeated so that chains of renames carry them. */
static void close_renames(struct model *m)
{
    for (int pass = 0, changed = 1; changed && pass < RENAME_PASSES; pass++) {
        changed = 0;
        for (size_t i = 0; i < m->n_steps; i++) {
            const struct mstep *st = &m->steps[i];
            if (st->verb != OP_RENAME || st->obj2 == MODEL_NONE)
                continue;
            if (m->objs[st->obj].kind != OBJ_TABLE) {
                /* A renamed index or sequence sits on the tables the old
                 * name sat on: dropping them drops it (prefect's `ALTER
                 * INDEX ... RENAME TO`, then its table dropped); a renamed
                 * foreign key is on the list of the table it references, so
                 * renaming that table carries it (mwdb renames the
                 * constraint first). */
                if (!in_table(m->objs[st->obj].kind) || m->objs[st->obj].kind == OBJ_CONSTRAINT)
                    changed |= join_lists_of(m, st->obj, st->obj2, MODEL_NONE);
                continue;
            }
            size_t from = m->objs[st->obj].tinfo, to = m->objs[st->obj2].tinfo;
            changed |= copy_names_back(m, from, to);
            for (size_t k = 0; k < m->tables[from].n_on; k++) {
                size_t o = m->tables[from].on[k];
                if (in_table(m->objs[o].kind) && m->objs[o].tinfo == from) {
                    int fresh;
                    char *name = xstrdup(m->objs[o].name);
                    size_t moved = model_obj(m, m->objs[o].kind, m->objs[o].schema, m->objs[st->obj2].table,
                                             name, &fresh);
                    free(name);
                    m->objs[moved].created = 1;
                    changed |= fresh;
                    /* A foreign key moved with its table still references
                     * what it did: on that table's list too. */
                    if (m->objs[o].kind == OBJ_CONSTRAINT)
                        changed |= join_lists_of(m, o, moved, from);
                } else {
                    changed |= on_list_add(m, to, o);
                }
            }
        }
    }
    /* The (from, to) pairs each table rename moves, and the slots the
     * renamed objects carry. */
    for (size_t i = 0; i < m->n_steps; i++) {
        struct mstep *st = &m->steps[i];
        if (st->verb != OP_RENAME || st->obj2 == MODEL_NONE)
            continue;
        st->first_ref = m->n_refs;
        if (m->objs[st->obj].kind == OBJ_INDEX) {
            /* ALTER INDEX ... RENAME renames the constraint the index backs
             * (a primary key, unique or exclusion constraint of that name). */
            /* model_obj may move m->objs: names are copied first. */
            size_t ix = st->obj, n_cons = m->n_by_kind[OBJ_CONSTRAINT];
            for (size_t k = 0; k < n_cons; k++) {
                size_t o = m->by_kind[OBJ_CONSTRAINT][k];
                if (!same(m->objs[o].schema, m->objs[ix].schema) || !same(m->objs[o].name, m->objs[ix].name))
                    continue;
                int fresh;
                char *schema = m->objs[o].schema ? xstrdup(m->objs[o].schema) : NULL;
                char *table = m->objs[o].table ? xstrdup(m->objs[o].table) : NULL;
                char *name = xstrdup(m->objs[st->obj2].name);
                size_t to = model_obj(m, OBJ_CONSTRAINT, schema, table, name, &fresh);
                free(schema);
                free(table);
                free(name);
                m->objs[to].created = 1;
                push_ref(m, o);
                push_ref(m, to);
            }
        } else if (m->objs[st->obj].kind == OBJ_TABLE) {
            size_t from = m->objs[st->obj].tinfo;
            for (size_t k = 0; k < m->tables[from].n_on; k++) {
                size_t o = m->tables[from].on[k];
                if (!in_table(m->objs[o].kind) || m->objs[o].tinfo != from)
                    continue;
                size_t to = model_lookup(m, m->objs[o].kind, m->objs[o].schema, m->objs[st->obj2].table,
                                         m->objs[o].name);
                push_ref(m, o);
                push_ref(m, to);
            }
        }
        st->n_ref = m->n_refs - st->first_ref;
    }
    for (int pass = 0, changed = 1; changed && pass < RENAME_PASSES; pass++) {
        changed = 0;
        for (size_t i = 0; i < m->n_steps; i++) {
            const struct mstep *st = &m->steps[i];
            if (st->verb != OP_RENAME || st->obj2 == MODEL_NONE)
                continue;
            for (size_t k = 0; k <= st->n_ref; k += 2) {
                size_t a = k < st->n_ref ? m->refs[st->first_ref + k] : st->obj;
                size_t b = k < st->n_ref ? m->refs[st->first_ref + k + 1] : st->obj2;
                for (size_t s = m->objs[a].first_slot; s != MODEL_NONE; s = m->slots[s].next) {
                    if (slot_find(m, b, m->slots[s].key) == MODEL_NONE) {
                        slot_of(m, b, m->slots[s].key);
                        changed = 1;
                    }
                }
            }
        }
    }
}

/* Does an OP_TOUCH pattern (NULL fields are wildcards) match an object? */
static int touch_matches(const struct schema_op *p, enum obj_kind kind, const char *schema, const char *table,
                         const char *name)
{
    if (p->schema && (!schema || strcmp(p->schema, schema) != 0))
        return 0;
    if ((unsigned)p->obj < OBJ_KIND_COUNT) {
        if (kind != p->obj)
            return 0;
        const char *pt = p->table, *pn = p->name;
        if (kind == OBJ_TABLE) {
            pt = pt ? pt : pn;
            pn = NULL;
        }
        if (pt && (kind == OBJ_TABLE || in_table(kind)) && (!table || strcmp(pt, table) != 0))
            return 0;
        return !pn || (name && strcmp(pn, name) == 0);
    }
    if (p->table && (!table || strcmp(p->table, table) != 0))
        return 0;
    if (p->name)
        return (name && strcmp(p->name, name) == 0) || (table && strcmp(p->name, table) == 0);
    return 1;
}

static void match_touches(struct model *m)
{
    for (size_t i = 0; i < m->n_steps; i++) {
        struct mstep *st = &m->steps[i];
        if (st->verb != OP_TOUCH || st->global)
            continue;
        st->first_ref = m->n_refs;
        for (size_t o = 0; o < m->n_objs; o++) {
            const struct mobj *ob = &m->objs[o];
            if (touch_matches(st->src, ob->kind, ob->schema, ob->table, ob->name))
                push_ref(m, o);
        }
        st->n_ref = m->n_refs - st->first_ref;
        m->n_named_touches++;
    }
}

int model_touch_mentions(const struct model *m, const struct db_object *o)
{
    if (!m->n_named_touches)
        return 0;
    for (size_t i = 0; i < m->n_steps; i++) {
        const struct mstep *st = &m->steps[i];
        if (st->verb == OP_TOUCH && !st->global &&
            touch_matches(st->src, o->kind, o->schema, o->table, o->name))
            return 1;
    }
    return 0;
}

/* A touched name an f-string spelt around a field it could not evaluate
 * (the field reads as "_": f"{table_prefix}audit_logs" touches
 * "_audit_logs"; fief): the object's real name holds it. */
static int partial_name(const char *n)
{
    size_t len = n ? strlen(n) : 0;
    return len >= 4 && (n[0] == '_' || n[len - 1] == '_');
}

int model_partial_names(const struct model *m, const char *relname)
{
    for (size_t i = 0; i < m->n_steps; i++) {
        const struct mstep *st = &m->steps[i];
        if (st->verb == OP_TOUCH && !st->global && st->src && partial_name(st->src->name) &&
            (!relname || strstr(relname, st->src->name)))
            return 1;
    }
    return 0;
}

/* Whether two attribute strings agree on key: both have it, and the same
 * value unless one is "?". */
static int agree_on(const char *a, const char *b, const char *key)
{
    char va[1024], vb[1024];
    if (!attrs_get(a, key, va, sizeof va) || !attrs_get(b, key, vb, sizeof vb))
        return 0;
    return strcmp(va, "?") == 0 || strcmp(vb, "?") == 0 || strcmp(va, vb) == 0;
}

int model_guess_may_be(const struct model *m, const struct db_object *o)
{
    if (o->kind != OBJ_CONSTRAINT || !o->table)
        return 0;
    for (size_t i = 0; i < m->n_steps; i++) {
        const struct mstep *st = &m->steps[i];
        const struct mobj *g = &m->objs[st->obj];
        /* kind and columns: a reference's table is spelt with or without
         * its schema on the two sides */
        if (st->verb == OP_CREATE && (st->flags & OPF_NAME_GUESSED) && g->kind == OBJ_CONSTRAINT && !g->observed &&
            same(g->schema, o->schema) && same(g->table, o->table) && st->src &&
            agree_on(st->src->attrs, o->attrs, "ctype") &&
            (!attrs_get(st->src->attrs, "cols", NULL, 0) || agree_on(st->src->attrs, o->attrs, "cols")))
            return 1;
    }
    return 0;
}

/* det[r]: every revision before r in topological order is an ancestor of r,
 * so the state r starts from is the same in every set that contains it.
 * True exactly when every head of the prefix before r is a parent of r. */
static void compute_det(struct model *m)
{
    const struct graph *g = m->g;
    unsigned char *is_head = xcalloc(g->n ? g->n : 1, 1);
    size_t n_heads = 0;
    m->det = xcalloc(g->n ? g->n : 1, 1);
    for (size_t k = 0; k < g->n; k++) {
        size_t r = g->order[k];
        const struct rev_node *nd = &g->nodes[r];
        size_t hit = 0;
        for (size_t i = 0; i < nd->n_parents; i++)
            hit += is_head[nd->parents[i]];
        for (size_t i = 0; i < nd->n_deps; i++)
            hit += is_head[nd->deps[i]];
        m->det[r] = hit == n_heads;
        for (size_t pass = 0; pass < 2; pass++) {
            size_t *list = pass ? nd->deps : nd->parents;
            size_t cnt = pass ? nd->n_deps : nd->n_parents;
            for (size_t i = 0; i < cnt; i++) {
                if (is_head[list[i]]) {
                    is_head[list[i]] = 0;
                    n_heads--;
                }
            }
        }
        is_head[r] = 1;
        n_heads++;
    }
    free(is_head);
}

/* ---- running ---- */

/* An object changed (or was looked at by an effect that depends on the
 * state: dependent) in the current revision. */
static void note(struct model *m, size_t o, int dependent)
{
    if (!m->recording)
        return;
    if (dependent && !m->det[m->cur_rev])
        m->objs[o].conditional = 1;
    if (!m->is_dirty[o]) {
        m->is_dirty[o] = 1;
        m->dirty[m->n_dirty++] = o;
    }
}

/* An effect looked at o and left it as it was; in another set it might not
 * have. */
static void looked(struct model *m, size_t o)
{
    if (m->recording && !m->det[m->cur_rev])
        m->objs[o].conditional = 1;
}

static void clear_slots(struct model *m, size_t o)
{
    for (size_t s = m->objs[o].first_slot; s != MODEL_NONE; s = m->slots[s].next)
        m->val[s] = NULL;
}

static void put_state(struct model *m, size_t o, int st, int dependent)
{
    m->st[o] = (unsigned char)st;
    if (st == ST_ABSENT) {
        clear_slots(m, o);
        m->unsure[o] = 0;
    }
    note(m, o, dependent);
}

static void make_uncertain(struct model *m, size_t o, int dependent)
{
    m->st[o] = ST_UNCERTAIN;
    m->unsure[o] = 1;
    clear_slots(m, o);
    note(m, o, dependent);
}

static void assign(struct model *m, const struct mstep *st, int unknown)
{
    for (size_t i = 0; i < st->n_av; i++) {
        const struct av *a = &m->avs[st->first_av + i];
        m->val[a->slot] = unknown ? NULL : a->val;
    }
}

/* Does a ","-joined list hold name? MAYBE when the list is unknown. */
static int list_has(const char *list, const char *name)
{
    if (!list || !name)
        return MAYBE;
    size_t n = strlen(name);
    for (const char *p = list; *p;) {
        const char *end = strchr(p, ',');
        size_t len = end ? (size_t)(end - p) : strlen(p);
        if (len == n && memcmp(p, name, n) == 0)
            return YES;
        if (!end)
            break;
        p = end + 1;
    }
    return NO;
}

static int on_table(const struct model *m, size_t d, size_t t)
{
    const struct mobj *ob = &m->objs[d];
    if (in_table(ob->kind))
        return ob->tinfo == t ? YES : NO;
    if (ob->kind != OBJ_INDEX && ob->kind != OBJ_SEQUENCE)
        return NO;
    const char *v = slot_val(m, d, K_TABLE);
    if (!v)
        return ob->kind == OBJ_INDEX ? MAYBE : NO; /* a sequence without an owner is free-standing */
    if (m->tables[t].obj == MODEL_NONE)
        return MAYBE;
    const struct mobj *tb = &m->objs[m->tables[t].obj];
    return strcmp(v, tb->table) == 0 && same(ob->schema, tb->schema) ? YES : NO;
}

static int both(int a, int b)
{
    if (a == NO || b == NO)
        return NO;
    return a == YES && b == YES ? YES : MAYBE;
}

static int refs_table(const struct model *m, size_t d, const struct mobj *tb)
{
    if (m->objs[d].kind != OBJ_CONSTRAINT)
        return NO;
    const char *ct = slot_val(m, d, K_CTYPE);
    if (ct && strcmp(ct, "f") != 0)
        return NO;
    const char *rt = slot_val(m, d, K_REFTABLE);
    if (!rt)
        return MAYBE;
    char *want = xasprintf("%s.%s", tb->schema, tb->table);
    int r = strcmp(rt, want) == 0 ? YES : NO;
    free(want);
    return r;
}

/* How d relates to the dropped object x under a rule. */
static int relation(const struct model *m, const struct drop_rule *rule, size_t x, size_t d)
{
    const struct mobj *xo = &m->objs[x], *dob = &m->objs[d];
    const struct mobj *tb = xo->tinfo != MODEL_NONE && m->tables[xo->tinfo].obj != MODEL_NONE
                                ? &m->objs[m->tables[xo->tinfo].obj]
                                : NULL;
    switch (rule->rel) {
    case REL_ON_TABLE:
        return on_table(m, d, xo->tinfo);
    case REL_HAS_COL: {
        int cols = list_has(slot_val(m, d, K_COLS), xo->name);
        if (cols == NO && same(slot_val(m, d, K_PARTIAL), "t"))
            cols = MAYBE; /* its WHERE may use the column */
        return both(on_table(m, d, xo->tinfo), cols);
    }
    case REL_SEQ_OF_COL: {
        if (on_table(m, d, xo->tinfo) != YES)
            return NO;
        return serial_sequence_of(dob->name, xo->table, xo->name) ? YES : MAYBE;
    }
    case REL_REFS_TABLE:
        return tb ? refs_table(m, d, tb) : MAYBE;
    case REL_REFS_COL:
        return tb ? both(refs_table(m, d, tb), list_has(slot_val(m, d, K_REFCOLS), xo->name)) : MAYBE;
    case REL_HAS_TYPE: {
        const char *t = slot_val(m, d, K_TYPE);
        if (!t)
            return MAYBE;
        size_t n = strlen(xo->name);
        return strncmp(t, xo->name, n) == 0 && (t[n] == '\0' || t[n] == '[') ? YES : NO;
    }
    case REL_IN_SCHEMA:
        return same(dob->schema, xo->schema) ? YES : NO;
    case REL_ANY:
        return YES;
    }
    return MAYBE;
}

static void drop_dependants(struct model *m, const struct mstep *st, int certain)
{
    size_t x = st->obj;
    enum obj_kind kind = m->objs[x].kind;
    for (size_t r = 0; r < sizeof drop_rules / sizeof drop_rules[0]; r++) {
        const struct drop_rule *rule = &drop_rules[r];
        if (rule->dropped != kind || (rule->fx == FX_CASCADE && !(st->flags & OPF_CASCADE)))
            continue;
        int use_on = rule->rel == REL_ON_TABLE || rule->rel == REL_HAS_COL || rule->rel == REL_SEQ_OF_COL;
        size_t t = m->objs[x].tinfo;
        if (use_on && t == MODEL_NONE)
            continue;
        const size_t *cand = use_on ? m->tables[t].on : m->by_kind[rule->dependant];
        size_t n = use_on ? m->tables[t].n_on : m->n_by_kind[rule->dependant];
        for (size_t i = 0; i < n; i++) {
            size_t d = cand[i];
            if (d == x || m->objs[d].kind != rule->dependant)
                continue;
            int rel = relation(m, rule, x, d);
            if (rel == NO || m->st[d] == ST_ABSENT) {
                looked(m, d);
                continue;
            }
            if (rel == YES && certain && rule->fx == FX_GONE)
                put_state(m, d, ST_ABSENT, 1);
            else
                make_uncertain(m, d, 1);
        }
    }
}

static void do_create(struct model *m, const struct mstep *st)
{
    size_t o = st->obj;
    if ((st->flags & OPF_NAME_GUESSED) && !(st->flags & OPF_GUARDED) && m->st[o] == ST_ABSENT) {
        /* Made under this name or another: either way, not with other values
         * (under an early return, only once the guard is read as not taken). */
        clear_slots(m, o);
        assign(m, st, 0);
        m->unsure[o] = 1;
        put_state(m, o, ST_EITHER, 0);
        return;
    }
    if (st->flags & OPF_MAYBE) {
        make_uncertain(m, o, 0);
        return;
    }
    if ((st->flags & OPF_IF_NOT_EXISTS) && m->st[o] != ST_ABSENT) {
        /* Left as it was if it existed; what it holds then is unknown unless the model made it. */
        if (m->st[o] != ST_PRESENT)
            clear_slots(m, o);
        m->st[o] = ST_PRESENT;
        note(m, o, 1);
        return;
    }
    clear_slots(m, o);
    assign(m, st, 0);
    m->unsure[o] = 0;
    put_state(m, o, ST_PRESENT, (st->flags & OPF_IF_NOT_EXISTS) != 0);
}

/* DROP SEQUENCE ... CASCADE takes the default that calls nextval() on it
 * off the serial column it was made for (`TABLE_COLUMN_seq`), and leaves
 * the column: fides turns serial ids into strings so. */
static void drop_serial_default(struct model *m, const struct mstep *st, int certain)
{
    const struct mobj *seq = &m->objs[st->obj];
    const char *key = interned(m, "default");
    if (seq->kind != OBJ_SEQUENCE || !(st->flags & OPF_CASCADE) || !key)
        return;
    const char *no_default = certain ? interned(m, "f") : NULL;
    for (size_t i = 0; i < m->n_by_kind[OBJ_COLUMN]; i++) {
        size_t c = m->by_kind[OBJ_COLUMN][i];
        const struct mobj *col = &m->objs[c];
        if (m->st[c] == ST_ABSENT || !same(col->schema, seq->schema) ||
            !serial_sequence_of(seq->name, col->table, col->name))
            continue;
        size_t slot = slot_find(m, c, key);
        if (slot != MODEL_NONE) {
            m->val[slot] = no_default;
            note(m, c, 1);
        }
    }
}

static void do_drop(struct model *m, const struct mstep *st)
{
    size_t o = st->obj;
    int prior = m->st[o];
    drop_serial_default(m, st, !(st->flags & OPF_MAYBE));
    if (st->flags & OPF_MAYBE) {
        make_uncertain(m, o, 0);
        drop_dependants(m, st, 0);
        return;
    }
    if ((st->flags & OPF_IF_EXISTS) && (prior == ST_BASE || prior == ST_UNCERTAIN)) {
        /* No evidence either way: it may never have existed. */
        make_uncertain(m, o, 1);
        drop_dependants(m, st, 0);
        return;
    }
    put_state(m, o, ST_ABSENT, (st->flags & OPF_IF_EXISTS) != 0);
    drop_dependants(m, st, 1);
}

/* Copies a's state and values into b and leaves a absent. */
static void move_obj(struct model *m, size_t a, size_t b, int dependent)
{
    int prior = m->st[a];
    clear_slots(m, b);
    for (size_t s = m->objs[a].first_slot; s != MODEL_NONE; s = m->slots[s].next) {
        size_t t = slot_find(m, b, m->slots[s].key);
        if (t != MODEL_NONE)
            m->val[t] = m->val[s];
    }
    /* The renamed object itself was there, whatever the model thought; what
     * sat on a renamed table moves as it was (a column dropped or renamed
     * away before stays gone under the new table name). */
    m->st[b] = (unsigned char)((prior == ST_ABSENT || prior == ST_EITHER) && !dependent ? ST_PRESENT : prior);
    m->unsure[b] = m->unsure[a];
    note(m, b, dependent || prior == ST_BASE || prior == ST_UNCERTAIN);
    put_state(m, a, ST_ABSENT, 0);
}

/* Replaces one name in a slot's ","-joined list (or equal value). */
static void rename_in_slot(struct model *m, size_t d, int k, const char *from, const char *to, int whole)
{
    size_t s = slot_find(m, d, key_str(m, k));
    if (s == MODEL_NONE || !m->val[s]) {
        looked(m, d);
        return;
    }
    const char *v = m->val[s];
    if (whole ? strcmp(v, from) != 0 : list_has(v, from) != YES) {
        looked(m, d);
        return;
    }
    if (whole) {
        m->val[s] = intern(m, to);
        note(m, d, 1);
        return;
    }
    struct strbuf b = {0};
    size_t n = strlen(from);
    for (const char *p = v; *p;) {
        const char *end = strchr(p, ',');
        size_t len = end ? (size_t)(end - p) : strlen(p);
        if (b.len)
            sb_appendc(&b, ',');
        if (len == n && memcmp(p, from, n) == 0)
            sb_append(&b, to);
        else
            sb_appendn(&b, p, len);
        if (!end)
            break;
        p = end + 1;
    }
    m->val[s] = intern(m, b.s ? b.s : "");
    sb_free(&b);
    note(m, d, 1);
}

/* Renaming keeps the names of what sits on a table or uses a column: their
 * table, cols and foreign-key attributes follow. */
static void rename_carry(struct model *m, const struct mstep *st)
{
    const struct mobj *a = &m->objs[st->obj], *b = &m->objs[st->obj2];
    if (a->kind == OBJ_INDEX) {
        for (size_t i = 0; i + 1 < st->n_ref; i += 2)
            if (m->st[m->refs[st->first_ref + i]] != ST_ABSENT)
                move_obj(m, m->refs[st->first_ref + i], m->refs[st->first_ref + i + 1], 1);
    } else if (a->kind == OBJ_TABLE) {
        for (size_t i = 0; i + 1 < st->n_ref; i += 2)
            move_obj(m, m->refs[st->first_ref + i], m->refs[st->first_ref + i + 1], 1);
        /* The new name's list holds everything the old one did (close_renames). */
        const struct mtable *t = &m->tables[b->tinfo];
        char *from_ref = xasprintf("%s.%s", a->schema, a->table), *to_ref = xasprintf("%s.%s", b->schema, b->table);
        for (size_t i = 0; i < t->n_on; i++) {
            size_t d = t->on[i];
            enum obj_kind k = m->objs[d].kind;
            if ((k == OBJ_INDEX || k == OBJ_SEQUENCE) && same(m->objs[d].schema, a->schema))
                rename_in_slot(m, d, K_TABLE, a->table, b->table, 1);
            else if (k == OBJ_CONSTRAINT)
                rename_in_slot(m, d, K_REFTABLE, from_ref, to_ref, 1);
        }
        free(from_ref);
        free(to_ref);
    } else if (a->kind == OBJ_COLUMN && a->tinfo != MODEL_NONE) {
        const struct mtable *t = &m->tables[a->tinfo];
        const struct mobj *tb = t->obj != MODEL_NONE ? &m->objs[t->obj] : NULL;
        for (size_t i = 0; i < t->n_on; i++) {
            size_t d = t->on[i];
            enum obj_kind k = m->objs[d].kind;
            if ((k == OBJ_INDEX || k == OBJ_CONSTRAINT) && on_table(m, d, a->tinfo) != NO)
                rename_in_slot(m, d, K_COLS, a->name, b->name, 0);
            if (k == OBJ_CONSTRAINT && tb && refs_table(m, d, tb) == YES)
                rename_in_slot(m, d, K_REFCOLS, a->name, b->name, 0);
        }
    } else if (a->kind == OBJ_TYPE) {
        for (size_t i = 0; i < m->n_by_kind[OBJ_COLUMN]; i++)
            rename_in_slot(m, m->by_kind[OBJ_COLUMN][i], K_TYPE, a->name, b->name, 1);
    }
}

static void do_rename(struct model *m, const struct mstep *st)
{
    if (st->obj2 == MODEL_NONE)
        return;
    if (st->flags & OPF_MAYBE) {
        make_uncertain(m, st->obj, 0);
        make_uncertain(m, st->obj2, 0);
        for (size_t i = 0; i < st->n_ref; i++)
            make_uncertain(m, m->refs[st->first_ref + i], 0);
        return;
    }
    move_obj(m, st->obj, st->obj2, 0);
    rename_carry(m, st);
}

/* ALTER TYPE ... ADD VALUE / RENAME VALUE (sql.h's value_* attributes):
 * the type's label list follows when it was known before, as PostgreSQL
 * orders it; else it stays unknown. */
static void change_enum_labels(struct model *m, const struct mstep *st, const char *prev)
{
    const char *v[K_COUNT] = {NULL};
    for (size_t i = 0; i < st->n_av; i++) {
        const struct av *a = &m->avs[st->first_av + i];
        for (int k = K_VALUE_ADD; k <= K_VALUE_TO; k++)
            if (m->slots[a->slot].key == key_str(m, k))
                v[k] = a->val;
    }
    size_t vs = slot_find(m, st->obj, key_str(m, K_VALUES));
    if (vs == MODEL_NONE || (!v[K_VALUE_ADD] && !v[K_VALUE_FROM]))
        return;
    m->val[vs] = NULL;
    if (!prev)
        return;
    struct strvec labels = {0};
    char *copy = xstrdup(prev);
    char *save = NULL;
    for (char *l = strtok_r(copy, ",", &save); l; l = strtok_r(NULL, ",", &save))
        sv_push(&labels, l);
    free(copy);
    int ok = 1;
    if (v[K_VALUE_ADD] && !sv_contains(&labels, v[K_VALUE_ADD])) {
        const char *anchor = v[K_VALUE_BEFORE] ? v[K_VALUE_BEFORE] : v[K_VALUE_AFTER];
        size_t at = labels.n;
        if (anchor) {
            ok = 0;
            for (size_t i = 0; i < labels.n && !ok; i++)
                if (strcmp(labels.v[i], anchor) == 0) {
                    at = v[K_VALUE_BEFORE] ? i : i + 1;
                    ok = 1;
                }
        }
        if (ok) {
            sv_push(&labels, v[K_VALUE_ADD]);
            char *added = labels.v[labels.n - 1];
            memmove(&labels.v[at + 1], &labels.v[at], (labels.n - 1 - at) * sizeof *labels.v);
            labels.v[at] = added;
        }
    } else if (v[K_VALUE_FROM]) {
        ok = 0;
        for (size_t i = 0; i < labels.n && v[K_VALUE_TO]; i++)
            if (strcmp(labels.v[i], v[K_VALUE_FROM]) == 0) {
                free(labels.v[i]);
                labels.v[i] = xstrdup(v[K_VALUE_TO]);
                ok = 1;
            }
    }
    if (ok) {
        struct strbuf b = {0};
        for (size_t i = 0; i < labels.n; i++)
            sb_appendf(&b, "%s%s", i ? "," : "", labels.v[i]);
        m->val[vs] = intern(m, b.s ? b.s : "");
        sb_free(&b);
    }
    sv_free(&labels);
}

static void do_alter(struct model *m, const struct mstep *st)
{
    int maybe = (st->flags & OPF_MAYBE) != 0;
    const char *prev = NULL;
    if (m->objs[st->obj].kind == OBJ_TYPE) {
        size_t vs = slot_find(m, st->obj, key_str(m, K_VALUES));
        prev = vs == MODEL_NONE ? NULL : m->val[vs];
    }
    assign(m, st, maybe);
    if (!maybe && m->objs[st->obj].kind == OBJ_TYPE)
        change_enum_labels(m, st, prev);
    if (maybe)
        m->unsure[st->obj] = 1;
    note(m, st->obj, 0);
}

/* A drop may have removed what it matches; what was absent stays so. */
static int touch_spares(const struct model *m, const struct mstep *st, size_t o)
{
    return (st->flags & OPF_DROP_ONLY) && m->st[o] == ST_ABSENT;
}

static void do_touch(struct model *m, const struct mstep *st)
{
    if (!st->global) {
        for (size_t i = 0; i < st->n_ref; i++) {
            size_t o = m->refs[st->first_ref + i];
            if (touch_spares(m, st, o))
                continue;
            make_uncertain(m, o, 0);
            /* A table the statement may have dropped may have taken its
             * columns, constraints, indexes and sequences with it; with
             * CASCADE, anything may have gone with what it touched (DROP
             * FUNCTION f CASCADE without an argument list takes the
             * triggers that run f; seen: pycroft). */
            if (m->objs[o].kind == OBJ_TABLE || (st->flags & OPF_CASCADE))
                drop_dependants(m,
                                &(struct mstep){.obj = o, .obj2 = MODEL_NONE, .container = MODEL_NONE,
                                                .flags = st->flags & OPF_CASCADE},
                                0);
        }
        return;
    }
    if (m->recording && m->n_events + m->n_objs > EVENT_BUDGET) {
        /* Too many to record one by one: nothing pins any more. */
        for (size_t o = 0; o < m->n_objs; o++)
            m->objs[o].conditional = 1;
        int rec = m->recording;
        m->recording = 0;
        for (size_t o = 0; o < m->n_objs; o++)
            if (!touch_spares(m, st, o))
                make_uncertain(m, o, 0);
        m->recording = rec;
        return;
    }
    for (size_t o = 0; o < m->n_objs; o++)
        if (!touch_spares(m, st, o))
            make_uncertain(m, o, 0);
}

static void apply_step(struct model *m, const struct mstep *st)
{
    switch (st->verb) {
    case OP_CREATE:
        do_create(m, st);
        break;
    case OP_DROP:
        do_drop(m, st);
        break;
    case OP_RENAME:
        do_rename(m, st);
        break;
    case OP_ALTER:
        do_alter(m, st);
        break;
    case OP_TOUCH:
        do_touch(m, st);
        break;
    default:
        break;
    }
}

static void run_reset(struct model *m)
{
    for (size_t i = 0; i < m->n_objs; i++) {
        m->st[i] = m->objs[i].initial;
        m->unsure[i] = 0;
    }
    memset(m->val, 0, (m->n_slots ? m->n_slots : 1) * sizeof *m->val);
}

static void run_rev(struct model *m, size_t r)
{
    for (size_t i = 0; i < m->rev_n[r]; i++)
        apply_step(m, &m->steps[m->rev_first[r] + i]);
}

void model_run(struct model *m, const unsigned char *in_set)
{
    run_reset(m);
    const struct graph *g = m->g;
    for (size_t k = 0; k < g->n; k++) {
        size_t r = g->order[k];
        if (in_set[r])
            run_rev(m, r);
    }
}

/* The events of the current revision: each touched object's state now. */
static void flush_events(struct model *m)
{
    for (size_t i = 0; i < m->n_dirty; i++) {
        size_t o = m->dirty[i];
        m->is_dirty[o] = 0;
        xgrow(&m->events, &m->cap_events, m->n_events + 1, sizeof *m->events);
        m->events[m->n_events++] = (struct mevent){o, m->cur_rev, m->st[o], m->n_snaps};
        xgrow(&m->snaps, &m->cap_snaps, m->n_snaps + m->objs[o].n_slots + 1, sizeof *m->snaps);
        for (size_t s = m->objs[o].first_slot; s != MODEL_NONE; s = m->slots[s].next)
            m->snaps[m->n_snaps++] = m->val[s];
    }
    m->n_dirty = 0;
}

static void record(struct model *m)
{
    const struct graph *g = m->g;
    m->dirty = xmalloc((m->n_objs ? m->n_objs : 1) * sizeof *m->dirty);
    m->is_dirty = xcalloc(m->n_objs ? m->n_objs : 1, 1);
    run_reset(m);
    m->recording = 1;
    for (size_t k = 0; k < g->n; k++) {
        m->cur_rev = g->order[k];
        run_rev(m, m->cur_rev);
        flush_events(m);
    }
    m->recording = 0;
    /* Group by object, keeping topological order within each. */
    size_t *start = xcalloc(m->n_objs + 1, sizeof *start);
    for (size_t i = 0; i < m->n_events; i++)
        start[m->events[i].obj + 1]++;
    for (size_t i = 0; i < m->n_objs; i++) {
        start[i + 1] += start[i];
        m->objs[i].first_event = start[i];
        m->objs[i].n_events = start[i + 1] - start[i];
    }
    struct mevent *sorted = xmalloc((m->n_events ? m->n_events : 1) * sizeof *sorted);
    for (size_t i = 0; i < m->n_events; i++)
        sorted[start[m->events[i].obj]++] = m->events[i];
    free(start);
    free(m->events);
    m->events = sorted;
    m->cap_events = m->n_events;
}

/* A table the scripts create only when it is missing may predate them
 * (create_all, an older ORM's tables: open-webui's peewee `prompt` had an
 * `id` that a later revision's rebuild brings in by a rename). What sits
 * on it is known absent only where a plain create makes it: the migration
 * would have failed had it been there. The rest starts unknown. */
static void base_on_guarded_tables(struct model *m)
{
    for (size_t o = 0; o < m->n_objs; o++) {
        struct mobj *ob = &m->objs[o];
        if (!in_table(ob->kind) || ob->initial != ST_ABSENT || ob->made_first || ob->tinfo == MODEL_NONE)
            continue;
        size_t t = m->tables[ob->tinfo].obj;
        if (t != MODEL_NONE && m->objs[t].guarded_start)
            ob->initial = ST_BASE;
    }
}

/* The converse: nothing sits on a table before a plain create makes it. A
 * column added only if missing (`if "note" not in columns:`, langflow) on
 * a table the scripts made is absent until something makes it. Columns
 * only: the table's create may have made constraints and indexes under
 * names the model does not know (a naming convention: Airflow's `_uq`),
 * which a later op names. */
static void absent_on_made_tables(struct model *m)
{
    for (size_t o = 0; o < m->n_objs; o++) {
        struct mobj *ob = &m->objs[o];
        if (ob->kind != OBJ_COLUMN || !ob->create_first || ob->initial != ST_BASE || ob->at_import ||
            ob->tinfo == MODEL_NONE)
            continue;
        size_t t = m->tables[ob->tinfo].obj;
        if (t != MODEL_NONE && m->objs[t].made_first)
            ob->initial = ST_ABSENT;
    }
}

/* A plain create proves its object absent just before it, not before a
 * drop of its table that comes earlier: a table that predates the scripts
 * (create_all) may have held an object of that name until the drop
 * (koschei drops its create_all `repo` and re-creates it, primary key
 * repo_pkey both times). Such an object starts unknown. */
static void base_before_table_drops(struct model *m)
{
    size_t *first_drop = xmalloc((m->n_tables ? m->n_tables : 1) * sizeof *first_drop);
    size_t *first_create = xmalloc((m->n_objs ? m->n_objs : 1) * sizeof *first_create);
    for (size_t t = 0; t < m->n_tables; t++)
        first_drop[t] = MODEL_NONE;
    for (size_t o = 0; o < m->n_objs; o++)
        first_create[o] = MODEL_NONE;
    for (size_t i = m->n_steps; i-- > 0;) {
        const struct mstep *st = &m->steps[i];
        if (st->verb == OP_TOUCH || st->obj == MODEL_NONE)
            continue;
        const struct mobj *ob = &m->objs[st->obj];
        if (st->verb == OP_DROP && ob->kind == OBJ_TABLE && ob->tinfo != MODEL_NONE)
            first_drop[ob->tinfo] = i;
        if (st->verb == OP_CREATE)
            first_create[st->obj] = i;
    }
    for (size_t o = 0; o < m->n_objs; o++) {
        struct mobj *ob = &m->objs[o];
        if (!in_table(ob->kind) || ob->initial != ST_ABSENT || ob->tinfo == MODEL_NONE)
            continue;
        size_t t = m->tables[ob->tinfo].obj;
        if (t != MODEL_NONE && m->objs[t].initial == ST_BASE && first_drop[ob->tinfo] < first_create[o])
            ob->initial = ST_BASE;
    }
    free(first_drop);
    free(first_create);
}

/* Reading the early returns as not taken gives each test one value in
 * every revision: where more revisions return on `not T` than on `T`, T
 * is read as true, so a revision returning on `T` does return, and its
 * guarded ops do not run (letta: 101 PostgreSQL revisions return on `not
 * settings.pg`, its one SQLite revision on `settings.pg`). taken[r] for
 * those; a tie decides nothing. */
static unsigned char *guards_taken(const struct graph *g)
{
    unsigned char *taken = xcalloc(g->n ? g->n : 1, 1);
    struct strmap plain = {0}, negated = {0};
    for (size_t r = 0; r < g->n; r++) {
        const struct upgrade_effects *e = &g->scripts->revs[r].effects;
        if (!e->guard)
            continue;
        struct strmap *side = e->guard_negated ? &negated : &plain;
        size_t n = 0;
        strmap_get(side, e->guard, &n);
        strmap_put(side, e->guard, n + 1);
    }
    for (size_t r = 0; r < g->n; r++) {
        const struct upgrade_effects *e = &g->scripts->revs[r].effects;
        size_t same = 0, other = 0;
        if (!e->guard)
            continue;
        strmap_get(e->guard_negated ? &negated : &plain, e->guard, &same);
        strmap_get(e->guard_negated ? &plain : &negated, e->guard, &other);
        taken[r] = other > same;
    }
    strmap_free(&plain);
    strmap_free(&negated);
    return taken;
}

void model_build(struct model *m, const struct graph *g, const char *default_schema, int trust_guards)
{
    memset(m, 0, sizeof *m);
    m->g = g;
    m->trust_guards = trust_guards;
    m->dflt = default_schema;
    for (int k = 0; k < K_COUNT; k++)
        intern(m, key_names[k]);
    m->rev_first = xcalloc(g->n ? g->n : 1, sizeof *m->rev_first);
    m->rev_n = xcalloc(g->n ? g->n : 1, sizeof *m->rev_n);
    unsigned char *taken = trust_guards ? guards_taken(g) : NULL;
    for (size_t k = 0; k < g->n; k++) {
        size_t r = g->order[k];
        const struct upgrade_effects *e = &g->scripts->revs[r].effects;
        m->rev_first[r] = m->n_steps;
        for (size_t i = 0; i < e->n_ops; i++)
            if (!(taken && taken[r] && (e->ops[i].flags & OPF_GUARDED)))
                compile_op(m, r, &e->ops[i]);
        m->rev_n[r] = m->n_steps - m->rev_first[r];
    }
    free(taken);
    close_renames(m);
    base_on_guarded_tables(m);
    absent_on_made_tables(m);
    base_before_table_drops(m);
    match_touches(m);
    compute_det(m);
    m->st = xmalloc(m->n_objs ? m->n_objs : 1);
    m->unsure = xmalloc(m->n_objs ? m->n_objs : 1);
    m->val = xcalloc(m->n_slots ? m->n_slots : 1, sizeof *m->val);
    record(m);
}

void model_free(struct model *m)
{
    for (size_t i = 0; i < m->n_objs; i++) {
        free(m->objs[i].schema);
        free(m->objs[i].table);
        free(m->objs[i].name);
    }
    for (size_t i = 0; i < m->n_tables; i++)
        free(m->tables[i].on);
    for (int k = 0; k < OBJ_KIND_COUNT; k++)
        free(m->by_kind[k]);
    free(m->objs);
    free(m->slots);
    free(m->tables);
    free(m->steps);
    free(m->rev_first);
    free(m->rev_n);
    free(m->refs);
    free(m->avs);
    free(m->det);
    free(m->events);
    free(m->snaps);
    free(m->st);
    free(m->unsure);
    free(m->val);
    free(m->dirty);
    free(m->is_dirty);
    sv_free(&m->pool);
    strmap_free(&m->strs);
    strmap_free(&m->obj_ids);
    strmap_free(&m->table_ids);
    memset(m, 0, sizeof *m);
}

/* ---- comparing with the catalog ---- */

/* The constraint a script names that catalog constraint c may be under a
 * naming convention: c is PREFIX_TABLE_NAME (PREFIX a short lowercase
 * word: ck, chk, ...) on that table, the model has NAME on it, and their
 * types agree where both are known. MODEL_NONE otherwise. */
static size_t convention_named(const struct model *m, const struct db_object *c)
{
    if (c->kind != OBJ_CONSTRAINT || !c->table || !c->name)
        return MODEL_NONE;
    const char *p = c->name;
    size_t n = 0;
    while (n < 8 && ((p[n] >= 'a' && p[n] <= 'z') || (p[n] >= '0' && p[n] <= '9')))
        n++;
    size_t tl = strlen(c->table);
    if (n == 0 || p[n] != '_' || strncmp(p + n + 1, c->table, tl) != 0 || p[n + 1 + tl] != '_' ||
        p[n + 2 + tl] == '\0')
        return MODEL_NONE;
    size_t o = model_lookup(m, OBJ_CONSTRAINT, c->schema, c->table, p + n + 2 + tl);
    if (o == MODEL_NONE)
        return MODEL_NONE;
    /* a create that spells another type: not this one */
    for (size_t i = 0; i < m->n_steps; i++) {
        const struct mstep *st = &m->steps[i];
        if (st->obj == o && st->verb == OP_CREATE && st->src && attrs_get(st->src->attrs, "ctype", NULL, 0) &&
            !agree_on(st->src->attrs, c->attrs, "ctype"))
            return MODEL_NONE;
    }
    return o;
}

/* The catalog's attribute values onto object o's slots. */
static void observe_values(struct model *m, size_t o, const struct db_object *c)
{
    m->objs[o].observed = 1;
    const char *p = c->attrs, *k, *v;
    size_t kl, vl;
    while (attrs_next(&p, &k, &kl, &v, &vl)) {
        char *key = xstrndup(k, kl);
        size_t ki;
        size_t s = strmap_get(&m->strs, key, &ki) ? slot_find(m, o, m->pool.v[ki]) : MODEL_NONE;
        free(key);
        if (s != MODEL_NONE)
            m->slots[s].obs = intern_n(m, v, vl);
    }
    /* The catalog names an index's table beside it. */
    size_t ts = c->kind == OBJ_INDEX ? slot_find(m, o, key_str(m, K_TABLE)) : MODEL_NONE;
    if (ts != MODEL_NONE && !m->slots[ts].obs && c->table)
        m->slots[ts].obs = intern(m, c->table);
}

void model_observe(struct model *m, const struct catalog *cat)
{
    for (size_t i = 0; i < cat->n; i++) {
        const struct db_object *c = &cat->objs[i];
        size_t o = model_lookup(m, c->kind, c->schema, c->table, c->name);
        if (o != MODEL_NONE)
            observe_values(m, o, c);
    }
    /* Only where the name the script spells is missing: a database holding
     * both keeps each its own. */
    for (size_t i = 0; i < cat->n; i++) {
        const struct db_object *c = &cat->objs[i];
        if (model_lookup(m, c->kind, c->schema, c->table, c->name) != MODEL_NONE)
            continue;
        size_t o = convention_named(m, c);
        if (o == MODEL_NONE || m->objs[o].observed)
            continue;
        observe_values(m, o, c);
        m->objs[o].observed_as = intern(m, c->name);
    }
}

int model_observed_as(const struct model *m, const struct db_object *c)
{
    size_t o = convention_named(m, c);
    return o != MODEL_NONE && m->objs[o].observed_as && strcmp(m->objs[o].observed_as, c->name) == 0;
}

/* Presence and values against the catalog: st and the values of its slots
 * (vals indexed like the object's slot list when list is set, else by slot id). */
static int compare(const struct model *m, size_t o, int st, const char *const *snap)
{
    const struct mobj *ob = &m->objs[o];
    if (st == ST_UNCERTAIN)
        return 0;
    if (st == ST_ABSENT)
        return ob->observed && !ob->at_import ? 1 : 0;
    if (st == ST_EITHER && !ob->observed)
        return 0;
    if (!ob->observed) /* a long name may be stored under another cut */
        return st == ST_PRESENT && !ob->long_name ? 1 : 0;
    size_t i = 0;
    for (size_t s = ob->first_slot; s != MODEL_NONE; s = m->slots[s].next, i++) {
        const char *v = snap ? snap[i] : m->val[s], *q = m->slots[s].obs;
        if (v && q && v != q)
            return 2;
    }
    return 0;
}

int model_contradicts(const struct model *m, size_t o)
{
    return compare(m, o, m->st[o], NULL);
}

int model_event_compatible(const struct model *m, size_t o, const struct mevent *ev)
{
    if (!ev) /* before any migration: values unknown */
        return m->objs[o].initial == ST_BASE || !m->objs[o].observed;
    return compare(m, o, ev->st, m->snaps + ev->snap) == 0;
}

char *model_why(const struct model *m, size_t o)
{
    const struct mobj *ob = &m->objs[o];
    char *d = model_describe(ob->kind, ob->schema, ob->table, ob->name);
    int c = model_contradicts(m, o);
    char *out;
    if (c == 2) {
        char *pred = NULL, *obs = NULL, why[256];
        for (size_t s = ob->first_slot; s != MODEL_NONE; s = m->slots[s].next) {
            attrs_set(&pred, m->slots[s].key, m->val[s] ? m->val[s] : "?");
            attrs_set(&obs, m->slots[s].key, m->slots[s].obs ? m->slots[s].obs : "?");
        }
        if (!attrs_conflict(pred, obs, why, sizeof why))
            snprintf(why, sizeof why, "attributes differ");
        out = xasprintf("%s: %s", d, why);
        free(pred);
        free(obs);
    } else {
        out = xasprintf("%s: expected %s, found %s", d, m->st[o] == ST_PRESENT ? "present" : "absent",
                        ob->observed ? "present" : "absent");
    }
    free(d);
    return out;
}

int model_would_trip(const struct model *m, size_t o, const unsigned char *revs)
{
    /* Followed through the set's certain steps in order: a step that drops
     * or renames the object (or its table) away, or makes it, changes what
     * the later ones find (funnel renames `user` away, then creates a new
     * `user` with the same columns: no trip). */
    int exists = m->objs[o].observed;
    size_t table = in_table(m->objs[o].kind) && m->objs[o].tinfo != MODEL_NONE ? m->tables[m->objs[o].tinfo].obj
                                                                                 : MODEL_NONE;
    for (size_t i = 0; i < m->n_steps; i++) {
        const struct mstep *st = &m->steps[i];
        if (!revs[st->rev] || st->verb == OP_TOUCH || (st->flags & OPF_MAYBE))
            continue;
        int on_table = table != MODEL_NONE && st->obj == table;
        if (exists) {
            if ((st->verb == OP_CREATE && st->obj == o && !(st->flags & (OPF_IF_NOT_EXISTS | OPF_OR_REPLACE))) ||
                (st->verb == OP_RENAME && st->obj2 == o))
                return 1;
            if ((st->verb == OP_DROP || st->verb == OP_RENAME) && (st->obj == o || on_table))
                exists = 0;
        } else if (st->verb == OP_CREATE && st->obj == o) {
            exists = 1;
        } else if (st->verb == OP_RENAME && st->obj2 == o) {
            exists = 1;
        } else if (st->obj == o || st->container == o) {
            if (st->verb == OP_DROP && (st->flags & OPF_IF_EXISTS))
                continue;
            return 1;
        }
    }
    return 0;
}
