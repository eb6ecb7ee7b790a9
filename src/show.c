/* show.c: `heads` and `history`, line for line as Alembic prints them.
 *
 * Alembic's order comes from its RevisionMap: heads in load order, history
 * from a topological walk that follows one head's line down until another
 * head still needs a revision (RevisionMap._topological_sort). The same
 * walk is done here, iteratively. Branch labels spread to descendants and
 * up to the nearest branch or merge point, as RevisionMap._add_branches does. */
#include "show.h"

#include <stdlib.h>
#include <string.h>

#include "util.h"

static void join_ids(struct strbuf *b, const struct graph *g, const size_t *ix, size_t n)
{
    for (size_t i = 0; i < n; i++)
        sb_appendf(b, "%s%s", i ? ", " : "", g->scripts->revs[ix[i]].id);
}

/* Every revision's labels: its own, and those spread by labelled revisions. */
static struct strvec *spread_labels(const struct graph *g)
{
    struct strvec *labels = xcalloc(g->n ? g->n : 1, sizeof *labels);
    unsigned char *seen = xcalloc(g->n ? g->n : 1, 1);
    size_t *stack = xmalloc((g->n ? g->n : 1) * sizeof *stack);
    for (size_t r = 0; r < g->n; r++) {
        const struct revision *rev = &g->scripts->revs[r];
        if (!rev->n_labels)
            continue;
        memset(seen, 0, g->n);
        size_t top = 0, last = r;
        stack[top++] = r;
        while (top) {
            size_t x = stack[--top];
            if (seen[x])
                continue;
            seen[x] = 1;
            last = x;
            for (size_t k = 0; k < rev->n_labels; k++)
                if (!sv_contains(&labels[x], rev->branch_labels[k]))
                    sv_push(&labels[x], rev->branch_labels[k]);
            for (size_t k = 0; k < g->nodes[x].n_children; k++)
                if (!seen[g->nodes[x].children[k]])
                    stack[top++] = g->nodes[x].children[k];
        }
        /* From the last descendant reached, up to a real branch point or a merge. */
        size_t p = last;
        for (;;) {
            const struct rev_node *nd = &g->nodes[p];
            if (nd->n_children + nd->n_dependents > 1 || nd->n_parents > 1)
                break;
            for (size_t k = 0; k < rev->n_labels; k++)
                if (!sv_contains(&labels[p], rev->branch_labels[k]))
                    sv_push(&labels[p], rev->branch_labels[k]);
            if (nd->n_parents == 0)
                break;
            p = nd->parents[0];
        }
    }
    free(stack);
    free(seen);
    return labels;
}

static void free_labels(struct strvec *labels, size_t n)
{
    for (size_t i = 0; i < n; i++)
        sv_free(&labels[i]);
    free(labels);
}

static void append_labels(struct strbuf *b, const struct strvec *l)
{
    if (!l->n)
        return;
    sb_append(b, " (");
    for (size_t i = 0; i < l->n; i++)
        sb_appendf(b, "%s%s", i ? ", " : "", l->v[i]);
    sb_appendc(b, ')');
}

static void append_head_marks(struct strbuf *b, const struct rev_node *nd)
{
    if (nd->n_children == 0 && nd->n_dependents == 0)
        sb_append(b, " (head)");
    else if (nd->n_children == 0)
        sb_append(b, " (effective head)");
}

void show_heads(FILE *out, const struct graph *g)
{
    struct strvec *labels = spread_labels(g);
    for (size_t i = 0; i < g->n_heads; i++) {
        size_t h = g->heads[i];
        struct strbuf b = {0};
        sb_append(&b, g->scripts->revs[h].id);
        append_labels(&b, &labels[h]);
        append_head_marks(&b, &g->nodes[h]);
        fprintf(out, "%s\n", b.s);
        sb_free(&b);
    }
    free_labels(labels, g->n);
}

/* Alembic's _normalized_down_revisions: the versioned parents, then the
 * dependencies that no versioned ancestor already depends on. */
static size_t normalized_down(const struct graph *g, size_t r, size_t *out, unsigned char *seen, size_t *stack)
{
    const struct rev_node *nd = &g->nodes[r];
    size_t n = 0;
    for (size_t k = 0; k < nd->n_parents; k++)
        out[n++] = nd->parents[k];
    if (!nd->n_deps)
        return n;
    /* deps of versioned ancestors */
    memset(seen, 0, g->n);
    size_t top = 0;
    for (size_t k = 0; k < nd->n_parents; k++) {
        seen[nd->parents[k]] = 1;
        stack[top++] = nd->parents[k];
    }
    unsigned char *covered = xcalloc(g->n, 1);
    while (top) {
        const struct rev_node *a = &g->nodes[stack[--top]];
        for (size_t k = 0; k < a->n_deps; k++)
            covered[a->deps[k]] = 1;
        for (size_t k = 0; k < a->n_parents; k++)
            if (!seen[a->parents[k]]) {
                seen[a->parents[k]] = 1;
                stack[top++] = a->parents[k];
            }
    }
    for (size_t k = 0; k < nd->n_deps; k++) {
        int dup = covered[nd->deps[k]];
        for (size_t j = 0; j < n && !dup; j++)
            dup = out[j] == nd->deps[k];
        if (!dup)
            out[n++] = nd->deps[k];
    }
    free(covered);
    return n;
}

