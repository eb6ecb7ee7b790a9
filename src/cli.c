/* cli.c: flags and environment to settings (SPEC section 2). Pure. */
#include "cli.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "exitcode.h"
#include "util.h"

#define DEFAULT_STATUS_FILE "/tmp/alembic-gate/status.json"

static const char help_text[] =
    "Usage: alembic-gate [OPTIONS] [-- COMMAND [ARGS...]]\n"
    "       alembic-gate --check-only [OPTIONS]\n"
    "       alembic-gate heads|history [OPTIONS]\n"
    "       alembic-gate status [--status-file PATH]\n"
    "       alembic-gate explain [OPTIONS] [--unobservable] [--format text|json]\n"
    "\n"
    "Waits for PostgreSQL, works out which Alembic revision the schema is at,\n"
    "repairs alembic_version under an advisory lock, writes a status file, then\n"
    "execs COMMAND. Never touches user tables or data.\n"
    "\n"
    "Commands:\n"
    "  heads                 the script heads, as `alembic heads` prints them\n"
    "  history               the revisions, newest first, as `alembic history`\n"
    "  status                print the last status; exit 0 only if ready\n"
    "  explain               per revision, newest first: what the gate reads it\n"
    "                        does and what it cannot see; with database settings,\n"
    "                        applied / not applied / cannot tell, and why\n"
    "    --unobservable      only revisions with no observable effect; exit 1\n"
    "                        when there are any\n"
    "    --format text|json  default text\n"
    "\n"
    "Database (first that is set wins; libpq's PG* variables fill the rest):\n"
    "  --database-url URL    postgresql://, postgres://, postgresql+DRIVER://\n"
    "                        or key=value; env DATABASE_URL\n"
    "  env POSTGRES_HOST POSTGRES_PORT POSTGRES_USER POSTGRES_PASSWORD\n"
    "      POSTGRES_DB, each also as NAME_FILE (a secret file's content)\n"
    "  env PGHOST PGPORT PGUSER PGPASSWORD PGPASSFILE PGSSLMODE PGSERVICE ...\n"
    "\n"
    "Scripts:\n"
    "  -c, --config FILE     alembic.ini (env ALEMBIC_CONFIG; ./alembic.ini);\n"
    "                        a FILE named pyproject.toml is the --toml-file\n"
    "  --toml-file FILE      pyproject.toml with [tool.alembic] (default\n"
    "                        ./pyproject.toml if it has one); the ini's\n"
    "                        settings come first, as in Alembic\n"
    "  -d, --directory DIR   a Flask-Migrate directory (alembic.ini, env.py,\n"
    "                        versions/); ./migrations is used when there is\n"
    "                        no alembic.ini or [tool.alembic]\n"
    "  -n, --name SECTION    ini section (default alembic)\n"
    "  -x KEY=VALUE          env.py arguments: accepted and ignored\n"
    "  --script-location DIR overrides the files (env ALEMBIC_SCRIPT_LOCATION);\n"
    "                        PACKAGE:DIR is looked up on the Python path\n"
    "  --version-locations DIRS  colon-separated (default SCRIPTS/versions)\n"
    "  --version-table NAME  default alembic_version\n"
    "  --version-table-schema NAME  default: the first schema of search_path\n"
    "  --allow-multiple-heads  accept scripts with more than one head\n"
    "\n"
    "Waiting:\n"
    "  --wait-timeout SECONDS    total wait for the database, and the deadline of\n"
    "                            every retry before the write (a lost connection,\n"
    "                            a crash mid-repair) (default 60; 0: one attempt)\n"
    "  --connect-timeout SECONDS one attempt (default 5)\n"
    "  --backoff-initial MS      first retry delay cap (default 100)\n"
    "  --backoff-max MS          largest retry delay cap (default 2000)\n"
    "\n"
    "Diagnosis and repair:\n"
    "  --check-only          diagnose and report; no writes, no exec\n"
    "  --assume-revision REV[,REV]  stamp exactly these where a repair is needed\n"
    "  --on-ambiguous fail|newest|oldest  default fail\n"
    "  --on-ahead continue|fail           default continue\n"
    "  --on-drift continue|fail           default continue: the record is right\n"
    "                        but the schema was changed by hand; warn, go on\n"
    "  --on-error fail|continue  continue: exec COMMAND even after a failure\n"
    "  --lock-timeout SECONDS    wait for the advisory lock (default 60;\n"
    "                            0: do not wait)\n"
    "  --lock-key N          64-bit advisory-lock key (env ALEMBIC_GATE_LOCK_KEY;\n"
    "                        default hashtextextended('SCHEMA.TABLE', 0))\n"
    "\n"
    "Process:\n"
    "  --init                stay PID 1: fork COMMAND, forward signals, reap\n"
    "  --hold-lock           with --init: hold the advisory lock while COMMAND\n"
    "                        runs (replicas take turns)\n"
    "\n"
    "Output:\n"
    "  --status-file PATH    default " DEFAULT_STATUS_FILE ";\n"
    "                        '-' disables (env ALEMBIC_GATE_STATUS_FILE)\n"
    "  --log-format text|json  logs on stderr (env ALEMBIC_GATE_LOG_FORMAT)\n"
    "  -v, --verbose         more detail (env DEBUG=true); -q, --quiet: less\n"
    "  -h, --help            this text\n"
    "  --version             print the version\n"
    "\n"
    "Exit codes:\n"
    "  0   ready: healthy, drift (--on-drift continue), fresh, ahead\n"
    "      (--on-ahead continue) or repaired\n"
    "  1   --check-only: a repair is needed; explain --unobservable: some\n"
    "      revision has no observable effect\n"
    "  3   database not reachable before --wait-timeout\n"
    "  4   invalid migration scripts\n"
    "  5   the state needs a human (ambiguous, unexplained, ahead or drift\n"
    "      with fail)\n"
    "  6   the database refused (auth, permissions, lock timeout, write)\n"
    "  64  usage error            78  configuration error\n"
    "  126 COMMAND not executable 127 COMMAND not found\n"
    "  128+N  stopped by signal N before exec\n"
    "After exec the status is COMMAND's; with --init, COMMAND's (128+N if\n"
    "it died of signal N).\n";

