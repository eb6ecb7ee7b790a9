/* sql.c: the SQL of op.execute(...) as generic ops. A lexer turns the string
 * into tokens (comments dropped, strings and dollar-quoted bodies kept as one
 * token each, identifiers folded and cut as PostgreSQL does); each statement
 * is dispatched on its first words through heads[] to a handler that reads
 * it with a cursor. Nesting is counted, never recursed into. */
#include "sql.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sanames.h"
#include "util.h"

/* ---- lexer ---- */

enum tk { T_WORD, T_QUOTED, T_STRING, T_NUMBER, T_PUNCT, T_OP, T_BODY };

struct tok {
    enum tk kind;
    char *text; /* words folded to lower case; identifiers cut to 63 bytes */
};

struct toks {
    struct tok *t;
    size_t n, cap;
    size_t comments; /* comments the lexer dropped */
};

static void toks_free(struct toks *s)
{
    for (size_t i = 0; i < s->n; i++)
        free(s->t[i].text);
    free(s->t);
    memset(s, 0, sizeof *s);
}

static void push(struct toks *s, enum tk kind, char *text)
{
    xgrow(&s->t, &s->cap, s->n + 1, sizeof *s->t);
    s->t[s->n].kind = kind;
    s->t[s->n].text = text;
    s->n++;
}

static int is_ident_start(unsigned char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c >= 0x80;
}

static int is_ident_char(unsigned char c)
{
    return is_ident_start(c) || (c >= '0' && c <= '9') || c == '$';
}

static int is_digit(unsigned char c)
{
    return c >= '0' && c <= '9';
}

/* An identifier as the server keeps it: cut to 63 bytes (truncate_identifier). */
static char *ident_text(char *s)
{
    char *cut = pg_truncate_name(s);
    free(s);
    return cut;
}

/* Each lexer step reads one token or skip at s[i]: returns the bytes
 * consumed, 0 when it does not apply, -1 when the text is malformed. */
typedef long (*lex_fn)(const char *s, size_t i, size_t len, struct toks *out);

static long lex_space(const char *s, size_t i, size_t len, struct toks *out)
{
    size_t j = i;
    while (j < len && (s[j] == ' ' || s[j] == '\t' || s[j] == '\n' || s[j] == '\r' || s[j] == '\f' ||
                       s[j] == '\v'))
        j++;
    return (long)(j - i);
}

static long lex_line_comment(const char *s, size_t i, size_t len, struct toks *out)
{
    if (s[i] != '-' || i + 1 >= len || s[i + 1] != '-')
        return 0;
    out->comments++;
    size_t j = i;
    while (j < len && s[j] != '\n')
        j++;
    return (long)(j - i);
}

/* Block comments nest in PostgreSQL; the depth is a counter. */
static long lex_block_comment(const char *s, size_t i, size_t len, struct toks *out)
{
    if (s[i] != '/' || i + 1 >= len || s[i + 1] != '*')
        return 0;
    out->comments++;
    size_t j = i + 2, depth = 1;
    while (j < len && depth > 0) {
        if (s[j] == '/' && j + 1 < len && s[j + 1] == '*') {
            depth++;
            j += 2;
        } else if (s[j] == '*' && j + 1 < len && s[j + 1] == '/') {
            depth--;
            j += 2;
        } else {
            j++;
        }
    }
    return depth ? -1 : (long)(j - i);
}

/* 'x', E'x' (backslash escapes), and the B/X/N/U& prefixed forms. */
static long lex_string(const char *s, size_t i, size_t len, struct toks *out)
{
    size_t j = i;
    int escapes = 0;
    char c = s[i];
    if ((c == 'e' || c == 'E') && i + 1 < len && s[i + 1] == '\'') {
        escapes = 1;
        j++;
    } else if (strchr("bBxXnN", c) && c && i + 1 < len && s[i + 1] == '\'') {
        j++;
    } else if ((c == 'u' || c == 'U') && i + 2 < len && s[i + 1] == '&' && s[i + 2] == '\'') {
        j += 2;
    } else if (c != '\'') {
        return 0;
    }
    j++;
    struct strbuf b = {0};
    sb_appendn(&b, "", 0);
    for (;;) {
        if (j >= len) {
            sb_free(&b);
            return -1;
        }
        if (escapes && s[j] == '\\' && j + 1 < len) {
            sb_appendc(&b, s[j + 1]);
            j += 2;
        } else if (s[j] == '\'' && j + 1 < len && s[j + 1] == '\'') {
            sb_appendc(&b, '\'');
            j += 2;
        } else if (s[j] == '\'') {
            j++;
            break;
        } else {
            sb_appendc(&b, s[j++]);
        }
    }
    push(out, T_STRING, sb_take(&b));
    return (long)(j - i);
}

static long lex_quoted(const char *s, size_t i, size_t len, struct toks *out)
{
    if (s[i] != '"')
        return 0;
    size_t j = i + 1;
    struct strbuf b = {0};
    sb_appendn(&b, "", 0);
    for (;;) {
        if (j >= len) {
            sb_free(&b);
            return -1;
        }
        if (s[j] == '"' && j + 1 < len && s[j + 1] == '"') {
            sb_appendc(&b, '"');
            j += 2;
        } else if (s[j] == '"') {
            j++;
            break;
        } else {
            sb_appendc(&b, s[j++]);
        }
    }
    if (b.len == 0) { /* "" is not an identifier */
        sb_free(&b);
        return -1;
    }
    push(out, T_QUOTED, ident_text(sb_take(&b)));
    return (long)(j - i);
}

/* $$body$$ and $tag$body$tag$: the body is one token, never looked into. A
 * '$' followed by digits is a parameter ($1). */
static long lex_dollar(const char *s, size_t i, size_t len, struct toks *out)
{
    if (s[i] != '$')
        return 0;
    size_t j = i + 1;
    if (j < len && is_digit((unsigned char)s[j])) {
        while (j < len && is_digit((unsigned char)s[j]))
            j++;
        push(out, T_OP, xstrndup(s + i, j - i));
        return (long)(j - i);
    }
    if (j < len && is_ident_start((unsigned char)s[j]))
        while (j < len && is_ident_char((unsigned char)s[j]) && s[j] != '$')
            j++;
    if (j >= len || s[j] != '$')
        return -1;
    size_t taglen = j + 1 - i;
    const char *tag = s + i;
    for (size_t k = j + 1; k + taglen <= len; k++) {
        if (memcmp(s + k, tag, taglen) == 0) {
            push(out, T_BODY, xstrndup(s + j + 1, k - (j + 1)));
            return (long)(k + taglen - i);
        }
    }
    return -1;
}

static long lex_word(const char *s, size_t i, size_t len, struct toks *out)
{
    if (!is_ident_start((unsigned char)s[i]))
        return 0;
    size_t j = i;
    while (j < len && is_ident_char((unsigned char)s[j]))
        j++;
    char *w = xstrndup(s + i, j - i);
    /* Unquoted identifiers fold ASCII letters only, as downcase_identifier does for UTF-8. */
    for (char *p = w; *p; p++)
        if (*p >= 'A' && *p <= 'Z')
            *p = (char)(*p - 'A' + 'a');
    push(out, T_WORD, ident_text(w));
    return (long)(j - i);
}

static long lex_number(const char *s, size_t i, size_t len, struct toks *out)
{
    if (!is_digit((unsigned char)s[i]) && !(s[i] == '.' && i + 1 < len && is_digit((unsigned char)s[i + 1])))
        return 0;
    size_t j = i;
    while (j < len && (is_ident_char((unsigned char)s[j]) || s[j] == '.' ||
                       ((s[j] == '+' || s[j] == '-') && (s[j - 1] == 'e' || s[j - 1] == 'E'))))
        j++;
    push(out, T_NUMBER, xstrndup(s + i, j - i));
    return (long)(j - i);
}

static long lex_punct(const char *s, size_t i, size_t len, struct toks *out)
{
    if (!strchr("()[],;.", s[i]) || !s[i])
        return 0;
    push(out, T_PUNCT, xstrndup(s + i, 1));
    return 1;
}

/* Operators: a run of operator characters (::, =, <>, ||, ...). */
static long lex_operator(const char *s, size_t i, size_t len, struct toks *out)
{
    static const char opchars[] = "+-*/<>=~!@#%^&|`?:";
    size_t j = i;
    while (j < len && s[j] && strchr(opchars, s[j]) &&
           !(s[j] == '-' && j + 1 < len && s[j + 1] == '-' && j > i) &&
           !(s[j] == '/' && j + 1 < len && s[j + 1] == '*' && j > i))
        j++;
    if (j == i)
        return -1; /* a character no SQL token starts with */
    push(out, T_OP, xstrndup(s + i, j - i));
    return (long)(j - i);
}

static const lex_fn lexers[] = {lex_space, lex_line_comment, lex_block_comment, lex_string, lex_quoted,
                                lex_dollar, lex_word,        lex_number,        lex_punct,  lex_operator};

/* 0 when the text is malformed (unterminated string, comment or body). */
static int sql_lex(const char *s, struct toks *out)
{
    size_t i = 0, len = strlen(s);
    while (i < len) {
        long n = 0;
        for (size_t k = 0; k < sizeof lexers / sizeof lexers[0] && n == 0; k++)
            n = lexers[k](s, i, len, out);
        if (n <= 0)
            return 0;
        i += (size_t)n;
    }
    return 1;
}

/* ---- cursor ---- */

struct cur {
    const struct tok *t;
    size_t i, end;
};

static int at_word(const struct cur *c, const char *w)
{
    return c->i < c->end && c->t[c->i].kind == T_WORD && strcmp(c->t[c->i].text, w) == 0;
}

static int at_punct(const struct cur *c, const char *p)
{
    return c->i < c->end && c->t[c->i].kind == T_PUNCT && strcmp(c->t[c->i].text, p) == 0;
}

static int at_end(const struct cur *c)
{
    return c->i >= c->end;
}

/* Accepts the space-separated words of phrase in order, or nothing. */
static int accept(struct cur *c, const char *phrase)
{
    size_t save = c->i;
    const char *p = phrase;
    while (*p) {
        const char *sp = strchr(p, ' ');
        size_t n = sp ? (size_t)(sp - p) : strlen(p);
        if (!(c->i < c->end && c->t[c->i].kind == T_WORD && strlen(c->t[c->i].text) == n &&
              memcmp(c->t[c->i].text, p, n) == 0)) {
            c->i = save;
            return 0;
        }
        c->i++;
        p += n + (sp != NULL);
    }
    return 1;
}

static int accept_punct(struct cur *c, const char *p)
{
    if (!at_punct(c, p))
        return 0;
    c->i++;
    return 1;
}

static const char *ident(struct cur *c)
{
    if (at_end(c) || (c->t[c->i].kind != T_WORD && c->t[c->i].kind != T_QUOTED))
        return NULL;
    return c->t[c->i++].text;
}

/* [catalog.][schema.]name; *schema NULL when unqualified. */
static int qualified(struct cur *c, const char **schema, const char **name)
{
    const char *parts[3];
    size_t n = 0;
    do {
        if (n == 3 || !(parts[n] = ident(c)))
            return 0;
        n++;
    } while (accept_punct(c, "."));
    *schema = n >= 2 ? parts[n - 2] : NULL;
    *name = parts[n - 1];
    return 1;
}

/* Scans from c->i keeping the bracket depth: with `at_comma`, to the first
 * ',' at depth 0 (the end of a list element); without, to the bracket that
 * closes the one at c->i. c->end when there is none. */
