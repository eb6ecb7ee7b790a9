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
    char *current_schema; /* read with the readiness check; NULL: none on search_path */
    int broken;             /* a query was abandoned: nothing more can be sent */
    long long deadline_ms;  /* bound of every query; 0: none */
    long long ready_deadline_ms; /* until the readiness query has answered (db_connect's, or the
                                  * first catalog read's): the connection attempt's bound; then 0 */
    long attempt_timeout_s; /* --connect-timeout, the slack added to a lock wait's bound */
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

/* A pooler's words for a server it cannot reach yet (PgBouncer's texts):
 * retried, and kept as the reason, since libpq's "server closed the
 * connection unexpectedly" that follows says nothing. */
static const char *const pooler_retry_patterns[] = {
    "query_wait_timeout",
    "server login has been failing",
    "server conn crashed",
    "no more connections allowed",
    "pgbouncer cannot connect to server",
    "server_login_retry",
};

static int matches_any(const char *msg, const char *const *patterns, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (strstr(msg, patterns[i]))
            return 1;
    return 0;
}

static enum db_result classify_connect_error(const char *msg)
{
    /* The server is up but busy or not yet accepting, or a pooler waits for it. */
    if (strstr(msg, "starting up") || strstr(msg, "shutting down") || strstr(msg, "recovery") ||
        strstr(msg, "too many clients") || strstr(msg, "remaining connection slots") ||
        matches_any(msg, pooler_retry_patterns,
                    sizeof pooler_retry_patterns / sizeof pooler_retry_patterns[0]))
        return DB_RETRY;
    if (strstr(msg, "unsupported startup parameter"))
        return DB_REFUSED;
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

/* The bound of the next wait: db->deadline_ms, or none. */
static long long query_deadline(const struct db *db)
{
    return db->deadline_ms > 0 ? db->deadline_ms : -1;
}

/* A wait that ended without an answer: the query is cancelled and the
 * connection abandoned (nothing more can be sent on it). -1 cancelled by a
 * signal, -2 past db->deadline_ms. */
static int give_up(struct db *db, int w)
{
    cancel_query(db->conn);
    db->broken = 1;
    return w < 0 ? -1 : -2;
}

/* Sends what libpq has buffered, reading meanwhile so that a server
 * answering early never blocks us both. 0 sent (or a socket error for the
 * next call to report), -1 cancelled, -2 timed out. */
static int flush_output(struct db *db)
{
    int sock = PQsocket(db->conn);
    while (PQflush(db->conn) == 1) {
        int w = wait_socket(sock, POLLOUT | POLLIN, db->cancel_fd, query_deadline(db));
        if (w <= 0)
            return give_up(db, w);
        if (!PQconsumeInput(db->conn))
            break;
    }
    return 0;
}

/* The next result, waiting for it under poll(); NULL at the end of a
 * statement's results (or on a lost connection). -1 cancelled, -2 timed
 * out, else 0. */
static int next_result(struct db *db, PGresult **out)
{
    int sock = PQsocket(db->conn);
    *out = NULL;
    while (PQisBusy(db->conn)) {
        int w = wait_socket(sock, POLLIN, db->cancel_fd, query_deadline(db));
        if (w <= 0)
            return give_up(db, w);
        if (!PQconsumeInput(db->conn))
            break;
    }
    *out = PQgetResult(db->conn);
    return 0;
}

static const char timeout_reason[] = "no answer from the server in time";

int db_error_is_timeout(const char *err)
{
    return strncmp(err, timeout_reason, sizeof timeout_reason - 1) == 0 ||
           strncmp(err, "connection attempt timed out", 28) == 0;
}

static void timeout_message(char *err, size_t errlen)
{
    snprintf(err, errlen, "%s (a pooler in front of it may be waiting for a server it cannot reach)",
             timeout_reason);
}

/* SQLSTATEs of a server that is going away or not ready, and of a lost
 * connection (class 08): a new connection may well succeed. */
static int retryable_sqlstate(const char *state)
{
    static const char *const states[] = {"57P01", "57P02", "57P03", "53300", "08"};
    for (size_t i = 0; i < sizeof states / sizeof states[0]; i++)
        if (strncmp(state, states[i], strlen(states[i])) == 0)
            return 1;
    return 0;
}

/* What a pooler says when the setup cannot work whatever the wait. */
static const char *const pooler_refused_patterns[] = {
    "transaction blocks not allowed",
    "unsupported startup parameter",
    "no such database",
    "no such user",
};

/* The failure of a statement: its one-line reason, and whether waiting
 * could cure it. The first error the server (or pooler) sent is the reason:
 * libpq's own message for the closed socket that follows says nothing. */
static enum db_result query_failure(struct db *db, const PGresult *res, char *sqlstate, char *err, size_t errlen)
{
    const char *state = res ? PQresultErrorField(res, PG_DIAG_SQLSTATE) : NULL;
    const char *primary = res ? PQresultErrorField(res, PG_DIAG_MESSAGE_PRIMARY) : NULL;
    if (sqlstate && state)
        snprintf(sqlstate, 6, "%s", state);
    char prefix[32];
    snprintf(prefix, sizeof prefix, "%s: ", state ? state : "error");
    if (primary)
        one_line(err, errlen, prefix, primary);
    else
        one_line(err, errlen, "", res ? PQresultErrorMessage(res) : PQerrorMessage(db->conn));
    if (matches_any(err, pooler_refused_patterns,
                    sizeof pooler_refused_patterns / sizeof pooler_refused_patterns[0]))
        return DB_REFUSED;
    if (PQstatus(db->conn) == CONNECTION_BAD || (state && retryable_sqlstate(state)) ||
        matches_any(err, pooler_retry_patterns,
                    sizeof pooler_retry_patterns / sizeof pooler_retry_patterns[0])) {
        if (PQstatus(db->conn) == CONNECTION_BAD) {
            char inner[512];
            snprintf(inner, sizeof inner, "%s", err);
            snprintf(err, errlen, "connection lost: %s", inner);
        }
        return DB_RETRY;
    }
    return DB_REFUSED;
}

/* A statement's result as a db_result: DB_OK for rows or a command, else
 * the failure as query_failure classifies it, with err ("SQLSTATE:
 * message") and sqlstate set. */
static enum db_result result_status(struct db *db, const PGresult *res, char *sqlstate, char *err, size_t errlen)
{
    if (sqlstate)
        sqlstate[0] = '\0';
    if (db->broken) {
        timeout_message(err, errlen);
        return DB_RETRY;
    }
    ExecStatusType st = res ? PQresultStatus(res) : PGRES_FATAL_ERROR;
    if (st == PGRES_TUPLES_OK || st == PGRES_COMMAND_OK)
        return DB_OK;
    if (st == PGRES_PIPELINE_ABORTED) {
        snprintf(err, errlen, "not run: an earlier statement of the pipeline failed");
        return DB_REFUSED;
    }
    return query_failure(db, res, sqlstate, err, errlen);
}

/* Runs one statement with text parameters, waiting under poll() at most
 * until db->deadline_ms. Returns DB_OK with *out set (PGRES_TUPLES_OK or
 * PGRES_COMMAND_OK), or a failure with err set: DB_RETRY when waiting could
 * cure it (see query_failure), DB_REFUSED otherwise. SQLSTATE of a server
 * error, if any, goes to sqlstate. The first error is the one reported. */
static enum db_result run_query(struct db *db, const char *sql, int nparams, const char *const *params,
                                PGresult **out, char *sqlstate, char *err, size_t errlen)
{
    *out = NULL;
    if (sqlstate)
        sqlstate[0] = '\0';
    if (db->broken) {
        snprintf(err, errlen, "connection abandoned after a query got no answer");
        return DB_RETRY;
    }
    if (!PQsendQueryParams(db->conn, sql, nparams, NULL, params, NULL, NULL, 0))
        return query_failure(db, NULL, sqlstate, err, errlen);
    int w = flush_output(db);
    PGresult *kept = NULL;
    for (;;) {
        PGresult *r;
        if (w < 0 || (w = next_result(db, &r)) < 0)
            break;
        if (!r)
            break;
        if (kept && PQresultStatus(kept) == PGRES_FATAL_ERROR) {
            PQclear(r); /* keep the first error: the server's or the pooler's own words */
            continue;
        }
        PQclear(kept);
        kept = r;
    }
    if (w < 0) {
        PQclear(kept);
        if (w == -1) {
            snprintf(err, errlen, "cancelled by a signal");
            return DB_CANCELLED;
        }
        timeout_message(err, errlen);
        return DB_RETRY;
    }
    enum db_result st = result_status(db, kept, sqlstate, err, errlen);
    if (st != DB_OK) {
        PQclear(kept);
        return st;
    }
    *out = kept;
    return DB_OK;
}

static enum db_result exec_simple(struct db *db, const char *sql, char *err, size_t errlen)
{
    PGresult *res;
    enum db_result r = run_query(db, sql, 0, NULL, &res, NULL, err, errlen);
    PQclear(res);
    return r;
}

/* Several hosts with no target_session_attrs: libpq would stop at the
 * first that answers, a standby listed first included, and never reach the
 * primary that the gate waits for. */
static int several_hosts_without_target(const struct conninfo *ci)
{
    if (conninfo_get(ci, "target_session_attrs") || getenv("PGTARGETSESSIONATTRS"))
        return 0;
    const char *host = conninfo_get(ci, "host");
    if (!host)
        host = conninfo_get(ci, "hostaddr");
    if (!host)
        host = getenv("PGHOST");
    return host && strchr(host, ',');
}

/* Fills in what libpq leaves to chance for a gate: a name operators can find
 * in pg_stat_activity, TCP keepalives short enough that --hold-lock notices
 * a vanished server in under a minute, and read-write for several hosts.
 * The user's values win. */
static void connection_defaults(const struct conninfo *ci, const char ***keys, const char ***vals)
{
    static const char *const defaults[][2] = {
        {"application_name", "alembic-gate"},
        {"keepalives_idle", "20"},
        {"keepalives_interval", "5"},
        {"keepalives_count", "4"},
        {"target_session_attrs", "read-write"},
    };
    static int told;
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
        if (strcmp(defaults[d][0], "target_session_attrs") == 0) {
            if (!several_hosts_without_target(ci))
                continue;
            if (!told++)
                log_info("several hosts and no target_session_attrs: using target_session_attrs=read-write");
        }
        (*keys)[k] = defaults[d][0];
        (*vals)[k] = defaults[d][1];
        k++;
    }
}

