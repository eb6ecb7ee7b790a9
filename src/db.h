/* db.h: everything that talks to libpq. Nothing else in the gate includes
 * libpq-fe.h.
 *
 * Every call that can wait on the network also watches cancel_fd (the read
 * end of the signal self-pipe, see proc.h): when it becomes readable the call
 * gives up at once with DB_CANCELLED and the server rolls back whatever
 * transaction was open. */
#ifndef AG_DB_H
#define AG_DB_H

#include <stddef.h>
#include <stdint.h>

#include "dburl.h"
#include "infer.h"
#include "scope.h"

enum db_result {
    DB_OK = 0,
    DB_RETRY,      /* waiting could cure it: refused, starting up, recovery, too many clients,
                    * timeout, connection lost, a pooler waiting for its server */
    DB_REFUSED,    /* will not get better by waiting: authentication, missing database or role, TLS */
    DB_CONFIG,     /* libpq rejected a connection option */
    DB_CANCELLED,  /* a signal arrived */
};

struct db;

/* Work for the time the server takes to start a backend: db_connect runs
 * fn(arg) once, when the startup message is sent and the answer not yet
 * there, and clears fn. */
struct db_idle {
    void (*fn)(void *arg);
    void *arg;
};

/* One attempt: connect and, with probe, run the readiness query (a standby
 * in recovery is DB_RETRY), both within connect_timeout_s. Without probe,
 * the first db_read_state on the connection runs it in its first round
 * trip, within the same bound. err gets a one-line reason with no secrets
 * (a pooler's own words where it sent any). With several hosts and no
 * target_session_attrs, read-write is used. Server notices go to the log.
 * idle (may be NULL): see struct db_idle. */
enum db_result db_connect(const struct conninfo *ci, long connect_timeout_s, int cancel_fd, int probe,
                          struct db_idle *idle, struct db **out, char *err, size_t errlen);
void db_close(struct db *db);
/* The bound of every later query (absolute, now_ms() clock; 0: none). A
 * query that gets no answer by then is cancelled, the connection abandoned,
 * and the result is DB_RETRY with a reason db_error_is_timeout() knows. */
void db_set_deadline(struct db *db, long long deadline_ms);
int db_error_is_timeout(const char *err);
/* The host and port the connection actually uses (one of several listed). */
const char *db_host(struct db *db);
const char *db_port(struct db *db);

/* current_schema() of the connection, as the readiness query read it. */
enum db_result db_current_schema(struct db *db, char **out, char *err, size_t errlen);

/* Reads the version table (schema NULL: first on search_path) and the
 * catalog objects the scripts mention (scope.h; names in SCOPE_DEFAULT_SCHEMA
 * are looked up in current_schema()), in two round trips (the readiness
 * query when the connection has not run it, current_schema() and the
 * names; then what hangs on them) and one snapshot: each mentioned object with its attributes (objects.h), and
 * everything on a mentioned table; the other relations of the scope's
 * schemas are counted into cat->unmentioned_total and the first 100 named
 * in cat->unmentioned. Objects of extensions, indexes that back a
 * constraint and the version table itself are left out. Under the repair's
 * transaction (db_begin_locked) it reads inside it, in a savepoint. */
enum db_result db_read_state(struct db *db, const char *vt_schema, const char *vt_table,
                             const struct scope *sc, struct catalog *cat, struct version_record *ver,
                             char *err, size_t errlen);

/* The advisory-lock key: hashtextextended('<schema>.<table>', 0), computed by
 * the server so that other tools can take the same lock in SQL. */
enum db_result db_lock_key(struct db *db, const char *vt_schema, const char *vt_table,
                           int64_t *key, char *err, size_t errlen);

/* BEGIN, then pg_advisory_xact_lock(key) waiting at most lock_timeout_s,
 * set on the same server connection in the same transaction; then the
 * server's own lock_timeout again for what follows. */
enum db_result db_begin_locked(struct db *db, int64_t key, long lock_timeout_s, char *err,
                               size_t errlen);
/* BEGIN without the lock: for a repair while db_hold_lock holds it on
 * another connection. */
enum db_result db_begin(struct db *db, char *err, size_t errlen);
/* Creates the version table with Alembic's DDL if it is missing, then
 * replaces its rows with revs. Inside the transaction of db_begin_locked. */
enum db_result db_write_version(struct db *db, const char *vt_schema, const char *vt_table,
                                char *const *revs, size_t n_revs, char *err, size_t errlen);
enum db_result db_commit(struct db *db, char *err, size_t errlen);
void db_rollback(struct db *db);

/* --hold-lock: BEGIN; pg_advisory_xact_lock(key) as db_begin_locked, with
 * idle_in_transaction_session_timeout off for this transaction, which stays
 * open while the command runs. The transaction pins one server connection,
 * also behind a transaction pooler (statement pooling refuses it: DB_REFUSED
 * saying so); the lock ends with it: db_release, or the server when the
 * connection ends. Nothing survives on a pooled server connection. */
enum db_result db_hold_lock(struct db *db, int64_t key, long lock_timeout_s, char *err,
                            size_t errlen);
/* COMMIT of the held transaction: the explicit release. */
enum db_result db_release(struct db *db, char *err, size_t errlen);
/* The socket to watch while holding the lock, and a check to run when it is
 * readable: 1 while the connection is alive. */
int db_socket(struct db *db);
int db_alive(struct db *db);

/* 1 when the session runs over TCP with neither TLS nor GSS encryption
 * (a Unix socket is local and counts as private). */
int db_plaintext_tcp(struct db *db);

#endif
