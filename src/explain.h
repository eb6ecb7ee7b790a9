/* explain.h: `alembic-gate explain` (SPEC sections 2 and 5): the gate's own
 * reading of each revision, newest first, one line per effect with its file
 * and line, what it cannot see and why; with a database, whether the catalog
 * shows each revision applied, derived from the diagnosis's candidate sets.
 * No second parser: it prints the upgrade_effects the gate decides with.
 * Pure apart from writing to out. */
#ifndef AG_EXPLAIN_H
#define AG_EXPLAIN_H

#include <stdio.h>

#include "graph.h"
#include "infer.h"

struct explain_options {
    int unobservable_only; /* list only revisions with no observable effect */
    int json;
};

/* 1 when nothing the revision does can be seen in the catalog: it is not
 * provably empty, and every op it has is a touch or a maybe (or it has none). */
int explain_is_unobservable(const struct upgrade_effects *e);

/* Writes the report. cat and d are NULL without database settings; with
 * them, each revision gets applied / not applied / cannot tell from the
 * candidate sets of d, and each effect's object whether cat has it.
 * Returns the number of unobservable revisions. */
size_t explain_write(FILE *out, const struct graph *g, const struct catalog *cat, const struct diagnosis *d,
                     const struct explain_options *opt);

#endif