const char *cli_help_text(void)
{
    return help_text;
}

const char *cli_version(void)
{
    return AG_VERSION;
}

static void settings_defaults(struct settings *s)
{
    memset(s, 0, sizeof *s);
    s->command = CMD_GATE;
    s->ini_section = xstrdup("alembic");
    s->version_table = xstrdup("alembic_version");
    s->wait_timeout_s = 60;
    s->connect_timeout_s = 5;
    s->backoff_initial_ms = 100;
    s->backoff_max_ms = 2000;
    s->lock_timeout_s = 60;
    s->status_file = xstrdup(DEFAULT_STATUS_FILE);
    s->log_format = LOG_TEXT;
    s->log_level = LOG_INFO;
    s->explain_json = -1;
}

void settings_free(struct settings *s)
{
    free(s->database_url);
    free(s->config_file);
    free(s->toml_file);
    free(s->directory);
    free(s->ini_section);
    free(s->script_location);
    free(s->version_locations);
    free(s->version_table);
    free(s->version_table_schema);
    for (size_t i = 0; i < s->n_assume_revisions; i++)
        free(s->assume_revisions[i]);
    free(s->assume_revisions);
    free(s->status_file);
    free(s->command_argv); /* the strings are argv's */
    memset(s, 0, sizeof *s);
}

static void replace(char **slot, const char *value)
{
    free(*slot);
    *slot = value ? xstrdup(value) : NULL;
}

static int parse_long(const char *value, long min, long max, long *out)
{
    if (!value || !*value)
        return -1;
    errno = 0;
    char *end;
    long v = strtol(value, &end, 10);
    if (errno || *end || v < min || v > max)
        return -1;
    *out = v;
    return 0;
}

