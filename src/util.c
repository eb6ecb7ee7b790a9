#include "util.h"

#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

static void out_of_memory(void)
{
    static const char msg[] = "alembic-gate: out of memory\n";
    ssize_t ignored = write(2, msg, sizeof msg - 1);
    (void)ignored;
    _exit(70);
}

void *xmalloc(size_t n)
{
    void *p = malloc(n ? n : 1);
    if (!p)
        out_of_memory();
    return p;
}

void *xcalloc(size_t n, size_t size)
{
    void *p = calloc(n ? n : 1, size ? size : 1);
    if (!p)
        out_of_memory();
    return p;
}

void *xrealloc(void *p, size_t n)
{
    void *q = realloc(p, n ? n : 1);
    if (!q)
        out_of_memory();
    return q;
}

void xgrow(void *pp, size_t *cap, size_t need, size_t elem)
{
    void **p = pp;
    if (need <= *cap)
        return;
    /* Strings start at 64 bytes: most names and keys then never grow. */
    size_t c = *cap ? *cap : elem == 1 ? 64 : 8;
    while (c < need) {
        if (c > SIZE_MAX / 2 / elem)
            out_of_memory();
        c *= 2;
    }
    *p = xrealloc(*p, c * elem);
    *cap = c;
}

char *xstrdup(const char *s)
{
    return xstrndup(s, strlen(s));
}

char *xstrndup(const char *s, size_t n)
{
    char *p = xmalloc(n + 1);
    memcpy(p, s, n);
    p[n] = '\0';
    return p;
}

char *xasprintf(const char *fmt, ...)
{
    struct strbuf b = {0};
    va_list ap;
    va_start(ap, fmt);
    sb_vappendf(&b, fmt, ap);
    va_end(ap);
    return sb_take(&b);
}

void sb_appendn(struct strbuf *b, const char *s, size_t n)
{
    xgrow(&b->s, &b->cap, b->len + n + 1, 1);
    memcpy(b->s + b->len, s, n);
    b->len += n;
    b->s[b->len] = '\0';
}

void sb_append(struct strbuf *b, const char *s)
{
    sb_appendn(b, s, strlen(s));
}

void sb_appendc(struct strbuf *b, char c)
{
    sb_appendn(b, &c, 1);
}

/* The conversions names and keys are built with: %s, %.Ns, %.*s, %c, %%,
 * and %d %i %u with no length, l, ll or z. Anything else (a flag, a width,
 * a float) is printf's. */
static int plain_format(const char *fmt)
{
    for (const char *p = strchr(fmt, '%'); p; p = strchr(p, '%')) {
        p++;
        if (*p == '.') {
            p++;
            if (*p == '*')
                p++;
            else
                while (*p >= '0' && *p <= '9')
                    p++;
            if (*p != 's')
                return 0;
            p++;
            continue;
        }
        if (*p == 'l')
            p += p[1] == 'l' ? 2 : 1;
        else if (*p == 'z')
            p++;
        switch (*p) {
        case 's': case 'c': case '%':
            if (p[-1] != '%')
                return 0;
            break;
        case 'd': case 'i': case 'u':
            break;
        default:
            return 0;
        }
        p++;
    }
    return 1;
}

static void append_decimal(struct strbuf *b, unsigned long long v, int negative)
{
    char digits[24];
    size_t n = sizeof digits;
    do {
        digits[--n] = (char)('0' + v % 10);
        v /= 10;
    } while (v);
    if (negative)
        digits[--n] = '-';
    sb_appendn(b, digits + n, sizeof digits - n);
}

/* musl's vsnprintf walks the format twice and writes through a FILE: a
 * thousand revisions build some ten thousand names with it, most of the
 * time spent on them. A format plain_format accepts is copied here, with
 * printf's result. */
