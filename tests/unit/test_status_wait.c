/* Unit tests of the status file (serialisation, atomic write, read-back),
 * of the backoff schedule, and of the string formatting both rest on. */
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "check.h"
#include "status.h"
#include "util.h"
#include "wait.h"

static struct status_report sample(void)
{
    static struct strvec before, after, heads, extra, contra;
    static struct strvec cands[2];
    static struct conn_summary db = {"db", "5432", "app", "app"};
    static int once;
    if (!once) {
        once = 1;
        sv_push(&after, "71c3e8a0d4f2");
        sv_push(&heads, "0010_events_schema");
        sv_push(&cands[0], "71c3e8a0d4f2");
        sv_push(&cands[1], "a\"quote\\back\nnl");
        sv_push(&extra, "table public.legacy");
    }
    struct status_report r = {
        .ready = 1, .outcome = "repaired", .state = "no_version", .action = "stamp",
        .revisions_before = &before, .revisions_after = &after, .script_heads = &heads,
        .pending = 3, .candidates = cands, .n_candidates = 2, .extra_objects = &extra,
        .contradicting = &contra, .message = "stamped", .database = &db, .lock_key = "-42",
        .attempts = 4, .started_at_ms = 1795428000000LL, .finished_at_ms = 1795428001412LL,
        .exit_code = 0,
    };
    return r;
}

static void test_json_has_every_field(void)
{
    struct status_report r = sample();
    char *j = status_to_json(&r);
    const char *fields[] = {"\"format\":1", "\"tool\":\"alembic-gate\"", "\"version\":", "\"ready\":true",
                            "\"outcome\":\"repaired\"", "\"state\":\"no_version\"", "\"action\":\"stamp\"",
                            "\"check_only\":false", "\"revisions_before\":[]",
                            "\"revisions_after\":[\"71c3e8a0d4f2\"]", "\"script_heads\":[\"0010_events_schema\"]",
                            "\"pending\":3", "\"candidates\":[[\"71c3e8a0d4f2\"],[\"a\\\"quote\\\\back\\nnl\"]]",
                            "\"extra_objects\":[\"table public.legacy\"]", "\"message\":\"stamped\"",
                            "\"database\":{\"host\":\"db\",\"port\":5432,\"dbname\":\"app\",\"user\":\"app\"}",
                            "\"attempts\":4", "\"started_at\":\"2026-11-23T10:00:00.000Z\"",
                            "\"finished_at\":\"2026-11-23T10:00:01.412Z\"", "\"duration_ms\":1412",
                            "\"exit_code\":0"};
    for (size_t i = 0; i < sizeof fields / sizeof fields[0]; i++) {
        if (!strstr(j, fields[i]))
            printf("#   missing %s in %s", fields[i], j);
        CHECK(strstr(j, fields[i]) != NULL);
    }
    CHECK_INT(status_parse_ready(j, strlen(j), NULL, 0), 1);
    free(j);
}

static void test_unknowns_are_null(void)
{
    struct status_report r = {.outcome = "unreachable", .exit_code = 3, .pending = -1};
    char *j = status_to_json(&r);
    CHECK(strstr(j, "\"state\":null") != NULL);
    CHECK(strstr(j, "\"pending\":null") != NULL);
    CHECK(strstr(j, "\"revisions_before\":[]") != NULL);
    CHECK(strstr(j, "\"candidates\":[]") != NULL);
    CHECK(strstr(j, "\"host\":null") != NULL);
    char outcome[32];
    CHECK_INT(status_parse_ready(j, strlen(j), outcome, sizeof outcome), 0);
    CHECK_STR(outcome, "unreachable");
    free(j);
}

static void test_write_creates_dirs_and_mode(void)
{
    char dir[] = "/tmp/ag-status-XXXXXX";
    CHECK(mkdtemp(dir) != NULL);
    char *path = xasprintf("%s/a/b/status.json", dir);
    struct status_report r = sample();
    char err[256];
    mode_t old = umask(077);
    CHECK_INT(status_write(path, &r, err, sizeof err), 0);
    umask(old);
    struct stat st;
    CHECK_INT(stat(path, &st), 0);
    CHECK_INT(st.st_mode & 0777, 0644);
    FILE *devnull = fopen("/dev/null", "w");
    CHECK_INT(status_command(path, devnull), 0);
    r.ready = 0;
    r.outcome = "needs_human";
    CHECK_INT(status_write(path, &r, err, sizeof err), 0);
    CHECK_INT(status_command(path, devnull), 1);
    char *missing = xasprintf("%s/nope.json", dir);
    CHECK_INT(status_command(missing, devnull), 78);
    fclose(devnull);
    char *cmd = xasprintf("rm -rf %s", dir);
    CHECK_INT(system(cmd), 0);
    free(cmd);
    free(missing);
    free(path);
}