static int parse_i64(const char *value, int64_t *out)
{
    if (!value || !*value)
        return -1;
    errno = 0;
    char *end;
    long long v = strtoll(value, &end, 10);
    if (errno || *end)
        return -1;
    *out = (int64_t)v;
    return 0;
}

static const char *base_name(const char *path)
{
    const char *slash = strrchr(path, '/');
    return slash ? slash + 1 : path;
}

static int pick(const char *value, const char *const *names, int n)
{
    for (int i = 0; i < n; i++)
        if (value && strcmp(value, names[i]) == 0)
            return i;
    return -1;
}

static int truthy(const char *v)
{
    return v && (strcasecmp(v, "true") == 0 || strcmp(v, "1") == 0 || strcasecmp(v, "yes") == 0 ||
                 strcasecmp(v, "on") == 0);
}

static int split_assumed(struct settings *s, const char *value, const char *what, char *err, size_t errlen)
{
    for (size_t i = 0; i < s->n_assume_revisions; i++)
        free(s->assume_revisions[i]);
    free(s->assume_revisions);
    s->assume_revisions = NULL;
    s->n_assume_revisions = 0;
    size_t cap = 0;
    const char *p = value;
    for (;;) {
        const char *comma = strchr(p, ',');
        size_t len = comma ? (size_t)(comma - p) : strlen(p);
        while (len && (*p == ' ')) {
            p++;
            len--;
        }
        while (len && p[len - 1] == ' ')
            len--;
        if (len == 0) {
            snprintf(err, errlen, "%s: empty revision in '%s'", what, value);
            return EXIT_USAGE;
        }
        xgrow(&s->assume_revisions, &cap, s->n_assume_revisions + 2, sizeof *s->assume_revisions);
        s->assume_revisions[s->n_assume_revisions++] = xstrndup(p, len);
        s->assume_revisions[s->n_assume_revisions] = NULL;
        if (!comma)
            break;
        p = comma + 1;
    }
    return 0;
}

enum opt_id {
    O_DATABASE_URL, O_CONFIG, O_TOML_FILE, O_DIRECTORY, O_X_ARG, O_NAME, O_SCRIPT_LOCATION, O_VERSION_LOCATIONS, O_VERSION_TABLE,
    O_VERSION_TABLE_SCHEMA, O_WAIT_TIMEOUT, O_CONNECT_TIMEOUT, O_BACKOFF_INITIAL, O_BACKOFF_MAX,
    O_LOCK_TIMEOUT, O_LOCK_KEY, O_CHECK_ONLY, O_ASSUME_REVISION, O_ON_AMBIGUOUS, O_ON_AHEAD,
    O_ON_DRIFT, O_ALLOW_MULTIPLE_HEADS, O_ON_ERROR, O_STATUS_FILE, O_INIT, O_HOLD_LOCK, O_LOG_FORMAT,
    O_VERBOSE, O_QUIET, O_HELP, O_VERSION, O_UNOBSERVABLE, O_FORMAT,
};

struct opt {
    const char *long_name;
    char short_name;
    int takes_value;
    enum opt_id id;
};

