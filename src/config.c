/* config.c: settings plus alembic.ini, resolved into where the scripts are
 * and how to reach the database. The only module that reads the ini.
 *
 * Precedence, for every setting: flag > environment > alembic.ini > default.
 * For the database: --database-url / DATABASE_URL, else POSTGRES_*, else the
 * ini's sqlalchemy.url, else libpq's own PG* variables alone. Whatever the
 * chosen source leaves unset, libpq still takes from its environment
 * (PGPASSFILE, PGSSLMODE, PGSSLROOTCERT, a service file...). */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "exitcode.h"
#include "ini.h"
#include "log.h"
#include "util.h"

#define INI_MAX_BYTES (1u << 20)

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

char **split_version_locations(const char *value, const char *sep_setting, size_t *n)
{
    *n = 0;
    const char *seps;
    if (!sep_setting)
        seps = ", \t\n\r"; /* Alembic's legacy split */
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

void gate_config_free(struct gate_config *c)
{
    free(c->ini_path);
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

static int truthy(const char *v)
{
    static const char *const yes[] = {"1", "yes", "true", "on"};
    for (size_t i = 0; v && i < 4; i++)
        if (strcasecmp(v, yes[i]) == 0)
            return 1;
    return 0;
}

/* Alembic's `package:dir` resource form needs Python's importlib to find. */
static int is_package_resource(const char *loc)
{
    const char *colon = strchr(loc, ':');
    if (!colon || is_dir(loc))
        return 0;
    const char *slash = strchr(loc, '/');
    return !slash || slash > colon;
}

static int load_ini(const struct settings *s, struct gate_config *out, struct ini **ini, char *err, size_t errlen)
{
    *ini = NULL;
    const char *path = s->config_file;
    if (!path) {
        if (access("alembic.ini", F_OK) != 0)
            return 0;
        path = "alembic.ini";
    }
    char *text;
    size_t len;
    if (read_file_limited(path, INI_MAX_BYTES, &text, &len) != 0) {
        snprintf(err, errlen, "%s: cannot read the Alembic config (%s): %s", path,
                 s->config_file_explicit ? "-c / ALEMBIC_CONFIG" : "./alembic.ini", strerror(errno));
        return EXIT_CONFIG;
    }
    char *here = dir_of(path);
    *ini = ini_parse(text, len, path, here, err, errlen);
    free(here);
    free(text);
    if (!*ini)
        return EXIT_CONFIG;
    if (!ini_has_section(*ini, s->ini_section)) {
        snprintf(err, errlen, "%s: no [%s] section (-n / --name)", path, s->ini_section);
        ini_free(*ini);
        *ini = NULL;
        return EXIT_CONFIG;
    }
    out->ini_path = xstrdup(path);
    return 0;
}

/* An ini value, with interpolation errors reported; NULL value is not an error. */
static int ini_value(struct ini *ini, const char *section, const char *key, const char **out, char *err,
                     size_t errlen)
{
    *out = NULL;
    if (!ini)
        return 0;
    err[0] = '\0';
    *out = ini_get(ini, section, key, err, errlen);
    if (!*out && err[0])
        return EXIT_CONFIG;
    return 0;
}

static int resolve_scripts(const struct settings *s, struct ini *ini, struct gate_config *out, char *err,
                           size_t errlen)
{
    const char *loc = s->script_location;
    const char *from = "--script-location / ALEMBIC_SCRIPT_LOCATION";
    int rc;
    if (!loc) {
        if ((rc = ini_value(ini, s->ini_section, "script_location", &loc, err, errlen)))
            return rc;
        from = "script_location";
    }
    if (!loc && !s->version_locations) {
        snprintf(err, errlen, "no script location: set script_location in %s or pass --script-location",
                 out->ini_path ? out->ini_path : "alembic.ini (none found)");
        return EXIT_CONFIG;
    }
    if (loc) {
        if (is_package_resource(loc)) {
            snprintf(err, errlen, "%s '%s' is a package resource, which needs Python to resolve; pass "
                     "--script-location with its directory", from, loc);
            return EXIT_CONFIG;
        }
        if (!is_dir(loc)) {
            snprintf(err, errlen, "%s '%s' is not a directory (relative paths are from the working directory, "
                     "as in Alembic)", from, loc);
            return EXIT_CONFIG;
        }
        out->script_location = xstrdup(loc);
    }
    const char *vl = s->version_locations;
    const char *vsep = ":";
    if (!vl) {
        if ((rc = ini_value(ini, s->ini_section, "version_locations", &vl, err, errlen)))
            return rc;
        const char *ps = NULL;
        if ((rc = ini_value(ini, s->ini_section, "path_separator", &ps, err, errlen)))
            return rc;
        if (!ps && (rc = ini_value(ini, s->ini_section, "version_path_separator", &ps, err, errlen)))
            return rc;
        vsep = ps;
    }
    if (vl) {
        out->version_locations = split_version_locations(vl, vsep, &out->n_version_locations);
        if (!out->version_locations) {
            snprintf(err, errlen, "%s:%d: version_path_separator '%s' is not one of os, :, ;, space, newline",
                     out->ini_path, ini_line(ini, s->ini_section, "version_path_separator"), vsep);
            return EXIT_CONFIG;
        }
    }
    if (!vl || out->n_version_locations == 0) {
        out->version_locations = xrealloc(out->version_locations, 2 * sizeof *out->version_locations);
        out->version_locations[0] = xasprintf("%s/versions", out->script_location);
        out->version_locations[1] = NULL;
        out->n_version_locations = 1;
    }
    const char *rec = NULL;
    if ((rc = ini_value(ini, s->ini_section, "recursive_version_locations", &rec, err, errlen)))
        return rc;
    out->recursive_version_locations = truthy(rec);
    return 0;
}

static int resolve_database(const struct settings *s, env_lookup_fn env, struct ini *ini,
                            struct gate_config *out, char *err, size_t errlen)
{
    int rc;
    if (s->database_url)
        return conninfo_from_url(s->database_url, s->database_url_from ? s->database_url_from : "DATABASE_URL",
                                 &out->conn, err, errlen);
    int found = 0;
    if ((rc = conninfo_from_postgres_env(env, &out->conn, &found, err, errlen)))
        return rc;
    if (found)
        return 0;
    const char *url = NULL;
    if ((rc = ini_value(ini, s->ini_section, "sqlalchemy.url", &url, err, errlen)))
        return rc;
    /* alembic init's placeholder is not a setting. */
    if (url && *url && strncmp(url, "driver://", 9) != 0) {
        char what[512];
        snprintf(what, sizeof what, "%s:%d sqlalchemy.url", out->ini_path,
                 ini_line(ini, s->ini_section, "sqlalchemy.url"));
        return conninfo_from_url(url, what, &out->conn, err, errlen);
    }
    static const char *const pg_vars[] = {"PGHOST", "PGHOSTADDR", "PGSERVICE", "PGDATABASE", "PGPORT", "PGUSER"};
    for (size_t i = 0; i < sizeof pg_vars / sizeof pg_vars[0]; i++) {
        const char *v = env(pg_vars[i]);
        if (v && *v)
            return 0; /* libpq reads them itself */
    }
    snprintf(err, errlen, "no database settings: set DATABASE_URL or --database-url, POSTGRES_HOST and friends, "
             "libpq's PGHOST..., or sqlalchemy.url in alembic.ini");
    return EXIT_CONFIG;
}

int config_resolve(const struct settings *s, env_lookup_fn env, int need_database, struct gate_config *out,
                   char *err, size_t errlen)
{
    memset(out, 0, sizeof *out);
    struct ini *ini;
    int rc = load_ini(s, out, &ini, err, errlen);
    if (rc)
        return rc;
    rc = resolve_scripts(s, ini, out, err, errlen);
    if (rc == 0 && need_database)
        rc = resolve_database(s, env, ini, out, err, errlen);
    if (rc == 0)
        conninfo_summary(&out->conn, env, &out->summary);
    ini_free(ini);
    return rc;
}
