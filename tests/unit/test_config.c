/* Unit tests of configuration: flags and environment (cli.c), alembic.ini
 * (ini.c), pyproject.toml (toml.c), DATABASE_URL and POSTGRES_* (dburl.c),
 * precedence, version_locations and project layouts (config.c, pypath.c),
 * and a computed branch_labels (script.c). Hostile input included. */
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
#include "pytok.h"
#include "script.h"
#include "toml.h"
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
                       "sqlalchemy.url: postgresql://u:p%%40@h/d\npct = 100%%\nchain = %(script_location)s/%(base)s\n"
                       "[other]\nx = 1\n";
    char err[512];
    struct ini *ini = ini_parse(text, strlen(text), "alembic.ini", "/cfg", err, sizeof err);
    CHECK(ini != NULL);
    if (!ini)
        return;
    CHECK_STR(ini_get(ini, "alembic", "script_location", err, sizeof err), "/cfg/m");
    CHECK_STR(ini_get(ini, "alembic", "version_locations", err, sizeof err), "/srv/a\n/srv/b");
    CHECK_STR(ini_get(ini, "alembic", "sqlalchemy.url", err, sizeof err), "postgresql://u:p%40@h/d");
    CHECK_STR(ini_get(ini, "alembic", "pct", err, sizeof err), "100%");
    /* %(name)s from the same section, itself interpolated, and from [DEFAULT]. */
    CHECK_STR(ini_get(ini, "alembic", "chain", err, sizeof err), "/cfg/m//srv");
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

/* Issue 19: an unencoded '/', '?' or '#' in a password must not end the
 * host early and turn the rest of the password into the database name. */
static void test_url_unencoded_password(void)
{
    struct conninfo ci = {0};
    char err[512];
    CHECK_INT(conninfo_from_url("postgresql://app:/Sek?r3t#x@db:5433/app?sslmode=require", "x", &ci, err, sizeof err),
              0);
    CHECK_STR(conninfo_get(&ci, "user"), "app");
    CHECK_STR(conninfo_get(&ci, "password"), "/Sek?r3t#x");
    CHECK_STR(conninfo_get(&ci, "host"), "db");
    CHECK_STR(conninfo_get(&ci, "port"), "5433");
    CHECK_STR(conninfo_get(&ci, "dbname"), "app");
    CHECK_STR(conninfo_get(&ci, "sslmode"), "require");
    conninfo_free(&ci);
    /* No userinfo: host:port, path and query as before. */
    CHECK_INT(conninfo_from_url("postgresql://db:5432/app?application_name=a", "x", &ci, err, sizeof err), 0);
    CHECK(conninfo_get(&ci, "user") == NULL);
    CHECK(conninfo_get(&ci, "password") == NULL);
    CHECK_STR(conninfo_get(&ci, "host"), "db");
    CHECK_STR(conninfo_get(&ci, "dbname"), "app");
    conninfo_free(&ci);
    CHECK_INT(conninfo_from_url("postgresql://u@db/app?application_name=me%40host", "x", &ci, err, sizeof err), 0);
    CHECK_STR(conninfo_get(&ci, "user"), "u");
    CHECK_STR(conninfo_get(&ci, "application_name"), "me@host");
    conninfo_free(&ci);
}

