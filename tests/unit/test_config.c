/* Unit tests of configuration: flags and environment (cli.c), alembic.ini
 * (ini.c), DATABASE_URL and POSTGRES_* (dburl.c), and precedence and
 * version_locations (config.c). Hostile input included. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "check.h"
#include "cli.h"
#include "config.h"
#include "dburl.h"
#include "exitcode.h"
#include "ini.h"
#include "util.h"

/* ---- a fake environment ---- */
static const char *fake_env[32][2];

static const char *env_lookup(const char *name)
{
    for (int i = 0; i < 32 && fake_env[i][0]; i++)
        if (strcmp(fake_env[i][0], name) == 0)
            return fake_env[i][1];
    return NULL;
}

static void env_clear(void)
{
    memset(fake_env, 0, sizeof fake_env);
}

static void env_set(const char *k, const char *v)
{
    for (int i = 0; i < 31; i++)
        if (!fake_env[i][0] || strcmp(fake_env[i][0], k) == 0) {
            fake_env[i][0] = k;
            fake_env[i][1] = v;
            return;
        }
}

static int parse_args(struct settings *s, char *err, ...)
{
    char *argv[32] = {"alembic-gate"};
    int argc = 1;
    va_list ap;
    va_start(ap, err);
    const char *a;
    while ((a = va_arg(ap, const char *)) != NULL && argc < 31)
        argv[argc++] = (char *)a;
    va_end(ap);
    return cli_parse(argc, argv, env_lookup, s, err, 512);
}

static void test_cli_defaults_and_flags(void)
{
    struct settings s;
    char err[512];
    env_clear();
    CHECK_INT(parse_args(&s, err, NULL), 0);
    CHECK_INT(s.wait_timeout_s, 60);
    CHECK_INT(s.connect_timeout_s, 5);
    CHECK_INT(s.backoff_initial_ms, 100);
    CHECK_INT(s.backoff_max_ms, 2000);
    CHECK_INT(s.lock_timeout_s, 60);
    CHECK_STR(s.status_file, "/tmp/alembic-gate/status.json");
    CHECK_STR(s.version_table, "alembic_version");
    CHECK_STR(s.ini_section, "alembic");
    settings_free(&s);
    CHECK_INT(parse_args(&s, err, "--wait-timeout=5", "-vv", "--assume-revision", "a, b", "--on-ambiguous",
                         "newest", "--lock-key", "-42", "--status-file", "-", "--", "app", "--flag", NULL), 0);
    CHECK_INT(s.wait_timeout_s, 5);
    CHECK_INT(s.log_level, LOG_DEBUG);
    CHECK_INT(s.n_assume_revisions, 2);
    CHECK_STR(s.assume_revisions[1], "b");
    CHECK_INT(s.on_ambiguous, AMBIGUOUS_NEWEST);
    CHECK_INT(s.lock_key, -42);
    CHECK(s.status_file == NULL);
    CHECK_INT(s.command_argc, 2);
    CHECK_STR(s.command_argv[1], "--flag");
    settings_free(&s);
    CHECK_INT(parse_args(&s, err, "-c", "x.ini", "history", "-n", "other", NULL), 0);
    CHECK_INT(s.command, CMD_HISTORY);
    CHECK_STR(s.config_file, "x.ini");
    CHECK_STR(s.ini_section, "other");
    settings_free(&s);
}

