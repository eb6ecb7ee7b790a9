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

struct wait_result {
    int attempts;
    char last_error[512];
};

/* Connects, retrying DB_RETRY failures until s->wait_timeout_s has passed.
 * Returns DB_OK with *out set, DB_RETRY when the deadline passed (exit 3),
 * DB_REFUSED / DB_CONFIG at once, or DB_CANCELLED on a signal. */
enum db_result wait_for_database(const struct conninfo *ci, const struct settings *s,
                                 int cancel_fd, struct db **out, struct wait_result *res);

#endif
