/* config.h: settings plus alembic.ini and pyproject.toml, resolved into
 * what the later phases need: where the scripts are and how to reach the
 * database.
 *
 * This is the only place that reads configuration files from disk. */
#ifndef AG_CONFIG_H
#define AG_CONFIG_H

#include "cli.h"
#include "dburl.h"

struct gate_config {
    char *ini_path;              /* the ini that was read, or NULL */
    char *toml_path;             /* the pyproject.toml whose [tool.alembic] was read, or NULL */
    /* Where script_location came from, for the log and the status file:
     * the file and section, or NULL and the flag or variable. */
    char *origin_file;
    char *origin_section;
    char *origin;                /* one line: "pyproject.toml:3 [tool.alembic]", "--script-location", ... */
    char *script_location;       /* absolute or relative to the working directory */
    char **version_locations;    /* NULL-terminated directory list */
    size_t n_version_locations;
    int recursive_version_locations;
    struct conninfo conn;        /* for libpq; may be empty when libpq's PG* variables are used */
    struct conn_summary summary; /* host/port/dbname/user for logs and status */
    int database_set;            /* database settings were found (always, when required) */
};

/* Reads the ini and pyproject.toml (if any), applies Alembic's precedence
 * (flags, then the ini's section, then [tool.alembic]; Flask-Migrate's
 * directory where neither names a script location), resolves a
 * `package:dir` script location on the Python path, and checks that the
 * script location exists. Returns 0, EXIT_CONFIG (78) or EXIT_USAGE (64) with a
 * one-line err naming the file, line or setting at fault. need_database is 0
 * for `heads` and `history`, which never connect, and CONFIG_DATABASE_OPTIONAL
 * for `explain`, which connects only when settings are given (database_set). */
#define CONFIG_DATABASE_OPTIONAL 2
int config_resolve(const struct settings *s, env_lookup_fn env, int need_database,
                   struct gate_config *out, char *err, size_t errlen);
void gate_config_free(struct gate_config *c);

/* Logs which files were read and where the script location came from. */
void log_config_origin(const struct gate_config *c, enum log_level level);

/* Splits a version_locations value the way Alembic does: by path_separator
 * if set, else version_path_separator (os, :, ;, space, newline), else the
 * legacy split on commas and whitespace. sep_setting is the raw setting value
 * or NULL. */
char **split_version_locations(const char *value, const char *sep_setting, size_t *n);

#endif
