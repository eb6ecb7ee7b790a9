/* Fuzzes the inference through its public API (infer.h) on random graphs and
 * random catalogs: no crash, every candidate a set of existing revisions with
 * no head an ancestor of another, a stamp only of existing revisions. And a
 * slow reference for the plain table, column and index ops: each set the
 * diagnosis reports as explaining the catalog, replayed op by op on an empty
 * schema, gives exactly the catalog's objects that some migration mentions.
 *
 * The scripts are generated so that the replay is unambiguous: revision i
 * creates objects with names of its own, and an object is changed (a column
 * added to its table, dropped, renamed) by at most one later revision, which
 * descends from its creator; so no two branches touch the same object. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz_bytes.h"
#include "graph.h"
#include "infer.h"
#include "script.h"
#include "util.h"

#define MAX_REVS 12
#define MAX_OBJS 256

/* An object of the replay: a table (name NULL), a column or an index. */
struct obj {
    char table[32];
    char name[32];
    enum obj_kind kind;
    int alive;
    int owner;     /* the revision that created it */
    int claimed;   /* changed by a later revision already */
};

struct model {
    struct obj o[MAX_OBJS];
    size_t n;
};

static struct obj *find(struct model *m, enum obj_kind kind, const char *table, const char *name)
{
    for (size_t i = 0; i < m->n; i++)
        if (m->o[i].alive && m->o[i].kind == kind && strcmp(m->o[i].table, table) == 0 &&
            strcmp(m->o[i].name, name ? name : "") == 0)
            return &m->o[i];
    return NULL;
}

static void put(struct model *m, enum obj_kind kind, const char *table, const char *name, int owner)
{
    if (m->n == MAX_OBJS)
        abort();
    struct obj *o = &m->o[m->n++];
    memset(o, 0, sizeof *o);
    snprintf(o->table, sizeof o->table, "%s", table);
    snprintf(o->name, sizeof o->name, "%s", name ? name : "");
    o->kind = kind;
    o->alive = 1;
    o->owner = owner;
}

/* Replays one op as PostgreSQL would. */
static void apply(struct model *m, const struct schema_op *op, int rev)
{
    switch (op->kind) {
    case OP_CREATE_TABLE:
        put(m, OBJ_TABLE, op->table, NULL, rev);
        for (size_t c = 0; c < op->n_columns; c++)
            put(m, OBJ_COLUMN, op->table, op->columns[c], rev);
        break;
    case OP_ADD_COLUMN:
        put(m, OBJ_COLUMN, op->table, op->name, rev);
        break;
    case OP_CREATE_INDEX:
        put(m, OBJ_INDEX, op->table, op->name, rev);
        break;
    case OP_DROP_COLUMN:
    case OP_DROP_INDEX: {
        struct obj *o = find(m, op->kind == OP_DROP_COLUMN ? OBJ_COLUMN : OBJ_INDEX, op->table, op->name);
        if (o)
            o->alive = 0;
        break;
    }
    case OP_DROP_TABLE:
        for (size_t i = 0; i < m->n; i++)
            if (strcmp(m->o[i].table, op->table) == 0)
                m->o[i].alive = 0;
        break;
    case OP_RENAME_COLUMN: {
        struct obj *o = find(m, OBJ_COLUMN, op->table, op->name);
        if (o) {
            o->alive = 0;
            put(m, OBJ_COLUMN, op->table, op->new_name, rev);
        }
        break;
    }
    default:
        abort();
    }
}

/* The schema after applying exactly the revisions in `in` (topological order). */
static void replay(const struct graph *g, const unsigned char *in, struct model *m)
{
    memset(m, 0, sizeof *m);
    for (size_t k = 0; k < g->n; k++) {
        size_t r = g->order[k];
        if (!in[r])
            continue;
        const struct upgrade_effects *e = &g->scripts->revs[r].effects;
        for (size_t i = 0; i < e->n_ops; i++)
            apply(m, &e->ops[i], (int)r);
    }
}

/* Picks an object of the replay of rev's ancestors that no one has claimed. */
static struct obj *claim(struct model *m, struct fuzz_bytes *b, enum obj_kind kind)
{
    size_t start = fb_pick(b, m->n ? m->n : 1);
    for (size_t k = 0; k < m->n; k++) {
        struct obj *o = &m->o[(start + k) % m->n];
        if (o->alive && o->kind == kind && !o->claimed)
            return o;
    }
    return NULL;
}

