/* infer.c: from the scripts' schema effects and the live catalog to the
 * state of SPEC section 4.
 *
 * The model. Every object some migration mentions (schema, table, column,
 * index) gets an id. Running the upgrade() ops of a set of revisions in
 * topological order over a model schema predicts which of those objects
 * exist; a set "explains" the database when the prediction agrees with the
 * catalog on every object that some op sets (objects only referenced, such
 * as the table of an add_column no migration creates, are not compared).
 *
 * The search. Running every revision once records, per object, the
 * revisions that set it and the value each sets. When those revisions form a
 * chain in the graph, an ancestor-closed set holds a prefix of that chain,
 * so the observed value bounds the prefix: the first revision whose value
 * matches must be applied, the one after the last match must not be. These
 * pins are closed over ancestors and descendants; the revisions left free
 * are few in practice (opaque ones at the boundary, effects undone later)
 * and only their assignments are searched, with a bound on the leaves. Each
 * leaf is checked exactly by running the model, so the pins only prune:
 * they are derived only where they are sound (chains of direct effects). */
#include "infer.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "exitcode.h"

#define NONE ((size_t)-1)
#define SEARCH_LEAF_LIMIT 4096    /* leaves checked before giving up on listing every candidate */
#define CANDIDATES_KEPT 16        /* candidate sets kept for the report */
#define ANCESTRY_BUDGET 20000000  /* node visits spent on chain checks before skipping them */
#define LIST_LIMIT 50             /* objects named in evidence lists */

/* ---- catalog and version record ---- */

void catalog_add_attrs(struct catalog *c, enum obj_kind kind, const char *schema, const char *table,
                       const char *name, const char *attrs)
{
    xgrow(&c->objs, &c->cap, c->n + 1, sizeof *c->objs);
    struct db_object *o = &c->objs[c->n++];
    o->kind = kind;
    o->schema = schema ? xstrdup(schema) : NULL;
    o->table = table ? xstrdup(table) : NULL;
    o->name = name ? xstrdup(name) : NULL;
    o->attrs = attrs ? xstrdup(attrs) : NULL;
}

void catalog_add(struct catalog *c, enum obj_kind kind, const char *schema, const char *table,
                 const char *name)
{
    catalog_add_attrs(c, kind, schema, table, name, NULL);
}

void catalog_free(struct catalog *c)
{
    for (size_t i = 0; i < c->n; i++) {
        free(c->objs[i].schema);
        free(c->objs[i].table);
        free(c->objs[i].name);
        free(c->objs[i].attrs);
    }
    free(c->objs);
    free(c->default_schema);
    sv_free(&c->unmentioned);
    memset(c, 0, sizeof *c);
}

void version_record_free(struct version_record *v)
{
    for (size_t i = 0; i < v->n; i++)
        free(v->rows[i]);
    free(v->rows);
    memset(v, 0, sizeof *v);
}

static char *describe(enum obj_kind kind, const char *schema, const char *table, const char *name)
{
    switch (kind) {
    case OBJ_SCHEMA:
        return xasprintf("schema %s", schema);
    case OBJ_TABLE:
        return xasprintf("table %s.%s", schema, table);
    case OBJ_COLUMN:
        return xasprintf("column %s.%s.%s", schema, table, name);
    case OBJ_EXTENSION:
        return xasprintf("extension %s", name);
    default:
        break;
    }
    if (obj_kind_info(kind) && obj_kind_info(kind)->in_table)
        return xasprintf("%s %s.%s.%s", obj_kind_name(kind), schema, table, name);
    return xasprintf("%s %s.%s", obj_kind_name(kind), schema, name);
}

char *db_object_describe(const struct db_object *o)
{
    return describe(o->kind, o->schema, o->table, o->name);
}

/* The identity of an object, "T<US>schema<US>table" and the like: index
 * names are unique per schema, so an index's table is an attribute, not part
 * of its key. Built by hand, not with a printf: it runs once per op and per
 * catalog object. */
static char *object_key(enum obj_kind kind, const char *schema, const char *table, const char *name)
{
    const char *parts[3] = {schema, NULL, NULL};
    char tag = '?';
    switch (kind) {
    case OBJ_SCHEMA:
        tag = 'S';
        break;
    case OBJ_TABLE:
        tag = 'T';
        parts[1] = table;
        break;
    case OBJ_COLUMN:
        tag = 'C';
        parts[1] = table;
        parts[2] = name;
        break;
    case OBJ_INDEX:
        tag = 'I';
        parts[1] = name;
        break;
    default:
        /* The other kinds: a letter past the four above, then the identity
         * objects.h gives them. */
        tag = (char)('a' + (int)kind);
        if (obj_kind_info(kind) && obj_kind_info(kind)->in_table) {
            parts[1] = table;
            parts[2] = name;
        } else {
            parts[1] = name;
        }
        break;
    }
    size_t lens[3] = {0}, total = 1;
    for (int i = 0; i < 3 && parts[i]; i++) {
        lens[i] = strlen(parts[i]);
        total += 1 + lens[i];
    }
    char *key = xmalloc(total + 1), *p = key;
    *p++ = tag;
    for (int i = 0; i < 3 && parts[i]; i++) {
        *p++ = '\x1f';
        memcpy(p, parts[i], lens[i]);
        p += lens[i];
    }
    *p = '\0';
    return key;
}

const char *gate_state_name(enum gate_state s)
{
    switch (s) {
    case STATE_FRESH: return "fresh";
    case STATE_HEALTHY: return "healthy";
    case STATE_NO_VERSION: return "no_version";
    case STATE_UNKNOWN_VERSION: return "unknown_version";
    case STATE_AHEAD: return "ahead";
    case STATE_MISMATCH: return "mismatch";
    case STATE_AMBIGUOUS: return "ambiguous";
    case STATE_UNEXPLAINED: return "unexplained";
    case STATE_INVALID_SCRIPTS: return "invalid_scripts";
    }
    return "unknown";
}

