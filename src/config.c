/* config.c: settings plus alembic.ini and pyproject.toml, resolved into
 * where the scripts are and how to reach the database. The only module that
 * reads configuration files.
 *
 * Precedence, for every setting: flag > environment > the files > default.
 * Between the files, Alembic 1.16+'s own rule (Config.get_alembic_option):
 * the ini's main section first, then [tool.alembic], key by key; a
 * Flask-Migrate directory (-d, or recognised by env.py and versions/) sets
 * script_location itself, as Flask-Migrate does.
 * For the database: --database-url / DATABASE_URL, else POSTGRES_*, else the
 * ini's sqlalchemy.url, else libpq's own PG* variables alone. Whatever the
 * chosen source leaves unset, libpq still takes from its environment
 * (PGPASSFILE, PGSSLMODE, PGSSLROOTCERT, a service file...). */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "exitcode.h"
#include "ini.h"
#include "log.h"
#include "pypath.h"
#include "toml.h"
#include "util.h"

#define INI_MAX_BYTES (1u << 20)
#define TOML_MAX_BYTES (4u << 20) /* a pyproject.toml holds every tool's settings */

static int is_dir(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

static void push_piece(char ***v, size_t *n, size_t *cap, const char *s, size_t len)
{
    while (len && (*s == ' ' || *s == '\t' || *s == '\n' || *s == '\r')) {
        s++;
        len--;
    }
    while (len && (s[len - 1] == ' ' || s[len - 1] == '\t' || s[len - 1] == '\n' || s[len - 1] == '\r'))
        len--;
    if (!len)
        return;
    xgrow(v, cap, *n + 2, sizeof **v);
    (*v)[(*n)++] = xstrndup(s, len);
    (*v)[*n] = NULL;
}

/* Splits by the separator a path_separator setting names, or by any of
 * legacy_seps when there is no setting; NULL for an unknown setting. */
static char **split_on(const char *value, const char *sep_setting, const char *legacy_seps, size_t *n)
{
    *n = 0;
    const char *seps;
    if (!sep_setting)
        seps = legacy_seps;
    else if (strcmp(sep_setting, "os") == 0 || strcmp(sep_setting, ":") == 0)
        seps = ":";
    else if (strcmp(sep_setting, ";") == 0)
        seps = ";";
    else if (strcmp(sep_setting, "space") == 0)
        seps = " ";
    else if (strcmp(sep_setting, "newline") == 0)
        seps = "\n";
    else
        return NULL;
    char **v = xcalloc(1, sizeof *v);
    size_t cap = 1;
    const char *p = value;
    for (;;) {
        size_t len = strcspn(p, seps);
        push_piece(&v, n, &cap, p, len);
        if (!p[len])
            break;
        p += len + 1;
    }
    return v;
}

char **split_version_locations(const char *value, const char *sep_setting, size_t *n)
{
    return split_on(value, sep_setting, ", \t\n\r", n); /* Alembic's legacy split */
}

void gate_config_free(struct gate_config *c)
{
    free(c->ini_path);
    free(c->toml_path);
    free(c->origin_file);
    free(c->origin_section);
    free(c->origin);
    free(c->script_location);
    for (size_t i = 0; i < c->n_version_locations; i++)
        free(c->version_locations[i]);
    free(c->version_locations);
    conninfo_free(&c->conn);
    conn_summary_free(&c->summary);
    memset(c, 0, sizeof *c);
}

static char *dir_of(const char *path)
{
    const char *slash = strrchr(path, '/');
    if (!slash) {
        char *cwd = getcwd(NULL, 0);
        return cwd ? cwd : xstrdup(".");
    }
    if (slash == path)
        return xstrdup("/");
    char *d = xstrndup(path, (size_t)(slash - path));
    if (d[0] != '/') {
        char *cwd = getcwd(NULL, 0);
        if (cwd) {
            char *abs = xasprintf("%s/%s", cwd, d);
            free(cwd);
            free(d);
            return abs;
        }
    }
    return d;
}

/* Flask-Migrate's layout: the directory holds env.py and versions/. */
static int is_flask_migrate_dir(const char *dir)
{
    char *env_py = xasprintf("%s/env.py", dir);
    char *versions = xasprintf("%s/versions", dir);
    int yes = access(env_py, F_OK) == 0 && is_dir(versions);
    free(env_py);
    free(versions);
    return yes;
}

/* What the configuration files hold, as Alembic's Config sees them. */
struct sources {
    struct ini *ini;            /* NULL: no ini was read */
    const char *section;        /* -n */
    int has_section;
    struct toml_table toml;     /* toml.found == 0: no [tool.alembic] */
    char *toml_here;            /* %(here)s of the TOML file */
    char *flask_dir;            /* a Flask-Migrate directory given by -d or found as ./migrations */
    struct strvec owned;        /* strings the sources' values point into */
};

static void sources_free(struct sources *src)
{
    ini_free(src->ini);
    toml_table_free(&src->toml);
    free(src->toml_here);
    free(src->flask_dir);
    sv_free(&src->owned);
}

static int load_ini(const char *path, const char *what, const struct settings *s, struct gate_config *out,
                    struct sources *src, char *err, size_t errlen)
{
    char *text;
    size_t len;
    if (read_file_limited(path, INI_MAX_BYTES, &text, &len) != 0) {
        snprintf(err, errlen, "%s: cannot read the Alembic config (%s): %s", path, what, strerror(errno));
        return EXIT_CONFIG;
    }
    char *here = dir_of(path);
    src->ini = ini_parse(text, len, path, here, err, errlen);
    free(here);
    free(text);
    if (!src->ini)
        return EXIT_CONFIG;
    src->has_section = ini_has_section(src->ini, s->ini_section);
    out->ini_path = xstrdup(path);
    return 0;
}

/* [tool.alembic] of a TOML file. A default ./pyproject.toml that is missing
 * or has no such table is not used; an explicit one must be readable. */
static int load_toml(const char *path, int explicit_file, struct gate_config *out, struct sources *src, char *err,
                     size_t errlen)
{
    char *text;
    size_t len;
    if (read_file_limited(path, TOML_MAX_BYTES, &text, &len) != 0) {
        if (!explicit_file && errno == ENOENT)
            return 0;
        snprintf(err, errlen, "%s: cannot read (%s): %s", path, explicit_file ? "--toml-file" : "./pyproject.toml",
                 strerror(errno));
        return EXIT_CONFIG;
    }
    static const char *const want[] = {"tool", "alembic"};
    int rc = toml_read_table(text, len, path, want, 2, &src->toml, err, errlen);
    free(text);
    if (rc)
        return EXIT_CONFIG;
    if (!src->toml.found) {
        if (explicit_file)
            log_info("%s has no [tool.alembic] table; only the other settings are used", path);
        return 0;
    }
    src->toml_here = dir_of(path);
    out->toml_path = xstrdup(path);
    return 0;
}

/* Which files Alembic (or Flask-Migrate) would read, read. */
static int load_files(const struct settings *s, struct gate_config *out, struct sources *src, char *err,
                      size_t errlen)
{
    int rc = 0;
    char *flask_ini = NULL;
    const char *ini = s->config_file, *what = "-c / ALEMBIC_CONFIG";
    if (s->directory) {
        if (!is_dir(s->directory)) {
            snprintf(err, errlen, "-d / --directory '%s' is not a directory", s->directory);
            return EXIT_CONFIG;
        }
        src->flask_dir = xstrdup(s->directory);
        flask_ini = xasprintf("%s/alembic.ini", s->directory);
        if (!ini && access(flask_ini, F_OK) == 0) {
            ini = flask_ini;
            what = "-d / --directory";
        }
    } else if (!ini && access("alembic.ini", F_OK) == 0) {
        ini = "alembic.ini";
        what = "./alembic.ini";
    }
    if (ini)
        rc = load_ini(ini, what, s, out, src, err, errlen);
    /* Flask-Migrate reads no pyproject.toml; Alembic reads ./pyproject.toml. */
    if (rc == 0 && (s->toml_file || !s->directory))
        rc = load_toml(s->toml_file ? s->toml_file : "pyproject.toml", s->toml_file != NULL, out, src, err, errlen);
    if (rc == 0 && !s->directory && !ini && !src->toml.found && !s->script_location &&
        is_flask_migrate_dir("migrations")) {
        src->flask_dir = xstrdup("migrations");
        if (access("migrations/alembic.ini", F_OK) == 0)
            rc = load_ini("migrations/alembic.ini", "Flask-Migrate's ./migrations", s, out, src, err, errlen);
    }
    if (rc == 0 && src->ini && !src->has_section && !src->toml.found && !src->flask_dir) {
        snprintf(err, errlen, "%s: no [%s] section (-n / --name), and no [tool.alembic] in a pyproject.toml",
                 out->ini_path, s->ini_section);
        rc = EXIT_CONFIG;
    }
    free(flask_ini);
    return rc;
}

/* The ini's value in the main section ([DEFAULT] included), as
 * ConfigParser's has_option and get: NULL when the section or key is absent. */
static int ini_opt(struct sources *src, const char *name, const char **value, char *err, size_t errlen)
{
    *value = NULL;
    if (!src->ini || !src->has_section)
        return 0;
    err[0] = '\0';
    *value = ini_get(src->ini, src->section, name, err, errlen);
    return !*value && err[0] ? EXIT_CONFIG : 0;
}

/* [tool.alembic]'s entry for name, which must be of the given type. */
static int toml_opt(struct sources *src, const struct gate_config *out, const char *name, enum toml_type type,
                    const struct toml_entry **entry, char *err, size_t errlen)
{
    *entry = src->toml.found ? toml_get(&src->toml, name) : NULL;
    if (!*entry || (*entry)->type == type)
        return 0;
    snprintf(err, errlen, "%s:%d: [tool.alembic] %s must be %s, not %s", out->toml_path, (*entry)->line, name,
             toml_type_name(type), toml_type_name((*entry)->type));
    return EXIT_CONFIG;
}

/* A TOML string with %(here)s replaced; the result lives in src->owned. */
static int toml_string(struct sources *src, const struct gate_config *out, const struct toml_entry *e,
                       const char *value, const char **result, char *err, size_t errlen)
{
    char why[200];
    char *v = toml_interpolate(value, src->toml_here, why, sizeof why);
    if (!v) {
        snprintf(err, errlen, "%s:%d: [tool.alembic] %s: %s", out->toml_path, e->line, e->key, why);
        return EXIT_CONFIG;
    }
    sv_push_owned(&src->owned, v);
    *result = v;
    return 0;
}

/* A list setting: the ini's, split by path_separator (falling back to
 * legacy_name, then to the legacy separators), else [tool.alembic]'s array. */
static int list_opt(struct sources *src, const struct gate_config *out, const char *name, const char *legacy_name,
                    const char *legacy_seps, struct strvec *list, int *found, char *err, size_t errlen)
{
    const char *v = NULL, *sep = NULL, *sep_name = "path_separator";
    int rc = ini_opt(src, name, &v, err, errlen);
    *found = 0;
    if (rc == 0 && v && *v) {
        if ((rc = ini_opt(src, "path_separator", &sep, err, errlen)) == 0 && !sep && legacy_name) {
            sep_name = legacy_name;
            rc = ini_opt(src, legacy_name, &sep, err, errlen);
        }
        if (rc)
            return rc;
        size_t n;
        char **parts = split_on(v, sep, legacy_seps, &n);
        if (!parts) {
            snprintf(err, errlen, "%s:%d: %s '%s' is not one of os, :, ;, space, newline", out->ini_path,
                     ini_line(src->ini, src->section, sep_name), sep_name, sep);
            return EXIT_CONFIG;
        }
        for (size_t i = 0; i < n; i++)
            sv_push_owned(list, parts[i]);
        free(parts);
        *found = 1;
        return 0;
    }
    const struct toml_entry *e;
    if (rc || (rc = toml_opt(src, out, name, TOML_STRING_ARRAY, &e, err, errlen)) || !e)
        return rc;
    for (size_t i = 0; i < e->n_items && rc == 0; i++) {
        const char *item;
        if ((rc = toml_string(src, out, e, e->items[i], &item, err, errlen)) == 0)
            sv_push(list, item);
    }
    *found = 1;
    return rc;
}

static void set_origin(struct gate_config *out, const char *file, const char *section, char *description)
{
    out->origin_file = file ? xstrdup(file) : NULL;
    out->origin_section = section ? xstrdup(section) : NULL;
    out->origin = description;
}

/* script_location as Alembic takes it: the flag, Flask-Migrate's directory
 * (-d sets it over the ini's), the ini's section, [tool.alembic], and last a
 * Flask-Migrate directory recognised by its content. */
static int find_script_location(const struct settings *s, struct sources *src, struct gate_config *out,
                                const char **loc, char *err, size_t errlen)
{
    const char *ini_section = src->has_section ? s->ini_section : NULL;
    const char *ini_file = src->has_section ? out->ini_path : NULL;
    *loc = s->script_location;
    if (*loc) {
        set_origin(out, NULL, NULL, xstrdup("--script-location / ALEMBIC_SCRIPT_LOCATION"));
        return 0;
    }
    if (src->flask_dir) {
        *loc = src->flask_dir;
        set_origin(out, ini_file, ini_section,
                   xasprintf("Flask-Migrate directory %s (%s)", src->flask_dir,
                             s->directory ? "-d / --directory" : "no alembic.ini or [tool.alembic] here"));
        return 0;
    }
    int rc = ini_opt(src, "script_location", loc, err, errlen);
    if (rc || *loc) {
        if (*loc)
            set_origin(out, out->ini_path, s->ini_section,
                       xasprintf("%s:%d [%s]", out->ini_path, ini_line(src->ini, s->ini_section, "script_location"),
                                 s->ini_section));
        return rc;
    }
    const struct toml_entry *e;
    if ((rc = toml_opt(src, out, "script_location", TOML_STRING, &e, err, errlen)) || e) {
        if (e && (rc = toml_string(src, out, e, e->str, loc, err, errlen)) == 0)
            set_origin(out, out->toml_path, "tool.alembic", xasprintf("%s:%d [tool.alembic]", out->toml_path, e->line));
        return rc;
    }
    if (out->ini_path) {
        char *here = dir_of(out->ini_path);
        sv_push_owned(&src->owned, here);
        if (is_flask_migrate_dir(here)) {
            *loc = here;
            set_origin(out, out->ini_path, ini_section,
                       xasprintf("Flask-Migrate directory %s (%s has no script_location; env.py and versions/ "
                                 "are beside it)", here, out->ini_path));
        }
    }
    return 0;
}

/* A `package:dir` location: the directory on the Python path Alembic's
 * importlib would find. */
static int resolve_resource(const char *loc, struct sources *src, env_lookup_fn env, struct gate_config *out,
                            char **dir, char *err, size_t errlen)
{
    struct strvec prepend = {0}, roots = {0};
    int found;
    int rc = list_opt(src, out, "prepend_sys_path", NULL, ", \t\n\r:", &prepend, &found, err, errlen);
    if (rc) {
        sv_free(&prepend);
        return rc;
    }
    pypath_roots(prepend.v, prepend.n, env, &roots);
    size_t idx = 0;
    char why[900];
    *dir = pypath_resolve(loc, &roots, &idx, why, sizeof why);
    if (!*dir) {
        snprintf(err, errlen, "script_location (%s) %s", out->origin, why);
        rc = EXIT_CONFIG;
    } else {
        log_info("script_location %s: package found in %s; the scripts are in %s", loc, roots.v[idx], *dir);
        for (size_t i = 0; i < roots.n; i++)
            log_debug("python path searched for %s: %s", loc, roots.v[i]);
    }
    sv_free(&prepend);
    sv_free(&roots);
    return rc;
}

static int resolve_version_locations(const struct settings *s, struct sources *src, struct gate_config *out,
                                     char *err, size_t errlen)
{
    struct strvec list = {0};
    int found = 0, rc = 0;
    if (s->version_locations) {
        size_t n;
        char **parts = split_version_locations(s->version_locations, ":", &n);
        for (size_t i = 0; i < n; i++)
            sv_push_owned(&list, parts[i]);
        free(parts);
        found = 1;
    } else {
        rc = list_opt(src, out, "version_locations", "version_path_separator", ", \t\n\r", &list, &found, err,
                      errlen);
    }
    if (rc == 0 && list.n == 0)
        sv_push_owned(&list, xasprintf("%s/versions", out->script_location));
    out->n_version_locations = list.n;
    out->version_locations = list.v ? list.v : xcalloc(1, sizeof *out->version_locations);
    return rc;
}

/* Alembic's rule: the ini's value must be exactly "true"; TOML's a boolean. */
static int resolve_recursive(struct sources *src, struct gate_config *out, char *err, size_t errlen)
{
    const char *v;
    int rc = ini_opt(src, "recursive_version_locations", &v, err, errlen);
    if (rc || v) {
        out->recursive_version_locations = v && strcmp(v, "true") == 0;
        return rc;
    }
    const struct toml_entry *e;
    rc = toml_opt(src, out, "recursive_version_locations", TOML_BOOL, &e, err, errlen);
    out->recursive_version_locations = e && e->boolean;
    return rc;
}

static int resolve_scripts(const struct settings *s, env_lookup_fn env, struct sources *src,
                           struct gate_config *out, char *err, size_t errlen)
{
    const char *loc;
    int rc = find_script_location(s, src, out, &loc, err, errlen);
    if (rc)
        return rc;
    if (!loc && !s->version_locations) {
        snprintf(err, errlen, "no script location: set script_location in %s%s, pass -d for a Flask-Migrate "
                 "directory, or --script-location",
                 out->ini_path ? out->ini_path : "alembic.ini (none found)",
                 out->toml_path ? " or [tool.alembic]" : " or [tool.alembic] of pyproject.toml");
        return EXIT_CONFIG;
    }
    if (!loc)
        set_origin(out, NULL, NULL, xstrdup("--version-locations (no script location)"));
    if (loc && pypath_is_resource(loc)) {
        if ((rc = resolve_resource(loc, src, env, out, &out->script_location, err, errlen)))
            return rc;
    } else if (loc) {
        if (!is_dir(loc)) {
            snprintf(err, errlen, "script_location '%s' (%s) is not a directory (relative paths are from the "
                     "working directory, as in Alembic)", loc, out->origin);
            return EXIT_CONFIG;
        }
        out->script_location = xstrdup(loc);
    }
    if ((rc = resolve_version_locations(s, src, out, err, errlen)))
        return rc;
    return resolve_recursive(src, out, err, errlen);
}

static int resolve_database(const struct settings *s, env_lookup_fn env, struct sources *src, int optional,
                            struct gate_config *out, char *err, size_t errlen)
{
    int rc;
    out->database_set = 1;
    if (s->database_url)
        return conninfo_from_url(s->database_url, s->database_url_from ? s->database_url_from : "DATABASE_URL",
                                 &out->conn, err, errlen);
    int found = 0;
    if ((rc = conninfo_from_postgres_env(env, &out->conn, &found, err, errlen)))
        return rc;
    if (found)
        return 0;
    const char *url = NULL;
    if ((rc = ini_opt(src, "sqlalchemy.url", &url, err, errlen)))
        return rc;
    /* alembic init's placeholder is not a setting. */
    if (url && *url && strncmp(url, "driver://", 9) != 0) {
        char what[512];
        snprintf(what, sizeof what, "%s:%d sqlalchemy.url", out->ini_path,
                 ini_line(src->ini, s->ini_section, "sqlalchemy.url"));
        return conninfo_from_url(url, what, &out->conn, err, errlen);
    }
    static const char *const pg_vars[] = {"PGHOST", "PGHOSTADDR", "PGSERVICE", "PGDATABASE", "PGPORT", "PGUSER"};
    for (size_t i = 0; i < sizeof pg_vars / sizeof pg_vars[0]; i++) {
        const char *v = env(pg_vars[i]);
        if (v && *v)
            return 0; /* libpq reads them itself */
    }
    out->database_set = 0;
    if (optional)
        return 0;
    snprintf(err, errlen, "no database settings: set DATABASE_URL or --database-url, POSTGRES_HOST and friends, "
             "libpq's PGHOST..., or sqlalchemy.url in alembic.ini");
    return EXIT_CONFIG;
}

void log_config_origin(const struct gate_config *c, enum log_level level)
{
    log_msg(level, "configuration: %s%s%s%s; script location %s from %s", c->ini_path ? c->ini_path : "no ini",
            c->toml_path ? ", " : "", c->toml_path ? c->toml_path : "", c->toml_path ? " [tool.alembic]" : "",
            c->script_location ? c->script_location : "(none)", c->origin ? c->origin : "(none)");
}

int config_resolve(const struct settings *s, env_lookup_fn env, int need_database, struct gate_config *out,
                   char *err, size_t errlen)
{
    memset(out, 0, sizeof *out);
    struct sources src = {.section = s->ini_section};
    int rc = load_files(s, out, &src, err, errlen);
    if (rc == 0)
        rc = resolve_scripts(s, env, &src, out, err, errlen);
    if (rc == 0 && need_database)
        rc = resolve_database(s, env, &src, need_database == CONFIG_DATABASE_OPTIONAL, out, err, errlen);
    if (rc == 0)
        conninfo_summary(&out->conn, env, &out->summary);
    if (rc == 0 && s->n_x_args)
        log_info("-x given %d time%s: such arguments are read by env.py, which the gate does not run; ignored",
                 s->n_x_args, s->n_x_args == 1 ? "" : "s");
    sources_free(&src);
    return rc;
}
