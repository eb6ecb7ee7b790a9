/* pytok.c: Python's tokenize for the subset Alembic scripts use. Pure,
 * linear, no recursion: brackets and indentation are counted, not nested
 * calls, and both are bounded. */
#include "pytok.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"

static const char *const ops3[] = {"**=", "//=", ">>=", "<<=", "...", NULL};
static const char *const ops2[] = {"->", "**", "//", "<<", ">>", "<=", ">=", "==", "!=", ":=", "+=", "-=",
                                   "*=", "/=", "%=", "&=", "|=", "^=", "@=", NULL};
/* The one-byte operators, as a table: this is asked for every operator
 * byte of every file. */
static const unsigned char is_op1[256] = {
    ['('] = 1, [')'] = 1, ['['] = 1, [']'] = 1, ['{'] = 1, ['}'] = 1, [','] = 1, [':'] = 1,
    ['.'] = 1, [';'] = 1, ['='] = 1, ['+'] = 1, ['-'] = 1, ['*'] = 1, ['/'] = 1, ['%'] = 1,
    ['&'] = 1, ['|'] = 1, ['^'] = 1, ['~'] = 1, ['<'] = 1, ['>'] = 1, ['@'] = 1,
};

static int is_string_prefix(char c)
{
    switch (c) {
    case 'r': case 'R': case 'b': case 'B': case 'u': case 'U': case 'f': case 'F':
        return 1;
    default:
        return 0;
    }
}

/* 1: may start a name (letters, '_', any byte of a non-ASCII character);
 * 2: may follow in one (digits too). Asked for every byte of every name. */
static unsigned char name_class[256];

static void name_class_init(void)
{
    if (name_class['_'])
        return;
    for (int c = 0; c < 256; c++) {
        if (c == '_' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c >= 0x80)
            name_class[c] = 3;
        else if (c >= '0' && c <= '9')
            name_class[c] = 2;
    }
}

static int is_name_start(unsigned char c)
{
    return name_class[c] & 1;
}

static int is_name_char(unsigned char c)
{
    return name_class[c] != 0;
}

/* Empties the list and keeps its array for the next file. */
static void token_list_clear(struct token_list *tl)
{
    for (size_t i = 0; i < tl->n; i++)
        free(tl->t[i].value);
    tl->n = 0;
}

static struct token *push(struct token_list *tl, enum tok_kind kind, int line, int col, const char *start,
                          size_t len)
{
    if (tl->n == tl->cap)
        xgrow(&tl->t, &tl->cap, tl->n + 1, sizeof *tl->t);
    struct token *t = &tl->t[tl->n++];
    memset(t, 0, sizeof *t);
    t->kind = kind;
    t->line = line;
    t->col = col;
    t->start = start;
    t->len = len;
    return t;
}

static void append_utf8(struct strbuf *b, unsigned long cp)
{
    if (cp < 0x80) {
        sb_appendc(b, (char)cp);
    } else if (cp < 0x800) {
        sb_appendc(b, (char)(0xc0 | (cp >> 6)));
        sb_appendc(b, (char)(0x80 | (cp & 0x3f)));
    } else if (cp < 0x10000) {
        sb_appendc(b, (char)(0xe0 | (cp >> 12)));
        sb_appendc(b, (char)(0x80 | ((cp >> 6) & 0x3f)));
        sb_appendc(b, (char)(0x80 | (cp & 0x3f)));
    } else {
        sb_appendc(b, (char)(0xf0 | (cp >> 18)));
        sb_appendc(b, (char)(0x80 | ((cp >> 12) & 0x3f)));
        sb_appendc(b, (char)(0x80 | ((cp >> 6) & 0x3f)));
        sb_appendc(b, (char)(0x80 | (cp & 0x3f)));
    }
}

/* Decodes a str literal's body (quotes excluded) as Python does. Unknown
 * escapes stay as written, as Python keeps them. */
