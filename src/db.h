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
    DB_RETRY,      /* not ready yet: refused, starting up, recovery, too many clients, timeout */
    DB_REFUSED,    /* will not get better by waiting: authentication, missing database or role, TLS */
    DB_CONFIG,     /* libpq rejected a connection option */
    DB_CANCELLED,  /* a signal arrived */
};

struct db;

/* One attempt: connect within connect_timeout_s and run a query. err gets a
 * one-line reason with no secrets. */
enum db_result db_connect(const struct conninfo *ci, long connect_timeout_s, int cancel_fd,
                          struct db **out, char *err, size_t errlen);
void db_close(struct db *db);

/* current_schema() of the connection, as read when it was made. */
enum db_result db_current_schema(struct db *db, char **out, char *err, size_t errlen);

/* Reads the version table (schema NULL: first on search_path) and the
 * catalog objects the scripts mention (scope.h), in one round trip and one
 * snapshot: each mentioned object with its attributes (objects.h), and
 * everything on a mentioned table; the other relations of the scope's
 * schemas are counted into cat->unmentioned_total and the first 1000 named
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

/* BEGIN; pg_advisory_xact_lock(key) waiting at most lock_timeout_s; then the
 * server's own lock_timeout again for what follows. */
enum db_result db_begin_locked(struct db *db, int64_t key, long lock_timeout_s, char *err,
                               size_t errlen);
/* Creates the version table with Alembic's DDL if it is missing, then
 * replaces its rows with revs. Inside the transaction of db_begin_locked. */
enum db_result db_write_version(struct db *db, const char *vt_schema, const char *vt_table,
                                char *const *revs, size_t n_revs, char *err, size_t errlen);
enum db_result db_commit(struct db *db, char *err, size_t errlen);
void db_rollback(struct db *db);

/* Session lock for --hold-lock: pg_advisory_lock(key), waiting at most
 * lock_timeout_s. Released by db_close or when the connection ends. */
enum db_result db_session_lock(struct db *db, int64_t key, long lock_timeout_s, char *err,
                               size_t errlen);
/* The socket to watch while holding the lock, and a check to run when it is
 * readable: 1 while the connection is alive. */
int db_socket(struct db *db);
int db_alive(struct db *db);

/* 1 when the session runs over TCP with neither TLS nor GSS encryption
 * (a Unix socket is local and counts as private). */
int db_plaintext_tcp(struct db *db);

#endif
