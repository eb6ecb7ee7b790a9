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
    for (size_t i = 0; i < op->n_columns; i++) {
        free(op->columns[i]);
        if (op->column_attrs)
            free(op->column_attrs[i]);
    }
    free(op->columns);
    free(op->column_attrs);
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
