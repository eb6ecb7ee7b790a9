/* ops.h: what a revision's upgrade() does to the schema, read from its
 * tokens without running it (SPEC section 5, "What a revision does").
 *
 * pyops.c reads the Python: the op.* calls and their batch_op forms (tables,
 * columns with their attributes, indexes, constraints, enum types, the
 * sequences of SERIAL keys), through control flow (dialect tests evaluated
 * for PostgreSQL, literal loops unrolled, same-file helpers followed,
 * module-level names resolved); conditional code gives OPF_MAYBE ops and
 * what it cannot read makes the revision opaque, with OP_TOUCH ops for what
 * that might touch. ops.c holds the op list; sql.h reads the SQL of
 * op.execute (in the generic verbs). Certain creates, drops and renames of
 * schemas, tables, columns and indexes read from the Python use the first
 * model's kinds; everything else the generic verbs. Pure. */
#ifndef AG_OPS_H
#define AG_OPS_H

#include <stddef.h>

#include "objects.h"
#include "pytok.h"

enum op_kind {
    OP_CREATE_TABLE,  /* table, columns[] */
    OP_DROP_TABLE,    /* table */
    OP_RENAME_TABLE,  /* table -> new_name */
    OP_ADD_COLUMN,    /* table, name */
    OP_DROP_COLUMN,   /* table, name */
    OP_RENAME_COLUMN, /* table, name -> new_name */
    OP_CREATE_INDEX,  /* name, table */
    OP_DROP_INDEX,    /* name, table (NULL when not given) */
    OP_CREATE_SCHEMA, /* name */
    /* Generic forms, one per verb, for every kind in objects.h: the object
     * is (obj, schema, table, name) as objects.h defines identity. The
     * older kinds above are the same verbs on tables, columns, indexes and
     * schemas, kept until every producer and infer.c speak the generic ones. */
    OP_CREATE,        /* attrs: what is known of the new object */
    OP_DROP,
    OP_RENAME,        /* -> new_name */
    OP_ALTER,         /* attrs: the keys this op sets ("?" where it changes a key unknowably) */
    OP_TOUCH,         /* an unread or conditional statement may have touched it; NULL fields
                         are wildcards (a column `state_id` of any table). obj OBJ_KIND_COUNT
                         is any kind: then a name alone matches every object whose name or
                         table is that name, and no name at all matches everything */
};

/* schema_op.flags */
#define OPF_IF_EXISTS 0x01     /* DROP ... IF EXISTS, drop_*(if_exists=True) */
#define OPF_IF_NOT_EXISTS 0x02 /* CREATE ... IF NOT EXISTS */
#define OPF_OR_REPLACE 0x04    /* CREATE OR REPLACE */
#define OPF_CASCADE 0x08       /* DROP ... CASCADE */
#define OPF_MAYBE 0x10         /* inside an if/try/with or a loop the gate cannot unroll: may not run */
#define OPF_GUARDED 0x20       /* with OPF_MAYBE, and only because an earlier `if ...: return` the
                                  gate cannot decide may have ended the function first */
#define OPF_AT_IMPORT 0x40     /* module-level code: runs whenever Alembic loads the scripts, whichever
                                  revisions are applied (FitTrackee's `ENUM(...).create(op.get_bind(),
                                  checkfirst=True)` beside upgrade()) */
#define OPF_NAME_GUESSED 0x80  /* with OPF_MAYBE, and only because the name is PostgreSQL's choice for
                                  an unnamed constraint, which the application's naming convention may
                                  have replaced: the op runs, under this name or another */
#define OPF_DROP_ONLY 0x100    /* with OP_TOUCH: a drop whose name is not read; it may remove what it
                                  matches, never make it (open-webui drops the unique indexes an
                                  inspector lists) */

struct schema_op {
    enum op_kind kind;
    enum obj_kind obj; /* the kind of object (the older kinds set it too) */
    char *attrs;       /* canonical attributes (objects.h), or NULL; the older kinds carry them
                          too: OP_ADD_COLUMN a column's, OP_CREATE_INDEX an index's */
    unsigned flags;    /* OPF_* */
    char *schema;      /* NULL: the default schema (the connection's current_schema) */
    char *table;
    char *name;
    char *new_name;
    char **columns;    /* creating a table: its columns; NULL-terminated */
    char **column_attrs; /* the same: each column's attributes (objects.h), or NULL */
    size_t n_columns;
    int line;
};

enum rev_effect {
    EFFECT_OBSERVABLE, /* every statement was understood */
    EFFECT_EMPTY,      /* provably nothing: pass, docstrings, `...`, comments */
    EFFECT_OPAQUE,     /* something else: data changes, helpers, unmodelled ops */
};

struct upgrade_effects {
    enum rev_effect effect;
    struct schema_op *ops; /* in execution order; kept even when opaque */
    size_t n_ops;
    size_t cap;
    char *opaque_reason;   /* e.g. "line 42: op.bulk_insert is not modelled" */
    char *guard;           /* the test of upgrade()'s first early return the gate cannot decide
                              (`if not settings.pg: return`), without its `not`, as tokens
                              joined by spaces; NULL: none read */
    int guard_negated;     /* that test was `not <guard>` */
};

/* Reads the body of `def upgrade(...)` in tl. body_start is the index of the
 * first token after the def line's ':' (a NEWLINE then INDENT, or a simple
 * statement on the same line); the body ends at the matching DEDENT. A file
 * without upgrade() is opaque: pass body_start = (size_t)-1. Never fails: what
 * it does not understand makes the result opaque. */
void ops_extract(const struct token_list *tl, size_t body_start, struct upgrade_effects *out);

/* Appends one op (the strings are copied; any may be NULL) and returns it,
 * for the extractor and for tests that build effects by hand. */
struct schema_op *upgrade_effects_add(struct upgrade_effects *e, enum op_kind kind, const char *schema,
                                      const char *table, const char *name, const char *new_name, int line);

/* Appends one generic op (OP_CREATE ... OP_TOUCH); strings are copied, any may be NULL. */
struct schema_op *upgrade_effects_add_obj(struct upgrade_effects *e, enum op_kind kind, enum obj_kind obj,
                                          const char *schema, const char *table, const char *name,
                                          const char *new_name, const char *attrs, unsigned flags,
                                          int line);

void upgrade_effects_free(struct upgrade_effects *e);
/* Removes op i, keeping the order of the rest. */
void upgrade_effects_remove(struct upgrade_effects *e, size_t i);
const char *op_kind_name(enum op_kind k);

#endif