/* Revision r's ops. `global` holds the objects of r's ancestors (and those r
 * creates, as it goes); a table r changes is claimed, so that no other
 * revision changes it or its columns. */
static void gen_ops(struct fuzz_bytes *b, struct script_set *s, size_t r, struct model *global)
{
    struct revision *rv = &s->revs[r];
    unsigned kind = fb_pick(b, 8);
    if (kind == 0) {
        rv->effects.effect = EFFECT_EMPTY;
        return;
    }
    if (kind == 1) {
        rv->effects.effect = EFFECT_OPAQUE;
        return;
    }
    rv->effects.effect = EFFECT_OBSERVABLE;
    size_t nops = 1 + fb_pick(b, 3);
    for (size_t k = 0; k < nops; k++) {
        char t[32], c[32];
        struct obj *o;
        switch (fb_pick(b, 6)) {
        case 0: {
            snprintf(t, sizeof t, "t%zux%zu", r, k);
            struct schema_op *op = upgrade_effects_add(&rv->effects, OP_CREATE_TABLE, NULL, t, NULL, NULL, 1);
            size_t nc = 1 + fb_pick(b, 3);
            op->columns = xcalloc(nc + 1, sizeof *op->columns);
            for (size_t i = 0; i < nc; i++)
                op->columns[op->n_columns++] = xasprintf("c%zux%zux%zu", r, k, i);
            put(global, OBJ_TABLE, t, NULL, (int)r);
            for (size_t i = 0; i < nc; i++)
                put(global, OBJ_COLUMN, t, op->columns[i], (int)r);
            break;
        }
        case 1:
        case 2:
            /* A table of an ancestor: a column added, dropped or renamed, or an index. */
            if (!(o = claim(global, b, OBJ_TABLE)))
                break;
            o->claimed = 1;
            snprintf(c, sizeof c, "a%zux%zu", r, k);
            switch (fb_pick(b, 4)) {
            case 0:
                upgrade_effects_add(&rv->effects, OP_ADD_COLUMN, NULL, o->table, c, NULL, 1);
                break;
            case 1:
                upgrade_effects_add(&rv->effects, OP_CREATE_INDEX, NULL, o->table, c, NULL, 1);
                break;
            case 2:
                upgrade_effects_add(&rv->effects, OP_DROP_TABLE, NULL, o->table, NULL, NULL, 1);
                break;
            default: {
                struct obj *col = NULL;
                for (size_t i = 0; i < global->n && !col; i++)
                    if (global->o[i].kind == OBJ_COLUMN && !global->o[i].claimed &&
                        strcmp(global->o[i].table, o->table) == 0)
                        col = &global->o[i];
                if (!col)
                    break;
                col->claimed = 1;
                if (fb_pick(b, 2))
                    upgrade_effects_add(&rv->effects, OP_DROP_COLUMN, NULL, o->table, col->name, NULL, 1);
                else
                    upgrade_effects_add(&rv->effects, OP_RENAME_COLUMN, NULL, o->table, col->name, c, 1);
            }
            }
            break;
        default:
            break;
        }
    }
}

/* Only the ancestors' objects may be claimed by r: a scratch model of them. */
static void ancestors_model(const struct graph *g, size_t r, struct model *all, struct model *out)
{
    unsigned char in[MAX_REVS] = {0};
    graph_ancestors(g, &r, 1, 0, in);
    in[r] = 0;
    memset(out, 0, sizeof *out);
    for (size_t i = 0; i < all->n; i++)
        if (all->o[i].owner >= 0 && in[all->o[i].owner])
            out->o[out->n++] = all->o[i];
}

static void claim_back(struct model *all, const struct model *scratch)
{
    for (size_t i = 0; i < scratch->n; i++)
        if (scratch->o[i].claimed)
            for (size_t k = 0; k < all->n; k++)
                if (all->o[k].kind == scratch->o[i].kind && strcmp(all->o[k].table, scratch->o[i].table) == 0 &&
                    strcmp(all->o[k].name, scratch->o[i].name) == 0)
                    all->o[k].claimed = 1;
}

