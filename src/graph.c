/* graph.c: the revision graph. Every walk is iterative (explicit stacks and
 * queues) and linear in revisions plus edges, so a 100,000-revision chain
 * needs no deep recursion. */
#include "graph.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "exitcode.h"
#include "util.h"

static void push_index(size_t **v, size_t *n, size_t x)
{
    /* Capacity doubles at powers of two, so the count is enough to grow by. */
    if ((*n & (*n - 1)) == 0 || *n == 0) {
        size_t cap = *n ? *n * 2 : 1;
        *v = xrealloc(*v, cap * sizeof **v);
    }
    (*v)[(*n)++] = x;
}

void graph_free(struct graph *g)
{
    for (size_t i = 0; i < g->n; i++) {
        free(g->nodes[i].parents);
        free(g->nodes[i].deps);
        free(g->nodes[i].children);
        free(g->nodes[i].dependents);
    }
    free(g->nodes);
    free(g->order);
    free(g->heads);
    free(g->bases);
    memset(g, 0, sizeof *g);
}

static int bad_id(const char *id, size_t max_len, const char **why)
{
    if (!*id) {
        *why = "is empty";
        return 1;
    }
    if (strlen(id) > max_len) {
        *why = "is longer than the version column (VARCHAR(32))";
        return 1;
    }
    for (const char *p = id; *p; p++) {
        if (strchr("@-+:", *p)) {
            *why = "holds one of @ - + : which Alembic reserves for revision expressions";
            return 1;
        }
        if (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r') {
            *why = "holds whitespace";
            return 1;
        }
    }
    return 0;
}

/* A depends_on entry: a revision id, a branch label, or a unique id prefix. */
static int resolve_ref(const struct strmap *ids, const struct strmap *labels, const struct script_set *s,
                       const char *ref, size_t *out)
{
    if (strmap_get(ids, ref, out) || strmap_get(labels, ref, out))
        return 1;
    size_t found = (size_t)-1, len = strlen(ref);
    for (size_t i = 0; i < s->n && len >= 4; i++) {
        if (strncmp(s->revs[i].id, ref, len) == 0) {
            if (found != (size_t)-1)
                return 0;
            found = i;
        }
    }
    if (found == (size_t)-1)
        return 0;
    *out = found;
    return 1;
}

/* Cut revisions (rev_node.cut). Position k is one when no edge (parent or
 * dependency) passes over it, no revision after it lacks a parent and none
 * before it lacks a child: then, going up from any later revision, every
 * step lands at or after k, and going down from any earlier one, at or
 * before it. A linear history is all cuts; a branch's revisions are not. */
static void mark_cuts(struct graph *g)
{
    size_t n = g->n;
    if (!n)
        return;
    long *passing = xcalloc(n + 1, sizeof *passing); /* differences: edges passing over each position */
    size_t last_root = 0, first_leaf = n - 1;
    for (size_t i = 0; i < n; i++) {
        const struct rev_node *nd = &g->nodes[i];
        for (size_t pass = 0; pass < 2; pass++) {
            const size_t *list = pass ? nd->deps : nd->parents;
            size_t cnt = pass ? nd->n_deps : nd->n_parents;
            for (size_t k = 0; k < cnt; k++) {
                size_t from = g->nodes[list[k]].topo;
                if (from + 1 < nd->topo) {
                    passing[from + 1]++;
                    passing[nd->topo]--;
                }
            }
        }
        if (nd->n_parents + nd->n_deps == 0 && nd->topo > last_root)
            last_root = nd->topo;
        if (nd->n_children + nd->n_dependents == 0 && nd->topo < first_leaf)
            first_leaf = nd->topo;
    }
    long open = 0;
    for (size_t k = 0; k < n; k++) {
        open += passing[k];
        g->nodes[g->order[k]].cut = open == 0 && k >= last_root && k <= first_leaf;
    }
    free(passing);
}

/* ---- Alembic's order of applying revisions ---- */

/* More open branches than this and the walk keeps Kahn's order: each open
 * branch holds its ancestors' marks, a byte per revision. */