static size_t depth_scan(const struct cur *c, int at_comma)
{
    size_t depth = 0;
    for (size_t k = c->i; k < c->end; k++) {
        if (c->t[k].kind != T_PUNCT)
            continue;
        char ch = c->t[k].text[0];
        if (ch == '(' || ch == '[') {
            depth++;
        } else if ((ch == ')' || ch == ']') && depth > 0) {
            if (--depth == 0 && !at_comma)
                return k;
        } else if (ch == ',' && depth == 0 && at_comma) {
            return k;
        }
    }
    return c->end;
}

/* The index of the ')' closing the '(' at c->i, or c->end. */
static size_t close_paren(const struct cur *c)
{
    return depth_scan(c, 0);
}

/* Skips a balanced (...) at the cursor; 0 when there is none or it is unclosed. */
static int skip_parens(struct cur *c)
{
    if (!at_punct(c, "("))
        return 0;
    size_t k = close_paren(c);
    if (k >= c->end)
        return 0;
    c->i = k + 1;
    return 1;
}

/* Calls fn on each top-level element of the list (a, b, ...) at the cursor
 * (or, with no parenthesis, up to end). Returns 0 when fn fails on one. */
typedef int (*elem_fn)(struct cur *elem, void *arg);

static int each_element(struct cur *c, size_t end, elem_fn fn, void *arg)
{
    while (c->i < end) {
        struct cur e = {c->t, c->i, 0};
        struct cur lim = {c->t, c->i, end};
        e.end = depth_scan(&lim, 1);
        if (e.end == e.i || !fn(&e, arg))
            return 0;
        c->i = e.end < end ? e.end + 1 : end;
        if (e.end < end && c->i == end)
            return 0; /* a trailing comma */
    }
    return 1;
}

/* The contents of (...) at the cursor as a sub-cursor; the cursor moves past it. */
static int paren_list(struct cur *c, struct cur *inner)
{
    if (!at_punct(c, "("))
        return 0;
    size_t k = close_paren(c);
    if (k >= c->end)
        return 0;
    *inner = (struct cur){c->t, c->i + 1, k};
    c->i = k + 1;
    return 1;
}

static int push_ident_elem(struct cur *e, void *arg)
{
    const char *n = ident(e);
    if (!n || !at_end(e))
        return 0;
    sv_push(arg, n);
    return 1;
}

/* (a, b, c): plain column names only. */
static int name_list(struct cur *c, struct strvec *out)
{
    struct cur in;
    return paren_list(c, &in) && in.i < in.end && each_element(&in, in.end, push_ident_elem, out);
}

static char *join(const struct strvec *v, const char *sep)
{
    struct strbuf b = {0};
    sb_appendn(&b, "", 0);
    for (size_t i = 0; i < v->n; i++) {
        if (i)
            sb_append(&b, sep);
        sb_append(&b, v->v[i]);
    }
    return sb_take(&b);
}

/* ---- names PostgreSQL chooses ---- */

/* ChooseIndexNameAddition of a column list. */
static char *name_addition(const struct strvec *cols)
{
    return pg_name_addition((const char *const *)cols->v, cols->n);
}

/* ChooseConstraintName / ChooseRelationName: label, label1, label2, ...
 * until the name is not among taken (the names this statement chose). */
static char *choose_name(const char *table, const char *addition, const char *label, struct strvec *taken)
{
    for (size_t pass = 0;; pass++) {
        char mod[32];
        if (pass)
            snprintf(mod, sizeof mod, "%s%zu", label, pass);
        else
            snprintf(mod, sizeof mod, "%s", label);
        char *name = pg_object_name(table, addition, mod);
        if (!sv_contains(taken, name) || pass > taken->n) {
            sv_push(taken, name);
            return name;
        }
        free(name);
    }
}

/* ---- types ---- */

enum typmod { TM_NONE, TM_LEN, TM_NUMERIC, TM_FLOAT, TM_TIME };

struct type_row {
    const char *words;  /* as accept() takes them */
    const char *name;   /* format_type's name */
    enum typmod mod;
    const char *dflt;   /* the typmod the name implies when none is written ("1" for char), or NULL */
    int tz;             /* 1: may be followed by WITH/WITHOUT TIME ZONE; 2: always with */
    const char *serial; /* serial pseudo-types: the real type */
};

/* Longer phrases before their prefixes. Names not listed are their own canonical form. */
static const struct type_row type_rows[] = {
    {"double precision", "double precision", TM_NONE, NULL, 0, NULL},
    {"character varying", "character varying", TM_LEN, NULL, 0, NULL},
    {"char varying", "character varying", TM_LEN, NULL, 0, NULL},
    {"bit varying", "bit varying", TM_LEN, NULL, 0, NULL},
    {"varchar", "character varying", TM_LEN, NULL, 0, NULL},
    {"character", "character", TM_LEN, "1", 0, NULL},
    {"char", "character", TM_LEN, "1", 0, NULL},
    {"bit", "bit", TM_LEN, "1", 0, NULL},
    {"varbit", "bit varying", TM_LEN, NULL, 0, NULL},
    {"smallint", "smallint", TM_NONE, NULL, 0, NULL},
    {"int2", "smallint", TM_NONE, NULL, 0, NULL},
    {"integer", "integer", TM_NONE, NULL, 0, NULL},
    {"int", "integer", TM_NONE, NULL, 0, NULL},
    {"int4", "integer", TM_NONE, NULL, 0, NULL},
    {"bigint", "bigint", TM_NONE, NULL, 0, NULL},
    {"int8", "bigint", TM_NONE, NULL, 0, NULL},
    {"smallserial", "smallint", TM_NONE, NULL, 0, "smallint"},
    {"serial2", "smallint", TM_NONE, NULL, 0, "smallint"},
    {"serial", "integer", TM_NONE, NULL, 0, "integer"},
    {"serial4", "integer", TM_NONE, NULL, 0, "integer"},
    {"bigserial", "bigint", TM_NONE, NULL, 0, "bigint"},
    {"serial8", "bigint", TM_NONE, NULL, 0, "bigint"},
    {"real", "real", TM_NONE, NULL, 0, NULL},
    {"float4", "real", TM_NONE, NULL, 0, NULL},
    {"float8", "double precision", TM_NONE, NULL, 0, NULL},
    {"float", "double precision", TM_FLOAT, NULL, 0, NULL},
    {"numeric", "numeric", TM_NUMERIC, NULL, 0, NULL},
    {"decimal", "numeric", TM_NUMERIC, NULL, 0, NULL},
    {"dec", "numeric", TM_NUMERIC, NULL, 0, NULL},
    {"bool", "boolean", TM_NONE, NULL, 0, NULL},
    {"boolean", "boolean", TM_NONE, NULL, 0, NULL},
    {"timestamptz", "timestamp", TM_TIME, NULL, 2, NULL},
    {"timestamp", "timestamp", TM_TIME, NULL, 1, NULL},
    {"timetz", "time", TM_TIME, NULL, 2, NULL},
    {"time", "time", TM_TIME, NULL, 1, NULL},
    {"interval", "interval", TM_LEN, NULL, 0, NULL},
};

/* Words that end a type in a column definition (and cannot be a type name). */
static int ends_type(const struct cur *c)
{
    static const char *const stop[] = {"constraint", "not",     "null",       "default",   "primary",
                                       "unique",     "references", "check",   "generated", "collate",
                                       "deferrable", "initially", "using",    "with",      "compression",
                                       "storage",    "array"};
    if (at_end(c) || c->t[c->i].kind != T_WORD)
        return 1;
    for (size_t k = 0; k < sizeof stop / sizeof stop[0]; k++)
        if (strcmp(c->t[c->i].text, stop[k]) == 0)
            return 1;
    return 0;
}

/* format_type quotes a name that is not a plain lower-case identifier. */
static void append_type_ident(struct strbuf *b, const char *name)
{
    int plain = name[0] && !is_digit((unsigned char)name[0]);
    for (const char *p = name; *p; p++)
        if (!((*p >= 'a' && *p <= 'z') || is_digit((unsigned char)*p) || *p == '_'))
            plain = 0;
    if (plain) {
        sb_append(b, name);
        return;
    }
    sb_appendc(b, '"');
    for (const char *p = name; *p; p++) {
        if (*p == '"')
            sb_appendc(b, '"');
        sb_appendc(b, *p);
    }
    sb_appendc(b, '"');
}

/* The numbers of (n[, m]) at the cursor, as written; 0 when absent, -1 when
 * not plain numbers. */
static int typmod_args(struct cur *c, char *a, char *b, size_t size)
{
    struct cur in;
    if (!at_punct(c, "("))
        return 0;
    if (!paren_list(c, &in))
        return -1;
    a[0] = b[0] = 0;
    for (int k = 0; k < 2 && in.i < in.end; k++) {
        if (in.t[in.i].kind != T_NUMBER)
            return -1;
        snprintf(k ? b : a, size, "%s", in.t[in.i++].text);
        if (in.i < in.end && !accept_punct(&in, ","))
            return -1;
    }
    return in.i == in.end && a[0] ? 1 : -1;
}

struct type_out {
    char *name;          /* canonical, or NULL when the text is not a type */
    const char *serial;  /* the serial pseudo-type's real type, or NULL */
};

/* A known type's name with its modifiers in format_type's layout. */
static int known_type(struct cur *c, const struct type_row *r, int keep, struct strbuf *b)
{
    char a[32], m[32];
    int got = typmod_args(c, a, m, sizeof a);
    if (got < 0 || (got && r->mod == TM_NONE) || (got && m[0] && r->mod != TM_NUMERIC))
        return 0;
    const char *name = r->name;
    if (r->mod == TM_FLOAT)
        name = got && atoi(a) <= 24 ? "real" : "double precision";
    sb_append(b, name);
    if (keep && r->mod == TM_NUMERIC && got)
        sb_appendf(b, "(%s,%s)", a, m[0] ? m : "0");
    else if (keep && (r->mod == TM_LEN || r->mod == TM_TIME) && (got || r->dflt))
        sb_appendf(b, "(%s)", got ? a : r->dflt);
    int with = r->tz == 2;
    if (r->tz == 1 && accept(c, "with time zone"))
        with = 1;
    else if (r->tz == 1)
        accept(c, "without time zone");
    if (r->tz)
        sb_append(b, with ? " with time zone" : " without time zone");
    if (strcmp(r->name, "interval") == 0)
        while (accept(c, "year") || accept(c, "month") || accept(c, "day") || accept(c, "hour") ||
               accept(c, "minute") || accept(c, "second") || accept(c, "to"))
            sb_appendf(b, " %s", c->t[c->i - 1].text);
    return 1;
}

/* Reads a type at the cursor. In a column definition the type ends at a
 * constraint word; in a function's arguments at the end of the element. */
