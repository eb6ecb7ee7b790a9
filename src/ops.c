/* ops.c: what a revision's upgrade() does to the schema, read from its
 * tokens. Nothing is evaluated: a statement is either one of the op calls
 * SPEC section 5 lists, with literal names, or it makes the revision opaque.
 * Bracket nesting is walked with counters, never by recursion. */
#include "ops.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"

const char *op_kind_name(enum op_kind k)
{
    static const char *const names[] = {"create_table", "drop_table", "rename_table", "add_column",
                                        "drop_column", "rename_column", "create_index", "drop_index",
                                        "create_schema", "create", "drop", "rename", "alter", "touch"};
    return (unsigned)k < sizeof names / sizeof names[0] ? names[k] : "?";
}

static void free_op(struct schema_op *op)
{
    free(op->schema);
    free(op->table);
    free(op->name);
    free(op->new_name);
    free(op->attrs);
    for (size_t i = 0; i < op->n_columns; i++)
        free(op->columns[i]);
    free(op->columns);
}

void upgrade_effects_free(struct upgrade_effects *e)
{
    for (size_t i = 0; i < e->n_ops; i++)
        free_op(&e->ops[i]);
    free(e->ops);
    free(e->opaque_reason);
    memset(e, 0, sizeof *e);
}

struct schema_op *upgrade_effects_add(struct upgrade_effects *e, enum op_kind kind, const char *schema,
                                      const char *table, const char *name, const char *new_name, int line)
{
    xgrow(&e->ops, &e->cap, e->n_ops + 1, sizeof *e->ops);
    struct schema_op *op = &e->ops[e->n_ops++];
    memset(op, 0, sizeof *op);
    op->kind = kind;
    op->schema = schema ? xstrdup(schema) : NULL;
    op->table = table ? xstrdup(table) : NULL;
    op->name = name ? xstrdup(name) : NULL;
    op->new_name = new_name ? xstrdup(new_name) : NULL;
    op->line = line;
    return op;
}

struct schema_op *upgrade_effects_add_obj(struct upgrade_effects *e, enum op_kind kind, enum obj_kind obj,
                                          const char *schema, const char *table, const char *name,
                                          const char *new_name, const char *attrs, unsigned flags,
                                          int line)
{
    struct schema_op *op = upgrade_effects_add(e, kind, schema, table, name, new_name, line);
    op->obj = obj;
    op->attrs = attrs ? xstrdup(attrs) : NULL;
    op->flags = flags;
    return op;
}

static void add_column_name(struct schema_op *op, const char *col)
{
    size_t cap = op->n_columns + 1;
    op->columns = xrealloc(op->columns, (cap + 1) * sizeof *op->columns);
    op->columns[op->n_columns++] = xstrdup(col);
    op->columns[op->n_columns] = NULL;
}

/* ---- SQL in op.execute ---- */

enum sql_kind { SQL_WORD, SQL_QUOTED, SQL_STRING, SQL_PUNCT, SQL_OTHER };

struct sql_tok {
    enum sql_kind kind;
    char *text;     /* words lowercased; quoted identifiers as written */
};

struct sql_toks {
    struct sql_tok *t;
    size_t n;
    size_t cap;
};

static void sql_toks_free(struct sql_toks *s)
{
    for (size_t i = 0; i < s->n; i++)
        free(s->t[i].text);
    free(s->t);
    memset(s, 0, sizeof *s);
}

static void sql_push(struct sql_toks *s, enum sql_kind kind, char *text)
{
    xgrow(&s->t, &s->cap, s->n + 1, sizeof *s->t);
    s->t[s->n].kind = kind;
    s->t[s->n].text = text;
    s->n++;
}

/* Returns 0 when the text is beyond this lexer (dollar quotes, unterminated
 * literals); the caller then treats the SQL as not understood. */
