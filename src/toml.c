/* toml.c: [tool.alembic] of pyproject.toml, read by a small TOML reader.
 *
 * The file is read line by line as TOML's grammar is: table headers, and
 * `key = value` lines whose value may run over several lines (multi-line
 * strings, arrays). Nested arrays and inline tables are walked with an
 * explicit stack, so no input drives recursion. A value that cannot be read
 * outside the wanted table costs only its own line: the reader goes back to
 * where the value began and skips to the end of that line. */
#include "toml.h"

#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"

struct scan {
    const char *s;
    size_t len;
    size_t pos;
    int line;
    char msg[200];   /* the last failure, without file and line */
};

/* A value as scanned: what a direct key of the wanted table keeps. */
struct val {
    enum toml_type type;
    struct strbuf str;
    struct strvec items;
    int boolean;
    long long integer;
};

static int fail(struct scan *sc, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static int fail(struct scan *sc, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(sc->msg, sizeof sc->msg, fmt, ap);
    va_end(ap);
    return -1;
}

static int peek(const struct scan *sc)
{
    return sc->pos < sc->len ? (unsigned char)sc->s[sc->pos] : -1;
}

static int peek_at(const struct scan *sc, size_t k)
{
    return sc->pos + k < sc->len ? (unsigned char)sc->s[sc->pos + k] : -1;
}

static void skip_blanks(struct scan *sc)
{
    while (peek(sc) == ' ' || peek(sc) == '\t')
        sc->pos++;
}

/* At a newline (\n or \r\n): consumes it. */
static int take_newline(struct scan *sc)
{
    if (peek(sc) == '\r' && peek_at(sc, 1) == '\n')
        sc->pos++;
    if (peek(sc) != '\n')
        return 0;
    sc->pos++;
    sc->line++;
    return 1;
}

static void skip_to_line_end(struct scan *sc)
{
    while (sc->pos < sc->len && sc->s[sc->pos] != '\n')
        sc->pos++;
}

/* Blanks, newlines and comments: what may come between array items. */
static void skip_space(struct scan *sc)
{
    for (;;) {
        skip_blanks(sc);
        if (peek(sc) == '#')
            skip_to_line_end(sc);
        if (!take_newline(sc))
            return;
    }
}

/* After a value or header: only blanks and a comment before the newline. */
static int at_line_end(struct scan *sc)
{
    skip_blanks(sc);
    if (peek(sc) == '#')
        skip_to_line_end(sc);
    return peek(sc) == -1 || peek(sc) == '\n' || (peek(sc) == '\r' && peek_at(sc, 1) == '\n');
}

static int is_bare_key_char(int c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '-';
}

/* One escape after a backslash in a basic string; pos is on the letter. */
static int scan_escape(struct scan *sc, struct strbuf *out)
{
    static const char from[] = "btnfr\"\\e", to[] = "\b\t\n\f\r\"\\\x1b";
    int c = peek(sc);
    const char *hit = c > 0 ? strchr(from, c) : NULL;
    if (hit) {
        sb_appendc(out, to[hit - from]);
        sc->pos++;
        return 0;
    }
    int digits = c == 'u' ? 4 : c == 'U' ? 8 : c == 'x' ? 2 : 0;
    if (!digits)
        return c < 0x20 ? fail(sc, "unknown escape in a string") : fail(sc, "unknown escape '\\%c' in a string", c);
    unsigned long cp = 0;
    for (int k = 1; k <= digits; k++) {
        int d = peek_at(sc, (size_t)k) < 0 ? -1 : hex_digit_value((char)peek_at(sc, (size_t)k));
        if (d < 0)
            return fail(sc, "'\\%c' needs %d hex digits", c, digits);
        cp = cp * 16 + (unsigned long)d;
    }
    if (cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))
        return fail(sc, "'\\%c' escape is not a Unicode scalar value", c);
    sb_append_utf8(out, cp);
    sc->pos += (size_t)digits + 1;
    return 0;
}

/* In a multi-line basic string, a backslash at the end of a line joins it
 * to the next non-blank character. pos is just after the backslash. */
static int line_ending_backslash(struct scan *sc)
{
    size_t p = sc->pos;
    while (p < sc->len && (sc->s[p] == ' ' || sc->s[p] == '\t'))
        p++;
    if (p >= sc->len || (sc->s[p] != '\n' && !(sc->s[p] == '\r' && p + 1 < sc->len && sc->s[p + 1] == '\n')))
        return 0;
    sc->pos = p;
    for (;;) {
        skip_blanks(sc);
        if (!take_newline(sc))
            return 1;
    }
}