static const char *op_schema(const struct schema_op *op, const char *default_schema)
{
    return op->schema ? op->schema : default_schema;
}

void infer_touched_schemas(const struct graph *g, const char *default_schema, struct strvec *out)
{
    sv_push(out, default_schema);
    for (size_t r = 0; r < g->n; r++) {
        const struct upgrade_effects *e = &g->scripts->revs[r].effects;
        for (size_t i = 0; i < e->n_ops; i++) {
            const struct schema_op *op = &e->ops[i];
            const char *s = op->kind == OP_CREATE_SCHEMA ? op->name : op_schema(op, default_schema);
            if (s && !sv_contains(out, s))
                sv_push(out, s);
        }
    }
}

/* ---- the model ---- */

struct uobj {
    enum obj_kind kind;
    char *schema, *table, *name;
    size_t table_id;          /* OBJ_COLUMN: its table's entry in model.tables */
    unsigned char baseline;   /* present before any migration ran */
    unsigned char compared;   /* some op sets it */
    unsigned char created;    /* some op makes it present */
    unsigned char conditional;/* some effect on it depends on the state at the time */
    unsigned char observed;
    size_t first_event;       /* into model.events, grouped by object */
    size_t n_events;
};

struct utable {               /* a (schema, table) name, whether or not it is an object */
    size_t obj;               /* its OBJ_TABLE id */
    size_t *cols;             /* column ids ever known under this name */
    size_t n_cols, cap_cols;
    size_t *idxs;             /* index ids ever associated with this name */
    size_t n_idxs, cap_idxs;
};

struct event {
    size_t obj;
    size_t rev;
    unsigned char value;
    unsigned char direct;
};

struct model {
    const struct graph *g;
    const char *dflt;
    struct uobj *objs;
    size_t n_objs, cap_objs;
    struct strmap obj_ids;
    struct utable *tables;
    size_t n_tables, cap_tables;
    struct strmap table_ids;
    struct event *events;
    size_t n_events, cap_events;
    /* evaluation state */
    unsigned char *present;
    size_t *idx_table;        /* per object: for indexes, the utable it is on (NONE: unknown) */
    size_t cap_eval;          /* allocated length of present and idx_table */
    /* recording: while set, apply_op appends events */
    int recording;
    size_t cur_rev;
};

static size_t model_obj(struct model *m, enum obj_kind kind, const char *schema, const char *table,
                        const char *name);

static size_t model_table(struct model *m, const char *schema, const char *table)
{
    char *key = xasprintf("%s\x1f%s", schema, table);
    size_t id;
    if (!strmap_get(&m->table_ids, key, &id)) {
        id = m->n_tables;
        xgrow(&m->tables, &m->cap_tables, m->n_tables + 1, sizeof *m->tables);
        memset(&m->tables[id], 0, sizeof m->tables[id]);
        m->tables[id].obj = NONE;
        m->n_tables++;
        strmap_put(&m->table_ids, key, id);
        size_t obj = model_obj(m, OBJ_TABLE, schema, table, NULL);
        m->tables[id].obj = obj;
    }
    free(key);
    return id;
}

static size_t model_obj(struct model *m, enum obj_kind kind, const char *schema, const char *table,
                        const char *name)
{
    char *key = object_key(kind, schema, table, name);
    size_t id;
    if (strmap_get(&m->obj_ids, key, &id)) {
        free(key);
        return id;
    }
    id = m->n_objs;
    xgrow(&m->objs, &m->cap_objs, m->n_objs + 1, sizeof *m->objs);
    struct uobj *o = &m->objs[id];
    memset(o, 0, sizeof *o);
    o->kind = kind;
    o->schema = xstrdup(schema);
    o->table = table ? xstrdup(table) : NULL;
    o->name = name ? xstrdup(name) : NULL;
    o->table_id = NONE;
    m->n_objs++;
    strmap_put(&m->obj_ids, key, id);
    free(key);
    if (kind == OBJ_COLUMN) {
        size_t t = model_table(m, schema, table);
        m->objs[id].table_id = t;
        struct utable *ut = &m->tables[t];
        xgrow(&ut->cols, &ut->cap_cols, ut->n_cols + 1, sizeof *ut->cols);
        ut->cols[ut->n_cols++] = id;
    }
    return id;
}

static void table_add_index(struct model *m, size_t t, size_t idx)
{
    struct utable *ut = &m->tables[t];
    for (size_t i = 0; i < ut->n_idxs; i++)
        if (ut->idxs[i] == idx)
            return;
    xgrow(&ut->idxs, &ut->cap_idxs, ut->n_idxs + 1, sizeof *ut->idxs);
    ut->idxs[ut->n_idxs++] = idx;
}

/* Sets an object's predicted presence; while recording, also notes the event.
 * requires_existing: the op would fail on a missing object, so an object whose
 * first event this is existed before the migrations (a legacy table dropped). */
static void set_obj(struct model *m, size_t id, int value, int direct, int requires_existing)
{
    struct uobj *o = &m->objs[id];
    if (m->recording) {
        if (o->n_events == 0 && requires_existing && !o->compared)
            o->baseline = 1;
        o->n_events++;
        o->compared = 1;
        if (value)
            o->created = 1;
        if (!direct)
            o->conditional = 1;
        xgrow(&m->events, &m->cap_events, m->n_events + 1, sizeof *m->events);
        m->events[m->n_events++] = (struct event){id, m->cur_rev, (unsigned char)value,
                                                  (unsigned char)direct};
    }
    m->present[id] = (unsigned char)value;
}