static void decode_string(struct token *t, const char *body, size_t len, int raw)
{
    struct strbuf b = {0};
    /* No escape decodes to more bytes than it is written with. */
    xgrow(&b.s, &b.cap, len + 1, 1);
    sb_appendn(&b, "", 0);
    for (size_t i = 0; i < len; i++) {
        /* Plain text up to the next escape or CR goes in one copy. */
        size_t run = i;
        while (run < len && body[run] != '\\' && body[run] != '\r')
            run++;
        if (run > i) {
            sb_appendn(&b, body + i, run - i);
            i = run - 1;
            continue;
        }
        char c = body[i];
        if (c != '\\' || raw || i + 1 >= len) {
            if (c == '\r' && i + 1 < len && body[i + 1] == '\n')
                continue; /* universal newlines */
            sb_appendc(&b, c);
            if (raw && c == '\\' && i + 1 < len) /* a raw string keeps the escaped quote too */
                sb_appendc(&b, body[++i]);
            continue;
        }
        char e = body[++i];
        int digits = 0;
        unsigned long cp = 0;
        switch (e) {
        case '\n': break; /* line continuation inside the literal */
        case '\r': if (i + 1 < len && body[i + 1] == '\n') i++; break;
        case '\\': sb_appendc(&b, '\\'); break;
        case '\'': sb_appendc(&b, '\''); break;
        case '"': sb_appendc(&b, '"'); break;
        case 'a': sb_appendc(&b, '\a'); break;
        case 'b': sb_appendc(&b, '\b'); break;
        case 'f': sb_appendc(&b, '\f'); break;
        case 'n': sb_appendc(&b, '\n'); break;
        case 'r': sb_appendc(&b, '\r'); break;
        case 't': sb_appendc(&b, '\t'); break;
        case 'v': sb_appendc(&b, '\v'); break;
        case 'x': digits = 2; break;
        case 'u': digits = 4; break;
        case 'U': digits = 8; break;
        default:
            if (e >= '0' && e <= '7') {
                int k = 0;
                while (k < 3 && i < len && body[i] >= '0' && body[i] <= '7') {
                    cp = cp * 8 + (unsigned long)(body[i] - '0');
                    i++;
                    k++;
                }
                i--;
                append_utf8(&b, cp);
            } else {
                sb_appendc(&b, '\\');
                sb_appendc(&b, e);
            }
        }
        if (digits) {
            int ok = i + (size_t)digits < len;
            for (int k = 1; ok && k <= digits; k++)
                ok = hex_digit_value(body[i + (size_t)k]) >= 0;
            if (!ok) {
                sb_appendc(&b, '\\');
                sb_appendc(&b, e);
                continue;
            }
            for (int k = 1; k <= digits; k++)
                cp = cp * 16 + (unsigned long)hex_digit_value(body[i + (size_t)k]);
            i += (size_t)digits;
            append_utf8(&b, cp > 0x10ffff ? 0xfffd : cp);
        }
    }
    t->value_len = b.len;
    t->value = sb_take(&b);
}

