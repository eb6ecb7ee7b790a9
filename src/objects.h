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
 *   column:     type     format_type() for PostgreSQL's own types ("integer",
 *                        "character varying(255)", "timestamp with time zone",
 *                        "numeric(10,2)", "text[]"); any other type (an enum, a
 *                        domain, an extension's type) by its bare name, never
 *                        schema-qualified or quoted, with "[]" for an array of it
 *                        ("mood", "mood[]"), whatever search_path says
 *               notnull  "t" / "f"
 *               default  "t" / "f": a server default is present (serial's
 *                        nextval counts; an identity or a generated column does not)
 *   index:      table    the indexed table's name
 *               cols     key column names in order, ","-joined (INCLUDE columns
 *                        are not keys); "?" when any key is an expression
 *               unique   "t" / "f"
 *               using    access method: "btree", "gin", "gist", "hash", "brin", ...
 *               partial  "t" / "f" (has a WHERE)
 *               Indexes that back a primary key, unique or exclusion
 *               constraint are not objects of their own: the constraint is.
 *   constraint: ctype    "p" primary key, "u" unique, "f" foreign key, "c" check, "x" exclusion
 *               cols     the constrained columns in order, ","-joined ("?" for an
 *                        expression); a check's columns are those it references
 *               reftable foreign key target "schema.table" (foreign keys only); the
 *                        extractors write "table" when the script names no schema
 *                        (the default schema: infer.c qualifies it before comparing)
 *               refcols  its columns, ","-joined (foreign keys only)
 *               ondelete, onupdate  pg_constraint's action letter: a r c n d
 *                        (foreign keys only)
 *               deferrable "t" / "f"
 *   type:       values   an enum's labels in order, ","-joined ("?" for other types)
 *               A table's row type is not a type object.
 *   sequence:   table    the owning table when owned by a column (serial,
 *                        identity, OWNED BY), else absent
 *   function:   the name is "name(type,type)": the input argument types
 *               (pg_proc.proargtypes, as pg_get_function_identity_arguments
 *               lists them without names, modes or OUT arguments), each
 *               written as a column's type above but without length or
 *               precision (arguments have none: "character varying",
 *               "numeric"), "," without spaces; "f()" with none. Procedures
 *               are functions here.
 *   trigger:    (none beyond identity); the triggers PostgreSQL makes for
 *               foreign keys (tgisinternal) are not objects
 *   table, view, matview, schema, extension: (none yet)
 *
 * Objects that belong to an extension (pg_depend deptype 'e') and the
 * version table are never catalog objects.
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
/* Appends "key=value" to an attribute string being built in ascending key
 * order (one pass, where attrs_set would rebuild it per key); value NULL
 * leaves the key out, newlines in value become spaces. */
struct strbuf;
void attrs_append(struct strbuf *b, const char *key, const char *value);
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
