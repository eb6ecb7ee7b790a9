/* objects.h: the kinds of catalog object the gate models, and their
 * attributes (SPEC section 5, "What a revision does").
 *
 * One vocabulary for the three places that speak of objects: the op
 * extractors (ops.c, sql.c) say what a migration does to them, the catalog
 * reader (db.c) says what the database has, and the inference (infer.c)
 * compares the two. Adding a kind is adding a row to object_kinds[] in
 * objects.c and teaching the producers its attributes.
 *
 * Identity of an object: (kind, schema, table, name), with table set only for
 * the kinds whose names live inside a table (columns, constraints, triggers);
 * an index's or a sequence's table is an attribute, since PostgreSQL names
 * them per schema. A table's own name is in `table` (name NULL), as the
 * first model had it; every other kind keeps its name in `name`. A function's name carries its argument types:
 * "f(integer,text)". An extension's schema is NULL.
 *
 * Attributes are a canonical string "k=v\nk=v" with keys in ascending order,
 * each key at most once. A key absent on either side, or with the value "?",
 * is unknown there and never compared. The keys (values as PostgreSQL's
 * catalog shows them, so both sides produce the same text):
 *
 *   column:     type     format_type() without schema: "integer",
 *                        "character varying(255)", "timestamp with time zone",
 *                        "numeric(10,2)", "text[]", an enum's type name
 *               notnull  "t" / "f"
 *               default  "t" / "f" (a server default is present)
 *   index:      table    the indexed table's name
 *               cols     column names in order, ","-joined; "?" when any is an expression
 *               unique   "t" / "f"
 *               using    access method: "btree", "gin", "gist", "hash", "brin", ...
 *               partial  "t" / "f" (has a WHERE)
 *   constraint: ctype    "p" primary key, "u" unique, "f" foreign key, "c" check, "x" exclusion
 *               cols     the constrained columns in order, ","-joined
 *               reftable foreign key target "schema.table"; the extractors write
 *                        "table" when the script names no schema (the default
 *                        schema: infer.c qualifies it before comparing)
 *               refcols  its columns, ","-joined
 *               ondelete, onupdate  pg_constraint's action letter: a r c n d
 *               deferrable "t" / "f"
 *   type:       values   an enum's labels in order, ","-joined ("?" for other types)
 *   sequence:   table    the owning table when owned by a column, else absent
 *   trigger:    (none beyond identity)
 *   table, view, matview, schema, function, extension: (none yet)
 *
 * Pure. */
#ifndef AG_OBJECTS_H
#define AG_OBJECTS_H

#include <stddef.h>

enum obj_kind {
    OBJ_SCHEMA,
    OBJ_TABLE,
    OBJ_COLUMN,
    OBJ_INDEX,
    OBJ_CONSTRAINT,
    OBJ_TYPE,
    OBJ_SEQUENCE,
    OBJ_VIEW,
    OBJ_MATVIEW,
    OBJ_FUNCTION,
    OBJ_TRIGGER,
    OBJ_EXTENSION,
    OBJ_KIND_COUNT
};

struct obj_kind_info {
    enum obj_kind kind;
    const char *name;     /* as in logs and the status file: "table", "index", ... */
    int in_table;         /* identity includes the table (column, constraint, trigger) */
    int in_schema;        /* identity includes a schema (all but extension) */
};

const struct obj_kind_info *obj_kind_info(enum obj_kind k);
const char *obj_kind_name(enum obj_kind k);
/* The kind named name ("table", ...); -1 when none. */
int obj_kind_from_name(const char *name);

/* ---- attributes ---- */

/* Sets key to value in *attrs (a canonical attribute string or NULL),
 * replacing an earlier value; value NULL removes the key. Newlines in value
 * become spaces. */
void attrs_set(char **attrs, const char *key, const char *value);
/* The value of key, copied into buf (NUL-terminated, cut to size); returns 1
 * when the key is present, else 0 and buf is "". */
int attrs_get(const char *attrs, const char *key, char *buf, size_t size);
/* Walks the "k=v" lines of an attribute string: start with *p = attrs;
 * each call yields one key and value (not NUL-terminated) and returns 1,
 * then 0 at the end. */
int attrs_next(const char **p, const char **key, size_t *klen, const char **val, size_t *vlen);
/* Sets every key of src in *dst (later ops override earlier ones). */
void attrs_merge(char **dst, const char *src);
/* The first key both sides know (neither absent nor "?") whose values differ;
 * writes "key: predicted X, found Y" into why and returns 1; else 0. */
int attrs_conflict(const char *predicted, const char *observed, char *why, size_t whylen);

/* ---- names as PostgreSQL stores them ---- */

#define PG_NAME_MAX 63 /* NAMEDATALEN - 1 */

/* PostgreSQL's own truncation of an identifier longer than 63 bytes: cut at
 * 63 bytes without splitting a UTF-8 character. Returns a new string. */
char *pg_truncate_name(const char *name);

#endif
