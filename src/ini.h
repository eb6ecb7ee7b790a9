/* ini.h: alembic.ini as Python's ConfigParser reads it.
 *
 * Sections, `key = value` and `key: value`, comments (# and ; at line start),
 * continuation lines (indented lines extend the previous value), [DEFAULT]
 * fallbacks, and BasicInterpolation: %(name)s from the same section, DEFAULT
 * or the `here` default, and %% for a literal percent. Keys are
 * case-insensitive (lowercased), as ConfigParser's optionxform. Pure: no I/O. */
#ifndef AG_INI_H
#define AG_INI_H

#include <stddef.h>

struct ini;

/* Parses text (len bytes). path names the file in errors; here is the value
 * of %(here)s (the ini's directory). Returns NULL and fills err with
 * "PATH:LINE: reason" on a syntax error. */
struct ini *ini_parse(const char *text, size_t len, const char *path, const char *here,
                      char *err, size_t errlen);
void ini_free(struct ini *ini);

int ini_has_section(const struct ini *ini, const char *section);
/* The interpolated value, or NULL when the key is absent. A malformed or
 * too-deep interpolation gives NULL and fills err (when err is not NULL)
 * with "PATH:LINE: reason". The string is owned by ini and lives until
 * ini_free. */
const char *ini_get(struct ini *ini, const char *section, const char *key,
                    char *err, size_t errlen);
/* The line a key was defined on, 0 when absent. */
int ini_line(const struct ini *ini, const char *section, const char *key);

#endif
