/* dburl.h: from DATABASE_URL, POSTGRES_* or an ini's sqlalchemy.url to
 * libpq's keyword/value arrays.
 *
 * Accepts postgresql://, postgres://, postgresql+DRIVER:// (SQLAlchemy
 * dialect forms) and libpq key=value strings. Percent-encoding is decoded in
 * every URL part. Query parameters become libpq keywords; asyncpg's ssl= maps
 * to sslmode (true/require -> require, false/disable -> disable, and the
 * sslmode names pass through). SQLAlchemy-only query parameters that libpq
 * would reject are dropped with a note. Pure except conninfo_from_postgres_env,
 * which reads the *_FILE secret files. */
#ifndef AG_DBURL_H
#define AG_DBURL_H

#include <stddef.h>

/* Looks up an environment variable; getenv in production, a table in tests. */
typedef const char *(*env_lookup_fn)(const char *name);

struct conninfo {
    /* NULL-terminated, ready for PQconnectdbParams(keys, vals, 0). */
    char **keys;
    char **vals;
    size_t n;
    size_t cap;
};

/* Sets key to val, replacing an earlier value of the same key. */
void conninfo_set(struct conninfo *ci, const char *key, const char *val);
const char *conninfo_get(const struct conninfo *ci, const char *key);
void conninfo_free(struct conninfo *ci);

/* Parses a URL or key=value string. Returns 0, or EXIT_CONFIG (78) with err
 * naming `what` (e.g. "DATABASE_URL", "--database-url", "alembic.ini:12
 * sqlalchemy.url") and the fault, never the URL or password itself. */
int conninfo_from_url(const char *url, const char *what, struct conninfo *out,
                      char *err, size_t errlen);

/* POSTGRES_HOST, _PORT, _USER, _PASSWORD, _DB and each NAME_FILE form (the
 * file's content with one trailing newline dropped; NAME and NAME_FILE both
 * set is an error, as in the postgres image). Returns 0 when at least one was
 * set (*found = 1), 0 with *found = 0 when none was, or 78 with err naming the
 * variable. */
int conninfo_from_postgres_env(env_lookup_fn env, struct conninfo *out, int *found,
                               char *err, size_t errlen);

/* host, port, dbname, user for logs and the status file: never the password.
 * Values absent from ci fall back to libpq's environment (PGHOST, ...) via env,
 * then to NULL. The strings are newly allocated. */
struct conn_summary {
    char *host;
    char *port;
    char *dbname;
    char *user;
};
void conninfo_summary(const struct conninfo *ci, env_lookup_fn env, struct conn_summary *out);
void conn_summary_free(struct conn_summary *s);

#endif
