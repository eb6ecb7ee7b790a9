/* model.h: the schema that a set of applied revisions predicts, object by
 * object, compared with the live catalog (SPEC sections 4 and 5).
 *
 * Every op of every revision is compiled once into steps on numbered objects
 * (the first model's op kinds become the generic verbs of ops.h here, so
 * there is one code path). Running the steps of a set gives each object a
 * state: absent, present with attributes (merged by OP_ALTER, later ops
 * override), "base" (no migration creates it: it may or may not have existed
 * before them, so its absence proves nothing) or uncertain (a maybe-op, an
 * OP_TOUCH, an IF EXISTS on an object not known to exist, a CASCADE). Only
 * absent and present predictions can contradict the catalog, a present one
 * through attrs_conflict() on keys both sides know.
 *
 * PostgreSQL's implicit effects are rows of tables in model.c: what dropping
 * a table, a column, a schema or a type takes with it, and what renaming a
 * table or a column carries along. Pure; everything is bounded by the size
 * of the scripts. */
#ifndef AG_MODEL_H
#define AG_MODEL_H

#include <stddef.h>

#include "graph.h"
#include "infer.h"
#include "objects.h"
#include "util.h"

#define MODEL_NONE ((size_t)-1)

/* ST_EITHER: absent, or present with the values the model holds (a
 * constraint created under a name that a naming convention may have
 * replaced: OPF_NAME_GUESSED). */
enum pstate { ST_ABSENT, ST_PRESENT, ST_BASE, ST_UNCERTAIN, ST_EITHER };

struct mobj {
    enum obj_kind kind;
    char *schema, *table, *name; /* identity, as objects.h defines it */
    size_t tinfo;                /* the (schema, table) it sits on or is; MODEL_NONE */
    size_t first_slot, n_slots;  /* its attribute keys, a list through model.slots */
    unsigned char initial;       /* ST_ABSENT (a migration creates it first) or ST_BASE */
    unsigned char created;       /* some op creates it or renames something into it */
    unsigned char conditional;   /* an effect on it depends on the state of other objects */
    unsigned char observed;      /* in the catalog */
    unsigned char long_name;     /* named beyond 63 bytes: stored under a cut the model may not know */
    unsigned char at_import;     /* module-level code creates it whenever the scripts load: its
                                    presence proves nothing */
    unsigned char made_first;    /* its first op is a plain create */
    unsigned char create_first;  /* its first op is a create of any kind (only if missing, maybe) */
    unsigned char guarded_start; /* a table first created only if absent (a guard, IF NOT EXISTS):
                                    it may predate the migrations, holding what no script shows */
    const char *observed_as;     /* a constraint in the catalog under a naming convention's name for
                                    the one its script spells (model_observe); NULL otherwise */
    size_t first_event, n_events;
};

struct mslot {
    const char *key;  /* interned */
    const char *obs;  /* the catalog's value, interned; NULL: unknown */
    size_t next;      /* next slot of the same object */
};

/* One revision's effect on one object in the run of every revision: its
 * state and attribute values after that revision. */
struct mevent {
    size_t obj, rev;
    unsigned char st;
    size_t snap;      /* into model.snaps: the object's slot values, in slot order */
};

struct mtable {      /* a (schema, table) name, whether or not the table is an object */
    size_t obj;
    size_t *on;      /* objects that sit on it or refer to it (candidates for implicit effects) */
    size_t n_on, cap_on;
};

struct mstep;