#define ORDER_MAX_BYTES (64u << 20)

/* Every ancestor of r (down_revision and depends_on), r included: mark
 * cleared, then filled. */
static void ancestors_of(const struct graph *g, size_t r, unsigned char *mark)
{
    memset(mark, 0, g->n);
    graph_ancestors(g, &r, 1, 1, mark);
}

/* Alembic applies `upgrade heads` from an empty database in the reverse of
 * its RevisionMap._topological_sort (alembic/script/revision.py): from the
 * heads in load order, down one branch while no other open branch still
 * needs the next revision, each down_revision tuple in its written order.
 * Where two branches change the same object (fides renames a table one
 * sibling adds a column to) the model must replay them in that order. The
 * same walk here, over ancestor marks; written into g->order, reversed.
 * Past ORDER_MAX_BYTES g->order stays Kahn's. */
static void alembic_order(struct graph *g)
{
    size_t n = g->n;
    if (!n)
        return;
    size_t *open = xmalloc(n * sizeof *open), n_open = 0;
    unsigned char **anc = xmalloc(n * sizeof *anc);
    unsigned char *todo = xmalloc(n);
    memset(todo, 1, n);
    size_t *out = xmalloc(n * sizeof *out), n_out = 0;
    int over = 0;
    /* Heads in load order: the scripts' index order is Alembic's map order. */
    for (size_t i = 0; i < n; i++)
        if (g->nodes[i].n_children == 0)
            open[n_open++] = i;
    if ((unsigned long long)n_open * n > ORDER_MAX_BYTES) {
        over = 1;
        n_open = 0;
    }
    for (size_t k = 0; k < n_open; k++) {
        anc[k] = xmalloc(n);
        ancestors_of(g, open[k], anc[k]);
    }
    size_t idx = 0;
    while (n_open && !over) {
        size_t cand = open[idx], other = n_open;
        for (size_t j = 0; j < n_open; j++)
            if (j != idx && anc[j][cand]) {
                other = j;
                break;
            }
        if (other < n_open) {
            idx = other; /* a branch still open needs cand: walk it first */
            continue;
        }
        if (todo[cand]) {
            out[n_out++] = cand;
            todo[cand] = 0;
        }
        const struct rev_node *nd = &g->nodes[cand];
        size_t n_add = 0, first_add = n;
        for (size_t pass = 0; pass < 2 && !over; pass++) {
            const size_t *list = pass ? nd->deps : nd->parents;
            size_t cnt = pass ? nd->n_deps : nd->n_parents;
            for (size_t k = 0; k < cnt; k++) {
                size_t p = list[k];
                int is_open = 0;
                for (size_t j = 0; j < n_open && !is_open; j++)
                    is_open = open[j] == p;
                if (!todo[p] || is_open || (n_add && p == first_add))
                    continue;
                if (n_add == 0) {
                    first_add = p;
                } else {
                    /* Another branch opens here. */
                    if ((unsigned long long)(n_open + 1) * n > ORDER_MAX_BYTES) {
                        over = 1;
                        break;
                    }
                    open[n_open] = p;
                    anc[n_open] = xmalloc(n);
                    ancestors_of(g, p, anc[n_open]);
                    n_open++;
                }
                n_add++;
            }
        }
        if (over)
            break;
        if (n_add == 0) {
            free(anc[idx]);
            for (size_t j = idx; j + 1 < n_open; j++) {
                open[j] = open[j + 1];
                anc[j] = anc[j + 1];
            }
            n_open--;
            idx = idx ? idx - 1 : 0;
        } else {
            open[idx] = first_add;
            if (nd->n_deps == 0 && nd->n_parents == 1)
                anc[idx][cand] = 0;
            else
                ancestors_of(g, first_add, anc[idx]);
        }
    }
    for (size_t j = 0; j < n_open; j++)
        free(anc[j]);
    if (!over && n_out == n) {
        for (size_t k = 0; k < n; k++) {
            g->order[k] = out[n - 1 - k];
            g->nodes[g->order[k]].topo = k;
        }
    }
    free(open);
    free(anc);
    free(todo);
    free(out);
}