static int sql_lex(const char *s, struct sql_toks *out)
{
    size_t i = 0, len = strlen(s);
    while (i < len) {
        unsigned char c = (unsigned char)s[i];
        if (isspace(c)) {
            i++;
        } else if (c == '-' && s[i + 1] == '-') {
            while (i < len && s[i] != '\n')
                i++;
        } else if (c == '/' && s[i + 1] == '*') {
            int depth = 0;
            do {
                if (s[i] == '/' && s[i + 1] == '*') {
                    depth++;
                    i += 2;
                } else if (s[i] == '*' && s[i + 1] == '/') {
                    depth--;
                    i += 2;
                } else {
                    i++;
                }
            } while (i < len && depth > 0);
            if (depth > 0)
                return 0;
        } else if (c == '$') {
            return 0;
        } else if (c == '"' || c == '\'' || ((c == 'e' || c == 'E') && s[i + 1] == '\'')) {
            int escapes = c != '"' && c != '\'';
            char q = escapes ? '\'' : (char)c;
            i += escapes ? 2 : 1;
            struct strbuf b = {0};
            sb_appendn(&b, "", 0);
            int closed = 0;
            while (i < len) {
                if (escapes && s[i] == '\\' && i + 1 < len) {
                    sb_appendc(&b, s[i + 1]);
                    i += 2;
                    continue;
                }
                if (s[i] == q) {
                    if (s[i + 1] == q) {
                        sb_appendc(&b, q);
                        i += 2;
                        continue;
                    }
                    i++;
                    closed = 1;
                    break;
                }
                sb_appendc(&b, s[i++]);
            }
            if (!closed) {
                sb_free(&b);
                return 0;
            }
            sql_push(out, q == '"' ? SQL_QUOTED : SQL_STRING, sb_take(&b));
        } else if (isalpha(c) || c == '_' || c >= 0x80) {
            size_t j = i;
            while (j < len && (isalnum((unsigned char)s[j]) || s[j] == '_' || s[j] == '$' ||
                               (unsigned char)s[j] >= 0x80))
                j++;
            char *w = xstrndup(s + i, j - i);
            for (char *p = w; *p; p++)
                *p = (char)tolower((unsigned char)*p);
            sql_push(out, SQL_WORD, w);
            i = j;
        } else if (strchr("(),;.", c)) {
            sql_push(out, SQL_PUNCT, xstrndup(s + i, 1));
            i++;
        } else {
            size_t j = i + 1;
            while (j < len && !isspace((unsigned char)s[j]) && !isalnum((unsigned char)s[j]) && !strchr("(),;.'\"_$", s[j]))
                j++;
            sql_push(out, SQL_OTHER, xstrndup(s + i, j - i));
            i = j;
        }
    }
    return 1;
}

struct sql_cursor {
    const struct sql_tok *t;
    size_t i;
    size_t end;
};

static int at_word(const struct sql_cursor *c, const char *w)
{
    return c->i < c->end && c->t[c->i].kind == SQL_WORD && strcmp(c->t[c->i].text, w) == 0;
}

static int accept_word(struct sql_cursor *c, const char *w)
{
    if (!at_word(c, w))
        return 0;
    c->i++;
    return 1;
}

static int accept_words(struct sql_cursor *c, const char *w1, const char *w2, const char *w3)
{
    size_t save = c->i;
    if (accept_word(c, w1) && (!w2 || accept_word(c, w2)) && (!w3 || accept_word(c, w3)))
        return 1;
    c->i = save;
    return 0;
}

static int at_punct(const struct sql_cursor *c, const char *p)
{
    return c->i < c->end && c->t[c->i].kind == SQL_PUNCT && strcmp(c->t[c->i].text, p) == 0;
}

/* An identifier: a word that is not reserved here, or a quoted name. */
static const char *ident(struct sql_cursor *c)
{
    if (c->i >= c->end)
        return NULL;
    const struct sql_tok *t = &c->t[c->i];
    if (t->kind == SQL_QUOTED || t->kind == SQL_WORD) {
        c->i++;
        return t->text;
    }
    return NULL;
}

/* [schema.]name */
static int qualified(struct sql_cursor *c, const char **schema, const char **name)
{
    const char *a = ident(c);
    if (!a)
        return 0;
    if (at_punct(c, ".")) {
        c->i++;
        const char *b = ident(c);
        if (!b)
            return 0;
        *schema = a;
        *name = b;
        return 1;
    }
    *schema = NULL;
    *name = a;
    return 1;
}

/* Skips to the next top-level ',' or the end; returns 1 if a ',' was consumed. */
static int skip_to_comma(struct sql_cursor *c, size_t close_at)
{
    int depth = 0;
    while (c->i < close_at) {
        if (at_punct(c, "("))
            depth++;
        else if (at_punct(c, ")"))
            depth--;
        else if (depth == 0 && at_punct(c, ",")) {
            c->i++;
            return 1;
        }
        c->i++;
    }
    return 0;
}