/* A string of any of the four kinds, at its opening quote, into out. Keys
 * may not be multi-line. */
static int scan_string(struct scan *sc, struct strbuf *out, int is_key)
{
    char q = sc->s[sc->pos];
    int multi = peek_at(sc, 1) == q && peek_at(sc, 2) == q;
    sb_appendn(out, "", 0);
    if (multi && is_key)
        return fail(sc, "a key cannot be a multi-line string");
    sc->pos += multi ? 3 : 1;
    if (multi)
        take_newline(sc); /* a newline right after the opening quotes is not content */
    for (;;) {
        int c = peek(sc);
        if (c < 0)
            return fail(sc, "unterminated string");
        if (c == q) {
            size_t run = 1;
            while (run < 6 && peek_at(sc, run) == q)
                run++;
            if (!multi) {
                sc->pos++;
                return 0;
            }
            if (run >= 3) {
                if (run > 5)
                    return fail(sc, "too many quotes at the end of a multi-line string");
                sb_appendn(out, sc->s + sc->pos, run - 3);
                sc->pos += run;
                return 0;
            }
            sb_appendn(out, sc->s + sc->pos, run);
            sc->pos += run;
            continue;
        }
        if (c == '\n' || (c == '\r' && peek_at(sc, 1) == '\n')) {
            if (!multi)
                return fail(sc, "a newline inside a one-line string");
            take_newline(sc);
            sb_appendc(out, '\n');
            continue;
        }
        if ((c < 0x20 && c != '\t') || c == 0x7f)
            return fail(sc, "control character 0x%02x in a string", c);
        sc->pos++;
        if (c == '\\' && q == '"') {
            if (multi && line_ending_backslash(sc))
                continue;
            if (scan_escape(sc, out))
                return -1;
            continue;
        }
        sb_appendc(out, (char)c);
    }
}

/* A dotted key (a.b."c d".'e') into parts, replacing what parts held. */
static int scan_key(struct scan *sc, struct strvec *parts)
{
    sv_free(parts);
    for (;;) {
        skip_blanks(sc);
        if (parts->n >= TOML_MAX_KEY_PARTS)
            return fail(sc, "a key of more than %d parts", TOML_MAX_KEY_PARTS);
        int c = peek(sc);
        if (c == '"' || c == '\'') {
            struct strbuf b = {0};
            if (scan_string(sc, &b, 1)) {
                sb_free(&b);
                return -1;
            }
            sv_push_owned(parts, sb_take(&b));
        } else if (is_bare_key_char(c)) {
            size_t start = sc->pos;
            while (is_bare_key_char(peek(sc)))
                sc->pos++;
            sv_push_owned(parts, xstrndup(sc->s + start, sc->pos - start));
        } else {
            return fail(sc, "expected a key");
        }
        skip_blanks(sc);
        if (peek(sc) != '.')
            return 0;
        sc->pos++;
    }
}

/* TOML's integers: decimal with single underscores between digits, no
 * leading zero; 0x, 0o, 0b without sign. 0 on success. */
static int parse_integer(const char *w, size_t n, long long *out)
{
    size_t i = 0;
    int neg = 0, base = 10;
    if (n && (w[0] == '+' || w[0] == '-')) {
        neg = w[0] == '-';
        i = 1;
    } else if (n > 2 && w[0] == '0' && strchr("xob", w[1])) {
        base = w[1] == 'x' ? 16 : w[1] == 'o' ? 8 : 2;
        i = 2;
    }
    if (i >= n || (base == 10 && w[i] == '0' && i + 1 < n))
        return -1;
    unsigned long long v = 0;
    int prev_digit = 0;
    for (; i < n; i++) {
        if (w[i] == '_' && prev_digit && i + 1 < n) {
            prev_digit = 0;
            continue;
        }
        int d = hex_digit_value(w[i]);
        if (d < 0 || d >= base)
            return -1;
        if (v > (0x7fffffffffffffffULL - (unsigned)d) / (unsigned)base)
            return -1;
        v = v * (unsigned)base + (unsigned)d;
        prev_digit = 1;
    }
    if (!prev_digit)
        return -1;
    *out = neg ? -(long long)v : (long long)v;
    return 0;
}