static void append_plain(struct strbuf *b, const char *fmt, va_list ap)
{
    const char *p = fmt;
    for (;;) {
        const char *pct = strchr(p, '%');
        if (!pct) {
            sb_append(b, p);
            return;
        }
        sb_appendn(b, p, (size_t)(pct - p));
        p = pct + 1;
        if (*p == '.') {
            size_t max = 0;
            p++;
            if (*p == '*') {
                int prec = va_arg(ap, int);
                max = prec < 0 ? SIZE_MAX : (size_t)prec;
                p++;
            } else {
                while (*p >= '0' && *p <= '9')
                    max = max * 10 + (size_t)(*p++ - '0');
            }
            const char *s = va_arg(ap, const char *);
            if (!s)
                s = "(null)";
            sb_appendn(b, s, strnlen(s, max));
            p++;
            continue;
        }
        int longs = 0, size = 0;
        if (*p == 'l') {
            longs = p[1] == 'l' ? 2 : 1;
            p += longs;
        } else if (*p == 'z') {
            size = 1;
            p++;
        }
        char conv = *p++;
        if (conv == 's') {
            const char *s = va_arg(ap, const char *);
            sb_append(b, s ? s : "(null)");
        } else if (conv == 'c') {
            sb_appendc(b, (char)va_arg(ap, int));
        } else if (conv == '%') {
            sb_appendc(b, '%');
        } else if (conv == 'u') {
            unsigned long long v = size ? va_arg(ap, size_t)
                                   : longs == 2 ? va_arg(ap, unsigned long long)
                                   : longs == 1 ? va_arg(ap, unsigned long)
                                                : va_arg(ap, unsigned);
            append_decimal(b, v, 0);
        } else {
            long long v = size ? (long long)va_arg(ap, size_t)
                          : longs == 2 ? va_arg(ap, long long)
                          : longs == 1 ? va_arg(ap, long)
                                       : va_arg(ap, int);
            /* The magnitude as unsigned: -LLONG_MIN does not fit. */
            append_decimal(b, v < 0 ? 0ULL - (unsigned long long)v : (unsigned long long)v, v < 0);
        }
    }
}

/* Formats into the free space first: a second pass only when it did not
 * fit (formatting twice was most of the cost of building names). */
void sb_vappendf(struct strbuf *b, const char *fmt, va_list ap)
{
    if (plain_format(fmt)) {
        /* Empty strings still end in a NUL, as after vsnprintf. */
        xgrow(&b->s, &b->cap, b->len + 64, 1);
        b->s[b->len] = '\0';
        append_plain(b, fmt, ap);
        return;
    }
    xgrow(&b->s, &b->cap, b->len + 64, 1);
    va_list ap2;
    va_copy(ap2, ap);
    int n = vsnprintf(b->s + b->len, b->cap - b->len, fmt, ap2);
    va_end(ap2);
    if (n < 0) {
        b->s[b->len] = '\0';
        return;
    }
    if ((size_t)n >= b->cap - b->len) {
        xgrow(&b->s, &b->cap, b->len + (size_t)n + 1, 1);
        vsnprintf(b->s + b->len, (size_t)n + 1, fmt, ap);
    }
    b->len += (size_t)n;
}

void sb_appendf(struct strbuf *b, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    sb_vappendf(b, fmt, ap);
    va_end(ap);
}

void sb_append_json_string(struct strbuf *b, const char *s)
{
    sb_appendc(b, '"');
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        switch (*p) {
        case '"': sb_append(b, "\\\""); break;
        case '\\': sb_append(b, "\\\\"); break;
        case '\n': sb_append(b, "\\n"); break;
        case '\r': sb_append(b, "\\r"); break;
        case '\t': sb_append(b, "\\t"); break;
        default:
            if (*p < 0x20 || *p == 0x7f)
                sb_appendf(b, "\\u%04x", *p);
            else
                sb_appendc(b, (char)*p);
        }
    }
    sb_appendc(b, '"');
}

char *sb_take(struct strbuf *b)
{
    char *s = b->s ? b->s : xstrdup("");
    b->s = NULL;
    b->len = b->cap = 0;
    return s;
}

void sb_free(struct strbuf *b)
{
    free(b->s);
    b->s = NULL;
    b->len = b->cap = 0;
}

void sv_push_owned(struct strvec *sv, char *s)
{
    xgrow(&sv->v, &sv->cap, sv->n + 2, sizeof *sv->v);
    sv->v[sv->n++] = s;
    sv->v[sv->n] = NULL;
}

void sv_push(struct strvec *sv, const char *s)
{
    sv_push_owned(sv, xstrdup(s));
}

int sv_contains(const struct strvec *sv, const char *s)
{
    for (size_t i = 0; i < sv->n; i++)
        if (strcmp(sv->v[i], s) == 0)
            return 1;
    return 0;
}

void sv_free(struct strvec *sv)
{
    for (size_t i = 0; i < sv->n; i++)
        free(sv->v[i]);
    free(sv->v);
    sv->v = NULL;
    sv->n = sv->cap = 0;
}

uint64_t hash_string(const char *s)
{
    /* FNV-1a: simple, and good enough for identifiers. */
    uint64_t h = 14695981039346656037ULL;
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        h ^= *p;
        h *= 1099511628211ULL;
    }
    return h;
}

static size_t strmap_slot(const struct strmap *m, const char *key)
{
    size_t mask = m->cap - 1;
    size_t i = (size_t)hash_string(key) & mask;
    while (m->keys[i] && strcmp(m->keys[i], key) != 0)
        i = (i + 1) & mask;
    return i;
}

