/* alloc.c: the shipped (static musl) binary's malloc.
 *
 * musl's allocator gives a group of slots back to the kernel (munmap) as
 * soon as its last slot is freed, and maps a new one on the next
 * allocation of that size: reading 100 scripts and the catalog did about
 * 130 mmap/munmap pairs, each unmap a TLB shootdown (perf, issue 18); with
 * this allocator the gate's CPU at 100 revisions fell from 19.9 to 14.6 ms
 * (user and system, hyperfine).
 * The gate is one short run before exec, or with --init a supervisor that
 * allocates almost nothing after its decision; so memory here is recycled
 * per size class and never returned, and only blocks above the largest
 * class are mapped and unmapped one by one. Maps are small (64 KiB) so
 * that what is mapped and not yet used stays little: peak memory is part of
 * the budget (issue 7: a tenth of Alembic's). Single-threaded: the gate runs
 * no threads and its signal handlers do not allocate.
 *
 * Built only with AG_STATIC_ALLOC (the Makefile's release flags): the
 * development builds keep glibc's malloc, which the sanitizers and valgrind
 * replace with their own. musl lets a static program replace malloc, calloc,
 * realloc and free; the gate links nothing that calls aligned_alloc,
 * posix_memalign or malloc_usable_size. */
#ifdef AG_STATIC_ALLOC

#include <errno.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <sys/mman.h>

/* Every block starts with a header of 16 bytes (malloc's alignment): for a
 * block of a class, the class; for a mapped block, its length, odd. */
#define HEADER 16
/* Block sizes (header included): 32, 48, 64, then four steps per doubling
 * (80, 96, 112, 128, 160, ...) up to 128 KiB, so that rounding up wastes a
 * fifth at most. */
#define N_CLASSES 47
#define ARENA_BYTES ((size_t)1 << 16)    /* classes are carved from 64 KiB maps */

static void *free_list[N_CLASSES];
static char *arena_next, *arena_end;

static size_t class_bytes(unsigned c)
{
    if (c < 3)
        return (size_t)32 + 16 * c;
    unsigned k = 6 + (c - 3) / 4, sub = (c - 3) % 4;
    return ((size_t)1 << k) + (sub + 1) * ((size_t)1 << (k - 2));
}

/* The smallest class of at least need bytes (need <= 128 KiB). */
static unsigned class_of(size_t need)
{
    if (need <= 64)
        return need <= 32 ? 0 : need <= 48 ? 1 : 2;
    unsigned k = 63 - (unsigned)__builtin_clzll((unsigned long long)(need - 1)); /* 2^k < need <= 2^(k+1) */
    size_t sub = (need - 1 - ((size_t)1 << k)) >> (k - 2);
    return 3 + (k - 6) * 4 + (unsigned)sub;
}

/* Populated at once: a fault per page, taken as the memory is first
 * touched, is dear in a virtual machine (1,000 revisions: scripts and
 * diagnosis 36 -> 31 ms with the maps populated). */
static void *map_bytes(size_t n)
{
    void *p = mmap(NULL, n, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_POPULATE, -1, 0);
    return p == MAP_FAILED ? NULL : p;
}

static void *alloc_mapped(size_t n)
{
    size_t len = (n + HEADER + 4095) & ~(size_t)4095;
    if (len < n)
        return NULL;
    char *p = map_bytes(len);
    if (!p)
        return NULL;
    *(size_t *)p = len | 1;
    return p + HEADER;
}

/* The rest of the arena, too small for the block asked for, goes to the
 * free lists in the largest blocks it holds (blocks stay aligned: every
 * class is a multiple of the smallest, and the arena is carved in order). */
static void keep_rest_of_arena(void)
{
    for (unsigned c = N_CLASSES; c-- > 0;) {
        while ((size_t)(arena_end - arena_next) >= class_bytes(c)) {
            *(void **)(arena_next + HEADER) = free_list[c];
            free_list[c] = arena_next;
            arena_next += class_bytes(c);
        }
    }
}

/* malloc's body, under a name the compiler does not know: it would turn
 * calloc's malloc-then-memset into a call to calloc, itself. */
static void *take_block(size_t n)
{
    if (n > class_bytes(N_CLASSES - 1) - HEADER) {
        void *p = alloc_mapped(n);
        if (!p)
            errno = ENOMEM;
        return p;
    }
    unsigned c = class_of(n + HEADER);
    char *block = free_list[c];
    if (block) {
        free_list[c] = *(void **)(block + HEADER);
    } else {
        size_t size = class_bytes(c);
        if (size >= ARENA_BYTES) {
            /* a map of its own, kept for its class when freed */
            block = map_bytes(size);
        } else {
            if ((size_t)(arena_end - arena_next) < size) {
                keep_rest_of_arena();
                char *a = map_bytes(ARENA_BYTES);
                if (a) {
                    arena_next = a;
                    arena_end = a + ARENA_BYTES;
                }
            }
            block = (size_t)(arena_end - arena_next) >= size ? arena_next : NULL;
            if (block)
                arena_next += size;
        }
        if (!block) {
            errno = ENOMEM;
            return NULL;
        }
    }
    *(size_t *)block = (size_t)c << 1;
    return block + HEADER;
}

void *malloc(size_t n)
{
    return take_block(n);
}

static size_t usable_bytes(const char *block)
{
    size_t h = *(const size_t *)block;
    return (h & 1 ? h & ~(size_t)1 : class_bytes((unsigned)(h >> 1))) - HEADER;
}

void free(void *p)
{
    if (!p)
        return;
    char *block = (char *)p - HEADER;
    size_t h = *(size_t *)block;
    if (h & 1) {
        munmap(block, h & ~(size_t)1);
        return;
    }
    unsigned c = (unsigned)(h >> 1);
    *(void **)p = free_list[c];
    free_list[c] = block;
}

void *calloc(size_t n, size_t size)
{
    if (size && n > SIZE_MAX / size) {
        errno = ENOMEM;
        return NULL;
    }
    void *p = take_block(n * size);
    if (p)
        memset(p, 0, n * size);
    return p;
}

void *realloc(void *p, size_t n)
{
    if (!p)
        return take_block(n);
    char *block = (char *)p - HEADER;
    size_t have = usable_bytes(block);
    if (n <= have)
        return p;
    size_t h = *(size_t *)block;
    if ((h & 1) && n <= SIZE_MAX - HEADER - 4095) {
        /* A mapped block grows by moving its pages, not by copying them. */
        size_t len = (n + HEADER + 4095) & ~(size_t)4095;
        char *moved = mremap(block, h & ~(size_t)1, len, MREMAP_MAYMOVE);
        if (moved == MAP_FAILED) {
            errno = ENOMEM;
            return NULL;
        }
        *(size_t *)moved = len | 1;
        return moved + HEADER;
    }
    void *q = take_block(n);
    if (!q)
        return NULL;
    memcpy(q, p, have);
    free(p);
    return q;
}

#endif
