/* toml.h: the one table of a TOML file that Alembic reads ([tool.alembic]
 * of pyproject.toml), by a reader for the subset Alembic's configuration
 * uses: tables and arrays of tables, bare, quoted and dotted keys, strings
 * of all four kinds, arrays (multi-line, nested), inline tables, booleans,
 * integers, comments. Floats and dates are recognised and kept as "other".
 *
 * Everything outside the wanted table is skipped and is never an error
 * (a pyproject.toml belongs to many tools); inside it, anything the reader
 * cannot read is an error naming the file and line. Pure, non-recursive,
 * bounded: nesting depth, key length and array length have explicit limits. */
#ifndef AG_TOML_H
#define AG_TOML_H

#include <stddef.h>

#define TOML_MAX_DEPTH 32        /* nested arrays and inline tables */
#define TOML_MAX_KEY_PARTS 32    /* a.b.c... */
#define TOML_MAX_ITEMS 4096      /* strings kept from one array */

enum toml_type {
    TOML_STRING,        /* str */
    TOML_STRING_ARRAY,  /* items (an empty array is one too) */
    TOML_BOOL,          /* boolean */
    TOML_INT,           /* integer */
    TOML_OTHER,         /* a float, a date, an inline table, an array holding other things */
};

struct toml_entry {
    char *key;
    enum toml_type type;
    char *str;
    char **items;       /* NULL-terminated */
    size_t n_items;
    int boolean;
    long long integer;
    int line;
};

struct toml_table {
    struct toml_entry *e;   /* the table's own keys, in file order */
    size_t n;
    size_t cap;
    int found;              /* the table was defined (header or dotted key) */
    int line;               /* where, 0 when not found */
};

/* Reads the direct keys of the table named by want[0..n_want-1] (e.g.
 * {"tool", "alembic"}); keys of its sub-tables are skipped. Returns 0 (with
 * out->found telling whether the table exists), or -1 with err as
 * "PATH:LINE: reason" for an error inside the table. */
int toml_read_table(const char *text, size_t len, const char *path, const char *const *want, size_t n_want,
                    struct toml_table *out, char *err, size_t errlen);
const struct toml_entry *toml_get(const struct toml_table *t, const char *key);
void toml_table_free(struct toml_table *t);

/* Alembic's `value % {"here": here}`: %(here)s is replaced, %% is one %.
 * Returns a new string, or NULL with err naming the reason (any other %). */
char *toml_interpolate(const char *value, const char *here, char *err, size_t errlen);

/* The type's name for messages ("a string", "an array of strings", ...). */
const char *toml_type_name(enum toml_type t);

#endif