static struct type_out read_type(struct cur *c, int keep)
{
    struct type_out out = {NULL, NULL};
    struct strbuf b = {0};
    accept(c, "setof");
    /* pg_catalog.int8 is int8: the schema of a built-in name changes nothing. */
    if (c->i + 2 < c->end && c->t[c->i].kind == T_WORD && c->t[c->i + 1].kind == T_PUNCT &&
        c->t[c->i + 1].text[0] == '.' && strcmp(c->t[c->i].text, "pg_catalog") == 0)
        c->i += 2;
    const struct type_row *row = NULL;
    for (size_t k = 0; k < sizeof type_rows / sizeof type_rows[0] && !row; k++)
        if (accept(c, type_rows[k].words))
            row = &type_rows[k];
    if (row) {
        if (!known_type(c, row, keep, &b))
            goto fail;
        out.serial = row->serial;
    } else {
        const char *schema, *name;
        if (ends_type(c) && !(c->i < c->end && c->t[c->i].kind == T_QUOTED))
            goto fail;
        if (!qualified(c, &schema, &name))
            goto fail;
        append_type_ident(&b, name);
        if (at_punct(c, "(")) {
            if (!skip_parens(c))
                goto fail;
            if (keep) { /* a modifier only the type's own output function can print */
                sb_free(&b);
                sb_append(&b, "?");
            }
        }
        if (c->i < c->end && c->t[c->i].kind == T_OP && c->t[c->i].text[0] == '%')
            goto fail; /* t.col%TYPE */
    }
    int array = 0;
    while (at_punct(c, "[") || accept(c, "array")) {
        array = 1;
        if (accept_punct(c, "[")) {
            if (c->i < c->end && c->t[c->i].kind == T_NUMBER)
                c->i++;
            if (!accept_punct(c, "]"))
                goto fail;
        }
    }
    if (array && strcmp(b.s, "?") != 0)
        sb_append(&b, "[]");
    out.name = sb_take(&b);
    return out;
fail:
    sb_free(&b);
    return out;
}

char *sql_canonical_type(const char *type_sql, int keep_typmod)
{
    struct toks t = {0};
    char *name = NULL;
    if (sql_lex(type_sql, &t)) {
        struct cur c = {t.t, 0, t.n};
        struct type_out o = read_type(&c, keep_typmod);
        if (o.name && at_end(&c))
            name = o.name;
        else
            free(o.name);
    }
    toks_free(&t);
    return name;
}

/* ---- statements ---- */

enum st_result { ST_FAIL, ST_SCHEMA, ST_DATA };

struct stmt {
    struct cur c;
    int line;
    struct upgrade_effects *out;
    unsigned flags;      /* OPF_* the head implies (OR REPLACE) */
    enum obj_kind kind;  /* the head's object kind */
    int unique;          /* CREATE UNIQUE INDEX */
};

static struct schema_op *emit(struct stmt *st, enum op_kind verb, enum obj_kind kind, const char *schema,
                              const char *table, const char *name, const char *new_name, const char *attrs,
                              unsigned flags)
{
    return upgrade_effects_add_obj(st->out, verb, kind, schema, table, name, new_name, attrs, flags, st->line);
}

/* An object that lives in a schema, not in a table: a table's name goes in
 * `table`, a schema's in `schema`, every other kind's in `name`. */
static void emit_named(struct stmt *st, enum op_kind verb, enum obj_kind kind, const char *schema,
                       const char *name, const char *new_name, const char *attrs, unsigned flags)
{
    if (kind == OBJ_TABLE)
        emit(st, verb, kind, schema, name, NULL, new_name, attrs, flags);
    else if (kind == OBJ_SCHEMA)
        emit(st, verb, kind, name, NULL, NULL, new_name, attrs, flags);
    else if (kind == OBJ_EXTENSION)
        emit(st, verb, kind, NULL, NULL, name, new_name, attrs, flags);
    else
        emit(st, verb, kind, schema, NULL, name, new_name, attrs, flags);
}

static int finish(struct cur *c)
{
    if (!accept(c, "cascade"))
        accept(c, "restrict");
    return at_end(c);
}

static enum st_result understood(struct stmt *st)
{
    return ST_SCHEMA;
}

static enum st_result data_only(struct stmt *st)
{
    return ST_DATA;
}

static enum st_result refused(struct stmt *st)
{
    return ST_FAIL;
}

/* ---- constraints ---- */

struct pcon {
    char *name;          /* NULL: PostgreSQL chooses it */
    char ctype;          /* p u f c x */
    struct strvec cols;  /* constrained columns (p u f), element names (x) */
    int cols_unknown;    /* an expression among them */
    char *reftable;
    struct strvec refcols;
    char ondelete, onupdate;
    int deferrable;
    char *check_col;     /* the one column a CHECK mentions, when one */
};

static void pcon_free(struct pcon *k)
{
    free(k->name);
    sv_free(&k->cols);
    free(k->reftable);
    sv_free(&k->refcols);
    free(k->check_col);
}

struct pcons {
    struct pcon *v;
    size_t n, cap;
};

static struct pcon *pcon_new(struct pcons *ks, const char *name, char ctype)
{
    xgrow(&ks->v, &ks->cap, ks->n + 1, sizeof *ks->v);
    struct pcon *k = &ks->v[ks->n++];
    memset(k, 0, sizeof *k);
    k->name = name ? xstrdup(name) : NULL;
    k->ctype = ctype;
    k->ondelete = k->onupdate = 'a';
    return k;
}

static void pcons_free(struct pcons *ks)
{
    for (size_t i = 0; i < ks->n; i++)
        pcon_free(&ks->v[i]);
    free(ks->v);
    memset(ks, 0, sizeof *ks);
}

static char action_letter(struct cur *c)
{
    static const struct {
        const char *words;
        char letter;
    } actions[] = {{"no action", 'a'}, {"restrict", 'r'}, {"cascade", 'c'}, {"set null", 'n'}, {"set default", 'd'}};
    for (size_t k = 0; k < sizeof actions / sizeof actions[0]; k++) {
        if (accept(c, actions[k].words)) {
            if (at_punct(c, "(")) /* SET NULL (col, ...) */
                skip_parens(c);
            return actions[k].letter;
        }
    }
    return 0;
}

/* REFERENCES t [(cols)] [MATCH ...] [ON DELETE a] [ON UPDATE a] */
static int read_references(struct cur *c, struct pcon *k)
{
    const char *schema, *table;
    if (!qualified(c, &schema, &table))
        return 0;
    k->reftable = schema ? xasprintf("%s.%s", schema, table) : xstrdup(table);
    if (at_punct(c, "(") && !name_list(c, &k->refcols))
        return 0;
    if (accept(c, "match") && !(accept(c, "full") || accept(c, "partial") || accept(c, "simple")))
        return 0;
    for (;;) {
        if (accept(c, "on delete")) {
            if (!(k->ondelete = action_letter(c)))
                return 0;
        } else if (accept(c, "on update")) {
            if (!(k->onupdate = action_letter(c)))
                return 0;
        } else {
            return 1;
        }
    }
}

/* Words in a CHECK expression that are not column references. */
static int is_expr_keyword(const char *w)
{
    static const char *const kw[] = {"and",     "or",   "not",     "null",  "is",      "true",  "false",
                                     "in",      "between", "like", "ilike", "similar", "escape", "any",
                                     "all",     "some", "case",    "when",  "then",    "else",  "end",
                                     "cast",    "as",   "distinct", "from", "array",   "value", "isnull",
                                     "notnull", "current_date", "current_timestamp", "localtimestamp",
                                     "current_time", "localtime", "current_user", "session_user", "to",
                                     "collate", "at",   "time",    "zone",  "interval"};
    for (size_t k = 0; k < sizeof kw / sizeof kw[0]; k++)
        if (strcmp(w, kw[k]) == 0)
            return 1;
    return 0;
}

/* The one column a CHECK expression references, when exactly one: PostgreSQL
 * names such a check <table>_<column>_check, any other <table>_check. Column
 * references are the identifiers that are not function names, types after
 * '::' or keywords; known (when not NULL) restricts them to the table's columns. */
static char *check_column(const struct cur *expr, const struct strvec *known)
{
    char *one = NULL;
    for (size_t k = expr->i; k < expr->end; k++) {
        const struct tok *t = &expr->t[k];
        if (t->kind != T_WORD && t->kind != T_QUOTED)
            continue;
        if (k + 1 < expr->end && expr->t[k + 1].kind == T_PUNCT && expr->t[k + 1].text[0] == '(')
            continue;
        if (k > expr->i && expr->t[k - 1].kind == T_OP && strcmp(expr->t[k - 1].text, "::") == 0)
            continue;
        if ((t->kind == T_WORD && is_expr_keyword(t->text)) || (known && !sv_contains(known, t->text)))
            continue;
        if (one && strcmp(one, t->text) != 0) {
            free(one);
            return xstrdup("");
        }
        if (!one)
            one = xstrdup(t->text);
    }
    return one;
}

/* The name PostgreSQL gives an index element (FigureIndexColname): the
 * column, a function's name, a cast's type, else "expr". */
static char *element_name(struct cur e)
{
    while (at_punct(&e, "(") && close_paren(&e) == e.end - 1) {
        e.i++;
        e.end--;
    }
    const char *schema, *name;
    struct cur q = e;
    if (qualified(&q, &schema, &name)) {
        if (q.i == q.end || (q.t[q.i].kind == T_WORD))
            return xstrdup(name); /* a column, maybe with an opclass or ASC */
        if (at_punct(&q, "(") && (q.i = close_paren(&q)) < q.end && q.i + 1 == q.end)
            return xstrdup(name);
    }
    return xstrdup("expr");
}

/* One index or exclusion element: a column (plain name), or an expression. */
struct elems {
    struct strvec names; /* as PostgreSQL names them, for the index name */
    struct strvec cols;  /* the plain columns */
    int has_expr;
};

static int read_index_elem(struct cur *e, void *arg)
{
    struct elems *el = arg;
    struct cur w = *e;
    /* EXCLUDE elements end with WITH op. */
    for (size_t k = w.i; k < w.end; k++)
        if (w.t[k].kind == T_WORD && strcmp(w.t[k].text, "with") == 0)
            w.end = k;
    const char *col = NULL;
    struct cur q = w;
    if ((col = ident(&q)) && (at_end(&q) || (q.t[q.i].kind == T_WORD)))
        sv_push(&el->cols, col);
    else
        el->has_expr = 1;
    char *nm = element_name(w);
    /* ChooseIndexColumnNames: a repeated name gets a number. */
    char *use = xstrdup(nm);
    for (int n = 1; sv_contains(&el->names, use) && n < 1000; n++) {
        free(use);
        use = xasprintf("%s%d", nm, n);
    }
    sv_push_owned(&el->names, use);
    free(nm);
    return 1;
}

static void elems_free(struct elems *el)
{
    sv_free(&el->names);
    sv_free(&el->cols);
}

/* Index parameters after a constraint's columns: INCLUDE, WITH, USING INDEX TABLESPACE. */
static void skip_index_params(struct cur *c)
{
    for (;;) {
        if (accept(c, "include") || accept(c, "with")) {
            skip_parens(c);
        } else if (accept(c, "using index tablespace")) {
            ident(c);
        } else if (accept(c, "nulls not distinct") || accept(c, "nulls distinct")) {
        } else {
            return;
        }
    }
}

static void read_deferrable(struct cur *c, struct pcon *k)
{
    for (;;) {
        if (accept(c, "not deferrable")) {
            k->deferrable = 0;
        } else if (accept(c, "deferrable")) {
            k->deferrable = 1;
        } else if (accept(c, "initially deferred") || accept(c, "initially immediate") || accept(c, "not valid") ||
                   accept(c, "no inherit") || accept(c, "enforced") || accept(c, "not enforced")) {
        } else {
            return;
        }
    }
}

/* A table constraint: [CONSTRAINT name] PRIMARY KEY (..) | UNIQUE (..) |
 * FOREIGN KEY (..) REFERENCES .. | CHECK (..) | EXCLUDE [USING m] (..). */
