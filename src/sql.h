/* sql.h: the SQL of op.execute(...), read as the generic ops of ops.h on the
 * object kinds of objects.h (SPEC section 5, "What a revision does").
 *
 * Understood: CREATE/ALTER/DROP of tables (columns with their types,
 * nullability and defaults; constraints with the names PostgreSQL gives
 * unnamed ones), indexes, enum and other types, sequences, views,
 * materialized views, functions and procedures (identity "name(type,type)"),
 * triggers, extensions and schemas; IF [NOT] EXISTS, OR REPLACE, CASCADE;
 * several statements per string; comments, '' / E'' strings, dollar-quoted
 * bodies, quoted identifiers; names cut to 63 bytes as PostgreSQL does.
 * Statements that change nothing the model reads (GRANT, SET, COMMENT ON,
 * ANALYZE, ...) are understood with no op; data statements (INSERT, UPDATE,
 * DELETE, SELECT, COPY, TRUNCATE, ...) are understood as data changes.
 *
 * Where a statement's effect is only partly known (CREATE TABLE ... AS, an
 * unnamed CHECK added to an existing table), the unknown part is an OP_TOUCH.
 *
 * Enum value changes cannot be written as the whole new label list, which
 * only the model knows, so ALTER TYPE ... ADD VALUE / RENAME VALUE is an
 * OP_ALTER of the type with values=? and, beside it, keys no catalog object
 * carries (so never compared): value_add=LABEL with value_before=LABEL or
 * value_after=LABEL, or value_from=OLD and value_to=NEW.
 *
 * A foreign key's reftable is "schema.table" when the SQL qualifies the
 * referenced table, else the bare table name (the server resolves it through
 * search_path, which the reader does not know).
 *
 * Pure. */
#ifndef AG_SQL_H
#define AG_SQL_H

#include "ops.h"
#include "util.h"

enum sql_result {
    SQL_NOT_UNDERSTOOD = 0, /* out unchanged */
    SQL_SCHEMA = 1,         /* every statement understood, schema ops appended */
    SQL_DATA_ONLY = 2,      /* only data statements: no op */
    SQL_SCHEMA_AND_DATA = 3 /* SQL_SCHEMA | SQL_DATA_ONLY: ops appended, and data changed too */
};

/* Reads one SQL string as op.execute would send it; every op gets line. */
enum sql_result sql_to_ops(const char *sql, int line, struct upgrade_effects *out);

/* The names SQL that sql_to_ops did not understand may act on: its
 * identifiers (lower-cased unless quoted) but for SQL's own words, and its
 * strings that could be names, in dollar-quoted bodies too (a DO block), in
 * order, each once; appended to out, which stops growing once it holds more
 * than max (each name is checked against those before it). Returns out->n. */
size_t sql_names(const char *sql, size_t max, struct strvec *out);

/* Whether every `mark` in sql (a character SQL itself never holds, standing
 * for a value the caller cannot know) lies inside a string literal or a
 * dollar-quoted body, and there is one at least: the rest of the text is
 * literal SQL. Text with a comment (a value could end it) or a quoted name
 * outside the literals is refused; so is text the lexer cannot read. */
int sql_marks_only_in_literals(const char *sql, char mark);

/* The type name as format_type() shows it without a schema ("int4" ->
 * "integer", "varchar(20)" -> "character varying(20)", "timestamptz(3)" ->
 * "timestamp(3) with time zone"); typmods kept only when keep_typmod. The
 * input is SQL text of one type; NULL when it is not one. */
char *sql_canonical_type(const char *type_sql, int keep_typmod);
/* Whether a column default's SQL is a null constant, however cast
 * ("NULL", "NULL::character varying", "(NULL)"): PostgreSQL stores no
 * default for one. */
int sql_is_null_default(const char *default_sql);

#endif