static const struct opt options[] = {
    {"--database-url", 0, 1, O_DATABASE_URL},
    {"--config", 'c', 1, O_CONFIG},
    {"--toml-file", 0, 1, O_TOML_FILE},
    {"--directory", 'd', 1, O_DIRECTORY},
    {"-x", 'x', 1, O_X_ARG}, /* Alembic's -x has no long form: "-x" never matches a "--" argument */
    {"--name", 'n', 1, O_NAME},
    {"--script-location", 0, 1, O_SCRIPT_LOCATION},
    {"--version-locations", 0, 1, O_VERSION_LOCATIONS},
    {"--version-table", 0, 1, O_VERSION_TABLE},
    {"--version-table-schema", 0, 1, O_VERSION_TABLE_SCHEMA},
    {"--wait-timeout", 0, 1, O_WAIT_TIMEOUT},
    {"--connect-timeout", 0, 1, O_CONNECT_TIMEOUT},
    {"--backoff-initial", 0, 1, O_BACKOFF_INITIAL},
    {"--backoff-max", 0, 1, O_BACKOFF_MAX},
    {"--lock-timeout", 0, 1, O_LOCK_TIMEOUT},
    {"--lock-key", 0, 1, O_LOCK_KEY},
    {"--check-only", 0, 0, O_CHECK_ONLY},
    {"--assume-revision", 0, 1, O_ASSUME_REVISION},
    {"--on-ambiguous", 0, 1, O_ON_AMBIGUOUS},
    {"--on-ahead", 0, 1, O_ON_AHEAD},
    {"--on-drift", 0, 1, O_ON_DRIFT},
    {"--allow-multiple-heads", 0, 0, O_ALLOW_MULTIPLE_HEADS},
    {"--on-error", 0, 1, O_ON_ERROR},
    {"--status-file", 0, 1, O_STATUS_FILE},
    {"--init", 0, 0, O_INIT},
    {"--hold-lock", 0, 0, O_HOLD_LOCK},
    {"--log-format", 0, 1, O_LOG_FORMAT},
    {"--verbose", 'v', 0, O_VERBOSE},
    {"--quiet", 'q', 0, O_QUIET},
    {"--help", 'h', 0, O_HELP},
    {"--version", 0, 0, O_VERSION},
    {"--unobservable", 0, 0, O_UNOBSERVABLE},
    {"--format", 0, 1, O_FORMAT},
};

static const char *const ambiguous_names[] = {"fail", "newest", "oldest"};
static const char *const ahead_names[] = {"continue", "fail"};
static const char *const onerror_names[] = {"fail", "continue"};
static const char *const format_names[] = {"text", "json"};