static void test_write_into_unwritable_path_fails_cleanly(void)
{
    struct status_report r = sample();
    char err[256] = "";
    CHECK_INT(status_write("/proc/no/such/status.json", &r, err, sizeof err), -1);
    CHECK(strstr(err, "/proc/no/such/status.json") != NULL);
}

/* Issue 19: only a directory no one else can write; only regular files. */
static void test_write_refuses_unsafe_targets(void)
{
    char dir[] = "/tmp/ag-status-XXXXXX";
    CHECK(mkdtemp(dir) != NULL);
    struct status_report r = sample();
    struct status_target t;
    char err[512];
    char *open_dir = xasprintf("%s/open", dir);
    CHECK_INT(mkdir(open_dir, 0777), 0);
    CHECK_INT(chmod(open_dir, 0777), 0);
    char *p = xasprintf("%s/status.json", open_dir);
    CHECK_INT(status_target_open(p, &t, err, sizeof err), 78);
    CHECK(strstr(err, open_dir) != NULL);
    free(p);
    p = xasprintf("%s/sub/status.json", open_dir); /* a directory of its own inside: fine */
    CHECK_INT(status_target_open(p, &t, err, sizeof err), 0);
    status_target_close(&t);
    free(p);
    char *fifo = xasprintf("%s/fifo.json", dir);
    CHECK_INT(mkfifo(fifo, 0644), 0);
    CHECK_INT(status_write(fifo, &r, err, sizeof err), -1);
    CHECK(strstr(err, "not a regular file") != NULL);
    FILE *devnull = fopen("/dev/null", "w");
    CHECK_INT(status_command(fifo, devnull), 78); /* returns at once: no writer needed */
    char *link = xasprintf("%s/link.json", dir);
    CHECK_INT(symlink("/etc/hostname", link), 0);
    CHECK_INT(status_write(link, &r, err, sizeof err), -1);
    struct stat st;
    CHECK_INT(lstat(link, &st), 0);
    CHECK(S_ISLNK(st.st_mode));
    CHECK_INT(status_target_open("/tmp/ag-status-x/..", &t, err, sizeof err), 78);
    CHECK_INT(status_target_open("relative/../status.json", &t, err, sizeof err), 78);
    fclose(devnull);
    char *cmd = xasprintf("rm -rf %s", dir);
    CHECK_INT(system(cmd), 0);
    free(cmd);
    free(link);
    free(fifo);
    free(open_dir);
}