int strmap_get(const struct strmap *m, const char *key, size_t *val)
{
    if (!m->cap)
        return 0;
    size_t i = strmap_slot(m, key);
    if (!m->keys[i])
        return 0;
    if (val)
        *val = m->vals[i];
    return 1;
}

void strmap_put(struct strmap *m, const char *key, size_t val)
{
    if ((m->n + 1) * 2 > m->cap) {
        struct strmap bigger = {0};
        bigger.cap = m->cap ? m->cap * 2 : 64;
        bigger.keys = xcalloc(bigger.cap, sizeof *bigger.keys);
        bigger.vals = xcalloc(bigger.cap, sizeof *bigger.vals);
        for (size_t i = 0; i < m->cap; i++) {
            if (!m->keys[i])
                continue;
            size_t j = strmap_slot(&bigger, m->keys[i]);
            bigger.keys[j] = m->keys[i];
            bigger.vals[j] = m->vals[i];
        }
        bigger.n = m->n;
        free(m->keys);
        free(m->vals);
        *m = bigger;
    }
    size_t i = strmap_slot(m, key);
    if (!m->keys[i]) {
        m->keys[i] = xstrdup(key);
        m->n++;
    }
    m->vals[i] = val;
}

void strmap_free(struct strmap *m)
{
    for (size_t i = 0; i < m->cap; i++)
        free(m->keys[i]);
    free(m->keys);
    free(m->vals);
    memset(m, 0, sizeof *m);
}

int hex_digit_value(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

int read_file_into(const char *path, size_t max_bytes, struct strbuf *b)
{
    b->len = 0;
    /* No O_CLOEXEC: musl emulates it with an fcntl after every open, a
     * thousand system calls for a thousand scripts, and the descriptor is
     * closed before this returns, in a process with one thread: no exec can
     * inherit it. */
    int fd = open(path, O_RDONLY);
    if (fd < 0)
        return -1;
    struct stat st;
    int err = 0;
    if (fstat(fd, &st) != 0)
        err = errno;
    else if (S_ISDIR(st.st_mode))
        err = EISDIR;
    else if (S_ISREG(st.st_mode) && (unsigned long long)st.st_size > max_bytes)
        err = EFBIG;
    /* The first read asks for the whole file, so one allocation usually
     * does; the buffer still grows for files that grow or report no size. */
    int regular = !err && S_ISREG(st.st_mode);
    size_t want = regular ? (size_t)st.st_size + 1 : 4096;
    while (!err) {
        /* +1: room for the terminating NUL after the last read. */
        xgrow(&b->s, &b->cap, b->len + want + 1, 1);
        want = 4096;
        size_t asked = b->cap - b->len - 1;
        ssize_t r = read(fd, b->s + b->len, asked);
        if (r < 0) {
            if (errno != EINTR)
                err = errno;
            continue;
        }
        if (r == 0)
            break;
        b->len += (size_t)r;
        if (b->len > max_bytes)
            err = EFBIG;
        /* A regular file answers short only at its end: no read for the
         * zero that would confirm it. */
        else if (regular && (size_t)r < asked)
            break;
    }
    close(fd);
    if (err) {
        b->len = 0;
        errno = err;
        return -1;
    }
    b->s[b->len] = '\0';
    return 0;
}

int read_file_limited(const char *path, size_t max_bytes, char **out, size_t *len)
{
    struct strbuf b = {0};
    if (read_file_into(path, max_bytes, &b) != 0) {
        int e = errno;
        sb_free(&b);
        errno = e;
        return -1;
    }
    *len = b.len;
    *out = sb_take(&b);
    return 0;
}

long long now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

long long now_us(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (long long)ts.tv_sec * 1000000 + ts.tv_nsec / 1000;
}

long long wall_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

void format_utc_ms(long long epoch_ms, char *buf, size_t size)
{
    time_t secs = (time_t)(epoch_ms / 1000);
    struct tm tm;
    gmtime_r(&secs, &tm);
    char base[32];
    strftime(base, sizeof base, "%Y-%m-%dT%H:%M:%S", &tm);
    snprintf(buf, size, "%s.%03dZ", base, (int)(epoch_ms % 1000));
}

void sb_append_utf8(struct strbuf *b, unsigned long cp)
{
    if (cp < 0x80) {
        sb_appendc(b, (char)cp);
        return;
    }
    int n = cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
    static const unsigned char lead[] = {0, 0, 0xc0, 0xe0, 0xf0};
    sb_appendc(b, (char)(lead[n] | (cp >> (6 * (n - 1)))));
    for (int k = n - 2; k >= 0; k--)
        sb_appendc(b, (char)(0x80 | ((cp >> (6 * k)) & 0x3f)));
}