int graph_build(const struct script_set *s, int allow_multiple_heads, size_t max_id_len, struct graph *g,
                char *err, size_t errlen)
{
    memset(g, 0, sizeof *g);
    g->scripts = s;
    g->n = s->n;
    g->nodes = xcalloc(s->n ? s->n : 1, sizeof *g->nodes);
    struct strmap ids = {0}, labels = {0};
    int rc = EXIT_INVALID_SCRIPTS;
    for (size_t i = 0; i < s->n; i++) {
        const struct revision *r = &s->revs[i];
        const char *why;
        size_t other;
        if (bad_id(r->id, max_id_len, &why)) {
            snprintf(err, errlen, "%s: revision id '%.80s' %s", r->path, r->id, why);
            goto out;
        }
        if (strmap_get(&ids, r->id, &other)) {
            snprintf(err, errlen, "%s: revision %s is also defined in %s", r->path, r->id, s->revs[other].path);
            goto out;
        }
        strmap_put(&ids, r->id, i);
        for (size_t k = 0; k < r->n_labels; k++) {
            if (strmap_get(&labels, r->branch_labels[k], &other)) {
                snprintf(err, errlen, "%s: branch label '%.80s' of %s is also used by %s", r->path,
                         r->branch_labels[k], r->id, s->revs[other].id);
                goto out;
            }
            strmap_put(&labels, r->branch_labels[k], i);
        }
    }
    for (size_t i = 0; i < s->n; i++) {
        const struct revision *r = &s->revs[i];
        struct rev_node *nd = &g->nodes[i];
        for (size_t k = 0; k < r->n_down; k++) {
            size_t p;
            if (!strmap_get(&ids, r->down_revisions[k], &p)) {
                snprintf(err, errlen, "%s: revision %s: down_revision '%.80s' is not in the scripts", r->path,
                         r->id, r->down_revisions[k]);
                goto out;
            }
            if (p == i) {
                snprintf(err, errlen, "%s: revision %s names itself as down_revision", r->path, r->id);
                goto out;
            }
            int dup = 0;
            for (size_t j = 0; j < nd->n_parents; j++)
                dup |= nd->parents[j] == p;
            if (dup)
                continue;
            push_index(&nd->parents, &nd->n_parents, p);
            push_index(&g->nodes[p].children, &g->nodes[p].n_children, i);
        }
        for (size_t k = 0; k < r->n_depends; k++) {
            size_t p;
            if (!resolve_ref(&ids, &labels, s, r->depends_on[k], &p)) {
                snprintf(err, errlen, "%s: revision %s: depends_on '%.80s' is not a revision or branch label in "
                         "the scripts", r->path, r->id, r->depends_on[k]);
                goto out;
            }
            if (p == i) {
                snprintf(err, errlen, "%s: revision %s depends on itself", r->path, r->id);
                goto out;
            }
            push_index(&nd->deps, &nd->n_deps, p);
            push_index(&g->nodes[p].dependents, &g->nodes[p].n_dependents, i);
        }
    }
    /* Kahn's algorithm over parents and dependencies; what is left is a cycle. */
    size_t *pending = xcalloc(s->n ? s->n : 1, sizeof *pending);
    size_t *queue = xmalloc((s->n ? s->n : 1) * sizeof *queue);
    size_t qh = 0, qt = 0;
    for (size_t i = 0; i < s->n; i++) {
        pending[i] = g->nodes[i].n_parents + g->nodes[i].n_deps;
        if (pending[i] == 0)
            queue[qt++] = i;
    }
    g->order = xmalloc((s->n ? s->n : 1) * sizeof *g->order);
    size_t placed = 0;
    while (qh < qt) {
        size_t x = queue[qh++];
        g->nodes[x].topo = placed;
        g->order[placed++] = x;
        const struct rev_node *nd = &g->nodes[x];
        for (size_t k = 0; k < nd->n_children; k++)
            if (--pending[nd->children[k]] == 0)
                queue[qt++] = nd->children[k];
        for (size_t k = 0; k < nd->n_dependents; k++)
            if (--pending[nd->dependents[k]] == 0)
                queue[qt++] = nd->dependents[k];
    }
    if (placed < s->n) {
        size_t on_cycle = 0;
        for (size_t i = 0; i < s->n; i++)
            if (pending[i]) {
                on_cycle = i;
                break;
            }
        snprintf(err, errlen, "%s: revision %s is on a cycle of down_revision/depends_on references",
                 s->revs[on_cycle].path, s->revs[on_cycle].id);
        free(pending);
        free(queue);
        goto out;
    }
    free(pending);
    free(queue);
    alembic_order(g);
    mark_cuts(g);
    for (size_t i = 0; i < s->n; i++) {
        if (g->nodes[i].n_children == 0)
            push_index(&g->heads, &g->n_heads, i);
        if (g->nodes[i].n_parents == 0)
            push_index(&g->bases, &g->n_bases, i);
    }
    if (g->n_heads > 1 && !allow_multiple_heads) {
        struct strbuf b = {0};
        for (size_t i = 0; i < g->n_heads && i < 10; i++)
            sb_appendf(&b, "%s%s", i ? ", " : "", s->revs[g->heads[i]].id);
        snprintf(err, errlen, "the scripts have %zu heads (%s%s): merge them with `alembic merge`, or pass "
                 "--allow-multiple-heads", g->n_heads, b.s, g->n_heads > 10 ? ", ..." : "");
        sb_free(&b);
        goto out;
    }
    rc = 0;
out:
    strmap_free(&ids);
    strmap_free(&labels);
    if (rc)
        graph_free(g);
    return rc;
}