/* Server notices (WARNING: terminating connection ..., NOTICE: ...) go
 * through the gate's logger, so --log-format json stays one object a line. */
static void notice_to_log(void *arg, const PGresult *res)
{
    (void)arg;
    const char *sev = PQresultErrorField(res, PG_DIAG_SEVERITY_NONLOCALIZED);
    const char *msg = PQresultErrorField(res, PG_DIAG_MESSAGE_PRIMARY);
    char line[512];
    one_line(line, sizeof line, "", msg ? msg : PQresultErrorMessage(res));
    enum log_level level = LOG_DEBUG;
    if (sev && strcmp(sev, "WARNING") == 0)
        level = LOG_WARN;
    else if (sev && (strcmp(sev, "NOTICE") == 0 || strcmp(sev, "INFO") == 0))
        level = LOG_INFO;
    struct log_field f[] = {{"severity", sev ? sev : "NOTICE"}};
    log_fields(level, f, 1, "server: %s", line);
}

/* "FATAL: unsupported startup parameter: options" from PgBouncer: the
 * parameter, and what to do about it. */
static void explain_startup_parameter(const char *msg, char *err, size_t errlen)
{
    const char *p = strstr(msg, "unsupported startup parameter");
    char param[64] = "?";
    const char *colon = strchr(p, ':');
    if (colon)
        sscanf(colon + 1, " %63[A-Za-z0-9_.]", param);
    snprintf(err, errlen,
             "the pooler refused the startup parameter '%s' (%s): remove it from the URL and PGOPTIONS, "
             "or add it to PgBouncer's ignore_startup_parameters",
             param, p);
}

static enum db_result connect_failure(PGconn *conn, char *err, size_t errlen)
{
    char msg[512];
    one_line(msg, sizeof msg, "", PQerrorMessage(conn));
    enum db_result r = classify_connect_error(msg);
    if (r == DB_REFUSED && strstr(msg, "invalid"))
        r = DB_CONFIG;
    if (strstr(msg, "unsupported startup parameter"))
        explain_startup_parameter(msg, err, errlen);
    else
        snprintf(err, errlen, "%s", msg);
    PQfinish(conn);
    return r;
}

static const char no_current_schema[] = "current_schema() is null: search_path names no existing schema";

/* The readiness query: a standby in recovery is waited on like a server
 * that is starting up (the gate's write needs a primary), and the default
 * schema pairs the scripts' unqualified names with a schema. */
static const char sql_readiness[] = "SELECT pg_catalog.pg_is_in_recovery(), pg_catalog.current_schema()";

/* The readiness query's answer: DB_OK, with the default schema kept; or
 * DB_RETRY on a standby. */
static enum db_result readiness_row(struct db *db, const PGresult *res, char *err, size_t errlen)
{
    free(db->current_schema);
    db->current_schema = NULL;
    if (PQntuples(res) == 1 && !PQgetisnull(res, 0, 1))
        db->current_schema = xstrdup(PQgetvalue(res, 0, 1));
    if (PQntuples(res) == 1 && strcmp(PQgetvalue(res, 0, 0), "t") == 0) {
        snprintf(err, errlen, "the server is a standby in recovery (read-only); waiting for a primary");
        return DB_RETRY;
    }
    db->ready_deadline_ms = 0;
    return DB_OK;
}

enum db_result db_connect(const struct conninfo *ci, long connect_timeout_s, int cancel_fd, int probe,
                          struct db_idle *idle, struct db **out, char *err, size_t errlen)
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
    PQsetNoticeReceiver(conn, notice_to_log, NULL);
    if (connect_timeout_s <= 0)
        connect_timeout_s = 5;
    long long deadline = now_ms() + connect_timeout_s * 1000LL;
    PostgresPollingStatusType poll_st = PGRES_POLLING_WRITING;
    if (PQstatus(conn) == CONNECTION_BAD)
        poll_st = PGRES_POLLING_FAILED;
    while (poll_st != PGRES_POLLING_OK && poll_st != PGRES_POLLING_FAILED) {
        short ev = poll_st == PGRES_POLLING_READING ? POLLIN : POLLOUT;
        if (ev == POLLIN && idle && idle->fn) {
            /* The first message is out: the server forks and starts a
             * backend (with trust, up to ReadyForQuery) meanwhile. */
            void (*fn)(void *) = idle->fn;
            long long t0 = now_ms();
            idle->fn = NULL;
            fn(idle->arg);
            deadline += now_ms() - t0; /* the attempt's bound is the server's time, not ours */
        }
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
    if (poll_st == PGRES_POLLING_FAILED)
        return connect_failure(conn, err, errlen);

    struct db *db = xcalloc(1, sizeof *db);
    db->conn = conn;
    db->cancel_fd = cancel_fd;
    db->attempt_timeout_s = connect_timeout_s;
    /* A port that accepts is not a ready database: only a query that runs
     * is. Behind a pooler that waits for a server it cannot reach, this is
     * where the attempt's time runs out. Without probe, the caller's first
     * catalog read is that query, in the same round trip as its first
     * statements, bound by the same deadline. */
    db->ready_deadline_ms = deadline;
    if (!probe) {
        *out = db;
        return DB_OK;
    }
    db->deadline_ms = deadline;
    PGresult *res;
    enum db_result r = run_query(db, sql_readiness, 0, NULL, &res, NULL, err, errlen);
    db->deadline_ms = 0;
    if (r == DB_OK) {
        r = readiness_row(db, res, err, errlen);
        PQclear(res);
        if (r == DB_OK) {
            *out = db;
            return DB_OK;
        }
    }
    db_close(db);
    return r;
}

