/* check.h: the unit tests' harness. Each test case is a function; RUN prints
 * a TAP line for it ("ok - name" or "not ok - name") and tests/run counts
 * those lines. A failed CHECK prints its file, line and expression. */
#ifndef AG_CHECK_H
#define AG_CHECK_H

#include <stdio.h>
#include <string.h>

static int check_case_failed;
static int check_cases_failed;
static int check_cases_run;

static inline void check_fail(const char *file, int line, const char *expr)
{
    printf("#   %s:%d: CHECK(%s) failed\n", file, line, expr);
    check_case_failed = 1;
}

#define CHECK(cond) do { if (!(cond)) check_fail(__FILE__, __LINE__, #cond); } while (0)

#define CHECK_STR(got, want) do { \
    const char *got_ = (got), *want_ = (want); \
    if (!got_ || !want_ ? got_ != want_ : strcmp(got_, want_) != 0) { \
        printf("#   got  \"%s\"\n#   want \"%s\"\n", got_ ? got_ : "(null)", want_ ? want_ : "(null)"); \
        check_fail(__FILE__, __LINE__, #got " == " #want); \
    } } while (0)

#define CHECK_INT(got, want) do { \
    long long got_ = (long long)(got), want_ = (long long)(want); \
    if (got_ != want_) { \
        printf("#   got %lld, want %lld\n", got_, want_); \
        check_fail(__FILE__, __LINE__, #got " == " #want); \
    } } while (0)

static inline void check_run(const char *name, void (*fn)(void))
{
    check_case_failed = 0;
    fn();
    check_cases_run++;
    if (check_case_failed)
        check_cases_failed++;
    printf("%s - %s\n", check_case_failed ? "not ok" : "ok", name);
    fflush(stdout);
}

#define RUN(fn) check_run(#fn, fn)

static inline int check_exit(void)
{
    return check_cases_failed ? 1 : 0;
}

#endif
