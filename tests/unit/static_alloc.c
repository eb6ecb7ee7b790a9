/* The shipped binary's allocator (src/alloc.c), built as the release is:
 * musl, static, AG_STATIC_ALLOC (the Makefile's build/unit/test_static_alloc).
 * Not one of the test_*.c files: those run under ASan, whose malloc would
 * be the one tested. */
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>

#include "check.h"

static const size_t sizes[] = {0, 1, 15, 16, 17, 100, 4000, 65520, 131056, 131057, 300000};
#define N_SIZES (sizeof sizes / sizeof sizes[0])

static void fill(unsigned char *p, size_t n, unsigned char seed)
{
    for (size_t i = 0; i < n; i++)
        p[i] = (unsigned char)(seed + i);
}

static int filled(const unsigned char *p, size_t n, unsigned char seed)
{
    for (size_t i = 0; i < n; i++)
        if (p[i] != (unsigned char)(seed + i))
            return 0;
    return 1;
}

static void test_blocks_are_aligned_and_separate(void)
{
    unsigned char *p[N_SIZES];
    for (size_t i = 0; i < N_SIZES; i++) {
        p[i] = malloc(sizes[i]);
        CHECK(p[i] != NULL);
        CHECK((uintptr_t)p[i] % 16 == 0);
        fill(p[i], sizes[i], (unsigned char)i);
    }
    for (size_t i = 0; i < N_SIZES; i++) {
        CHECK(filled(p[i], sizes[i], (unsigned char)i));
        free(p[i]);
    }
    free(NULL);
}

/* Every size up to the largest class, in pairs: each block holds what was
 * asked for without reaching its neighbour. */
static void test_every_size_fits(void)
{
    int ok = 1;
    for (size_t n = 0; n <= 140000 && ok; n += n < 4096 ? 1 : 61) {
        unsigned char *a = malloc(n), *b = malloc(n);
        ok = a && b && (uintptr_t)a % 16 == 0 && (uintptr_t)b % 16 == 0;
        if (ok) {
            fill(a, n, 1);
            fill(b, n, 2);
            ok = filled(a, n, 1) && filled(b, n, 2);
        }
        if (!ok)
            printf("#   size %zu\n", n);
        free(a);
        free(b);
    }
    CHECK(ok);
}

static void test_freed_blocks_are_reused(void)
{
    for (size_t i = 0; i < N_SIZES; i++) {
        if (sizes[i] > 131056)
            continue; /* mapped one by one */
        void *a = malloc(sizes[i]);
        free(a);
        void *b = malloc(sizes[i]);
        CHECK(a == b);
        free(b);
    }
}

static long resident_kib(void)
{
    FILE *f = fopen("/proc/self/statm", "r");
    long pages = 0, resident = 0;
    if (f) {
        if (fscanf(f, "%ld %ld", &pages, &resident) != 2)
            resident = 0;
        fclose(f);
    }
    return resident * 4;
}

static void test_churn_does_not_grow(void)
{
    long before = resident_kib();
    for (int round = 0; round < 20000; round++) {
        void *p[N_SIZES];
        for (size_t i = 0; i < N_SIZES; i++)
            p[i] = malloc(sizes[i]);
        for (size_t i = 0; i < N_SIZES; i++)
            free(p[i]);
    }
    CHECK(resident_kib() - before < 4096);
}

static void test_calloc_zeroes_reused_memory(void)
{
    unsigned char *p = malloc(4000);
    fill(p, 4000, 7);
    free(p);
    unsigned char *q = calloc(1000, 4);
    CHECK(q == p);
    size_t zero = 1;
    for (size_t i = 0; i < 4000; i++)
        zero &= q[i] == 0;
    CHECK(zero);
    free(q);
    /* volatile: the compiler would reject the product at build time */
    volatile size_t huge = SIZE_MAX / 2;
    errno = 0;
    CHECK(calloc(huge, 4) == NULL);
    CHECK(errno == ENOMEM);
}

static void test_realloc_keeps_contents(void)
{
    unsigned char *p = realloc(NULL, 10);
    fill(p, 10, 3);
    for (size_t n = 20; n < 600000; n *= 3) {
        p = realloc(p, n);
        CHECK(p != NULL);
        CHECK(filled(p, 10, 3));
        fill(p, n, 3);
    }
    unsigned char *same = realloc(p, 5);
    CHECK(same == p);
    CHECK(filled(same, 5, 3));
    free(same);
}

int main(void)
{
    RUN(test_blocks_are_aligned_and_separate);
    RUN(test_every_size_fits);
    RUN(test_freed_blocks_are_reused);
    RUN(test_churn_does_not_grow);
    RUN(test_calloc_zeroes_reused_memory);
    RUN(test_realloc_keeps_contents);
    return check_exit();
}
