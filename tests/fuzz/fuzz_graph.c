/* Fuzzes the graph builder on random script sets: ids that repeat or are
 * malformed, down_revisions and depends_on pointing anywhere (cycles,
 * self-loops, unknown ids, branch labels), several heads. A graph that builds
 * must be consistent: the order topological, heads exactly the childless
 * revisions, parents and children mirrored, and the heads of any
 * ancestor-closed set the set's maximal members. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz_bytes.h"
#include "graph.h"
#include "script.h"
#include "util.h"

#define MAX_REVS 40

static char **list(size_t n)
{
    return xcalloc(n + 1, sizeof(char *));
}

static char *rev_id(struct fuzz_bytes *b, size_t i)
{
    switch (fb_pick(b, 16)) {
    case 0:
        return xasprintf("r%zu", fb_pick(b, i + 1)); /* maybe a duplicate */
    case 1:
        return xstrdup("bad-id");
    case 2:
        return xstrdup("0123456789abcdef0123456789abcdef0"); /* 33 characters */
    default:
        return xasprintf("r%zu", i);
    }
}

static void build_scripts(struct fuzz_bytes *b, struct script_set *s)
{
    size_t n = fb_pick(b, MAX_REVS + 1);
    s->revs = xcalloc(n ? n : 1, sizeof *s->revs);
    s->cap = n ? n : 1;
    for (size_t i = 0; i < n; i++) {
        struct revision *r = &s->revs[s->n++];
        r->id = rev_id(b, i);
        size_t nd = fb_pick(b, 4) == 0 ? 0 : 1 + fb_pick(b, 2);
        if (i == 0 && fb_pick(b, 2))
            nd = 0;
        r->down_revisions = list(nd);
        for (size_t k = 0; k < nd; k++) {
            unsigned c = fb_byte(b);
            r->down_revisions[k] = c % 29 == 0 ? xstrdup("unknown")
                                   : c % 31 == 0 ? xasprintf("lab%u", c % 3)
                                                 : xasprintf("r%u", (unsigned)(c % (n + 1)));
        }
        r->n_down = nd;
        size_t ndep = fb_pick(b, 6) == 0 ? 1 : 0;
        r->depends_on = list(ndep);
        for (size_t k = 0; k < ndep; k++)
            r->depends_on[k] = fb_pick(b, 2) ? xasprintf("r%zu", fb_pick(b, n)) : xasprintf("lab%zu", fb_pick(b, 3));
        r->n_depends = ndep;
        size_t nl = fb_pick(b, 8) == 0 ? 1 : 0;
        r->branch_labels = list(nl);
        for (size_t k = 0; k < nl; k++)
            r->branch_labels[k] = xasprintf("lab%zu", fb_pick(b, 3));
        r->n_labels = nl;
        r->path = xasprintf("versions/%zu.py", i);
        r->doc = xstrdup("");
        r->effects.effect = EFFECT_EMPTY;
    }
}

static void check_graph(const struct graph *g, int allow_multiple_heads, struct fuzz_bytes *b)
{
    size_t *pos = xcalloc(g->n + 1, sizeof *pos);
    unsigned char *seen = xcalloc(g->n + 1, 1);
    for (size_t k = 0; k < g->n; k++) {
        if (g->order[k] >= g->n || seen[g->order[k]])
            abort(); /* not a permutation */
        seen[g->order[k]] = 1;
        pos[g->order[k]] = k;
    }
    for (size_t i = 0; i < g->n; i++) {
        const struct rev_node *nd = &g->nodes[i];
        for (size_t p = 0; p < nd->n_parents; p++) {
            size_t par = nd->parents[p];
            if (pos[par] >= pos[i])
                abort(); /* a parent after its child */
            int mirrored = 0;
            for (size_t c = 0; c < g->nodes[par].n_children; c++)
                mirrored |= g->nodes[par].children[c] == i;
            if (!mirrored)
                abort();
        }
        for (size_t d = 0; d < nd->n_deps; d++)
            if (pos[nd->deps[d]] >= pos[i])
                abort(); /* a dependency after its dependent */
    }
    size_t childless = 0;
    for (size_t i = 0; i < g->n; i++)
        childless += g->nodes[i].n_children == 0;
    if (childless != g->n_heads)
        abort();
    for (size_t h = 0; h < g->n_heads; h++)
        if (g->nodes[g->heads[h]].n_children != 0)
            abort();
    if (!allow_multiple_heads && g->n > 0 && g->n_heads != 1)
        abort();

    /* A random set, closed over ancestors; its heads, closed again, give it back. */
    size_t *pick = xcalloc(g->n + 1, sizeof *pick);
    size_t np = 0;
    for (size_t i = 0; i < g->n; i++)
        if (fb_pick(b, 4) == 0)
            pick[np++] = i;
    unsigned char *set = xcalloc(g->n + 1, 1);
    graph_ancestors(g, pick, np, 0, set);
    size_t *heads = xcalloc(g->n + 1, sizeof *heads);
    size_t nh = graph_set_heads(g, set, heads);
    unsigned char *again = xcalloc(g->n + 1, 1);
    graph_ancestors(g, heads, nh, 0, again);
    if (memcmp(set, again, g->n) != 0)
        abort();
    for (size_t h = 0; h < nh; h++)
        for (size_t c = 0; c < g->nodes[heads[h]].n_children; c++)
            if (set[g->nodes[heads[h]].children[c]])
                abort(); /* a head with a child in the set */
    /* Lookup by a prefix: found means that revision's id starts with it. */
    if (g->n) {
        size_t idx, any = fb_pick(b, g->n);
        const char *id = g->scripts->revs[any].id;
        char prefix[8];
        snprintf(prefix, sizeof prefix, "%.*s", (int)(1 + fb_pick(b, 3)), id);
        if (graph_lookup(g, prefix, &idx) == LOOKUP_FOUND && strncmp(g->scripts->revs[idx].id, prefix, strlen(prefix)))
            abort();
        if (graph_lookup(g, id, &idx) != LOOKUP_FOUND || strcmp(g->scripts->revs[idx].id, id) != 0)
            abort();
    }
    free(again);
    free(heads);
    free(set);
    free(pick);
    free(seen);
    free(pos);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct fuzz_bytes b = {data, size, 0};
    int allow_multiple_heads = (int)(fb_byte(&b) & 1);
    struct script_set s = {0};
    build_scripts(&b, &s);
    struct graph g;
    char err[512] = "";
    int rc = graph_build(&s, allow_multiple_heads, REVISION_ID_MAX, &g, err, sizeof err);
    if (rc == 0) {
        check_graph(&g, allow_multiple_heads, &b);
        graph_free(&g);
    } else if (err[0] == '\0') {
        abort();
    }
    script_set_free(&s);
    return 0;
}
