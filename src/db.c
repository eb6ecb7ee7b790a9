/* db.c: everything that talks to libpq.
 *
 * All network waits are non-blocking libpq calls under poll(), watching the
 * signal pipe too, so SIGTERM to a gate that is PID 1 ends a connect, a
 * catalog read or a lock wait at once; an open transaction is then cancelled
 * and closed, and the server rolls it back. */
#include "db.h"

#include <errno.h>
#include <inttypes.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libpq-fe.h>

#include "log.h"
#include "util.h"

struct db {
    PGconn *conn;
    int cancel_fd;
    int in_txn;
};

/* libpq's messages span lines ("FATAL: ...\nDETAIL: ..."): one line for the log. */
static void one_line(char *err, size_t errlen, const char *prefix, const char *msg)
{
    snprintf(err, errlen, "%s%s", prefix, msg ? msg : "");
    size_t n = strlen(err);
    while (n && (err[n - 1] == '\n' || err[n - 1] == ' '))
        err[--n] = '\0';
    for (size_t i = 0; i < n; i++)
        if (err[i] == '\n' || err[i] == '\r' || err[i] == '\t')
            err[i] = ' ';
}

/* Messages from libpq and the server that no amount of waiting fixes. The
 * server's SQLSTATE is not available for a failed connection, so the text
 * is all there is; anything not listed is retried until the deadline, which
 * is what a starting container (DNS not yet there, port closed) needs. */
static const char *const refused_patterns[] = {
    "password authentication failed",
    "authentication failed",
    "no pg_hba.conf entry",
    "pg_hba.conf rejects",
    "no password supplied",
    "does not exist",           /* database or role */
    "permission denied",
    "not permitted to log in",
    "certificate",              /* verify-ca / verify-full failures */
    "SSL error",
    "server does not support SSL",
    "sslmode value",
    "SCRAM",
    "channel binding",
    "invalid connection option",
    "invalid sslmode",
    "invalid integer value",
    "too many connections for role",
};

static enum db_result classify_connect_error(const char *msg)
{
    /* The server is up but busy or not yet accepting: wait. */
    if (strstr(msg, "starting up") || strstr(msg, "shutting down") || strstr(msg, "recovery") ||
        strstr(msg, "too many clients") || strstr(msg, "remaining connection slots"))
        return DB_RETRY;
    for (size_t i = 0; i < sizeof refused_patterns / sizeof refused_patterns[0]; i++)
        if (strstr(msg, refused_patterns[i]))
            return DB_REFUSED;
    return DB_RETRY;
}

/* Waits until the socket is ready for `events` or the deadline passes or a
 * signal arrives. 1 ready, 0 timed out, -1 cancelled. deadline < 0: none. */
static int wait_socket(int sock, short events, int cancel_fd, long long deadline)
{
    for (;;) {
        long long left = deadline < 0 ? 1000 : deadline - now_ms();
        if (left <= 0)
            return 0;
        struct pollfd p[2] = {{.fd = sock, .events = events}, {.fd = cancel_fd, .events = POLLIN}};
        int n = poll(p, cancel_fd >= 0 ? 2 : 1, left > 1000 ? 1000 : (int)left);
        if (n < 0 && errno != EINTR)
            return 1; /* let libpq report the socket's error */
        if (n > 0 && cancel_fd >= 0 && (p[1].revents & POLLIN))
            return -1;
        if (n > 0 && p[0].revents)
            return 1;
    }
}

/* Sends a cancel request for the running query; the server then rolls back. */
static void cancel_query(PGconn *conn)
{
    PGcancel *c = PQgetCancel(conn);
    char buf[256];
    if (c) {
        PQcancel(c, buf, sizeof buf);
        PQfreeCancel(c);
    }
}

/* Runs one statement with text parameters, waiting under poll(). Returns
 * DB_OK with *out set (PGRES_TUPLES_OK or PGRES_COMMAND_OK), or a failure
 * with err set. SQLSTATE of a server error, if any, goes to sqlstate. */