/* Applies one option; `what` names its source (a flag or a variable) in errors. */
static int apply(struct settings *s, enum opt_id id, const char *value, const char *what, int *verbosity,
                 char *err, size_t errlen)
{
    long v;
    int k;
    switch (id) {
    case O_DATABASE_URL:
        replace(&s->database_url, value);
        s->database_url_from = what;
        return 0;
    case O_CONFIG:
        /* As Alembic's -c: a file named pyproject.toml is the TOML file. */
        if (strcmp(base_name(value), "pyproject.toml") == 0)
            return apply(s, O_TOML_FILE, value, what, verbosity, err, errlen);
        replace(&s->config_file, value);
        s->config_file_explicit = 1;
        return 0;
    case O_TOML_FILE:
    case O_DIRECTORY:
        if (!*value) {
            snprintf(err, errlen, "%s: expected a %s", what, id == O_TOML_FILE ? "file" : "directory");
            return EXIT_USAGE;
        }
        replace(id == O_TOML_FILE ? &s->toml_file : &s->directory, value);
        return 0;
    case O_X_ARG:
        s->n_x_args++;
        return 0;
    case O_NAME:
        replace(&s->ini_section, value);
        return 0;
    case O_SCRIPT_LOCATION:
        replace(&s->script_location, value);
        return 0;
    case O_VERSION_LOCATIONS:
        replace(&s->version_locations, value);
        return 0;
    case O_VERSION_TABLE:
    case O_VERSION_TABLE_SCHEMA:
        if (!*value || strlen(value) > 63) {
            snprintf(err, errlen, "%s: expected a PostgreSQL identifier of 1 to 63 bytes", what);
            return EXIT_USAGE;
        }
        replace(id == O_VERSION_TABLE ? &s->version_table : &s->version_table_schema, value);
        return 0;
    case O_WAIT_TIMEOUT:
    case O_CONNECT_TIMEOUT:
    case O_LOCK_TIMEOUT:
        if (parse_long(value, id == O_CONNECT_TIMEOUT ? 1 : 0, 86400 * 7, &v) != 0) {
            snprintf(err, errlen, "%s: expected a whole number of seconds %s, got '%s'", what,
                     id == O_CONNECT_TIMEOUT ? ">= 1" : ">= 0", value);
            return EXIT_USAGE;
        }
        *(id == O_WAIT_TIMEOUT ? &s->wait_timeout_s : id == O_CONNECT_TIMEOUT ? &s->connect_timeout_s
                                                                             : &s->lock_timeout_s) = v;
        return 0;
    case O_BACKOFF_INITIAL:
    case O_BACKOFF_MAX:
        if (parse_long(value, id == O_BACKOFF_MAX ? 1 : 0, 3600000, &v) != 0) {
            snprintf(err, errlen, "%s: expected milliseconds %s, got '%s'", what,
                     id == O_BACKOFF_MAX ? ">= 1" : ">= 0", value);
            return EXIT_USAGE;
        }
        *(id == O_BACKOFF_INITIAL ? &s->backoff_initial_ms : &s->backoff_max_ms) = v;
        return 0;
    case O_LOCK_KEY:
        if (parse_i64(value, &s->lock_key) != 0) {
            snprintf(err, errlen, "%s: expected a signed 64-bit integer, got '%s'", what, value);
            return EXIT_USAGE;
        }
        s->lock_key_set = 1;
        return 0;
    case O_CHECK_ONLY:
        s->check_only = 1;
        return 0;
    case O_ASSUME_REVISION:
        return split_assumed(s, value, what, err, errlen);
    case O_ON_AMBIGUOUS:
        if ((k = pick(value, ambiguous_names, 3)) < 0)
            goto bad_choice;
        s->on_ambiguous = (enum on_ambiguous)k;
        return 0;
    case O_ON_AHEAD:
        if ((k = pick(value, ahead_names, 2)) < 0)
            goto bad_choice;
        s->on_ahead = (enum on_ahead)k;
        return 0;
    case O_ON_DRIFT:
        if ((k = pick(value, ahead_names, 2)) < 0)
            goto bad_choice;
        s->on_drift = (enum on_drift)k;
        return 0;
    case O_ON_ERROR:
        if ((k = pick(value, onerror_names, 2)) < 0)
            goto bad_choice;
        s->on_error = (enum on_error)k;
        return 0;
    case O_LOG_FORMAT:
        if ((k = pick(value, format_names, 2)) < 0)
            goto bad_choice;
        s->log_format = (enum log_format)k;
        return 0;
    case O_ALLOW_MULTIPLE_HEADS:
        s->allow_multiple_heads = 1;
        return 0;
    case O_STATUS_FILE:
        if (!*value) {
            snprintf(err, errlen, "%s: expected a path or '-'", what);
            return EXIT_USAGE;
        }
        replace(&s->status_file, strcmp(value, "-") == 0 ? NULL : value);
        return 0;
    case O_INIT:
        s->init = 1;
        return 0;
    case O_HOLD_LOCK:
        s->hold_lock = 1;
        return 0;
    case O_VERBOSE:
        (*verbosity)++;
        return 0;
    case O_QUIET:
        (*verbosity)--;
        return 0;
    case O_HELP:
        s->command = CMD_HELP;
        return 0;
    case O_VERSION:
        s->command = CMD_VERSION;
        return 0;
    case O_UNOBSERVABLE:
        s->explain_unobservable = 1;
        return 0;
    case O_FORMAT:
        if ((k = pick(value, format_names, 2)) < 0)
            goto bad_choice;
        s->explain_json = k;
        return 0;
    }
    return 0;
bad_choice:
    snprintf(err, errlen, "%s: '%s' is not one of %s", what, value,
             id == O_ON_AMBIGUOUS ? "fail, newest, oldest"
             : id == O_ON_AHEAD || id == O_ON_DRIFT ? "continue, fail"
             : id == O_ON_ERROR   ? "fail, continue"
                                  : "text, json");
    return EXIT_USAGE;
}