/* The --init supervisor's argv must not keep a password. */
static void test_scrub_secrets(void)
{
    char a0[] = "alembic-gate", a1[] = "--database-url", a2[] = "postgresql://u:secret@h/db", a3[] = "-v",
         a4[] = "--database-url=postgresql://u:other@h/db", a5[] = "--", a6[] = "--database-url", a7[] = "keep";
    char *argv[] = {a0, a1, a2, a3, a4, a5, a6, a7, NULL};
    cli_scrub_secrets(8, argv);
    CHECK_STR(argv[2], "***");
    CHECK(memmem(a2, sizeof a2, "secret", 6) == NULL);
    CHECK_STR(argv[4], "--database-url=***");
    CHECK(memmem(a4, sizeof a4, "other", 5) == NULL);
    CHECK_STR(argv[3], "-v");
    CHECK_STR(argv[7], "keep"); /* the command's own arguments are its own */
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

/* ---- pyproject.toml ---- */

static const char *const tool_alembic[] = {"tool", "alembic"};

static int toml_read(const char *text, struct toml_table *t, char *err)
{
    err[0] = '\0';
    return toml_read_table(text, strlen(text), "pyproject.toml", tool_alembic, 2, t, err, 512);
}

static void test_toml_values(void)
{
    const char *text =
        "\xef\xbb\xbf# a project\n"
        "[project]\nname = \"x\"\nversion = 1.5\nwhen = 1979-05-27 07:32:00Z\n"
        "[tool.black]\nline-length = 100 # comment\n"
        "[ tool . \"alembic\" ]  # the table\n"
        "script_location = \"%(here)s/mig\\u00e9\"\n"
        "'version_locations' = [\n  \"a\",  # first\n  'b\\c',\n  \"\"\"c\"\"\",\n  '''d''',\n]\n"
        "file_template = \"\"\"\n%%(rev)s_\\\n   %%(slug)s\"\"\"\n"
        "literal = '''\nline1\nline2'''\n"
        "recursive_version_locations = true\r\n"
        "truncate_slug_length = 4_0\n"
        "hooks = [{name = \"black\", type = \"console_scripts\"}, {name = 'ruff'}]\n"
        "nested = [[\"a\"], []]\n"
        "empty = []\n"
        "quotes = \"\"\"a \"quoted\" word\"\"\"\"\n"
        "[[tool.alembic.post_write_hooks]]\nname = \"black\"\n"
        "[tool.alembic.sub]\nscript_location = \"not this one\"\n";
    struct toml_table t;
    char err[512];
    CHECK_INT(toml_read(text, &t, err), 0);
    CHECK(t.found);
    CHECK_INT(t.line, 8);
    const struct toml_entry *e = toml_get(&t, "script_location");
    CHECK(e && e->type == TOML_STRING);
    CHECK_STR(e ? e->str : NULL, "%(here)s/mig\xc3\xa9");
    CHECK_INT(e ? e->line : 0, 9);
    e = toml_get(&t, "version_locations");
    CHECK(e && e->type == TOML_STRING_ARRAY && e->n_items == 4);
    if (e && e->n_items == 4) {
        CHECK_STR(e->items[0], "a");
        CHECK_STR(e->items[1], "b\\c");
        CHECK_STR(e->items[2], "c");
        CHECK_STR(e->items[3], "d");
    }
    e = toml_get(&t, "file_template");
    CHECK_STR(e ? e->str : NULL, "%%(rev)s_%%(slug)s");
    e = toml_get(&t, "literal");
    CHECK_STR(e ? e->str : NULL, "line1\nline2");
    e = toml_get(&t, "recursive_version_locations");
    CHECK(e && e->type == TOML_BOOL && e->boolean == 1);
    e = toml_get(&t, "truncate_slug_length");
    CHECK(e && e->type == TOML_INT && e->integer == 40);
    e = toml_get(&t, "hooks");
    CHECK(e && e->type == TOML_OTHER);
    e = toml_get(&t, "nested");
    CHECK(e && e->type == TOML_OTHER);
    e = toml_get(&t, "empty");
    CHECK(e && e->type == TOML_STRING_ARRAY && e->n_items == 0 && e->items && !e->items[0]);
    e = toml_get(&t, "quotes");
    CHECK_STR(e ? e->str : NULL, "a \"quoted\" word\"");
    CHECK(toml_get(&t, "name") == NULL); /* [[tool.alembic.post_write_hooks]]'s */
    CHECK_INT(t.n, 10);
    toml_table_free(&t);
}

static void test_toml_dotted_keys_and_absence(void)
{
    struct toml_table t;
    char err[512];
    CHECK_INT(toml_read("tool.alembic.script_location = 'm'\n", &t, err), 0);
    CHECK(t.found);
    CHECK_STR(toml_get(&t, "script_location") ? toml_get(&t, "script_location")->str : NULL, "m");
    toml_table_free(&t);
    CHECK_INT(toml_read("[tool]\nalembic.script_location = \"m\"\nother.x = 1\n", &t, err), 0);
    CHECK(t.found && t.n == 1);
    toml_table_free(&t);
    /* Not there: found is 0, and whatever else the file holds is no error. */
    CHECK_INT(toml_read("[tool.alembicx]\nscript_location = 1\n[tool.poetry]\nx = {a = [1, 2\n"
                        "this is = not toml\n[[[broken\n\"unterminated = 3\ny = \"\"\"\n", &t, err), 0);
    CHECK(!t.found);
    CHECK_INT(t.n, 0);
    toml_table_free(&t);
    /* A bad line outside costs only that line: the table after it is read. */
    CHECK_INT(toml_read("[x]\nbad = \"\"\"never closed\n[tool.alembic]\nscript_location = \"m\"\n", &t, err), 0);
    CHECK(t.found && toml_get(&t, "script_location"));
    toml_table_free(&t);
}

static void test_toml_errors_inside_name_file_and_line(void)
{
    static const struct {
        const char *text;
        const char *want;
    } bad[] = {
        {"[tool.alembic]\nscript_location = migrations\n", "pyproject.toml:2: 'migrations' is not a TOML value"},
        {"[tool.alembic]\nx = \"a\nb\"\n", "pyproject.toml:2: a newline inside a one-line string"},
        {"[tool.alembic]\nx = [\n\"a\",\n\"b\" \"c\"]\n", "pyproject.toml:4: expected ',' or ']'"},
        {"[tool.alembic]\nx = 'a'\nx = 'b'\n", "pyproject.toml:3: 'x' is set twice"},
        {"[tool.alembic]\n[tool.alembic]\n", "pyproject.toml:2: the table is defined twice (first on line 1)"},
        {"[[tool.alembic]]\nx = 1\n", "pyproject.toml:1: [[...]] makes this"},
        {"[tool]\nalembic = 'x'\n", "pyproject.toml:2: 'alembic' is given a value"},
        {"[tool.alembic]\nx = \"\\q\"\n", "pyproject.toml:2: unknown escape '\\q'"},
        {"[tool.alembic]\nx = \"\\ud800\"\n", "pyproject.toml:2: '\\u' escape is not a Unicode scalar value"},
        {"[tool.alembic]\nx = 'a' trailing\n", "pyproject.toml:2: unexpected text after the value"},
        {"[tool.alembic] junk\n", "pyproject.toml:1: unexpected text after the table header"},
        {"[tool.alembic]\nx = [1, 2\n", "pyproject.toml:3: unterminated array"},
        {"[tool.alembic]\nx = {a = 1 b = 2}\n", "pyproject.toml:2: expected ',' or '}'"},
        {"[tool.alembic]\nx = \"tab\x01\"\n", "pyproject.toml:2: control character 0x01"},
        {"[tool.alembic]\njust words\n", "pyproject.toml:2: expected '=' after the key"},
        {"[tool.alembic.hooks]\nx = [\n", "pyproject.toml:3: unterminated array"},
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        struct toml_table t;
        char err[512];
        CHECK_INT(toml_read(bad[i].text, &t, err), -1);
        if (strncmp(err, bad[i].want, strlen(bad[i].want)) != 0)
            printf("#   case %zu: got \"%s\"\n", i, err);
        CHECK(strncmp(err, bad[i].want, strlen(bad[i].want)) == 0);
        CHECK(t.n == 0 && t.e == NULL);
    }
    /* Nesting is bounded, not followed into recursion. */
    struct strbuf b = {0};
    sb_append(&b, "[tool.alembic]\nx = ");
    for (int i = 0; i < 100000; i++)
        sb_appendc(&b, '[');
    struct toml_table t;
    char err[512];
    CHECK_INT(toml_read(b.s, &t, err), -1);
    CHECK(strstr(err, "pyproject.toml:2: arrays and tables nest deeper than 32 levels") != NULL);
    sb_free(&b);
    /* Outside the table, the same depth is skipped without an error. */
    sb_append(&b, "[other]\nx = ");
    for (int i = 0; i < 100000; i++)
        sb_appendc(&b, '{');
    CHECK_INT(toml_read(b.s, &t, err), 0);
    CHECK(!t.found);
    sb_free(&b);
}

static void test_toml_interpolation(void)
{
    char err[256];
    char *v = toml_interpolate("%(here)s/a%%b/%(here)s", "/p", err, sizeof err);
    CHECK_STR(v, "/p/a%b//p");
    free(v);
    CHECK(toml_interpolate("%(other)s", "/p", err, sizeof err) == NULL);
    CHECK(strstr(err, "%(here)s") != NULL);
    CHECK(toml_interpolate("50%", "/p", err, sizeof err) == NULL);
}

/* ---- layouts: which files, and where script_location comes from ---- */

static char layout_dir[64];
static char *saved_cwd;

static void layout_begin(void)
{
    snprintf(layout_dir, sizeof layout_dir, "/tmp/ag-layout-XXXXXX");
    CHECK(mkdtemp(layout_dir) != NULL);
    saved_cwd = getcwd(NULL, 0);
    CHECK(chdir(layout_dir) == 0);
    env_clear();
}

static void layout_end(void)
{
    CHECK(chdir(saved_cwd) == 0);
    free(saved_cwd);
    char *cmd = xasprintf("rm -rf %s", layout_dir);
    CHECK_INT(system(cmd), 0);
    free(cmd);
}

static void write_file(const char *path, const char *text)
{
    char *dir = xstrdup(path);
    char *slash = strrchr(dir, '/');
    if (slash) {
        *slash = '\0';
        char *cmd = xasprintf("mkdir -p '%s'", dir);
        CHECK_INT(system(cmd), 0);
        free(cmd);
    }
    free(dir);
    FILE *f = fopen(path, "w");
    CHECK(f != NULL);
    if (f) {
        fputs(text, f);
        fclose(f);
    }
}

static void make_dir(const char *path)
{
    char *cmd = xasprintf("mkdir -p '%s'", path);
    CHECK_INT(system(cmd), 0);
    free(cmd);
}

/* Resolves with the given flags (NULL-terminated) for `heads`; returns the exit code. */
static int resolve(struct gate_config *c, char *err, ...)
{
    char *argv[32] = {"alembic-gate", "heads"};
    int argc = 2;
    va_list ap;
    va_start(ap, err);
    const char *a;
    while ((a = va_arg(ap, const char *)) != NULL && argc < 31)
        argv[argc++] = (char *)a;
    va_end(ap);
    struct settings s;
    int rc = cli_parse(argc, argv, env_lookup, &s, err, 512);
    CHECK_INT(rc, 0);
    if (rc == 0)
        rc = config_resolve(&s, env_lookup, 0, c, err, 512);
    settings_free(&s);
    return rc;
}

static int ends_with(const char *s, const char *tail)
{
    size_t ls = s ? strlen(s) : 0, lt = strlen(tail);
    return ls >= lt && strcmp(s + ls - lt, tail) == 0;
}

static void test_layout_pyproject(void)
{
    layout_begin();
    make_dir("m/versions");
    make_dir("m/more");
    write_file("pyproject.toml", "[project]\nname = 'app'\n[tool.alembic]\nscript_location = \"%(here)s/m\"\n"
                                 "version_locations = [\"%(here)s/m/versions\", \"m/more\"]\n"
                                 "recursive_version_locations = true\n");
    struct gate_config c;
    char err[512];
    CHECK_INT(resolve(&c, err, NULL), 0);
    CHECK(ends_with(c.script_location, "/m"));
    CHECK(c.script_location && c.script_location[0] == '/');
    CHECK_INT(c.n_version_locations, 2);
    CHECK(ends_with(c.version_locations[0], "/m/versions"));
    CHECK_STR(c.version_locations[1], "m/more");
    CHECK_INT(c.recursive_version_locations, 1);
    CHECK_STR(c.origin_file, "pyproject.toml");
    CHECK_STR(c.origin_section, "tool.alembic");
    CHECK(c.ini_path == NULL);
    gate_config_free(&c);

    /* A logging-only alembic.ini (no [alembic] section) beside it is fine. */
    write_file("alembic.ini", "[loggers]\nkeys = root\n");
    CHECK_INT(resolve(&c, err, NULL), 0);
    CHECK_STR(c.origin_section, "tool.alembic");
    CHECK_STR(c.ini_path, "alembic.ini");
    gate_config_free(&c);

    /* The ini's section comes first, key by key, as in Alembic. */
    write_file("alembic.ini", "[alembic]\nscript_location = m\nrecursive_version_locations = yes\n");
    CHECK_INT(resolve(&c, err, NULL), 0);
    CHECK_STR(c.script_location, "m");
    CHECK_STR(c.origin_file, "alembic.ini");
    CHECK_STR(c.origin_section, "alembic");
    CHECK_INT(c.n_version_locations, 2); /* not in the ini: [tool.alembic]'s */
    CHECK_INT(c.recursive_version_locations, 0); /* Alembic: only "true" is true */
    gate_config_free(&c);

    /* -c naming a pyproject.toml is the TOML file, as Alembic's -c; so is ALEMBIC_CONFIG. */
    make_dir("sub/m2/versions");
    write_file("sub/pyproject.toml", "[tool.alembic]\nscript_location = \"%(here)s/m2\"\n");
    CHECK_INT(resolve(&c, err, "-c", "sub/pyproject.toml", NULL), 0);
    CHECK_STR(c.script_location, "m");
    CHECK_STR(c.toml_path, "sub/pyproject.toml");
    CHECK_STR(c.ini_path, "alembic.ini");
    CHECK_STR(c.origin_section, "alembic"); /* ./alembic.ini's script_location still comes first */
    gate_config_free(&c);
    unlink("alembic.ini");
    env_set("ALEMBIC_CONFIG", "sub/pyproject.toml");
    CHECK_INT(resolve(&c, err, NULL), 0);
    CHECK(ends_with(c.script_location, "/sub/m2"));
    CHECK_STR(c.origin_file, "sub/pyproject.toml");
    gate_config_free(&c);
    env_clear();
    CHECK_INT(resolve(&c, err, "--toml-file", "sub/pyproject.toml", NULL), 0);
    CHECK(ends_with(c.script_location, "/sub/m2"));
    gate_config_free(&c);

    /* Errors inside [tool.alembic] name the file and line: exit 78. */
    write_file("pyproject.toml", "[tool.alembic]\nscript_location = \"m\"\nversion_locations = \"m/versions\"\n");
    CHECK_INT(resolve(&c, err, NULL), EXIT_CONFIG);
    CHECK_STR(err, "pyproject.toml:3: [tool.alembic] version_locations must be an array of strings, not a string");
    gate_config_free(&c);
    write_file("pyproject.toml", "[tool.alembic]\nscript_location = \"m\"\nrecursive_version_locations = \"true\"\n");
    CHECK_INT(resolve(&c, err, NULL), EXIT_CONFIG);
    CHECK(strstr(err, "pyproject.toml:3: [tool.alembic] recursive_version_locations must be a boolean") != NULL);
    gate_config_free(&c);
    write_file("pyproject.toml", "[tool.alembic]\nscript_location = \"%(root)s/m\"\n");
    CHECK_INT(resolve(&c, err, NULL), EXIT_CONFIG);
    CHECK(strncmp(err, "pyproject.toml:2: [tool.alembic] script_location: ", 50) == 0);
    gate_config_free(&c);
    write_file("pyproject.toml", "[tool.alembic\nscript_location = \"m\"\n");
    CHECK_INT(resolve(&c, err, NULL), EXIT_CONFIG); /* the header is unreadable: no table, no location */
    CHECK(strstr(err, "no script location") != NULL);
    gate_config_free(&c);
    CHECK_INT(resolve(&c, err, "--toml-file", "nope/pyproject.toml", NULL), EXIT_CONFIG);
    CHECK(strstr(err, "nope/pyproject.toml: cannot read (--toml-file)") != NULL);
    gate_config_free(&c);
    layout_end();
}

static void test_layout_flask_migrate(void)
{
    layout_begin();
    make_dir("migrations/versions");
    write_file("migrations/env.py", "# env\n");
    write_file("migrations/alembic.ini", "[alembic]\n# no script_location\n\n[loggers]\nkeys = root\n");
    struct gate_config c;
    char err[512];
    /* No flags, no ./alembic.ini, no [tool.alembic]: Flask-Migrate's default directory. */
    CHECK_INT(resolve(&c, err, NULL), 0);
    CHECK_STR(c.script_location, "migrations");
    CHECK_STR(c.ini_path, "migrations/alembic.ini");
    CHECK_STR(c.origin_file, "migrations/alembic.ini");
    CHECK(c.origin && strstr(c.origin, "Flask-Migrate") != NULL);
    CHECK_STR(c.version_locations[0], "migrations/versions");
    gate_config_free(&c);
    /* -c the ini: its directory holds env.py and versions/. */
    CHECK_INT(resolve(&c, err, "-c", "migrations/alembic.ini", NULL), 0);
    CHECK(ends_with(c.script_location, "/migrations"));
    gate_config_free(&c);
    /* -d DIR sets the location over the ini's, as Flask-Migrate does. */
    make_dir("other/versions");
    write_file("other/alembic.ini", "[alembic]\nscript_location = elsewhere\n");
    CHECK_INT(resolve(&c, err, "--directory", "other", NULL), 0);
    CHECK_STR(c.script_location, "other");
    CHECK_STR(c.ini_path, "other/alembic.ini");
    gate_config_free(&c);
    CHECK_INT(resolve(&c, err, "-d", "other", "--script-location", "migrations", NULL), 0);
    CHECK_STR(c.script_location, "migrations"); /* --script-location still wins */
    CHECK(c.origin_file == NULL);
    gate_config_free(&c);
    CHECK_INT(resolve(&c, err, "-d", "missing", NULL), EXIT_CONFIG);
    CHECK(strstr(err, "-d / --directory 'missing'") != NULL);
    gate_config_free(&c);
    /* A ./alembic.ini takes precedence over the ./migrations default. */
    write_file("alembic.ini", "[alembic]\nscript_location = other\n");
    CHECK_INT(resolve(&c, err, NULL), 0);
    CHECK_STR(c.script_location, "other");
    gate_config_free(&c);
    /* An ini without the section and nothing else: the old error. */
    write_file("alembic.ini", "[loggers]\nkeys = root\n");
    CHECK_INT(resolve(&c, err, NULL), EXIT_CONFIG);
    CHECK(strstr(err, "alembic.ini: no [alembic] section") != NULL);
    gate_config_free(&c);
    layout_end();
}

static void test_layout_package_resource(void)
{
    layout_begin();
    char *venv = xasprintf("%s/venv", layout_dir);
    make_dir("venv/lib/python3.11/site-packages/myapp/db/migrations/versions");
    write_file("venv/lib/python3.11/site-packages/myapp/__init__.py", "");
    write_file("venv/lib/python3.11/site-packages/myapp/db/__init__.py", "");
    write_file("alembic.ini", "[alembic]\nscript_location = myapp.db:migrations\n");
    struct gate_config c;
    char err[512];
    env_set("VIRTUAL_ENV", venv);
    CHECK_INT(resolve(&c, err, NULL), 0);
    CHECK_STR(c.script_location ? strstr(c.script_location, "/venv/") : NULL,
              "/venv/lib/python3.11/site-packages/myapp/db/migrations");
    gate_config_free(&c);
    /* prepend_sys_path (from the working directory) comes before site-packages. */
    make_dir("src/myapp/db/migrations/versions");
    write_file("src/myapp/__init__.py", "");
    write_file("alembic.ini", "[alembic]\nscript_location = myapp.db:migrations\nprepend_sys_path = . src\n");
    CHECK_INT(resolve(&c, err, NULL), 0);
    CHECK_STR(c.script_location, "src/myapp/db/migrations");
    gate_config_free(&c);
    /* PYTHONPATH comes before the working directory and site-packages. */
    write_file("alembic.ini", "[alembic]\nscript_location = myapp.db:migrations\n");
    env_set("PYTHONPATH", "/nonexistent:src");
    CHECK_INT(resolve(&c, err, NULL), 0);
    CHECK_STR(c.script_location, "src/myapp/db/migrations");
    gate_config_free(&c);
    /* --script-location wins, also in the resource form. */
    CHECK_INT(resolve(&c, err, "--script-location", "myapp:db/migrations", NULL), 0);
    CHECK_STR(c.script_location, "src/myapp/db/migrations");
    gate_config_free(&c);
    CHECK_INT(resolve(&c, err, "--script-location", "nopkg:migrations", NULL), EXIT_CONFIG);
    CHECK(strstr(err, "'nopkg:migrations': no package directory nopkg holding 'migrations'") != NULL);
    CHECK(strstr(err, "--script-location") != NULL);
    gate_config_free(&c);
    env_clear();
    free(venv);
    layout_end();
}

static void test_cli_alembic_flags(void)
{
    struct settings s;
    char err[512];
    env_clear();
    CHECK_INT(parse_args(&s, err, "-x", "tenant=a", "-xdata=b", "-d", "mig", "-c", "conf/pyproject.toml", NULL), 0);
    CHECK_INT(s.n_x_args, 2);
    CHECK_STR(s.directory, "mig");
    CHECK_STR(s.toml_file, "conf/pyproject.toml");
    CHECK(s.config_file == NULL);
    settings_free(&s);
    CHECK_INT(parse_args(&s, err, "--toml-file", "", NULL), EXIT_USAGE);
    CHECK(strstr(err, "--toml-file") != NULL);
    settings_free(&s);
}

/* ---- module-level literals: a computed branch_labels ---- */

static void test_computed_branch_labels(void)
{
    const char *ok = "from app import cli\nrevision = 'a1'\ndown_revision = None\n"
                     "branch_labels = (cli.CONTRACT_BRANCH,)\ndepends_on = None\n";
    struct token_list tl = {0};
    struct revision r;
    char err[512] = "";
    CHECK_INT(script_parse("v/a1.py", ok, strlen(ok), &tl, &r, err, sizeof err), 0);
    CHECK_INT(r.labels_unread_line, 4);
    CHECK_INT(r.n_labels, 0);
    CHECK(r.branch_labels && r.branch_labels[0] == NULL);
    revision_free(&r);
    static const char *const bad[] = {"revision = 'a1'\ndown_revision = cli.PREV\n",
                                      "revision = 'a1'\ndown_revision = None\ndepends_on = (x.Y,)\n",
                                      "revision = make_id()\n"};
    static const int lines[] = {2, 3, 1};
    for (size_t i = 0; i < 3; i++) {
        CHECK_INT(script_parse("v/a1.py", bad[i], strlen(bad[i]), &tl, &r, err, sizeof err), EXIT_INVALID_SCRIPTS);
        char want[32];
        snprintf(want, sizeof want, "v/a1.py:%d: ", lines[i]);
        CHECK(strncmp(err, want, strlen(want)) == 0);
        revision_free(&r);
    }
    token_list_free(&tl);
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
    RUN(test_url_unencoded_password);
    RUN(test_scrub_secrets);
    RUN(test_url_errors_never_echo_secrets);
    RUN(test_postgres_env_and_files);
    RUN(test_version_locations_split);
    RUN(test_config_resolve_precedence);
    RUN(test_toml_values);
    RUN(test_toml_dotted_keys_and_absence);
    RUN(test_toml_errors_inside_name_file_and_line);
    RUN(test_toml_interpolation);
    RUN(test_layout_pyproject);
    RUN(test_layout_flask_migrate);
    RUN(test_layout_package_resource);
    RUN(test_cli_alembic_flags);
    RUN(test_computed_branch_labels);
    return check_exit();
}
