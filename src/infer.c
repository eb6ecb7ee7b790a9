/* infer.c: from the scripts' schema effects and the live catalog to the
 * state of SPEC section 4.
 *
 * The model (model.c) predicts, for a set of applied revisions, each object
 * some migration mentions: absent, present with attributes, or undecided
 * (no migration creates it, or a statement the gate cannot read may have
 * touched it). A set "explains" the database when no decided prediction
 * contradicts the catalog.
 *
 * The search. Running every revision once records, per object, the
 * revisions that change it and the state each leaves. When those revisions
 * form a chain in the graph, an ancestor-closed set holds a prefix of that
 * chain, so the observed object bounds the prefix: the first revision whose
 * state matches must be applied, the one after the last match must not be.
 * These pins are closed over ancestors and descendants; the revisions left
 * free are few in practice (opaque ones at the boundary, effects undone
 * later) and only their assignments are searched, with a bound on the
 * leaves. Each leaf is checked exactly by running the model, so the pins
 * only prune: they come only from objects whose events do not depend on
 * other objects' state (model.h). */
#include "infer.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "exitcode.h"
#include "model.h"
#include "ops.h"
#include "script.h"

#define NONE ((size_t)-1)
#define SEARCH_LEAF_LIMIT 4096    /* leaves checked before giving up on listing every candidate */
#define CANDIDATES_KEPT 16        /* candidate sets kept for the report */
#define ANCESTRY_BUDGET 20000000  /* node visits spent on chain checks before skipping them */
#define LIST_LIMIT 50             /* objects named in evidence lists */
#define TRIP_CHECKS 1000          /* contradicting objects checked against pending revisions */

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

char *db_object_describe(const struct db_object *o)
{
    return model_describe(o->kind, o->schema, o->table, o->name);
}

