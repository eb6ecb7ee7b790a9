/* util.h: memory, growable strings and string vectors shared by every module.
 *
 * Allocation failure ends the process (exit 70): the gate allocates little,
 * and a half-built diagnosis is worse than none. */
#ifndef AG_UTIL_H
#define AG_UTIL_H

#include <stddef.h>
#include <stdarg.h>
#include <stdint.h>

void *xmalloc(size_t n);
void *xcalloc(size_t n, size_t size);
void *xrealloc(void *p, size_t n);
/* Grows *p (an array of elem-size items, capacity *cap) to hold at least need items. */
void xgrow(void *pp, size_t *cap, size_t need, size_t elem);
char *xstrdup(const char *s);
char *xstrndup(const char *s, size_t n);
char *xasprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

struct strbuf {
    char *s;     /* always NUL-terminated once anything was appended */
    size_t len;
    size_t cap;
};

void sb_append(struct strbuf *b, const char *s);
void sb_appendn(struct strbuf *b, const char *s, size_t n);
void sb_appendc(struct strbuf *b, char c);
void sb_appendf(struct strbuf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void sb_vappendf(struct strbuf *b, const char *fmt, va_list ap);
/* Appends the UTF-8 encoding of a Unicode scalar value. */
void sb_append_utf8(struct strbuf *b, unsigned long cp);
/* Appends s as a JSON string literal, quotes included. */
void sb_append_json_string(struct strbuf *b, const char *s);
/* Returns the string (never NULL) and leaves b empty; the caller frees it. */
char *sb_take(struct strbuf *b);
void sb_free(struct strbuf *b);

struct strvec {
    char **v;    /* v[n] is NULL once anything was pushed */
    size_t n;
    size_t cap;
};

/* Pushes a copy of s. */
void sv_push(struct strvec *sv, const char *s);
/* Pushes s itself; the vector now owns it. */
void sv_push_owned(struct strvec *sv, char *s);
int sv_contains(const struct strvec *sv, const char *s);
void sv_free(struct strvec *sv);

/* A string-keyed hash map to size_t values (open addressing). Keys are
 * copied. Lookups and inserts are O(1) on average, so graph and catalog
 * building stays linear in the input. */
struct strmap {
    char **keys;
    size_t *vals;
    size_t cap;  /* a power of two, or 0 */
    size_t n;
};

/* 1 and *val set when key is present, else 0. */
int strmap_get(const struct strmap *m, const char *key, size_t *val);
/* Inserts or replaces. */
void strmap_put(struct strmap *m, const char *key, size_t val);
void strmap_free(struct strmap *m);
uint64_t hash_string(const char *s);

/* 0-15 for a hex digit of either case, else -1. */
int hex_digit_value(char c);

/* Reads a whole file, refusing files over max_bytes. Returns 0, or -1 with
 * errno set (EFBIG for a file over the limit). *len excludes the added NUL. */
int read_file_limited(const char *path, size_t max_bytes, char **out, size_t *len);

/* The same into b, replacing its content and keeping its allocation, for
 * callers that read many files (b->s is NUL-terminated on success). */
int read_file_into(const char *path, size_t max_bytes, struct strbuf *b);

/* Monotonic clock in milliseconds. */
long long now_ms(void);
/* Monotonic clock in microseconds, for the phase timings in the debug log. */
long long now_us(void);
/* Wall clock as 2026-11-23T10:00:00.000Z into buf (at least 25 bytes). */
void format_utc_ms(long long epoch_ms, char *buf, size_t size);
long long wall_ms(void);

#endif
