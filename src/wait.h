/* wait.h: waiting for PostgreSQL with capped exponential backoff and full
 * jitter (SPEC section 1 step 2). */
#ifndef AG_WAIT_H
#define AG_WAIT_H

#include <stdint.h>

#include "cli.h"
#include "db.h"

/* The delay before retry number `attempt` (1 for the first retry): a uniform
 * draw from [0, min(max_ms, initial_ms * 2^(attempt-1))], taken from rnd
 * (a uniform 32-bit value). Pure. */
long backoff_delay_ms(int attempt, long initial_ms, long max_ms, uint32_t rnd);

/* The one deadline of everything before the decision (SPEC section 4):
 * every connection attempt, every query, every retry after a failure that
 * waiting could cure. */
struct wait_result {
    int attempts;
    char last_error[512];
    char last_reason[512]; /* the last error that was not a bare timeout */
    long long deadline_ms; /* now_ms() clock */
    uint32_t rnd;
    struct db_idle while_connecting; /* run once, during the first attempt that gets that far */
};

/* Starts the clock: the deadline is now + s->wait_timeout_s. */
void wait_begin(struct wait_result *res, const struct settings *s);

/* Connects, retrying DB_RETRY failures until the deadline. Returns DB_OK
 * with *out set, DB_RETRY when the deadline passed (exit 3), DB_REFUSED /
 * DB_CONFIG at once, or DB_CANCELLED on a signal. probe: as db_connect's
 * (0: the caller's first db_read_state is the readiness query, and its
 * DB_RETRY goes to wait_backoff like a failed connection). */
enum db_result wait_for_database(const struct conninfo *ci, const struct settings *s, int cancel_fd,
                                 int probe, struct db **out, struct wait_result *res);

/* After a failure that waiting could cure (reason): records it, logs it and
 * sleeps the next backoff delay. DB_OK: try again; DB_RETRY: the deadline
 * has passed; DB_CANCELLED: a signal arrived. */
enum db_result wait_backoff(struct wait_result *res, const struct settings *s, const char *reason);

/* The bound of one query before the decision: the deadline, but never
 * less than --connect-timeout from now (so --wait-timeout 0 still reads). */
long long wait_query_deadline(const struct wait_result *res, const struct settings *s);

/* "reason" for the exit-3 message: the last error, and the last real one
 * before it when the last was only a timeout (a pooler's words, say). */
void wait_describe(const struct wait_result *res, char *out, size_t outlen);

#endif