/* Grows the per-object evaluation arrays after new objects were added. */
static void model_fit(struct model *m)
{
    if (m->n_objs <= m->cap_eval && m->present)
        return;
    size_t old = m->cap_eval;
    size_t cap = m->n_objs < 64 ? 64 : m->n_objs * 2;
    m->present = xrealloc(m->present, cap);
    m->idx_table = xrealloc(m->idx_table, cap * sizeof *m->idx_table);
    for (size_t i = old; i < cap; i++) {
        m->present[i] = 0;
        m->idx_table[i] = NONE;
    }
    m->cap_eval = cap;
}

static void apply_op(struct model *m, const struct schema_op *op)
{
    const char *s = op_schema(op, m->dflt);
    size_t t, t2, id;
    switch (op->kind) {
    case OP_CREATE_TABLE:
        t = model_table(m, s, op->table);
        for (size_t i = 0; i < op->n_columns; i++)
            model_obj(m, OBJ_COLUMN, s, op->table, op->columns[i]);
        model_fit(m);
        set_obj(m, m->tables[t].obj, 1, 1, 0);
        for (size_t i = 0; i < op->n_columns; i++)
            set_obj(m, model_obj(m, OBJ_COLUMN, s, op->table, op->columns[i]), 1, 1, 0);
        break;
    case OP_DROP_TABLE:
        t = model_table(m, s, op->table);
        model_fit(m);
        set_obj(m, m->tables[t].obj, 0, 1, 1);
        for (size_t i = 0; i < m->tables[t].n_cols; i++)
            set_obj(m, m->tables[t].cols[i], 0, 1, 0);
        for (size_t i = 0; i < m->tables[t].n_idxs; i++) {
            size_t ix = m->tables[t].idxs[i];
            if (m->idx_table[ix] == t)
                set_obj(m, ix, 0, 0, 0);
        }
        break;
    case OP_RENAME_TABLE:
        t = model_table(m, s, op->table);
        t2 = model_table(m, s, op->new_name);
        /* Column ids under the new name, so that renamed columns can be compared. */
        for (size_t i = 0; i < m->tables[t].n_cols; i++) {
            char *cname = xstrdup(m->objs[m->tables[t].cols[i]].name);
            model_obj(m, OBJ_COLUMN, s, op->new_name, cname);
            free(cname);
        }
        for (size_t i = 0; i < m->tables[t].n_idxs; i++)
            table_add_index(m, t2, m->tables[t].idxs[i]);
        model_fit(m);
        set_obj(m, m->tables[t].obj, 0, 1, 1);
        set_obj(m, m->tables[t2].obj, 1, 1, 0);
        for (size_t i = 0; i < m->tables[t].n_cols; i++) {
            size_t from = m->tables[t].cols[i];
            size_t to = model_obj(m, OBJ_COLUMN, s, op->new_name, m->objs[from].name);
            int was = m->present[from];
            set_obj(m, from, 0, 1, 0);
            set_obj(m, to, was, 0, 0);
        }
        for (size_t i = 0; i < m->tables[t].n_idxs; i++) {
            size_t ix = m->tables[t].idxs[i];
            if (m->idx_table[ix] == t)
                m->idx_table[ix] = t2;
        }
        break;
    case OP_ADD_COLUMN:
        id = model_obj(m, OBJ_COLUMN, s, op->table, op->name);
        model_fit(m);
        set_obj(m, id, 1, 1, 0);
        break;
    case OP_DROP_COLUMN:
        id = model_obj(m, OBJ_COLUMN, s, op->table, op->name);
        model_fit(m);
        set_obj(m, id, 0, 1, 1);
        break;
    case OP_RENAME_COLUMN:
        id = model_obj(m, OBJ_COLUMN, s, op->table, op->name);
        t = model_obj(m, OBJ_COLUMN, s, op->table, op->new_name);
        model_fit(m);
        set_obj(m, id, 0, 1, 1);
        set_obj(m, t, 1, 1, 0);
        break;
    case OP_CREATE_INDEX:
        id = model_obj(m, OBJ_INDEX, s, op->table, op->name);
        t = op->table ? model_table(m, s, op->table) : NONE;
        if (t != NONE)
            table_add_index(m, t, id);
        model_fit(m);
        set_obj(m, id, 1, 1, 0);
        m->idx_table[id] = t;
        break;
    case OP_DROP_INDEX:
        id = model_obj(m, OBJ_INDEX, s, op->table, op->name);
        if (op->table)
            table_add_index(m, model_table(m, s, op->table), id);
        model_fit(m);
        set_obj(m, id, 0, 1, 1);
        break;
    case OP_CREATE_SCHEMA:
        id = model_obj(m, OBJ_SCHEMA, op->name, NULL, NULL);
        model_fit(m);
        set_obj(m, id, 1, 1, 0);
        break;
    case OP_CREATE:
    case OP_DROP:
    case OP_RENAME:
    case OP_ALTER:
    case OP_TOUCH:
        /* Not modelled yet: no producer emits them. */
        break;
    }
}

/* Runs every revision once, in topological order, to build the universe of
 * objects, their baselines and the events each revision causes. */