struct model {
    const struct graph *g;
    const char *dflt;
    int trust_guards;
    struct mobj *objs;
    size_t n_objs, cap_objs;
    struct strmap obj_ids;
    struct mslot *slots;
    size_t n_slots, cap_slots;
    struct mtable *tables;
    size_t n_tables, cap_tables;
    struct strmap table_ids;
    size_t *by_kind[OBJ_KIND_COUNT];   /* object ids per kind */
    size_t n_by_kind[OBJ_KIND_COUNT], cap_by_kind[OBJ_KIND_COUNT];
    struct mstep *steps;
    size_t n_steps, cap_steps;
    size_t *rev_first, *rev_n;         /* per revision: its steps */
    size_t *refs;                      /* step lists: touch matches, rename pairs */
    size_t n_refs, cap_refs;
    struct av *avs;                    /* step attribute assignments */
    size_t n_avs, cap_avs;
    struct strvec pool;                /* interned strings */
    struct strmap strs;
    unsigned char *det;                /* per revision: every revision before it in order is its ancestor */
    size_t n_named_touches;            /* OP_TOUCH steps with a pattern narrower than everything */
    struct mevent *events;             /* grouped by object once built */
    size_t n_events, cap_events;
    const char **snaps;
    size_t n_snaps, cap_snaps;
    /* the state of one run */
    unsigned char *st, *unsure;
    const char **val;                  /* per slot; NULL: unknown */
    int recording;
    size_t cur_rev;
    size_t *dirty;                     /* objects touched by the current revision while recording */
    size_t n_dirty;
    unsigned char *is_dirty;
};

/* trust_guards: ops marked OPF_GUARDED (maybe only because of an early
 * `if ...: return` above them) are taken as certain, the guard as not taken. */
void model_build(struct model *m, const struct graph *g, const char *default_schema, int trust_guards);
void model_free(struct model *m);
/* Marks the catalog's objects (and their attribute values) on the model.
 * A constraint a script names N on table T that the catalog lacks is
 * observed under PREFIX_T_N when the catalog has that on T, of the same
 * type: a MetaData naming convention whose template spells the
 * constraint's own name (SQLAlchemy's documented check template,
 * ck_%(table_name)s_%(constraint_name)s), which Alembic's operations apply
 * on create and on drop alike. */
void model_observe(struct model *m, const struct catalog *cat);
/* Predicts the schema of an applied set (ancestor-closed, n bytes). */
void model_run(struct model *m, const unsigned char *in_set);
/* After model_run: 0 when object o agrees with the catalog (or is not
 * decided), 1 when its presence contradicts it, 2 when its attributes do. */
int model_contradicts(const struct model *m, size_t o);
/* After model_run: a line saying why o contradicts (the caller frees it). */
char *model_why(const struct model *m, size_t o);
/* The id of an object, MODEL_NONE when no migration mentions it. */
size_t model_lookup(const struct model *m, enum obj_kind kind, const char *schema, const char *table,
                    const char *name);
/* Is the snapshot of an event (or the initial state when ev is NULL)
 * compatible with the catalog? For the pins. */
int model_event_compatible(const struct model *m, size_t o, const struct mevent *ev);
/* Does some op of a set of revisions, run certainly, fail on o as the
 * catalog has it: create it while it exists, or alter, drop or build on it
 * while it is missing? */
int model_would_trip(const struct model *m, size_t o, const unsigned char *revs);
/* Does some op with a name (not a bare wildcard) OP_TOUCH the catalog object? */
int model_touch_mentions(const struct model *m, const struct db_object *o);
/* Whether o, a constraint no op names, may be one an op made without a
 * name, stored under another name than the model's guess: PostgreSQL
 * numbers a generated name another constraint of the schema holds
 * (..._fkey1; seen: zou), and a naming convention the gate cannot see
 * names it otherwise. True when an unnamed create of the same table is
 * missing from the catalog under its guessed name and none of o's
 * attributes contradicts it. */
int model_guess_may_be(const struct model *m, const struct db_object *o);
/* Whether some op touches a name an f-string spelt around a field the
 * gate could not evaluate (f"{prefix}audit_logs") that relname holds;
 * relname NULL: whether any op touches such a name. */
int model_partial_names(const struct model *m, const char *relname);
/* Whether catalog object o is a constraint a script names, found under
 * the name a naming convention gave it (model_observe). */
int model_observed_as(const struct model *m, const struct db_object *o);

char *model_describe(enum obj_kind kind, const char *schema, const char *table, const char *name);

#endif