void db_set_deadline(struct db *db, long long deadline_ms)
{
    db->deadline_ms = deadline_ms;
}

const char *db_host(struct db *db)
{
    return PQhost(db->conn);
}

const char *db_port(struct db *db)
{
    return PQport(db->conn);
}

void db_close(struct db *db)
{
    if (!db)
        return;
    PQfinish(db->conn);
    free(db->current_schema);
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
    *out = db->current_schema ? xstrdup(db->current_schema) : NULL;
    if (!*out) {
        snprintf(err, errlen, "%s", no_current_schema);
        return DB_REFUSED;
    }
    return DB_OK;
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

/* ---- the catalog read ----
 *
 * One statement reads, in the transaction's snapshot, the objects the
 * scripts mention (struct scope: names passed as array parameters and
 * looked up through the catalogs' name indexes), everything on the mentioned
 * tables, and counts the other relations of the schemas the scripts touch:
 * its cost follows the scripts, not the database, except for that one count.
 *
 * Every row is (row kind, schema, table, name, a1..a7); the row kinds and
 * which attribute each a<i> is are in row_kinds[] below. */

/* Objects that belong to an extension (PostGIS's spatial_ref_sys, ...) are
 * not the application's and never count. `ext` is the CTE of their ids. */
#define IS_EXT(catalog, oid)                                                                         \
    " EXISTS (SELECT 1 FROM pg_catalog.pg_depend e WHERE e.classid = 'pg_catalog." catalog "'::pg_catalog.regclass" \
    " AND e.objid = " oid " AND e.deptype = 'e')"
#define NOT_EXT(catalog, oid) " NOT" IS_EXT(catalog, oid)

/* A type as objects.h spells it: format_type() for the built-in ones, the
 * bare name (and "[]" for an array) for the others, whatever search_path
 * says, so that both sides agree on "status" for an enum in any schema.
 * Oids below 10000 are the types (and their arrays) initdb's bootstrap
 * catalog made, all in pg_catalog: no lookup per column for them. */
#define TYPE_TEXT(oid, typmod)                                                                       \
    "CASE WHEN " oid " < 10000 THEN pg_catalog.format_type(" oid ", " typmod ") ELSE"                  \
    " (SELECT CASE WHEN coalesce(e.typnamespace, t.typnamespace) = 'pg_catalog'::pg_catalog.regnamespace" \
    " THEN pg_catalog.format_type(t.oid, " typmod ") WHEN e.oid IS NOT NULL THEN e.typname || '[]'"   \
    " ELSE t.typname::text END FROM pg_catalog.pg_type t LEFT JOIN pg_catalog.pg_type e"               \
    " ON e.oid = t.typelem AND t.typcategory = 'A' WHERE t.oid = " oid ") END"

/* Column names of rel at the attribute numbers of keys, in order, ","-joined;
 * "?" for an expression (attribute number 0). */
#define COL_LIST(keys, rel)                                                                          \
    "(SELECT string_agg(coalesce(a.attname::text, '?'), ',' ORDER BY u.o) FROM pg_catalog.unnest("   \
    keys ") WITH ORDINALITY u(n, o) LEFT JOIN pg_catalog.pg_attribute a ON a.attrelid = " rel         \
    " AND a.attnum = u.n AND u.n <> 0)"

#define TF(expr) "CASE WHEN " expr " THEN 't' ELSE 'f' END"

/* Unmentioned objects named one by one; one more is looked for, to know
 * whether the count stopped at the bound. Each costs a few index probes:
 * at 1,000 they were a fifth of the read on a database with 20,000
 * unrelated tables (issue 18: the read should not grow with it), at 100
 * they are within the noise, and 100 names are enough to see what is there. */
#define UNMENTIONED_NAMED 100
#define UNMENTIONED_BOUND_SQL "101"

/* The read is two round trips in one snapshot. The first finds what the
 * scripts mention by name (names are joined, never cast with to_regclass:
 * a qualified cast fails outright on a schema the gate's role may not use,
 * and reading the catalog needs no such right): the version table as
 * Alembic finds it ($4 its schema when configured, else the first match on
 * search_path), the schemas the scripts touch ($1) and the mentioned
 * relations ($2, $3: each looked up by its qualified name, one index
 * probe). The second reads everything else by the oids the first found, so
 * the name lookups run once, not in each statement (at 1,000 revisions
 * they were half the read). */
#define VT_OID                                                                                       \
    "pg_catalog.to_regclass(CASE WHEN $4::text IS NULL THEN pg_catalog.quote_ident($5)"               \
    " ELSE pg_catalog.quote_ident($4) || '.' || pg_catalog.quote_ident($5) END)"
/* A scope schema as the server names it: the first round trip's names pair
 * the default schema as SCOPE_DEFAULT_SCHEMA, since the same round trip
 * reads current_schema(). */
#define SCOPE_SCHEMA(s) "coalesce(nullif(" s ", ''), pg_catalog.current_schema())"
#define NS_CTE                                                                                       \
    "ns AS (SELECT n.oid, n.nspname FROM pg_catalog.pg_namespace n WHERE n.nspname = ANY(ARRAY("      \
    "SELECT " SCOPE_SCHEMA("u") " FROM unnest($1::text[]) u)))"

/* Attribute columns a statement does not have. */
#define NO_ATTRS(n) NO_ATTRS_##n
#define NO_ATTRS_3 ", NULL, NULL, NULL"
#define NO_ATTRS_6 ", NULL, NULL, NULL, NULL, NULL, NULL"
#define NO_ATTRS_7 ", NULL, NULL, NULL, NULL, NULL, NULL, NULL"

/* The first round trip: the version table's schema and oid when it exists;
 * schemas; every mentioned relation with its oid and relkind (columns 11
 * and 12), as an object when it is a table, view or materialized view
 * (tag '-' for indexes and sequences: they are read with their attributes
 * in the second). */
static const char sql_scope[] =
    "WITH " NS_CTE ","
    " rel AS (SELECT DISTINCT c.oid, c.relkind, rn.nspname, c.relname FROM unnest($2::text[], $3::text[]) m(s, r)"
    " JOIN pg_catalog.pg_namespace rn ON rn.nspname = " SCOPE_SCHEMA("m.s")
    " JOIN pg_catalog.pg_class c ON c.relnamespace = rn.oid AND c.relname = m.r"
    " WHERE c.relkind IN ('r', 'p', 'v', 'm', 'S', 'i', 'I')"
    " AND c.oid IS DISTINCT FROM (SELECT " VT_OID ") AND" NOT_EXT("pg_class", "c.oid") ")"
    " SELECT 'V', n.nspname::text, NULL, NULL" NO_ATTRS(7) ", c.oid, NULL FROM pg_catalog.pg_class c"
    " JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace WHERE c.oid = " VT_OID
    " AND c.relkind IN ('r', 'p')"
    " UNION ALL SELECT 's', nspname::text, NULL, NULL" NO_ATTRS(7) ", NULL, NULL FROM ns"
    " UNION ALL SELECT CASE WHEN relkind IN ('r', 'p') THEN 't' WHEN relkind IN ('v', 'm') THEN relkind::text"
    " ELSE '-' END, nspname::text, CASE WHEN relkind IN ('r', 'p') THEN relname::text END,"
    " CASE WHEN relkind NOT IN ('r', 'p') THEN relname::text END" NO_ATTRS(7) ", oid, relkind::text FROM rel";
#define SCOPE_OID_COLUMN 11
#define SCOPE_RELKIND_COLUMN 12

/* The second round trip's statements take the first's relations as oid
 * arrays: $2 every one found, $3 those others hang on (tables, views,
 * materialized views), $4 the tables, $13 the sequences; columns, indexes,
 * constraints, triggers and owned sequences are read with them. $12 is the
 * version table's oid (NULL when it does not exist). Kept simple: in the
 * gate's new backend, planning costs more than running, and a CTE over the
 * relations (unnest of four arrays, read twice) cost more to plan than
 * the joins it saved (issue 18: 33 -> 23 ms of backend CPU at 100
 * revisions, /proc/PID/schedstat). */
#define VT_PARAM "$12::oid"

/* Columns: type, notnull, default. */
static const char sql_columns[] =
    "SELECT 'c', n.nspname::text, c.relname::text, a.attname::text,"
    " " TYPE_TEXT("a.atttypid", "a.atttypmod") ", " TF("a.attnotnull") ","
    " " TF("a.atthasdef AND a.attgenerated = ''") NO_ATTRS(3)
    " FROM pg_catalog.pg_attribute a JOIN pg_catalog.pg_class c ON c.oid = a.attrelid"
    " JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace"
    " WHERE a.attrelid = ANY($4::oid[]) AND a.attnum > 0 AND NOT a.attisdropped";

/* Indexes that back no constraint, on a mentioned relation or named:
 * table, cols, unique, using, partial. Those of a constraint are the
 * constraint's; migrations name them through it. */
static const char sql_indexes[] =
    "SELECT 'i', n.nspname::text, t.relname::text, i.relname::text, t.relname::text,"
    " CASE WHEN EXISTS (SELECT 1 FROM pg_catalog.unnest(x.indkey) WITH ORDINALITY u(n, o)"
    " WHERE u.o <= x.indnkeyatts AND u.n = 0) THEN '?' ELSE"
    " (SELECT string_agg(a.attname::text, ',' ORDER BY u.o) FROM pg_catalog.unnest(x.indkey)"
    " WITH ORDINALITY u(n, o) JOIN pg_catalog.pg_attribute a ON a.attrelid = x.indrelid AND a.attnum = u.n"
    " WHERE u.o <= x.indnkeyatts) END,"
    " " TF("x.indisunique") ", am.amname::text, " TF("x.indpred IS NOT NULL") ", NULL, NULL"
    " FROM pg_catalog.pg_index x JOIN pg_catalog.pg_class i ON i.oid = x.indexrelid"
    " JOIN pg_catalog.pg_class t ON t.oid = x.indrelid"
    " JOIN pg_catalog.pg_namespace n ON n.oid = i.relnamespace JOIN pg_catalog.pg_am am ON am.oid = i.relam"
    " WHERE (x.indrelid = ANY($3::oid[]) OR x.indexrelid = ANY($2::oid[]))"
    " AND NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint k WHERE k.conindid = x.indexrelid"
    " AND k.conrelid = x.indrelid AND k.contype IN ('p', 'u', 'x'))"
    " AND t.oid IS DISTINCT FROM " VT_PARAM " AND" NOT_EXT("pg_class", "t.oid");

/* Constraints on a mentioned table or named: ctype, cols, reftable,
 * refcols, ondelete, onupdate, deferrable. */
static const char sql_constraints[] =
    "SELECT 'k', n.nspname::text, t.relname::text, k.conname::text, k.contype::text,"
    " " COL_LIST("k.conkey", "k.conrelid") ","
    " CASE WHEN k.contype = 'f' THEN rn.nspname || '.' || rt.relname END,"
    " CASE WHEN k.contype = 'f' THEN " COL_LIST("k.confkey", "k.confrelid") " END,"
    " CASE WHEN k.contype = 'f' THEN k.confdeltype::text END,"
    " CASE WHEN k.contype = 'f' THEN k.confupdtype::text END, " TF("k.condeferrable")
    " FROM pg_catalog.pg_constraint k"
    " JOIN pg_catalog.pg_class t ON t.oid = k.conrelid JOIN pg_catalog.pg_namespace n ON n.oid = k.connamespace"
    " LEFT JOIN pg_catalog.pg_class rt ON rt.oid = k.confrelid"
    " LEFT JOIN pg_catalog.pg_namespace rn ON rn.oid = rt.relnamespace"
    " WHERE (k.conrelid = ANY($3::oid[]) OR k.oid = ANY(ARRAY(SELECT c.oid FROM unnest($5::text[], $6::text[]) m(s, c)"
    " JOIN pg_catalog.pg_namespace cn ON cn.nspname = m.s"
    " JOIN pg_catalog.pg_constraint c ON c.connamespace = cn.oid AND c.conname = m.c)))"
    " AND k.contype IN ('p', 'u', 'f', 'c', 'x') AND t.oid IS DISTINCT FROM " VT_PARAM
    " AND" NOT_EXT("pg_class", "t.oid");

/* Named types: values (an enum's labels; "?" for the other kinds). A
 * table's row type is the table's, not a type of its own. */
static const char sql_types[] =
    "SELECT 'y', n.nspname::text, NULL, t.typname::text,"
    " CASE WHEN t.typtype = 'e' THEN coalesce((SELECT string_agg(e.enumlabel::text, ',' ORDER BY e.enumsortorder)"
    " FROM pg_catalog.pg_enum e WHERE e.enumtypid = t.oid), '') ELSE '?' END" NO_ATTRS(6)
    " FROM unnest($7::text[], $8::text[]) m(s, y) JOIN pg_catalog.pg_namespace n ON n.nspname = m.s"
    " JOIN pg_catalog.pg_type t ON t.typnamespace = n.oid AND t.typname = m.y"
    " WHERE (t.typrelid = 0 OR (SELECT c.relkind FROM pg_catalog.pg_class c WHERE c.oid = t.typrelid) = 'c')"
    " AND" NOT_EXT("pg_type", "t.oid");

/* Named sequences and those a mentioned table's column owns (serial,
 * identity): table, the owning table. */
#define OWNED_BY_COLUMN(d)                                                                           \
    d ".classid = 'pg_catalog.pg_class'::pg_catalog.regclass AND " d ".refclassid = 'pg_catalog.pg_class'::pg_catalog.regclass" \
    " AND " d ".refobjsubid > 0 AND " d ".deptype IN ('a', 'i')"
static const char sql_sequences[] =
    "SELECT 'q', n.nspname::text, NULL, s.relname::text,"
    " (SELECT t.relname::text FROM pg_catalog.pg_depend d JOIN pg_catalog.pg_class t ON t.oid = d.refobjid"
    " WHERE d.objid = s.oid AND " OWNED_BY_COLUMN("d") " LIMIT 1)" NO_ATTRS(6)
    " FROM pg_catalog.pg_class s JOIN pg_catalog.pg_namespace n ON n.oid = s.relnamespace"
    " WHERE (s.oid = ANY($13::oid[]) OR s.oid = ANY(ARRAY(SELECT d.objid FROM pg_catalog.pg_depend d"
    " WHERE d.refobjid = ANY($4::oid[]) AND " OWNED_BY_COLUMN("d") ")))"
    " AND s.relkind = 'S' AND" NOT_EXT("pg_class", "s.oid");

/* Functions and procedures by name, each overload named with its input
 * argument types; triggers of mentioned relations, not the ones
 * PostgreSQL makes for foreign keys; extensions by name. Three statements,
 * so that a project naming no function or extension never has pg_proc or
 * pg_extension planned. */
static const char sql_functions[] =
    "SELECT 'f', n.nspname::text, NULL, p.proname || '(' || coalesce((SELECT string_agg("
    TYPE_TEXT("u.t", "NULL") ", ',' ORDER BY u.o) FROM pg_catalog.unnest(p.proargtypes) WITH ORDINALITY u(t, o)),"
    " '') || ')'" NO_ATTRS(7)
    " FROM unnest($9::text[], $10::text[]) m(s, f) JOIN pg_catalog.pg_namespace n ON n.nspname = m.s"
    " JOIN pg_catalog.pg_proc p ON p.pronamespace = n.oid AND p.proname = m.f"
    " WHERE p.prokind IN ('f', 'p') AND" NOT_EXT("pg_proc", "p.oid");
static const char sql_triggers[] =
    "SELECT 'g', n.nspname::text, c.relname::text, g.tgname::text" NO_ATTRS(7)
    " FROM pg_catalog.pg_trigger g JOIN pg_catalog.pg_class c ON c.oid = g.tgrelid"
    " JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace WHERE g.tgrelid = ANY($3::oid[]) AND NOT g.tgisinternal";
static const char sql_extensions[] =
    "SELECT 'e', NULL, NULL, x.extname::text" NO_ATTRS(7)
    " FROM pg_catalog.pg_extension x WHERE x.extname = ANY($11::text[])";

/* The relations of the touched schemas that no script names, found through
 * pg_depend's index on the referenced schema, so that the scan stops at the
 * bound whatever the size of the catalog (the extension members are one
 * hashed set, and only a unique index needs a look for its constraint): tables, views, materialized
 * views, sequences no column owns, and the indexes (backing no constraint)
 * of those tables. Row: 'u', schema, NULL, name, the row kind it would
 * have. */
static const char sql_unmentioned[] =
    "SELECT 'u', o.nspname::text, NULL, o.name::text, o.k" NO_ATTRS(6)
    " FROM pg_catalog.pg_namespace ns CROSS JOIN LATERAL (SELECT c.oid, c.relkind, c.relname, ns.nspname"
    " FROM pg_catalog.pg_depend d JOIN pg_catalog.pg_class c ON c.oid = d.objid"
    " WHERE d.refclassid = 'pg_catalog.pg_namespace'::pg_catalog.regclass AND d.refobjid = ns.oid"
    " AND d.classid = 'pg_catalog.pg_class'::pg_catalog.regclass AND d.deptype = 'n'"
    " AND c.relkind IN ('r', 'p', 'v', 'm', 'S') AND c.oid <> ALL($2::oid[])"
    " AND c.oid IS DISTINCT FROM " VT_PARAM " AND c.oid NOT IN (SELECT e.objid FROM pg_catalog.pg_depend e"
    " WHERE e.refclassid = 'pg_catalog.pg_extension'::pg_catalog.regclass AND e.deptype = 'e')"
    " AND (c.relkind <> 'S' OR NOT EXISTS (SELECT 1 FROM pg_catalog.pg_depend s"
    " WHERE s.classid = 'pg_catalog.pg_class'::pg_catalog.regclass AND s.objid = c.oid"
    " AND s.refclassid = 'pg_catalog.pg_class'::pg_catalog.regclass AND s.deptype IN ('a', 'i')))"
    " ORDER BY d.refclassid, d.refobjid, d.refobjsubid LIMIT " UNMENTIONED_BOUND_SQL ") u"
    " CROSS JOIN LATERAL (SELECT CASE WHEN u.relkind IN ('r', 'p') THEN 't' WHEN u.relkind = 'S' THEN 'q'"
    " ELSE u.relkind::text END AS k, u.relname AS name, u.nspname"
    " UNION ALL SELECT 'i', i.relname, u.nspname FROM pg_catalog.pg_index x"
    " JOIN pg_catalog.pg_class i ON i.oid = x.indexrelid WHERE x.indrelid = u.oid AND u.relkind IN ('r', 'p')"
    " AND x.indexrelid <> ALL($2::oid[]) AND NOT x.indisprimary AND NOT x.indisexclusion"
    " AND (NOT x.indisunique OR NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint k"
    " WHERE k.conrelid = x.indrelid AND k.conindid = x.indexrelid AND k.contype = 'u'))) o"
    " WHERE ns.nspname = ANY($1::text[]) LIMIT " UNMENTIONED_BOUND_SQL;

/* One row kind per statement family, and which attribute each a<i> is. */
#define ROW_ATTRS 7
static const struct row_kind {
    char tag;
    enum obj_kind kind;
    const char *keys[ROW_ATTRS];
} row_kinds[] = {
    {'s', OBJ_SCHEMA, {NULL}},
    {'t', OBJ_TABLE, {NULL}},
    {'v', OBJ_VIEW, {NULL}},
    {'m', OBJ_MATVIEW, {NULL}},
    {'c', OBJ_COLUMN, {"type", "notnull", "default"}},
    {'i', OBJ_INDEX, {"table", "cols", "unique", "using", "partial"}},
    {'k', OBJ_CONSTRAINT, {"ctype", "cols", "reftable", "refcols", "ondelete", "onupdate", "deferrable"}},
    {'y', OBJ_TYPE, {"values"}},
    {'q', OBJ_SEQUENCE, {"table"}},
    {'f', OBJ_FUNCTION, {NULL}},
    {'g', OBJ_TRIGGER, {NULL}},
    {'e', OBJ_EXTENSION, {NULL}},
};

/* The second round trip's inputs, as the statements filter on them. */
enum catalog_input {
    IN_SCHEMAS = 1 << 0,     /* $1 */
    IN_ALL = 1 << 1,         /* $2 */
    IN_HOSTS = 1 << 2,       /* $3 */
    IN_TABLES = 1 << 3,      /* $4 */
    IN_CONSTRAINTS = 1 << 4, /* $5, $6 */
    IN_TYPES = 1 << 5,       /* $7, $8 */
    IN_FUNCTIONS = 1 << 6,   /* $9, $10 */
    IN_EXTENSIONS = 1 << 7,  /* $11 */
    IN_SEQUENCES = 1 << 8,   /* $13 */
};

/* The second round trip's statements; each returns rows (tag, schema,
 * table, name, a1..a7) and takes the same thirteen parameters. Each
 * matches only through the inputs `needs` names: with all of them empty it
 * returns no row, and is not sent (in the gate's new backend, planning a
 * statement over a catalog costs more than running it). */
static const struct catalog_statement {
    const char *sql;
    unsigned needs;
} catalog_statements[] = {
    {sql_columns, IN_TABLES},
    {sql_indexes, IN_HOSTS | IN_ALL},
    {sql_constraints, IN_HOSTS | IN_CONSTRAINTS},
    {sql_types, IN_TYPES},
    {sql_sequences, IN_SEQUENCES | IN_TABLES},
    {sql_functions, IN_FUNCTIONS},
    {sql_triggers, IN_HOSTS},
    {sql_extensions, IN_EXTENSIONS},
    {sql_unmentioned, IN_SCHEMAS},
};
#define N_CATALOG_STATEMENTS (sizeof catalog_statements / sizeof catalog_statements[0])

static const struct row_kind *row_kind_of(char tag)
{
    for (size_t i = 0; i < sizeof row_kinds / sizeof row_kinds[0]; i++)
        if (row_kinds[i].tag == tag)
            return &row_kinds[i];
    return NULL;
}

static const char *field(const PGresult *res, int row, int col)
{
    return PQgetisnull(res, row, col) ? NULL : PQgetvalue(res, row, col);
}

/* An unmentioned object, described as db_object_describe does; the row
 * past the bound only says that there are more. */
static void add_unmentioned(struct catalog *cat, const PGresult *res, int row)
{
    const struct row_kind *rk = row_kind_of(PQgetvalue(res, row, 4)[0]);
    if (!rk)
        return;
    if (cat->unmentioned_total == UNMENTIONED_NAMED) {
        cat->unmentioned_truncated = 1;
        return;
    }
    cat->unmentioned_total++;
    const char *name = field(res, row, 3);
    struct db_object o = {.kind = rk->kind, .schema = (char *)field(res, row, 1)};
    if (rk->kind == OBJ_TABLE)
        o.table = (char *)name;
    else
        o.name = (char *)name;
    sv_push_owned(&cat->unmentioned, db_object_describe(&o));
}

/* Fills cat from one catalog statement's rows. */
static void catalog_from_rows(const PGresult *res, struct catalog *cat)
{
    for (int i = 0; i < PQntuples(res); i++) {
        char tag = PQgetvalue(res, i, 0)[0];
        if (tag == 'u') {
            add_unmentioned(cat, res, i);
            continue;
        }
        const struct row_kind *rk = row_kind_of(tag);
        if (!rk)
            continue;
        char *attrs = NULL;
        for (int a = 0; a < ROW_ATTRS && rk->keys[a]; a++)
            if (!PQgetisnull(res, i, 4 + a))
                attrs_set(&attrs, rk->keys[a], PQgetvalue(res, i, 4 + a));
        catalog_add_attrs(cat, rk->kind, field(res, i, 1), field(res, i, 2), field(res, i, 3), attrs);
        free(attrs);
    }
}

/* The catalog as read, one debug line per object, for -v and the tests. */
static void log_catalog(const struct catalog *cat)
{
    if (log_max_level() < LOG_DEBUG)
        return;
    for (size_t i = 0; i < cat->n; i++) {
        char *d = db_object_describe(&cat->objs[i]);
        char *attrs = xstrdup(cat->objs[i].attrs ? cat->objs[i].attrs : "");
        for (char *p = attrs; *p; p++)
            if (*p == '\n')
                *p = ' ';
        log_debug("catalog: %s {%s}", d, attrs);
        free(d);
        free(attrs);
    }
    for (size_t i = 0; i < cat->unmentioned.n; i++)
        log_debug("catalog: unmentioned %s", cat->unmentioned.v[i]);
}

/* The statements of the read, sent at once (libpq pipeline mode): one round
 * trip. The version rows are read by name before knowing whether the table
 * exists; when it does not, that statement fails (the server logs it), which
 * only ends the pipeline's first part, and the second closes the
 * transaction either way. */
struct step {
    const char *sql;           /* NULL: a sync point */
    int nparams;
    const Oid *types;          /* NULL: the server infers them */
    const char *const *params;
    PGresult *res;             /* the statement's last result */
};

/* Sends every step, then collects each statement's result. -1 when a signal
 * arrived (the query is then cancelled), else 0: statement errors are in
 * the results, and a lost connection or the deadline leaves them NULL. */
static int pipeline_run(struct db *db, struct step *steps, size_t n, char *err, size_t errlen)
{
    if (!PQenterPipelineMode(db->conn) || PQsetnonblocking(db->conn, 1) != 0) {
        one_line(err, errlen, "", PQerrorMessage(db->conn));
        return 0;
    }
    int sent = 1;
    for (size_t i = 0; i < n && sent; i++)
        sent = steps[i].sql ? PQsendQueryParams(db->conn, steps[i].sql, steps[i].nparams, steps[i].types,
                                                steps[i].params, NULL, NULL, 0)
                            : PQpipelineSync(db->conn);
    int rc = 0;
    if (!sent)
        one_line(err, errlen, "", PQerrorMessage(db->conn));
    else
        rc = flush_output(db);
    for (size_t i = 0; sent && rc == 0 && i < n; i++) {
        PGresult *r;
        for (;;) {
            if ((rc = next_result(db, &r)) < 0)
                break;
            if (!r || !steps[i].sql)
                break;
            PQclear(steps[i].res);
            steps[i].res = r;
        }
        if (!steps[i].sql) {
            PQclear(r);
            if (!r)
                break; /* connection lost */
        }
    }
    /* Past the deadline the results stay NULL and the connection is
     * abandoned: result_status reports the timeout. */
    if (rc == -1)
        snprintf(err, errlen, "cancelled by a signal");
    PQsetnonblocking(db->conn, 0);
    PQexitPipelineMode(db->conn);
    return rc == -1 ? -1 : 0;
}

/* A statement's parameters, with the arrays they own. */
#define MAX_PARAMS 13
struct params {
    int n;
    Oid types[MAX_PARAMS];
    const char *v[MAX_PARAMS];
    char *owned[MAX_PARAMS];
    unsigned inputs; /* the catalog_input bits of the arrays not empty */
};

#define TEXT_ARRAY_OID 1009
#define OID_ARRAY_OID 1028
#define TEXT_OID 25
#define OID_OID 26

static void param_add(struct params *p, Oid type, const char *value, char *owned)
{
    p->types[p->n] = type;
    p->v[p->n] = value;
    p->owned[p->n++] = owned;
}

static void param_add_array(struct params *p, Oid type, const struct strvec *items)
{
    char *a = text_array_literal(items->v, items->n);
    param_add(p, type, a, a);
}

static void params_free(struct params *p)
{
    for (int i = 0; i < p->n; i++)
        free(p->owned[i]);
}

/* The relations the first round trip found, as the second takes them:
 * the oids of all, of those others hang on, of the tables, of the
 * sequences. */
struct found_rels {
    struct strvec all, hosts, tables, sequences;
};

static void found_rels_free(struct found_rels *f)
{
    sv_free(&f->all);
    sv_free(&f->hosts);
    sv_free(&f->tables);
    sv_free(&f->sequences);
}

static void found_rels_add(struct found_rels *f, const char *oid, char relkind)
{
    sv_push(&f->all, oid);
    if (strchr("rpvm", relkind))
        sv_push(&f->hosts, oid);
    if (relkind == 'r' || relkind == 'p')
        sv_push(&f->tables, oid);
    if (relkind == 'S')
        sv_push(&f->sequences, oid);
}

/* The first round trip's: $1 the touched schemas, $2 and $3 the mentioned
 * relations' (schema, name) pairs, $4 and $5 the version table. */
static void scope_params_build(const struct scope *sc, const char *vt_schema, const char *vt_table,
                               struct params *p)
{
    memset(p, 0, sizeof *p);
    param_add_array(p, TEXT_ARRAY_OID, &sc->schemas);
    param_add_array(p, TEXT_ARRAY_OID, &sc->lists[SCOPE_RELATION].schemas);
    param_add_array(p, TEXT_ARRAY_OID, &sc->lists[SCOPE_RELATION].names);
    param_add(p, TEXT_OID, vt_schema, NULL);
    param_add(p, TEXT_OID, vt_table, NULL);
}

/* The second's: $1 the touched schemas, $2..$4 the relations found (all,
 * hosts, tables), $5..$10 the (schema, name) pairs of constraints, types
 * and functions, $11 extensions, $12 the version table's oid, $13 the
 * sequences found. */
static void catalog_params_build(const struct scope *sc, const struct found_rels *f, const char *vt_oid,
                                 struct params *p)
{
    memset(p, 0, sizeof *p);
    const struct { const struct strvec *v; unsigned bit; } inputs[] = {
        {&sc->schemas, IN_SCHEMAS}, {&f->all, IN_ALL}, {&f->hosts, IN_HOSTS}, {&f->tables, IN_TABLES},
        {&sc->lists[SCOPE_CONSTRAINT].names, IN_CONSTRAINTS}, {&sc->lists[SCOPE_TYPE].names, IN_TYPES},
        {&sc->lists[SCOPE_FUNCTION].names, IN_FUNCTIONS}, {&sc->extensions, IN_EXTENSIONS},
        {&f->sequences, IN_SEQUENCES},
    };
    for (size_t i = 0; i < sizeof inputs / sizeof inputs[0]; i++)
        if (inputs[i].v->n)
            p->inputs |= inputs[i].bit;
    param_add_array(p, TEXT_ARRAY_OID, &sc->schemas);
    param_add_array(p, OID_ARRAY_OID, &f->all);
    param_add_array(p, OID_ARRAY_OID, &f->hosts);
    param_add_array(p, OID_ARRAY_OID, &f->tables);
    const enum scope_list by_name[] = {SCOPE_CONSTRAINT, SCOPE_TYPE, SCOPE_FUNCTION};
    for (size_t l = 0; l < sizeof by_name / sizeof by_name[0]; l++) {
        param_add_array(p, TEXT_ARRAY_OID, &sc->lists[by_name[l]].schemas);
        param_add_array(p, TEXT_ARRAY_OID, &sc->lists[by_name[l]].names);
    }
    param_add_array(p, TEXT_ARRAY_OID, &sc->extensions);
    param_add(p, OID_OID, vt_oid, NULL);
    param_add_array(p, OID_ARRAY_OID, &f->sequences);
}

/* The first round trip's rows: objects into cat, the version table's
 * schema and oid, the relations found. */
static void read_scope_rows(const PGresult *res, struct catalog *cat, char **vt_schema, char **vt_oid,
                            struct found_rels *f)
{
    catalog_from_rows(res, cat);
    for (int i = 0; i < PQntuples(res); i++) {
        if (PQgetisnull(res, i, SCOPE_OID_COLUMN))
            continue;
        const char *oid = PQgetvalue(res, i, SCOPE_OID_COLUMN);
        if (PQgetvalue(res, i, 0)[0] == 'V') {
            free(*vt_schema);
            *vt_schema = xstrdup(PQgetvalue(res, i, 1));
            free(*vt_oid);
            *vt_oid = xstrdup(oid);
            continue;
        }
        found_rels_add(f, oid, PQgetvalue(res, i, SCOPE_RELKIND_COLUMN)[0]);
    }
}

/* The version table in the schema the first round trip found it in. */
static char *version_rows_sql(struct db *db, const char *schema, const char *vt_table)
{
    char *q = qualified_name(db, schema, vt_table);
    char *sql = xasprintf("SELECT version_num FROM %s ORDER BY 1", q);
    free(q);
    return sql;
}

static void read_version_rows(const PGresult *res, struct version_record *ver)
{
    ver->table_exists = 1;
    ver->n = (size_t)PQntuples(res);
    ver->rows = xcalloc(ver->n + 1, sizeof *ver->rows);
    for (size_t i = 0; i < ver->n; i++)
        ver->rows[i] = xstrdup(PQgetisnull(res, (int)i, 0) ? "" : PQgetvalue(res, (int)i, 0));
}

/* Every statement of the read looks up a few mentioned objects: index
 * probes answer it in time that follows the scripts. With the catalog's
 * statistics stale or small (a restored dump, a fresh database) the planner
 * may hash-join whole catalogs instead, whose cost grows with the database
 * (seen: sequential scans of pg_class and pg_index for a 57-name scope).
 * Transaction-local (a savepoint under the repair's lock gives the settings
 * back); measured no slower on a small catalog. JIT off: a scan without an
 * index path costs "disabled" (1e10), far past jit_above_cost, and compiling
 * would cost more than the whole read. */
static const char sql_index_probes_only[] =
    "SELECT pg_catalog.set_config('enable_hashjoin', 'off', true), pg_catalog.set_config('enable_mergejoin', 'off', true),"
    " pg_catalog.set_config('enable_seqscan', 'off', true), pg_catalog.set_config('jit', 'off', true)";

/* The read: open, the readiness query, the planner settings, the scope
 * statement, sync; then every catalog statement,
 * the version rows when the table exists, sync, close, sync. One snapshot
 * for the version rows and the catalog; read-only, so a healthy database
 * sees no write at all (no transaction id is assigned). Under the repair's
 * lock the transaction is the caller's, and a savepoint keeps a failed
 * statement from aborting it. */
#define FIRST_STEPS 5
#define READINESS_STEP 1
#define SCOPE_STEP 3
struct read_plan {
    struct step first[FIRST_STEPS];
    struct step second[N_CATALOG_STATEMENTS + 5];
    size_t n_second, version_step, first_close;
};

static size_t add_close(struct step *st, size_t n, int own_txn)
{
    st[n++].sql = own_txn ? "COMMIT" : "ROLLBACK TO SAVEPOINT alembic_gate_read";
    if (!own_txn)
        st[n++].sql = "RELEASE SAVEPOINT alembic_gate_read";
    return n + 1; /* sync */
}

static void read_plan_first(struct read_plan *p, int own_txn, const struct params *sp)
{
    memset(p, 0, sizeof *p);
    p->first[0].sql = own_txn ? "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY" : "SAVEPOINT alembic_gate_read";
    p->first[READINESS_STEP].sql = sql_readiness;
    p->first[2].sql = sql_index_probes_only;
    p->first[SCOPE_STEP] = (struct step){.sql = sql_scope, .nparams = sp->n, .types = sp->types, .params = sp->v};
}

/* The second round trip; `cp` NULL when the first failed: only the close. */
static void read_plan_second(struct read_plan *p, int own_txn, const struct params *cp, const char *version_sql)
{
    struct step *st = p->second;
    size_t n = 0;
    for (size_t i = 0; cp && i < N_CATALOG_STATEMENTS; i++)
        if (catalog_statements[i].needs & cp->inputs)
            st[n++] = (struct step){.sql = catalog_statements[i].sql, .nparams = cp->n, .types = cp->types,
                                    .params = cp->v};
    p->version_step = n;
    if (cp && version_sql)
        st[n++].sql = version_sql;
    if (cp)
        n++; /* sync */
    p->first_close = n;
    p->n_second = add_close(st, n, own_txn);
}

static enum db_result steps_status(struct db *db, const struct step *st, size_t from, size_t to, char *err,
                                   size_t errlen)
{
    enum db_result r = DB_OK;
    for (size_t i = from; i < to && r == DB_OK; i++)
        if (st[i].sql)
            r = result_status(db, st[i].res, NULL, err, errlen);
    return r;
}

/* The catalog and the version rows from the second round trip. */
static enum db_result read_second_results(struct db *db, const struct read_plan *p, const char *vt_table,
                                          const char *found_schema, struct catalog *cat,
                                          struct version_record *ver, char *err, size_t errlen)
{
    enum db_result r = steps_status(db, p->second, 0, p->version_step, err, errlen);
    for (size_t i = 0; i < p->version_step && r == DB_OK; i++)
        catalog_from_rows(p->second[i].res, cat);
    if (r == DB_OK && found_schema) {
        const PGresult *vr = p->second[p->version_step].res;
        if ((r = result_status(db, vr, NULL, err, errlen)) != DB_OK) {
            char inner[512];
            snprintf(inner, sizeof inner, "%s", err);
            snprintf(err, errlen, "reading %s.%s: %s", found_schema, vt_table, inner);
        } else {
            read_version_rows(vr, ver);
        }
    }
    if (r == DB_OK)
        r = steps_status(db, p->second, p->first_close, p->n_second, err, errlen);
    return r;
}

static void steps_clear(struct step *st, size_t n)
{
    for (size_t i = 0; i < n; i++)
        PQclear(st[i].res);
}

/* The first round trip's answers: the server ready and a primary, the
 * default schema known. */
static enum db_result first_results(struct db *db, const struct read_plan *p, char *err, size_t errlen)
{
    enum db_result r = steps_status(db, p->first, 0, FIRST_STEPS - 1, err, errlen);
    if (r == DB_OK)
        r = readiness_row(db, p->first[READINESS_STEP].res, err, errlen);
    if (r == DB_OK && !db->current_schema) {
        snprintf(err, errlen, "%s", no_current_schema);
        r = DB_REFUSED;
    }
    return r;
}

enum db_result db_read_state(struct db *db, const char *vt_schema, const char *vt_table,
                             const struct scope *sc, struct catalog *cat, struct version_record *ver,
                             char *err, size_t errlen)
{
    memset(ver, 0, sizeof *ver);
    int own_txn = !db->in_txn;
    struct params sp, cp = {0};
    scope_params_build(sc, vt_schema, vt_table, &sp);
    struct read_plan plan;
    read_plan_first(&plan, own_txn, &sp);
    struct found_rels found = {0};
    struct scope resolved = {0};
    char *found_schema = NULL, *vt_oid = NULL, *version_sql = NULL;
    /* Until the readiness query has answered, this is the readiness probe:
     * a pooler that cannot reach its server holds it no longer than the
     * connection attempt's bound, and the wait tries again. */
    long long saved_deadline = db->deadline_ms;
    if (db->ready_deadline_ms > 0 && (db->deadline_ms <= 0 || db->ready_deadline_ms < db->deadline_ms))
        db->deadline_ms = db->ready_deadline_ms;
    int cancelled = pipeline_run(db, plan.first, FIRST_STEPS, err, errlen);
    db->deadline_ms = saved_deadline;
    if (cancelled) {
        steps_clear(plan.first, FIRST_STEPS);
        params_free(&sp);
        return DB_CANCELLED;
    }
    enum db_result r = first_results(db, &plan, err, errlen);
    if (r == DB_OK) {
        read_scope_rows(plan.first[SCOPE_STEP].res, cat, &found_schema, &vt_oid, &found);
        scope_resolve_default(sc, db->current_schema, &resolved);
        catalog_params_build(&resolved, &found, vt_oid, &cp);
        if (found_schema)
            version_sql = version_rows_sql(db, found_schema, vt_table);
    }
    if (r == DB_OK || (plan.first[0].res && plan.first[SCOPE_STEP].res)) {
        /* After a statement error the transaction still needs its close;
         * the error stays the one reported. */
        read_plan_second(&plan, own_txn, r == DB_OK ? &cp : NULL, version_sql);
        if (pipeline_run(db, plan.second, plan.n_second, err, errlen) != 0)
            r = DB_CANCELLED;
        else if (r == DB_OK)
            r = read_second_results(db, &plan, vt_table, found_schema, cat, ver, err, errlen);
    }
    if (r == DB_OK) {
        log_catalog(cat);
        log_debug("catalog: %zu objects read, %zu%s unmentioned counted in %zu schema%s; version table %s",
                  cat->n, cat->unmentioned_total, cat->unmentioned_truncated ? "+" : "", resolved.schemas.n,
                  resolved.schemas.n == 1 ? "" : "s", found_schema ? "present" : "missing");
    } else {
        version_record_free(ver);
        catalog_free(cat);
    }
    steps_clear(plan.first, FIRST_STEPS);
    steps_clear(plan.second, plan.n_second);
    free(found_schema);
    free(vt_oid);
    free(version_sql);
    found_rels_free(&found);
    scope_free(&resolved);
    params_free(&sp);
    params_free(&cp);
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

/* set_config(name, value, is_local => true): for this transaction only, so
 * behind a transaction pooler nothing leaks into the next client's session. */
static enum db_result set_local(struct db *db, const char *name, const char *value, char *err,
                                size_t errlen)
{
    const char *p[2] = {name, value};
    PGresult *res = NULL;
    enum db_result r = run_query(db, "SELECT pg_catalog.set_config($1, $2, true)", 2, p, &res, NULL, err,
                                 errlen);
    PQclear(res);
    return r;
}

/* Inside an open transaction: pg_advisory_xact_lock(key) under lock_timeout
 * = timeout_s, all on the one server connection the transaction pins (also
 * behind a transaction pooler), the operator's lock_timeout back for what
 * follows. The client waits at most timeout_s + --connect-timeout, in case
 * the server vanishes while the lock is awaited. A session that dies while
 * it waits lets the server drop the wait at once (client_connection_check_interval,
 * PostgreSQL 14+). timeout 0: do not wait. */
static enum db_result take_xact_lock(struct db *db, int64_t key, long timeout_s, char *err, size_t errlen)
{
    char keytxt[32], timeout_txt[32];
    snprintf(keytxt, sizeof keytxt, "%" PRId64, key);
    snprintf(timeout_txt, sizeof timeout_txt, "%lds", timeout_s);
    char *saved = NULL;
    enum db_result r = query_one_value(db, "SELECT current_setting('lock_timeout')", 0, NULL, &saved,
                                       err, errlen);
    if (r == DB_OK && PQserverVersion(db->conn) >= 140000)
        r = set_local(db, "client_connection_check_interval", "1s", err, errlen);
    if (r == DB_OK && timeout_s > 0)
        r = set_local(db, "lock_timeout", timeout_txt, err, errlen);
    const char *p_key[1] = {keytxt};
    PGresult *res = NULL;
    char sqlstate[6] = "";
    long long saved_deadline = db->deadline_ms;
    db->deadline_ms = now_ms() + (timeout_s + db->attempt_timeout_s) * 1000LL;
    if (r == DB_OK && timeout_s > 0) {
        r = run_query(db, "SELECT pg_advisory_xact_lock($1::bigint)", 1, p_key, &res, sqlstate, err, errlen);
    } else if (r == DB_OK) {
        r = run_query(db, "SELECT pg_try_advisory_xact_lock($1::bigint)", 1, p_key, &res, sqlstate, err,
                      errlen);
        if (r == DB_OK && strcmp(PQgetvalue(res, 0, 0), "t") != 0) {
            snprintf(err, errlen, "advisory lock %s is held by another session (--lock-timeout 0)", keytxt);
            r = DB_REFUSED;
        }
    }
    db->deadline_ms = saved_deadline;
    PQclear(res);
    if (r == DB_REFUSED && strcmp(sqlstate, "55P03") == 0)
        snprintf(err, errlen, "advisory lock %s not acquired within %lds (--lock-timeout): another gate or "
                 "migration holds it", keytxt, timeout_s);
    if (r == DB_OK && timeout_s > 0)
        r = set_local(db, "lock_timeout", saved, err, errlen);
    free(saved);
    return r;
}

enum db_result db_begin(struct db *db, char *err, size_t errlen)
{
    enum db_result r = exec_simple(db, "BEGIN ISOLATION LEVEL READ COMMITTED", err, errlen);
    if (r == DB_OK)
        db->in_txn = 1;
    return r;
}

enum db_result db_begin_locked(struct db *db, int64_t key, long lock_timeout_s, char *err, size_t errlen)
{
    enum db_result r = db_begin(db, err, errlen);
    if (r == DB_OK && (r = take_xact_lock(db, key, lock_timeout_s, err, errlen)) != DB_OK)
        db_rollback(db);
    return r;
}

enum db_result db_hold_lock(struct db *db, int64_t key, long lock_timeout_s, char *err, size_t errlen)
{
    enum db_result r = db_begin(db, err, errlen);
    if (r != DB_OK) {
        if (strstr(err, "transaction blocks not allowed")) {
            char inner[256];
            snprintf(inner, sizeof inner, "%s", err);
            snprintf(err, errlen, "%s: --hold-lock needs a transaction, which statement pooling does not "
                     "allow; connect directly or through a session or transaction pool", inner);
        }
        return r;
    }
    r = take_xact_lock(db, key, lock_timeout_s, err, errlen);
    /* The session stays idle in this transaction while the command runs.
     * A utility statement last: the unnamed portal of a SELECT would keep
     * its snapshot, and so an xmin that holds back vacuum, until COMMIT. */
    if (r == DB_OK)
        r = exec_simple(db, "SET LOCAL idle_in_transaction_session_timeout = 0", err, errlen);
    if (r != DB_OK)
        db_rollback(db);
    return r;
}

enum db_result db_release(struct db *db, char *err, size_t errlen)
{
    if (!db->in_txn)
        return DB_OK;
    /* Whatever signals the supervisor saw (SIGCHLD at least), the lock is
     * released now, within a bound. */
    db->cancel_fd = -1;
    db->deadline_ms = now_ms() + db->attempt_timeout_s * 1000LL;
    return db_commit(db, err, errlen);
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
        if (r == DB_OK)
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

int db_plaintext_tcp(struct db *db)
{
    const char *host = PQhost(db->conn);
    int local = !host || !*host || host[0] == '/' || host[0] == '@';
    return !local && !PQsslInUse(db->conn) && !PQgssEncInUse(db->conn);
}