static void model_build(struct model *m, const struct graph *g, const char *dflt)
{
    memset(m, 0, sizeof *m);
    m->g = g;
    m->dflt = dflt;
    model_fit(m);
    m->recording = 1;
    for (size_t k = 0; k < g->n; k++) {
        size_t r = g->order[k];
        m->cur_rev = r;
        const struct upgrade_effects *e = &g->scripts->revs[r].effects;
        for (size_t i = 0; i < e->n_ops; i++)
            apply_op(m, &e->ops[i]);
    }
    m->recording = 0;
    /* Group events by object (stable: topological order within each object). */
    size_t *start = xcalloc(m->n_objs + 1, sizeof *start);
    for (size_t i = 0; i < m->n_events; i++)
        start[m->events[i].obj + 1]++;
    for (size_t i = 0; i < m->n_objs; i++) {
        start[i + 1] += start[i];
        m->objs[i].first_event = start[i];
    }
    struct event *sorted = xmalloc((m->n_events ? m->n_events : 1) * sizeof *sorted);
    for (size_t i = 0; i < m->n_events; i++)
        sorted[start[m->events[i].obj]++] = m->events[i];
    free(start);
    free(m->events);
    m->events = sorted;
    m->cap_events = m->n_events;
}

static void model_free(struct model *m)
{
    for (size_t i = 0; i < m->n_objs; i++) {
        free(m->objs[i].schema);
        free(m->objs[i].table);
        free(m->objs[i].name);
    }
    for (size_t i = 0; i < m->n_tables; i++) {
        free(m->tables[i].cols);
        free(m->tables[i].idxs);
    }
    free(m->objs);
    free(m->tables);
    free(m->events);
    free(m->present);
    free(m->idx_table);
    strmap_free(&m->obj_ids);
    strmap_free(&m->table_ids);
    memset(m, 0, sizeof *m);
}

/* Predicts the schema of an applied set. */
static void model_run(struct model *m, const unsigned char *in_set)
{
    for (size_t i = 0; i < m->n_objs; i++) {
        m->present[i] = m->objs[i].baseline;
        m->idx_table[i] = NONE;
    }
    const struct graph *g = m->g;
    for (size_t k = 0; k < g->n; k++) {
        size_t r = g->order[k];
        if (!in_set[r])
            continue;
        const struct upgrade_effects *e = &g->scripts->revs[r].effects;
        for (size_t i = 0; i < e->n_ops; i++)
            apply_op(m, &e->ops[i]);
    }
}

/* Number of compared objects the set gets wrong; names up to `limit` of them. */
static size_t model_mismatches(struct model *m, const unsigned char *in_set, struct strvec *why,
                               size_t limit)
{
    model_run(m, in_set);
    size_t bad = 0;
    for (size_t i = 0; i < m->n_objs; i++) {
        const struct uobj *o = &m->objs[i];
        if (!o->compared || m->present[i] == o->observed)
            continue;
        bad++;
        if (why && why->n < limit) {
            char *d = describe(o->kind, o->schema, o->table, o->name);
            sv_push_owned(why, xasprintf("%s: expected %s, found %s", d,
                                         m->present[i] ? "present" : "absent",
                                         o->observed ? "present" : "absent"));
            free(d);
        }
    }
    return bad;
}

/* ---- graph helpers ---- */

static int graph_is_chain(const struct graph *g)
{
    for (size_t i = 0; i < g->n; i++)
        if (g->nodes[i].n_parents + g->nodes[i].n_deps > 1 ||
            g->nodes[i].n_children + g->nodes[i].n_dependents > 1)
            return 0;
    return g->n_heads <= 1;
}

/* Is a an ancestor of b (through parents and dependencies)? Walks up from b
 * and prunes below a's topological position. -1 when the budget ran out. */
static int is_ancestor(const struct graph *g, size_t a, size_t b, int chain, long *budget,
                       unsigned char *seen, size_t *stack)
{
    if (a == b)
        return 1;
    if (chain)
        return g->nodes[a].topo < g->nodes[b].topo;
    if (g->nodes[a].topo > g->nodes[b].topo)
        return 0;
    size_t top = 0, n_seen = 0;
    int found = 0;
    stack[top++] = b;
    seen[b] = 1;
    /* seen marks are cleared below by walking the visited list kept in stack[g->n ..]. */
    size_t *visited = stack + g->n;
    visited[n_seen++] = b;
    while (top && !found) {
        size_t x = stack[--top];
        if (--*budget < 0) {
            found = -1;
            break;
        }
        const struct rev_node *nd = &g->nodes[x];
        for (size_t pass = 0; pass < 2 && !found; pass++) {
            size_t *list = pass ? nd->deps : nd->parents;
            size_t cnt = pass ? nd->n_deps : nd->n_parents;
            for (size_t i = 0; i < cnt; i++) {
                size_t p = list[i];
                if (p == a) {
                    found = 1;
                    break;
                }
                if (seen[p] || g->nodes[p].topo < g->nodes[a].topo)
                    continue;
                seen[p] = 1;
                visited[n_seen++] = p;
                stack[top++] = p;
            }
        }
    }
    for (size_t i = 0; i < n_seen; i++)
        seen[visited[i]] = 0;
    return found;
}

/* Marks every descendant (children and dependents) of the marked revisions. */
static void close_descendants(const struct graph *g, unsigned char *mark)
{
    for (size_t k = 0; k < g->n; k++) {
        size_t r = g->order[k];
        if (mark[r])
            continue;
        const struct rev_node *nd = &g->nodes[r];
        for (size_t i = 0; i < nd->n_parents && !mark[r]; i++)
            if (mark[nd->parents[i]])
                mark[r] = 1;
        for (size_t i = 0; i < nd->n_deps && !mark[r]; i++)
            if (mark[nd->deps[i]])
                mark[r] = 1;
    }
}