/* A bare value: true, false, an integer, or a float or date kept as other. */
static int scan_bare(struct scan *sc, struct val *v)
{
    size_t start = sc->pos;
    for (;;) {
        while (isalnum(peek(sc)) || (peek(sc) > 0 && strchr("_+-.:", peek(sc))))
            sc->pos++;
        /* A date and a time may be separated by one space. */
        size_t n = sc->pos - start;
        if (n == 10 && sc->s[start + 4] == '-' && sc->s[start + 7] == '-' && peek(sc) == ' ' &&
            isdigit(peek_at(sc, 1))) {
            sc->pos++;
            continue;
        }
        break;
    }
    const char *w = sc->s + start;
    size_t n = sc->pos - start;
    if (n == 0)
        return peek(sc) < 0 ? fail(sc, "expected a value") : fail(sc, "expected a value, found '%c'", peek(sc));
    if ((n == 4 && memcmp(w, "true", 4) == 0) || (n == 5 && memcmp(w, "false", 5) == 0)) {
        v->type = TOML_BOOL;
        v->boolean = n == 4;
        return 0;
    }
    if (parse_integer(w, n, &v->integer) == 0) {
        v->type = TOML_INT;
        return 0;
    }
    size_t sign = w[0] == '+' || w[0] == '-';
    const char *tail = w + sign;
    if (isdigit((unsigned char)w[0]) || (sign && n > 1 && isdigit((unsigned char)tail[0])) ||
        (n - sign == 3 && (memcmp(tail, "inf", 3) == 0 || memcmp(tail, "nan", 3) == 0))) {
        v->type = TOML_OTHER;
        return 0;
    }
    while (n < 40 && start + n < sc->len && !strchr(" \t\r\n,]}#", w[n]))
        n++; /* the whole word, for the message */
    return fail(sc, "'%.*s' is not a TOML value (strings need quotes)", (int)n, w);
}

enum want { W_VALUE, W_SEP, W_KEY, W_EQ };

/* An array or inline table, at its opening bracket, walked with an explicit
 * stack. The strings directly in a top-level array are kept; anything else
 * in it makes the whole value "other". */
static int scan_composite(struct scan *sc, struct val *v)
{
    char open[TOML_MAX_DEPTH];
    enum want state[TOML_MAX_DEPTH];
    struct strvec parts = {0};
    struct strbuf tmp = {0};
    int depth = 0, rc = 0;
    v->type = peek(sc) == '[' ? TOML_STRING_ARRAY : TOML_OTHER;
    open[depth] = (char)peek(sc);
    state[depth++] = peek(sc) == '[' ? W_VALUE : W_KEY;
    sc->pos++;
    while (depth > 0 && rc == 0) {
        skip_space(sc);
        int c = peek(sc), d = depth - 1, top_array = depth == 1 && open[0] == '[';
        if (c < 0) {
            rc = fail(sc, "unterminated %s", open[d] == '[' ? "array" : "inline table");
        } else if ((c == ']' && open[d] == '[' && state[d] != W_EQ && state[d] != W_KEY) ||
                   (c == '}' && open[d] == '{' && (state[d] == W_SEP || state[d] == W_KEY))) {
            sc->pos++;
            if (--depth > 0)
                state[depth - 1] = W_SEP;
        } else if (state[d] == W_SEP) {
            if (c != ',')
                rc = fail(sc, "expected ',' or '%c'", open[d] == '[' ? ']' : '}');
            sc->pos++;
            state[d] = open[d] == '[' ? W_VALUE : W_KEY;
        } else if (state[d] == W_KEY) {
            rc = scan_key(sc, &parts);
            state[d] = W_EQ;
        } else if (state[d] == W_EQ) {
            if (c != '=')
                rc = fail(sc, "expected '=' after a key in an inline table");
            sc->pos++;
            state[d] = W_VALUE;
        } else if (c == '[' || c == '{') {
            if (depth >= TOML_MAX_DEPTH) {
                rc = fail(sc, "arrays and tables nest deeper than %d levels", TOML_MAX_DEPTH);
                break;
            }
            if (top_array)
                v->type = TOML_OTHER;
            state[d] = W_SEP;
            open[depth] = (char)c;
            state[depth++] = c == '[' ? W_VALUE : W_KEY;
            sc->pos++;
        } else if (c == '"' || c == '\'') {
            sb_free(&tmp);
            rc = scan_string(sc, &tmp, 0);
            if (rc == 0 && top_array && v->type == TOML_STRING_ARRAY) {
                if (v->items.n >= TOML_MAX_ITEMS)
                    rc = fail(sc, "an array of more than %d strings", TOML_MAX_ITEMS);
                else
                    sv_push_owned(&v->items, sb_take(&tmp));
            }
            state[d] = W_SEP;
        } else {
            struct val scalar = {0};
            rc = scan_bare(sc, &scalar);
            if (top_array)
                v->type = TOML_OTHER;
            state[d] = W_SEP;
        }
    }
    sv_free(&parts);
    sb_free(&tmp);
    return rc;
}