const char *gate_state_name(enum gate_state s)
{
    switch (s) {
    case STATE_FRESH: return "fresh";
    case STATE_HEALTHY: return "healthy";
    case STATE_DRIFT: return "drift";
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

/* The schema an op names: a created schema itself, else where its object lives. */
static const char *op_schema(const struct schema_op *op, const char *default_schema)
{
    int is_schema = op->kind == OP_CREATE_SCHEMA ||
                    (op->kind >= OP_CREATE && op->kind != OP_TOUCH && op->obj == OBJ_SCHEMA);
    if (is_schema)
        return op->name ? op->name : op->schema;
    if (op->kind == OP_TOUCH || (op->kind >= OP_CREATE && op->obj == OBJ_EXTENSION))
        return op->schema;
    return op->schema ? op->schema : default_schema;
}

void infer_touched_schemas(const struct graph *g, const char *default_schema, struct strvec *out)
{
    sv_push(out, default_schema);
    for (size_t r = 0; r < g->n; r++) {
        const struct upgrade_effects *e = &g->scripts->revs[r].effects;
        for (size_t i = 0; i < e->n_ops; i++) {
            const char *s = op_schema(&e->ops[i], default_schema);
            if (s && !sv_contains(out, s))
                sv_push(out, s);
        }
    }
}

/* Runs a set and counts the objects it gets wrong; names up to `limit` of
 * them in why and their ids in ids (either may be NULL). */
static size_t contradictions(struct model *m, const unsigned char *in_set, struct strvec *why, size_t *ids,
                             size_t limit)
{
    model_run(m, in_set);
    size_t bad = 0;
    for (size_t o = 0; o < m->n_objs; o++) {
        if (!m->objs[o].n_events || !model_contradicts(m, o))
            continue;
        if (ids && bad < limit)
            ids[bad] = o;
        if (why && why->n < limit)
            sv_push_owned(why, model_why(m, o));
        bad++;
    }
    return bad;
}

/* ---- graph helpers ---- */

/* Is a an ancestor of b (through parents and dependencies)? Against a cut
 * revision (graph.h) positions answer; else walks up from b, pruning below
 * a's position and stopping at the first cut after it. -1 when the budget
 * ran out. */
static int is_ancestor(const struct graph *g, size_t a, size_t b, long *budget, unsigned char *seen,
                       size_t *stack)
{
    if (a == b)
        return 1;
    if (g->nodes[a].topo > g->nodes[b].topo)
        return 0;
    if (g->nodes[a].cut || g->nodes[b].cut)
        return 1;
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
                if (p == a || (g->nodes[p].cut && g->nodes[p].topo > g->nodes[a].topo)) {
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
    long budget = ANCESTRY_BUDGET;
    unsigned char *seen = xcalloc(g->n ? g->n : 1, 1);
    size_t *stack = xmalloc((2 * g->n + 2) * sizeof *stack);
    for (size_t id = 0; id < m->n_objs; id++) {
        const struct mobj *o = &m->objs[id];
        size_t k = o->n_events;
        if (o->conditional || !k)
            continue;
        /* One event per revision, in topological order (model.c). */
        const struct mevent *ev = &m->events[o->first_event];
        int is_chain = 1;
        for (size_t i = 0; i + 1 < k && is_chain; i++) {
            int a = budget > 0 ? is_ancestor(g, ev[i].rev, ev[i + 1].rev, &budget, seen, stack) : -1;
            if (a != 1)
                is_chain = 0;
        }
        if (!is_chain)
            continue;
        /* Prefix lengths 0..k: prefix j leaves the object as event j-1 did. */
        size_t lo = NONE, hi = NONE;
        for (size_t j = 0; j <= k; j++) {
            if (model_event_compatible(m, id, j ? &ev[j - 1] : NULL)) {
                if (lo == NONE)
                    lo = j;
                hi = j;
            }
        }
        if (lo == 0 && hi == k)
            continue; /* every prefix agrees: no pin */
        /* Described only for a line that is kept: most pins add none. */
        char *d = NULL;
        const char *seen_as = o->observed ? "present" : "absent";
        if (lo == NONE) {
            if (s->impossible.n < LIST_LIMIT) {
                d = model_describe(o->kind, o->schema, o->table, o->name);
                sv_push_owned(&s->impossible, xasprintf("%s is %s, but no revision leaves it so", d, seen_as));
                free(d);
            }
            continue;
        }
        if (lo > 0 && !s->must_in[ev[lo - 1].rev]) {
            s->must_in[ev[lo - 1].rev] = 1;
            if (supporting->n < LIST_LIMIT) {
                d = model_describe(o->kind, o->schema, o->table, o->name);
                sv_push_owned(supporting, xasprintf("%s %s: %s was applied", d, seen_as, rev_id(g, ev[lo - 1].rev)));
            }
        }
        if (hi < k && !s->must_out[ev[hi].rev]) {
            s->must_out[ev[hi].rev] = 1;
            if (supporting->n < LIST_LIMIT) {
                if (!d)
                    d = model_describe(o->kind, o->schema, o->table, o->name);
                sv_push_owned(supporting, xasprintf("%s %s: %s was not applied", d, seen_as, rev_id(g, ev[hi].rev)));
            }
        }
        free(d);
    }
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
            if (contradictions(m, val, NULL, NULL, 0) == 0)
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

static void free_candidates(struct diagnosis *d)
{
    for (size_t i = 0; i < d->n_candidates; i++)
        sv_free(&d->candidates[i]);
    free(d->candidates);
    d->candidates = NULL;
    d->n_candidates = 0;
}

/* The search's sets as the diagnosis names them, replacing any named before. */
static void record_candidates(struct diagnosis *d, const struct graph *g, const struct search *s)
{
    free_candidates(d);
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


struct decide {
    const struct graph *g;
    const struct catalog *cat;
    const struct version_record *v;
    const struct infer_options *opt;
    struct diagnosis *d;
    struct model m;
    struct search s;
    unsigned char *recorded;  /* the recorded set (its known rows) */
    unsigned char *assumed;   /* --assume-revision's set, or NULL */
    int recorded_known;       /* rows present, every one in the scripts */
    int invalid_record;       /* a row is an ancestor of another */
    size_t strong_extras;     /* extra objects that are more than columns, indexes... on mentioned tables */
    struct strvec unknown_ids;
    char *rec_text, *unk_text;
    const char *stamped, *vt_word;
    size_t guards_trusted;    /* revisions whose early-return guards were taken as not taken */
};

/* An extra object is a sign of a newer release unless it only sits on a
 * table the migrations mention (a hand-made index, a constraint). */
static int extra_is_strong(const struct model *m, const struct db_object *o)
{
    char owner[PG_NAME_MAX * 4 + 1];
    const char *table = o->table;
    switch (o->kind) {
    case OBJ_INDEX:
    case OBJ_SEQUENCE:
        /* Named per schema: their table is an attribute (a serial column's
         * sequence, an index). */
        if (!table && attrs_get(o->attrs, "table", owner, sizeof owner))
            table = owner;
        /* fall through */
    case OBJ_COLUMN:
    case OBJ_CONSTRAINT:
    case OBJ_TRIGGER:
        return !table || model_lookup(m, OBJ_TABLE, o->schema, table, NULL) == MODEL_NONE;
    default:
        return 1;
    }
}

static int described_kind_is_strong(const char *desc)
{
    static const enum obj_kind weak[] = {OBJ_COLUMN, OBJ_INDEX, OBJ_CONSTRAINT, OBJ_TRIGGER, OBJ_SEQUENCE};
    for (size_t i = 0; i < sizeof weak / sizeof weak[0]; i++) {
        const char *k = obj_kind_name(weak[i]);
        size_t n = strlen(k);
        if (strncmp(desc, k, n) == 0 && desc[n] == ' ')
            return 0;
    }
    return 1;
}

static void push_extra(struct decide *x, char *desc, int strong)
{
    struct diagnosis *d = x->d;
    if (d->extra.n < EXTRA_LIST_MAX)
        sv_push_owned(&d->extra, desc);
    else
        free(desc);
    d->extra_total++;
    x->strong_extras += strong != 0;
}

/* Extra objects: in the catalog, in a schema the migrations touch, and
 * mentioned by no migration. Columns count only under tables some migration
 * creates (only there is the full column list known); schemas never count.
 * Objects the catalog reader counted without reading them count too. */
static void find_extras(struct decide *x)
{
    const struct catalog *cat = x->cat;
    for (size_t i = 0; i < cat->n; i++) {
        const struct db_object *o = &cat->objs[i];
        if (o->kind == OBJ_SCHEMA || model_lookup(&x->m, o->kind, o->schema, o->table, o->name) != MODEL_NONE ||
            model_touch_mentions(&x->m, o) || model_guess_may_be(&x->m, o) || model_observed_as(&x->m, o))
            continue;
        if (o->kind == OBJ_COLUMN) {
            size_t t = model_lookup(&x->m, OBJ_TABLE, o->schema, o->table, NULL);
            if (t == MODEL_NONE || !x->m.objs[t].created)
                continue;
        }
        /* A sequence a column of a mentioned table owns (serial, identity)
         * is that column's: the column counts, where columns count. Seen:
         * open-webui's tables from an older ORM, `prompt_id_seq`. */
        if (o->kind == OBJ_SEQUENCE && !extra_is_strong(&x->m, o))
            continue;
        push_extra(x, db_object_describe(o), extra_is_strong(&x->m, o));
    }
    for (size_t i = 0; i < cat->unmentioned.n; i++)
        push_extra(x, xstrdup(cat->unmentioned.v[i]), described_kind_is_strong(cat->unmentioned.v[i]));
    if (cat->unmentioned_total > cat->unmentioned.n)
        x->d->extra_total += cat->unmentioned_total - cat->unmentioned.n;
    x->d->extra_more = cat->unmentioned_truncated;
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


static void read_record(struct decide *x)
{
    const struct graph *g = x->g;
    size_t n = g->n;
    x->recorded = xcalloc(n ? n : 1, 1);
    size_t *rows = xmalloc((x->v->n + 1) * sizeof *rows);
    size_t n_rows = 0;
    for (size_t i = 0; i < x->v->n; i++) {
        size_t idx;
        if (graph_lookup(g, x->v->rows[i], &idx) == LOOKUP_FOUND)
            rows[n_rows++] = idx;
        else
            sv_push(&x->unknown_ids, x->v->rows[i]);
    }
    graph_ancestors(g, rows, n_rows, 1, x->recorded);
    if (n_rows > 1) {
        size_t *heads = xmalloc((n ? n : 1) * sizeof *heads);
        x->invalid_record = graph_set_heads(g, x->recorded, heads) != n_rows;
        free(heads);
    }
    free(rows);
    x->recorded_known = x->v->n > 0 && x->unknown_ids.n == 0;
    struct strvec rv = {0};
    for (size_t i = 0; i < x->v->n; i++)
        sv_push(&rv, x->v->rows[i]);
    x->rec_text = join(&rv);
    sv_free(&rv);
    x->unk_text = join(&x->unknown_ids);
    x->vt_word = x->v->table_exists ? "empty" : "missing";
}

/* Pins the revisions the objects decide, then enumerates the rest: the
 * sets of revisions model m explains the catalog with go to s. */
static void search_model(const struct graph *g, struct model *m, struct search *s, struct strvec *supporting)
{
    size_t n = g->n;
    s->must_in = xcalloc(n ? n : 1, 1);
    s->must_out = xcalloc(n ? n : 1, 1);
    derive_pins(m, s, supporting);
    close_ancestors(g, s->must_in);
    close_descendants(g, s->must_out);
    int conflict = s->impossible.n > 0;
    for (size_t r = 0; r < n && !conflict; r++)
        if (s->must_in[r] && s->must_out[r])
            conflict = 1;
    if (!conflict)
        search_free(m, s);
}

static void search_sets(struct decide *x)
{
    search_model(x->g, &x->m, &x->s, &x->d->supporting);
    record_candidates(x->d, x->g, &x->s);
}

/* Revisions with ops that are maybe only because of an early return above
 * them (CKAN's `if skip_based_on_legacy_engine_version(...): return`). */
static size_t guarded_revisions(const struct graph *g)
{
    size_t k = 0;
    for (size_t r = 0; r < g->n; r++) {
        const struct upgrade_effects *e = &g->scripts->revs[r].effects;
        for (size_t i = 0; i < e->n_ops; i++) {
            if (e->ops[i].flags & OPF_GUARDED) {
                k++;
                break;
            }
        }
    }
    return k;
}

/* Several sets explain the schema when the guarded ops may not have run.
 * A guard that returns early is the exception a project keeps for old
 * databases; when taking every guard as not taken still explains the
 * schema, with fewer sets, those sets are the answer (they are among the
 * first search's: the trusting model only adds certainties). The model and
 * search are swapped for them. */
static void narrow_by_guards(struct decide *x)
{
    size_t guarded = guarded_revisions(x->g);
    if (!guarded)
        return;
    struct model m2;
    struct search s2 = {0};
    struct strvec supporting = {0};
    model_build(&m2, x->g, x->m.dflt, 1);
    model_observe(&m2, x->cat);
    search_model(x->g, &m2, &s2, &supporting);
    if (s2.n_found == 0 || (s2.truncated && x->s.truncated) ||
        (!x->s.truncated && s2.n_found >= x->s.n_found)) {
        search_free_all(&s2);
        sv_free(&supporting);
        model_free(&m2);
        return;
    }
    struct diagnosis *d = x->d;
    record_candidates(d, x->g, &s2);
    sv_free(&d->supporting);
    d->supporting = supporting;
    search_free_all(&x->s);
    x->s = s2;
    model_free(&x->m);
    x->m = m2;
    x->guards_trusted = guarded;
}

/* Appended to a message that rests on narrow_by_guards. */
static void note_guards(struct decide *x)
{
    if (!x->guards_trusted)
        return;
    struct diagnosis *d = x->d;
    char *msg = xasprintf("%s (reading the early-return guards of %zu revision%s as not taken: the reading that "
                          "leaves the fewest sets)", d->message, x->guards_trusted, x->guards_trusted == 1 ? "" : "s");
    free(d->message);
    d->message = msg;
}

/* Fresh means nothing there: no object any migration creates or refers to
 * exists (schemas and extensions aside: an empty schema or an installed
 * extension holds no application data; and what module-level code creates
 * whenever Alembic loads the scripts). */
static int anything_mentioned_exists(const struct decide *x)
{
    for (size_t o = 0; o < x->m.n_objs; o++) {
        enum obj_kind k = x->m.objs[o].kind;
        if (x->m.objs[o].observed && !x->m.objs[o].at_import && k != OBJ_SCHEMA && k != OBJ_EXTENSION)
            return 1;
    }
    for (size_t i = 0; i < x->cat->n; i++) {
        const struct db_object *o = &x->cat->objs[i];
        if (o->kind != OBJ_SCHEMA && o->kind != OBJ_EXTENSION && model_touch_mentions(&x->m, o))
            return 1;
    }
    /* A relation no script names in full may be one a script names in
     * part (fief: every table f"{table_prefix}..." ; read as fresh, the
     * next upgrade failed on tables that exist). Past the bound of the
     * ones named, it may be any of the rest. */
    if (x->cat->unmentioned_truncated && model_partial_names(&x->m, NULL))
        return 1;
    for (size_t i = 0; i < x->cat->unmentioned.n; i++) {
        const char *d = strchr(x->cat->unmentioned.v[i], ' '); /* "table public.name" */
        if (d && model_partial_names(&x->m, d + 1))
            return 1;
    }
    return 0;
}

/* Whether the search found a set short of every revision. */
static int found_short_of_heads(const struct decide *x)
{
    size_t kept = x->s.n_found < CANDIDATES_KEPT ? x->s.n_found : CANDIDATES_KEPT;
    for (size_t i = 0; i < kept; i++)
        if (set_size(x->s.found[i], x->g->n) < x->g->n)
            return 1;
    return 0;
}

/* Ahead: what the script heads create is there, what they drop is gone,
 * and something no migration mentions is there too. The heads' work must be
 * seen: when a set short of the heads explains the schema as well, nothing
 * shows that a release went past them (dagster: every op of its heads under
 * an inspector guard, the application's own tables the only extras, read as
 * ahead at every cut point; anitya: an index the head re-creates without
 * UNIQUE, unique still). An attribute the heads leave otherwise does not say
 * no by itself: a newer release may have changed it. */
static int is_ahead(struct decide *x)
{
    if (!x->strong_extras || x->s.truncated || found_short_of_heads(x))
        return 0;
    const struct graph *g = x->g;
    size_t n = g->n;
    unsigned char *set = xmalloc(n ? n : 1);
    memset(set, 1, n ? n : 1);
    model_run(&x->m, set);
    unsigned char *differs = xcalloc(x->m.n_objs ? x->m.n_objs : 1, 1); /* attributes, under every revision */
    for (size_t o = 0; o < x->m.n_objs; o++) {
        int c = x->m.objs[o].n_events ? model_contradicts(&x->m, o) : 0;
        if (c == 1) {
            free(differs);
            free(set);
            return 0;
        }
        differs[o] = c == 2;
    }
    /* The same, without the heads' own work (below merges and empty
     * revisions), must not explain the schema: else nothing of the heads is
     * seen (funnel: its last 46 revisions dispatch to per-database
     * functions the gate does not follow). The search may have kept only
     * the largest of sets the schema cannot tell apart. */
    unsigned char *tips = xcalloc(n ? n : 1, 1);
    size_t cap = 4 * n + g->n_heads + 1, *stack = xmalloc(cap * sizeof *stack), top = 0;
    for (size_t h = 0; h < g->n_heads; h++)
        stack[top++] = g->heads[h];
    while (top) {
        size_t r = stack[--top];
        if (tips[r])
            continue;
        tips[r] = 1;
        if (rev_is_empty(g, r))
            for (size_t p = 0; p < g->nodes[r].n_parents && top < cap; p++)
                stack[top++] = g->nodes[r].parents[p];
    }
    free(stack);
    close_descendants(g, tips); /* what is left stays closed under ancestry */
    for (size_t r = 0; r < n; r++)
        set[r] = !tips[r];
    free(tips);
    model_run(&x->m, set);
    free(set);
    int seen = 0;
    for (size_t o = 0; o < x->m.n_objs && !seen; o++)
        seen = x->m.objs[o].n_events && !differs[o] && model_contradicts(&x->m, o);
    free(differs);
    return seen;
}

/* Stamps the one set that explains the schema, saying why in the words of
 * the state. */
static void stamp_found(struct decide *x, enum gate_state st, const unsigned char *set)
{
    struct diagnosis *d = x->d;
    stamp_set(d, x->g, set);
    char *heads = join(&d->stamp_revs);
    switch (st) {
    case STATE_NO_VERSION:
        finish(d, st, EXIT_READY,
               xasprintf("tables exist but the version table was %s; %s %s, the revision the schema matches",
                         x->vt_word, x->stamped, heads));
        break;
    case STATE_UNKNOWN_VERSION:
        finish(d, st, EXIT_READY,
               xasprintf("recorded revision %s is not in the scripts (squashed or rolled back); the schema "
                         "matches %s; %s it", x->unk_text, heads, x->stamped));
        break;
    default:
        finish(d, st, EXIT_READY,
               xasprintf("recorded revision %s disagrees with the schema (%zu contradicting object%s); the "
                         "schema matches %s; %s it", x->rec_text, d->contradicting.n,
                         d->contradicting.n == 1 ? "" : "s", heads, x->stamped));
        break;
    }
    free(heads);
}

static void stamp_assumed(struct decide *x, enum gate_state st)
{
    struct diagnosis *d = x->d;
    stamp_set(d, x->g, x->assumed);
    char *heads = join(&d->stamp_revs);
    size_t bad = contradictions(&x->m, x->assumed, NULL, NULL, 0);
    finish(d, st, EXIT_READY,
           xasprintf("%s %s as --assume-revision says (the schema %s it)", x->stamped, heads,
                     bad ? "contradicts" : "matches"));
    free(heads);
}

static void ambiguous(struct decide *x)
{
    struct diagnosis *d = x->d;
    const struct search *s = &x->s;
    size_t n = x->g->n;
    char *cands = candidates_text(d);
    if (x->opt->on_ambiguous != AMBIGUOUS_FAIL && !d->candidates_truncated) {
        size_t pick = 0;
        for (size_t i = 1; i < s->n_found; i++) {
            size_t a = set_size(s->found[i], n), b = set_size(s->found[pick], n);
            if (x->opt->on_ambiguous == AMBIGUOUS_NEWEST ? a > b : a < b)
                pick = i;
        }
        stamp_set(d, x->g, s->found[pick]);
        char *heads = join(&d->stamp_revs);
        finish(d, STATE_AMBIGUOUS, EXIT_READY,
               xasprintf("the schema matches %zu sets of revisions (%s); %s %s, the %s, as --on-ambiguous says",
                         s->n_found, cands, x->stamped, heads,
                         x->opt->on_ambiguous == AMBIGUOUS_NEWEST ? "newest" : "oldest"));
        free(heads);
    } else {
        finish(d, STATE_AMBIGUOUS, EXIT_NEEDS_HUMAN,
               xasprintf("the schema matches %s%zu sets of revisions: %s; migrations whose effects cannot be "
                         "seen (data changes) leave no trace. Rerun with --assume-revision REV or "
                         "--on-ambiguous newest|oldest", s->truncated ? "at least " : "", s->n_found, cands));
    }
    free(cands);
}

static void unexplained(struct decide *x, const char *why)
{
    struct diagnosis *d = x->d;
    if (!d->contradicting.n) {
        /* Name what the closest guess gets wrong: the pinned revisions. */
        for (size_t i = 0; i < x->s.impossible.n; i++)
            sv_push(&d->contradicting, x->s.impossible.v[i]);
        if (!d->contradicting.n)
            contradictions(&x->m, x->s.must_in, &d->contradicting, NULL, LIST_LIMIT);
    }
    finish(d, STATE_UNEXPLAINED, EXIT_NEEDS_HUMAN,
           xasprintf("no set of revisions explains the schema (%zu contradicting object%s%s%s)%s; fix it by hand "
                     "or use --assume-revision", d->contradicting.n, d->contradicting.n == 1 ? "" : "s",
                     d->contradicting.n ? ", e.g. " : "", d->contradicting.n ? d->contradicting.v[0] : "",
                     why ? why : ""));
}

/* The sets the search found: one is stamped, several are ambiguous, none
 * is unexplained. --assume-revision answers all three. */
static void pick(struct decide *x, enum gate_state st)
{
    const struct search *s = &x->s;
    if (!x->assumed && (s->n_found > 1 || s->truncated))
        narrow_by_guards(x);
    if (x->assumed)
        stamp_assumed(x, st);
    else if (s->n_found == 1 && !s->truncated)
        stamp_found(x, st, s->found[0]);
    else if (s->n_found > 0)
        ambiguous(x);
    else
        unexplained(x, NULL);
    note_guards(x);
}

static void decide_unrecorded(struct decide *x)
{
    if (!anything_mentioned_exists(x)) {
        x->d->pending = (long)x->g->n;
        finish(x->d, STATE_FRESH, EXIT_READY,
               xasprintf("no object any migration creates or refers to exists and the version table is %s: a "
                         "fresh database; the next alembic upgrade builds everything", x->vt_word));
        return;
    }
    pick(x, STATE_NO_VERSION);
}

static void decide_unknown(struct decide *x)
{
    struct diagnosis *d = x->d;
    if (is_ahead(x)) {
        finish(d, STATE_AHEAD, EXIT_READY,
               xasprintf("recorded revision %s is not in the scripts, and the schema has everything the script "
                         "heads create plus %zu object%s no migration mentions: a newer release migrated this "
                         "database (a rollback?); leaving it alone", x->unk_text, d->extra_total,
                         d->extra_total == 1 ? "" : "s"));
        return;
    }
    if (!x->assumed && x->s.n_found == 1 && !x->s.truncated && d->extra_total > 0) {
        /* The extras may be the unknown revision's work. */
        char *cands = candidates_text(d);
        finish(d, STATE_UNEXPLAINED, EXIT_NEEDS_HUMAN,
               xasprintf("recorded revision %s is not in the scripts; the schema matches %s but also has %zu "
                         "object%s no migration here creates (e.g. %s); stamp by hand or use --assume-revision",
                         x->unk_text, cands, d->extra_total, d->extra_total == 1 ? "" : "s",
                         d->extra.n ? d->extra.v[0] : "unnamed"));
        free(cands);
        return;
    }
    pick(x, STATE_UNKNOWN_VERSION);
}

/* The recorded revisions are all known. The schema contradicts them and no
 * set explains it: drift when no pending revision would trip over what
 * contradicts, else unexplained. */
static void drift_or_unexplained(struct decide *x, const size_t *ids, size_t n_ids)
{
    struct diagnosis *d = x->d;
    size_t n = x->g->n;
    unsigned char *pending = xmalloc(n ? n : 1);
    for (size_t r = 0; r < n; r++)
        pending[r] = !x->recorded[r];
    size_t trip = NONE;
    /* Only an object whose presence contradicts the record: one the model
     * predicts present as the catalog has it cannot make a pending
     * migration fail unless the model is wrong about that migration. */
    for (size_t i = 0; i < n_ids && i < TRIP_CHECKS && trip == NONE; i++)
        if (model_contradicts(&x->m, ids[i]) == 1 && model_would_trip(&x->m, ids[i], pending))
            trip = ids[i];
    free(pending);
    if (trip != NONE || x->assumed) {
        if (x->assumed) {
            stamp_assumed(x, STATE_UNEXPLAINED);
            return;
        }
        const struct mobj *o = &x->m.objs[trip];
        char *desc = model_describe(o->kind, o->schema, o->table, o->name);
        char *why = xasprintf(", and a pending migration would fail on %s", desc);
        unexplained(x, why);
        free(why);
        free(desc);
        return;
    }
    d->pending = (long)(n - set_size(x->recorded, n));
    finish(d, STATE_DRIFT, EXIT_READY,
           xasprintf("recorded revision %s is right, but the schema has drifted from it (%zu object%s, e.g. %s) "
                     "where no pending migration depends on it: changed by hand? Leaving it alone",
                     x->rec_text, d->contradicting.n, d->contradicting.n == 1 ? "" : "s",
                     d->contradicting.n ? d->contradicting.v[0] : ""));
}

/* After contradictions(): whether some object's presence, not only its
 * attributes, contradicts the set just run. */
static int presence_contradicted(const struct decide *x)
{
    for (size_t o = 0; o < x->m.n_objs; o++)
        if (x->m.objs[o].n_events && model_contradicts(&x->m, o) == 1)
            return 1;
    return 0;
}

/* Whether the set found explains every object whose presence contradicts
 * the record by what its revisions certainly do, not by an effect the model
 * is unsure of. Else the contradiction may be the model's gap as much as the
 * record's (koschei: a helper's unreadable constraint names made a
 * re-created table's primary key uncertain one revision on, and the right
 * record was rewritten to that revision). Leaves the record's run. */
static int explains_for_certain(struct decide *x, const unsigned char *found)
{
    size_t n_objs = x->m.n_objs;
    unsigned char *against = xcalloc(n_objs ? n_objs : 1, 1);
    for (size_t o = 0; o < n_objs; o++)
        against[o] = x->m.objs[o].n_events && model_contradicts(&x->m, o) == 1;
    model_run(&x->m, found);
    int certain = 1;
    for (size_t o = 0; o < n_objs && certain; o++)
        if (against[o]) /* present under a guessed name: made by its create, whatever a convention does */
            certain = x->m.objs[o].observed ? x->m.st[o] == ST_PRESENT || x->m.st[o] == ST_EITHER
                                            : x->m.st[o] == ST_ABSENT;
    free(against);
    model_run(&x->m, x->recorded);
    return certain;
}

static void decide_recorded(struct decide *x)
{
    struct diagnosis *d = x->d;
    size_t n = x->g->n;
    size_t *ids = xmalloc(TRIP_CHECKS * sizeof *ids);
    size_t bad = contradictions(&x->m, x->recorded, &d->contradicting, ids, TRIP_CHECKS);
    if (bad == 0 && !x->invalid_record) {
        d->pending = (long)(n - set_size(x->recorded, n));
        finish(d, STATE_HEALTHY, EXIT_READY,
               xasprintf("recorded revision %s matches the schema; %ld migration%s pending", x->rec_text,
                         d->pending, d->pending == 1 ? "" : "s"));
    } else if (bad == 0) {
        stamp_set(d, x->g, x->recorded);
        char *heads = join(&d->stamp_revs);
        finish(d, STATE_MISMATCH, EXIT_READY,
               xasprintf("the version table holds %s: a revision together with its ancestor, an invalid record; "
                         "%s %s, the heads of the same set", x->rec_text, x->stamped, heads));
        free(heads);
    } else if (x->assumed || (x->s.n_found == 1 && !x->s.truncated && presence_contradicted(x) &&
                              explains_for_certain(x, x->s.found[0]))) {
        pick(x, STATE_MISMATCH);
    } else {
        /* A known record is rewritten only on a missing or unexpected
         * object and one set that explains the schema; attribute evidence
         * alone, or several explaining sets, may be the model's gap as much
         * as the record's, and a right record must never be blocked for it. */
        drift_or_unexplained(x, ids, bad < TRIP_CHECKS ? bad : TRIP_CHECKS);
    }
    free(ids);
}

/* The objects the model cannot decide for the set the diagnosis settled
 * on: the stamped one, else the recorded one, else the first candidate. */
static void note_uncertain(struct decide *x)
{
    struct diagnosis *d = x->d;
    const unsigned char *set = NULL;
    unsigned char *stamp = NULL;
    if (d->stamp) {
        size_t n = x->g->n, *idx = xmalloc((d->stamp_revs.n + 1) * sizeof *idx), k = 0;
        for (size_t i = 0; i < d->stamp_revs.n; i++)
            if (graph_lookup(x->g, d->stamp_revs.v[i], &idx[k]) == LOOKUP_FOUND)
                k++;
        stamp = xcalloc(n ? n : 1, 1);
        graph_ancestors(x->g, idx, k, 1, stamp);
        free(idx);
        set = stamp;
    } else if (x->recorded_known) {
        set = x->recorded;
    } else if (x->s.n_found) {
        set = x->s.found[0];
    }
    if (set && d->state != STATE_FRESH) {
        model_run(&x->m, set);
        for (size_t o = 0; o < x->m.n_objs; o++) {
            const struct mobj *ob = &x->m.objs[o];
            if (!x->m.unsure[o] && x->m.st[o] != ST_UNCERTAIN)
                continue;
            if (d->uncertain.n < LIST_LIMIT)
                sv_push_owned(&d->uncertain, model_describe(ob->kind, ob->schema, ob->table, ob->name));
            d->uncertain_total++;
        }
    }
    free(stamp);
}

int infer_diagnose(const struct graph *g, const struct catalog *cat, const struct version_record *v,
                   const struct infer_options *opt, struct diagnosis *d, char *err, size_t errlen)
{
    memset(d, 0, sizeof *d);
    d->pending = -1;
    struct decide x = {.g = g, .cat = cat, .v = v, .opt = opt, .d = d};
    x.stamped = opt->stamp_verb ? opt->stamp_verb : "stamped";
    if (opt->n_assume_revisions) {
        x.assumed = xcalloc(g->n ? g->n : 1, 1);
        int rc = resolve_assumed(g, opt, x.assumed, err, errlen);
        if (rc) {
            free(x.assumed);
            return rc;
        }
    }
    model_build(&x.m, g, cat->default_schema ? cat->default_schema : "public", 0);
    model_observe(&x.m, cat);
    find_extras(&x);
    read_record(&x);
    search_sets(&x);
    if (v->n == 0)
        decide_unrecorded(&x);
    else if (x.unknown_ids.n)
        decide_unknown(&x);
    else
        decide_recorded(&x);
    note_uncertain(&x);

    free(x.rec_text);
    free(x.unk_text);
    sv_free(&x.unknown_ids);
    free(x.recorded);
    free(x.assumed);
    search_free_all(&x.s);
    model_free(&x.m);
    return 0;
}

void diagnosis_free(struct diagnosis *d)
{
    sv_free(&d->stamp_revs);
    free_candidates(d);
    sv_free(&d->extra);
    sv_free(&d->uncertain);
    sv_free(&d->supporting);
    sv_free(&d->contradicting);
    free(d->message);
    memset(d, 0, sizeof *d);
}