/* Every ancestor of r, r included, over normalized down revisions. */
static unsigned char *ancestors_of(const struct graph *g, size_t r, size_t **down, size_t *n_down, size_t *stack)
{
    unsigned char *a = xcalloc(g->n, 1);
    size_t top = 0;
    a[r] = 1;
    stack[top++] = r;
    while (top) {
        size_t x = stack[--top];
        for (size_t k = 0; k < n_down[x]; k++)
            if (!a[down[x][k]]) {
                a[down[x][k]] = 1;
                stack[top++] = down[x][k];
            }
    }
    return a;
}

size_t show_history_order(const struct graph *g, size_t *order)
{
    size_t n_order = 0;
    if (g->n == 0)
        return 0;
    size_t **down = xcalloc(g->n, sizeof *down);
    size_t *n_down = xcalloc(g->n, sizeof *n_down);
    unsigned char *seen = xcalloc(g->n, 1);
    size_t *stack = xmalloc(g->n * sizeof *stack);
    for (size_t r = 0; r < g->n; r++) {
        down[r] = xmalloc((g->nodes[r].n_parents + g->nodes[r].n_deps + 1) * sizeof **down);
        n_down[r] = normalized_down(g, r, down[r], seen, stack);
    }
    unsigned char *todo = xmalloc(g->n);
    memset(todo, 1, g->n);
    /* current heads and their ancestor sets, in load order */
    size_t cap = g->n_heads + 1, n_cur = 0;
    size_t *cur = xmalloc(cap * sizeof *cur);
    unsigned char **anc = xmalloc(cap * sizeof *anc);
    /* The walk starts from the real heads (Alembic's "heads" target): an
     * effective head, which something depends on, is reached through it. */
    for (size_t i = 0; i < g->n_heads; i++) {
        if (g->nodes[g->heads[i]].n_dependents)
            continue;
        cur[n_cur] = g->heads[i];
        anc[n_cur++] = ancestors_of(g, g->heads[i], down, n_down, stack);
    }
    size_t idx = 0;
    while (n_cur) {
        size_t cand = cur[idx];
        size_t other = n_cur;
        for (size_t j = 0; j < n_cur; j++)
            if (j != idx && anc[j][cand]) {
                other = j;
                break;
            }
        if (other < n_cur) {
            idx = other;
            continue;
        }
        if (todo[cand]) {
            todo[cand] = 0;
            order[n_order++] = cand;
        }
        size_t add[64], n_add = 0;
        size_t *addv = n_down[cand] > 64 ? xmalloc(n_down[cand] * sizeof *addv) : add;
        for (size_t k = 0; k < n_down[cand]; k++) {
            size_t r = down[cand][k];
            int in_cur = 0;
            for (size_t j = 0; j < n_cur && !in_cur; j++)
                in_cur = cur[j] == r;
            if (todo[r] && !in_cur)
                addv[n_add++] = r;
        }
        if (n_add == 0) {
            free(anc[idx]);
            memmove(&cur[idx], &cur[idx + 1], (n_cur - idx - 1) * sizeof *cur);
            memmove(&anc[idx], &anc[idx + 1], (n_cur - idx - 1) * sizeof *anc);
            n_cur--;
            idx = idx ? idx - 1 : 0;
        } else if (g->nodes[cand].n_parents == 1 && n_down[cand] == 1) {
            cur[idx] = addv[0];
            anc[idx][cand] = 0;
        } else {
            if (n_cur + n_add > cap) {
                cap = (n_cur + n_add) * 2;
                cur = xrealloc(cur, cap * sizeof *cur);
                anc = xrealloc(anc, cap * sizeof *anc);
            }
            cur[idx] = addv[0];
            free(anc[idx]);
            anc[idx] = ancestors_of(g, addv[0], down, n_down, stack);
            for (size_t k = 1; k < n_add; k++) {
                cur[n_cur] = addv[k];
                anc[n_cur++] = ancestors_of(g, addv[k], down, n_down, stack);
            }
        }
        if (addv != add)
            free(addv);
    }
    for (size_t r = 0; r < g->n; r++)
        free(down[r]);
    free(down);
    free(n_down);
    free(seen);
    free(stack);
    free(todo);
    free(cur);
    free(anc);
    return n_order;
}

void show_history(FILE *out, const struct graph *g)
{
    if (g->n == 0)
        return;
    struct strvec *labels = spread_labels(g);
    size_t *order = xmalloc(g->n * sizeof *order);
    size_t n = show_history_order(g, order);
    for (size_t i = 0; i < n; i++) {
        size_t cand = order[i];
        const struct revision *rev = &g->scripts->revs[cand];
        const struct rev_node *nd = &g->nodes[cand];
        struct strbuf b = {0};
        if (nd->n_parents == 0)
            sb_append(&b, "<base>");
        else
            join_ids(&b, g, nd->parents, nd->n_parents);
        if (rev->n_depends) {
            sb_append(&b, " (");
            for (size_t k = 0; k < rev->n_depends; k++)
                sb_appendf(&b, "%s%s", k ? ", " : "", rev->depends_on[k]);
            sb_appendc(&b, ')');
        }
        sb_appendf(&b, " -> %s", rev->id);
        append_labels(&b, &labels[cand]);
        append_head_marks(&b, nd);
        if (nd->n_children > 1)
            sb_append(&b, " (branchpoint)");
        if (nd->n_parents > 1)
            sb_append(&b, " (mergepoint)");
        sb_appendf(&b, ", %s", rev->doc);
        fprintf(out, "%s\n", b.s);
        sb_free(&b);
    }
    free(order);
    free_labels(labels, g->n);
}