static struct revision *new_rev(struct script_set *s, size_t i, struct fuzz_bytes *b)
{
    struct revision *r = &s->revs[s->n++];
    memset(r, 0, sizeof *r);
    r->id = xasprintf("r%02zu", i);
    size_t nd = i == 0 ? 0 : 1 + (fb_pick(b, 5) == 0);
    r->down_revisions = xcalloc(nd + 1, sizeof(char *));
    for (size_t k = 0; k < nd; k++) {
        size_t p = i - 1 - fb_pick(b, i);
        int dup = 0;
        for (size_t q = 0; q < k; q++)
            dup |= strcmp(r->down_revisions[q], s->revs[p].id) == 0;
        if (!dup)
            r->down_revisions[r->n_down++] = xstrdup(s->revs[p].id);
    }
    r->depends_on = xcalloc(1, sizeof(char *));
    r->branch_labels = xcalloc(1, sizeof(char *));
    r->path = xasprintf("versions/r%02zu.py", i);
    r->doc = xstrdup("");
    return r;
}

/* Which (kind, table, name) some migration mentions. */
static int mentioned(const struct graph *g, enum obj_kind kind, const char *table, const char *name)
{
    for (size_t r = 0; r < g->n; r++) {
        const struct upgrade_effects *e = &g->scripts->revs[r].effects;
        for (size_t i = 0; i < e->n_ops; i++) {
            const struct schema_op *op = &e->ops[i];
            if (!op->table || strcmp(op->table, table) != 0)
                continue;
            if (kind == OBJ_TABLE)
                return 1;
            if (kind == OBJ_COLUMN) {
                for (size_t c = 0; c < op->n_columns; c++)
                    if (strcmp(op->columns[c], name) == 0)
                        return 1;
                if ((op->kind == OP_ADD_COLUMN || op->kind == OP_DROP_COLUMN || op->kind == OP_RENAME_COLUMN) &&
                    ((op->name && strcmp(op->name, name) == 0) || (op->new_name && strcmp(op->new_name, name) == 0)))
                    return 1;
            }
            if (kind == OBJ_INDEX && (op->kind == OP_CREATE_INDEX || op->kind == OP_DROP_INDEX) && op->name &&
                strcmp(op->name, name) == 0)
                return 1;
        }
    }
    return 0;
}

/* The set a candidate's heads stand for, checked for shape. */
static void candidate_set(const struct graph *g, const struct strvec *heads, unsigned char *set)
{
    size_t idx[MAX_REVS];
    if (heads->n > g->n)
        abort();
    for (size_t i = 0; i < heads->n; i++)
        if (graph_lookup(g, heads->v[i], &idx[i]) != LOOKUP_FOUND || strcmp(g->scripts->revs[idx[i]].id, heads->v[i]))
            abort(); /* not a revision of the scripts */
    memset(set, 0, MAX_REVS);
    graph_ancestors(g, idx, heads->n, 0, set);
    size_t back[MAX_REVS];
    if (graph_set_heads(g, set, back) != heads->n)
        abort(); /* one head is an ancestor of another */
}