static void close_ancestors(const struct graph *g, unsigned char *mark)
{
    for (size_t k = g->n; k-- > 0;) {
        size_t r = g->order[k];
        if (!mark[r])
            continue;
        const struct rev_node *nd = &g->nodes[r];
        for (size_t i = 0; i < nd->n_parents; i++)
            mark[nd->parents[i]] = 1;
        for (size_t i = 0; i < nd->n_deps; i++)
            mark[nd->deps[i]] = 1;
    }
}

static const char *rev_id(const struct graph *g, size_t r)
{
    return g->scripts->revs[r].id;
}

/* The version rows of a set, as full ids. */
static void set_heads(const struct graph *g, const unsigned char *set, struct strvec *out)
{
    size_t *heads = xmalloc((g->n ? g->n : 1) * sizeof *heads);
    size_t n = graph_set_heads(g, set, heads);
    for (size_t i = 0; i < n; i++)
        sv_push(out, rev_id(g, heads[i]));
    free(heads);
}

static char *join(const struct strvec *v)
{
    struct strbuf b = {0};
    for (size_t i = 0; i < v->n; i++)
        sb_appendf(&b, "%s%s", i ? "," : "", v->v[i]);
    if (!v->n)
        sb_append(&b, "(base)");
    return sb_take(&b);
}

static size_t set_size(const unsigned char *set, size_t n)
{
    size_t k = 0;
    for (size_t i = 0; i < n; i++)
        k += set[i];
    return k;
}

/* ---- pins and search ---- */

struct search {
    unsigned char *must_in, *must_out;
    unsigned char **found;      /* candidate sets kept */
    size_t n_found;             /* all found, kept or not */
    int truncated;
    struct strvec impossible;   /* objects no set can explain */
};

static int rev_is_empty(const struct graph *g, size_t r)
{
    return g->scripts->revs[r].effects.effect == EFFECT_EMPTY;
}

/* Derives the pins from each object's chain of setters; an object that no
 * prefix of its chain explains goes to s->impossible. */
static void derive_pins(struct model *m, struct search *s, struct strvec *supporting)
{
    const struct graph *g = m->g;
    int chain = graph_is_chain(g);
    long budget = ANCESTRY_BUDGET;
    unsigned char *seen = xcalloc(g->n ? g->n : 1, 1);
    size_t *stack = xmalloc((2 * g->n + 2) * sizeof *stack);
    size_t *revs = NULL, *vals = NULL, cap = 0;
    for (size_t id = 0; id < m->n_objs; id++) {
        const struct uobj *o = &m->objs[id];
        if (!o->compared || o->conditional || !o->n_events)
            continue;
        /* Merge events per revision: the last value a revision sets wins. */
        xgrow(&revs, &cap, o->n_events + 1, sizeof *revs);
        vals = xrealloc(vals, cap * sizeof *vals);
        size_t k = 0;
        for (size_t e = 0; e < o->n_events; e++) {
            const struct event *ev = &m->events[o->first_event + e];
            if (k && revs[k - 1] == ev->rev) {
                vals[k - 1] = ev->value;
                continue;
            }
            revs[k] = ev->rev;
            vals[k] = ev->value;
            k++;
        }
        int is_chain = 1;
        for (size_t i = 0; i + 1 < k && is_chain; i++) {
            int a = budget > 0 ? is_ancestor(g, revs[i], revs[i + 1], chain, &budget, seen, stack) : -1;
            if (a != 1)
                is_chain = 0;
        }
        if (!is_chain)
            continue;
        /* Prefix lengths 0..k; value of prefix j is vals[j-1], of 0 the baseline. */
        size_t lo = NONE, hi = NONE;
        for (size_t j = 0; j <= k; j++) {
            int v = j ? (int)vals[j - 1] : o->baseline;
            if (v == o->observed) {
                if (lo == NONE)
                    lo = j;
                hi = j;
            }
        }
        char *d = describe(o->kind, o->schema, o->table, o->name);
        if (lo == NONE) {
            if (s->impossible.n < LIST_LIMIT)
                sv_push_owned(&s->impossible, xasprintf("%s is %s, but no revision leaves it so", d,
                                                        o->observed ? "present" : "absent"));
            free(d);
            continue;
        }
        if (lo > 0 && !s->must_in[revs[lo - 1]]) {
            s->must_in[revs[lo - 1]] = 1;
            if (supporting->n < LIST_LIMIT)
                sv_push_owned(supporting, xasprintf("%s %s: %s was applied", d,
                                                    o->observed ? "present" : "absent",
                                                    rev_id(g, revs[lo - 1])));
        }
        if (hi < k && !s->must_out[revs[hi]]) {
            s->must_out[revs[hi]] = 1;
            if (supporting->n < LIST_LIMIT)
                sv_push_owned(supporting, xasprintf("%s %s: %s was not applied", d,
                                                    o->observed ? "present" : "absent",
                                                    rev_id(g, revs[hi])));
        }
        free(d);
    }
    free(revs);
    free(vals);
    free(seen);
    free(stack);
}

static void keep_candidate(struct search *s, const unsigned char *set, size_t n)
{
    if (s->n_found < CANDIDATES_KEPT) {
        s->found = xrealloc(s->found, (s->n_found + 1) * sizeof *s->found);
        s->found[s->n_found] = xmalloc(n ? n : 1);
        memcpy(s->found[s->n_found], set, n);
    }
    s->n_found++;
}

/* Enumerates the assignments of the free revisions (iteratively, in
 * topological order) and keeps the sets that explain the catalog. */
