/* fuzz_bytes.h: the fuzzers that build structures (graphs, catalogs) rather
 * than parse text draw their choices from the input one byte at a time; past
 * the end every choice is 0, so every input is a valid recipe. */
#ifndef AG_FUZZ_BYTES_H
#define AG_FUZZ_BYTES_H

#include <stddef.h>
#include <stdint.h>

struct fuzz_bytes {
    const uint8_t *d;
    size_t n;
    size_t i;
};

static inline unsigned fb_byte(struct fuzz_bytes *b)
{
    return b->i < b->n ? b->d[b->i++] : 0;
}

/* A choice in [0, n). */
static inline size_t fb_pick(struct fuzz_bytes *b, size_t n)
{
    return n ? fb_byte(b) % n : 0;
}

#endif