static int scan_value(struct scan *sc, struct val *v)
{
    int c = peek(sc);
    if (c == '"' || c == '\'') {
        v->type = TOML_STRING;
        return scan_string(sc, &v->str, 0);
    }
    if (c == '[' || c == '{')
        return scan_composite(sc, v);
    return scan_bare(sc, v);
}

static void val_free(struct val *v)
{
    sb_free(&v->str);
    sv_free(&v->items);
}

/* [a.b] or [[a.b]], at the '['. */
static int scan_header(struct scan *sc, struct strvec *path, int *array)
{
    *array = peek_at(sc, 1) == '[';
    sc->pos += *array ? 2 : 1;
    if (scan_key(sc, path))
        return -1;
    if (peek(sc) != ']' || (*array && peek_at(sc, 1) != ']'))
        return fail(sc, "expected '%s' to end the table header", *array ? "]]" : "]");
    sc->pos += *array ? 2 : 1;
    return 0;
}

/* How a key path relates to the wanted table: -1 unrelated, 0 the table
 * itself, 1 a direct key, 2 deeper. */
static int relation(const struct strvec *prefix, const struct strvec *key, const char *const *want, size_t n_want)
{
    size_t n = prefix->n + key->n;
    if (n < n_want)
        return -1;
    for (size_t i = 0; i < n_want; i++) {
        const char *part = i < prefix->n ? prefix->v[i] : key->v[i - prefix->n];
        if (strcmp(part, want[i]) != 0)
            return -1;
    }
    return n == n_want ? 0 : n == n_want + 1 ? 1 : 2;
}

void toml_table_free(struct toml_table *t)
{
    for (size_t i = 0; i < t->n; i++) {
        free(t->e[i].key);
        free(t->e[i].str);
        for (size_t k = 0; k < t->e[i].n_items; k++)
            free(t->e[i].items[k]);
        free(t->e[i].items);
    }
    free(t->e);
    memset(t, 0, sizeof *t);
}

const struct toml_entry *toml_get(const struct toml_table *t, const char *key)
{
    for (size_t i = 0; i < t->n; i++)
        if (strcmp(t->e[i].key, key) == 0)
            return &t->e[i];
    return NULL;
}

static void add_entry(struct toml_table *t, const char *key, struct val *v, int line)
{
    xgrow(&t->e, &t->cap, t->n + 1, sizeof *t->e);
    struct toml_entry *e = &t->e[t->n++];
    memset(e, 0, sizeof *e);
    e->key = xstrdup(key);
    e->type = v->type;
    e->line = line;
    e->boolean = v->boolean;
    e->integer = v->integer;
    if (v->type == TOML_STRING)
        e->str = sb_take(&v->str);
    if (v->type == TOML_STRING_ARRAY) {
        e->n_items = v->items.n;
        e->items = v->items.n ? v->items.v : xcalloc(1, sizeof *e->items);
        memset(&v->items, 0, sizeof v->items);
    }
}

struct reader {
    struct scan sc;
    struct strvec table;    /* the current table header's path */
    int table_rel;          /* relation of the current table to the wanted one */
    const char *const *want;
    size_t n_want;
    struct toml_table *out;
};

/* A table header line. Returns 0, 1 (skip the line) or -1 (an error). */
static int read_header(struct reader *r)
{
    int line = r->sc.line, array;
    struct strvec none = {0};
    if (scan_header(&r->sc, &r->table, &array)) {
        sv_free(&r->table);
        r->table_rel = -1;
        return 1;
    }
    r->table_rel = relation(&r->table, &none, r->want, r->n_want);
    if (!at_line_end(&r->sc)) {
        int rel = r->table_rel;
        sv_free(&r->table);
        r->table_rel = -1;
        return rel >= 0 ? fail(&r->sc, "unexpected text after the table header") : 1;
    }
    if (r->table_rel != 0)
        return 0;
    if (array)
        return fail(&r->sc, "[[...]] makes this an array of tables; Alembic reads one table");
    if (r->out->found)
        return fail(&r->sc, "the table is defined twice (first on line %d)", r->out->line);
    r->out->found = 1;
    r->out->line = line;
    return 0;
}

