/* cli.h: command line and environment to settings (SPEC section 2).
 *
 * Precedence, for every setting: flag > environment > alembic.ini > default.
 * cli_parse reads flags and environment only; config_resolve (config.h) adds
 * the ini. Pure: the environment comes through an env_lookup_fn. */
#ifndef AG_CLI_H
#define AG_CLI_H

#include <stddef.h>
#include <stdint.h>

#include "dburl.h"
#include "log.h"

enum gate_command {
    CMD_GATE,     /* the default: wait, diagnose, repair, status, exec */
    CMD_HEADS,
    CMD_HISTORY,
    CMD_STATUS,
    CMD_EXPLAIN,  /* per revision: what the gate reads it does, and whether the catalog shows it */
    CMD_HELP,
    CMD_VERSION,
};

enum on_ambiguous { AMBIGUOUS_FAIL, AMBIGUOUS_NEWEST, AMBIGUOUS_OLDEST };
enum on_ahead { AHEAD_CONTINUE, AHEAD_FAIL };
enum on_drift { DRIFT_CONTINUE, DRIFT_FAIL };
enum on_error { ONERROR_FAIL, ONERROR_CONTINUE };

struct settings {
    enum gate_command command;
    int check_only;

    /* Database: at most one of these is used, in this order. */
    char *database_url;          /* --database-url or DATABASE_URL */
    const char *database_url_from; /* "--database-url" or "DATABASE_URL" */

    char *config_file;           /* -c / ALEMBIC_CONFIG; NULL: ./alembic.ini if present */
    int config_file_explicit;    /* given by flag or environment: must exist */
    char *toml_file;             /* --toml-file, or -c / ALEMBIC_CONFIG naming a pyproject.toml */
    char *directory;             /* -d / --directory: a Flask-Migrate directory */
    int n_x_args;                /* -x key=value: for env.py only, counted and ignored */
    char *ini_section;           /* -n, default "alembic" */
    char *script_location;       /* --script-location / ALEMBIC_SCRIPT_LOCATION */
    char *version_locations;     /* --version-locations, colon-separated */
    char *version_table;         /* default "alembic_version" */
    char *version_table_schema;  /* NULL: current_schema() */

    long wait_timeout_s;         /* default 60; 0: one attempt */
    long connect_timeout_s;      /* default 5 */
    long backoff_initial_ms;     /* default 100 */
    long backoff_max_ms;         /* default 2000 */
    long lock_timeout_s;         /* default 60 */
    int lock_key_set;
    int64_t lock_key;            /* --lock-key / ALEMBIC_GATE_LOCK_KEY */

    char **assume_revisions;     /* --assume-revision, split on commas; NULL-terminated */
    size_t n_assume_revisions;
    enum on_ambiguous on_ambiguous;
    enum on_ahead on_ahead;
    enum on_drift on_drift;
    int allow_multiple_heads;
    enum on_error on_error;

    char *status_file;           /* default /tmp/alembic-gate/status.json; NULL when "-" */
    int init;
    int hold_lock;
    enum log_format log_format;
    enum log_level log_level;    /* -v raises, -q lowers; DEBUG=true means debug */

    int explain_unobservable;    /* explain --unobservable */
    int explain_json;            /* explain --format: 1 json, 0 text, -1 not given */

    char **command_argv;         /* after "--"; NULL-terminated; NULL when none */
    int command_argc;
};

/* Parses argv and the environment into s (which it initialises with the
 * defaults). Returns 0, or EXIT_USAGE (64) with a one-line message naming the
 * flag or variable in err. */
int cli_parse(int argc, char **argv, env_lookup_fn env, struct settings *s,
              char *err, size_t errlen);
void settings_free(struct settings *s);

/* Overwrites, in argv itself, the values of options that may hold a password
 * (--database-url), so /proc/PID/cmdline of a long-lived --init supervisor
 * shows "***". Call after cli_parse, which keeps copies. */
void cli_scrub_secrets(int argc, char **argv);

/* The --help text (fits an 80-column terminal) and the version string. */
const char *cli_help_text(void);
const char *cli_version(void);

#endif