static const struct opt *find_long(const char *arg, size_t len)
{
    for (size_t i = 0; i < sizeof options / sizeof options[0]; i++)
        if (strlen(options[i].long_name) == len && strncmp(options[i].long_name, arg, len) == 0)
            return &options[i];
    return NULL;
}

static const struct opt *find_short(char c)
{
    for (size_t i = 0; i < sizeof options / sizeof options[0]; i++)
        if (options[i].short_name == c)
            return &options[i];
    return NULL;
}

/* The environment first, so that flags (read after) override it. */
static int apply_environment(struct settings *s, env_lookup_fn env, int *verbosity, char *err, size_t errlen)
{
    static const struct {
        const char *name;
        enum opt_id id;
    } vars[] = {
        {"DATABASE_URL", O_DATABASE_URL},
        {"ALEMBIC_CONFIG", O_CONFIG},
        {"ALEMBIC_SCRIPT_LOCATION", O_SCRIPT_LOCATION},
        {"ALEMBIC_GATE_LOCK_KEY", O_LOCK_KEY},
        {"ALEMBIC_GATE_STATUS_FILE", O_STATUS_FILE},
        {"ALEMBIC_GATE_LOG_FORMAT", O_LOG_FORMAT},
    };
    for (size_t i = 0; i < sizeof vars / sizeof vars[0]; i++) {
        const char *v = env(vars[i].name);
        if (!v || !*v)
            continue;
        int rc = apply(s, vars[i].id, v, vars[i].name, verbosity, err, errlen);
        if (rc)
            return rc;
    }
    if (truthy(env("DEBUG")))
        *verbosity = 1;
    return 0;
}