static int read_table_constraint(struct cur *c, struct pcons *ks, const struct strvec *known_cols)
{
    const char *name = NULL;
    if (accept(c, "constraint") && !(name = ident(c)))
        return 0;
    struct pcon *k;
    if (accept(c, "primary key")) {
        k = pcon_new(ks, name, 'p');
        if (!name_list(c, &k->cols))
            return 0;
    } else if (accept(c, "unique")) {
        k = pcon_new(ks, name, 'u');
        if (!accept(c, "nulls not distinct"))
            accept(c, "nulls distinct");
        if (accept(c, "using index"))
            return 0; /* adopts an existing index: its name changes to the constraint's */
        if (!name_list(c, &k->cols))
            return 0;
    } else if (accept(c, "foreign key")) {
        k = pcon_new(ks, name, 'f');
        if (!name_list(c, &k->cols) || !accept(c, "references") || !read_references(c, k))
            return 0;
    } else if (accept(c, "check")) {
        k = pcon_new(ks, name, 'c');
        struct cur expr;
        if (!paren_list(c, &expr))
            return 0;
        k->check_col = check_column(&expr, known_cols);
    } else if (accept(c, "exclude")) {
        k = pcon_new(ks, name, 'x');
        const char *m = accept(c, "using") ? ident(c) : "btree";
        struct cur in;
        struct elems el = {0};
        if (!m || !paren_list(c, &in) || !each_element(&in, in.end, read_index_elem, &el)) {
            elems_free(&el);
            return 0;
        }
        k->cols = el.names;
        k->cols_unknown = el.has_expr;
        sv_free(&el.cols);
        skip_index_params(c);
        if (accept(c, "where") && !skip_parens(c))
            return 0;
    } else {
        return 0;
    }
    skip_index_params(c);
    read_deferrable(c, k);
    return at_end(c);
}

static char *index_attrs(const char *table, const char *cols, int unique, const char *using, int partial)
{
    char *a = NULL;
    attrs_set(&a, "table", table);
    attrs_set(&a, "cols", cols);
    attrs_set(&a, "unique", unique ? "t" : "f");
    attrs_set(&a, "using", using);
    attrs_set(&a, "partial", partial ? "t" : "f");
    return a;
}

static char *constraint_attrs(const struct pcon *k)
{
    char *a = NULL;
    char ct[2] = {k->ctype, 0};
    attrs_set(&a, "ctype", ct);
    if (k->ctype != 'c') {
        char *cols = k->cols_unknown ? xstrdup("?") : join(&k->cols, ",");
        if (k->ctype != 'x')
            attrs_set(&a, "cols", cols);
        free(cols);
    }
    if (k->ctype == 'f') {
        char del[2] = {k->ondelete, 0}, upd[2] = {k->onupdate, 0};
        attrs_set(&a, "reftable", k->reftable);
        if (k->refcols.n) {
            char *rc = join(&k->refcols, ",");
            attrs_set(&a, "refcols", rc);
            free(rc);
        }
        attrs_set(&a, "ondelete", del);
        attrs_set(&a, "onupdate", upd);
    }
    attrs_set(&a, "deferrable", k->deferrable ? "t" : "f");
    return a;
}

/* The name PostgreSQL gives an unnamed constraint (ChooseConstraintName). */
static char *constraint_name(const char *table, const struct pcon *k, struct strvec *taken)
{
    static const struct {
        char ctype;
        const char *label;
    } labels[] = {{'p', "pkey"}, {'u', "key"}, {'f', "fkey"}, {'c', "check"}, {'x', "excl"}};
    const char *label = "check";
    for (size_t i = 0; i < sizeof labels / sizeof labels[0]; i++)
        if (labels[i].ctype == k->ctype)
            label = labels[i].label;
    char *addition = NULL;
    if (k->ctype == 'c')
        addition = k->check_col && k->check_col[0] ? xstrdup(k->check_col) : NULL;
    else if (k->ctype != 'p')
        addition = name_addition(&k->cols);
    char *name = choose_name(table, addition, label, taken);
    free(addition);
    return name;
}

/* Emits the constraints, named as PostgreSQL would. The index behind a
 * primary key, unique or exclusion constraint is the constraint's (same
 * name), not an object of its own: the catalog reader leaves it out too. */
static void emit_constraints(struct stmt *st, const char *schema, const char *table, struct pcons *ks,
                             unsigned flags, struct strvec *taken)
{
    for (size_t i = 0; i < ks->n; i++) {
        struct pcon *k = &ks->v[i];
        char *name = k->name ? xstrdup(k->name) : constraint_name(table, k, taken);
        char *attrs = constraint_attrs(k);
        emit(st, OP_CREATE, OBJ_CONSTRAINT, schema, table, name, NULL, attrs, flags);
        free(attrs);
        free(name);
    }
}

/* ---- column definitions ---- */

struct coldef {
    const char *name;
    char *attrs;
    const char *serial;  /* serial pseudo-type: a sequence is created */
    int identity;        /* GENERATED ... AS IDENTITY: a sequence too */
};

/* Skips a DEFAULT expression: up to the next column-constraint word at depth 0. */
static void skip_default_expr(struct cur *c)
{
    static const char *const stop[] = {"constraint", "not", "null", "primary", "unique", "references",
                                       "check", "generated", "collate", "deferrable", "initially"};
    while (!at_end(c)) {
        if (at_punct(c, "(")) {
            if (!skip_parens(c))
                c->i = c->end;
            continue;
        }
        for (size_t k = 0; k < sizeof stop / sizeof stop[0]; k++)
            if (at_word(c, stop[k]))
                return;
        c->i++;
    }
}

/* After DEFAULT: a null constant, however cast, and nothing else? When so
 * it is consumed: PostgreSQL stores no default for a null constant (heap.c
 * skips it), so the column has none (osparc: server_default=sa.text("NULL")). */
static int null_default(struct cur *c)
{
    struct cur probe = *c;
    if (!accept(&probe, "null"))
        return 0;
    while (probe.i < probe.end && probe.t[probe.i].kind == T_OP && strcmp(probe.t[probe.i].text, "::") == 0) {
        probe.i++;
        struct type_out t = read_type(&probe, 0);
        if (!t.name)
            return 0;
        free(t.name);
    }
    struct cur rest = probe;
    skip_default_expr(&rest);
    if (rest.i != probe.i)
        return 0; /* NULL || 'x' and the like: an expression */
    *c = probe;
    return 1;
}

int sql_is_null_default(const char *default_sql)
{
    struct toks t = {0};
    int is_null = 0;
    if (sql_lex(default_sql, &t)) {
        struct cur c = {t.t, 0, t.n};
        while (c.end > c.i + 1 && at_punct(&c, "(") && c.t[c.end - 1].kind == T_PUNCT &&
               strcmp(c.t[c.end - 1].text, ")") == 0) {
            c.i++; /* (NULL) */
            c.end--;
        }
        is_null = null_default(&c) && at_end(&c);
    }
    toks_free(&t);
    return is_null;
}

/* One column constraint, or a clause like DEFAULT / COLLATE; 0 when unknown. */
static int read_column_clause(struct cur *c, struct coldef *d, struct pcons *ks, const char **pending_name)
{
    struct pcon *k = NULL;
    if (accept(c, "constraint")) {
        return (*pending_name = ident(c)) != NULL;
    } else if (accept(c, "not null")) {
        attrs_set(&d->attrs, "notnull", "t");
    } else if (accept(c, "null")) {
    } else if (accept(c, "default")) {
        attrs_set(&d->attrs, "default", null_default(c) ? "f" : "t");
        skip_default_expr(c);
    } else if (accept(c, "collate")) {
        const char *s, *n;
        return qualified(c, &s, &n);
    } else if (accept(c, "generated always as identity") || accept(c, "generated by default as identity")) {
        attrs_set(&d->attrs, "notnull", "t");
        d->identity = 1;
        if (at_punct(c, "("))
            skip_parens(c);
    } else if (accept(c, "generated always as")) {
        attrs_set(&d->attrs, "default", "t");
        if (!skip_parens(c) || !accept(c, "stored"))
            return 0;
    } else if (accept(c, "primary key")) {
        attrs_set(&d->attrs, "notnull", "t");
        k = pcon_new(ks, *pending_name, 'p');
    } else if (accept(c, "unique")) {
        if (!accept(c, "nulls not distinct"))
            accept(c, "nulls distinct");
        k = pcon_new(ks, *pending_name, 'u');
    } else if (accept(c, "references")) {
        k = pcon_new(ks, *pending_name, 'f');
        if (!read_references(c, k))
            return 0;
    } else if (accept(c, "check")) {
        k = pcon_new(ks, *pending_name, 'c');
        struct cur expr;
        if (!paren_list(c, &expr))
            return 0;
        k->check_col = check_column(&expr, NULL);
        accept(c, "no inherit");
    } else if (ks->n && (at_word(c, "deferrable") || at_word(c, "not") || at_word(c, "initially"))) {
        size_t before = c->i;
        read_deferrable(c, &ks->v[ks->n - 1]);
        return c->i > before;
    } else {
        return 0;
    }
    if (k) {
        if (k->ctype != 'c')
            sv_push(&k->cols, d->name);
        skip_index_params(c);
        read_deferrable(c, k);
    }
    *pending_name = NULL;
    return 1;
}

/* name type [clauses...] */
static int read_column(struct cur *c, struct coldef *d, struct pcons *ks)
{
    memset(d, 0, sizeof *d);
    if (!(d->name = ident(c)))
        return 0;
    struct type_out t = read_type(c, 1);
    if (!t.name)
        return 0;
    attrs_set(&d->attrs, "type", t.name);
    free(t.name);
    d->serial = t.serial;
    attrs_set(&d->attrs, "notnull", t.serial ? "t" : "f");
    attrs_set(&d->attrs, "default", t.serial ? "t" : "f");
    const char *pending = NULL;
    while (!at_end(c))
        if (!read_column_clause(c, d, ks, &pending))
            return 0;
    return pending == NULL;
}

/* The column, and the sequence a serial or identity column owns. */
static void emit_column(struct stmt *st, enum op_kind verb, const char *schema, const char *table,
                        const struct coldef *d, unsigned flags, struct strvec *taken)
{
    emit(st, verb, OBJ_COLUMN, schema, table, d->name, NULL, d->attrs, flags);
    if (d->serial || d->identity) {
        char *seq = choose_name(table, d->name, "seq", taken);
        char *a = NULL;
        attrs_set(&a, "table", table);
        emit(st, OP_CREATE, OBJ_SEQUENCE, schema, NULL, seq, NULL, a, flags);
        free(a);
        free(seq);
    }
}

/* ---- CREATE TABLE ---- */

static int is_table_constraint_start(const struct cur *c)
{
    static const char *const w[] = {"constraint", "primary", "unique", "foreign", "check", "exclude"};
    for (size_t k = 0; k < sizeof w / sizeof w[0]; k++)
        if (at_word(c, w[k]))
            return 1;
    return 0;
}

struct table_body {
    struct stmt *st;
    const char *schema, *table;
    struct coldef *cols;
    size_t n_cols, cap;
    struct strvec col_names;
    struct pcons ks;
    int unknown_cols; /* LIKE other: columns this reader cannot list */
    int cloned_cons;  /* LIKE, INHERITS, PARTITION OF: constraints copied from another table, under
                         names PostgreSQL makes (a partition's primary key is TABLE_pkey) */
    int pass;         /* 1: columns; 2: table constraints, the columns known */
};

