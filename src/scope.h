/* scope.h: the names the migration scripts mention, per kind of lookup, so
 * that the catalog reader reads those objects one by one and only counts the
 * rest (issue 18: the read costs the same on 20 tables and on 20,000).
 *
 * Every name is paired with its schema (an op without schema= is in the
 * connection's default schema). Relations share one list, whatever kind the
 * op says (table, view, materialized view, sequence, index): PostgreSQL names
 * them in one namespace, and the catalog's relkind says which one it is.
 * Everything on a mentioned table (columns, indexes, constraints, triggers,
 * owned sequences) is read with it. Pure. */
#ifndef AG_SCOPE_H
#define AG_SCOPE_H

#include <stddef.h>

#include "graph.h"
#include "objects.h"
#include "util.h"

enum scope_list {
    SCOPE_RELATION,   /* tables, views, materialized views, sequences, indexes */
    SCOPE_CONSTRAINT, /* constraints by name, on whatever table */
    SCOPE_TYPE,
    SCOPE_FUNCTION,   /* the name without its argument list: every overload is read */
    SCOPE_LIST_COUNT
};

struct scope_names {
    struct strvec schemas; /* schemas.v[i] pairs with names.v[i] */
    struct strvec names;
};

struct scope {
    struct strvec schemas;    /* the default schema, every op's schema, every schema created */
    struct scope_names lists[SCOPE_LIST_COUNT];
    struct strvec extensions;
    struct strmap seen;       /* dedup of (list, schema, name) */
};

/* The name a scope gives the connection's default schema before it is
 * known: the catalog read finds it in the same round trip as the names
 * (issue 18: two round trips before the decision). PostgreSQL has no
 * schema with an empty name. */
#define SCOPE_DEFAULT_SCHEMA ""

/* Collects the names every revision's ops mention. An OP_TOUCH without a
 * name (a wildcard over everything) adds nothing: such a revision is
 * uncertain about every object, and the objects it may have touched are
 * counted like any unmentioned one. */
void scope_compute(const struct graph *g, const char *default_schema, struct scope *out);
/* Adds one object as an op would mention it (objects.h identity): the
 * object's name in its list, and its table when it has one. s starts
 * zeroed or from scope_compute. */
void scope_add(struct scope *s, enum obj_kind kind, const char *schema, const char *table, const char *name);
/* out: in with SCOPE_DEFAULT_SCHEMA replaced by schema, duplicates dropped
 * (an op that names the default schema and one that names none). */
void scope_resolve_default(const struct scope *in, const char *schema, struct scope *out);
void scope_free(struct scope *s);

#endif
