/* wait.c: waiting for PostgreSQL with capped exponential backoff and full
 * jitter, so that many replicas starting at once do not retry in lockstep. */
#include "wait.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <time.h>
#include <unistd.h>

#include "log.h"
#include "proc.h"
#include "util.h"

long backoff_delay_ms(int attempt, long initial_ms, long max_ms, uint32_t rnd)
{
    if (initial_ms < 0)
        initial_ms = 0;
    if (max_ms < initial_ms)
        max_ms = initial_ms;
    /* Doubling stops at the cap, so no shift can overflow. */
    long cap = initial_ms;
    for (int i = 1; i < attempt && cap < max_ms; i++)
        cap = cap > max_ms / 2 ? max_ms : cap * 2;
    if (cap > max_ms)
        cap = max_ms;
    /* rnd / 2^32 * (cap + 1), split in halves so no product overflows 64 bits. */
    uint64_t span = (uint64_t)cap + 1;
    return (long)((uint64_t)rnd * (span >> 32) + (((uint64_t)rnd * (span & 0xffffffffu)) >> 32));
}

/* xorshift32: the jitter only has to differ between replicas, not be secret. */
static uint32_t next_random(uint32_t *state)
{
    uint32_t x = *state;
    x ^= x << 13;
    x ^= x >> 17;
    x ^= x << 5;
    return *state = x;
}

static uint32_t random_seed(void)
{
    uint32_t seed = 0;
    if (getrandom(&seed, sizeof seed, GRND_NONBLOCK) != (ssize_t)sizeof seed)
        seed = (uint32_t)now_ms() ^ ((uint32_t)getpid() << 16);
    return seed ? seed : 0x9e3779b9u;
}

void wait_begin(struct wait_result *res, const struct settings *s)
{
    memset(res, 0, sizeof *res);
    res->rnd = random_seed();
    res->deadline_ms = now_ms() + s->wait_timeout_s * 1000LL;
}

static void record(struct wait_result *res, const char *reason)
{
    if (reason != res->last_error)
        snprintf(res->last_error, sizeof res->last_error, "%s", reason);
    if (!db_error_is_timeout(reason))
        snprintf(res->last_reason, sizeof res->last_reason, "%s", reason);
}

enum db_result wait_backoff(struct wait_result *res, const struct settings *s, const char *reason)
{
    record(res, reason);
    long long left = res->deadline_ms - now_ms();
    if (left <= 0)
        return DB_RETRY;
    long delay = backoff_delay_ms(res->attempts, s->backoff_initial_ms, s->backoff_max_ms,
                                  next_random(&res->rnd));
    if (delay > left)
        delay = (long)left;
    log_info("attempt %d: %s; retrying in %ld ms", res->attempts, res->last_error, delay);
    if (proc_sleep_ms(delay))
        return DB_CANCELLED;
    return DB_OK;
}

long long wait_query_deadline(const struct wait_result *res, const struct settings *s)
{
    long long floor = now_ms() + s->connect_timeout_s * 1000LL;
    return res->deadline_ms > floor ? res->deadline_ms : floor;
}

void wait_describe(const struct wait_result *res, char *out, size_t outlen)
{
    if (res->last_reason[0] && strcmp(res->last_reason, res->last_error) != 0)
        snprintf(out, outlen, "%s; before that: %s", res->last_error, res->last_reason);
    else
        snprintf(out, outlen, "%s", res->last_error);
}

enum db_result wait_for_database(const struct conninfo *ci, const struct settings *s, int cancel_fd,
                                 int probe, struct db **out, struct wait_result *res)
{
    for (;;) {
        long long left = res->deadline_ms - now_ms();
        long timeout_s = s->connect_timeout_s;
        /* The last attempt may not run past the deadline by more than a second. */
        if (s->wait_timeout_s > 0 && left / 1000 + 1 < timeout_s)
            timeout_s = left > 0 ? left / 1000 + 1 : 1;
        res->attempts++;
        enum db_result r = db_connect(ci, timeout_s, cancel_fd, probe, &res->while_connecting, out, res->last_error,
                                      sizeof res->last_error);
        if (r != DB_RETRY)
            return r;
        if ((r = wait_backoff(res, s, res->last_error)) != DB_OK)
            return r;
    }
}