static void test_cli_errors_name_the_flag(void)
{
    struct {
        const char *a, *b, *want;
    } cases[] = {
        {"--wait-timeout", "soon", "--wait-timeout"},   {"--wait-timeout", "-1", "--wait-timeout"},
        {"--connect-timeout", "0", "--connect-timeout"}, {"--backoff-max", "9x", "--backoff-max"},
        {"--on-ahead", "maybe", "--on-ahead"},           {"--log-format", "xml", "--log-format"},
        {"--lock-key", "99999999999999999999", "--lock-key"}, {"--bogus", NULL, "--bogus"},
        {"--assume-revision", "a,,b", "--assume-revision"}, {"--version-table", "", "--version-table"},
        {"--wait-timeout", NULL, "--wait-timeout"},      {"stray", NULL, "stray"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        struct settings s;
        char err[512] = "";
        env_clear();
        CHECK_INT(parse_args(&s, err, cases[i].a, cases[i].b, NULL), EXIT_USAGE);
        if (!strstr(err, cases[i].want))
            printf("#   case %zu: %s\n", i, err);
        CHECK(strstr(err, cases[i].want) != NULL);
        settings_free(&s);
    }
    struct settings s;
    char err[512];
    CHECK_INT(parse_args(&s, err, "--hold-lock", NULL), EXIT_USAGE);
    settings_free(&s);
    CHECK_INT(parse_args(&s, err, "--check-only", "--", "app", NULL), EXIT_USAGE);
    settings_free(&s);
    CHECK_INT(parse_args(&s, err, "--backoff-initial", "500", "--backoff-max", "100", NULL), EXIT_USAGE);
    settings_free(&s);
    env_set("ALEMBIC_GATE_LOG_FORMAT", "yaml");
    CHECK_INT(parse_args(&s, err, NULL), EXIT_USAGE);
    CHECK(strstr(err, "ALEMBIC_GATE_LOG_FORMAT") != NULL);
    settings_free(&s);
}

static void test_cli_environment_and_precedence(void)
{
    struct settings s;
    char err[512];
    env_clear();
    env_set("DATABASE_URL", "postgresql://env/db");
    env_set("ALEMBIC_GATE_STATUS_FILE", "/run/s.json");
    env_set("DEBUG", "true");
    CHECK_INT(parse_args(&s, err, NULL), 0);
    CHECK_STR(s.database_url, "postgresql://env/db");
    CHECK_STR(s.database_url_from, "DATABASE_URL");
    CHECK_STR(s.status_file, "/run/s.json");
    CHECK_INT(s.log_level, LOG_DEBUG);
    settings_free(&s);
    CHECK_INT(parse_args(&s, err, "--database-url", "postgresql://flag/db", NULL), 0);
    CHECK_STR(s.database_url, "postgresql://flag/db");
    CHECK_STR(s.database_url_from, "--database-url");
    settings_free(&s);
}

static void test_help_fits_80_columns(void)
{
    const char *h = cli_help_text();
    const char *line = h;
    while (*line) {
        const char *nl = strchr(line, '\n');
        size_t len = nl ? (size_t)(nl - line) : strlen(line);
        CHECK(len <= 79);
        if (!nl)
            break;
        line = nl + 1;
    }
}

/* ---- ini ---- */

static void test_ini_configparser_semantics(void)
{
    const char *text = "# comment\n[DEFAULT]\nbase = /srv\n[alembic]\nScript_Location = %(here)s/m\n"
                       "version_locations = %(base)s/a\n  %(base)s/b\n; another comment\n"
                       "sqlalchemy.url: postgresql://u:p%%40@h/d\npct = 100%%\n[other]\nx = 1\n";
    char err[512];
    struct ini *ini = ini_parse(text, strlen(text), "alembic.ini", "/cfg", err, sizeof err);
    CHECK(ini != NULL);
    if (!ini)
        return;
    CHECK_STR(ini_get(ini, "alembic", "script_location", err, sizeof err), "/cfg/m");
    CHECK_STR(ini_get(ini, "alembic", "version_locations", err, sizeof err), "/srv/a\n/srv/b");
    CHECK_STR(ini_get(ini, "alembic", "sqlalchemy.url", err, sizeof err), "postgresql://u:p%40@h/d");
    CHECK_STR(ini_get(ini, "alembic", "pct", err, sizeof err), "100%");
    CHECK_STR(ini_get(ini, "alembic", "base", err, sizeof err), "/srv");
    CHECK(ini_get(ini, "alembic", "missing", err, sizeof err) == NULL);
    CHECK(ini_has_section(ini, "other"));
    CHECK_INT(ini_line(ini, "alembic", "script_location"), 5);
    ini_free(ini);
}

static void test_ini_errors(void)
{
    const char *bad[] = {"x = 1\n", "[a\nx=1\n", "[a]\nx = 1\nx = 2\n", "[a]\n[a]\n", "[a]\njust words\n"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        char err[512] = "";
        struct ini *ini = ini_parse(bad[i], strlen(bad[i]), "alembic.ini", "/", err, sizeof err);
        CHECK(ini == NULL);
        CHECK(strncmp(err, "alembic.ini:", 12) == 0);
    }
    const char *interp[] = {"[a]\nx = %(nope)s\n", "[a]\nx = 50%\n", "[a]\nx = %(y)s\ny = %(x)s\n"};
    for (size_t i = 0; i < sizeof interp / sizeof interp[0]; i++) {
        char err[512] = "";
        struct ini *ini = ini_parse(interp[i], strlen(interp[i]), "alembic.ini", "/", err, sizeof err);
        CHECK(ini != NULL);
        CHECK(ini_get(ini, "a", "x", err, sizeof err) == NULL);
        CHECK(strncmp(err, "alembic.ini:2:", 14) == 0);
        ini_free(ini);
    }
    /* A chain that doubles at each of its ten levels is cut at the value
     * bound with an error naming the key, not expanded to 2^10 copies. */
    struct strbuf b = {0};
    sb_append(&b, "[a]\nv0 = 0123456789012345678901234567890123456789012345678901234567890123456789\n");
    for (int i = 1; i <= 10; i++)
        sb_appendf(&b, "v%d = %%(v%d)s%%(v%d)s\n", i, i - 1, i - 1);
    char err[512] = "";
    struct ini *ini = ini_parse(b.s, b.len, "alembic.ini", "/", err, sizeof err);
    CHECK(ini != NULL);
    CHECK(ini_get(ini, "a", "v10", err, sizeof err) == NULL);
    CHECK(strstr(err, "alembic.ini:12: interpolated value of 'v10' longer than 64 KiB") != NULL);
    CHECK(ini_get(ini, "a", "v9", err, sizeof err) != NULL); /* 512 copies of 70 bytes: 35 KiB */
    ini_free(ini);
    sb_free(&b);
}

/* ---- DATABASE_URL ---- */

static void test_url_forms(void)
{
    struct conninfo ci = {0};
    char err[512];
    CHECK_INT(conninfo_from_url("postgresql+asyncpg://us%40er:p%40ss%3A%2F%25word@db.local:6543/my%20db?ssl=true"
                                "&application_name=svc&prepared_statement_cache_size=0",
                                "DATABASE_URL", &ci, err, sizeof err), 0);
    CHECK_STR(conninfo_get(&ci, "user"), "us@er");
    CHECK_STR(conninfo_get(&ci, "password"), "p@ss:/%word");
    CHECK_STR(conninfo_get(&ci, "host"), "db.local");
    CHECK_STR(conninfo_get(&ci, "port"), "6543");
    CHECK_STR(conninfo_get(&ci, "dbname"), "my db");
    CHECK_STR(conninfo_get(&ci, "sslmode"), "require");
    CHECK_STR(conninfo_get(&ci, "application_name"), "svc");
    CHECK(conninfo_get(&ci, "prepared_statement_cache_size") == NULL);
    conninfo_free(&ci);
    CHECK_INT(conninfo_from_url("postgres://[::1]:5433,h2/db", "x", &ci, err, sizeof err), 0);
    CHECK_STR(conninfo_get(&ci, "host"), "::1,h2");
    CHECK_STR(conninfo_get(&ci, "port"), "5433,");
    conninfo_free(&ci);
    CHECK_INT(conninfo_from_url("postgresql:///db?host=%2Fvar%2Frun%2Fpostgresql", "x", &ci, err, sizeof err), 0);
    CHECK_STR(conninfo_get(&ci, "host"), "/var/run/postgresql");
    conninfo_free(&ci);
    CHECK_INT(conninfo_from_url("postgresql://u:p@ss@h/db", "x", &ci, err, sizeof err), 0);
    CHECK_STR(conninfo_get(&ci, "password"), "p@ss"); /* the last @ ends the user info */
    conninfo_free(&ci);
    CHECK_INT(conninfo_from_url("host=h port=5 dbname='a b' password='it\\'s'", "x", &ci, err, sizeof err), 0);
    CHECK_STR(conninfo_get(&ci, "dbname"), "a b");
    CHECK_STR(conninfo_get(&ci, "password"), "it's");
    conninfo_free(&ci);
}

static void test_url_errors_never_echo_secrets(void)
{
    const char *bad[] = {"postgresql://u:sekret%zz@h/d", "mysql://u:sekret@h/d", "postgresql://u:sekret@h:port/d",
                         "postgresql://u:sekret@[::1/d", "sekret", "host=h sekret", "host='sekret",
                         "postgresql://u@h/d?ssl=sekret", "postgresql://u@h/d?x=%zzsekret"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        struct conninfo ci = {0};
        char err[512] = "";
        CHECK_INT(conninfo_from_url(bad[i], "DATABASE_URL", &ci, err, sizeof err), EXIT_CONFIG);
        CHECK(strncmp(err, "DATABASE_URL: ", 14) == 0);
        if (strstr(err, "sekret"))
            printf("#   leaked: %s\n", err);
        CHECK(strstr(err, "sekret") == NULL);
        conninfo_free(&ci);
    }
    struct strbuf b = {0};
    sb_append(&b, "postgresql://u@h/");
    for (int i = 0; i < 70000; i++)
        sb_appendc(&b, 'd');
    struct conninfo ci = {0};
    char err[512];
    CHECK_INT(conninfo_from_url(b.s, "DATABASE_URL", &ci, err, sizeof err), EXIT_CONFIG);
    sb_free(&b);
}

static void test_postgres_env_and_files(void)
{
    char path[] = "/tmp/ag-secret-XXXXXX";
    int fd = mkstemp(path);
    CHECK(write(fd, "s3cret\n", 7) == 7);
    close(fd);
    env_clear();
    env_set("POSTGRES_HOST", "db");
    env_set("POSTGRES_PASSWORD_FILE", path);
    env_set("POSTGRES_DB", "app");
    struct conninfo ci = {0};
    int found;
    char err[512];
    CHECK_INT(conninfo_from_postgres_env(env_lookup, &ci, &found, err, sizeof err), 0);
    CHECK_INT(found, 1);
    CHECK_STR(conninfo_get(&ci, "password"), "s3cret");
    CHECK_STR(conninfo_get(&ci, "host"), "db");
    conninfo_free(&ci);
    env_set("POSTGRES_PASSWORD", "x");
    CHECK_INT(conninfo_from_postgres_env(env_lookup, &ci, &found, err, sizeof err), EXIT_CONFIG);
    CHECK(strstr(err, "POSTGRES_PASSWORD_FILE") != NULL);
    conninfo_free(&ci);
    env_clear();
    env_set("POSTGRES_USER_FILE", "/nonexistent/secret");
    CHECK_INT(conninfo_from_postgres_env(env_lookup, &ci, &found, err, sizeof err), EXIT_CONFIG);
    CHECK(strstr(err, "POSTGRES_USER_FILE") != NULL);
    conninfo_free(&ci);
    env_clear();
    CHECK_INT(conninfo_from_postgres_env(env_lookup, &ci, &found, err, sizeof err), 0);
    CHECK_INT(found, 0);
    conninfo_free(&ci);
    unlink(path);
}

/* ---- config ---- */

static void test_version_locations_split(void)
{
    size_t n;
    char **v = split_version_locations("a, b c\nd", NULL, &n);
    CHECK_INT(n, 4);
    for (size_t i = 0; i < n; i++)
        free(v[i]);
    free(v);
    v = split_version_locations("a b:c d", "os", &n);
    CHECK_INT(n, 2);
    CHECK_STR(v[0], "a b");
    for (size_t i = 0; i < n; i++)
        free(v[i]);
    free(v);
    v = split_version_locations("a;b", ";", &n);
    CHECK_INT(n, 2);
    for (size_t i = 0; i < n; i++)
        free(v[i]);
    free(v);
    CHECK(split_version_locations("a", "comma", &n) == NULL);
}

static void test_config_resolve_precedence(void)
{
    char dir[] = "/tmp/ag-config-XXXXXX";
    CHECK(mkdtemp(dir) != NULL);
    char *ini = xasprintf("%s/alembic.ini", dir);
    char *mig = xasprintf("%s/mig", dir);
    char *cmd = xasprintf("mkdir -p %s/versions", mig);
    CHECK_INT(system(cmd), 0);
    FILE *f = fopen(ini, "w");
    fprintf(f, "[alembic]\nscript_location = %%(here)s/mig\nsqlalchemy.url = postgresql://ini@inihost/inidb\n");
    fclose(f);
    struct settings s;
    struct gate_config c;
    char err[512];
    env_clear();
    CHECK_INT(parse_args(&s, err, "-c", ini, NULL), 0);
    CHECK_INT(config_resolve(&s, env_lookup, 1, &c, err, sizeof err), 0);
    CHECK_STR(conninfo_get(&c.conn, "host"), "inihost");
    CHECK_INT(c.n_version_locations, 1);
    gate_config_free(&c);
    env_set("POSTGRES_HOST", "envhost");
    CHECK_INT(config_resolve(&s, env_lookup, 1, &c, err, sizeof err), 0);
    CHECK_STR(conninfo_get(&c.conn, "host"), "envhost");
    gate_config_free(&c);
    settings_free(&s);
    env_set("DATABASE_URL", "postgresql://u@urlhost/d");
    CHECK_INT(parse_args(&s, err, "-c", ini, NULL), 0);
    CHECK_INT(config_resolve(&s, env_lookup, 1, &c, err, sizeof err), 0);
    CHECK_STR(conninfo_get(&c.conn, "host"), "urlhost");
    CHECK_STR(c.summary.dbname, "d");
    gate_config_free(&c);
    settings_free(&s);
    /* errors */
    env_clear();
    CHECK_INT(parse_args(&s, err, "-c", "/nonexistent/alembic.ini", NULL), 0);
    CHECK_INT(config_resolve(&s, env_lookup, 1, &c, err, sizeof err), EXIT_CONFIG);
    CHECK(strstr(err, "/nonexistent/alembic.ini") != NULL);
    gate_config_free(&c);
    settings_free(&s);
    CHECK_INT(parse_args(&s, err, "--script-location", "pkg:migrations", "--database-url", "postgresql://h/d", NULL), 0);
    CHECK_INT(config_resolve(&s, env_lookup, 1, &c, err, sizeof err), EXIT_CONFIG);
    CHECK(strstr(err, "--script-location") != NULL);
    gate_config_free(&c);
    settings_free(&s);
    CHECK_INT(parse_args(&s, err, "--script-location", mig, NULL), 0);
    CHECK_INT(config_resolve(&s, env_lookup, 1, &c, err, sizeof err), EXIT_CONFIG);
    CHECK(strstr(err, "no database settings") != NULL);
    gate_config_free(&c);
    CHECK_INT(config_resolve(&s, env_lookup, 0, &c, err, sizeof err), 0); /* heads/history need none */
    gate_config_free(&c);
    settings_free(&s);
    free(cmd);
    cmd = xasprintf("rm -rf %s", dir);
    CHECK_INT(system(cmd), 0);
    free(cmd);
    free(ini);
    free(mig);
}

int main(void)
{
    RUN(test_cli_defaults_and_flags);
    RUN(test_cli_errors_name_the_flag);
    RUN(test_cli_environment_and_precedence);
    RUN(test_help_fits_80_columns);
    RUN(test_ini_configparser_semantics);
    RUN(test_ini_errors);
    RUN(test_url_forms);
    RUN(test_url_errors_never_echo_secrets);
    RUN(test_postgres_env_and_files);
    RUN(test_version_locations_split);
    RUN(test_config_resolve_precedence);
    return check_exit();
}