static int read_table_elem(struct cur *e, void *arg)
{
    struct table_body *tb = arg;
    if (accept(e, "like")) {
        tb->unknown_cols = 1;
        tb->cloned_cons = 1;
        return 1;
    }
    /* A table CHECK is named after its one column only when that is a column
     * of this table, so table constraints are read once the columns are known. */
    if (is_table_constraint_start(e))
        return tb->pass == 1 || read_table_constraint(e, &tb->ks, &tb->col_names);
    if (tb->pass == 2)
        return 1;
    xgrow(&tb->cols, &tb->cap, tb->n_cols + 1, sizeof *tb->cols);
    struct coldef *d = &tb->cols[tb->n_cols];
    if (!read_column(e, d, &tb->ks)) {
        free(d->attrs);
        return 0;
    }
    tb->n_cols++;
    sv_push(&tb->col_names, d->name);
    return 1;
}

static void table_body_free(struct table_body *tb)
{
    for (size_t i = 0; i < tb->n_cols; i++)
        free(tb->cols[i].attrs);
    free(tb->cols);
    sv_free(&tb->col_names);
    pcons_free(&tb->ks);
}

/* What may follow the column list; AS / PARTITION OF / INHERITS bring
 * columns this reader cannot list. */
static int table_tail(struct cur *c, struct table_body *tb)
{
    while (!at_end(c)) {
        if (accept(c, "inherits")) {
            tb->unknown_cols = 1;
            tb->cloned_cons = 1;
            if (!skip_parens(c))
                return 0;
        } else if (accept(c, "partition by")) {
            ident(c);
            if (!skip_parens(c))
                return 0;
        } else if (accept(c, "with") || accept(c, "using")) {
            if (!skip_parens(c) && !ident(c))
                return 0;
        } else if (accept(c, "without oids") || accept(c, "on commit preserve rows")) {
        } else if (accept(c, "tablespace")) {
            if (!ident(c))
                return 0;
        } else {
            return 0;
        }
    }
    return 1;
}

static void emit_table(struct stmt *st, struct table_body *tb, unsigned flags)
{
    struct strvec taken = {0};
    emit(st, OP_CREATE, OBJ_TABLE, tb->schema, tb->table, NULL, NULL, NULL, flags);
    /* IF NOT EXISTS: a table already there keeps what it had, which may
     * not be these. */
    unsigned parts = flags & OPF_IF_NOT_EXISTS ? (flags & ~(unsigned)OPF_IF_NOT_EXISTS) | OPF_MAYBE : flags;
    for (size_t i = 0; i < tb->n_cols; i++)
        emit_column(st, OP_CREATE, tb->schema, tb->table, &tb->cols[i], parts, &taken);
    emit_constraints(st, tb->schema, tb->table, &tb->ks, parts, &taken);
    if (tb->unknown_cols)
        emit(st, OP_TOUCH, OBJ_COLUMN, tb->schema, tb->table, NULL, NULL, NULL, 0);
    if (tb->cloned_cons)
        emit(st, OP_TOUCH, OBJ_CONSTRAINT, tb->schema, tb->table, NULL, NULL, NULL, 0);
    sv_free(&taken);
}

static enum st_result create_table(struct stmt *st)
{
    struct cur *c = &st->c;
    unsigned flags = accept(c, "if not exists") ? OPF_IF_NOT_EXISTS : 0;
    struct table_body tb = {st, NULL, NULL, NULL, 0, 0, {0}, {0}, 0, 0, 1};
    if (!qualified(c, &tb.schema, &tb.table))
        return ST_FAIL;
    int ok = 1;
    if (accept(c, "partition of")) {
        tb.unknown_cols = 1;
        tb.cloned_cons = 1;
        c->i = c->end;
    } else if (accept(c, "as") || accept(c, "of")) {
        tb.unknown_cols = 1; /* CREATE TABLE .. AS / OF type */
        c->i = c->end;
    } else {
        struct cur body;
        ok = paren_list(c, &body);
        struct cur again = body;
        ok = ok && each_element(&body, body.end, read_table_elem, &tb);
        tb.pass = 2;
        ok = ok && each_element(&again, again.end, read_table_elem, &tb) && table_tail(c, &tb);
    }
    if (ok)
        emit_table(st, &tb, flags);
    table_body_free(&tb);
    return ok ? ST_SCHEMA : ST_FAIL;
}

/* ---- ALTER TABLE ---- */

struct alter_ctx {
    struct stmt *st;
    const char *schema, *table;
    unsigned flags;       /* IF EXISTS of the statement, for every action */
    struct strvec taken;  /* names chosen by this statement */
};

static enum st_result add_column_action(struct alter_ctx *a, struct cur *c)
{
    unsigned flags = a->flags | (accept(c, "if not exists") ? OPF_IF_NOT_EXISTS : 0);
    struct coldef d;
    struct pcons ks = {0};
    int ok = read_column(c, &d, &ks);
    if (ok) {
        emit_column(a->st, OP_CREATE, a->schema, a->table, &d, flags, &a->taken);
        emit_constraints(a->st, a->schema, a->table, &ks, flags, &a->taken);
    }
    free(d.attrs);
    pcons_free(&ks);
    return ok ? ST_SCHEMA : ST_FAIL;
}

static enum st_result add_constraint_action(struct alter_ctx *a, struct cur *c)
{
    struct pcons ks = {0};
    int ok = read_table_constraint(c, &ks, NULL);
    if (ok && ks.v[0].ctype == 'c' && !ks.v[0].name) {
        /* Its name depends on which of the table's columns it mentions. */
        emit(a->st, OP_TOUCH, OBJ_CONSTRAINT, a->schema, a->table, NULL, NULL, NULL, 0);
    } else if (ok) {
        emit_constraints(a->st, a->schema, a->table, &ks, a->flags, &a->taken);
    }
    pcons_free(&ks);
    return ok ? ST_SCHEMA : ST_FAIL;
}

static void alter_column_attr(struct alter_ctx *a, const char *col, const char *key, const char *value)
{
    char *attrs = NULL;
    attrs_set(&attrs, key, value);
    emit(a->st, OP_ALTER, OBJ_COLUMN, a->schema, a->table, col, NULL, attrs, a->flags);
    free(attrs);
}

/* ALTER [COLUMN] col TYPE t [USING ..] | SET/DROP NOT NULL | SET/DROP DEFAULT | SET STATISTICS ... */
static enum st_result alter_column_action(struct alter_ctx *a, struct cur *c)
{
    accept(c, "column");
    const char *col = ident(c);
    if (!col)
        return ST_FAIL;
    if (accept(c, "type") || accept(c, "set data type")) {
        struct type_out t = read_type(c, 1);
        if (!t.name || t.serial)
            return free(t.name), ST_FAIL;
        if (accept(c, "collate"))
            ident(c);
        if (accept(c, "using"))
            c->i = c->end;
        alter_column_attr(a, col, "type", t.name);
        free(t.name);
    } else if (accept(c, "set not null")) {
        alter_column_attr(a, col, "notnull", "t");
    } else if (accept(c, "drop not null")) {
        alter_column_attr(a, col, "notnull", "f");
    } else if (accept(c, "set default")) {
        alter_column_attr(a, col, "default", null_default(c) ? "f" : "t");
        c->i = c->end;
    } else if (accept(c, "drop default")) {
        alter_column_attr(a, col, "default", "f");
    } else if (accept(c, "set statistics") || accept(c, "set storage") || accept(c, "set compression") ||
               accept(c, "set") || accept(c, "reset")) {
        c->i = c->end; /* storage details the model does not read */
    } else {
        return ST_FAIL;
    }
    return at_end(c) ? ST_SCHEMA : ST_FAIL;
}

static enum st_result drop_action(struct alter_ctx *a, struct cur *c)
{
    enum obj_kind kind = accept(c, "constraint") ? OBJ_CONSTRAINT : OBJ_COLUMN;
    if (kind == OBJ_COLUMN)
        accept(c, "column");
    unsigned flags = a->flags | (accept(c, "if exists") ? OPF_IF_EXISTS : 0);
    const char *name = ident(c);
    if (!name)
        return ST_FAIL;
    if (accept(c, "cascade"))
        flags |= OPF_CASCADE;
    else
        accept(c, "restrict");
    emit(a->st, OP_DROP, kind, a->schema, a->table, name, NULL, NULL, flags);
    return at_end(c) ? ST_SCHEMA : ST_FAIL;
}

/* RENAME TO n | RENAME CONSTRAINT a TO b | RENAME [COLUMN] a TO b */
static enum st_result rename_action(struct alter_ctx *a, struct cur *c)
{
    if (accept(c, "to")) {
        const char *n = ident(c);
        if (!n || !at_end(c))
            return ST_FAIL;
        emit(a->st, OP_RENAME, OBJ_TABLE, a->schema, a->table, NULL, n, NULL, a->flags);
        return ST_SCHEMA;
    }
    enum obj_kind kind = accept(c, "constraint") ? OBJ_CONSTRAINT : OBJ_COLUMN;
    if (kind == OBJ_COLUMN)
        accept(c, "column");
    const char *from = ident(c);
    if (!from || !accept(c, "to"))
        return ST_FAIL;
    const char *to = ident(c);
    if (!to || !at_end(c))
        return ST_FAIL;
    emit(a->st, OP_RENAME, kind, a->schema, a->table, from, to, NULL, a->flags);
    return ST_SCHEMA;
}

/* ALTER CONSTRAINT name [NOT] DEFERRABLE [INITIALLY ..] */
static enum st_result alter_constraint_action(struct alter_ctx *a, struct cur *c)
{
    const char *name = ident(c);
    struct pcon k = {0};
    k.deferrable = -1;
    read_deferrable(c, &k);
    if (!name || !at_end(c))
        return ST_FAIL;
    if (k.deferrable >= 0) {
        char *attrs = NULL;
        attrs_set(&attrs, "deferrable", k.deferrable ? "t" : "f");
        emit(a->st, OP_ALTER, OBJ_CONSTRAINT, a->schema, a->table, name, NULL, attrs, a->flags);
        free(attrs);
    }
    return ST_SCHEMA;
}

static enum st_result add_action(struct alter_ctx *a, struct cur *c)
{
    if (is_table_constraint_start(c))
        return add_constraint_action(a, c);
    accept(c, "column");
    return add_column_action(a, c);
}

static enum st_result no_op_action(struct alter_ctx *a, struct cur *c)
{
    c->i = c->end;
    return ST_SCHEMA;
}

/* The actions of ALTER TABLE, by their first words. Those that change
 * nothing the model reads are understood without an op. */
static const struct {
    const char *words;
    enum st_result (*fn)(struct alter_ctx *, struct cur *);
} alter_actions[] = {
    {"add", add_action},
    {"drop", drop_action},
    {"alter constraint", alter_constraint_action},
    {"alter", alter_column_action},
    {"rename", rename_action},
    {"validate constraint", no_op_action},
    {"owner to", no_op_action},
    {"set tablespace", no_op_action},
    {"set logged", no_op_action},
    {"set unlogged", no_op_action},
    {"set without cluster", no_op_action},
    {"set access method", no_op_action},
    {"cluster on", no_op_action},
    {"enable", no_op_action},
    {"disable", no_op_action},
    {"force row level security", no_op_action},
    {"no force row level security", no_op_action},
    {"replica identity", no_op_action},
    {"set (", no_op_action},
    {"reset (", no_op_action},
};