int pytok_tokenize(const char *src, size_t len, struct token_list *out, char *err, size_t errlen)
{
    name_class_init();
    token_list_clear(out);
    int indents[PYTOK_MAX_INDENT + 1];
    int n_indents = 1;
    indents[0] = 0;
    char brackets[PYTOK_MAX_NESTING];
    int depth = 0;
    int line = 1;
    size_t pos = 0, line_start = 0;
    int at_line_start = 1;
    int continued = 0; /* after a backslash continuation */
    if (len >= 3 && memcmp(src, "\xef\xbb\xbf", 3) == 0)
        pos = line_start = 3;
    while (pos < len) {
        if (at_line_start && depth == 0 && !continued) {
            /* Measure indentation; blank and comment-only lines do not count. */
            int col = 0;
            size_t p = pos;
            while (p < len && (src[p] == ' ' || src[p] == '\t' || src[p] == '\f')) {
                col = src[p] == '\t' ? (col / 8 + 1) * 8 : src[p] == '\f' ? 0 : col + 1;
                p++;
            }
            if (p >= len)
                break;
            if (src[p] == '#' || src[p] == '\n' || src[p] == '\r' || (src[p] == '\\' && p + 1 < len &&
                                                                         (src[p + 1] == '\n' || src[p + 1] == '\r'))) {
                pos = p;
                if (src[p] == '#')
                    while (pos < len && src[pos] != '\n' && src[pos] != '\r')
                        pos++;
                if (pos < len && src[pos] == '\\')
                    pos++;
                if (pos < len && src[pos] == '\r')
                    pos++;
                if (pos < len && src[pos] == '\n')
                    pos++;
                line++;
                line_start = pos;
                continue;
            }
            if (col > indents[n_indents - 1]) {
                if (n_indents > PYTOK_MAX_INDENT) {
                    snprintf(err, errlen, "%d: indentation nests deeper than %d levels", line, PYTOK_MAX_INDENT);
                    goto fail;
                }
                indents[n_indents++] = col;
                push(out, TOK_INDENT, line, 0, src + pos, p - pos);
            } else {
                while (col < indents[n_indents - 1]) {
                    n_indents--;
                    push(out, TOK_DEDENT, line, col, src + p, 0);
                }
                if (col != indents[n_indents - 1]) {
                    snprintf(err, errlen, "%d: unindent does not match any outer indentation level", line);
                    goto fail;
                }
            }
            pos = p;
        }
        continued = 0;
        at_line_start = 0;
        unsigned char c = (unsigned char)src[pos];
        int col = (int)(pos - line_start);
        if (c == ' ' || c == '\t' || c == '\f') {
            pos++;
            continue;
        }
        if (c == '#') {
            while (pos < len && src[pos] != '\n' && src[pos] != '\r')
                pos++;
            continue;
        }
        if (c == '\n' || c == '\r') {
            if (depth == 0)
                push(out, TOK_NEWLINE, line, col, src + pos, 1);
            if (c == '\r' && pos + 1 < len && src[pos + 1] == '\n')
                pos++;
            pos++;
            line++;
            line_start = pos;
            at_line_start = 1;
            continue;
        }
        if (c == '\\') {
            size_t p = pos + 1;
            if (p < len && src[p] == '\r')
                p++;
            if (p < len && src[p] == '\n')
                p++;
            if (p == pos + 1) {
                snprintf(err, errlen, "%d: unexpected character after line continuation", line);
                goto fail;
            }
            pos = p;
            line++;
            line_start = pos;
            continued = 1;
            at_line_start = 1;
            continue;
        }
        /* String prefixes: a name made only of r b u f letters followed by a quote. */
        size_t pfx = 0;
        while (pfx < 3 && pos + pfx < len && is_string_prefix(src[pos + pfx]))
            pfx++;
        if (pos + pfx < len && (src[pos + pfx] == '\'' || src[pos + pfx] == '"')) {
            unsigned flags = 0;
            for (size_t k = 0; k < pfx; k++) {
                char pc = src[pos + k];
                if (pc == 'f' || pc == 'F')
                    flags |= TOKF_FSTRING;
                else if (pc == 'b' || pc == 'B')
                    flags |= TOKF_BYTES;
                else if (pc == 'r' || pc == 'R')
                    flags |= TOKF_RAW;
            }
            size_t q = pos + pfx;
            char quote = src[q];
            int triple = q + 2 < len && src[q + 1] == quote && src[q + 2] == quote;
            size_t body = q + (triple ? 3 : 1);
            size_t p = body;
            int start_line = line;
            size_t body_end = 0;
            int closed = 0;
            while (p < len) {
                if (src[p] == '\\') {
                    if (p + 1 < len && (src[p + 1] == '\n' || src[p + 1] == '\r')) {
                        line++;
                        if (src[p + 1] == '\r' && p + 2 < len && src[p + 2] == '\n')
                            p++;
                        line_start = p + 2;
                    }
                    p += 2;
                    continue;
                }
                if (src[p] == '\n' || (src[p] == '\r' && !(p + 1 < len && src[p + 1] == '\n'))) {
                    if (!triple)
                        break;
                    line++;
                    line_start = p + 1;
                }
                if (src[p] == quote && (!triple || (p + 2 < len && src[p + 1] == quote && src[p + 2] == quote))) {
                    body_end = p;
                    closed = 1;
                    p += triple ? 3 : 1;
                    break;
                }
                p++;
            }
            if (!closed) {
                snprintf(err, errlen, "%d: unterminated string", start_line);
                goto fail;
            }
            struct token *t = push(out, TOK_STRING, start_line, col, src + pos, p - pos);
            t->flags = flags;
            if (!(flags & (TOKF_FSTRING | TOKF_BYTES)))
                decode_string(t, src + body, body_end - body, (flags & TOKF_RAW) != 0);
            pos = p;
            continue;
        }
        if (is_name_start(c)) {
            size_t p = pos;
            while (p < len && is_name_char((unsigned char)src[p]))
                p++;
            push(out, TOK_NAME, line, col, src + pos, p - pos);
            pos = p;
            continue;
        }
        if ((c >= '0' && c <= '9') || (c == '.' && pos + 1 < len && src[pos + 1] >= '0' && src[pos + 1] <= '9')) {
            size_t p = pos;
            while (p < len && (is_name_char((unsigned char)src[p]) || src[p] == '.' ||
                               ((src[p] == '+' || src[p] == '-') && (src[p - 1] == 'e' || src[p - 1] == 'E') &&
                                !(src[pos] == '0' && pos + 1 < len && (src[pos + 1] == 'x' || src[pos + 1] == 'X')))))
                p++;
            push(out, TOK_NUMBER, line, col, src + pos, p - pos);
            pos = p;
            continue;
        }
        /* Longest operator first; byte compares, as this runs for every
         * operator character of every file. */
        size_t oplen = 0;
        /* Every longer operator's second byte is one of these: most
         * operator bytes ("(", ",", ...) skip the two searches. */
        int longer = 0;
        if (pos + 1 < len) {
            switch (src[pos + 1]) {
            case '=': case '<': case '>': case '*': case '/': case '.':
                longer = 1;
            }
        }
        for (int k = 0; longer && pos + 3 <= len && ops3[k] && !oplen; k++)
            if (src[pos] == ops3[k][0] && src[pos + 1] == ops3[k][1] && src[pos + 2] == ops3[k][2])
                oplen = 3;
        for (int k = 0; longer && pos + 2 <= len && ops2[k] && !oplen; k++)
            if (src[pos] == ops2[k][0] && src[pos + 1] == ops2[k][1])
                oplen = 2;
        if (!oplen && is_op1[c])
            oplen = 1;
        if (!oplen) {
            if (c >= 0x20 && c < 0x7f)
                snprintf(err, errlen, "%d: unexpected character '%c'", line, c);
            else
                snprintf(err, errlen, "%d: unexpected byte 0x%02x", line, c);
            goto fail;
        }
        if (oplen == 1 && (c == '(' || c == '[' || c == '{')) {
            if (depth >= PYTOK_MAX_NESTING) {
                snprintf(err, errlen, "%d: brackets nest deeper than %d levels", line, PYTOK_MAX_NESTING);
                goto fail;
            }
            brackets[depth++] = (char)c;
        } else if (oplen == 1 && (c == ')' || c == ']' || c == '}')) {
            char open = c == ')' ? '(' : c == ']' ? '[' : '{';
            if (depth == 0 || brackets[depth - 1] != open) {
                snprintf(err, errlen, "%d: unmatched '%c'", line, c);
                goto fail;
            }
            depth--;
        }
        push(out, TOK_OP, line, col, src + pos, oplen);
        pos += oplen;
    }
    if (depth > 0) {
        snprintf(err, errlen, "%d: unclosed '%c' at end of file", line, brackets[depth - 1]);
        goto fail;
    }
    if (out->n && out->t[out->n - 1].kind != TOK_NEWLINE && out->t[out->n - 1].kind != TOK_DEDENT &&
        out->t[out->n - 1].kind != TOK_INDENT)
        push(out, TOK_NEWLINE, line, 0, src + len, 0);
    while (n_indents > 1) {
        n_indents--;
        push(out, TOK_DEDENT, line, 0, src + len, 0);
    }
    push(out, TOK_END, line, 0, src + len, 0);
    return 0;
fail:
    token_list_free(out);
    return -1;
}

void token_list_free(struct token_list *tl)
{
    token_list_clear(tl);
    free(tl->t);
    memset(tl, 0, sizeof *tl);
}

/* One pass that stops at the first byte that differs: most calls end on
 * the first, and none measures s. */
static int token_spells(const struct token *t, enum tok_kind kind, const char *s)
{
    if (t->kind != kind || !t->len)
        return 0;
    for (size_t i = 0; i < t->len; i++)
        if (!s[i] || s[i] != t->start[i])
            return 0;
    return s[t->len] == '\0';
}

int tok_is_op(const struct token *t, const char *s)
{
    return token_spells(t, TOK_OP, s);
}

int tok_is_name(const struct token *t, const char *s)
{
    return token_spells(t, TOK_NAME, s);
}
