/* graph.h: the revision graph (SPEC sections 3 and 5).
 *
 * Nodes are the revisions of a script_set, by index. Edges go from a revision
 * to its down_revisions (versioned parents) and to its depends_on (ordering
 * only: they are not version-table ancestors). All walks are iterative and
 * linear in the size of the graph. */
#ifndef AG_GRAPH_H
#define AG_GRAPH_H

#include <stddef.h>

#include "script.h"

#define REVISION_ID_MAX 32 /* alembic_version.version_num is VARCHAR(32) */

struct rev_node {
    size_t *parents;     /* down_revisions, as indices */
    size_t n_parents;
    size_t *deps;        /* depends_on, resolved (revision ids or branch labels) */
    size_t n_deps;
    size_t *children;    /* revisions that name this one in down_revision */
    size_t n_children;
    size_t *dependents;  /* revisions that name this one in depends_on */
    size_t n_dependents;
    size_t topo;         /* position in g->order */
    int cut;             /* every revision before it in g->order is its ancestor, every one after it
                            its descendant: ancestry against it compares positions */
};

struct graph {
    const struct script_set *scripts;
    struct rev_node *nodes;  /* nodes[i] is scripts->revs[i] */
    size_t n;
    size_t *order;           /* topological: every parent and dependency before its child */
    size_t *heads;           /* no children; in Alembic's order */
    size_t n_heads;
    size_t *bases;           /* no parents */
    size_t n_bases;
};

/* Builds and validates. Returns 0 or EXIT_INVALID_SCRIPTS (4) with a one-line
 * err naming the file and revision: duplicate id, unknown down_revision or
 * depends_on, cycle or self-loop, an id longer than max_id_len or holding
 * one of "@-+:" or whitespace, more than one head unless allow_multiple_heads. */
int graph_build(const struct script_set *s, int allow_multiple_heads, size_t max_id_len,
                struct graph *g, char *err, size_t errlen);
void graph_free(struct graph *g);

enum lookup_result { LOOKUP_FOUND = 0, LOOKUP_MISSING = 1, LOOKUP_AMBIGUOUS = 2 };
/* An exact id, else a unique prefix of one, as Alembic accepts. */
enum lookup_result graph_lookup(const struct graph *g, const char *id, size_t *idx);

/* Marks in `mark` (n bytes, set to 1) every versioned ancestor of the listed
 * revisions, themselves included (down_revision edges, and depends_on edges
 * when with_deps is set). */
void graph_ancestors(const struct graph *g, const size_t *revs, size_t n_revs, int with_deps,
                     unsigned char *mark);

/* The version-table rows for an applied set: members with no versioned child
 * in the set. Written into heads_out (capacity g->n), in topological order;
 * returns the count. */
size_t graph_set_heads(const struct graph *g, const unsigned char *in_set, size_t *heads_out);

#endif