static void search_free(struct model *m, struct search *s)
{
    const struct graph *g = m->g;
    size_t n = g->n;
    unsigned char *val = xcalloc(n ? n : 1, 1);
    size_t *free_revs = xmalloc((n ? n : 1) * sizeof *free_revs);
    size_t n_free = 0;
    for (size_t k = 0; k < n; k++) {
        size_t r = g->order[k];
        if (s->must_in[r])
            val[r] = 1;
        else if (!s->must_out[r])
            free_revs[n_free++] = r;
    }
    /* choice[i]: 0 not yet decided, 1 tried "applied", 2 tried "not applied" (last). */
    unsigned char *choice = xcalloc(n_free + 1, 1);
    size_t leaves = 0;
    size_t i = 0;
    for (;;) {
        if (i == n_free) {
            leaves++;
            if (model_mismatches(m, val, NULL, 0) == 0)
                keep_candidate(s, val, n);
            if (leaves >= SEARCH_LEAF_LIMIT) {
                s->truncated = 1;
                break;
            }
            /* backtrack to the last revision with an untried alternative */
            while (i > 0 && choice[i - 1] != 1)
                i--;
            if (i == 0)
                break;
            i--;
            choice[i] = 2;
            val[free_revs[i]] = 0;
            i++;
            for (size_t j = i; j < n_free; j++)
                choice[j] = 0;
            continue;
        }
        size_t r = free_revs[i];
        if (choice[i] == 0) {
            const struct rev_node *nd = &g->nodes[r];
            int parents_in = 1;
            for (size_t p = 0; p < nd->n_parents; p++)
                parents_in &= val[nd->parents[p]];
            for (size_t p = 0; p < nd->n_deps; p++)
                parents_in &= val[nd->deps[p]];
            if (!parents_in || rev_is_empty(g, r)) {
                /* No alternative: an empty revision is applied exactly when
                 * its parents are; nothing is applied without its parents. */
                val[r] = (unsigned char)parents_in;
                choice[i] = 3;
            } else {
                val[r] = 1;
                choice[i] = 1;
            }
        }
        i++;
    }
    free(choice);
    free(free_revs);
    free(val);
}

static void search_free_all(struct search *s)
{
    for (size_t i = 0; i < s->n_found && i < CANDIDATES_KEPT; i++)
        free(s->found[i]);
    free(s->found);
    free(s->must_in);
    free(s->must_out);
    sv_free(&s->impossible);
}

/* ---- the decision ---- */

static void finish(struct diagnosis *d, enum gate_state st, int exit_code, char *msg)
{
    d->state = st;
    d->exit_code = exit_code;
    free(d->message);
    d->message = msg;
}

static void stamp_set(struct diagnosis *d, const struct graph *g, const unsigned char *set)
{
    d->stamp = 1;
    sv_free(&d->stamp_revs);
    set_heads(g, set, &d->stamp_revs);
    d->pending = (long)(g->n - set_size(set, g->n));
}

static void record_candidates(struct diagnosis *d, const struct graph *g, const struct search *s)
{
    size_t kept = s->n_found < CANDIDATES_KEPT ? s->n_found : CANDIDATES_KEPT;
    d->candidates = xcalloc(kept ? kept : 1, sizeof *d->candidates);
    d->n_candidates = kept;
    for (size_t i = 0; i < kept; i++)
        set_heads(g, s->found[i], &d->candidates[i]);
    d->candidates_truncated = s->truncated || s->n_found > kept;
}

static char *candidates_text(const struct diagnosis *d)
{
    struct strbuf b = {0};
    for (size_t i = 0; i < d->n_candidates; i++) {
        char *j = join(&d->candidates[i]);
        sb_appendf(&b, "%s[%s]", i ? ", " : "", j);
        free(j);
    }
    if (d->candidates_truncated)
        sb_append(&b, ", ...");
    return sb_take(&b);
}

/* Extra objects: in the catalog, in a schema the migrations touch, and
 * mentioned by no migration. Columns count only under tables some migration
 * creates (only there is the full column list known); schemas never count. */
static void find_extras(struct model *m, const struct catalog *cat, struct diagnosis *d)
{
    for (size_t i = 0; i < cat->n; i++) {
        const struct db_object *o = &cat->objs[i];
        if (o->kind == OBJ_SCHEMA)
            continue;
        char *key = object_key(o->kind, o->schema, o->table, o->name);
        size_t id;
        int known = strmap_get(&m->obj_ids, key, &id);
        free(key);
        if (known)
            continue;
        if (o->kind == OBJ_COLUMN) {
            char *tkey = object_key(OBJ_TABLE, o->schema, o->table, NULL);
            size_t tid;
            int table_known = strmap_get(&m->obj_ids, tkey, &tid);
            free(tkey);
            if (!table_known || !m->objs[tid].created)
                continue;
        }
        if (d->extra.n < 1000)
            sv_push_owned(&d->extra, db_object_describe(o));
    }
}

static void observe(struct model *m, const struct catalog *cat)
{
    for (size_t i = 0; i < cat->n; i++) {
        const struct db_object *o = &cat->objs[i];
        char *key = object_key(o->kind, o->schema, o->table, o->name);
        size_t id;
        if (strmap_get(&m->obj_ids, key, &id))
            m->objs[id].observed = 1;
        free(key);
    }
}