int cli_parse(int argc, char **argv, env_lookup_fn env, struct settings *s, char *err, size_t errlen)
{
    settings_defaults(s);
    int verbosity = 0;
    int rc = apply_environment(s, env, &verbosity, err, errlen);
    if (rc)
        return rc;
    int command_seen = 0;
    for (int i = 1; i < argc; i++) {
        const char *arg = argv[i];
        if (strcmp(arg, "--") == 0) {
            s->command_argc = argc - i - 1;
            if (s->command_argc > 0) {
                s->command_argv = xcalloc((size_t)s->command_argc + 1, sizeof *s->command_argv);
                for (int k = 0; k < s->command_argc; k++)
                    s->command_argv[k] = argv[i + 1 + k];
            }
            break;
        }
        if (arg[0] == '-' && arg[1] == '-') {
            const char *eq = strchr(arg, '=');
            size_t name_len = eq ? (size_t)(eq - arg) : strlen(arg);
            const struct opt *o = find_long(arg, name_len);
            if (!o) {
                snprintf(err, errlen, "unknown option %.*s (see --help)", (int)(name_len > 64 ? 64 : name_len), arg);
                return EXIT_USAGE;
            }
            const char *value = NULL;
            if (o->takes_value) {
                if (eq)
                    value = eq + 1;
                else if (i + 1 < argc)
                    value = argv[++i];
                else {
                    snprintf(err, errlen, "%s needs a value (see --help)", o->long_name);
                    return EXIT_USAGE;
                }
            } else if (eq) {
                snprintf(err, errlen, "%s takes no value", o->long_name);
                return EXIT_USAGE;
            }
            if ((rc = apply(s, o->id, value, o->long_name, &verbosity, err, errlen)))
                return rc;
            continue;
        }
        if (arg[0] == '-' && arg[1]) {
            /* Short flags, bundled as -vv or -c FILE / -cFILE. */
            for (const char *p = arg + 1; *p; p++) {
                const struct opt *o = find_short(*p);
                if (!o) {
                    snprintf(err, errlen, "unknown option -%c (see --help)", *p);
                    return EXIT_USAGE;
                }
                const char *value = NULL;
                if (o->takes_value) {
                    if (p[1])
                        value = p + 1;
                    else if (i + 1 < argc)
                        value = argv[++i];
                    else {
                        snprintf(err, errlen, "-%c needs a value (see --help)", *p);
                        return EXIT_USAGE;
                    }
                }
                char what[4] = {'-', *p, 0, 0};
                if ((rc = apply(s, o->id, value, what, &verbosity, err, errlen)))
                    return rc;
                if (o->takes_value)
                    break;
            }
            continue;
        }
        static const char *const commands[] = {"heads", "history", "status", "explain"};
        static const enum gate_command command_ids[] = {CMD_HEADS, CMD_HISTORY, CMD_STATUS, CMD_EXPLAIN};
        int k = pick(arg, commands, 4);
        if (k < 0 || command_seen) {
            snprintf(err, errlen, "unexpected argument '%.64s': commands go after '--'", arg);
            return EXIT_USAGE;
        }
        command_seen = 1;
        if (s->command == CMD_GATE)
            s->command = command_ids[k];
    }
    if (s->command == CMD_HELP || s->command == CMD_VERSION)
        return 0;
    if (verbosity > 0)
        s->log_level = LOG_DEBUG;
    else if (verbosity == -1)
        s->log_level = LOG_WARN;
    else if (verbosity < -1)
        s->log_level = LOG_ERROR;
    if (s->backoff_initial_ms > s->backoff_max_ms) {
        snprintf(err, errlen, "--backoff-initial (%ld ms) is larger than --backoff-max (%ld ms)",
                 s->backoff_initial_ms, s->backoff_max_ms);
        return EXIT_USAGE;
    }
    if (s->hold_lock && !s->init) {
        snprintf(err, errlen, "--hold-lock needs --init: the lock is held while the gate supervises the command");
        return EXIT_USAGE;
    }
    if (s->check_only && s->command_argv) {
        snprintf(err, errlen, "--check-only execs nothing: drop the command after '--'");
        return EXIT_USAGE;
    }
    if (s->command != CMD_GATE && s->command_argv) {
        snprintf(err, errlen, "the %s command takes no command after '--'",
                 s->command == CMD_HEADS     ? "heads"
                 : s->command == CMD_HISTORY ? "history"
                 : s->command == CMD_EXPLAIN ? "explain"
                                             : "status");
        return EXIT_USAGE;
    }
    if (s->command != CMD_EXPLAIN && (s->explain_unobservable || s->explain_json >= 0)) {
        snprintf(err, errlen, "%s is an option of the explain command",
                 s->explain_unobservable ? "--unobservable" : "--format");
        return EXIT_USAGE;
    }
    return 0;
}

/* Options whose value may hold a password. */
static const enum opt_id secret_options[] = {O_DATABASE_URL};

static int is_secret(const struct opt *o)
{
    for (size_t i = 0; i < sizeof secret_options / sizeof secret_options[0]; i++)
        if (secret_options[i] == o->id)
            return 1;
    return 0;
}

static void scrub(char *value)
{
    size_t len = strlen(value);
    memset(value, 0, len);
    memcpy(value, "***", len < 3 ? len : 3);
}

void cli_scrub_secrets(int argc, char **argv)
{
    for (int i = 1; i < argc; i++) {
        const char *arg = argv[i];
        if (strcmp(arg, "--") == 0)
            return;
        if (arg[0] != '-' || arg[1] != '-')
            continue;
        const char *eq = strchr(arg, '=');
        const struct opt *o = find_long(arg, eq ? (size_t)(eq - arg) : strlen(arg));
        if (!o || !o->takes_value)
            continue;
        if (eq) {
            if (is_secret(o))
                scrub(argv[i] + (eq - arg) + 1);
        } else if (i + 1 < argc) {
            if (is_secret(o))
                scrub(argv[i + 1]);
            i++;
        }
    }
}