static enum db_result run_query(struct db *db, const char *sql, int nparams, const char *const *params,
                                PGresult **out, char *sqlstate, char *err, size_t errlen)
{
    *out = NULL;
    if (sqlstate)
        sqlstate[0] = '\0';
    if (!PQsendQueryParams(db->conn, sql, nparams, NULL, params, NULL, NULL, 0)) {
        one_line(err, errlen, "", PQerrorMessage(db->conn));
        return DB_REFUSED;
    }
    int sock = PQsocket(db->conn);
    while (PQflush(db->conn) == 1) {
        if (wait_socket(sock, POLLOUT | POLLIN, db->cancel_fd, -1) < 0)
            goto cancelled;
        if (!PQconsumeInput(db->conn))
            break;
    }
    PGresult *last = NULL;
    for (;;) {
        while (PQisBusy(db->conn)) {
            if (wait_socket(sock, POLLIN, db->cancel_fd, -1) < 0) {
                PQclear(last);
                goto cancelled;
            }
            if (!PQconsumeInput(db->conn))
                break;
        }
        PGresult *r = PQgetResult(db->conn);
        if (!r)
            break;
        PQclear(last);
        last = r;
    }
    if (!last) {
        one_line(err, errlen, "", PQerrorMessage(db->conn));
        return DB_REFUSED;
    }
    ExecStatusType st = PQresultStatus(last);
    if (st != PGRES_TUPLES_OK && st != PGRES_COMMAND_OK) {
        const char *state = PQresultErrorField(last, PG_DIAG_SQLSTATE);
        if (sqlstate && state)
            snprintf(sqlstate, 6, "%s", state);
        const char *primary = PQresultErrorField(last, PG_DIAG_MESSAGE_PRIMARY);
        char prefix[32];
        snprintf(prefix, sizeof prefix, "%s: ", state ? state : "error");
        one_line(err, errlen, prefix, primary ? primary : PQresultErrorMessage(last));
        PQclear(last);
        return DB_REFUSED;
    }
    *out = last;
    return DB_OK;
cancelled:
    cancel_query(db->conn);
    snprintf(err, errlen, "cancelled by a signal");
    return DB_CANCELLED;
}

static enum db_result exec_simple(struct db *db, const char *sql, char *err, size_t errlen)
{
    PGresult *res;
    enum db_result r = run_query(db, sql, 0, NULL, &res, NULL, err, errlen);
    PQclear(res);
    return r;
}

/* Fills in what libpq leaves to chance for a gate: a name operators can find
 * in pg_stat_activity, and TCP keepalives short enough that --hold-lock
 * notices a vanished server in under a minute. The user's values win. */
static void connection_defaults(const struct conninfo *ci, const char ***keys, const char ***vals)
{
    static const char *const defaults[][2] = {
        {"application_name", "alembic-gate"},
        {"keepalives_idle", "20"},
        {"keepalives_interval", "5"},
        {"keepalives_count", "4"},
    };
    size_t nd = sizeof defaults / sizeof defaults[0];
    *keys = xcalloc(ci->n + nd + 1, sizeof **keys);
    *vals = xcalloc(ci->n + nd + 1, sizeof **vals);
    size_t k = 0;
    for (size_t i = 0; i < ci->n; i++, k++) {
        (*keys)[k] = ci->keys[i];
        (*vals)[k] = ci->vals[i];
    }
    for (size_t d = 0; d < nd; d++) {
        if (conninfo_get(ci, defaults[d][0]))
            continue;
        (*keys)[k] = defaults[d][0];
        (*vals)[k] = defaults[d][1];
        k++;
    }
}

enum db_result db_connect(const struct conninfo *ci, long connect_timeout_s, int cancel_fd,
                          struct db **out, char *err, size_t errlen)
{
    *out = NULL;
    const char **keys, **vals;
    connection_defaults(ci, &keys, &vals);
    /* expand_dbname 0: every value is taken literally, so a password can hold any character. */
    PGconn *conn = PQconnectStartParams(keys, vals, 0);
    free(keys);
    free(vals);
    if (!conn) {
        snprintf(err, errlen, "out of memory starting a connection");
        return DB_RETRY;
    }
    long long deadline = now_ms() + (connect_timeout_s > 0 ? connect_timeout_s : 5) * 1000LL;
    PostgresPollingStatusType poll_st = PGRES_POLLING_WRITING;
    if (PQstatus(conn) == CONNECTION_BAD)
        poll_st = PGRES_POLLING_FAILED;
    while (poll_st != PGRES_POLLING_OK && poll_st != PGRES_POLLING_FAILED) {
        short ev = poll_st == PGRES_POLLING_READING ? POLLIN : POLLOUT;
        int w = wait_socket(PQsocket(conn), ev, cancel_fd, deadline);
        if (w < 0) {
            PQfinish(conn);
            snprintf(err, errlen, "cancelled by a signal");
            return DB_CANCELLED;
        }
        if (w == 0) {
            PQfinish(conn);
            snprintf(err, errlen, "connection attempt timed out after %lds (--connect-timeout)",
                     connect_timeout_s);
            return DB_RETRY;
        }
        poll_st = PQconnectPoll(conn);
    }
    if (poll_st == PGRES_POLLING_FAILED) {
        char msg[512];
        one_line(msg, sizeof msg, "", PQerrorMessage(conn));
        enum db_result r = classify_connect_error(msg);
        if (r == DB_REFUSED && strstr(msg, "invalid"))
            r = DB_CONFIG;
        snprintf(err, errlen, "%s", msg);
        PQfinish(conn);
        return r;
    }

