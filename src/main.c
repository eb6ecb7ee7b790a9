/* alembic-gate: wait for PostgreSQL, work out which Alembic revision the
 * schema is really at, repair alembic_version under an advisory lock, write
 * a status file, exec the real command.
 *
 * main() is the phases of SPEC section 1, in order. Each phase either moves
 * the run forward or sets its outcome and exit code; the status file is
 * written whatever happened, then the command is exec'd when the outcome is
 * ready (or --on-error continue says to go on anyway). */
#include <errno.h>
#include <stdarg.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "config.h"
#include "db.h"
#include "exitcode.h"
#include "explain.h"
#include "graph.h"
#include "infer.h"
#include "log.h"
#include "proc.h"
#include "scope.h"
#include "script.h"
#include "show.h"
#include "status.h"
#include "util.h"
#include "wait.h"

struct run {
    struct settings s;
    struct gate_config cfg;
    int cancel_fd;
    struct db *db;
    struct db *hold; /* --hold-lock: the connection whose open transaction holds the lock */
    char repair_retry_reason[1200]; /* why the last repair is being tried again */
    struct wait_result wait;
    struct script_set scripts;
    struct graph graph;
    char *default_schema;
    struct catalog cat;
    struct version_record ver;
    struct diagnosis diag;
    int diagnosed;
    int64_t lock_key;
    int lock_key_known;
    struct status_target status;

    /* What the status file and the exit say. */
    const char *outcome;
    const char *action;
    struct strvec before;
    struct strvec after;
    struct strvec heads;
    char message[1024];
    int exit_code;
    long long started_ms;
    int scripts_read, scripts_rc; /* phase 3's reading, done (maybe while connecting), and its outcome */
    int graph_built;              /* graph holds memory */
    char scripts_err[1024];
    long long scripts_us;  /* phase timings, for the debug log and bench/ */
    long long inspect_us;
    long long diagnose_us;
};

static const char *env_get(const char *name)
{
    return getenv(name);
}

