/* alloc.c: the shipped (static musl) binary's malloc.
 *
 * musl's allocator gives a group of slots back to the kernel (munmap) as
 * soon as its last slot is freed, and maps a new one on the next
 * allocation of that size: reading 100 scripts and the catalog did about
 * 130 mmap/munmap pairs, each unmap a TLB shootdown, and with malloc's own
 * bookkeeping that was about two thirds of the gate's CPU (perf, issue 18).
 * The gate is one short run before exec, or with --init a supervisor that
 * allocates almost nothing after its decision; so memory here is recycled
 * per size class and never returned, and only blocks above the largest
 * class are mapped and unmapped one by one. Single-threaded: the gate runs
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
#define MIN_SHIFT 5                      /* 32 bytes: 16 usable */
#define N_CLASSES 13                     /* up to 128 KiB */
#define ARENA_BYTES ((size_t)1 << 20)    /* classes are carved from 1 MiB maps */

static void *free_list[N_CLASSES];
static char *arena_next, *arena_end;

static size_t class_bytes(unsigned c)
{
    return (size_t)1 << (c + MIN_SHIFT);
}

/* Populated at once: one fault per page, taken one by one as the memory is
 * first touched, cost more than the parsing itself in a virtual machine
 * (perf: half of the gate's own time at 1,000 revisions). */
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
    unsigned c = 0;
    while (class_bytes(c) - HEADER < n)
        c++;
    char *block = free_list[c];
    if (block) {
        free_list[c] = *(void **)(block + HEADER);
    } else {
        size_t size = class_bytes(c);
        if ((size_t)(arena_end - arena_next) < size) {
            /* The rest of the old arena (less than this block) is left unused. */
            char *a = map_bytes(ARENA_BYTES);
            if (!a) {
                errno = ENOMEM;
                return NULL;
            }
            arena_next = a;
            arena_end = a + ARENA_BYTES;
        }
        block = arena_next;
        arena_next += size;
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