/* A `key = value` line. Returns 0, 1 (skip the line) or -1 (an error). */
static int read_key_value(struct reader *r, struct strvec *key)
{
    struct scan *sc = &r->sc;
    int line = sc->line, inside = r->table_rel >= 0;
    if (scan_key(sc, key))
        return inside ? -1 : 1;
    int rel = relation(&r->table, key, r->want, r->n_want);
    if (peek(sc) != '=')
        return rel >= 0 || inside ? fail(sc, "expected '=' after the key") : 1;
    sc->pos++;
    skip_blanks(sc);
    size_t value_pos = sc->pos;
    int value_line = sc->line;
    struct val v = {0};
    int rc = 0;
    if (scan_value(sc, &v) || !at_line_end(sc)) {
        if (rel >= 0) {
            if (!sc->msg[0])
                fail(sc, "unexpected text after the value");
            rc = -1;
        } else {
            sc->pos = value_pos; /* only this line is lost */
            sc->line = value_line;
            rc = 1;
        }
    } else if (rel == 0) {
        rc = fail(sc, "'%s' is given a value; Alembic reads it as a table: write [%s.%s]", key->v[key->n - 1],
                  r->want[0], r->n_want > 1 ? r->want[1] : "");
    } else if (rel >= 1) {
        if (!r->out->found) {
            r->out->found = 1;
            r->out->line = line;
        }
        if (rel == 1 && toml_get(r->out, key->v[key->n - 1])) {
            sc->line = line;
            rc = fail(sc, "'%s' is set twice", key->v[key->n - 1]);
        } else if (rel == 1) {
            add_entry(r->out, key->v[key->n - 1], &v, line);
        }
    }
    val_free(&v);
    return rc;
}

int toml_read_table(const char *text, size_t len, const char *path, const char *const *want, size_t n_want,
                    struct toml_table *out, char *err, size_t errlen)
{
    memset(out, 0, sizeof *out);
    struct reader r = {.sc = {.s = text, .len = len, .line = 1}, .table_rel = -1, .want = want, .n_want = n_want,
                       .out = out};
    if (len >= 3 && memcmp(text, "\xef\xbb\xbf", 3) == 0)
        r.sc.pos = 3;
    struct strvec key = {0};
    int rc = 0;
    while (rc >= 0) {
        skip_blanks(&r.sc);
        int c = peek(&r.sc);
        if (c < 0)
            break;
        if (take_newline(&r.sc))
            continue;
        r.sc.msg[0] = '\0';
        if (c == '#')
            rc = 1;
        else if (c == '[')
            rc = read_header(&r);
        else
            rc = read_key_value(&r, &key);
        if (rc == 1) {
            skip_to_line_end(&r.sc);
            rc = 0;
        }
    }
    if (rc < 0) {
        snprintf(err, errlen, "%s:%d: %s", path, r.sc.line, r.sc.msg);
        toml_table_free(out);
    }
    sv_free(&key);
    sv_free(&r.table);
    return rc < 0 ? -1 : 0;
}

char *toml_interpolate(const char *value, const char *here, char *err, size_t errlen)
{
    struct strbuf b = {0};
    sb_appendn(&b, "", 0);
    for (const char *p = value; *p;) {
        const char *pct = strchr(p, '%');
        if (!pct) {
            sb_append(&b, p);
            break;
        }
        sb_appendn(&b, p, (size_t)(pct - p));
        if (pct[1] == '%') {
            sb_appendc(&b, '%');
            p = pct + 2;
        } else if (strncmp(pct, "%(here)s", 8) == 0) {
            sb_append(&b, here);
            p = pct + 8;
        } else {
            snprintf(err, errlen, "'%%' must be written '%%%%' or be %%(here)s (the only name Alembic gives a "
                     "pyproject.toml value)");
            sb_free(&b);
            return NULL;
        }
    }
    return sb_take(&b);
}

const char *toml_type_name(enum toml_type t)
{
    static const char *const names[] = {"a string", "an array of strings", "a boolean", "an integer",
                                        "another kind of value"};
    return names[t];
}