static int parse_create_table(struct sql_cursor *c, int line, struct upgrade_effects *tmp)
{
    accept_words(c, "if", "not", "exists");
    const char *schema, *name;
    if (!qualified(c, &schema, &name) || !at_punct(c, "("))
        return 0;
    c->i++;
    int depth = 1;
    size_t close = c->i;
    while (close < c->end && depth > 0) {
        if (c->t[close].kind == SQL_PUNCT && c->t[close].text[0] == '(')
            depth++;
        else if (c->t[close].kind == SQL_PUNCT && c->t[close].text[0] == ')')
            depth--;
        if (depth > 0)
            close++;
    }
    if (depth != 0)
        return 0;
    struct schema_op *op = upgrade_effects_add(tmp, OP_CREATE_TABLE, schema, name, NULL, NULL, line);
    op->columns = xcalloc(1, sizeof *op->columns);
    static const char *const table_constraints[] = {"constraint", "primary", "unique", "foreign",
                                                    "check", "exclude", "like"};
    while (c->i < close) {
        int is_constraint = 0;
        for (size_t k = 0; k < sizeof table_constraints / sizeof table_constraints[0]; k++)
            if (c->t[c->i].kind == SQL_WORD && strcmp(c->t[c->i].text, table_constraints[k]) == 0)
                is_constraint = 1;
        if (!is_constraint) {
            const char *col = ident(c);
            if (!col)
                return 0;
            add_column_name(op, col);
        }
        if (!skip_to_comma(c, close))
            break;
    }
    c->i = close + 1;
    /* What may follow: storage and partitioning clauses, none of which change the columns. */
    while (c->i < c->end) {
        if (at_word(c, "as") || at_word(c, "partition") || at_word(c, "inherits") || at_word(c, "of"))
            return 0;
        c->i++;
    }
    return 1;
}

static int parse_alter_table(struct sql_cursor *c, int line, struct upgrade_effects *tmp)
{
    accept_words(c, "if", "exists", NULL);
    accept_word(c, "only");
    const char *schema, *table;
    if (!qualified(c, &schema, &table))
        return 0;
    if (accept_word(c, "rename")) {
        if (accept_word(c, "to")) {
            const char *n = ident(c);
            if (!n)
                return 0;
            upgrade_effects_add(tmp, OP_RENAME_TABLE, schema, table, NULL, n, line);
        } else {
            if (at_word(c, "constraint"))
                return 0;
            accept_word(c, "column");
            const char *from = ident(c);
            if (!from || !accept_word(c, "to"))
                return 0;
            const char *to = ident(c);
            if (!to)
                return 0;
            upgrade_effects_add(tmp, OP_RENAME_COLUMN, schema, table, from, to, line);
        }
        return c->i == c->end;
    }
    for (;;) {
        if (accept_word(c, "add")) {
            static const char *const constraint_words[] = {"constraint", "primary", "unique", "foreign",
                                                           "check", "exclude"};
            for (size_t k = 0; k < sizeof constraint_words / sizeof constraint_words[0]; k++)
                if (at_word(c, constraint_words[k]))
                    return 0;
            accept_word(c, "column");
            accept_words(c, "if", "not", "exists");
            const char *col = ident(c);
            if (!col)
                return 0;
            upgrade_effects_add(tmp, OP_ADD_COLUMN, schema, table, col, NULL, line);
        } else if (accept_word(c, "drop")) {
            if (at_word(c, "constraint"))
                return 0;
            accept_word(c, "column");
            accept_words(c, "if", "exists", NULL);
            const char *col = ident(c);
            if (!col)
                return 0;
            upgrade_effects_add(tmp, OP_DROP_COLUMN, schema, table, col, NULL, line);
        } else {
            return 0;
        }
        if (!skip_to_comma(c, c->end))
            return 1;
    }
}

