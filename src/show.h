/* show.h: `alembic-gate heads` and `alembic-gate history`, printed exactly
 * as `python3 -m alembic heads` and `history` print them for the same scripts. */
#ifndef AG_SHOW_H
#define AG_SHOW_H

#include <stdio.h>

#include "graph.h"

void show_heads(FILE *out, const struct graph *g);
void show_history(FILE *out, const struct graph *g);
/* The revisions in the order `history` prints them (newest first), into
 * order (capacity g->n); returns the count. */
size_t show_history_order(const struct graph *g, size_t *order);

#endif
