/* pytok.h: a tokenizer for the subset of Python that Alembic scripts use.
 *
 * Follows Python's tokenize: NAME, NUMBER, STRING, OP, NEWLINE (logical line
 * ends only: brackets and backslashes join lines), INDENT, DEDENT, END.
 * Comments and blank lines produce nothing. Strings keep their raw text and,
 * for str literals without an f prefix, the decoded value. Pure, no
 * recursion; bracket nesting and indentation depth are bounded. */
#ifndef AG_PYTOK_H
#define AG_PYTOK_H

#include <stddef.h>

enum tok_kind {
    TOK_END = 0,
    TOK_NAME,
    TOK_NUMBER,
    TOK_STRING,
    TOK_OP,        /* operators and delimiters: ( ) [ ] { } , : . = -> ** etc. */
    TOK_NEWLINE,
    TOK_INDENT,
    TOK_DEDENT,
};

enum {
    TOKF_FSTRING = 1, /* f-string: value is NULL (not a literal) */
    TOKF_BYTES = 2,   /* b'' literal: value is NULL (not a str) */
    TOKF_RAW = 4,
};

#define PYTOK_MAX_NESTING 200
#define PYTOK_MAX_INDENT 100

struct token {
    enum tok_kind kind;
    unsigned flags;
    int line;          /* 1-based line of the first character */
    int col;           /* 0-based column */
    const char *start; /* into the source text */
    size_t len;
    char *value;       /* decoded str literal, NUL-terminated (may hold \0: see value_len) */
    size_t value_len;
};

struct token_list {
    struct token *t;   /* t[n-1] is TOK_END */
    size_t n;
    size_t cap;
};

/* Tokenizes src. Returns 0, or -1 with err filled as "LINE: reason"
 * (unterminated string, bad dedent, nesting too deep, stray character...).
 * out is zeroed or a list from an earlier call, whose array is reused: one
 * list for many files spares an allocation per token-array growth, which
 * musl's allocator answers with mmap and munmap. Free it with
 * token_list_free. */
int pytok_tokenize(const char *src, size_t len, struct token_list *out, char *err, size_t errlen);
void token_list_free(struct token_list *tl);

/* 1 when token t is the operator or name spelled s. */
int tok_is_op(const struct token *t, const char *s);
int tok_is_name(const struct token *t, const char *s);

#endif