static int resolve_assumed(const struct graph *g, const struct infer_options *opt, unsigned char *set,
                           char *err, size_t errlen)
{
    size_t *idx = xmalloc((opt->n_assume_revisions + 1) * sizeof *idx);
    for (size_t i = 0; i < opt->n_assume_revisions; i++) {
        enum lookup_result lr = graph_lookup(g, opt->assume_revisions[i], &idx[i]);
        if (lr != LOOKUP_FOUND) {
            snprintf(err, errlen, "--assume-revision %s: %s", opt->assume_revisions[i],
                     lr == LOOKUP_AMBIGUOUS ? "the prefix matches several revisions"
                                            : "no such revision in the scripts");
            free(idx);
            return EXIT_USAGE;
        }
    }
    graph_ancestors(g, idx, opt->n_assume_revisions, 1, set);
    /* Each assumed revision must be a head of the set it implies. */
    size_t *heads = xmalloc((g->n ? g->n : 1) * sizeof *heads);
    size_t nh = graph_set_heads(g, set, heads);
    for (size_t i = 0; i < opt->n_assume_revisions; i++) {
        int is_head = 0;
        for (size_t h = 0; h < nh; h++)
            is_head |= heads[h] == idx[i];
        if (!is_head) {
            snprintf(err, errlen, "--assume-revision %s is an ancestor of another assumed revision",
                     opt->assume_revisions[i]);
            free(heads);
            free(idx);
            return EXIT_USAGE;
        }
    }
    free(heads);
    free(idx);
    return 0;
}