    struct db *db = xcalloc(1, sizeof *db);
    db->conn = conn;
    db->cancel_fd = cancel_fd;
    /* A port that accepts is not a ready database: only a query that runs is. */
    PGresult *res;
    char sqlstate[6];
    enum db_result r = run_query(db, "SELECT pg_is_in_recovery()", 0, NULL, &res, sqlstate, err, errlen);
    if (r == DB_OK) {
        int standby = PQntuples(res) == 1 && strcmp(PQgetvalue(res, 0, 0), "t") == 0;
        PQclear(res);
        if (!standby) {
            *out = db;
            return DB_OK;
        }
        snprintf(err, errlen, "the server is a standby in recovery (read-only); waiting for a primary");
        r = DB_RETRY;
    } else if (r == DB_REFUSED && strncmp(sqlstate, "57P0", 4) == 0) {
        r = DB_RETRY; /* admin shutdown, crash shutdown, cannot connect now */
    }
    db_close(db);
    return r;
}

void db_close(struct db *db)
{
    if (!db)
        return;
    PQfinish(db->conn);
    free(db);
}

static enum db_result query_one_value(struct db *db, const char *sql, int nparams,
                                      const char *const *params, char **out, char *err, size_t errlen)
{
    PGresult *res;
    *out = NULL;
    enum db_result r = run_query(db, sql, nparams, params, &res, NULL, err, errlen);
    if (r != DB_OK)
        return r;
    if (PQntuples(res) == 1 && !PQgetisnull(res, 0, 0))
        *out = xstrdup(PQgetvalue(res, 0, 0));
    PQclear(res);
    return DB_OK;
}

enum db_result db_current_schema(struct db *db, char **out, char *err, size_t errlen)
{
    enum db_result r = query_one_value(db, "SELECT current_schema()", 0, NULL, out, err, errlen);
    if (r == DB_OK && !*out) {
        snprintf(err, errlen, "current_schema() is null: search_path names no existing schema");
        return DB_REFUSED;
    }
    return r;
}

/* The version table as Alembic finds it: schema-qualified when a schema is
 * configured, else the first match on search_path. Sets *schema_out (NULL
 * when the table does not exist). */
static enum db_result find_version_table(struct db *db, const char *vt_schema, const char *vt_table,
                                         char **schema_out, char *err, size_t errlen)
{
    if (vt_schema) {
        const char *p[2] = {vt_schema, vt_table};
        return query_one_value(db,
                               "SELECT n.nspname FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n"
                               " ON n.oid = c.relnamespace WHERE n.nspname = $1 AND c.relname = $2"
                               " AND c.relkind IN ('r', 'p')",
                               2, p, schema_out, err, errlen);
    }
    const char *p[1] = {vt_table};
    return query_one_value(db,
                           "SELECT n.nspname FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n"
                           " ON n.oid = c.relnamespace WHERE c.oid = pg_catalog.to_regclass("
                           "pg_catalog.quote_ident($1)) AND c.relkind IN ('r', 'p')",
                           1, p, schema_out, err, errlen);
}

static char *qualified_name(struct db *db, const char *schema, const char *table)
{
    char *s = PQescapeIdentifier(db->conn, schema, strlen(schema));
    char *t = PQescapeIdentifier(db->conn, table, strlen(table));
    char *q = xasprintf("%s.%s", s, t);
    PQfreemem(s);
    PQfreemem(t);
    return q;
}