static int alter_table_elem(struct cur *e, void *arg)
{
    struct alter_ctx *a = arg;
    for (size_t k = 0; k < sizeof alter_actions / sizeof alter_actions[0]; k++) {
        const char *w = alter_actions[k].words;
        size_t n = strlen(w);
        int paren = n > 2 && strcmp(w + n - 2, " (") == 0;
        char head[32];
        snprintf(head, sizeof head, "%.*s", (int)(paren ? n - 2 : n), w);
        struct cur c = *e;
        if (!accept(&c, head) || (paren && !at_punct(&c, "(")))
            continue;
        return alter_actions[k].fn(a, &c) == ST_SCHEMA;
    }
    return 0;
}

static enum st_result alter_table(struct stmt *st)
{
    struct cur *c = &st->c;
    struct alter_ctx a = {st, NULL, NULL, 0, {0}};
    a.flags = accept(c, "if exists") ? OPF_IF_EXISTS : 0;
    accept(c, "only");
    if (!qualified(c, &a.schema, &a.table))
        return ST_FAIL;
    if (c->i < c->end && c->t[c->i].kind == T_OP && strcmp(c->t[c->i].text, "*") == 0)
        c->i++;
    int ok = !at_end(c) && each_element(c, c->end, alter_table_elem, &a);
    sv_free(&a.taken);
    return ok ? ST_SCHEMA : ST_FAIL;
}

/* ---- indexes ---- */

/* CREATE [UNIQUE] INDEX [CONCURRENTLY] [IF NOT EXISTS] [name] ON [ONLY] t
 * [USING m] (elems) [INCLUDE (..)] [NULLS ..] [WITH (..)] [TABLESPACE x] [WHERE ..] */
static enum st_result create_index(struct stmt *st)
{
    struct cur *c = &st->c;
    accept(c, "concurrently");
    unsigned flags = accept(c, "if not exists") ? OPF_IF_NOT_EXISTS : 0;
    const char *name = NULL, *schema, *table;
    if (!at_word(c, "on") && !(name = ident(c)))
        return ST_FAIL;
    if (!accept(c, "on"))
        return ST_FAIL;
    accept(c, "only");
    if (!qualified(c, &schema, &table))
        return ST_FAIL;
    const char *using = "btree";
    if (accept(c, "using") && !(using = ident(c)))
        return ST_FAIL;
    struct cur in;
    struct elems el = {0};
    int ok = paren_list(c, &in) && in.i < in.end && each_element(&in, in.end, read_index_elem, &el);
    int include = 0;
    if (ok && at_word(c, "include")) {
        include = 1;
        skip_index_params(c);
    }
    skip_index_params(c);
    if (ok && accept(c, "tablespace"))
        ok = ident(c) != NULL;
    int partial = accept(c, "where");
    if (partial)
        c->i = c->end;
    ok = ok && at_end(c);
    if (ok) {
        struct strvec taken = {0};
        char *addition = name_addition(&el.names);
        char *iname = name ? xstrdup(name) : choose_name(table, addition, "idx", &taken);
        char *cols = el.has_expr || include ? xstrdup("?") : join(&el.cols, ",");
        char *attrs = index_attrs(table, cols, st->unique, using, partial);
        emit(st, OP_CREATE, OBJ_INDEX, schema, NULL, iname, NULL, attrs, flags);
        free(attrs);
        free(cols);
        free(iname);
        free(addition);
        sv_free(&taken);
    }
    elems_free(&el);
    return ok ? ST_SCHEMA : ST_FAIL;
}

/* ALTER INDEX [IF EXISTS] a RENAME TO b; other forms change nothing the model reads. */
static enum st_result alter_rename(struct stmt *st)
{
    struct cur *c = &st->c;
    unsigned flags = accept(c, "if exists") ? OPF_IF_EXISTS : 0;
    const char *schema, *name;
    if (!qualified(c, &schema, &name))
        return ST_FAIL;
    if (accept(c, "rename to")) {
        const char *to = ident(c);
        if (!to || !at_end(c))
            return ST_FAIL;
        emit_named(st, OP_RENAME, st->kind, schema, name, to, NULL, flags);
        return ST_SCHEMA;
    }
    if (accept(c, "set schema") || accept(c, "attach partition") || accept(c, "depends on") ||
        accept(c, "no depends on") || at_word(c, "rename"))
        return ST_FAIL;
    return ST_SCHEMA; /* OWNER TO, SET (..), SET TABLESPACE, ALTER COLUMN n SET STATISTICS, ... */
}

/* The end of a DROP of a list of names: CASCADE applies to every op the
 * list emitted from `first` on. */
static enum st_result finish_drop_list(struct stmt *st, size_t first)
{
    struct cur *c = &st->c;
    if (accept(c, "cascade"))
        for (size_t i = first; i < st->out->n_ops; i++)
            st->out->ops[i].flags |= OPF_CASCADE;
    return finish(c) ? ST_SCHEMA : ST_FAIL;
}

/* ---- DROP of objects named in a schema ---- */

static enum st_result drop_objects(struct stmt *st)
{
    struct cur *c = &st->c;
    if (st->kind == OBJ_INDEX)
        accept(c, "concurrently");
    unsigned flags = accept(c, "if exists") ? OPF_IF_EXISTS : 0;
    size_t first = st->out->n_ops;
    do {
        const char *schema = NULL, *name;
        if (st->kind == OBJ_SCHEMA || st->kind == OBJ_EXTENSION ? !(name = ident(c))
                                                                  : !qualified(c, &schema, &name))
            return ST_FAIL;
        emit_named(st, OP_DROP, st->kind, schema, name, NULL, NULL, flags);
    } while (accept_punct(c, ","));
    return finish_drop_list(st, first);
}

/* ---- schemas, extensions ---- */

static enum st_result create_schema(struct stmt *st)
{
    struct cur *c = &st->c;
    unsigned flags = accept(c, "if not exists") ? OPF_IF_NOT_EXISTS : 0;
    const char *name = at_word(c, "authorization") ? NULL : ident(c);
    if (!name)
        return ST_FAIL; /* AUTHORIZATION role alone: the schema is named after a role */
    if (accept(c, "authorization") && !ident(c))
        return ST_FAIL;
    emit_named(st, OP_CREATE, OBJ_SCHEMA, NULL, name, NULL, NULL, flags);
    return at_end(c) ? ST_SCHEMA : ST_FAIL; /* schema elements (CREATE SCHEMA s CREATE TABLE ..) are not read */
}

static enum st_result create_extension(struct stmt *st)
{
    struct cur *c = &st->c;
    unsigned flags = accept(c, "if not exists") ? OPF_IF_NOT_EXISTS : 0;
    const char *name = ident(c);
    if (!name)
        return ST_FAIL;
    emit_named(st, OP_CREATE, OBJ_EXTENSION, NULL, name, NULL, NULL, flags);
    return ST_SCHEMA; /* WITH SCHEMA / VERSION / CASCADE */
}

/* ---- types ---- */

static int push_string_elem(struct cur *e, void *arg)
{
    if (at_end(e) || e->t[e->i].kind != T_STRING || e->i + 1 != e->end)
        return 0;
    sv_push(arg, e->t[e->i].text);
    return 1;
}

static enum st_result create_type(struct stmt *st)
{
    struct cur *c = &st->c;
    const char *schema, *name;
    if (!qualified(c, &schema, &name))
        return ST_FAIL;
    char *attrs = NULL;
    if (accept(c, "as enum")) {
        struct cur in;
        struct strvec labels = {0};
        if (!paren_list(c, &in) || !each_element(&in, in.end, push_string_elem, &labels) || !at_end(c)) {
            sv_free(&labels);
            return ST_FAIL;
        }
        char *v = join(&labels, ",");
        attrs_set(&attrs, "values", v);
        free(v);
        sv_free(&labels);
    } else {
        attrs_set(&attrs, "values", "?"); /* composite, range, base or shell type */
        c->i = c->end;
    }
    emit_named(st, OP_CREATE, OBJ_TYPE, schema, name, NULL, attrs, 0);
    free(attrs);
    return ST_SCHEMA;
}

static const char *string_tok(struct cur *c)
{
    if (at_end(c) || c->t[c->i].kind != T_STRING)
        return NULL;
    return c->t[c->i++].text;
}

/* ADD VALUE [IF NOT EXISTS] 'v' [BEFORE|AFTER 'w'] | RENAME VALUE 'a' TO 'b':
 * attributes described in sql.h. */
static char *enum_change(struct cur *c)
{
    char *attrs = NULL;
    attrs_set(&attrs, "values", "?");
    const char *v, *w;
    if (accept(c, "add value")) {
        accept(c, "if not exists");
        if (!(v = string_tok(c)))
            goto fail;
        attrs_set(&attrs, "value_add", v);
        int before = accept(c, "before");
        if ((before || accept(c, "after"))) {
            if (!(w = string_tok(c)))
                goto fail;
            attrs_set(&attrs, before ? "value_before" : "value_after", w);
        }
    } else if (accept(c, "rename value")) {
        if (!(v = string_tok(c)) || !accept(c, "to") || !(w = string_tok(c)))
            goto fail;
        attrs_set(&attrs, "value_from", v);
        attrs_set(&attrs, "value_to", w);
    } else {
        goto fail;
    }
    if (at_end(c))
        return attrs;
fail:
    free(attrs);
    return NULL;
}

static enum st_result alter_type(struct stmt *st)
{
    struct cur *c = &st->c;
    const char *schema, *name;
    if (!qualified(c, &schema, &name))
        return ST_FAIL;
    if (accept(c, "rename to")) {
        const char *to = ident(c);
        if (!to || !at_end(c))
            return ST_FAIL;
        emit_named(st, OP_RENAME, OBJ_TYPE, schema, name, to, NULL, 0);
        return ST_SCHEMA;
    }
    if (accept(c, "owner to"))
        return ident(c) && at_end(c) ? ST_SCHEMA : ST_FAIL;
    char *attrs = enum_change(c);
    if (!attrs)
        return ST_FAIL;
    emit_named(st, OP_ALTER, OBJ_TYPE, schema, name, NULL, attrs, 0);
    free(attrs);
    return ST_SCHEMA;
}

/* ---- sequences ---- */

/* OWNED BY t.c | OWNED BY NONE among the options: "table=t", "table=?" for
 * NONE (the key cannot be removed by an op), NULL when absent. */
static char *sequence_owner(struct cur *c, int *ok)
{
    char *attrs = NULL;
    *ok = 1;
    while (!at_end(c)) {
        if (!accept(c, "owned by")) {
            c->i++;
            continue;
        }
        const char *parts[3];
        size_t n = 0;
        if (accept(c, "none")) {
            attrs_set(&attrs, "table", "?");
            continue;
        }
        do {
            if (n == 3 || !(parts[n] = ident(c))) {
                *ok = 0;
                return attrs;
            }
            n++;
        } while (accept_punct(c, "."));
        if (n < 2) {
            *ok = 0;
            return attrs;
        }
        attrs_set(&attrs, "table", parts[n - 2]);
    }
    return attrs;
}