static void test_parse_rejects_non_status(void)
{
    const char *bad[] = {"", "{}", "[]", "{\"ready\":true}", "{\"format\":1,\"ready\":1}",
                         "{\"format\":1,\"ready\":true", "{\"format\":1,\"ready\":true,}",
                         "{\"format\":1,\"x\":[[[[", "{\"format\":1,\"ready\":tru}", "null"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
        CHECK_INT(status_parse_ready(bad[i], strlen(bad[i]), NULL, 0), -1);
    const char *ok = " {\"format\":1,\"x\":{\"y\":[1,2,{\"z\":\"\\u00e9\"}]},\"ready\":false} ";
    CHECK_INT(status_parse_ready(ok, strlen(ok), NULL, 0), 0);
    /* Nesting beyond the bound is refused, not recursed into. */
    struct strbuf b = {0};
    sb_append(&b, "{\"format\":1,\"ready\":true,\"deep\":");
    for (int i = 0; i < 100000; i++)
        sb_appendc(&b, '[');
    CHECK_INT(status_parse_ready(b.s, b.len, NULL, 0), -1);
    sb_free(&b);
}

static void test_backoff_caps_and_jitter(void)
{
    /* rnd = 0 gives 0, rnd = max gives the cap. */
    CHECK_INT(backoff_delay_ms(1, 100, 2000, 0), 0);
    CHECK_INT(backoff_delay_ms(1, 100, 2000, UINT32_MAX), 100);
    CHECK_INT(backoff_delay_ms(2, 100, 2000, UINT32_MAX), 200);
    CHECK_INT(backoff_delay_ms(5, 100, 2000, UINT32_MAX), 1600);
    CHECK_INT(backoff_delay_ms(6, 100, 2000, UINT32_MAX), 2000);
    CHECK_INT(backoff_delay_ms(1000000, 100, 2000, UINT32_MAX), 2000);
    long big = backoff_delay_ms(40, 1, 9000000000000000000L, UINT32_MAX);
    CHECK(big <= 549755813888L && big > 549755813888L - 1024); /* no overflow at huge caps */
    CHECK(backoff_delay_ms(3, 100, 2000, UINT32_MAX / 2) <= 200);
    /* Full jitter: draws spread over the whole range. */
    long lo = 1 << 30, hi = 0;
    uint32_t x = 12345;
    for (int i = 0; i < 1000; i++) {
        x = x * 1664525u + 1013904223u;
        long d = backoff_delay_ms(10, 100, 2000, x);
        CHECK(d >= 0 && d <= 2000);
        if (d < lo) lo = d;
        if (d > hi) hi = d;
    }
    CHECK(lo < 200);
    CHECK(hi > 1800);
}

/* sb_appendf copies the plain conversions itself: each must print what
 * printf prints, and the rest must still reach printf. */
#define SAME_AS_PRINTF(...) do { \
    char printed_[256]; \
    snprintf(printed_, sizeof printed_, __VA_ARGS__); \
    struct strbuf b_ = {0}; \
    sb_appendf(&b_, "<"); \
    b_.len = 0; \
    sb_appendf(&b_, __VA_ARGS__); \
    CHECK_STR(b_.s, printed_); \
    CHECK_INT(b_.len, strlen(printed_)); \
    sb_free(&b_); \
    } while (0)

static void test_appendf_prints_as_printf(void)
{
    SAME_AS_PRINTF("%s", "");
    SAME_AS_PRINTF("plain text, no conversion");
    SAME_AS_PRINTF("%s.%s", "public", "users");
    SAME_AS_PRINTF("%.3s|%.0s|%.10s", "abcdef", "gone", "ab");
    SAME_AS_PRINTF("%.*s|%.*s", 2, "xyz", 0, "xyz");
    SAME_AS_PRINTF("%c%c%%%d", 'a', 'b', 7);
    SAME_AS_PRINTF("%d %d %d %i", 0, -1, INT_MIN, INT_MAX);
    SAME_AS_PRINTF("%u %u", 0u, UINT_MAX);
    SAME_AS_PRINTF("%ld %lu %lld %llu", LONG_MIN, ULONG_MAX, LLONG_MIN, ULLONG_MAX);
    SAME_AS_PRINTF("%zu %zu", (size_t)0, SIZE_MAX);
    SAME_AS_PRINTF("line %d: %s (%zu bytes)", 12, "x", (size_t)40000);
    /* Not plain: printf's own. */
    SAME_AS_PRINTF("%5d|%-4s|%02x|%.3f|%x", 42, "ab", 10, 1.5, 255u);
    SAME_AS_PRINTF("%s %5s", "mixed", "w");
    /* Appends after what the buffer holds. */
    struct strbuf b = {0};
    sb_append(&b, "head:");
    sb_appendf(&b, "%s=%d", "k", -3);
    CHECK_STR(b.s, "head:k=-3");
    sb_free(&b);
    char *s = xasprintf("%s", "");
    CHECK_STR(s, "");
    free(s);
}

int main(void)
{
    RUN(test_json_has_every_field);
    RUN(test_unknowns_are_null);
    RUN(test_write_creates_dirs_and_mode);
    RUN(test_write_into_unwritable_path_fails_cleanly);
    RUN(test_write_refuses_unsafe_targets);
    RUN(test_parse_rejects_non_status);
    RUN(test_backoff_caps_and_jitter);
    RUN(test_appendf_prints_as_printf);
    return check_exit();
}