/* The {a,b,c} text form of a text[] parameter. */
static char *text_array_literal(char *const *items, size_t n)
{
    struct strbuf b = {0};
    sb_appendc(&b, '{');
    for (size_t i = 0; i < n; i++) {
        if (i)
            sb_appendc(&b, ',');
        sb_appendc(&b, '"');
        for (const char *p = items[i]; *p; p++) {
            if (*p == '"' || *p == '\\')
                sb_appendc(&b, '\\');
            sb_appendc(&b, *p);
        }
        sb_appendc(&b, '"');
    }
    sb_appendc(&b, '}');
    return sb_take(&b);
}

/* Objects that belong to an extension (PostGIS's spatial_ref_sys, ...) are
 * not the application's and never count. */
#define NOT_EXTENSION_MEMBER(rel)                                                                    \
    " AND NOT EXISTS (SELECT 1 FROM pg_catalog.pg_depend d WHERE d.classid ="                        \
    " 'pg_catalog.pg_class'::regclass AND d.objid = " rel " AND d.deptype = 'e')"

static const char catalog_sql[] =
    "SELECT 's', n.nspname, NULL, NULL FROM pg_catalog.pg_namespace n WHERE n.nspname = ANY($1::text[])"
    " UNION ALL "
    "SELECT 't', n.nspname, c.relname, NULL FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n"
    " ON n.oid = c.relnamespace WHERE c.relkind IN ('r', 'p') AND n.nspname = ANY($1::text[])"
    " AND NOT (n.nspname = $2 AND c.relname = $3)" NOT_EXTENSION_MEMBER("c.oid")
    " UNION ALL "
    "SELECT 'c', n.nspname, c.relname, a.attname FROM pg_catalog.pg_attribute a"
    " JOIN pg_catalog.pg_class c ON c.oid = a.attrelid JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace"
    " WHERE a.attnum > 0 AND NOT a.attisdropped AND c.relkind IN ('r', 'p') AND n.nspname = ANY($1::text[])"
    " AND NOT (n.nspname = $2 AND c.relname = $3)" NOT_EXTENSION_MEMBER("c.oid")
    " UNION ALL "
    /* Indexes that back a primary key, unique or exclusion constraint are the
     * constraint's; migrations name them through the constraint, not as indexes. */
    "SELECT 'i', n.nspname, t.relname, i.relname FROM pg_catalog.pg_index x"
    " JOIN pg_catalog.pg_class i ON i.oid = x.indexrelid JOIN pg_catalog.pg_class t ON t.oid = x.indrelid"
    " JOIN pg_catalog.pg_namespace n ON n.oid = i.relnamespace WHERE n.nspname = ANY($1::text[])"
    " AND NOT (n.nspname = $2 AND t.relname = $3)"
    " AND NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint k WHERE k.conindid = x.indexrelid"
    " AND k.conrelid = x.indrelid AND k.contype IN ('p', 'u', 'x'))" NOT_EXTENSION_MEMBER("t.oid");