enum lookup_result graph_lookup(const struct graph *g, const char *id, size_t *idx)
{
    size_t len = strlen(id), matches = 0;
    if (len == 0)
        return LOOKUP_MISSING;
    for (size_t i = 0; i < g->n; i++) {
        if (strcmp(g->scripts->revs[i].id, id) == 0) {
            *idx = i;
            return LOOKUP_FOUND;
        }
    }
    for (size_t i = 0; i < g->n; i++) {
        if (strncmp(g->scripts->revs[i].id, id, len) == 0) {
            *idx = i;
            matches++;
        }
    }
    return matches == 0 ? LOOKUP_MISSING : matches == 1 ? LOOKUP_FOUND : LOOKUP_AMBIGUOUS;
}

void graph_ancestors(const struct graph *g, const size_t *revs, size_t n_revs, int with_deps, unsigned char *mark)
{
    size_t *stack = xmalloc((g->n ? g->n : 1) * sizeof *stack);
    size_t top = 0;
    for (size_t i = 0; i < n_revs; i++) {
        if (!mark[revs[i]]) {
            mark[revs[i]] = 1;
            stack[top++] = revs[i];
        }
    }
    while (top) {
        const struct rev_node *nd = &g->nodes[stack[--top]];
        for (size_t k = 0; k < nd->n_parents; k++)
            if (!mark[nd->parents[k]]) {
                mark[nd->parents[k]] = 1;
                stack[top++] = nd->parents[k];
            }
        for (size_t k = 0; with_deps && k < nd->n_deps; k++)
            if (!mark[nd->deps[k]]) {
                mark[nd->deps[k]] = 1;
                stack[top++] = nd->deps[k];
            }
    }
    free(stack);
}

size_t graph_set_heads(const struct graph *g, const unsigned char *in_set, size_t *heads_out)
{
    size_t n = 0;
    for (size_t t = 0; t < g->n; t++) {
        size_t i = g->order[t];
        if (!in_set[i])
            continue;
        int has_child = 0;
        for (size_t k = 0; k < g->nodes[i].n_children && !has_child; k++)
            has_child = in_set[g->nodes[i].children[k]];
        if (!has_child)
            heads_out[n++] = i;
    }
    return n;
}