/* The slow reference: replaying the set gives exactly the mentioned part of the catalog. */
static void check_explains(const struct graph *g, const struct catalog *cat, const unsigned char *set)
{
    struct model m;
#ifdef FUZZ_INFER_SELFTEST
    /* The reference must be able to fail: drop the newest revision of the set. */
    unsigned char wrong[MAX_REVS];
    memcpy(wrong, set, MAX_REVS);
    for (size_t k = g->n; k-- > 0;)
        if (wrong[g->order[k]]) {
            wrong[g->order[k]] = 0;
            break;
        }
    set = wrong;
#endif
    replay(g, set, &m);
    for (size_t i = 0; i < cat->n; i++) {
        const struct db_object *o = &cat->objs[i];
        const char *name = o->kind == OBJ_TABLE ? NULL : o->name;
        if (mentioned(g, o->kind, o->table, name) && !find(&m, o->kind, o->table, name)) {
            fprintf(stderr, "candidate does not create %s %s.%s\n", obj_kind_name(o->kind), o->table, name ? name : "");
            abort();
        }
    }
    for (size_t i = 0; i < m.n; i++) {
        if (!m.o[i].alive)
            continue;
        int found = 0;
        for (size_t k = 0; k < cat->n && !found; k++)
            found = cat->objs[k].kind == m.o[i].kind && strcmp(cat->objs[k].table, m.o[i].table) == 0 &&
                    strcmp(cat->objs[k].name ? cat->objs[k].name : "", m.o[i].name) == 0;
        if (!found) {
            fprintf(stderr, "candidate predicts %s %s.%s, absent from the catalog\n", obj_kind_name(m.o[i].kind),
                    m.o[i].table, m.o[i].name);
            abort();
        }
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct fuzz_bytes b = {data, size, 0};
    size_t n = 1 + fb_pick(&b, MAX_REVS);
    struct script_set s = {xcalloc(n, sizeof(struct revision)), 0, n};
    static struct model all, scratch;
    memset(&all, 0, sizeof all);
    /* Built one revision at a time; a graph of the revisions so far tells each its ancestors. */
    for (size_t i = 0; i < n; i++) {
        new_rev(&s, i, &b);
        struct graph g0;
        char err0[256];
        if (graph_build(&s, 1, REVISION_ID_MAX, &g0, err0, sizeof err0) != 0)
            abort();
        ancestors_model(&g0, i, &all, &scratch);
        gen_ops(&b, &s, i, &scratch);
        /* New objects went into scratch with owner i; keep them and the claims. */
        for (size_t k = 0; k < scratch.n; k++)
            if (scratch.o[k].owner == (int)i && all.n < MAX_OBJS && !find(&all, scratch.o[k].kind, scratch.o[k].table,
                                                                        scratch.o[k].name[0] ? scratch.o[k].name : NULL))
                all.o[all.n++] = scratch.o[k];
        claim_back(&all, &scratch);
        graph_free(&g0);
    }
    struct graph g;
    char err[512];
    if (graph_build(&s, 1, REVISION_ID_MAX, &g, err, sizeof err) != 0)
        abort();

    /* The catalog: the replay of a random ancestor-closed set, then noise. */
    size_t pick[MAX_REVS], np = 0;
    for (size_t i = 0; i < n; i++)
        if (fb_pick(&b, 3) == 0)
            pick[np++] = i;
    unsigned char truth[MAX_REVS] = {0};
    graph_ancestors(&g, pick, np, 0, truth);
    struct model m;
    replay(&g, truth, &m);
    struct catalog cat = {0};
    cat.default_schema = xstrdup("public");
    for (size_t i = 0; i < m.n; i++)
        if (m.o[i].alive && fb_pick(&b, 16) != 0)
            catalog_add(&cat, m.o[i].kind, "public", m.o[i].table, m.o[i].kind == OBJ_TABLE ? NULL : m.o[i].name);
    for (size_t k = fb_pick(&b, 3); k > 0; k--) {
        /* An object of some revision, present where the truth lacks it, or one nobody mentions. */
        if (all.n && fb_pick(&b, 2)) {
            struct obj *o = &all.o[fb_pick(&b, all.n)];
            catalog_add(&cat, o->kind, "public", o->table, o->kind == OBJ_TABLE ? NULL : o->name);
        } else {
            catalog_add(&cat, OBJ_TABLE, "public", "unmentioned", NULL);
        }
    }

    /* The version rows: missing, empty, the truth's heads, another set's, or unknown. */
    struct version_record ver = {0};
    size_t heads[MAX_REVS], nh = 0;
    unsigned choice = fb_pick(&b, 5);
    ver.table_exists = choice != 0;
    if (choice == 2)
        nh = graph_set_heads(&g, truth, heads);
    if (choice == 3) {
        size_t one = fb_pick(&b, n);
        unsigned char other[MAX_REVS] = {0};
        graph_ancestors(&g, &one, 1, 0, other);
        nh = graph_set_heads(&g, other, heads);
    }
    ver.rows = xcalloc(nh + 2, sizeof *ver.rows);
    for (size_t i = 0; i < nh; i++)
        ver.rows[ver.n++] = xstrdup(s.revs[heads[i]].id);
    if (choice == 4)
        ver.rows[ver.n++] = xstrdup("ffffffffffff");

    struct infer_options opt = {.on_ambiguous = (enum on_ambiguous)fb_pick(&b, 3), .stamp_verb = "stamped"};
    struct diagnosis d;
    memset(&d, 0, sizeof d);
    if (infer_diagnose(&g, &cat, &ver, &opt, &d, err, sizeof err) != 0)
        abort(); /* no assumed revisions: it cannot fail */
    if (!d.message)
        abort();
    unsigned char set[MAX_REVS];
    int explaining = d.state == STATE_NO_VERSION || d.state == STATE_UNKNOWN_VERSION || d.state == STATE_MISMATCH ||
                     d.state == STATE_AMBIGUOUS;
    for (size_t c = 0; c < d.n_candidates; c++) {
        candidate_set(&g, &d.candidates[c], set);
        if (explaining)
            check_explains(&g, &cat, set);
    }
    if (d.stamp) {
        candidate_set(&g, &d.stamp_revs, set);
        check_explains(&g, &cat, set);
    }
    diagnosis_free(&d);
    version_record_free(&ver);
    catalog_free(&cat);
    graph_free(&g);
    script_set_free(&s);
    return 0;
}