enum db_result db_read_state(struct db *db, const char *vt_schema, const char *vt_table,
                             char *const *schemas, size_t n_schemas, struct catalog *cat,
                             struct version_record *ver, char *err, size_t errlen)
{
    enum db_result r = DB_OK;
    int own_txn = !db->in_txn;
    char *found_schema = NULL;
    char *qualified = NULL;
    PGresult *res = NULL;
    memset(ver, 0, sizeof *ver);
    /* One snapshot for the version rows and the catalog; read-only, so a
     * healthy database sees no write at all (no transaction id is assigned). */
    if (own_txn && (r = exec_simple(db, "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY", err, errlen)))
        return r;
    if ((r = find_version_table(db, vt_schema, vt_table, &found_schema, err, errlen)))
        goto out;
    if (found_schema) {
        ver->table_exists = 1;
        qualified = qualified_name(db, found_schema, vt_table);
        char *sql = xasprintf("SELECT version_num FROM %s ORDER BY 1", qualified);
        r = run_query(db, sql, 0, NULL, &res, NULL, err, errlen);
        free(sql);
        if (r) {
            char inner[512];
            snprintf(inner, sizeof inner, "%s", err);
            snprintf(err, errlen, "reading %s.%s: %s", found_schema, vt_table, inner);
            goto out;
        }
        ver->n = (size_t)PQntuples(res);
        ver->rows = xcalloc(ver->n + 1, sizeof *ver->rows);
        for (size_t i = 0; i < ver->n; i++)
            ver->rows[i] = xstrdup(PQgetisnull(res, (int)i, 0) ? "" : PQgetvalue(res, (int)i, 0));
        PQclear(res);
        res = NULL;
    }
    char *arr = text_array_literal(schemas, n_schemas);
    const char *params[3] = {arr, found_schema ? found_schema : "", vt_table};
    r = run_query(db, catalog_sql, 3, params, &res, NULL, err, errlen);
    free(arr);
    if (r)
        goto out;
    static const char kinds[] = "stci";
    static const enum obj_kind kind_of[] = {OBJ_SCHEMA, OBJ_TABLE, OBJ_COLUMN, OBJ_INDEX};
    for (int i = 0; i < PQntuples(res); i++) {
        const char *k = strchr(kinds, PQgetvalue(res, i, 0)[0]);
        if (!k)
            continue;
        catalog_add(cat, kind_of[k - kinds], PQgetvalue(res, i, 1),
                    PQgetisnull(res, i, 2) ? NULL : PQgetvalue(res, i, 2),
                    PQgetisnull(res, i, 3) ? NULL : PQgetvalue(res, i, 3));
    }
    log_debug("catalog: %zu objects in %zu schema%s; version table %s", cat->n, n_schemas,
              n_schemas == 1 ? "" : "s", found_schema ? "present" : "missing");
out:
    PQclear(res);
    free(found_schema);
    free(qualified);
    if (own_txn) {
        char ignored[256];
        exec_simple(db, r == DB_OK ? "COMMIT" : "ROLLBACK", ignored, sizeof ignored);
    }
    return r;
}

enum db_result db_lock_key(struct db *db, const char *vt_schema, const char *vt_table, int64_t *key,
                           char *err, size_t errlen)
{
    char *value = NULL;
    const char *p[2] = {vt_schema, vt_table}; /* NULL: current_schema() */
    enum db_result r = query_one_value(
        db, "SELECT pg_catalog.hashtextextended(coalesce($1, current_schema()) || '.' || $2, 0)", 2, p,
        &value, err, errlen);
    if (r != DB_OK)
        return r;
    if (!value) {
        snprintf(err, errlen, "current_schema() is null: cannot name the version table");
        return DB_REFUSED;
    }
    *key = (int64_t)strtoll(value, NULL, 10);
    free(value);
    return DB_OK;
}

/* Takes an advisory lock with the server's lock_timeout set to ours for
 * that one statement, then puts the session's own value back, so that what
 * follows runs under the operator's settings. timeout 0: do not wait. */
static enum db_result take_lock(struct db *db, int64_t key, long timeout_s, int xact, char *err,
                                size_t errlen)
{
    char keytxt[32], timeout_txt[32];
    snprintf(keytxt, sizeof keytxt, "%" PRId64, key);
    snprintf(timeout_txt, sizeof timeout_txt, "%lds", timeout_s);
    char *saved = NULL;
    enum db_result r = query_one_value(db, "SELECT current_setting('lock_timeout')", 0, NULL, &saved,
                                       err, errlen);
    if (r != DB_OK)
        return r;
    const char *is_local = xact ? "true" : "false";
    const char *p_set[2] = {timeout_txt, is_local};
    const char *p_key[1] = {keytxt};
    PGresult *res = NULL;
    char sqlstate[6] = "";
    if (timeout_s > 0) {
        r = run_query(db, "SELECT set_config('lock_timeout', $1, $2::boolean)", 2, p_set, &res, NULL, err,
                      errlen);
        PQclear(res);
        res = NULL;
        if (r == DB_OK)
            r = run_query(db, xact ? "SELECT pg_advisory_xact_lock($1::bigint)" : "SELECT pg_advisory_lock($1::bigint)",
                          1, p_key, &res, sqlstate, err, errlen);
    } else {
        r = run_query(db, xact ? "SELECT pg_try_advisory_xact_lock($1::bigint)" : "SELECT pg_try_advisory_lock($1::bigint)",
                      1, p_key, &res, sqlstate, err, errlen);
        if (r == DB_OK && strcmp(PQgetvalue(res, 0, 0), "t") != 0) {
            snprintf(err, errlen, "advisory lock %s is held by another session (--lock-timeout 0)", keytxt);
            r = DB_REFUSED;
        }
    }
    PQclear(res);
    res = NULL;
    if (r == DB_REFUSED && strcmp(sqlstate, "55P03") == 0)
        snprintf(err, errlen, "advisory lock %s not acquired within %lds (--lock-timeout): another gate or "
                 "migration holds it", keytxt, timeout_s);
    if (r == DB_OK && timeout_s > 0) {
        const char *p_restore[2] = {saved, is_local};
        r = run_query(db, "SELECT set_config('lock_timeout', $1, $2::boolean)", 2, p_restore, &res, NULL,
                      err, errlen);
        PQclear(res);
    }
    free(saved);
    return r;
}

