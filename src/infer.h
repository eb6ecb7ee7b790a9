/* infer.h: which revisions the live schema has really had applied, and the
 * state and repair that follow (SPEC section 4). Pure: the catalog and the
 * version rows are read by db.c and handed in.
 *
 * Candidate sets are the ancestor-closed sets of revisions whose predicted
 * schema agrees with every catalog fact that some migration mentions. They
 * are found without enumerating subsets: each observed fact whose writers
 * form a chain pins a revision in or out, the pins are closed over ancestors
 * and descendants, and only the revisions left free (opaque ones, or ones
 * whose effects were undone later) are searched, with a bound. */
#ifndef AG_INFER_H
#define AG_INFER_H

#include <stddef.h>

#include "cli.h"
#include "graph.h"
#include "objects.h"
#include "util.h"

#define EXTRA_LIST_MAX 1000

struct db_object {
    enum obj_kind kind;
    char *schema;   /* every kind but extensions; for OBJ_SCHEMA the schema itself */
    char *table;    /* tables, the kinds that live in a table, OBJ_INDEX (the indexed table) */
    char *name;     /* every other kind's own name; NULL for tables and schemas */
    char *attrs;    /* canonical attributes (objects.h), or NULL */
};

struct catalog {
    char *default_schema;     /* current_schema() of the connection */
    struct db_object *objs;   /* tables, columns, free-standing indexes, schemas */
    size_t n;
    size_t cap;
    /* Objects the catalog reader did not read one by one because no script
     * mentions their names: counted, and the first of them named, so that
     * they are reported as extra without costing a read each. */
    struct strvec unmentioned;  /* described as db_object_describe does */
    size_t unmentioned_total;
    int unmentioned_truncated;  /* the count stopped at its bound (100): there are more */
};

void catalog_add(struct catalog *c, enum obj_kind kind, const char *schema, const char *table,
                 const char *name);
/* The same with attributes (NULL: none known). */
void catalog_add_attrs(struct catalog *c, enum obj_kind kind, const char *schema, const char *table,
                       const char *name, const char *attrs);
void catalog_free(struct catalog *c);
/* "table public.users", "column public.users.email", "index public.ix_users_email",
 * "schema events": how objects are named in logs and the status file. */
char *db_object_describe(const struct db_object *o);

struct version_record {
    int table_exists;
    char **rows;              /* version_num values as stored */
    size_t n;
};

void version_record_free(struct version_record *v);

/* The schemas whose catalog the diagnosis needs: default_schema plus every
 * schema= and CREATE SCHEMA in the scripts. */
void infer_touched_schemas(const struct graph *g, const char *default_schema, struct strvec *out);

enum gate_state {
    STATE_FRESH,
    STATE_HEALTHY,
    STATE_DRIFT,
    STATE_NO_VERSION,
    STATE_UNKNOWN_VERSION,
    STATE_AHEAD,
    STATE_MISMATCH,
    STATE_AMBIGUOUS,
    STATE_UNEXPLAINED,
    STATE_INVALID_SCRIPTS,
};
const char *gate_state_name(enum gate_state s);

struct infer_options {
    enum on_ambiguous on_ambiguous;
    char *const *assume_revisions; /* resolved by the caller to exist; NULL-terminated or NULL */
    size_t n_assume_revisions;
    /* Only the wording of a stamp in the message: "stamped" (the default;
     * the write is under way), "would stamp" (--check-only) or "will stamp"
     * (decided before the lock, so not yet written). */
    const char *stamp_verb;
};

struct diagnosis {
    enum gate_state state;
    int stamp;                /* 1: replace the version rows with stamp_revs */
    struct strvec stamp_revs; /* full revision ids, the heads of the chosen set */
    struct strvec *candidates;/* each the heads of one explaining set (ids) */
    size_t n_candidates;
    int candidates_truncated; /* the search bound was reached */
    struct strvec extra;      /* catalog objects no migration mentions (at most EXTRA_LIST_MAX named) */
    size_t extra_total;       /* all of them, counted */
    int extra_more;           /* the catalog read stopped counting at its bound: there are more */
    struct strvec uncertain;  /* objects the model cannot decide for the chosen (or recorded) set */
    size_t uncertain_total;   /* how many there are: the list stops at 50 */
    struct strvec supporting; /* facts that pin the chosen set, for the log */
    struct strvec contradicting; /* facts the recorded (or best) set gets wrong; for drift, the drift */
    long pending;             /* revisions not in the resulting set */
    char *message;            /* one line for the log and the status file */
    int exit_code;            /* EXIT_READY or EXIT_NEEDS_HUMAN (before --check-only) */
};

/* Decides the state. Returns 0, or EXIT_USAGE (64) when an assumed revision
 * is not in the scripts (err names it). */
int infer_diagnose(const struct graph *g, const struct catalog *cat, const struct version_record *v,
                   const struct infer_options *opt, struct diagnosis *out, char *err, size_t errlen);
void diagnosis_free(struct diagnosis *d);

#endif