static int parse_statement(struct sql_cursor *c, int line, struct upgrade_effects *tmp)
{
    if (accept_word(c, "create")) {
        int unique = accept_word(c, "unique");
        if (accept_word(c, "index")) {
            accept_word(c, "concurrently");
            accept_words(c, "if", "not", "exists");
            if (at_word(c, "on"))
                return 0; /* an index without a name: its name is the server's choice */
            const char *name = ident(c);
            const char *schema, *table;
            if (!name || !accept_word(c, "on"))
                return 0;
            accept_word(c, "only");
            if (!qualified(c, &schema, &table))
                return 0;
            upgrade_effects_add(tmp, OP_CREATE_INDEX, schema, table, name, NULL, line);
            return 1;
        }
        if (unique)
            return 0;
        if (accept_word(c, "table"))
            return parse_create_table(c, line, tmp);
        if (accept_word(c, "schema")) {
            accept_words(c, "if", "not", "exists");
            if (at_word(c, "authorization"))
                return 0;
            const char *name = ident(c);
            if (!name)
                return 0;
            upgrade_effects_add(tmp, OP_CREATE_SCHEMA, NULL, NULL, name, NULL, line);
            if (accept_word(c, "authorization") && ident(c) && c->i == c->end)
                return 1;
            return c->i == c->end;
        }
        return 0;
    }
    if (accept_word(c, "drop")) {
        int is_index = 0;
        if (accept_word(c, "index")) {
            is_index = 1;
            accept_word(c, "concurrently");
        } else if (!accept_word(c, "table")) {
            return 0;
        }
        accept_words(c, "if", "exists", NULL);
        for (;;) {
            const char *schema, *name;
            if (!qualified(c, &schema, &name))
                return 0;
            if (is_index)
                upgrade_effects_add(tmp, OP_DROP_INDEX, schema, NULL, name, NULL, line);
            else
                upgrade_effects_add(tmp, OP_DROP_TABLE, schema, name, NULL, NULL, line);
            if (!at_punct(c, ","))
                break;
            c->i++;
        }
        if (!accept_word(c, "cascade"))
            accept_word(c, "restrict");
        return c->i == c->end;
    }
    if (accept_word(c, "alter") && accept_word(c, "table"))
        return parse_alter_table(c, line, tmp);
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

int ops_from_sql(const char *sql, int line, struct upgrade_effects *out)
{
    struct sql_toks toks = {0};
    struct upgrade_effects tmp = {0};
    int ok = sql_lex(sql, &toks);
    size_t start = 0;
    int statements = 0;
    while (ok && start < toks.n) {
        size_t end = start;
        while (end < toks.n && !(toks.t[end].kind == SQL_PUNCT && toks.t[end].text[0] == ';'))
            end++;
        if (end > start) {
            struct sql_cursor c = {toks.t, start, end};
            ok = parse_statement(&c, line, &tmp);
            statements++;
        }
        start = end + 1;
    }
    if (ok && statements > 0)
        move_ops(&tmp, out);
    else
        ok = 0;
    upgrade_effects_free(&tmp);
    sql_toks_free(&toks);
    return ok;
}

/* ---- Python: op calls in upgrade() ---- */

struct range {
    size_t b, e; /* tokens [b, e) */
};

struct call_args {
    struct range pos[32];
    size_t n_pos;
    struct range kwv[32];
    const struct token *kwn[32];
    size_t n_kw;
    int overflow;
};

/* Splits the tokens between a call's parentheses into arguments. */
static void split_args(const struct token_list *tl, size_t b, size_t e, struct call_args *a)
{
    memset(a, 0, sizeof *a);
    size_t start = b;
    int depth = 0;
    for (size_t i = b; i <= e; i++) {
        int at_end = i == e;
        if (!at_end) {
            const struct token *t = &tl->t[i];
            if (tok_is_op(t, "(") || tok_is_op(t, "[") || tok_is_op(t, "{"))
                depth++;
            else if (tok_is_op(t, ")") || tok_is_op(t, "]") || tok_is_op(t, "}"))
                depth--;
            if (depth != 0 || !tok_is_op(t, ","))
                continue;
        }
        if (i > start) {
            if (i - start >= 2 && tl->t[start].kind == TOK_NAME && tok_is_op(&tl->t[start + 1], "=")) {
                if (a->n_kw < 32) {
                    a->kwn[a->n_kw] = &tl->t[start];
                    a->kwv[a->n_kw].b = start + 2;
                    a->kwv[a->n_kw].e = i;
                    a->n_kw++;
                } else {
                    a->overflow = 1;
                }
            } else if (a->n_pos < 32) {
                a->pos[a->n_pos].b = start;
                a->pos[a->n_pos].e = i;
                a->n_pos++;
            } else {
                a->overflow = 1;
            }
        }
        start = i + 1;
    }
}

/* Index of the ')' matching the '(' at open, or 0. */
static size_t matching_paren(const struct token_list *tl, size_t open, size_t limit)
{
    int depth = 0;
    for (size_t i = open; i < limit; i++) {
        const struct token *t = &tl->t[i];
        if (tok_is_op(t, "(") || tok_is_op(t, "[") || tok_is_op(t, "{"))
            depth++;
        else if (tok_is_op(t, ")") || tok_is_op(t, "]") || tok_is_op(t, "}"))
            if (--depth == 0)
                return i;
    }
    return 0;
}

enum val_kind { V_UNKNOWN, V_STRING, V_NONE, V_COLUMN, V_INDEX, V_TEXT, V_OTHER_CALL, V_LIST, V_CONST };

struct value {
    enum val_kind kind;
    char *s;             /* V_STRING, V_TEXT: the string; V_COLUMN, V_INDEX: the name */
    int column_index;    /* V_COLUMN: index=True */
};

static void value_free(struct value *v)
{
    free(v->s);
    memset(v, 0, sizeof *v);
}

/* A string literal spanning the whole range (adjacent literals joined). */
static char *string_in(const struct token_list *tl, struct range r)
{
    if (r.b >= r.e)
        return NULL;
    struct strbuf b = {0};
    sb_appendn(&b, "", 0);
    for (size_t i = r.b; i < r.e; i++) {
        const struct token *t = &tl->t[i];
        if (t->kind != TOK_STRING || !t->value || memchr(t->value, '\0', t->value_len)) {
            sb_free(&b);
            return NULL;
        }
        sb_append(&b, t->value);
    }
    return sb_take(&b);
}

/* Is the range `PREFIX.NAME(...)` or `NAME(...)` for a callee in names?
 * Returns the matched name's index and sets *open to the '('. */
static int callee_is(const struct token_list *tl, struct range r, const char *const *names, size_t n_names,
                     size_t *open)
{
    size_t i = r.b;
    if (i + 1 < r.e && tl->t[i].kind == TOK_NAME && tok_is_op(&tl->t[i + 1], "."))
        i += 2;
    if (i + 1 >= r.e || tl->t[i].kind != TOK_NAME || !tok_is_op(&tl->t[i + 1], "("))
        return -1;
    if (matching_paren(tl, i + 1, r.e) != r.e - 1)
        return -1;
    for (size_t k = 0; k < n_names; k++) {
        if (tok_is_name(&tl->t[i], names[k])) {
            *open = i + 1;
            return (int)k;
        }
    }
    return -2;
}

static void eval(const struct token_list *tl, struct range r, struct value *v)
{
    memset(v, 0, sizeof *v);
    if (r.b >= r.e)
        return;
    if ((v->s = string_in(tl, r)) != NULL) {
        v->kind = V_STRING;
        return;
    }
    if (r.e - r.b == 1 && tl->t[r.b].kind == TOK_NAME) {
        v->kind = tok_is_name(&tl->t[r.b], "None") ? V_NONE
                  : tok_is_name(&tl->t[r.b], "True") || tok_is_name(&tl->t[r.b], "False") ? V_CONST
                                                                                            : V_UNKNOWN;
        return;
    }
    if (tl->t[r.b].kind == TOK_NUMBER && r.e - r.b == 1) {
        v->kind = V_CONST;
        return;
    }
    if ((tok_is_op(&tl->t[r.b], "[") || tok_is_op(&tl->t[r.b], "(")) && matching_paren(tl, r.b, r.e) == r.e - 1) {
        v->kind = V_LIST;
        return;
    }
    static const char *const callees[] = {"f", "Column", "Index", "text"};
    size_t open;
    int which = callee_is(tl, r, callees, 4, &open);
    if (which == -1)
        return;
    if (which == -2) {
        v->kind = V_OTHER_CALL;
        return;
    }
    struct call_args a;
    split_args(tl, open + 1, r.e - 1, &a);
    char *first = a.n_pos ? string_in(tl, a.pos[0]) : NULL;
    if (which == 1 && !first) {
        /* Column(name=...) is legal but rare; Column() without a name is not a column we can see. */
        for (size_t k = 0; k < a.n_kw; k++)
            if (tok_is_name(a.kwn[k], "name"))
                first = string_in(tl, a.kwv[k]);
    }
    if (!first) {
        v->kind = V_UNKNOWN;
        return;
    }
    v->s = first;
    v->kind = which == 0 ? V_STRING : which == 1 ? V_COLUMN : which == 2 ? V_INDEX : V_TEXT;
    if (which == 1) {
        for (size_t k = 0; k < a.n_kw; k++)
            if (tok_is_name(a.kwn[k], "index") && a.kwv[k].e - a.kwv[k].b == 1 &&
                tok_is_name(&tl->t[a.kwv[k].b], "True"))
                v->column_index = 1;
    }
}

struct ctx {
    const struct token_list *tl;
    struct upgrade_effects *out;
    int opaque;
};

static void make_opaque(struct ctx *c, int line, const char *fmt, const char *what)
{
    if (!c->opaque) {
        char buf[200];
        snprintf(buf, sizeof buf, fmt, what);
        c->out->opaque_reason = xasprintf("line %d: %s", line, buf);
    }
    c->opaque = 1;
}

/* An argument by position or keyword; NULL range when absent. */
static int arg(const struct call_args *a, size_t pos, const char *kw, struct range *out)
{
    for (size_t k = 0; k < a->n_kw; k++) {
        if (tok_is_name(a->kwn[k], kw)) {
            *out = a->kwv[k];
            return 1;
        }
    }
    if (pos < a->n_pos) {
        *out = a->pos[pos];
        return 1;
    }
    return 0;
}

/* A name argument that must be a literal: 1 with *s set (or NULL when None
 * and allow_none), 0 when it is not a literal. */
static int name_arg(struct ctx *c, const struct call_args *a, size_t pos, const char *kw, int required,
                    char **s)
{
    struct range r;
    *s = NULL;
    if (!arg(a, pos, kw, &r))
        return !required;
    struct value v;
    eval(c->tl, r, &v);
    if (v.kind == V_STRING) {
        *s = v.s;
        return 1;
    }
    enum val_kind kind = v.kind;
    value_free(&v);
    return kind == V_NONE && !required;
}

/* Column(index=True) makes SQLAlchemy create an index named by its default
 * convention "ix_%(column_0_label)s", where the label of a column of a
 * schema-qualified table is <schema>_<table>_<column>. */
static char *implied_index_name(const char *schema, const char *table, const char *column)
{
    return schema ? xasprintf("ix_%s_%s_%s", schema, table, column) : xasprintf("ix_%s_%s", table, column);
}

static const char *const known_ops[] = {
    "create_table", "drop_table", "rename_table", "add_column", "drop_column", "alter_column",
    "create_index", "drop_index", "execute",
};

/* One call: op.NAME(...) or, inside a batch block, ALIAS.NAME(...). For a
 * batch call, batch_table/batch_schema are the block's table. */
static void handle_call(struct ctx *c, size_t name_tok, size_t open, size_t close, const char *batch_table,
                        const char *batch_schema, int in_batch)
{
    const struct token_list *tl = c->tl;
    const struct token *nt = &tl->t[name_tok];
    int line = nt->line;
    int which = -1;
    for (size_t k = 0; k < sizeof known_ops / sizeof known_ops[0]; k++)
        if (tok_is_name(nt, known_ops[k]))
            which = (int)k;
    char opname[64];
    snprintf(opname, sizeof opname, "%s.%.*s", in_batch ? "batch_op" : "op", (int)(nt->len > 40 ? 40 : nt->len),
             nt->start);
    if (which < 0 || (in_batch && which == 0) || (in_batch && which == 2) || (in_batch && which == 8)) {
        make_opaque(c, line, "%s is not modelled", opname);
        return;
    }
    struct call_args a;
    split_args(tl, open + 1, close, &a);
    if (a.overflow) {
        make_opaque(c, line, "%s has too many arguments to read", opname);
        return;
    }
    /* A batch call has no table argument: every position shifts by one. */
    size_t shift = in_batch ? 1 : 0;
    char *schema = NULL, *table = NULL, *name = NULL, *new_name = NULL;
    int ok = 1;
    if (in_batch) {
        table = xstrdup(batch_table);
        schema = batch_schema ? xstrdup(batch_schema) : NULL;
    } else {
        ok = name_arg(c, &a, (size_t)-1, "schema", 0, &schema);
    }
    struct range r;
    struct value v = {0};
    switch (which) {
    case 0: /* create_table(table_name, *columns, schema=) */
        ok = ok && name_arg(c, &a, 0, "table_name", 1, &table);
        if (ok) {
            /* Indexes are appended after the table op, which may move it: keep its index. */
            size_t table_op = c->out->n_ops;
            upgrade_effects_add(c->out, OP_CREATE_TABLE, schema, table, NULL, NULL, line)->columns =
                xcalloc(1, sizeof(char *));
            for (size_t k = 1; k < a.n_pos; k++) {
                eval(tl, a.pos[k], &v);
                if (v.kind == V_COLUMN) {
                    add_column_name(&c->out->ops[table_op], v.s);
                    if (v.column_index) {
                        char *ix = implied_index_name(schema, table, v.s);
                        upgrade_effects_add(c->out, OP_CREATE_INDEX, schema, table, ix, NULL, line);
                        free(ix);
                    }
                } else if (v.kind == V_INDEX) {
                    upgrade_effects_add(c->out, OP_CREATE_INDEX, schema, table, v.s, NULL, line);
                } else if (v.kind != V_OTHER_CALL) {
                    make_opaque(c, line, "%s has an argument that is not a Column or a constraint", opname);
                }
                value_free(&v);
            }
        }
        break;
    case 1: /* drop_table(table_name, schema=) */
        ok = ok && name_arg(c, &a, 0, "table_name", 1, &table);
        if (ok)
            upgrade_effects_add(c->out, OP_DROP_TABLE, schema, table, NULL, NULL, line);
        break;
    case 2: /* rename_table(old_table_name, new_table_name, schema=) */
        ok = ok && name_arg(c, &a, 0, "old_table_name", 1, &table) &&
             name_arg(c, &a, 1, "new_table_name", 1, &new_name);
        if (ok)
            upgrade_effects_add(c->out, OP_RENAME_TABLE, schema, table, NULL, new_name, line);
        break;
    case 3: /* add_column(table_name, column, schema=) */
        if (!in_batch)
            ok = ok && name_arg(c, &a, 0, "table_name", 1, &table);
        if (ok && arg(&a, 1 - shift, "column", &r)) {
            eval(tl, r, &v);
            if (v.kind == V_COLUMN) {
                upgrade_effects_add(c->out, OP_ADD_COLUMN, schema, table, v.s, NULL, line);
                if (v.column_index) {
                    char *ix = implied_index_name(schema, table, v.s);
                    upgrade_effects_add(c->out, OP_CREATE_INDEX, schema, table, ix, NULL, line);
                    free(ix);
                }
            } else {
                ok = 0;
            }
            value_free(&v);
        } else {
            ok = 0;
        }
        break;
    case 4: /* drop_column(table_name, column_name, schema=) */
        if (!in_batch)
            ok = ok && name_arg(c, &a, 0, "table_name", 1, &table);
        ok = ok && name_arg(c, &a, 1 - shift, "column_name", 1, &name);
        if (ok)
            upgrade_effects_add(c->out, OP_DROP_COLUMN, schema, table, name, NULL, line);
        break;
    case 5: /* alter_column(table_name, column_name, new_column_name=, ...) */
        if (!in_batch)
            ok = ok && name_arg(c, &a, 0, "table_name", 1, &table);
        ok = ok && name_arg(c, &a, 1 - shift, "column_name", 1, &name);
        if (ok) {
            int renames = 0, other = 0;
            for (size_t k = 0; k < a.n_kw; k++) {
                if (tok_is_name(a.kwn[k], "new_column_name"))
                    renames = 1;
                else if (!tok_is_name(a.kwn[k], "schema") && !tok_is_name(a.kwn[k], "existing_type") &&
                         !tok_is_name(a.kwn[k], "existing_nullable") &&
                         !tok_is_name(a.kwn[k], "existing_server_default") &&
                         !tok_is_name(a.kwn[k], "existing_comment") && !tok_is_name(a.kwn[k], "table_name") &&
                         !tok_is_name(a.kwn[k], "column_name"))
                    other = 1;
            }
            if (renames) {
                ok = name_arg(c, &a, (size_t)-1, "new_column_name", 1, &new_name);
                if (ok)
                    upgrade_effects_add(c->out, OP_RENAME_COLUMN, schema, table, name, new_name, line);
            }
            /* Type, nullability and defaults are schema changes the catalog
             * model does not see: the revision may have unobserved effects. */
            if (other)
                make_opaque(c, line, "%s changes a column in a way the model does not observe", opname);
        }
        break;
    case 6: /* create_index(index_name, table_name, columns, schema=) */
        ok = ok && name_arg(c, &a, 0, "index_name", 1, &name);
        if (!in_batch)
            ok = ok && name_arg(c, &a, 1, "table_name", 1, &table);
        if (ok)
            upgrade_effects_add(c->out, OP_CREATE_INDEX, schema, table, name, NULL, line);
        break;
    case 7: /* drop_index(index_name, table_name=None, schema=) */
        ok = ok && name_arg(c, &a, 0, "index_name", 1, &name);
        if (!in_batch)
            ok = ok && name_arg(c, &a, 1, "table_name", 0, &table);
        if (ok)
            upgrade_effects_add(c->out, OP_DROP_INDEX, schema, table, name, NULL, line);
        break;
    case 8: /* execute(sqltext) */
        if (arg(&a, 0, "sqltext", &r)) {
            eval(tl, r, &v);
            if ((v.kind == V_STRING || v.kind == V_TEXT) && ops_from_sql(v.s, line, c->out)) {
                value_free(&v);
                break;
            }
            value_free(&v);
        }
        make_opaque(c, line, "%s runs SQL that is not plain DDL the model reads", opname);
        break;
    }
    if (!ok)
        make_opaque(c, line, "%s has a name that is not a literal", opname);
    free(schema);
    free(table);
    free(name);
    free(new_name);
}

/* The statements of a block, from i to its DEDENT (or to one NEWLINE when
 * inline). Returns the index after the block. */
static size_t walk_block(struct ctx *c, size_t i, int inline_stmt, const char *batch_alias, const char *batch_table,
                         const char *batch_schema, int *saw_statement);

/* A simple statement ends at its NEWLINE or at a ';' (never inside brackets
 * in valid Python). */
static size_t statement_end(const struct token_list *tl, size_t i)
{
    while (tl->t[i].kind != TOK_NEWLINE && tl->t[i].kind != TOK_END && !tok_is_op(&tl->t[i], ";"))
        i++;
    return i;
}

static size_t skip_block(const struct token_list *tl, size_t i)
{
    /* i is just after a NEWLINE that opens an indented block */
    if (tl->t[i].kind != TOK_INDENT)
        return i;
    int depth = 0;
    for (; tl->t[i].kind != TOK_END; i++) {
        if (tl->t[i].kind == TOK_INDENT)
            depth++;
        else if (tl->t[i].kind == TOK_DEDENT && --depth == 0)
            return i + 1;
    }
    return i;
}

static size_t handle_statement(struct ctx *c, size_t i, const char *batch_alias, const char *batch_table,
                               const char *batch_schema, int *saw_statement)
{
    const struct token_list *tl = c->tl;
    size_t end = statement_end(tl, i);
    const struct token *t = &tl->t[i];
    size_t next = tl->t[end].kind == TOK_END ? end : end + 1;
    if (tok_is_name(t, "pass") || (tok_is_op(t, "...") && end == i + 1))
        return next;
    if (t->kind == TOK_STRING) {
        size_t k = i;
        while (tl->t[k].kind == TOK_STRING)
            k++;
        if (k == end)
            return next; /* a docstring or a bare string: no effect */
    }
    *saw_statement = 1;
    /* with op.batch_alter_table("t", schema=...) as alias: */
    if (tok_is_name(t, "with") && !batch_alias && tok_is_name(&tl->t[i + 1], "op") && tok_is_op(&tl->t[i + 2], ".") &&
        tok_is_name(&tl->t[i + 3], "batch_alter_table") && tok_is_op(&tl->t[i + 4], "(")) {
        size_t close = matching_paren(tl, i + 4, end);
        if (close && tok_is_name(&tl->t[close + 1], "as") && tl->t[close + 2].kind == TOK_NAME &&
            tok_is_op(&tl->t[close + 3], ":")) {
            struct call_args a;
            split_args(tl, i + 5, close, &a);
            char *table = NULL, *schema = NULL;
            if (name_arg(c, &a, 0, "table_name", 1, &table) && name_arg(c, &a, 1, "schema", 0, &schema)) {
                char *alias = xstrndup(tl->t[close + 2].start, tl->t[close + 2].len);
                size_t body = close + 4;
                size_t after;
                int inner = 0;
                if (tl->t[body].kind == TOK_NEWLINE)
                    after = walk_block(c, body + 1, 0, alias, table, schema, &inner);
                else
                    after = walk_block(c, body, 1, alias, table, schema, &inner);
                free(alias);
                free(table);
                free(schema);
                return after;
            }
            free(table);
            free(schema);
        }
    }
    /* NAME.NAME(...) as the whole statement */
    const char *want = batch_alias ? batch_alias : "op";
    if (t->kind == TOK_NAME && t->len == strlen(want) && memcmp(t->start, want, t->len) == 0 &&
        tok_is_op(&tl->t[i + 1], ".") && tl->t[i + 2].kind == TOK_NAME && tok_is_op(&tl->t[i + 3], "(") &&
        matching_paren(tl, i + 3, end) == end - 1) {
        handle_call(c, i + 2, i + 3, end - 1, batch_table, batch_schema, batch_alias != NULL);
        return next;
    }
    char what[64];
    snprintf(what, sizeof what, "'%.*s'", (int)(t->len > 30 ? 30 : t->len), t->start);
    make_opaque(c, t->line, "a statement starting %s is not an op call the model reads", what);
    /* A compound statement (if, for, def...) owns the indented block after it. */
    return skip_block(tl, next);
}

static size_t walk_block(struct ctx *c, size_t i, int inline_stmt, const char *batch_alias, const char *batch_table,
                         const char *batch_schema, int *saw_statement)
{
    const struct token_list *tl = c->tl;
    if (inline_stmt) {
        /* `def upgrade(): pass` or `with ... as b: b.drop_column("x")` on one
         * line, possibly several statements separated by ';'. */
        for (;;) {
            size_t end = statement_end(tl, i);
            int last = !tok_is_op(&tl->t[end], ";");
            i = handle_statement(c, i, batch_alias, batch_table, batch_schema, saw_statement);
            if (last || tl->t[i].kind == TOK_NEWLINE || tl->t[i].kind == TOK_END)
                break;
        }
        return tl->t[i].kind == TOK_NEWLINE ? i + 1 : i;
    }
    if (tl->t[i].kind != TOK_INDENT)
        return i;
    i++;
    while (tl->t[i].kind != TOK_DEDENT && tl->t[i].kind != TOK_END) {
        if (tl->t[i].kind == TOK_NEWLINE) {
            i++;
            continue;
        }
        i = handle_statement(c, i, batch_alias, batch_table, batch_schema, saw_statement);
    }
    return tl->t[i].kind == TOK_DEDENT ? i + 1 : i;
}

void ops_extract(const struct token_list *tl, size_t body_start, struct upgrade_effects *out)
{
    memset(out, 0, sizeof *out);
    if (body_start == (size_t)-1 || body_start >= tl->n) {
        out->effect = EFFECT_OPAQUE;
        out->opaque_reason = xstrdup("no upgrade() function");
        return;
    }
    struct ctx c = {tl, out, 0};
    int saw_statement = 0;
    if (tl->t[body_start].kind == TOK_NEWLINE)
        walk_block(&c, body_start + 1, 0, NULL, NULL, NULL, &saw_statement);
    else
        walk_block(&c, body_start, 1, NULL, NULL, NULL, &saw_statement);
    if (c.opaque)
        out->effect = EFFECT_OPAQUE;
    else if (!saw_statement && out->n_ops == 0)
        out->effect = EFFECT_EMPTY;
    else
        out->effect = EFFECT_OBSERVABLE;
}