enum db_result db_begin_locked(struct db *db, int64_t key, long lock_timeout_s, char *err, size_t errlen)
{
    enum db_result r = exec_simple(db, "BEGIN ISOLATION LEVEL READ COMMITTED", err, errlen);
    if (r != DB_OK)
        return r;
    db->in_txn = 1;
    r = take_lock(db, key, lock_timeout_s, 1, err, errlen);
    if (r != DB_OK)
        db_rollback(db);
    return r;
}

enum db_result db_write_version(struct db *db, const char *vt_schema, const char *vt_table,
                                char *const *revs, size_t n_revs, char *err, size_t errlen)
{
    char *schema = NULL;
    enum db_result r = find_version_table(db, vt_schema, vt_table, &schema, err, errlen);
    if (r != DB_OK)
        return r;
    char *qualified;
    if (!schema) {
        /* Alembic's own DDL (MigrationContext._version): VARCHAR(32) NOT NULL
         * and a primary key named <table>_pkc, in the configured schema or
         * where an unqualified CREATE TABLE would put it. */
        if (!vt_schema && (r = db_current_schema(db, &schema, err, errlen)) != DB_OK)
            return r;
        if (!schema)
            schema = xstrdup(vt_schema);
        qualified = qualified_name(db, schema, vt_table);
        char *pk = xasprintf("%s_pkc", vt_table);
        char *pk_q = PQescapeIdentifier(db->conn, pk, strlen(pk));
        char *sql = xasprintf("CREATE TABLE %s (version_num VARCHAR(32) NOT NULL, CONSTRAINT %s PRIMARY KEY "
                              "(version_num))", qualified, pk_q);
        r = exec_simple(db, sql, err, errlen);
        log_info("created version table %s.%s", schema, vt_table);
        free(sql);
        free(pk);
        PQfreemem(pk_q);
    } else {
        qualified = qualified_name(db, schema, vt_table);
    }
    if (r == DB_OK) {
        char *sql = xasprintf("DELETE FROM %s", qualified);
        r = exec_simple(db, sql, err, errlen);
        free(sql);
    }
    char *insert = xasprintf("INSERT INTO %s (version_num) VALUES ($1)", qualified);
    for (size_t i = 0; r == DB_OK && i < n_revs; i++) {
        PGresult *res;
        const char *p[1] = {revs[i]};
        r = run_query(db, insert, 1, p, &res, NULL, err, errlen);
        PQclear(res);
    }
    free(insert);
    free(qualified);
    free(schema);
    return r;
}

enum db_result db_commit(struct db *db, char *err, size_t errlen)
{
    enum db_result r = exec_simple(db, "COMMIT", err, errlen);
    db->in_txn = 0;
    return r;
}

void db_rollback(struct db *db)
{
    char ignored[256];
    if (db && db->in_txn && PQstatus(db->conn) == CONNECTION_OK)
        exec_simple(db, "ROLLBACK", ignored, sizeof ignored);
    if (db)
        db->in_txn = 0;
}

enum db_result db_session_lock(struct db *db, int64_t key, long lock_timeout_s, char *err, size_t errlen)
{
    return take_lock(db, key, lock_timeout_s, 0, err, errlen);
}

int db_socket(struct db *db)
{
    return db ? PQsocket(db->conn) : -1;
}

int db_alive(struct db *db)
{
    if (!PQconsumeInput(db->conn) || PQstatus(db->conn) != CONNECTION_OK)
        return 0;
    /* Nothing is sent while the lock is held: anything the server says now
     * is a notice or the FATAL message before it closes the session. */
    PGnotify *n;
    while ((n = PQnotifies(db->conn)) != NULL)
        PQfreemem(n);
    return 1;
}