static void set_failure(struct run *r, const char *outcome, int code, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

static void set_failure(struct run *r, const char *outcome, int code, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(r->message, sizeof r->message, fmt, ap);
    va_end(ap);
    r->outcome = outcome;
    r->exit_code = code;
    log_error("%s", r->message);
}

/* A signal that ended a phase: exit 128+N, status file still written. */
static int stopped_by_signal(struct run *r)
{
    int sig = proc_pending_signal();
    if (!sig)
        return 0;
    set_failure(r, "error", EXIT_SIGNAL_BASE + sig, "stopped by signal %d (%s) before the command ran",
                sig, strsignal(sig));
    return 1;
}

static int db_failure(struct run *r, enum db_result res, const char *what, const char *err)
{
    if (res == DB_CANCELLED || stopped_by_signal(r)) {
        if (!proc_pending_signal())
            set_failure(r, "error", EXIT_SIGNAL_BASE + 15, "%s: cancelled", what);
        else
            stopped_by_signal(r);
        return r->exit_code;
    }
    set_failure(r, "error", res == DB_CONFIG ? EXIT_CONFIG : EXIT_DB_REFUSED, "%s: %s", what, err);
    return r->exit_code;
}

/* Phase 1: flags, environment, alembic.ini. */
static int phase_configure(struct run *r)
{
    char err[1024];
    int need_db = r->s.command == CMD_GATE ? 1 : r->s.command == CMD_EXPLAIN ? CONFIG_DATABASE_OPTIONAL : 0;
    int rc = config_resolve(&r->s, env_get, need_db, &r->cfg, err, sizeof err);
    if (rc != 0) {
        set_failure(r, "error", rc, "%s", err);
        return rc;
    }
    log_config_origin(&r->cfg, r->s.command == CMD_GATE ? LOG_INFO : LOG_DEBUG);
    return 0;
}

/* libpq's default sslmode is prefer: a server (or a man in the middle)
 * without TLS silently gets the password exchange and the session in
 * plaintext. An explicit sslmode, anywhere libpq reads one, is the
 * operator's decision and is not second-guessed. */
static void warn_if_plaintext(struct run *r)
{
    static const char *const sslmode_sources[] = {"PGSSLMODE", "PGREQUIRESSL", "PGSERVICE", "PGSERVICEFILE"};
    if (conninfo_get(&r->cfg.conn, "sslmode") || conninfo_get(&r->cfg.conn, "requiressl") ||
        conninfo_get(&r->cfg.conn, "service") || !db_plaintext_tcp(r->db))
        return;
    for (size_t i = 0; i < sizeof sslmode_sources / sizeof sslmode_sources[0]; i++) {
        const char *v = env_get(sslmode_sources[i]);
        if (v && *v)
            return;
    }
    log_warn("the connection to the database is not encrypted: the server offered no TLS and sslmode was "
             "not set (libpq's default 'prefer' falls back to plaintext); set sslmode=require or verify-full, "
             "or sslmode=disable to accept plaintext");
}

static int unreachable(struct run *r)
{
    char why[1100];
    wait_describe(&r->wait, why, sizeof why);
    set_failure(r, "unreachable", EXIT_UNREACHABLE, "database not reachable within %lds after %d attempts: %s",
                r->s.wait_timeout_s, r->wait.attempts, why);
    return r->exit_code;
}

/* The status file names the host a multi-host URL actually led to. */
static void note_endpoint(struct run *r)
{
    const char *host = db_host(r->db), *port = db_port(r->db);
    if (host && *host) {
        free(r->cfg.summary.host);
        r->cfg.summary.host = xstrdup(host);
    }
    if (port && *port) {
        free(r->cfg.summary.port);
        r->cfg.summary.port = xstrdup(port);
    }
}

static int connect_main(struct run *r)
{
    /* No readiness query of its own: the catalog read's first round trip
     * is it (issue 18: two round trips before the decision). */
    enum db_result res = wait_for_database(&r->cfg.conn, &r->s, r->cancel_fd, 0, &r->db, &r->wait);
    if (res == DB_RETRY)
        return unreachable(r);
    if (res != DB_OK)
        return db_failure(r, res, "cannot connect", r->wait.last_error);
    note_endpoint(r);
    log_info("connected to %s:%s after %d attempt%s", r->cfg.summary.host ? r->cfg.summary.host : "?",
             r->cfg.summary.port ? r->cfg.summary.port : "?", r->wait.attempts,
             r->wait.attempts == 1 ? "" : "s");
    return 0;
}

/* The scripts and their graph, the outcome kept for phase 3 to report. */
static void read_scripts(struct run *r)
{
    long long t0 = now_us();
    r->scripts_read = 1;
    r->scripts_rc = scripts_load(r->cfg.version_locations, r->cfg.n_version_locations,
                                 r->cfg.recursive_version_locations, &r->scripts, r->scripts_err,
                                 sizeof r->scripts_err);
    if (r->scripts_rc == 0)
        r->scripts_rc = graph_build(&r->scripts, r->s.allow_multiple_heads, REVISION_ID_MAX, &r->graph,
                                    r->scripts_err, sizeof r->scripts_err);
    r->graph_built = r->scripts_rc == 0;
    r->scripts_us = now_us() - t0;
}

/* Phase 2's first connection attempt runs it while the server starts a
 * backend (issue 18: at 100 revisions the reading takes about as long as
 * a backend's start); phase 3 reports it, as if read then. */
static void read_scripts_while_connecting(void *arg)
{
    read_scripts(arg);
}

/* Phase 2: wait for PostgreSQL. */
static int phase_wait(struct run *r)
{
    const struct conn_summary *cs = &r->cfg.summary;
    log_info("waiting for PostgreSQL at %s:%s database %s as %s (timeout %lds)",
             cs->host ? cs->host : "(libpq default)", cs->port ? cs->port : "(default)",
             cs->dbname ? cs->dbname : "(default)", cs->user ? cs->user : "(default)",
             r->s.wait_timeout_s);
    wait_begin(&r->wait, &r->s);
    r->wait.while_connecting = (struct db_idle){read_scripts_while_connecting, r};
    int rc = connect_main(r);
    if (rc == 0)
        warn_if_plaintext(r);
    return rc;
}

/* Phase 3: the migration scripts and their graph, without Python. */
static int phase_load_scripts(struct run *r)
{
    if (!r->scripts_read)
        read_scripts(r);
    int rc = r->scripts_rc;
    if (rc != 0) {
        set_failure(r, "error", rc, "%s", r->scripts_err);
        return rc;
    }
    for (size_t i = 0; i < r->graph.n_heads; i++)
        sv_push(&r->heads, r->scripts.revs[r->graph.heads[i]].id);
    log_msg(r->s.command == CMD_GATE ? LOG_INFO : LOG_DEBUG, "read %zu revision%s, head%s: %s", r->graph.n, r->graph.n == 1 ? "" : "s",
             r->graph.n_heads == 1 ? "" : "s", r->graph.n_heads ? r->heads.v[0] : "(none)");
    return 0;
}

/* Phase 4: the version table and the live catalog. */
static enum db_result read_database_state(struct run *r, char *err, size_t errlen)
{
    catalog_free(&r->cat);
    version_record_free(&r->ver);
    struct scope sc;
    scope_compute(&r->graph, SCOPE_DEFAULT_SCHEMA, &sc);
    enum db_result res = db_read_state(r->db, r->s.version_table_schema, r->s.version_table, &sc,
                                       &r->cat, &r->ver, err, errlen);
    scope_free(&sc);
    free(r->default_schema);
    r->default_schema = NULL;
    if (res == DB_OK)
        res = db_current_schema(r->db, &r->default_schema, err, errlen);
    if (res == DB_OK)
        r->cat.default_schema = xstrdup(r->default_schema);
    return res;
}

/* --hold-lock: a second connection, whose transaction takes the lock and
 * stays open while the command runs (db_hold_lock), before the diagnosis, so
 * the whole diagnose-repair-command sequence of one replica excludes the
 * others, through a transaction pooler too. */
static enum db_result hold_lock(struct run *r, const char **what, char *err, size_t errlen)
{
    *what = "connecting for --hold-lock";
    enum db_result res = wait_for_database(&r->cfg.conn, &r->s, r->cancel_fd, 1, &r->hold, &r->wait);
    if (res != DB_OK) {
        snprintf(err, errlen, "%s", r->wait.last_error);
        return res;
    }
    db_set_deadline(r->hold, wait_query_deadline(&r->wait, &r->s));
    *what = "computing the advisory-lock key";
    if (r->s.lock_key_set)
        r->lock_key = r->s.lock_key;
    else if ((res = db_lock_key(r->hold, r->s.version_table_schema, r->s.version_table, &r->lock_key, err,
                                errlen)) != DB_OK)
        return res;
    r->lock_key_known = 1;
    log_info("--hold-lock: taking advisory lock %" PRId64 " until the command exits (waiting at most %lds)",
             r->lock_key, r->s.lock_timeout_s);
    *what = "taking the advisory lock for --hold-lock";
    res = db_hold_lock(r->hold, r->lock_key, r->s.lock_timeout_s, err, errlen);
    db_set_deadline(r->hold, 0);
    return res;
}

/* The reads before the decision, on the main connection, each bounded by
 * the deadline. */
static enum db_result inspect_once(struct run *r, const char **what, char *err, size_t errlen)
{
    if (r->s.hold_lock && r->s.init && !r->s.check_only && !r->hold) {
        enum db_result res = hold_lock(r, what, err, errlen);
        if (res != DB_OK)
            return res;
    }
    db_set_deadline(r->db, wait_query_deadline(&r->wait, &r->s));
    *what = "reading the catalog";
    enum db_result res = read_database_state(r, err, errlen);
    db_set_deadline(r->db, 0);
    return res;
}

/* Phase 4, retried from a new connection after every failure that waiting
 * could cure (connection lost, server restarting, a pooler's login retry, a
 * failover) until the deadline. */
static int phase_inspect(struct run *r)
{
    char err[1024];
    long long t0 = now_us();
    for (;;) {
        const char *what = "";
        enum db_result res = inspect_once(r, &what, err, sizeof err);
        if (res == DB_OK)
            break;
        if (res != DB_RETRY)
            return db_failure(r, res, what, err);
        char reason[1200];
        snprintf(reason, sizeof reason, "%s: %s", what, err);
        db_close(r->db);
        db_close(r->hold);
        r->db = r->hold = NULL;
        res = wait_backoff(&r->wait, &r->s, reason);
        if (res == DB_OK && connect_main(r))
            return r->exit_code;
        if (res == DB_RETRY)
            return unreachable(r);
        if (res != DB_OK)
            return db_failure(r, res, what, err);
    }
    sv_free(&r->before);
    for (size_t i = 0; i < r->ver.n; i++)
        sv_push(&r->before, r->ver.rows[i]);
    r->inspect_us = now_us() - t0;
    log_info("version table %s%s%s: %s", r->s.version_table_schema ? r->s.version_table_schema : "",
             r->s.version_table_schema ? "." : "", r->s.version_table,
             !r->ver.table_exists ? "missing" : r->ver.n == 0 ? "empty" : r->ver.rows[0]);
    return 0;
}

/* Phase 5: the state, and the plan. under_lock: decided again under the
 * advisory lock, just before the write, so a stamp in the message is done. */
static int diagnose(struct run *r, int under_lock)
{
    char err[1024];
    struct infer_options opt = {
        .on_ambiguous = r->s.on_ambiguous,
        .assume_revisions = r->s.assume_revisions,
        .n_assume_revisions = r->s.n_assume_revisions,
        .stamp_verb = r->s.check_only ? "would stamp" : under_lock ? "stamped" : "will stamp",
    };
    if (r->diagnosed)
        diagnosis_free(&r->diag);
    int rc = infer_diagnose(&r->graph, &r->cat, &r->ver, &opt, &r->diag, err, sizeof err);
    if (rc != 0) {
        set_failure(r, "error", rc, "%s", err);
        return rc;
    }
    r->diagnosed = 1;
    return 0;
}

static void log_diagnosis(const struct run *r)
{
    const struct diagnosis *d = &r->diag;
    for (size_t i = 0; i < d->supporting.n; i++)
        log_debug("evidence: %s", d->supporting.v[i]);
    for (size_t i = 0; i < d->contradicting.n; i++) {
        if (d->state == STATE_DRIFT)
            log_warn("drift: %s", d->contradicting.v[i]);
        else
            log_info("contradicts: %s", d->contradicting.v[i]);
    }
    if (d->extra_more)
        log_info("more than %zu objects no migration mentions (ignored for the match; the count stops there "
                 "so that the read does not grow with the database)", d->extra_total);
    else if (d->extra_total)
        log_info("%zu object%s no migration mentions (ignored for the match)", d->extra_total,
                 d->extra_total == 1 ? "" : "s");
    for (size_t i = 0; i < d->uncertain.n; i++)
        log_debug("uncertain: %s", d->uncertain.v[i]);
    if (d->uncertain_total > d->uncertain.n)
        log_info("%zu objects the model cannot decide (never counted against a revision; the first %zu listed)",
                 d->uncertain_total, d->uncertain.n);
    else if (d->uncertain.n)
        log_info("%zu object%s the model cannot decide (never counted against a revision)",
                 d->uncertain.n, d->uncertain.n == 1 ? "" : "s");
    struct log_field f[] = {{"state", gate_state_name(d->state)}};
    enum log_level level = d->exit_code ? LOG_ERROR : d->state == STATE_DRIFT ? LOG_WARN : LOG_INFO;
    log_fields(level, f, 1, "%s", d->message);
}

/* The outcome, action, message and exit code that a diagnosis gives; shared
 * by the first diagnosis and the one repeated under the lock. rows_after is
 * what the version table holds once this run is over. */
static int apply_diagnosis(struct run *r, const struct strvec *rows_now)
{
    const struct diagnosis *d = &r->diag;
    snprintf(r->message, sizeof r->message, "%s", d->message);
    r->action = d->stamp ? "stamp" : "none";
    r->exit_code = 0;
    sv_free(&r->after);
    const struct strvec *after = d->stamp && !r->s.check_only ? &d->stamp_revs : rows_now;
    for (size_t i = 0; i < after->n; i++)
        sv_push(&r->after, after->v[i]);
    switch (d->state) {
    case STATE_FRESH:
        r->outcome = "fresh";
        break;
    case STATE_HEALTHY:
        r->outcome = "healthy";
        break;
    case STATE_DRIFT:
        r->outcome = "healthy";
        if (r->s.on_drift == DRIFT_FAIL) {
            r->outcome = "needs_human";
            r->exit_code = EXIT_NEEDS_HUMAN;
            snprintf(r->message, sizeof r->message, "%s; --on-drift fail", d->message);
        }
        break;
    case STATE_AHEAD:
        r->outcome = "ahead";
        if (r->s.on_ahead == AHEAD_FAIL) {
            r->outcome = "needs_human";
            r->exit_code = EXIT_NEEDS_HUMAN;
            snprintf(r->message, sizeof r->message, "%s; --on-ahead fail", d->message);
        }
        break;
    default:
        if (!d->stamp) {
            r->outcome = "needs_human";
            r->exit_code = d->exit_code ? d->exit_code : EXIT_NEEDS_HUMAN;
        } else if (r->s.check_only) {
            r->outcome = "would_repair";
            r->exit_code = EXIT_WOULD_REPAIR;
        } else {
            r->outcome = "repaired";
        }
    }
    return r->exit_code;
}

static int phase_diagnose(struct run *r)
{
    long long t0 = now_us();
    int rc = diagnose(r, 0);
    r->diagnose_us = now_us() - t0;
    log_debug("timing: scripts+graph %.3f ms, catalog %.3f ms, diagnosis %.3f ms", r->scripts_us / 1000.0,
              r->inspect_us / 1000.0, r->diagnose_us / 1000.0);
    if (rc)
        return rc;
    log_diagnosis(r);
    return apply_diagnosis(r, &r->before);
}

/* The advisory-lock key of every lock the gate takes: --lock-key /
 * ALEMBIC_GATE_LOCK_KEY when given, else derived by the server from the
 * version table's qualified name. */
static int ensure_lock_key(struct run *r)
{
    char err[1024];
    if (r->lock_key_known)
        return 0;
    if (r->s.lock_key_set) {
        r->lock_key = r->s.lock_key;
        r->lock_key_known = 1;
        return 0;
    }
    enum db_result res = db_lock_key(r->db, r->s.version_table_schema, r->s.version_table, &r->lock_key, err,
                                     sizeof err);
    if (res != DB_OK)
        return db_failure(r, res, "computing the advisory-lock key", err);
    r->lock_key_known = 1;
    return 0;
}

/* phase_repair's answer when the connection was lost or the server went
 * away mid-repair: the transaction did not commit (or, lost during COMMIT,
 * may have; the next diagnosis sees which), and waiting may cure it. */
#define REPAIR_AGAIN (-1)

/* A failure of the repair's transaction: REPAIR_AGAIN when waiting could
 * cure it, with the reason kept for the wait; else the exit code. */
static int repair_failure(struct run *r, enum db_result res, const char *what, const char *err)
{
    if (res != DB_RETRY || stopped_by_signal(r))
        return db_failure(r, res, what, err);
    snprintf(r->repair_retry_reason, sizeof r->repair_retry_reason, "%s: %s", what, err);
    log_warn("%s: %s; nothing was written, trying again within --wait-timeout", what, err);
    return REPAIR_AGAIN;
}

/* After REPAIR_AGAIN: new connections once the backoff allows, then the
 * reads and the decision again, as a new start would make them. */
static int repair_again(struct run *r)
{
    db_close(r->db);
    db_close(r->hold);
    r->db = r->hold = NULL;
    enum db_result res = wait_backoff(&r->wait, &r->s, r->repair_retry_reason);
    if (res == DB_RETRY)
        return unreachable(r);
    if (res != DB_OK)
        return db_failure(r, res, "waiting to retry the repair", r->repair_retry_reason);
    if (connect_main(r) || phase_inspect(r) || phase_diagnose(r))
        return r->exit_code;
    return 0;
}

/* Phase 6: the one write, under the advisory lock, in one transaction. */
static int phase_repair(struct run *r)
{
    char err[1024];
    enum db_result res;
    if (ensure_lock_key(r))
        return r->exit_code;
    if (r->hold) {
        res = db_begin(r->db, err, sizeof err); /* the lock is held already, on r->hold */
    } else {
        log_info("taking advisory lock %" PRId64 " (waiting at most %lds)", r->lock_key, r->s.lock_timeout_s);
        res = db_begin_locked(r->db, r->lock_key, r->s.lock_timeout_s, err, sizeof err);
    }
    if (res != DB_OK)
        return repair_failure(r, res, "taking the advisory lock", err);

    /* Another replica may have repaired while this one waited: decide again. */
    res = read_database_state(r, err, sizeof err);
    int rc = res == DB_OK ? 0 : repair_failure(r, res, "reading the catalog", err);
    if (rc == 0)
        rc = diagnose(r, 1);
    if (rc) {
        db_rollback(r->db);
        return rc;
    }
    /* The rows as they are under the lock are the ones this write replaces. */
    sv_free(&r->before);
    for (size_t i = 0; i < r->ver.n; i++)
        sv_push(&r->before, r->ver.rows[i]);
    if (!r->diag.stamp) {
        db_rollback(r->db);
        log_diagnosis(r);
        log_info("state is %s under the lock: another gate got there first; nothing written",
                 gate_state_name(r->diag.state));
        return apply_diagnosis(r, &r->before);
    }
    res = db_write_version(r->db, r->s.version_table_schema, r->s.version_table, r->diag.stamp_revs.v,
                           r->diag.stamp_revs.n, err, sizeof err);
    if (res == DB_OK)
        res = db_commit(r->db, err, sizeof err);
    if (res != DB_OK) {
        db_rollback(r->db);
        return repair_failure(r, res, "writing the version table (rolled back, nothing changed)", err);
    }
    struct strbuf b = {0}, a = {0};
    for (size_t i = 0; i < r->before.n; i++)
        sb_appendf(&b, "%s%s", i ? "," : "", r->before.v[i]);
    for (size_t i = 0; i < r->diag.stamp_revs.n; i++)
        sb_appendf(&a, "%s%s", i ? "," : "", r->diag.stamp_revs.v[i]);
    struct log_field f[] = {{"before", b.s ? b.s : ""}, {"after", a.s ? a.s : ""}};
    log_fields(LOG_INFO, f, 2, "repaired %s: version rows [%s] -> [%s]", r->s.version_table,
               b.s ? b.s : "", a.s ? a.s : "");
    sb_free(&b);
    sb_free(&a);
    return apply_diagnosis(r, &r->before);
}

/* Phase 7: the status file. */
static void phase_report(struct run *r)
{
    char key[32];
    if (r->lock_key_known)
        snprintf(key, sizeof key, "%" PRId64, r->lock_key);
    struct status_report rep = {
        .ready = r->exit_code == 0,
        .outcome = r->outcome ? r->outcome : "error",
        .state = r->diagnosed ? gate_state_name(r->diag.state)
                 : (r->exit_code == EXIT_INVALID_SCRIPTS ? "invalid_scripts" : NULL),
        .action = r->action ? r->action : "none",
        .check_only = r->s.check_only,
        .revisions_before = &r->before,
        .revisions_after = &r->after,
        .script_heads = &r->heads,
        .pending = r->diagnosed ? r->diag.pending : -1,
        .candidates = r->diagnosed ? r->diag.candidates : NULL,
        .n_candidates = r->diagnosed ? r->diag.n_candidates : 0,
        .extra_objects = r->diagnosed ? &r->diag.extra : NULL,
        .extra_objects_total = r->diagnosed ? (long)r->diag.extra_total : -1,
        .extra_objects_more = r->diagnosed && r->diag.extra_more,
        .contradicting = r->diagnosed ? &r->diag.contradicting : NULL,
        .drift = r->diagnosed && r->diag.state == STATE_DRIFT ? &r->diag.contradicting : NULL,
        .uncertain = r->diagnosed ? &r->diag.uncertain : NULL,
        .message = r->message,
        .config_file = r->cfg.origin_file,
        .config_section = r->cfg.origin_section,
        .script_location = r->cfg.script_location,
        .database = &r->cfg.summary,
        .lock_key = r->lock_key_known ? key : NULL,
        .attempts = r->wait.attempts,
        .started_at_ms = r->started_ms,
        .finished_at_ms = wall_ms(),
        .exit_code = r->exit_code,
    };
    if (r->status.dirfd < 0)
        return;
    char err[512];
    if (status_write_to(&r->status, &rep, err, sizeof err) != 0)
        log_warn("%s", err);
    else
        log_debug("status written to %s", r->s.status_file);
}

/* Phase 8: exec the command, or supervise it (--init). */
static int phase_exec(struct run *r)
{
    if (r->exit_code != 0) {
        if (r->s.on_error != ONERROR_CONTINUE || r->exit_code == EXIT_USAGE ||
            r->exit_code == EXIT_CONFIG || r->exit_code >= EXIT_SIGNAL_BASE)
            return r->exit_code;
        log_warn("--on-error continue: running the command although the gate failed (exit %d)",
                 r->exit_code);
    }
    if (!r->s.command_argv)
        return r->exit_code;
    if (!r->s.init) {
        db_close(r->db);
        r->db = NULL;
        log_info("exec %s", r->s.command_argv[0]);
        return proc_exec(r->s.command_argv);
    }
    int lost = 0;
    struct db *hold = r->hold;
    db_close(r->db);
    r->db = NULL;
    log_info("running %s under --init%s", r->s.command_argv[0], hold ? " holding the advisory lock" : "");
    int rc = proc_supervise(r->s.command_argv, hold ? db_socket(hold) : -1,
                            hold ? (int (*)(void *))db_alive : NULL, hold, &lost);
    if (lost) {
        log_error("lost the database connection that held the advisory lock; the command was sent SIGTERM");
        return EXIT_DB_REFUSED;
    }
    if (hold) {
        char err[512];
        if (db_release(hold, err, sizeof err) == DB_OK)
            log_info("--hold-lock: advisory lock %" PRId64 " released", r->lock_key);
        else
            log_warn("--hold-lock: releasing the advisory lock: %s (the server releases it as the "
                     "connection closes)", err);
    }
    return rc;
}

static void run_free(struct run *r)
{
    db_close(r->db);
    db_rollback(r->hold); /* the gate failed before the command: release, do not leave it to a pooler */
    db_close(r->hold);
    status_target_close(&r->status);
    if (r->diagnosed)
        diagnosis_free(&r->diag);
    catalog_free(&r->cat);
    version_record_free(&r->ver);
    if (r->graph_built)
        graph_free(&r->graph);
    script_set_free(&r->scripts);
    free(r->default_schema);
    sv_free(&r->before);
    sv_free(&r->after);
    sv_free(&r->heads);
    gate_config_free(&r->cfg);
    settings_free(&r->s);
}

static int run_listing(struct run *r)
{
    if (phase_configure(r) || phase_load_scripts(r))
        return r->exit_code;
    if (r->s.command == CMD_HEADS)
        show_heads(stdout, &r->graph);
    else
        show_history(stdout, &r->graph);
    return fflush(stdout) == 0 ? 0 : EXIT_CONFIG;
}

/* explain: the scripts as the gate reads them; with database settings, the
 * gate's own wait, catalog read and diagnosis (nothing is written). */
static int run_explain(struct run *r)
{
    if (phase_configure(r) || phase_load_scripts(r))
        return r->exit_code;
    if (r->cfg.database_set) {
        r->cancel_fd = proc_signals_install();
        if (phase_wait(r) || phase_inspect(r) || diagnose(r, 0)) {
            stopped_by_signal(r);
            return r->exit_code;
        }
    }
    struct explain_options opt = {r->s.explain_unobservable, r->s.explain_json == 1};
    size_t unobservable = explain_write(stdout, &r->graph, r->diagnosed ? &r->cat : NULL,
                                        r->diagnosed ? &r->diag : NULL, &opt);
    if (fflush(stdout) != 0)
        return EXIT_CONFIG;
    return opt.unobservable_only && unobservable ? 1 : 0;
}

int main(int argc, char **argv)
{
    static struct run r;
    char err[1024];
    r.started_ms = wall_ms();
    r.status.dirfd = -1;
    /* Before anything reads a secret: no core dump can hold one, and a
     * closed 0, 1 or 2 cannot become the database socket. */
    proc_harden();

    int rc = cli_parse(argc, argv, env_get, &r.s, err, sizeof err);
    /* The --init supervisor lives as long as the command: its argv in
     * /proc/PID/cmdline, readable by every local user, must hold no password. */
    cli_scrub_secrets(argc, argv);
    log_setup(r.s.log_format, r.s.log_level);
    if (rc != 0) {
        fprintf(stderr, "alembic-gate: %s\nTry 'alembic-gate --help'.\n", err);
        return rc;
    }
    switch (r.s.command) {
    case CMD_HELP:
        fputs(cli_help_text(), stdout);
        return 0;
    case CMD_VERSION:
        printf("alembic-gate %s\n", cli_version());
        return 0;
    case CMD_STATUS:
        return status_command(r.s.status_file ? r.s.status_file : "-", stdout);
    case CMD_HEADS:
    case CMD_HISTORY:
        rc = run_listing(&r);
        run_free(&r);
        return rc;
    case CMD_EXPLAIN:
        rc = run_explain(&r);
        run_free(&r);
        return rc;
    case CMD_GATE:
        break;
    }

    r.outcome = NULL;
    r.exit_code = 0;
    if (proc_reserve_fds(err, sizeof err) != 0) {
        /* Nothing can run; a status file is written if the few descriptors allow. */
        set_failure(&r, "error", EXIT_CONFIG, "%s", err);
        if (r.s.status_file && status_target_open(r.s.status_file, &r.status, err, sizeof err) == 0)
            phase_report(&r);
        rc = r.exit_code;
        run_free(&r);
        return rc;
    }
    r.cancel_fd = proc_signals_install();
    /* Checked before anything else, so a path the gate must not write is a
     * configuration error up front rather than a warning after a repair. */
    if (r.s.status_file && (rc = status_target_open(r.s.status_file, &r.status, err, sizeof err)) != 0) {
        log_error("%s", err);
        run_free(&r);
        return rc;
    }
    if (phase_configure(&r) == 0 && phase_wait(&r) == 0 && phase_load_scripts(&r) == 0 &&
        phase_inspect(&r) == 0 && phase_diagnose(&r) == 0) {
        while (r.diag.stamp && !r.s.check_only && phase_repair(&r) == REPAIR_AGAIN)
            if (repair_again(&r))
                break;
    }
    stopped_by_signal(&r);
    if (!r.outcome)
        r.outcome = "error";
    phase_report(&r);
    if (r.s.check_only) {
        rc = r.exit_code;
        run_free(&r);
        return rc;
    }
    log_info("gate finished: %s (exit %d)", r.outcome, r.exit_code);
    rc = phase_exec(&r);
    run_free(&r);
    return rc;
}