int infer_diagnose(const struct graph *g, const struct catalog *cat, const struct version_record *v,
                   const struct infer_options *opt, struct diagnosis *d, char *err, size_t errlen)
{
    memset(d, 0, sizeof *d);
    d->pending = -1;
    const char *stamped = opt->stamp_verb ? opt->stamp_verb : "stamped";
    size_t n = g->n;

    unsigned char *assumed = NULL;
    if (opt->n_assume_revisions) {
        assumed = xcalloc(n ? n : 1, 1);
        int rc = resolve_assumed(g, opt, assumed, err, errlen);
        if (rc) {
            free(assumed);
            return rc;
        }
    }

    struct model m;
    model_build(&m, g, cat->default_schema ? cat->default_schema : "public");
    observe(&m, cat);
    find_extras(&m, cat, d);

    /* The recorded set. */
    unsigned char *recorded = xcalloc(n ? n : 1, 1);
    int unknown_rows = 0, invalid_record = 0;
    struct strvec unknown_ids = {0};
    size_t *rows = xmalloc((v->n + 1) * sizeof *rows);
    size_t n_rows = 0;
    for (size_t i = 0; i < v->n; i++) {
        size_t idx;
        if (graph_lookup(g, v->rows[i], &idx) == LOOKUP_FOUND) {
            rows[n_rows++] = idx;
        } else {
            unknown_rows++;
            sv_push(&unknown_ids, v->rows[i]);
        }
    }
    graph_ancestors(g, rows, n_rows, 1, recorded);
    if (n_rows > 1) {
        size_t *heads = xmalloc((n ? n : 1) * sizeof *heads);
        size_t nh = graph_set_heads(g, recorded, heads);
        invalid_record = nh != n_rows;
        free(heads);
    }
    free(rows);

    struct search s = {0};
    s.must_in = xcalloc(n ? n : 1, 1);
    s.must_out = xcalloc(n ? n : 1, 1);
    derive_pins(&m, &s, &d->supporting);
    close_ancestors(g, s.must_in);
    close_descendants(g, s.must_out);
    int conflict = s.impossible.n > 0;
    for (size_t r = 0; r < n && !conflict; r++)
        if (s.must_in[r] && s.must_out[r])
            conflict = 1;
    if (!conflict)
        search_free(&m, &s);
    record_candidates(d, g, &s);

    int any_created = 0;
    for (size_t i = 0; i < m.n_objs; i++)
        if (m.objs[i].created && m.objs[i].observed && !m.objs[i].baseline)
            any_created = 1;

    int recorded_known = v->n > 0 && unknown_rows == 0;
    size_t recorded_bad = recorded_known ? model_mismatches(&m, recorded, NULL, 0) : 1;
    char *rec_text = NULL;
    {
        struct strvec rv = {0};
        for (size_t i = 0; i < v->n; i++)
            sv_push(&rv, v->rows[i]);
        rec_text = join(&rv);
        sv_free(&rv);
    }
    const char *vt_word = v->table_exists ? "empty" : "missing";

    /* Which state. */
    enum gate_state st;
    if (v->n == 0)
        st = any_created ? STATE_NO_VERSION : STATE_FRESH;
    else if (unknown_rows)
        st = STATE_UNKNOWN_VERSION;
    else if (recorded_bad == 0 && !invalid_record)
        st = STATE_HEALTHY;
    else
        st = STATE_MISMATCH;

    if (st == STATE_UNKNOWN_VERSION) {
        /* Ahead: everything the script heads create is there, plus objects
         * that no migration here knows: a newer release migrated this database. */
        unsigned char *all = xmalloc(n ? n : 1);
        memset(all, 1, n ? n : 1);
        model_run(&m, all);
        int has_all = 1;
        for (size_t i = 0; i < m.n_objs; i++)
            if (m.objs[i].compared && m.present[i] && !m.objs[i].observed)
                has_all = 0;
        free(all);
        if (has_all && d->extra.n > 0)
            st = STATE_AHEAD;
    }

    char *unk = join(&unknown_ids);
    switch (st) {
    case STATE_FRESH:
        d->pending = (long)n;
        finish(d, st, EXIT_READY,
               xasprintf("no object any migration creates exists and the version table is %s: a fresh "
                         "database; the next alembic upgrade builds everything", vt_word));
        break;
    case STATE_HEALTHY:
        d->pending = (long)(n - set_size(recorded, n));
        finish(d, st, EXIT_READY,
               xasprintf("recorded revision %s matches the schema; %ld migration%s pending", rec_text,
                         d->pending, d->pending == 1 ? "" : "s"));
        break;
    case STATE_AHEAD:
        finish(d, st, EXIT_READY,
               xasprintf("recorded revision %s is not in the scripts, and the schema has everything the "
                         "script heads create plus %zu object%s they do not: a newer release migrated "
                         "this database (a rollback?); leaving it alone", unk, d->extra.n,
                         d->extra.n == 1 ? "" : "s"));
        break;
    default:
        break;
    }

    if (st == STATE_MISMATCH && invalid_record && recorded_bad == 0) {
        stamp_set(d, g, recorded);
        char *heads = join(&d->stamp_revs);
        finish(d, st, EXIT_READY,
               xasprintf("the version table holds %s: a revision together with its ancestor, an invalid "
                         "record; %s %s, the heads of the same set", rec_text, stamped, heads));
        free(heads);
    } else if (st == STATE_NO_VERSION || st == STATE_UNKNOWN_VERSION || st == STATE_MISMATCH) {
        const unsigned char *best = NULL;
        if (recorded_known)
            model_mismatches(&m, recorded, &d->contradicting, LIST_LIMIT);
        if (s.n_found == 1 && !s.truncated)
            best = s.found[0];
        if (st == STATE_UNKNOWN_VERSION && best && d->extra.n > 0)
            best = NULL; /* the extras may be the unknown revision's work */
        char *cands = candidates_text(d);
        if (assumed) {
            stamp_set(d, g, assumed);
            char *heads = join(&d->stamp_revs);
            size_t bad = model_mismatches(&m, assumed, NULL, 0);
            finish(d, st, EXIT_READY,
                   xasprintf("%s %s as --assume-revision says (the schema %s it)", stamped, heads,
                             bad ? "contradicts" : "matches"));
            free(heads);
        } else if (best) {
            stamp_set(d, g, best);
            char *heads = join(&d->stamp_revs);
            if (st == STATE_NO_VERSION)
                finish(d, st, EXIT_READY,
                       xasprintf("tables exist but the version table was %s; %s %s, the revision the "
                                 "schema matches", vt_word, stamped, heads));
            else if (st == STATE_UNKNOWN_VERSION)
                finish(d, st, EXIT_READY,
                       xasprintf("recorded revision %s is not in the scripts (squashed or rolled back); "
                                 "the schema matches %s; %s it", unk, heads, stamped));
            else
                finish(d, st, EXIT_READY,
                       xasprintf("recorded revision %s disagrees with the schema (%zu contradicting "
                                 "object%s); the schema matches %s; %s it", rec_text,
                                 d->contradicting.n, d->contradicting.n == 1 ? "" : "s", heads, stamped));
            free(heads);
        } else if (s.n_found > 1 || (s.n_found == 1 && s.truncated)) {
            st = STATE_AMBIGUOUS;
            if (opt->on_ambiguous != AMBIGUOUS_FAIL && !d->candidates_truncated) {
                size_t pick = 0;
                for (size_t i = 1; i < s.n_found; i++) {
                    size_t a = set_size(s.found[i], n), b = set_size(s.found[pick], n);
                    if (opt->on_ambiguous == AMBIGUOUS_NEWEST ? a > b : a < b)
                        pick = i;
                }
                stamp_set(d, g, s.found[pick]);
                char *heads = join(&d->stamp_revs);
                finish(d, st, EXIT_READY,
                       xasprintf("the schema matches %zu sets of revisions (%s); %s %s, the %s, as "
                                 "--on-ambiguous says", s.n_found, cands, stamped, heads,
                                 opt->on_ambiguous == AMBIGUOUS_NEWEST ? "newest" : "oldest"));
                free(heads);
            } else {
                finish(d, st, EXIT_NEEDS_HUMAN,
                       xasprintf("the schema matches %s%zu sets of revisions: %s; migrations whose effects "
                                 "cannot be seen (data changes) leave no trace. Rerun with "
                                 "--assume-revision REV or --on-ambiguous newest|oldest",
                                 s.truncated ? "at least " : "", s.n_found, cands));
            }
        } else if (st == STATE_UNKNOWN_VERSION && s.n_found == 1) {
            st = STATE_UNEXPLAINED;
            finish(d, st, EXIT_NEEDS_HUMAN,
                   xasprintf("recorded revision %s is not in the scripts; the schema matches %s but also "
                             "has %zu object%s no migration here creates (e.g. %s); stamp by hand or use "
                             "--assume-revision", unk, cands, d->extra.n, d->extra.n == 1 ? "" : "s",
                             d->extra.v[0]));
        } else {
            st = STATE_UNEXPLAINED;
            if (!d->contradicting.n) {
                /* Name what the closest guess gets wrong: the pinned revisions. */
                for (size_t i = 0; i < s.impossible.n; i++)
                    sv_push(&d->contradicting, s.impossible.v[i]);
                if (!d->contradicting.n)
                    model_mismatches(&m, s.must_in, &d->contradicting, LIST_LIMIT);
            }
            finish(d, st, EXIT_NEEDS_HUMAN,
                   xasprintf("no set of revisions explains the schema (%zu contradicting object%s%s%s); "
                             "fix it by hand or use --assume-revision",
                             d->contradicting.n, d->contradicting.n == 1 ? "" : "s",
                             d->contradicting.n ? ", e.g. " : "",
                             d->contradicting.n ? d->contradicting.v[0] : ""));
        }
        free(cands);
    }
    d->state = st;

    free(unk);
    free(rec_text);
    sv_free(&unknown_ids);
    free(recorded);
    free(assumed);
    search_free_all(&s);
    model_free(&m);
    return 0;
}

void diagnosis_free(struct diagnosis *d)
{
    sv_free(&d->stamp_revs);
    for (size_t i = 0; i < d->n_candidates; i++)
        sv_free(&d->candidates[i]);
    free(d->candidates);
    sv_free(&d->extra);
    sv_free(&d->supporting);
    sv_free(&d->contradicting);
    free(d->message);
    memset(d, 0, sizeof *d);
}