static enum st_result create_sequence(struct stmt *st)
{
    struct cur *c = &st->c;
    unsigned flags = accept(c, "if not exists") ? OPF_IF_NOT_EXISTS : 0;
    const char *schema, *name;
    if (!qualified(c, &schema, &name))
        return ST_FAIL;
    int ok;
    char *attrs = sequence_owner(c, &ok);
    if (ok)
        emit_named(st, OP_CREATE, OBJ_SEQUENCE, schema, name, NULL, attrs, flags);
    free(attrs);
    return ok ? ST_SCHEMA : ST_FAIL;
}

static enum st_result alter_sequence(struct stmt *st)
{
    struct cur save = st->c;
    unsigned flags = accept(&st->c, "if exists") ? OPF_IF_EXISTS : 0;
    const char *schema, *name;
    if (!qualified(&st->c, &schema, &name))
        return ST_FAIL;
    if (at_word(&st->c, "rename") || at_word(&st->c, "set")) {
        st->c = save;
        return alter_rename(st);
    }
    int ok;
    char *attrs = sequence_owner(&st->c, &ok);
    if (ok && attrs)
        emit_named(st, OP_ALTER, OBJ_SEQUENCE, schema, name, NULL, attrs, flags);
    free(attrs);
    return ok ? ST_SCHEMA : ST_FAIL;
}

/* ---- views ---- */

static enum st_result create_view(struct stmt *st)
{
    struct cur *c = &st->c;
    unsigned flags = st->flags | (accept(c, "if not exists") ? OPF_IF_NOT_EXISTS : 0);
    const char *schema, *name;
    if (!qualified(c, &schema, &name))
        return ST_FAIL;
    while (!at_end(c) && !at_word(c, "as"))
        c->i++;
    if (!accept(c, "as"))
        return ST_FAIL;
    emit_named(st, OP_CREATE, st->kind, schema, name, NULL, NULL, flags);
    return ST_SCHEMA;
}

/* ---- functions ---- */

struct fn_args {
    struct strvec types;
};

/* One argument: [mode] [name] type [DEFAULT expr | = expr]; OUT arguments
 * are not part of the identity. */
static int read_fn_arg(struct cur *elem, void *arg)
{
    struct fn_args *fa = arg;
    struct cur a = *elem, *e = &a;
    for (size_t k = e->i; k < e->end; k++)
        if ((e->t[k].kind == T_WORD && strcmp(e->t[k].text, "default") == 0) ||
            (e->t[k].kind == T_OP && strcmp(e->t[k].text, "=") == 0))
            e->end = k;
    int out = 0;
    if (accept(e, "out"))
        out = 1;
    else if (!accept(e, "inout") && !accept(e, "in"))
        accept(e, "variadic");
    struct cur as_type = *e;
    struct type_out t = read_type(&as_type, 0);
    if (!t.name || !at_end(&as_type)) {
        free(t.name);
        ident(e); /* an argument name, then the type */
        if (accept(e, "out"))
            out = 1;
        else if (!accept(e, "inout") && !accept(e, "in"))
            accept(e, "variadic");
        t = read_type(e, 0);
        if (!t.name || !at_end(e) || strcmp(t.name, "?") == 0)
            return free(t.name), 0;
    }
    if (!out)
        sv_push(&fa->types, t.serial ? t.serial : t.name);
    free(t.name);
    return 1;
}

/* name(args) as "name(type,type)"; NULL when the arguments cannot be read. */
static char *function_identity(struct cur *c, const char **schema)
{
    const char *name;
    struct cur in;
    if (!qualified(c, schema, &name) || !paren_list(c, &in))
        return NULL;
    struct fn_args fa = {{0}};
    if (in.i < in.end && !each_element(&in, in.end, read_fn_arg, &fa)) {
        sv_free(&fa.types);
        return NULL;
    }
    char *types = join(&fa.types, ",");
    char *id = xasprintf("%s(%s)", name, types);
    free(types);
    sv_free(&fa.types);
    return id;
}

static enum st_result create_function(struct stmt *st)
{
    struct cur *c = &st->c;
    const char *schema;
    char *id = function_identity(c, &schema);
    if (!id)
        return ST_FAIL;
    /* The body is a string or a dollar-quoted token; BEGIN ATOMIC bodies
     * hold ';' and are refused when the statement is split. */
    emit_named(st, OP_CREATE, OBJ_FUNCTION, schema, id, NULL, NULL, st->flags);
    free(id);
    return ST_SCHEMA;
}

/* DROP FUNCTION [IF EXISTS] f(args) [, ...]: without an argument list the
 * server picks the only function of that name, which the reader cannot
 * name: any function of the schema may be gone. */
static enum st_result drop_function(struct stmt *st)
{
    struct cur *c = &st->c;
    unsigned flags = accept(c, "if exists") ? OPF_IF_EXISTS : 0;
    size_t first = st->out->n_ops;
    do {
        struct cur save = *c;
        const char *schema, *name;
        char *id = function_identity(c, &schema);
        if (id) {
            emit_named(st, OP_DROP, OBJ_FUNCTION, schema, id, NULL, NULL, flags);
            free(id);
            continue;
        }
        *c = save;
        if (!qualified(c, &schema, &name) || at_punct(c, "("))
            return ST_FAIL;
        emit(st, OP_TOUCH, OBJ_FUNCTION, schema, NULL, NULL, NULL, NULL, 0);
    } while (accept_punct(c, ","));
    return finish_drop_list(st, first);
}

/* ALTER FUNCTION f(args) RENAME TO g; other forms (OWNER, SET, ...) change nothing modelled. */
static enum st_result alter_function(struct stmt *st)
{
    struct cur *c = &st->c;
    const char *schema;
    char *id = function_identity(c, &schema);
    if (!id)
        return ST_FAIL;
    enum st_result r = ST_SCHEMA;
    if (accept(c, "rename to")) {
        const char *to = ident(c);
        char *paren = strchr(id, '(');
        if (to && at_end(c)) {
            char *new_id = xasprintf("%s%s", to, paren);
            emit_named(st, OP_RENAME, OBJ_FUNCTION, schema, id, new_id, NULL, 0);
            free(new_id);
        } else {
            r = ST_FAIL;
        }
    } else if (accept(c, "set schema")) {
        r = ST_FAIL;
    }
    free(id);
    return r;
}

/* ---- triggers ---- */

/* CREATE [OR REPLACE] [CONSTRAINT] TRIGGER name {BEFORE|AFTER|INSTEAD OF} events ON table ... */
static enum st_result create_trigger(struct stmt *st)
{
    struct cur *c = &st->c;
    const char *name = ident(c), *schema, *table;
    if (!name)
        return ST_FAIL;
    while (!at_end(c) && !at_word(c, "on"))
        c->i++;
    if (!accept(c, "on") || !qualified(c, &schema, &table))
        return ST_FAIL;
    emit(st, OP_CREATE, OBJ_TRIGGER, schema, table, name, NULL, NULL, st->flags);
    return ST_SCHEMA;
}

/* DROP TRIGGER [IF EXISTS] name ON table [CASCADE] */
static enum st_result drop_trigger(struct stmt *st)
{
    struct cur *c = &st->c;
    unsigned flags = accept(c, "if exists") ? OPF_IF_EXISTS : 0;
    const char *name = ident(c), *schema, *table;
    if (!name || !accept(c, "on") || !qualified(c, &schema, &table))
        return ST_FAIL;
    if (accept(c, "cascade"))
        flags |= OPF_CASCADE;
    emit(st, OP_DROP, OBJ_TRIGGER, schema, table, name, NULL, NULL, flags);
    return finish(c) ? ST_SCHEMA : ST_FAIL;
}

/* ALTER TRIGGER name ON table RENAME TO n */
static enum st_result alter_trigger(struct stmt *st)
{
    struct cur *c = &st->c;
    const char *name = ident(c), *schema, *table, *to;
    if (!name || !accept(c, "on") || !qualified(c, &schema, &table))
        return ST_FAIL;
    if (!accept(c, "rename to"))
        return ST_FAIL; /* DEPENDS ON EXTENSION */
    if (!(to = ident(c)) || !at_end(c))
        return ST_FAIL;
    emit(st, OP_RENAME, OBJ_TRIGGER, schema, table, name, to, NULL, 0);
    return ST_SCHEMA;
}

/* ---- dispatch ---- */

struct head {
    const char *words;
    enum st_result (*fn)(struct stmt *);
    enum obj_kind kind;
    unsigned flags;
    int unique;
};

/* Statement heads; the longest match wins. */
static const struct head heads[] = {
    {"create table", create_table, OBJ_TABLE, 0, 0},
    {"create unlogged table", create_table, OBJ_TABLE, 0, 0},
    {"create temp table", understood, OBJ_TABLE, 0, 0},
    {"create temporary table", understood, OBJ_TABLE, 0, 0},
    {"create index", create_index, OBJ_INDEX, 0, 0},
    {"create unique index", create_index, OBJ_INDEX, 0, 1},
    {"create schema", create_schema, OBJ_SCHEMA, 0, 0},
    {"create extension", create_extension, OBJ_EXTENSION, 0, 0},
    {"create type", create_type, OBJ_TYPE, 0, 0},
    {"create domain", create_type, OBJ_TYPE, 0, 0}, /* a type whose values are not labels */
    {"create sequence", create_sequence, OBJ_SEQUENCE, 0, 0},
    {"create view", create_view, OBJ_VIEW, 0, 0},
    {"create recursive view", create_view, OBJ_VIEW, 0, 0},
    {"create or replace view", create_view, OBJ_VIEW, OPF_OR_REPLACE, 0},
    {"create or replace recursive view", create_view, OBJ_VIEW, OPF_OR_REPLACE, 0},
    {"create temp view", understood, OBJ_VIEW, 0, 0},
    {"create temporary view", understood, OBJ_VIEW, 0, 0},
    {"create or replace temp view", understood, OBJ_VIEW, 0, 0},
    {"create or replace temporary view", understood, OBJ_VIEW, 0, 0},
    {"create materialized view", create_view, OBJ_MATVIEW, 0, 0},
    {"create function", create_function, OBJ_FUNCTION, 0, 0},
    {"create or replace function", create_function, OBJ_FUNCTION, OPF_OR_REPLACE, 0},
    {"create procedure", create_function, OBJ_FUNCTION, 0, 0},
    {"create or replace procedure", create_function, OBJ_FUNCTION, OPF_OR_REPLACE, 0},
    {"create trigger", create_trigger, OBJ_TRIGGER, 0, 0},
    {"create constraint trigger", create_trigger, OBJ_TRIGGER, 0, 0},
    {"create or replace trigger", create_trigger, OBJ_TRIGGER, OPF_OR_REPLACE, 0},
    {"create or replace constraint trigger", create_trigger, OBJ_TRIGGER, OPF_OR_REPLACE, 0},
    {"alter table", alter_table, OBJ_TABLE, 0, 0},
    {"alter index", alter_rename, OBJ_INDEX, 0, 0},
    {"alter type", alter_type, OBJ_TYPE, 0, 0},
    {"alter sequence", alter_sequence, OBJ_SEQUENCE, 0, 0},
    {"alter view", alter_rename, OBJ_VIEW, 0, 0},
    {"alter materialized view", alter_rename, OBJ_MATVIEW, 0, 0},
    {"alter schema", alter_rename, OBJ_SCHEMA, 0, 0},
    {"alter function", alter_function, OBJ_FUNCTION, 0, 0},
    {"alter procedure", alter_function, OBJ_FUNCTION, 0, 0},
    {"alter trigger", alter_trigger, OBJ_TRIGGER, 0, 0},
    {"alter extension", understood, OBJ_EXTENSION, 0, 0},
    {"alter default privileges", understood, OBJ_SCHEMA, 0, 0},
    {"drop table", drop_objects, OBJ_TABLE, 0, 0},
    {"drop index", drop_objects, OBJ_INDEX, 0, 0},
    {"drop type", drop_objects, OBJ_TYPE, 0, 0},
    {"drop domain", drop_objects, OBJ_TYPE, 0, 0},
    {"drop sequence", drop_objects, OBJ_SEQUENCE, 0, 0},
    {"drop view", drop_objects, OBJ_VIEW, 0, 0},
    {"drop materialized view", drop_objects, OBJ_MATVIEW, 0, 0},
    {"drop schema", drop_objects, OBJ_SCHEMA, 0, 0},
    {"drop extension", drop_objects, OBJ_EXTENSION, 0, 0},
    {"drop function", drop_function, OBJ_FUNCTION, 0, 0},
    {"drop procedure", drop_function, OBJ_FUNCTION, 0, 0},
    {"drop trigger", drop_trigger, OBJ_TRIGGER, 0, 0},
    {"comment on", understood, OBJ_TABLE, 0, 0},
    {"grant", understood, OBJ_TABLE, 0, 0},
    {"revoke", understood, OBJ_TABLE, 0, 0},
    {"set", understood, OBJ_TABLE, 0, 0},
    /* Later statements' unqualified names would land in a schema the reader cannot tell. */
    {"set search_path", refused, OBJ_TABLE, 0, 0},
    {"set local search_path", refused, OBJ_TABLE, 0, 0},
    {"set session search_path", refused, OBJ_TABLE, 0, 0},
    {"set schema", refused, OBJ_TABLE, 0, 0},
    {"reset", understood, OBJ_TABLE, 0, 0},
    {"analyze", understood, OBJ_TABLE, 0, 0},
    {"analyse", understood, OBJ_TABLE, 0, 0},
    {"vacuum", understood, OBJ_TABLE, 0, 0},
    {"notify", understood, OBJ_TABLE, 0, 0},
    {"listen", understood, OBJ_TABLE, 0, 0},
    {"unlisten", understood, OBJ_TABLE, 0, 0},
    {"commit", understood, OBJ_TABLE, 0, 0},
    {"begin", understood, OBJ_TABLE, 0, 0},
    {"start transaction", understood, OBJ_TABLE, 0, 0},
    {"end", understood, OBJ_TABLE, 0, 0},
    {"savepoint", understood, OBJ_TABLE, 0, 0},
    {"release", understood, OBJ_TABLE, 0, 0},
    {"lock", understood, OBJ_TABLE, 0, 0},
    {"discard", understood, OBJ_TABLE, 0, 0},
    {"checkpoint", understood, OBJ_TABLE, 0, 0},
    {"reindex", understood, OBJ_TABLE, 0, 0},
    {"cluster", understood, OBJ_TABLE, 0, 0},
    {"security label", understood, OBJ_TABLE, 0, 0},
    /* Objects the model does not keep, which change none it keeps: a
     * policy or a publication names its table, and must not make the
     * table uncertain. */
    {"create policy", understood, OBJ_TABLE, 0, 0},
    {"alter policy", understood, OBJ_TABLE, 0, 0},
    {"drop policy", understood, OBJ_TABLE, 0, 0},
    {"create publication", understood, OBJ_TABLE, 0, 0},
    {"alter publication", understood, OBJ_TABLE, 0, 0},
    {"drop publication", understood, OBJ_TABLE, 0, 0},
    {"create statistics", understood, OBJ_TABLE, 0, 0},
    {"alter statistics", understood, OBJ_TABLE, 0, 0},
    {"drop statistics", understood, OBJ_TABLE, 0, 0},
    {"create collation", understood, OBJ_TABLE, 0, 0},
    {"drop collation", understood, OBJ_TABLE, 0, 0},
    {"insert", data_only, OBJ_TABLE, 0, 0},
    {"update", data_only, OBJ_TABLE, 0, 0},
    {"delete", data_only, OBJ_TABLE, 0, 0},
    {"select", data_only, OBJ_TABLE, 0, 0},
    {"copy", data_only, OBJ_TABLE, 0, 0},
    {"truncate", data_only, OBJ_TABLE, 0, 0},
    {"with", data_only, OBJ_TABLE, 0, 0},
    {"merge", data_only, OBJ_TABLE, 0, 0},
    {"values", data_only, OBJ_TABLE, 0, 0},
    {"refresh materialized view", data_only, OBJ_MATVIEW, 0, 0},
};

static size_t phrase_words(const char *p)
{
    size_t n = 1;
    for (; *p; p++)
        n += *p == ' ';
    return n;
}

static enum st_result run_statement(struct cur c, int line, struct upgrade_effects *out)
{
    const struct head *best = NULL;
    size_t best_len = 0;
    if (at_end(&c) || c.t[c.i].kind != T_WORD)
        return ST_FAIL;
    const char *first = c.t[c.i].text;
    size_t first_len = strlen(first);
    for (size_t k = 0; k < sizeof heads / sizeof heads[0]; k++) {
        /* Most heads differ in their first word: that is a byte compare,
         * not a walk of the phrase. */
        const char *w = heads[k].words;
        if (w[0] != first[0] || strncmp(w, first, first_len) != 0 || (w[first_len] != ' ' && w[first_len]))
            continue;
        struct cur probe = c;
        size_t n = phrase_words(heads[k].words);
        if (n > best_len && accept(&probe, heads[k].words)) {
            best = &heads[k];
            best_len = n;
        }
    }
    if (!best)
        return ST_FAIL;
    struct stmt st = {c, line, out, best->flags, best->kind, best->unique};
    accept(&st.c, best->words);
    return best->fn(&st);
}

/* BEGIN ATOMIC bodies contain ';' that do not end the statement. */
static int has_atomic_body(const struct toks *t)
{
    for (size_t k = 0; k + 1 < t->n; k++)
        if (t->t[k].kind == T_WORD && strcmp(t->t[k].text, "begin") == 0 && t->t[k + 1].kind == T_WORD &&
            strcmp(t->t[k + 1].text, "atomic") == 0)
            return 1;
    return 0;
}

static void move_ops(struct upgrade_effects *from, struct upgrade_effects *to)
{
    for (size_t i = 0; i < from->n_ops; i++) {
        xgrow(&to->ops, &to->cap, to->n_ops + 1, sizeof *to->ops);
        to->ops[to->n_ops++] = from->ops[i];
    }
    from->n_ops = 0;
}

/* Words of SQL and PL/pgSQL that name no object in the statements
 * migrations run: left out of the names an unread statement may touch
 * (sql_names), so that those it spells stay few. */
static const char *const not_names[] = {
    "add", "after", "all", "alter", "and", "any", "array", "as", "asc", "before", "begin", "between",
    "bigint", "boolean", "by", "cascade", "case", "cast", "character", "check", "coalesce", "column",
    "concurrently", "constraint", "create", "current_schema", "data_type", "declare", "default", "delete",
    "desc", "distinct", "do", "drop", "each", "else", "elsif", "end", "exception", "execute", "exists",
    "false", "for", "foreign", "from", "function", "get", "if", "ilike", "in", "index", "information_schema",
    "insert", "integer", "into", "is", "join", "key", "language", "left", "like", "limit", "loop", "new",
    "not", "notice", "null", "of", "old", "on", "or", "order", "others", "perform", "plpgsql", "primary",
    "raise", "record", "references", "rename", "replace", "restrict", "return", "returns", "row", "schema",
    "select", "sequence", "set", "table", "text", "then", "to", "trigger", "true", "type", "union", "unique",
    "update", "using", "values", "varchar", "varying", "view", "when", "where", "while", "with",
};

static int is_not_name(const char *w)
{
    for (size_t i = 0; i < sizeof not_names / sizeof not_names[0]; i++)
        if (strcmp(not_names[i], w) == 0)
            return 1;
    return 0;
}

/* A string literal that could be an object's name ('t' in a lookup of
 * information_schema). */
static int plain_name(const char *s)
{
    if (!(*s == '_' || (*s >= 'a' && *s <= 'z')))
        return 0;
    for (; *s; s++)
        if (!(*s == '_' || (*s >= 'a' && *s <= 'z') || (*s >= '0' && *s <= '9')))
            return 0;
    return 1;
}

/* Dollar-quoted bodies are read one level down (a DO block's, a function's
 * inside it), no further: bounded whatever the input. */
#define NAMES_BODY_DEPTH 2

static void collect_names(const char *sql, int depth, size_t max, struct strvec *out)
{
    struct toks toks = {0};
    if (sql_lex(sql, &toks)) {
        for (size_t i = 0; i < toks.n && out->n <= max; i++) {
            const struct tok *t = &toks.t[i];
            /* empty: an identifier the 63-byte cut emptied (bytes that are no character) */
            int name = t->text[0] && (t->kind == T_QUOTED || (t->kind == T_WORD && !is_not_name(t->text)) ||
                                      (t->kind == T_STRING && plain_name(t->text)));
            if (t->kind == T_BODY && depth < NAMES_BODY_DEPTH) {
                collect_names(t->text, depth + 1, max, out);
            } else if (name) {
                /* as the server would store it: a string is not cut by the lexer */
                char *n = xstrndup(t->text, strnlen(t->text, PG_NAME_MAX));
                if (!sv_contains(out, n))
                    sv_push(out, n);
                free(n);
            }
        }
    }
    toks_free(&toks);
}

int sql_marks_only_in_literals(const char *sql, char mark)
{
    size_t total = 0, inside = 0;
    for (const char *p = strchr(sql, mark); p; p = strchr(p + 1, mark))
        total++;
    struct toks t = {0};
    int ok = total > 0 && sql_lex(sql, &t) && t.comments == 0;
    for (size_t i = 0; ok && i < t.n; i++) {
        if (t.t[i].kind == T_QUOTED)
            ok = 0;
        else if (t.t[i].kind == T_STRING || t.t[i].kind == T_BODY)
            for (const char *p = strchr(t.t[i].text, mark); p; p = strchr(p + 1, mark))
                inside++;
    }
    toks_free(&t);
    return ok && inside == total;
}

size_t sql_names(const char *sql, size_t max, struct strvec *out)
{
    collect_names(sql, 0, max, out);
    return out->n;
}

enum sql_result sql_to_ops(const char *sql, int line, struct upgrade_effects *out)
{
    struct toks toks = {0};
    struct upgrade_effects tmp = {0};
    int ok = sql_lex(sql, &toks) && !has_atomic_body(&toks);
    int schema = 0, data = 0;
    size_t start = 0;
    while (ok && start < toks.n) {
        size_t end = start;
        while (end < toks.n && !(toks.t[end].kind == T_PUNCT && toks.t[end].text[0] == ';'))
            end++;
        if (end > start) {
            enum st_result r = run_statement((struct cur){toks.t, start, end}, line, &tmp);
            ok = r != ST_FAIL;
            schema |= r == ST_SCHEMA;
            data |= r == ST_DATA;
        }
        start = end + 1;
    }
    enum sql_result res = SQL_NOT_UNDERSTOOD;
    if (ok && (schema || data)) {
        move_ops(&tmp, out);
        res = (enum sql_result)((schema ? SQL_SCHEMA : 0) | (data ? SQL_DATA_ONLY : 0));
    }
    upgrade_effects_free(&tmp);
    toks_free(&toks);
    return res;
}
