/* pyops.c: what a revision's upgrade() does, read from its tokens (SPEC
 * section 5): op calls with the objects and attributes they create, through
 * the control flow Alembic scripts use. Nothing runs. Values are literals,
 * module-level names bound to expressions, loop variables over literal lists
 * and parameters of same-file helpers. Code that may not run (a condition the
 * gate cannot decide, a try body, a loop over unknown values) gives OPF_MAYBE
 * ops; code it cannot read makes the revision opaque and names what it might
 * touch (OP_TOUCH). Recursion is bounded: block nesting by the tokenizer's
 * indent limit, helper calls by MAX_CALL_DEPTH, loops by MAX_ITEMS, and all
 * the unrolled work by MAX_STATEMENTS. */
#include "ops.h"

#include <stdio.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "sanames.h"
#include "satypes.h"
#include "sql.h"
#include "util.h"

#define MAX_CALL_DEPTH 4
#define MAX_STATEMENTS 20000
#define MAX_ITEMS 256
#define MAX_ENV 512
#define MAX_REBOUND 64 /* names bound again in code that may not run, awaiting its end */
#define MAX_IMPORTED_NAMES 64 /* names imported from sqlalchemy (`from sqlalchemy import Column`), and from elsewhere */
#define MAX_FUNCS 128
#define MAX_HOPS 8
#define MAX_TOUCH_NAMES 16
#define MAX_ARGS 320   /* a create_table's columns and constraints */
#define MAX_COLUMNS MAX_ARGS

struct range {
    size_t b, e; /* tokens [b, e) */
};

enum bind_kind {
    B_EXPR,    /* the expression in r, evaluated where it is used */
    B_UNKNOWN, /* shadows outer names; nothing known */
    B_DIALECT, /* a dialect name: "postgresql" */
    B_URL,     /* a database URL: starts with "postgresql" */
    B_HANDLE,  /* a connection, inspector, session, table object: methods read data */
};

struct binding {
    const struct token *name;
    enum bind_kind kind;
    struct range r;
    int thunk; /* `name = lambda: r`: name() is r, name alone is a function */
};

struct func {
    const struct token *name;
    size_t open, close; /* the parameter list's parentheses */
    size_t body;        /* the token after the def line's ':' */
};

/* `if "t" not in insp.get_table_names(): op.create_table("t", ...)`: the
 * suite runs only when the object is absent, so the op it guards on that
 * very object is a create if not exists (a drop if exists, under a test
 * for presence): after the revision the object is there (gone) whichever
 * way the test went. Only that op; the rest of the suite stays maybe. */
struct guard {
    int active;
    enum obj_kind kind; /* OBJ_KIND_COUNT: any kind */
    char *table, *name; /* the object: a table's name in name; table NULL: any table */
    int absent;         /* the suite runs when the object is absent */
    unsigned doubts;    /* ctx.doubts inside the suite: deeper doubt is not the guard's */
};

struct ctx {
    const struct token_list *tl;
    struct upgrade_effects *out;
    int opaque;
    unsigned maybe;      /* OPF_MAYBE while in code that may not run */
    int unknown_loop;    /* inside a loop over values the gate cannot know */
    int stop;            /* a return ended the current function */
    unsigned tail_maybe; /* OPF_MAYBE after a return that may have run */
    struct range if_test; /* the undecided test of the top-level if whose suite is being read */
    unsigned at_import;  /* OPF_AT_IMPORT while reading module-level code */
    size_t budget;       /* statements left to read */
    int depth;           /* helper calls being followed */
    size_t n_env, n_module, scope;
    size_t n_funcs;
    size_t n_rebound;
    size_t n_sa_names, n_app_names, n_op_names;
    const struct token *batch_alias; /* NULL outside `with op.batch_alter_table(...) as alias:` */
    char *batch_table, *batch_schema;
    unsigned doubts;     /* suites of code that may not run, nested */
    struct guard guard;  /* the existence test of the if whose suite is being read */
    /* Last, and not zeroed per script (ops_extract): entries are written
     * before they are read, up to n_env and n_funcs. */
    struct binding env[MAX_ENV];
    struct func funcs[MAX_FUNCS];
    const struct token *rebound[MAX_REBOUND];
    const struct token *sa_names[MAX_IMPORTED_NAMES];
    const struct token *app_names[MAX_IMPORTED_NAMES]; /* imported from any other module: the application's */
    const struct token *op_names[MAX_IMPORTED_NAMES];  /* `from alembic.op import create_table`: op's, called bare */
};

static const struct token *tk(const struct ctx *c, size_t i)
{
    return &c->tl->t[i];
}

static int is_name(const struct ctx *c, size_t i, const char *s)
{
    const struct token *t = tk(c, i);
    return t->kind == TOK_NAME && t->start[0] == s[0] && tok_is_name(t, s);
}

static int is_op(const struct ctx *c, size_t i, const char *s)
{
    const struct token *t = tk(c, i);
    return t->kind == TOK_OP && t->start[0] == s[0] && tok_is_op(t, s);
}

static int same_name(const struct token *a, const struct token *b)
{
    return a->kind == TOK_NAME && b->kind == TOK_NAME && a->len == b->len && memcmp(a->start, b->start, a->len) == 0;
}

/* Brackets are tested at every token of every scan: one comparison each. */
static int is_open(const struct token *t)
{
    return t->kind == TOK_OP && t->len == 1 && (t->start[0] == '(' || t->start[0] == '[' || t->start[0] == '{');
}

static int is_close(const struct token *t)
{
    return t->kind == TOK_OP && t->len == 1 && (t->start[0] == ')' || t->start[0] == ']' || t->start[0] == '}');
}

/* Index of the bracket closing the one at open, or 0. */
static size_t closing(const struct ctx *c, size_t open, size_t limit)
{
    int depth = 0;
    for (size_t i = open; i < limit; i++) {
        if (is_open(tk(c, i)))
            depth++;
        else if (is_close(tk(c, i)) && --depth == 0)
            return i;
    }
    return 0;
}

/* Splits r at top-level tokens for which sep() holds; returns the number of
 * parts (at most max; 0 when there are more). */
static size_t split_top(const struct ctx *c, struct range r, const char *op, const char *word, struct range *parts,
                        size_t max)
{
    size_t n = 0, start = r.b;
    int depth = 0;
    for (size_t i = r.b; i <= r.e; i++) {
        if (i < r.e) {
            const struct token *t = tk(c, i);
            if (is_open(t))
                depth++;
            else if (is_close(t))
                depth--;
            if (depth != 0 || !((op && tok_is_op(t, op)) || (word && tok_is_name(t, word))))
                continue;
        }
        if (n == max)
            return 0;
        parts[n].b = start;
        parts[n].e = i;
        n++;
        start = i + 1;
    }
    return n;
}

/* ---- call arguments ---- */

struct call_args {
    struct range pos[MAX_ARGS];
    size_t n_pos;
    struct range kwv[MAX_ARGS];
    const struct token *kwn[MAX_ARGS];
    size_t n_kw;
    int starred;  /* *args or **kw: positions and keywords are not all known */
    int overflow;
};

static void add_arg(const struct ctx *c, struct call_args *a, struct range r)
{
    if (r.b >= r.e)
        return; /* a trailing comma */
    if (is_op(c, r.b, "*") || is_op(c, r.b, "**")) {
        a->starred = 1;
    } else if (r.e - r.b >= 2 && tk(c, r.b)->kind == TOK_NAME && is_op(c, r.b + 1, "=")) {
        if (a->n_kw == MAX_ARGS) {
            a->overflow = 1;
            return;
        }
        a->kwn[a->n_kw] = tk(c, r.b);
        a->kwv[a->n_kw++] = (struct range){r.b + 2, r.e};
    } else if (a->n_pos < MAX_ARGS) {
        a->pos[a->n_pos++] = r;
    } else {
        a->overflow = 1;
    }
}

/* The arguments between the parentheses at open and close. */
static void split_args(const struct ctx *c, size_t open, size_t close, struct call_args *a)
{
    a->n_pos = a->n_kw = 0;
    a->starred = a->overflow = 0;
    size_t start = open + 1;
    int depth = 0;
    for (size_t i = open + 1; i < close; i++) {
        if (is_open(tk(c, i)))
            depth++;
        else if (is_close(tk(c, i)))
            depth--;
        else if (depth == 0 && is_op(c, i, ",")) {
            add_arg(c, a, (struct range){start, i});
            start = i + 1;
        }
    }
    add_arg(c, a, (struct range){start, close});
}

static int kwarg(const struct call_args *a, const char *kw, struct range *out)
{
    for (size_t k = 0; k < a->n_kw; k++) {
        if (tok_is_name(a->kwn[k], kw)) {
            *out = a->kwv[k];
            return 1;
        }
    }
    return 0;
}

/* An argument by position (none: (size_t)-1) or keyword. */
static int arg(const struct call_args *a, size_t pos, const char *kw, struct range *out)
{
    if (kw && kwarg(a, kw, out))
        return 1;
    if (pos < a->n_pos) {
        *out = a->pos[pos];
        return 1;
    }
    return 0;
}

/* ---- names and values ---- */

static struct binding *lookup(struct ctx *c, const struct token *name)
{
    for (size_t i = c->n_env; i-- > c->scope;)
        if (same_name(c->env[i].name, name))
            return &c->env[i];
    for (size_t i = c->n_module; i-- > 0;)
        if (same_name(c->env[i].name, name))
            return &c->env[i];
    return NULL;
}

static void make_opaque(struct ctx *c, int line, const char *fmt, const char *what)
{
    if (!c->opaque) {
        char buf[200];
        snprintf(buf, sizeof buf, fmt, what);
        c->out->opaque_reason = xasprintf("line %d: %s", line, buf);
    }
    c->opaque = 1;
}

/* Binds name in the current scope (module level while reading it). */
static void bind(struct ctx *c, const struct token *name, enum bind_kind kind, struct range r)
{
    /* In code that may not run, a name bound before holds either value once
     * that code ends: noted here, forgotten there (walk_suite). */
    if (c->maybe && kind != B_UNKNOWN && lookup(c, name)) {
        size_t k = 0;
        while (k < c->n_rebound && !same_name(c->rebound[k], name))
            k++;
        if (k == c->n_rebound && k < MAX_REBOUND) {
            c->rebound[c->n_rebound++] = name;
        } else if (k == c->n_rebound) {
            kind = B_UNKNOWN; /* too many to note: unknown at once */
            r = (struct range){0, 0};
        }
    }
    for (size_t i = c->n_env; i-- > c->scope;) {
        if (same_name(c->env[i].name, name)) {
            c->env[i].kind = kind;
            c->env[i].r = r;
            c->env[i].thunk = 0;
            return;
        }
    }
    if (c->n_env == MAX_ENV) {
        make_opaque(c, name->line, "%s: too many names to follow", "binding");
        return;
    }
    c->env[c->n_env++] = (struct binding){name, kind, r, 0};
}

/* A lambda without parameters, `make = lambda: sa.Column(...)`: a factory
 * of columns, since one Column cannot sit on two tables (gnocchi). */
static void bind_thunk(struct ctx *c, const struct token *name, struct range body)
{
    bind(c, name, B_EXPR, body);
    struct binding *b = lookup(c, name);
    if (b && b->kind == B_EXPR)
        b->thunk = 1;
}

static int is_constant(const struct ctx *c, size_t i)
{
    return is_name(c, i, "None") || is_name(c, i, "True") || is_name(c, i, "False");
}

/* Follows a lone name to the expression bound to it. *kind is the last
 * binding's kind (B_EXPR when r was not a bound name). */
static struct range resolve(struct ctx *c, struct range r, enum bind_kind *kind)
{
    *kind = B_EXPR;
    for (int hops = 0; hops < MAX_HOPS; hops++) {
        int call = r.e == r.b + 3 && is_op(c, r.b + 1, "(") && is_op(c, r.b + 2, ")");
        if (!(r.e == r.b + 1 || call) || tk(c, r.b)->kind != TOK_NAME || is_constant(c, r.b))
            break;
        const struct binding *b = lookup(c, tk(c, r.b));
        if (call && (!b || !b->thunk))
            break; /* a call of something else: the expression itself */
        if (!b || (b->thunk && !call)) {
            *kind = B_UNKNOWN;
            return r;
        }
        *kind = b->kind;
        if (b->kind != B_EXPR)
            return r;
        r = b->r;
    }
    if (r.e == r.b + 1 && tk(c, r.b)->kind == TOK_NAME && *kind == B_EXPR && !is_constant(c, r.b))
        *kind = B_UNKNOWN;
    return r;
}

/* r with enclosing parentheses removed. */
static struct range strip_parens(const struct ctx *c, struct range r)
{
    while (r.e - r.b >= 2 && is_op(c, r.b, "(") && closing(c, r.b, r.e) == r.e - 1)
        r = (struct range){r.b + 1, r.e - 1};
    return r;
}

/* A call `[RECV.]NAME(...)` spanning r. */
struct callx {
    size_t callee;      /* the NAME token */
    size_t open, close; /* its parentheses */
    struct range recv;  /* what precedes ".NAME"; empty for a bare call */
};

static int call_of(const struct ctx *c, struct range r, struct callx *k)
{
    if (r.e - r.b < 3 || !is_op(c, r.e - 1, ")"))
        return 0;
    /* find the '(' matching the last ')' */
    int depth = 0;
    size_t open = r.e;
    for (size_t i = r.e; i-- > r.b;) {
        if (is_close(tk(c, i)))
            depth++;
        else if (is_open(tk(c, i)) && --depth == 0) {
            open = i;
            break;
        }
    }
    if (open == r.e || open == r.b || tk(c, open - 1)->kind != TOK_NAME)
        return 0;
    k->callee = open - 1;
    k->open = open;
    k->close = r.e - 1;
    if (k->callee == r.b)
        k->recv = (struct range){r.b, r.b};
    else if (k->callee >= r.b + 2 && is_op(c, k->callee - 1, "."))
        k->recv = (struct range){r.b, k->callee - 1};
    else
        return 0;
    return 1;
}

static int callee_is(const struct ctx *c, const struct callx *k, const char *name)
{
    return is_name(c, k->callee, name);
}

/* A dialect name: X.dialect.name, X.engine.name. */
static int is_dialect_expr(const struct ctx *c, struct range r)
{
    return r.e - r.b >= 4 && is_name(c, r.e - 1, "name") && is_op(c, r.e - 2, ".") &&
           (is_name(c, r.e - 3, "dialect") || is_name(c, r.e - 3, "engine")) && is_op(c, r.e - 4, ".");
}

/* A database URL: config.get_main_option("sqlalchemy.url"), X.url, str(X.url). */
static int is_url_expr(const struct ctx *c, struct range r)
{
    if (r.e - r.b >= 2 && is_name(c, r.e - 1, "url") && is_op(c, r.e - 2, "."))
        return 1;
    for (size_t i = r.b; i < r.e; i++)
        if (tk(c, i)->kind == TOK_STRING && tk(c, i)->value && strcmp(tk(c, i)->value, "sqlalchemy.url") == 0)
            return 1;
    struct callx k;
    return call_of(c, r, &k) && callee_is(c, &k, "str") && k.recv.b == k.recv.e &&
           is_url_expr(c, (struct range){k.open + 1, k.close});
}

static char *string_literal(const struct ctx *c, struct range r)
{
    if (r.b >= r.e)
        return NULL;
    struct strbuf b = {0};
    sb_appendn(&b, "", 0);
    for (size_t i = r.b; i < r.e; i++) {
        const struct token *t = tk(c, i);
        if (t->kind != TOK_STRING || !t->value || memchr(t->value, '\0', t->value_len)) {
            sb_free(&b);
            return NULL;
        }
        sb_append(&b, t->value);
    }
    return sb_take(&b);
}

static char *str_of(struct ctx *c, struct range r, int *conv, int hops);
static size_t elements_of(struct ctx *c, struct range r, struct range *items, size_t max, int *ok);
static size_t dict_elements(struct ctx *c, struct range r, struct range *keys, struct range *values, size_t max,
                            int *ok, int *pairs);

/* D["key"] with D a dict display (or a name bound to one, a loop variable
 * over a list of them: jupyterhub's `item['name']`): the value's string. */
static char *subscript_str(struct ctx *c, struct range r, int hops)
{
    if (r.e - r.b < 4 || !is_op(c, r.e - 1, "]"))
        return NULL;
    size_t open = r.e - 2;
    while (open > r.b && closing(c, open, r.e) != r.e - 1)
        open--;
    if (open == r.b || !is_op(c, open, "["))
        return NULL;
    int conv, ok, pairs;
    char *key = str_of(c, (struct range){open + 1, r.e - 1}, &conv, hops + 1);
    if (!key)
        return NULL;
    struct range keys[MAX_ITEMS], values[MAX_ITEMS];
    size_t n = dict_elements(c, (struct range){r.b, open}, keys, values, MAX_ITEMS, &ok, &pairs);
    char *value = NULL;
    for (size_t k = 0; ok && !pairs && k < n && !value; k++) {
        char *name = str_of(c, keys[k], &conv, hops + 1);
        if (name && strcmp(name, key) == 0)
            value = str_of(c, values[k], &conv, hops + 1);
        free(name);
    }
    free(key);
    return value;
}

/* The binding of the name spelled s[0..len), as lookup() finds a token's. */
static struct binding *lookup_text(struct ctx *c, const char *s, size_t len)
{
    struct token t = {.kind = TOK_NAME, .start = s, .len = len};
    return lookup(c, &t);
}

/* The string a name inside a format string stands for: a bound expression
 * str_of can evaluate (a module constant, a loop variable). */
static char *name_text(struct ctx *c, const char *s, size_t len, int hops)
{
    struct binding *b = lookup_text(c, s, len);
    int conv;
    return b && b->kind == B_EXPR && !b->thunk ? str_of(c, b->r, &conv, hops + 1) : NULL;
}

static int ident_char(char ch)
{
    return ch == '_' || (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9');
}

/* Python's repr() of the str s, as a single-quoted literal: only for text
 * repr() prints between plain single quotes (printable ASCII, no quote or
 * backslash), else NULL. Takes s. fides spells a JSON key in an index
 * expression so: f"...->>{repr(identity_key)}". */
static char *repr_of(char *s)
{
    for (const char *p = s; *p; p++)
        if (*p < 0x20 || *p > 0x7e || *p == '\'' || *p == '\\') {
            free(s);
            return NULL;
        }
    char *r = xasprintf("'%s'", s);
    free(s);
    return r;
}

/* fmt with its replacement fields filled: `{NAME}` by the name's string
 * (an f-string: arg_of NULL), `{}`/`{N}` by str.format's positional
 * arguments (arg_of gives the N-th, or NULL). `{{` and `}}` are braces. The
 * conversions `!r` and `!s`, and in an f-string `repr(NAME)` and
 * `str(NAME)`, are read; a format spec or any other expression gives NULL:
 * the gate does not guess what Python would print. */
static char *fill_fields(struct ctx *c, const char *fmt, size_t len, int hops,
                         char *(*arg_of)(struct ctx *, void *, size_t, int), void *args)
{
    struct strbuf b = {0};
    sb_appendn(&b, "", 0);
    size_t next_auto = 0;
    for (size_t i = 0; i < len; i++) {
        char ch = fmt[i];
        if ((ch == '{' || ch == '}') && i + 1 < len && fmt[i + 1] == ch) {
            sb_appendc(&b, ch);
            i++;
            continue;
        }
        if (ch == '}')
            goto bad;
        if (ch != '{') {
            sb_appendc(&b, ch);
            continue;
        }
        size_t name = i + 1, j = name;
        while (j < len && ident_char(fmt[j]))
            j++;
        int repr = 0, call = 0;
        struct token callee = {.kind = TOK_NAME, .start = fmt + name, .len = j - name};
        if (!arg_of && j < len && fmt[j] == '(' &&
            ((repr = tok_is_name(&callee, "repr")) || tok_is_name(&callee, "str"))) {
            call = 1;
            name = j + 1;
            j = name;
            while (j < len && ident_char(fmt[j]))
                j++;
            if (j >= len || fmt[j] != ')')
                goto bad;
        }
        size_t name_end = j;
        j += call;
        if (!call && j + 2 < len && fmt[j] == '!' && (fmt[j + 1] == 'r' || fmt[j + 1] == 's')) {
            repr = fmt[j + 1] == 'r';
            j += 2;
        }
        if (j >= len || fmt[j] != '}')
            goto bad;
        char *v = NULL;
        if (arg_of) {
            size_t n = 0;
            int digits = name_end > name;
            for (size_t k = name; k < name_end && digits; k++)
                digits = fmt[k] >= '0' && fmt[k] <= '9';
            if (name_end == name)
                n = next_auto++;
            else if (digits && name_end - name < 4)
                n = (size_t)strtoul(fmt + name, NULL, 10);
            else
                goto bad;
            v = arg_of(c, args, n, hops);
        } else if (name_end > name && !(fmt[name] >= '0' && fmt[name] <= '9')) {
            v = name_text(c, fmt + name, name_end - name, hops);
        }
        if (v && repr)
            v = repr_of(v);
        if (!v)
            goto bad;
        sb_append(&b, v);
        free(v);
        i = j;
    }
    return sb_take(&b);
bad:
    sb_free(&b);
    return NULL;
}

/* An f-string token's text between its quotes (single or triple), and
 * whether its prefix makes it raw; 0 when the token is too short. */
static int fstring_body(const struct token *t, const char **body, size_t *len, int *raw)
{
    const char *p = t->start, *end = t->start + t->len;
    *raw = 0;
    while (p < end && *p != '\'' && *p != '"') {
        *raw |= *p == 'r' || *p == 'R';
        p++;
    }
    size_t q = end - p >= 6 && p[1] == p[0] && p[2] == p[0] ? 3 : 1;
    if ((size_t)(end - p) < 2 * q)
        return 0;
    *body = p + q;
    *len = (size_t)(end - p) - 2 * q;
    return 1;
}

/* An f-string token's value: f"ix_{table}_{col}" with names bound to
 * strings. Backslashes in a non-raw one are not decoded: NULL. */
static char *fstring_value(struct ctx *c, const struct token *t, int hops)
{
    const char *body;
    size_t len;
    int raw;
    if (!fstring_body(t, &body, &len, &raw) || (!raw && memchr(body, '\\', len)))
        return NULL;
    return fill_fields(c, body, len, hops, NULL, NULL);
}

/* An f-string's literal text with each replacement field an underscore:
 * the names it spells whatever its fields hold (fides: f"CREATE TYPE
 * connectiontype AS ENUM ({...})"), and whether it is a data statement
 * (FitTrackee: f"UPDATE users SET admin = {...} WHERE users.id = {...}").
 * A field is never a keyword: f"{statement}" reads as no statement. */
static char *fstring_literal_with(const struct token *t, char field);

static char *fstring_literal_text(const struct token *t)
{
    return fstring_literal_with(t, '_');
}

/* The same, each field the given character. */
static char *fstring_literal_with(const struct token *t, char field)
{
    const char *body;
    size_t len;
    int raw;
    if (!fstring_body(t, &body, &len, &raw))
        return xstrdup("");
    const char *body_end = body + len;
    struct strbuf b = {0};
    sb_appendn(&b, "", 0);
    int depth = 0;
    for (const char *s = body; s < body_end; s++) {
        if (depth == 0 && (*s == '{' || *s == '}') && s + 1 < body_end && s[1] == *s) {
            sb_appendc(&b, *s++);
        } else if (*s == '{') {
            if (depth++ == 0)
                sb_appendc(&b, field);
        } else if (*s == '}' && depth > 0) {
            depth--;
        } else if (depth == 0) {
            sb_appendc(&b, *s);
        }
    }
    return sb_take(&b);
}

/* Adjacent string tokens, f-strings among them, joined. */
static char *strings_joined(struct ctx *c, struct range r, int hops)
{
    if (r.b >= r.e)
        return NULL;
    struct strbuf b = {0};
    sb_appendn(&b, "", 0);
    for (size_t i = r.b; i < r.e; i++) {
        const struct token *t = tk(c, i);
        char *v = NULL;
        if (t->kind == TOK_STRING && (t->flags & TOKF_FSTRING))
            v = fstring_value(c, t, hops);
        else if (t->kind == TOK_STRING && t->value && !memchr(t->value, '\0', t->value_len))
            v = xstrdup(t->value);
        if (!v) {
            sb_free(&b);
            return NULL;
        }
        sb_append(&b, v);
        free(v);
    }
    return sb_take(&b);
}

static char *format_arg(struct ctx *c, void *args, size_t n, int hops)
{
    const struct call_args *a = args;
    int conv;
    return n < a->n_pos ? str_of(c, a->pos[n], &conv, hops + 1) : NULL;
}

/* "fmt" % value or "fmt" % (a, b), with %s conversions only. */
static char *percent_format(struct ctx *c, struct range fmt_r, struct range args_r, int hops)
{
    int conv, ok;
    char *fmt = str_of(c, fmt_r, &conv, hops);
    if (!fmt)
        return NULL;
    struct range items[8];
    size_t n = elements_of(c, args_r, items, 8, &ok);
    if (!ok) {
        items[0] = args_r;
        n = 1;
    }
    struct strbuf b = {0};
    sb_appendn(&b, "", 0);
    size_t used = 0;
    int good = 1;
    for (const char *p = fmt; *p && good; p++) {
        if (*p != '%') {
            sb_appendc(&b, *p);
        } else if (p[1] == '%') {
            sb_appendc(&b, '%');
            p++;
        } else if (p[1] == 's' && used < n) {
            char *v = str_of(c, items[used++], &conv, hops + 1);
            good = v != NULL;
            if (v)
                sb_append(&b, v);
            free(v);
            p++;
        } else {
            good = 0;
        }
    }
    free(fmt);
    if (!good || used != n) {
        sb_free(&b);
        return NULL;
    }
    return sb_take(&b);
}

/* The string r evaluates to, or NULL. *conv: it came through op.f()/conv(),
 * which SQLAlchemy shortens its own way (sanames.h). */
static char *str_of(struct ctx *c, struct range r, int *conv, int hops)
{
    *conv = 0;
    if (hops > MAX_HOPS)
        return NULL;
    enum bind_kind kind;
    r = strip_parens(c, resolve(c, r, &kind));
    if (kind == B_DIALECT)
        return xstrdup("postgresql");
    if (kind == B_URL)
        return xstrdup("postgresql://");
    if (kind != B_EXPR)
        return NULL;
    char *s = strings_joined(c, r, hops);
    if (s)
        return s;
    if (is_dialect_expr(c, r))
        return xstrdup("postgresql");
    if (is_url_expr(c, r))
        return xstrdup("postgresql://");
    struct range parts[8];
    size_t n = split_top(c, r, "+", NULL, parts, 8);
    if (n > 1) {
        struct strbuf b = {0};
        sb_appendn(&b, "", 0);
        for (size_t i = 0; i < n; i++) {
            int sub;
            char *p = str_of(c, parts[i], &sub, hops + 1);
            if (!p) {
                sb_free(&b);
                return NULL;
            }
            sb_append(&b, p);
            free(p);
        }
        return sb_take(&b);
    }
    n = split_top(c, r, "%", NULL, parts, 8);
    if (n == 2)
        return percent_format(c, parts[0], parts[1], hops + 1);
    s = subscript_str(c, r, hops);
    if (s)
        return s;
    struct callx k;
    if (!call_of(c, r, &k))
        return NULL;
    struct call_args a;
    split_args(c, k.open, k.close, &a);
    if (callee_is(c, &k, "format") && k.recv.b < k.recv.e && !a.n_kw && !a.starred) {
        /* "ix_{}_{}".format(table, col) */
        char *fmt = str_of(c, k.recv, conv, hops + 1);
        s = fmt ? fill_fields(c, fmt, strlen(fmt), hops, format_arg, &a) : NULL;
        free(fmt);
        *conv = 0;
        return s;
    }
    if (a.n_pos != 1 || a.n_kw || a.starred)
        return NULL;
    int recv_op = k.recv.e == k.recv.b + 1 && (is_name(c, k.recv.b, "op") || is_name(c, k.recv.b, "batch_op") ||
                                               (c->batch_alias && same_name(tk(c, k.recv.b), c->batch_alias)));
    if ((callee_is(c, &k, "f") && (recv_op || k.recv.b == k.recv.e)) || callee_is(c, &k, "conv")) {
        s = str_of(c, a.pos[0], conv, hops + 1);
        *conv = s != NULL;
        return s;
    }
    if (callee_is(c, &k, "str") && k.recv.b == k.recv.e)
        return str_of(c, a.pos[0], conv, hops + 1);
    return NULL;
}

static int is_none(struct ctx *c, struct range r)
{
    enum bind_kind kind;
    r = resolve(c, r, &kind);
    return kind == B_EXPR && r.e == r.b + 1 && is_name(c, r.b, "None");
}

/* A server_default PostgreSQL stores as none: None, sa.null(), or the SQL
 * text of a null constant (osparc: server_default=sa.text("NULL"); heap.c
 * keeps no default for a null Const). */
static int server_default_is_null(struct ctx *c, struct range v)
{
    if (is_none(c, v))
        return 1;
    struct callx k;
    struct range r = v;
    if (call_of(c, v, &k)) {
        struct call_args a;
        split_args(c, k.open, k.close, &a);
        if (callee_is(c, &k, "null") && a.n_pos == 0 && !a.n_kw)
            return 1;
        if (!(callee_is(c, &k, "text") || callee_is(c, &k, "literal_column")) || a.n_pos != 1)
            return 0;
        r = a.pos[0];
    }
    int conv;
    char *sql = str_of(c, r, &conv, 0);
    int is_null = sql && sql_is_null_default(sql);
    free(sql);
    return is_null;
}

/* True/False literal: 1/0, else -1. */
static int bool_of(struct ctx *c, struct range r)
{
    enum bind_kind kind;
    r = resolve(c, r, &kind);
    if (kind != B_EXPR || r.e != r.b + 1)
        return -1;
    return is_name(c, r.b, "True") ? 1 : is_name(c, r.b, "False") ? 0 : -1;
}

static long num_of(struct ctx *c, struct range r)
{
    enum bind_kind kind;
    r = resolve(c, r, &kind);
    if (kind != B_EXPR || r.e != r.b + 1 || tk(c, r.b)->kind != TOK_NUMBER)
        return -1;
    char buf[24];
    size_t len = tk(c, r.b)->len < sizeof buf - 1 ? tk(c, r.b)->len : sizeof buf - 1;
    memcpy(buf, tk(c, r.b)->start, len);
    buf[len] = 0;
    char *end;
    long v = strtol(buf, &end, 10);
    return *end || v < 0 ? -1 : v;
}

/* The elements of a list, tuple or set literal r refers to; 0 when r is not one. */
static size_t elements_of(struct ctx *c, struct range r, struct range *items, size_t max, int *ok)
{
    enum bind_kind kind;
    r = resolve(c, r, &kind);
    *ok = 0;
    if (kind != B_EXPR || r.e - r.b < 2 || !is_open(tk(c, r.b)) || closing(c, r.b, r.e) != r.e - 1 ||
        is_op(c, r.b, "{"))
        return 0;
    size_t n = split_top(c, (struct range){r.b + 1, r.e - 1}, ",", NULL, items, max);
    if (n == 0 && r.e - r.b > 2)
        return 0;
    if (n > 0 && items[n - 1].b == items[n - 1].e)
        n--; /* trailing comma */
    /* (x) is not a tuple */
    if (is_op(c, r.b, "(") && n == 1 && !is_op(c, r.e - 2, ","))
        return 0;
    *ok = 1;
    return n;
}

/* A list of strings: 1 when every element is one. A lone string counts as
 * a list of one, as Alembic's columns arguments accept. */
static int str_list(struct ctx *c, struct range r, struct strvec *out)
{
    int conv, ok;
    char *s = str_of(c, r, &conv, 0);
    if (s) {
        sv_push_owned(out, s);
        return 1;
    }
    struct range items[MAX_ITEMS];
    size_t n = elements_of(c, r, items, MAX_ITEMS, &ok);
    if (!ok)
        return 0;
    int all = 1;
    for (size_t i = 0; i < n; i++) {
        s = str_of(c, items[i], &conv, 0);
        if (s)
            sv_push_owned(out, s);
        else
            all = 0;
    }
    return all;
}

static char *joined(const struct strvec *v)
{
    struct strbuf b = {0};
    sb_appendn(&b, "", 0);
    for (size_t i = 0; i < v->n; i++) {
        if (i)
            sb_appendc(&b, ',');
        sb_append(&b, v->v[i]);
    }
    return sb_take(&b);
}

/* ---- conditions ---- */

static int cond_of(struct ctx *c, struct range r, int hops);
static int helper_cond(struct ctx *c, struct range r, int hops);

/* X.dialect.dialect_description: "postgresql+" and the driver's name. */
static int is_dialect_description(const struct ctx *c, struct range r)
{
    return r.e - r.b >= 4 && is_name(c, r.e - 1, "dialect_description") && is_op(c, r.e - 2, ".") &&
           is_name(c, r.e - 3, "dialect") && is_op(c, r.e - 4, ".");
}

static int compare(struct ctx *c, struct range lhs, struct range rhs, int in)
{
    int conv;
    char *a = str_of(c, lhs, &conv, 0);
    if (!a)
        return -1;
    int result = -1;
    if (in && is_dialect_description(c, strip_parens(c, rhs))) {
        /* `"sqlite" in inspector.dialect.dialect_description` (dagster):
         * another dialect's name is not in it; the driver's is unknown. */
        static const char *const others[] = {"sqlite", "mysql", "mariadb", "mssql", "oracle"};
        result = strstr("postgresql", a) ? 1 : -1;
        for (size_t k = 0; k < sizeof others / sizeof others[0] && result < 0; k++)
            if (strcmp(a, others[k]) == 0)
                result = 0;
    } else if (!in) {
        char *b = str_of(c, rhs, &conv, 0);
        if (b)
            result = strcmp(a, b) == 0;
        free(b);
    } else {
        char *hay = str_of(c, rhs, &conv, 0);
        if (hay) {
            result = strstr(hay, a) != NULL;
            free(hay);
        } else {
            struct strvec v = {0};
            int ok = str_list(c, rhs, &v);
            if (ok)
                result = sv_contains(&v, a);
            else if (v.n && sv_contains(&v, a))
                result = 1;
            sv_free(&v);
        }
    }
    free(a);
    return result;
}

/* X.startswith(s) / X.startswith((s, t)) */
static int startswith(struct ctx *c, struct range r)
{
    struct callx k;
    if (!call_of(c, r, &k) || !callee_is(c, &k, "startswith") || k.recv.b == k.recv.e)
        return -1;
    int conv;
    char *s = str_of(c, k.recv, &conv, 0);
    if (!s)
        return -1;
    struct call_args a;
    split_args(c, k.open, k.close, &a);
    struct strvec prefixes = {0};
    int result = -1;
    if (a.n_pos == 1 && str_list(c, a.pos[0], &prefixes)) {
        result = 0;
        for (size_t i = 0; i < prefixes.n; i++)
            if (strncmp(s, prefixes.v[i], strlen(prefixes.v[i])) == 0)
                result = 1;
    }
    sv_free(&prefixes);
    free(s);
    return result;
}

/* op.get_bind(), op.get_context(), context.get_bind(), context.get_context(). */
static int connection_call(const struct ctx *c, struct range r)
{
    struct callx k;
    return call_of(c, r, &k) && (callee_is(c, &k, "get_bind") || callee_is(c, &k, "get_context")) &&
           k.recv.e == k.recv.b + 1 && (is_name(c, k.recv.b, "op") || is_name(c, k.recv.b, "context"));
}

/* A connection or migration context, or a name bound to one: always true in
 * a condition (`if bind and bind.engine.name == ...` only guards against a
 * missing one, which a migration that runs never has). */
static int is_connection(struct ctx *c, struct range r)
{
    r = strip_parens(c, r);
    if (r.e == r.b + 1 && tk(c, r.b)->kind == TOK_NAME) {
        const struct binding *b = lookup(c, tk(c, r.b));
        return b && b->kind == B_HANDLE && b->r.e > b->r.b && connection_call(c, b->r);
    }
    return connection_call(c, r);
}

/* 1 true, 0 false, -1 when the gate cannot tell. Dialect names are
 * "postgresql" and URLs start with "postgresql://": the gate reads the
 * migrations as they run against PostgreSQL. */
static int cond_of(struct ctx *c, struct range r, int hops)
{
    if (hops > MAX_HOPS || r.b >= r.e)
        return -1;
    r = strip_parens(c, r);
    struct range parts[16];
    size_t n = split_top(c, r, NULL, "or", parts, 16);
    if (n > 1) {
        int result = 0;
        for (size_t i = 0; i < n; i++) {
            int v = cond_of(c, parts[i], hops + 1);
            if (v == 1)
                return 1;
            if (v < 0)
                result = -1;
        }
        return result;
    }
    n = split_top(c, r, NULL, "and", parts, 16);
    if (n > 1) {
        int result = 1;
        for (size_t i = 0; i < n; i++) {
            int v = cond_of(c, parts[i], hops + 1);
            if (v == 0)
                return 0;
            if (v < 0)
                result = -1;
        }
        return result;
    }
    if (is_name(c, r.b, "not")) {
        int v = cond_of(c, (struct range){r.b + 1, r.e}, hops + 1);
        return v < 0 ? -1 : !v;
    }
    int depth = 0;
    for (size_t i = r.b; i < r.e; i++) {
        if (is_open(tk(c, i)))
            depth++;
        else if (is_close(tk(c, i)))
            depth--;
        if (depth != 0)
            continue;
        struct range lhs = {r.b, i};
        if (is_op(c, i, "==") || is_op(c, i, "!=")) {
            int v = compare(c, lhs, (struct range){i + 1, r.e}, 0);
            return v < 0 ? -1 : is_op(c, i, "==") ? v : !v;
        }
        if (is_name(c, i, "in") || (is_name(c, i, "not") && i + 1 < r.e && is_name(c, i + 1, "in"))) {
            int negate = is_name(c, i, "not");
            int v = compare(c, lhs, (struct range){i + (negate ? 2 : 1), r.e}, 1);
            return v < 0 ? -1 : negate ? !v : v;
        }
    }
    int v = startswith(c, r);
    if (v >= 0)
        return v;
    v = bool_of(c, r);
    if (v >= 0)
        return v;
    if (is_connection(c, r))
        return 1;
    v = helper_cond(c, r, hops);
    if (v >= 0)
        return v;
    enum bind_kind kind;
    struct range to = resolve(c, r, &kind);
    if (kind == B_EXPR && (to.b != r.b || to.e != r.e))
        return cond_of(c, to, hops + 1);
    return -1;
}

/* ---- emitting ops ---- */

/* The first model's op kinds, which infer.c reads today: a certain create,
 * drop or rename of a schema, table, column or index is emitted as one of
 * them; everything else uses the generic verbs. */
static const struct {
    enum op_kind verb;
    enum obj_kind obj;
    enum op_kind legacy;
} legacy_kinds[] = {
    {OP_CREATE, OBJ_TABLE, OP_CREATE_TABLE},   {OP_DROP, OBJ_TABLE, OP_DROP_TABLE},
    {OP_RENAME, OBJ_TABLE, OP_RENAME_TABLE},   {OP_CREATE, OBJ_COLUMN, OP_ADD_COLUMN},
    {OP_DROP, OBJ_COLUMN, OP_DROP_COLUMN},     {OP_RENAME, OBJ_COLUMN, OP_RENAME_COLUMN},
    {OP_CREATE, OBJ_INDEX, OP_CREATE_INDEX},   {OP_DROP, OBJ_INDEX, OP_DROP_INDEX},
    {OP_CREATE, OBJ_SCHEMA, OP_CREATE_SCHEMA},
};

/* upgrade()'s first undecided early return: its test, `not` taken off, as
 * the same test reads in every revision (model.c reads the guards of all
 * revisions alike: letta returns early `if not settings.pg` in 101
 * revisions and `if settings.pg` in one). */
static void note_guard(struct ctx *c, struct range test)
{
    int negated = is_name(c, test.b, "not");
    if (negated)
        test.b++;
    struct strbuf b = {0};
    sb_appendn(&b, "", 0);
    for (size_t i = test.b; i < test.e; i++) {
        if (i > test.b)
            sb_appendc(&b, ' ');
        sb_appendn(&b, tk(c, i)->start, tk(c, i)->len);
    }
    c->out->guard = sb_take(&b);
    c->out->guard_negated = negated;
}

/* An op's flags with the doubt of the code it is in: maybe inside undecided
 * code, and guarded as well when the only doubt is an early return above
 * it (an op already maybe for its own reasons stays only maybe, and a
 * guessed name is no longer its only doubt, except under that early
 * return alone: letta's `if not settings.pg: return` above a foreign key
 * re-created without a name and ON DELETE CASCADE, which tells, once the
 * guard is read as not taken, whether the revision ran). */
static unsigned with_maybe(const struct ctx *c, unsigned flags)
{
    int guard_only = c->tail_maybe && !c->maybe && !c->at_import;
    if ((c->at_import | c->maybe | c->tail_maybe) && !(guard_only && (flags & OPF_NAME_GUESSED)))
        flags &= ~(unsigned)OPF_NAME_GUESSED;
    flags |= c->at_import;
    if (guard_only && (!(flags & OPF_MAYBE) || (flags & OPF_NAME_GUESSED)))
        return flags | OPF_MAYBE | OPF_GUARDED;
    return flags | c->maybe | c->tail_maybe;
}

/* Is this op the one the enclosing existence test guards, with no other
 * doubt about it? */
static int guarded_op(const struct ctx *c, enum op_kind verb, enum obj_kind obj, const char *table,
                      const char *name)
{
    const struct guard *g = &c->guard;
    if (!g->active || c->doubts != g->doubts || c->tail_maybe || c->at_import ||
        verb != (g->absent ? OP_CREATE : OP_DROP) || (g->kind != OBJ_KIND_COUNT && g->kind != obj))
        return 0;
    if (obj == OBJ_TABLE) {
        const char *t = table ? table : name;
        return t && strcmp(t, g->name) == 0;
    }
    return name && strcmp(name, g->name) == 0 && (!g->table || !table || strcmp(table, g->table) == 0);
}

static struct schema_op *emit(struct ctx *c, enum op_kind verb, enum obj_kind obj, const char *schema,
                              const char *table, const char *name, const char *new_name, const char *attrs,
                              unsigned flags, int line)
{
    if (guarded_op(c, verb, obj, table, name)) {
        unsigned maybe = c->maybe;
        c->maybe = 0; /* the guard's doubt is the flag */
        flags = with_maybe(c, flags | (verb == OP_CREATE ? OPF_IF_NOT_EXISTS : OPF_IF_EXISTS));
        c->maybe = maybe;
    } else {
        flags = with_maybe(c, flags);
    }
    if (flags == 0) {
        for (size_t i = 0; i < sizeof legacy_kinds / sizeof legacy_kinds[0]; i++) {
            if (legacy_kinds[i].verb == verb && legacy_kinds[i].obj == obj) {
                struct schema_op *op = upgrade_effects_add_obj(c->out, verb, obj, schema, table, name, new_name,
                                                               attrs, 0, line);
                op->kind = legacy_kinds[i].legacy;
                return op;
            }
        }
    }
    return upgrade_effects_add_obj(c->out, verb, obj, schema, table, name, new_name, attrs, flags, line);
}

static int identifier_like(const char *s)
{
    if (!*s || !(*s == '_' || (*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z')))
        return 0;
    for (; *s; s++)
        if (!(*s == '_' || *s == '$' || (*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') ||
              (*s >= '0' && *s <= '9')))
            return 0;
    return 1;
}

/* What an unread statement might touch: every identifier-like string it
 * spells (literally or through a bound name), and when it runs SQL the
 * reader did not understand, the names in that SQL (a DO block's ALTER
 * TABLE, seen in zou), as names of any kind. One that spells none, or too
 * many to name, leaves the revision opaque and touches nothing: measured on
 * real projects, a touch of everything made every set holding such a
 * revision (a data loop, an imported helper) explain any schema, and the
 * gate could then recover almost nothing. */
static void touch_statement(struct ctx *c, struct range r, int line, const char *sql)
{
    struct strvec names = {0};
    int too_many = 0;
    for (size_t i = r.b; i < r.e && !too_many; i++) {
        const struct token *t = tk(c, i);
        char *s = NULL;
        int conv;
        if (t->kind == TOK_STRING && (t->flags & TOKF_FSTRING)) {
            char *lit = fstring_literal_text(t);
            too_many = sql_names(lit, MAX_TOUCH_NAMES, &names) > MAX_TOUCH_NAMES;
            free(lit);
            continue;
        }
        if (t->kind == TOK_STRING && t->value && !memchr(t->value, '\0', t->value_len))
            s = xstrdup(t->value);
        else if (t->kind == TOK_NAME && !(i > r.b && is_op(c, i - 1, ".")))
            s = str_of(c, (struct range){i, i + 1}, &conv, 0);
        if (s && identifier_like(s) && !sv_contains(&names, s)) {
            if (names.n == MAX_TOUCH_NAMES)
                too_many = 1;
            else
                sv_push(&names, s);
        }
        free(s);
    }
    if (sql && !too_many)
        too_many = sql_names(sql, MAX_TOUCH_NAMES, &names) > MAX_TOUCH_NAMES;
    if (!too_many)
        for (size_t i = 0; i < names.n; i++)
            emit(c, OP_TOUCH, OBJ_KIND_COUNT, NULL, NULL, names.v[i], NULL, NULL, 0, line);
    sv_free(&names);
}

static void unreadable(struct ctx *c, struct range r, int line, const char *fmt, const char *what)
{
    make_opaque(c, line, fmt, what);
    touch_statement(c, r, line, NULL);
}

/* A name as it reaches the catalog: generated names shortened as SQLAlchemy
 * does, plain ones cut as PostgreSQL does. */
static char *final_name(char *s, int conv)
{
    if (!s)
        return NULL;
    if (conv) {
        /* SQLAlchemy counts characters; PostgreSQL then cuts at 63 bytes */
        char *sa = sa_conv_name(s);
        free(s);
        s = sa;
    }
    char *n = pg_truncate_name(s);
    free(s);
    return n;
}

/* ---- column types ---- */

static const char *callee_text(const struct ctx *c, size_t i, char *buf, size_t size)
{
    size_t len = tk(c, i)->len < size - 1 ? tk(c, i)->len : size - 1;
    memcpy(buf, tk(c, i)->start, len);
    buf[len] = 0;
    return buf;
}

/* The last dotted name of a type reference without a call (sa.String). */
static int type_ref(const struct ctx *c, struct range r, char *buf, size_t size)
{
    for (size_t i = r.b; i < r.e; i++)
        if (!(tk(c, i)->kind == TOK_NAME ? (i - r.b) % 2 == 0 : is_op(c, i, ".") && (i - r.b) % 2 == 1))
            return 0;
    if (r.b >= r.e || (r.e - r.b) % 2 == 0)
        return 0;
    callee_text(c, r.e - 1, buf, size);
    return 1;
}

struct type_info {
    char *pg;            /* format_type() name, NULL when unknown */
    char sa[32];         /* SQLAlchemy's class name */
    char *enum_name;     /* a native enum's name= */
    char *enum_schema;
    char *enum_values;   /* ","-joined, "?" when not literal */
    int enum_creates;    /* create_type is not False */
};

static void type_info_free(struct type_info *t)
{
    free(t->pg);
    free(t->enum_name);
    free(t->enum_schema);
    free(t->enum_values);
    memset(t, 0, sizeof *t);
}

static void type_of(struct ctx *c, struct range r, struct type_info *t, int depth);

static void enum_args(struct ctx *c, const struct call_args *a, struct type_info *t, struct sa_type_args *ta)
{
    struct range v;
    int conv;
    char cls[64];
    if (kwarg(a, "name", &v))
        t->enum_name = str_of(c, v, &conv, 0);
    else if (a->n_pos == 1 && type_ref(c, a->pos[0], cls, sizeof cls)) {
        /* Enum(PyEnumClass): SQLAlchemy names the type after the class */
        for (char *p = cls; *p; p++)
            *p = (char)(*p >= 'A' && *p <= 'Z' ? *p + 32 : *p);
        t->enum_name = xstrdup(cls);
    }
    if (kwarg(a, "schema", &v))
        t->enum_schema = str_of(c, v, &conv, 0);
    ta->enum_name = t->enum_name;
    ta->native_enum = !(kwarg(a, "native_enum", &v) && bool_of(c, v) == 0);
    t->enum_creates = !(kwarg(a, "create_type", &v) && bool_of(c, v) == 0);
    struct strvec values = {0};
    int literal = !a->starred;
    for (size_t i = 0; i < a->n_pos; i++) {
        char *s = str_of(c, a->pos[i], &conv, 0);
        if (!s) {
            literal = 0;
            continue;
        }
        if ((long)strlen(s) > ta->longest_value)
            ta->longest_value = (long)strlen(s);
        sv_push_owned(&values, s);
    }
    if (!literal || values.n == 0)
        ta->longest_value = -1;
    t->enum_values = literal && values.n ? joined(&values) : xstrdup("?");
    sv_free(&values);
}

static int name_in(const struct token *const *names, size_t n, const struct token *t)
{
    for (size_t k = 0; k < n; k++)
        if (same_name(names[k], t))
            return 1;
    return 0;
}

/* A type named from root (token) to its class (token last) that is the
 * application's: a name imported from one of its modules (prefect's `from
 * prefect.server.utilities.database import JSON`, jsonb on PostgreSQL) or a
 * path into them (`prefect.server.utilities.database.JSON`). One attribute
 * of an imported object (`db.JSON`) is Flask-SQLAlchemy's re-export of
 * SQLAlchemy's types, and is read by name. */
static int app_type(const struct ctx *c, size_t root, size_t last)
{
    size_t dots = (last - root) / 2;
    return name_in(c->app_names, c->n_app_names, tk(c, root)) && dots != 1;
}

static void type_of(struct ctx *c, struct range r, struct type_info *t, int depth)
{
    memset(t, 0, sizeof *t);
    enum bind_kind kind;
    r = resolve(c, r, &kind);
    if ((kind != B_EXPR && kind != B_UNKNOWN) || depth > 3)
        return; /* an unbound name may be an imported type: String */
    struct callx k;
    int call = call_of(c, r, &k);
    if (app_type(c, call ? (k.recv.e > k.recv.b ? k.recv.b : k.callee) : r.b, call ? k.callee : r.e - 1))
        return;
    if (!call) {
        if (type_ref(c, r, t->sa, sizeof t->sa)) {
            struct sa_type_args ta = {{0, 0}, 0, -1, -1, -1, NULL, NULL, 1, -1};
            t->pg = sa_type_name(t->sa, &ta);
        }
        return;
    }
    struct call_args a;
    split_args(c, k.open, k.close, &a);
    if (callee_is(c, &k, "with_variant")) {
        /* T.with_variant(U, "postgresql") is U on PostgreSQL, T elsewhere */
        struct strvec dialects = {0};
        int pg = a.n_pos >= 2 && str_list(c, a.pos[1], &dialects) && sv_contains(&dialects, "postgresql");
        sv_free(&dialects);
        type_of(c, pg ? a.pos[0] : k.recv, t, depth + 1);
        return;
    }
    callee_text(c, k.callee, t->sa, sizeof t->sa);
    struct sa_type_args ta = {{0, 0}, 0, -1, -1, -1, NULL, NULL, 1, -1};
    for (size_t i = 0; i < a.n_pos && ta.n_num < 2; i++) {
        long n = num_of(c, a.pos[i]);
        if (n < 0)
            break;
        ta.num[ta.n_num++] = n;
    }
    struct range v;
    if (kwarg(&a, "length", &v) || kwarg(&a, "precision", &v))
        ta.length = num_of(c, v);
    if (kwarg(&a, "scale", &v))
        ta.scale = num_of(c, v);
    if (kwarg(&a, "timezone", &v))
        ta.timezone = bool_of(c, v);
    struct type_info item = {0};
    if (sa_type_is_enum(t->sa)) {
        enum_args(c, &a, t, &ta);
    } else if (strcmp(t->sa, "ARRAY") == 0 && (arg(&a, 0, "item_type", &v))) {
        type_of(c, v, &item, depth + 1);
        ta.item = item.pg;
    }
    t->pg = sa_type_name(t->sa, &ta);
    type_info_free(&item);
}

/* ---- columns and constraints ---- */

struct fk {
    char *name;          /* NULL: PostgreSQL names it */
    struct strvec cols, refcols;
    char *reftable;      /* "table" or "schema.table"; NULL when unknown */
    char ondelete, onupdate;
    int deferrable;
    int use_alter;       /* use_alter=True: CREATE TABLE leaves it out (SQLAlchemy adds it by ALTER
                            only in metadata.create_all(); op.create_table never does) */
};

struct constraint {
    char ctype;          /* p u f c x */
    char *name;
    char *expr;          /* a check's expression, when literal */
    struct strvec cols;
    struct fk fk;
    int line;
};

struct column {
    char *name;
    struct type_info type;
    int pk, unique, index, has_fk;
    int no_serial;       /* Sequence(), Identity(), Computed() or a Python-side default= */
    int identity;        /* Identity(): NOT NULL without a pg_attrdef default */
    int computed;        /* Computed(): a generation expression, shown as a default or not */
    int nullable;        /* -1 not given */
    int server_default;  /* -1 unknown, 0 none, 1 present */
    int autoincrement;   /* -1 auto */
};

static void column_free(struct column *col)
{
    free(col->name);
    type_info_free(&col->type);
}

static void constraint_free(struct constraint *k)
{
    free(k->name);
    free(k->expr);
    sv_free(&k->cols);
    free(k->fk.name);
    sv_free(&k->fk.cols);
    sv_free(&k->fk.refcols);
    free(k->fk.reftable);
}

static char action_letter(struct ctx *c, const struct call_args *a, const char *kw)
{
    struct range v;
    int conv;
    if (!kwarg(a, kw, &v) || is_none(c, v))
        return 'a';
    char *s = str_of(c, v, &conv, 0);
    if (!s)
        return '?';
    for (char *p = s; *p; p++)
        *p = (char)(*p >= 'a' && *p <= 'z' ? *p - 32 : *p);
    static const struct {
        const char *sql;
        char letter;
    } actions[] = {{"CASCADE", 'c'}, {"SET NULL", 'n'}, {"SET DEFAULT", 'd'}, {"RESTRICT", 'r'}, {"NO ACTION", 'a'}};
    char letter = '?';
    for (size_t i = 0; i < sizeof actions / sizeof actions[0]; i++)
        if (strcmp(s, actions[i].sql) == 0)
            letter = actions[i].letter;
    free(s);
    return letter;
}

/* "table.col" or "schema.table.col" targets of a foreign key. */
static void fk_targets(struct fk *fk, const struct strvec *targets)
{
    for (size_t i = 0; i < targets->n; i++) {
        const char *dot = strrchr(targets->v[i], '.');
        if (!dot) {
            free(fk->reftable);
            fk->reftable = NULL;
            return;
        }
        char *table = xstrndup(targets->v[i], (size_t)(dot - targets->v[i]));
        if (!fk->reftable)
            fk->reftable = table;
        else
            free(table);
        sv_push(&fk->refcols, dot + 1);
    }
}

static void fk_options(struct ctx *c, const struct call_args *a, struct fk *fk)
{
    struct range v;
    int conv;
    if (kwarg(a, "name", &v) && !is_none(c, v)) {
        char *s = str_of(c, v, &conv, 0);
        fk->name = s ? final_name(s, conv) : xstrdup("?");
    }
    fk->ondelete = action_letter(c, a, "ondelete");
    fk->onupdate = action_letter(c, a, "onupdate");
    fk->deferrable = kwarg(a, "deferrable", &v) ? bool_of(c, v) : 0;
    fk->use_alter = kwarg(a, "use_alter", &v) && bool_of(c, v) == 1;
}

/* The constraint's name argument: name= or the given position. */
static char *constraint_name(struct ctx *c, const struct call_args *a, size_t pos)
{
    struct range v;
    int conv;
    if (!arg(a, pos, "name", &v) || is_none(c, v))
        return NULL;
    char *s = str_of(c, v, &conv, 0);
    return s ? final_name(s, conv) : xstrdup("?");
}

/* sa.Column(name, [type], *ForeignKey/CheckConstraint/Sequence/Identity, **kw) */
static int read_column(struct ctx *c, const struct callx *k, struct column *col, struct constraint *extra,
                       size_t *n_extra, size_t max_extra)
{
    struct call_args a;
    split_args(c, k->open, k->close, &a);
    memset(col, 0, sizeof *col);
    col->nullable = col->server_default = col->autoincrement = -1;
    int conv;
    struct range v;
    size_t first = 1;
    if (kwarg(&a, "name", &v)) {
        col->name = str_of(c, v, &conv, 0);
        first = 0;
    } else if (a.n_pos) {
        col->name = str_of(c, a.pos[0], &conv, 0);
    }
    if (!col->name || a.overflow || a.starred) {
        free(col->name);
        col->name = NULL;
        return 0;
    }
    col->name = final_name(col->name, 0);
    int have_type = 0;
    for (size_t i = first; i < a.n_pos; i++) {
        enum bind_kind kind;
        struct range r = resolve(c, a.pos[i], &kind);
        struct callx sub;
        int is_call = kind == B_EXPR && call_of(c, r, &sub);
        if (is_call && callee_is(c, &sub, "ForeignKey") && *n_extra < max_extra) {
            struct constraint *fk = &extra[(*n_extra)++];
            memset(fk, 0, sizeof *fk);
            fk->ctype = 'f';
            struct call_args fa;
            split_args(c, sub.open, sub.close, &fa);
            struct strvec targets = {0};
            if (fa.n_pos && str_list(c, fa.pos[0], &targets))
                fk_targets(&fk->fk, &targets);
            sv_free(&targets);
            fk_options(c, &fa, &fk->fk);
            if (fk->fk.use_alter) { /* letta: a key op.create_table never made */
                constraint_free(fk);
                (*n_extra)--;
                continue;
            }
            fk->name = fk->fk.name ? xstrdup(fk->fk.name) : NULL;
            sv_push(&fk->cols, col->name);
            col->has_fk = 1;
        } else if (is_call && callee_is(c, &sub, "CheckConstraint") && *n_extra < max_extra) {
            struct constraint *ck = &extra[(*n_extra)++];
            memset(ck, 0, sizeof *ck);
            ck->ctype = 'c';
            struct call_args ca;
            split_args(c, sub.open, sub.close, &ca);
            ck->name = constraint_name(c, &ca, (size_t)-1);
            sv_push(&ck->cols, col->name);
        } else if (is_call && (callee_is(c, &sub, "Sequence") || callee_is(c, &sub, "Identity") ||
                               callee_is(c, &sub, "Computed"))) {
            col->no_serial = 1;
            col->identity |= callee_is(c, &sub, "Identity");
            col->computed |= callee_is(c, &sub, "Computed");
        } else if (!have_type) {
            type_of(c, a.pos[i], &col->type, 0);
            have_type = 1;
        }
    }
    if (!have_type && kwarg(&a, "type_", &v))
        type_of(c, v, &col->type, 0);
    col->pk = kwarg(&a, "primary_key", &v) && bool_of(c, v) == 1;
    col->unique = kwarg(&a, "unique", &v) && bool_of(c, v) == 1;
    col->index = kwarg(&a, "index", &v) && bool_of(c, v) == 1;
    if (kwarg(&a, "nullable", &v))
        col->nullable = bool_of(c, v);
    if (kwarg(&a, "server_default", &v))
        col->server_default = !server_default_is_null(c, v);
    else
        col->server_default = 0;
    if (kwarg(&a, "autoincrement", &v))
        col->autoincrement = bool_of(c, v);
    if (kwarg(&a, "default", &v) && !is_none(c, v))
        col->no_serial = 1;
    return 1;
}

static const char *tf(int v)
{
    return v == 1 ? "t" : v == 0 ? "f" : "?";
}

static char *column_attrs(const struct column *col, int pk, int serial)
{
    int notnull = pk || serial || col->identity ? 1 : col->nullable == 0 ? 1 : col->nullable == 1 ? 0 : col->pk;
    int has_default = serial || col->server_default == 1 ? 1 : col->computed ? -1 : col->server_default;
    struct strbuf b = {0};
    attrs_append(&b, "default", tf(has_default));
    attrs_append(&b, "notnull", tf(notnull));
    attrs_append(&b, "type", col->type.pg ? col->type.pg : "?");
    return sb_take(&b);
}

static void emit_constraint(struct ctx *c, const char *schema, const char *table, const struct constraint *k,
                            int line)
{
    char *name = k->name ? xstrdup(k->name) : NULL;
    unsigned flags = 0;
    if (!name) {
        /* PostgreSQL's choice (ChooseConstraintName), unless the
         * application's naming convention, which the gate cannot see, named it */
        static const struct {
            char ctype;
            const char *label;
        } labels[] = {{'p', "pkey"}, {'u', "key"}, {'f', "fkey"}, {'c', "check"}, {'x', "excl"}};
        const char *label = "check";
        for (size_t i = 0; i < sizeof labels / sizeof labels[0]; i++)
            if (labels[i].ctype == k->ctype)
                label = labels[i].label;
        char *addition = k->ctype == 'p' || k->cols.n == 0 ? NULL
                                                            : pg_name_addition((const char *const *)k->cols.v, k->cols.n);
        name = pg_object_name(table, addition, label);
        free(addition);
        flags = OPF_MAYBE | OPF_NAME_GUESSED;
    }
    int fk = k->ctype == 'f';
    char *cols = joined(&k->cols), *refcols = joined(&k->fk.refcols);
    char ctype[2] = {k->ctype, 0}, ondelete[2] = {k->fk.ondelete, 0}, onupdate[2] = {k->fk.onupdate, 0};
    struct strbuf b = {0};
    attrs_append(&b, "cols", k->ctype == 'c' || k->ctype == 'x' ? NULL : k->cols.n ? cols : "?");
    attrs_append(&b, "ctype", ctype);
    attrs_append(&b, "deferrable", k->ctype == 'c' ? NULL : tf(k->fk.deferrable));
    attrs_append(&b, "ondelete", fk ? ondelete : NULL);
    attrs_append(&b, "onupdate", fk ? onupdate : NULL);
    attrs_append(&b, "refcols", !fk ? NULL : k->fk.refcols.n ? refcols : "?");
    attrs_append(&b, "reftable", !fk ? NULL : k->fk.reftable ? k->fk.reftable : "?");
    char *attrs = sb_take(&b);
    free(cols);
    free(refcols);
    emit(c, OP_CREATE, OBJ_CONSTRAINT, schema, table, name, NULL, attrs, flags, line);
    free(attrs);
    free(name);
}

static char *index_attrs(const char *table, const char *cols, int unique, const char *using, int partial)
{
    struct strbuf b = {0};
    attrs_append(&b, "cols", cols);
    attrs_append(&b, "partial", tf(partial));
    attrs_append(&b, "table", table);
    attrs_append(&b, "unique", tf(unique));
    attrs_append(&b, "using", using ? using : "btree");
    return sb_take(&b);
}

/* Column(index=True) makes SQLAlchemy create an index named by its default
 * convention "ix_%(column_0_label)s" (a generated name, so shortened as
 * sanames.h says), where the label of a column of a schema-qualified table
 * is <schema>_<table>_<column>. */
static void emit_column_index(struct ctx *c, const char *schema, const char *table, const struct column *col,
                              int line)
{
    char *full = schema ? xasprintf("ix_%s_%s_%s", schema, table, col->name) : xasprintf("ix_%s_%s", table, col->name);
    char *name = final_name(full, 1);
    char *attrs = index_attrs(table, col->name, col->unique, NULL, 0);
    emit(c, OP_CREATE, OBJ_INDEX, schema, table, name, NULL, attrs, 0, line);
    free(attrs);
    free(name);
}

/* The keyword arguments of an index: unique=, postgresql_using=, postgresql_where=. */
static char *index_attrs_from(struct ctx *c, const struct call_args *a, const char *table, const char *cols)
{
    struct range v;
    int conv;
    int unique = kwarg(a, "unique", &v) && bool_of(c, v) == 1;
    char *using = kwarg(a, "postgresql_using", &v) ? str_of(c, v, &conv, 0) : NULL;
    int partial = kwarg(a, "postgresql_where", &v) && !is_none(c, v);
    char *attrs = index_attrs(table, cols, unique, using ? using : kwarg(a, "postgresql_using", &v) ? "?" : NULL,
                              partial);
    free(using);
    return attrs;
}

/* ---- op handlers ---- */

struct opcall {
    struct ctx *c;
    struct call_args a;
    struct range whole;
    int line;
    int in_batch;
    size_t tpos;     /* position of the table argument; positions after it shift in a batch */
    char *schema, *table;
    int table_unknown;
    const char *opname;
};

/* Argument p of the op's non-batch signature. */
static int oparg(const struct opcall *k, size_t p, const char *kw, struct range *out)
{
    if (k->in_batch && p != (size_t)-1 && p > k->tpos)
        p--;
    return arg(&k->a, p, kw, out);
}

/* A name argument: 1 with *s set (NULL for None), 0 when absent, -1 when not literal. */
static int name_of(struct opcall *k, size_t p, const char *kw, char **s, int index_like)
{
    struct range v;
    *s = NULL;
    /* A constraint's name was `name=` before Alembic 0.8 (Pagure's
     * create_foreign_key(name=...)). */
    if (!oparg(k, p, kw, &v) && !(strcmp(kw, "constraint_name") == 0 && kwarg(&k->a, "name", &v)))
        return 0;
    if (is_none(k->c, v))
        return 1;
    int conv;
    char *raw = str_of(k->c, v, &conv, 0);
    if (!raw)
        return -1;
    *s = final_name(raw, conv && index_like);
    return 1;
}

/* An op naming an object only partly (a table or name that is not a
 * literal): it may touch any object with the known parts; `flags`
 * OPF_DROP_ONLY for a drop. */
static void touch_partly(struct opcall *k, enum obj_kind obj, const char *table, const char *name, unsigned flags)
{
    struct ctx *c = k->c;
    emit(c, OP_TOUCH, obj, k->schema, obj == OBJ_TABLE ? NULL : table, obj == OBJ_TABLE ? table : name, NULL, NULL,
         flags, k->line);
    if (!c->unknown_loop)
        make_opaque(c, k->line, "%s names an object that is not a literal", k->opname);
}

static void emit_column_extras(struct opcall *k, const struct column *col, const struct constraint *extra,
                               size_t n_extra)
{
    for (size_t i = 0; i < n_extra; i++)
        emit_constraint(k->c, k->schema, k->table, &extra[i], k->line);
    if (col->unique && !col->index) {
        struct constraint u = {0};
        u.ctype = 'u';
        sv_push(&u.cols, col->name);
        emit_constraint(k->c, k->schema, k->table, &u, k->line);
        constraint_free(&u);
    }
    if (col->index)
        emit_column_index(k->c, k->schema, k->table, col, k->line);
}

/* A table-level constraint call inside create_table. */
static int read_table_constraint(struct ctx *c, const struct callx *sub, struct constraint *out)
{
    static const struct {
        const char *callee;
        char ctype;
    } kinds[] = {{"PrimaryKeyConstraint", 'p'}, {"UniqueConstraint", 'u'}, {"ForeignKeyConstraint", 'f'},
                 {"CheckConstraint", 'c'},      {"ExcludeConstraint", 'x'}};
    memset(out, 0, sizeof *out);
    for (size_t i = 0; i < sizeof kinds / sizeof kinds[0]; i++)
        if (callee_is(c, sub, kinds[i].callee))
            out->ctype = kinds[i].ctype;
    if (!out->ctype)
        return 0;
    struct call_args a;
    split_args(c, sub->open, sub->close, &a);
    out->name = constraint_name(c, &a, (size_t)-1);
    struct range v;
    out->fk.deferrable = kwarg(&a, "deferrable", &v) ? bool_of(c, v) : 0;
    if (out->ctype == 'f') {
        struct strvec targets = {0};
        if (a.n_pos >= 2) {
            str_list(c, a.pos[0], &out->cols);
            if (str_list(c, a.pos[1], &targets))
                fk_targets(&out->fk, &targets);
        }
        sv_free(&targets);
        fk_options(c, &a, &out->fk);
    } else if (out->ctype == 'c') {
        int conv;
        if (arg(&a, 0, "sqltext", &v))
            out->expr = str_of(c, v, &conv, 0);
    } else if (out->ctype == 'p' || out->ctype == 'u') {
        for (size_t i = 0; i < a.n_pos; i++) {
            int conv;
            char *s = str_of(c, a.pos[i], &conv, 0);
            sv_push_owned(&out->cols, s ? s : xstrdup("?"));
        }
    }
    return 1;
}

static int word_char(char ch)
{
    return ch == '_' || (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9');
}

/* The column an unnamed check constraint is named after: the only column
 * of the table its expression names, as PostgreSQL picks it
 * (AddRelationNewConstraints); none when it names several or none. */
static void check_column(struct constraint *ck, const struct column *cols, size_t n_cols)
{
    if (ck->ctype != 'c' || ck->cols.n || !ck->expr)
        return;
    const char *found = NULL;
    for (size_t i = 0; i < n_cols; i++) {
        size_t len = strlen(cols[i].name);
        for (const char *p = strstr(ck->expr, cols[i].name); p; p = strstr(p + 1, cols[i].name)) {
            int word_start = p == ck->expr || !word_char(p[-1]);
            int word_end = !word_char(p[len]);
            if (word_start && word_end) {
                if (found && found != cols[i].name)
                    return;
                found = cols[i].name;
                break;
            }
        }
    }
    if (found)
        sv_push(&ck->cols, found);
}

/* What a create_table call declares. */
struct table_def {
    struct column *cols;
    size_t n_cols;
    struct constraint *cons; /* all but the primary key */
    size_t n_cons, max_cons;
    struct strvec pk;        /* primary key columns */
    char *pk_name;
    struct range *indexes;   /* sa.Index(...) arguments */
    size_t n_indexes;
};

static void table_def_free(struct table_def *d)
{
    for (size_t i = 0; i < d->n_cols; i++)
        column_free(&d->cols[i]);
    for (size_t i = 0; i < d->n_cons; i++)
        constraint_free(&d->cons[i]);
    free(d->cols);
    free(d->cons);
    free(d->indexes);
    free(d->pk_name);
    sv_free(&d->pk);
}

/* One positional argument of create_table: 0 when it is none of Column,
 * Index or a constraint. */
static int read_table_arg(struct ctx *c, struct range arg_r, struct table_def *d)
{
    enum bind_kind kind;
    struct range r = resolve(c, arg_r, &kind);
    struct callx sub;
    /* A MetaData among the columns (designate, neutron) is dropped by
     * Alembic, which keeps only columns, constraints and indexes. */
    if ((kind == B_EXPR || kind == B_HANDLE) && call_of(c, r, &sub) && callee_is(c, &sub, "MetaData"))
        return 1;
    if (kind != B_EXPR || !call_of(c, r, &sub))
        return 0;
    if (callee_is(c, &sub, "Column")) {
        if (!read_column(c, &sub, &d->cols[d->n_cols], d->cons, &d->n_cons, d->max_cons))
            return 0;
        d->n_cols++;
        return 1;
    }
    if (callee_is(c, &sub, "Index")) {
        d->indexes[d->n_indexes++] = r;
        return 1;
    }
    struct constraint *k = &d->cons[d->n_cons];
    if (d->n_cons == d->max_cons || !read_table_constraint(c, &sub, k))
        return 0;
    if (k->ctype == 'f' && k->fk.use_alter) {
        constraint_free(k);
        return 1;
    }
    if (k->ctype != 'p') {
        d->n_cons++;
        return 1;
    }
    for (size_t j = 0; j < k->cols.n; j++)
        sv_push(&d->pk, k->cols.v[j]);
    free(d->pk_name);
    d->pk_name = k->name;
    k->name = NULL;
    constraint_free(k);
    return 1;
}

/* SQLAlchemy's autoincrement column becomes SERIAL, with a sequence
 * <table>_<column>_seq owned by it: the one integer primary key column
 * without a foreign key (on the column or in a table-level
 * ForeignKeyConstraint) or server default, or a key column marked
 * autoincrement=True whatever its foreign keys and server default (the
 * DDL compiler then ignores the default: FitTrackee's
 * server_default=nextval('workouts_id_seq')). Never with a Python-side
 * default, a Sequence or an Identity. (size_t)-1 when there is none. */
static int in_table_foreign_key(const struct table_def *d, const char *col)
{
    for (size_t i = 0; i < d->n_cons; i++)
        if (d->cons[i].ctype == 'f' && sv_contains(&d->cons[i].cols, col))
            return 1;
    return 0;
}

static size_t serial_column(const struct table_def *d)
{
    size_t serial = (size_t)-1;
    for (size_t i = 0; i < d->n_cols; i++) {
        const struct column *col = &d->cols[i];
        if (!sv_contains(&d->pk, col->name) || !sa_type_is_integer(col->type.sa) || col->no_serial)
            continue;
        if (col->autoincrement == 1 ||
            (col->autoincrement == -1 && d->pk.n == 1 && !col->has_fk && !in_table_foreign_key(d, col->name) &&
             col->server_default != 1))
            serial = i;
    }
    return serial;
}

/* Enum types are created before the table (SchemaType's before_create). */
static void emit_enum_types(struct opcall *k, const struct table_def *d)
{
    struct strvec types = {0};
    for (size_t i = 0; i < d->n_cols; i++) {
        const struct type_info *t = &d->cols[i].type;
        if (t->enum_name && t->enum_creates && strcmp(t->pg ? t->pg : "", t->enum_name) == 0 &&
            !sv_contains(&types, t->enum_name)) {
            char *attrs = xasprintf("values=%s", t->enum_values);
            emit(k->c, OP_CREATE, OBJ_TYPE, t->enum_schema, NULL, t->enum_name, NULL, attrs, 0, k->line);
            free(attrs);
            sv_push(&types, t->enum_name);
        }
    }
    sv_free(&types);
}

static void emit_table(struct opcall *k, const struct table_def *d, size_t serial)
{
    struct schema_op *op = emit(k->c, OP_CREATE, OBJ_TABLE, k->schema, k->table, NULL, NULL, NULL, 0, k->line);
    op->columns = xcalloc(d->n_cols + 1, sizeof *op->columns);
    op->column_attrs = xcalloc(d->n_cols + 1, sizeof *op->column_attrs);
    for (size_t i = 0; i < d->n_cols; i++) {
        op->columns[i] = xstrdup(d->cols[i].name);
        op->column_attrs[i] = column_attrs(&d->cols[i], sv_contains(&d->pk, d->cols[i].name), i == serial);
    }
    op->n_columns = d->n_cols;
    if (serial != (size_t)-1) {
        char *seq = pg_object_name(k->table, d->cols[serial].name, "seq");
        char *attrs = xasprintf("table=%s", k->table);
        emit(k->c, OP_CREATE, OBJ_SEQUENCE, k->schema, NULL, seq, NULL, attrs, 0, k->line);
        free(attrs);
        free(seq);
    }
}

/* sa.Index(name, *columns, unique=, postgresql_using=, postgresql_where=) in a create_table. */
static void emit_table_index(struct opcall *k, struct range r)
{
    struct ctx *c = k->c;
    struct callx sub;
    call_of(c, r, &sub);
    struct call_args ia;
    split_args(c, sub.open, sub.close, &ia);
    int conv;
    char *name = ia.n_pos ? str_of(c, ia.pos[0], &conv, 0) : NULL;
    if (!name) {
        touch_partly(k, OBJ_INDEX, k->table, NULL, 0);
        return;
    }
    name = final_name(name, conv);
    struct strvec cols = {0};
    int literal = !ia.starred;
    for (size_t j = 1; j < ia.n_pos; j++) {
        char *s = str_of(c, ia.pos[j], &conv, 0);
        if (!s)
            literal = 0;
        else
            sv_push_owned(&cols, s);
    }
    char *joined_cols = literal ? joined(&cols) : xstrdup("?");
    char *attrs = index_attrs_from(c, &ia, k->table, joined_cols);
    emit(c, OP_CREATE, OBJ_INDEX, k->schema, k->table, name, NULL, attrs, 0, k->line);
    free(attrs);
    free(joined_cols);
    sv_free(&cols);
    free(name);
}

static int same_columns(const struct strvec *a, const struct strvec *b)
{
    if (a->n != b->n)
        return 0;
    for (size_t i = 0; i < a->n; i++)
        if (strcmp(a->v[i], b->v[i]) != 0)
            return 0;
    return 1;
}

/* CREATE TABLE makes one index for a unique constraint on the columns (in
 * the same order) of the primary key or of an earlier unique constraint,
 * and gives an unnamed one the other's name (PostgreSQL's
 * transformIndexConstraints; seen: zou, PrimaryKeyConstraint("a", "b") and
 * UniqueConstraint("a", "b", name="..._uc") leave one primary key named
 * ..._uc). Marks the unique constraints that merge (dup[i]) and names the
 * primary key. Column(unique=True) constraints come after the table's own,
 * as SQLAlchemy declares them unnamed: which one merges does not change
 * the name then. */
static void merge_unique_constraints(struct table_def *d, unsigned char *dup, unsigned char *col_dup)
{
    for (size_t i = 0; i < d->n_cons; i++) {
        struct constraint *u = &d->cons[i];
        if (u->ctype != 'u' || u->fk.deferrable)
            continue;
        if (d->pk.n && same_columns(&u->cols, &d->pk)) {
            if (!d->pk_name && u->name)
                d->pk_name = xstrdup(u->name);
            dup[i] = 1;
            continue;
        }
        for (size_t j = 0; j < i && !dup[i]; j++) {
            struct constraint *prior = &d->cons[j];
            if (prior->ctype != 'u' || dup[j] || prior->fk.deferrable || !same_columns(&u->cols, &prior->cols))
                continue;
            if (!prior->name && u->name)
                prior->name = xstrdup(u->name);
            dup[i] = 1;
        }
    }
    for (size_t i = 0; i < d->n_cols; i++) {
        const struct column *col = &d->cols[i];
        if (!col->unique || col->index)
            continue;
        char *one[] = {col->name};
        const struct strvec only = {one, 1, 1};
        col_dup[i] = same_columns(&only, &d->pk);
        for (size_t j = 0; j < d->n_cons && !col_dup[i]; j++)
            col_dup[i] = d->cons[j].ctype == 'u' && !dup[j] && !d->cons[j].fk.deferrable &&
                         same_columns(&only, &d->cons[j].cols);
    }
}

/* create_table(table_name, *columns_and_constraints, schema=): the types,
 * the table with its columns, its sequence, constraints and indexes. */
static void op_create_table(struct opcall *k)
{
    struct ctx *c = k->c;
    if (k->table_unknown || k->a.starred) {
        unreadable(c, k->whole, k->line, "%s has arguments the gate cannot read", k->opname);
        return;
    }
    struct table_def d = {0};
    d.max_cons = 4 * k->a.n_pos + 4; /* a Column may declare several (ForeignKey, CheckConstraint) */
    d.cols = xcalloc(k->a.n_pos + 1, sizeof *d.cols);
    d.cons = xcalloc(d.max_cons, sizeof *d.cons);
    d.indexes = xcalloc(k->a.n_pos + 1, sizeof *d.indexes);
    for (size_t i = 1; i < k->a.n_pos; i++) {
        if (!read_table_arg(c, k->a.pos[i], &d)) {
            unreadable(c, k->whole, k->line, "%s has an argument that is not a Column, Index or constraint",
                       k->opname);
            table_def_free(&d);
            return;
        }
    }
    for (size_t i = 0; i < d.n_cols; i++)
        if (d.cols[i].pk && !sv_contains(&d.pk, d.cols[i].name))
            sv_push(&d.pk, d.cols[i].name);
    unsigned char *dup = xcalloc(d.n_cons + 1, 1), *col_dup = xcalloc(d.n_cols + 1, 1);
    merge_unique_constraints(&d, dup, col_dup);
    emit_enum_types(k, &d);
    emit_table(k, &d, serial_column(&d));
    if (d.pk.n) {
        struct constraint p = {0};
        p.ctype = 'p';
        p.name = d.pk_name;
        d.pk_name = NULL;
        for (size_t j = 0; j < d.pk.n; j++)
            sv_push(&p.cols, d.pk.v[j]);
        emit_constraint(c, k->schema, k->table, &p, k->line);
        constraint_free(&p);
    }
    for (size_t i = 0; i < d.n_cons; i++) {
        check_column(&d.cons[i], d.cols, d.n_cols);
        if (!dup[i])
            emit_constraint(c, k->schema, k->table, &d.cons[i], k->line);
    }
    for (size_t i = 0; i < d.n_cols; i++) {
        int unique = d.cols[i].unique;
        d.cols[i].unique = unique && !col_dup[i];
        emit_column_extras(k, &d.cols[i], NULL, 0);
        d.cols[i].unique = unique;
    }
    for (size_t i = 0; i < d.n_indexes; i++)
        emit_table_index(k, d.indexes[i]);
    free(dup);
    free(col_dup);
    table_def_free(&d);
}

static void op_drop_table(struct opcall *k)
{
    if (k->table_unknown)
        touch_partly(k, OBJ_TABLE, NULL, NULL, OPF_DROP_ONLY);
    else
        emit(k->c, OP_DROP, OBJ_TABLE, k->schema, k->table, NULL, NULL, NULL, 0, k->line);
}

static void op_rename_table(struct opcall *k)
{
    char *to = NULL;
    if (k->table_unknown || name_of(k, 1, "new_table_name", &to, 0) != 1 || !to) {
        touch_partly(k, OBJ_TABLE, k->table, NULL, 0);
        if (to)
            touch_partly(k, OBJ_TABLE, to, NULL, 0);
    } else {
        emit(k->c, OP_RENAME, OBJ_TABLE, k->schema, k->table, NULL, to, NULL, 0, k->line);
    }
    free(to);
}

static void op_add_column(struct opcall *k)
{
    struct ctx *c = k->c;
    struct range v;
    enum bind_kind kind;
    struct callx sub;
    struct column col;
    struct constraint extra[8];
    size_t n_extra = 0;
    if (!oparg(k, 1, "column", &v) || (v = resolve(c, v, &kind), kind != B_EXPR) || !call_of(c, v, &sub) ||
        !callee_is(c, &sub, "Column") || !read_column(c, &sub, &col, extra, &n_extra, 8)) {
        touch_partly(k, OBJ_COLUMN, k->table, NULL, 0);
        return;
    }
    if (k->table_unknown) {
        touch_partly(k, OBJ_COLUMN, NULL, col.name, 0);
    } else {
        /* Alembic's add_column does not create an Enum's type (toimpl.add_column) */
        char *attrs = column_attrs(&col, col.pk, 0);
        emit(c, OP_CREATE, OBJ_COLUMN, k->schema, k->table, col.name, NULL, attrs, 0, k->line);
        free(attrs);
        emit_column_extras(k, &col, extra, n_extra);
    }
    for (size_t i = 0; i < n_extra; i++)
        constraint_free(&extra[i]);
    column_free(&col);
}

static void op_drop_column(struct opcall *k)
{
    char *name = NULL;
    int got = name_of(k, 1, "column_name", &name, 0);
    if (k->table_unknown || got != 1 || !name)
        touch_partly(k, OBJ_COLUMN, k->table, name, OPF_DROP_ONLY);
    else
        emit(k->c, OP_DROP, OBJ_COLUMN, k->schema, k->table, name, NULL, NULL, 0, k->line);
    free(name);
}

static void op_alter_column(struct opcall *k)
{
    struct ctx *c = k->c;
    static const char *const known_kw[] = {
        "table_name",       "column_name",     "schema",     "existing_type", "existing_nullable",
        "existing_server_default", "existing_comment", "comment", "new_column_name", "type_",
        "nullable",         "server_default",  "postgresql_using", "autoincrement", "existing_autoincrement",
    };
    char *name = NULL, *to = NULL;
    int got = name_of(k, 1, "column_name", &name, 0);
    if (k->table_unknown || got != 1 || !name) {
        touch_partly(k, OBJ_COLUMN, k->table, name, 0);
        free(name);
        return;
    }
    for (size_t i = 0; i < k->a.n_kw; i++) {
        int known = 0;
        for (size_t j = 0; j < sizeof known_kw / sizeof known_kw[0]; j++)
            known |= tok_is_name(k->a.kwn[i], known_kw[j]);
        if (!known)
            make_opaque(c, k->line, "%s has an argument the model does not read", k->opname);
    }
    char *attrs = NULL;
    struct range v;
    if (kwarg(&k->a, "type_", &v)) {
        struct type_info t;
        type_of(c, v, &t, 0);
        attrs_set(&attrs, "type", t.pg ? t.pg : "?");
        type_info_free(&t);
    }
    if (kwarg(&k->a, "nullable", &v)) {
        int b = bool_of(c, v);
        attrs_set(&attrs, "notnull", b == 1 ? "f" : b == 0 ? "t" : "?");
    }
    if (kwarg(&k->a, "server_default", &v)) {
        int b = bool_of(c, v);
        if (b != 0)
            attrs_set(&attrs, "default", server_default_is_null(c, v) ? "f" : "t");
    }
    if (attrs)
        emit(c, OP_ALTER, OBJ_COLUMN, k->schema, k->table, name, NULL, attrs, 0, k->line);
    if (kwarg(&k->a, "new_column_name", &v)) {
        if (name_of(k, (size_t)-1, "new_column_name", &to, 0) == 1 && to)
            emit(c, OP_RENAME, OBJ_COLUMN, k->schema, k->table, name, to, NULL, 0, k->line);
        else
            touch_partly(k, OBJ_COLUMN, k->table, name, 0);
    }
    free(attrs);
    free(name);
    free(to);
}

static void op_create_index(struct opcall *k)
{
    struct ctx *c = k->c;
    char *name = NULL;
    int got = name_of(k, 0, "index_name", &name, 1);
    if (k->table_unknown || got != 1 || !name) {
        touch_partly(k, OBJ_INDEX, k->table, name, 0);
        free(name);
        return;
    }
    struct range v;
    struct strvec cols = {0};
    char *joined_cols = oparg(k, 2, "columns", &v) && str_list(c, v, &cols) ? joined(&cols) : xstrdup("?");
    char *attrs = index_attrs_from(c, &k->a, k->table, joined_cols);
    emit(c, OP_CREATE, OBJ_INDEX, k->schema, k->table, name, NULL, attrs, 0, k->line);
    free(attrs);
    free(joined_cols);
    sv_free(&cols);
    free(name);
}

static void op_drop_index(struct opcall *k)
{
    char *name = NULL;
    int got = name_of(k, 0, "index_name", &name, 1);
    if (got != 1 || !name)
        touch_partly(k, OBJ_INDEX, NULL, name, OPF_DROP_ONLY);
    else
        emit(k->c, OP_DROP, OBJ_INDEX, k->schema, k->table_unknown ? NULL : k->table, name, NULL, NULL, 0, k->line);
    free(name);
}

/* create_*_constraint: the name at 0, the table at 1, then the op's own arguments. */
static int constraint_head(struct opcall *k, struct constraint *out, char ctype)
{
    memset(out, 0, sizeof *out);
    out->ctype = ctype;
    int got = name_of(k, 0, "constraint_name", &out->name, 1);
    if (k->table_unknown || !k->table || got == -1) {
        touch_partly(k, OBJ_CONSTRAINT, k->table, out->name, 0);
        constraint_free(out);
        return 0;
    }
    struct range v;
    out->fk.deferrable = kwarg(&k->a, "deferrable", &v) ? bool_of(k->c, v) : 0;
    return 1;
}

static void op_create_pk_or_unique(struct opcall *k, char ctype)
{
    struct constraint con;
    if (!constraint_head(k, &con, ctype))
        return;
    struct range v;
    if (!oparg(k, 2, "columns", &v) || !str_list(k->c, v, &con.cols)) {
        sv_free(&con.cols);
    }
    emit_constraint(k->c, k->schema, k->table, &con, k->line);
    constraint_free(&con);
}

static void op_create_primary_key(struct opcall *k)
{
    op_create_pk_or_unique(k, 'p');
}

static void op_create_unique_constraint(struct opcall *k)
{
    op_create_pk_or_unique(k, 'u');
}

static void op_create_check_constraint(struct opcall *k)
{
    struct constraint con;
    if (!constraint_head(k, &con, 'c'))
        return;
    emit_constraint(k->c, k->schema, k->table, &con, k->line);
    constraint_free(&con);
}

static void op_create_exclude_constraint(struct opcall *k)
{
    struct constraint con;
    if (!constraint_head(k, &con, 'x'))
        return;
    emit_constraint(k->c, k->schema, k->table, &con, k->line);
    constraint_free(&con);
}

static void op_create_foreign_key(struct opcall *k)
{
    struct ctx *c = k->c;
    struct constraint con;
    if (!constraint_head(k, &con, 'f'))
        return;
    struct range v;
    int conv;
    int has_ref = oparg(k, 2, "referent_table", &v) || kwarg(&k->a, "referent", &v); /* `referent` before 0.8 */
    char *reftable = has_ref ? str_of(c, v, &conv, 0) : NULL;
    char *refschema = kwarg(&k->a, "referent_schema", &v) ? str_of(c, v, &conv, 0) : NULL;
    if (reftable)
        con.fk.reftable = refschema ? xasprintf("%s.%s", refschema, reftable) : xstrdup(reftable);
    if (oparg(k, 3, "local_cols", &v))
        str_list(c, v, &con.cols);
    if (oparg(k, 4, "remote_cols", &v))
        str_list(c, v, &con.fk.refcols);
    con.fk.ondelete = action_letter(c, &k->a, "ondelete");
    con.fk.onupdate = action_letter(c, &k->a, "onupdate");
    emit_constraint(c, k->schema, k->table, &con, k->line);
    constraint_free(&con);
    free(reftable);
    free(refschema);
}

static void op_drop_constraint(struct opcall *k)
{
    struct ctx *c = k->c;
    char *name = NULL;
    int got = name_of(k, 0, "constraint_name", &name, 1);
    if (k->table_unknown || got != 1 || !name) {
        touch_partly(k, OBJ_CONSTRAINT, k->table, name, OPF_DROP_ONLY);
        free(name);
        return;
    }
    static const struct {
        const char *type_;
        const char *ctype;
    } types[] = {{"foreignkey", "f"}, {"unique", "u"}, {"check", "c"}, {"primary", "p"}};
    struct range v;
    int conv;
    char *attrs = NULL;
    char *type_ = oparg(k, 2, "type_", &v) ? str_of(c, v, &conv, 0) : NULL;
    for (size_t i = 0; type_ && i < sizeof types / sizeof types[0]; i++)
        if (strcmp(type_, types[i].type_) == 0)
            attrs_set(&attrs, "ctype", types[i].ctype);
    emit(c, OP_DROP, OBJ_CONSTRAINT, k->schema, k->table, name, NULL, attrs, 0, k->line);
    free(attrs);
    free(type_);
    free(name);
}

static void read_sql(struct ctx *c, struct range whole, struct range sql, int line, const char *opname);
static void read_sql_text(struct ctx *c, struct range whole, const char *sql, int line, const char *opname);

static void op_execute(struct opcall *k)
{
    struct range v;
    if (!oparg(k, 0, "sqltext", &v)) {
        unreadable(k->c, k->whole, k->line, "%s has no SQL to read", k->opname);
        return;
    }
    read_sql(k->c, k->whole, v, k->line, k->opname);
}

/* Data changes and comments: effects the catalog does not show. */
static void op_unobservable(struct opcall *k)
{
    make_opaque(k->c, k->line, "%s changes data or comments, which the catalog model does not observe",
                k->opname);
}

static void op_nothing(struct opcall *k)
{
    (void)k;
}

enum { ON_OP = 1, ON_BATCH = 2 };

static const struct op_form {
    const char *name;
    int where;
    size_t tpos;            /* the table argument's position; (size_t)-1: none */
    const char *table_kw;
    void (*fn)(struct opcall *k);
} op_forms[] = {
    {"create_table", ON_OP, 0, "table_name", op_create_table},
    {"drop_table", ON_OP, 0, "table_name", op_drop_table},
    {"rename_table", ON_OP, 0, "old_table_name", op_rename_table},
    {"add_column", ON_OP | ON_BATCH, 0, "table_name", op_add_column},
    {"drop_column", ON_OP | ON_BATCH, 0, "table_name", op_drop_column},
    {"alter_column", ON_OP | ON_BATCH, 0, "table_name", op_alter_column},
    {"create_index", ON_OP | ON_BATCH, 1, "table_name", op_create_index},
    {"drop_index", ON_OP | ON_BATCH, 1, "table_name", op_drop_index},
    {"create_primary_key", ON_OP | ON_BATCH, 1, "table_name", op_create_primary_key},
    {"create_unique_constraint", ON_OP | ON_BATCH, 1, "table_name", op_create_unique_constraint},
    {"create_check_constraint", ON_OP | ON_BATCH, 1, "table_name", op_create_check_constraint},
    {"create_exclude_constraint", ON_OP | ON_BATCH, 1, "table_name", op_create_exclude_constraint},
    {"create_foreign_key", ON_OP | ON_BATCH, 1, "source_table", op_create_foreign_key},
    {"drop_constraint", ON_OP | ON_BATCH, 1, "table_name", op_drop_constraint},
    {"execute", ON_OP | ON_BATCH, (size_t)-1, NULL, op_execute},
    {"bulk_insert", ON_OP, (size_t)-1, NULL, op_unobservable},
    {"create_table_comment", ON_OP | ON_BATCH, (size_t)-1, NULL, op_unobservable},
    {"drop_table_comment", ON_OP | ON_BATCH, (size_t)-1, NULL, op_unobservable},
    {"get_bind", ON_OP, (size_t)-1, NULL, op_nothing},
    {"get_context", ON_OP, (size_t)-1, NULL, op_nothing},
    {"inline_literal", ON_OP, (size_t)-1, NULL, op_nothing},
    {"f", ON_OP | ON_BATCH, (size_t)-1, NULL, op_nothing},
};

/* op.NAME(...) or, in a batch block, ALIAS.NAME(...); whole is the statement. */
static void handle_call(struct ctx *c, const struct callx *x, struct range whole)
{
    int in_batch = c->batch_alias && x->recv.e == x->recv.b + 1 && same_name(tk(c, x->recv.b), c->batch_alias);
    struct opcall k;
    k.schema = k.table = NULL;
    k.table_unknown = 0;
    /* "op.NAME" or "batch_op.NAME", NAME cut to 40 bytes; built by hand,
     * as this runs for every call in every script. */
    char opname[64];
    const char *prefix = in_batch ? "batch_op." : "op.";
    size_t plen = strlen(prefix), nlen = tk(c, x->callee)->len > 40 ? 40 : tk(c, x->callee)->len;
    memcpy(opname, prefix, plen);
    memcpy(opname + plen, tk(c, x->callee)->start, nlen);
    opname[plen + nlen] = '\0';
    k.opname = opname;
    k.line = tk(c, x->callee)->line;
    const struct op_form *form = NULL;
    for (size_t i = 0; i < sizeof op_forms / sizeof op_forms[0]; i++)
        if (callee_is(c, x, op_forms[i].name) && (op_forms[i].where & (in_batch ? ON_BATCH : ON_OP)))
            form = &op_forms[i];
    if (!form) {
        unreadable(c, whole, k.line, "%s is not modelled", opname);
        return;
    }
    split_args(c, x->open, x->close, &k.a);
    if (k.a.overflow) {
        unreadable(c, whole, k.line, "%s has too many arguments to read", opname);
        return;
    }
    k.c = c;
    k.whole = whole;
    k.in_batch = in_batch;
    k.tpos = form->tpos;
    struct range v;
    int conv;
    if (in_batch) {
        k.table = c->batch_table ? xstrdup(c->batch_table) : NULL;
        k.schema = c->batch_schema ? xstrdup(c->batch_schema) : NULL;
        k.table_unknown = !c->batch_table;
    } else {
        if (kwarg(&k.a, "schema", &v) && !is_none(c, v)) {
            k.schema = str_of(c, v, &conv, 0);
            k.table_unknown = !k.schema;
        }
        /* Alembic before 0.8 spelled the table `source` (scripts of that
         * time still run on the versions that warned about it: Pagure). */
        if (form->tpos != (size_t)-1 &&
            (arg(&k.a, form->tpos, form->table_kw, &v) || (form->tpos == 1 && kwarg(&k.a, "source", &v))) &&
            !is_none(c, v)) {
            char *t = str_of(c, v, &conv, 0);
            k.table = final_name(t, 0);
            k.table_unknown |= !t;
        } else if (form->tpos == 0) {
            k.table_unknown = 1;
        }
    }
    form->fn(&k);
    free(k.table);
    free(k.schema);
}

/* ---- SQL strings ---- */

/* SQL that changes nothing the catalog shows: data statements, or ones the
 * SQL reader understands without an op (GRANT, SET, ...). */
static int sql_is_data_only(const char *sql)
{
    struct upgrade_effects e = {0};
    enum sql_result r = sql_to_ops(sql, 0, &e);
    int data = r != SQL_NOT_UNDERSTOOD && e.n_ops == 0;
    upgrade_effects_free(&e);
    return data;
}

/* Is r built only from data-side calls (sa.table(...).update(), select(...))? */
static int data_expr(struct ctx *c, struct range r);

/* Ops the SQL reader appended from `from` on, in code that may not run:
 * flagged, and so in the generic verbs (the older kinds carry no flags). */
static void flag_sql_ops(struct ctx *c, size_t from)
{
    for (size_t i = from; (c->maybe | c->tail_maybe | c->at_import) && i < c->out->n_ops; i++) {
        struct schema_op *op = &c->out->ops[i];
        for (size_t k = 0; k < sizeof legacy_kinds / sizeof legacy_kinds[0]; k++) {
            if (legacy_kinds[k].legacy == op->kind) {
                op->kind = legacy_kinds[k].verb;
                op->obj = legacy_kinds[k].obj;
                break;
            }
        }
        if (op->obj == OBJ_SCHEMA && !op->schema) {
            op->schema = op->name;
            op->name = NULL;
        }
        op->flags = with_maybe(c, op->flags);
    }
}

/* DDL(statement, context={...}): the statement with each %(key)s the
 * context's value, %% a percent sign, as SQLAlchemy formats it (funnel's
 * loop altering 66 columns to timestamptz). NULL when a key or value is not
 * known, or another conversion is used. */
static char *ddl_with_context(struct ctx *c, struct range statement, struct range context)
{
    int conv, ok, pairs;
    char *fmt = str_of(c, statement, &conv, 0);
    if (!fmt)
        return NULL;
    struct range keys[MAX_ITEMS], values[MAX_ITEMS];
    size_t n = dict_elements(c, context, keys, values, MAX_ITEMS, &ok, &pairs);
    struct strbuf b = {0};
    sb_appendn(&b, "", 0);
    int good = ok && !pairs;
    for (const char *p = fmt; *p && good; p++) {
        if (*p != '%') {
            sb_appendc(&b, *p);
        } else if (p[1] == '%') {
            sb_appendc(&b, '%');
            p++;
        } else if (p[1] == '(') {
            const char *close = strchr(p + 2, ')');
            good = close && close[1] == 's';
            char *value = NULL;
            for (size_t k = 0; good && k < n && !value; k++) {
                char *key = str_of(c, keys[k], &conv, 0);
                if (key && strlen(key) == (size_t)(close - p - 2) && memcmp(key, p + 2, (size_t)(close - p - 2)) == 0)
                    value = str_of(c, values[k], &conv, 0);
                free(key);
            }
            good = good && value;
            if (value)
                sb_append(&b, value);
            free(value);
            if (good)
                p = close + 1;
        } else {
            good = 0;
        }
    }
    free(fmt);
    if (!good) {
        sb_free(&b);
        return NULL;
    }
    return sb_take(&b);
}

/* SQLAlchemy's DDL elements, executed with op.execute: sequences and
 * schemas are read (CKAN's `DropSequence(Sequence('tag_id_seq'))`); DDL('...')
 * is its SQL. Returns 1 when r is one of them, read or not: never data. */
static int read_ddl_element(struct ctx *c, struct range whole, struct range r, int line, const char *opname)
{
    static const struct {
        const char *callee;
        enum op_kind verb;
        enum obj_kind obj;
    } elements[] = {{"CreateSequence", OP_CREATE, OBJ_SEQUENCE}, {"DropSequence", OP_DROP, OBJ_SEQUENCE},
                    {"CreateSchema", OP_CREATE, OBJ_SCHEMA},     {"DropSchema", OP_DROP, OBJ_SCHEMA}};
    static const char *const unread[] = {"CreateTable", "DropTable", "CreateIndex", "DropIndex", "AddConstraint",
                                         "DropConstraint", "CreateColumn", "SetTableComment", "SetColumnComment"};
    struct callx x;
    if (!call_of(c, r, &x))
        return 0;
    struct call_args a;
    split_args(c, x.open, x.close, &a);
    if (callee_is(c, &x, "DDL")) {
        struct range context;
        if (a.n_pos >= 1 && (arg(&a, 1, "context", &context))) {
            char *sql = ddl_with_context(c, a.pos[0], context);
            if (sql)
                read_sql_text(c, whole, sql, line, opname);
            else
                unreadable(c, whole, line, "%s runs a DDL() the gate cannot read", opname);
            free(sql);
        } else if (a.n_pos >= 1) {
            read_sql(c, whole, a.pos[0], line, opname);
        } else {
            unreadable(c, whole, line, "%s runs a DDL() the gate cannot read", opname);
        }
        return 1;
    }
    for (size_t k = 0; k < sizeof elements / sizeof elements[0]; k++) {
        if (!callee_is(c, &x, elements[k].callee))
            continue;
        int conv;
        char *name = NULL, *schema = NULL;
        struct range arg, kw;
        struct callx inner;
        if (a.n_pos >= 1) {
            arg = a.pos[0];
            /* a Sequence('name', schema='s') inside, or the schema's name */
            if (elements[k].obj == OBJ_SEQUENCE && call_of(c, arg, &inner) && callee_is(c, &inner, "Sequence")) {
                struct call_args ia;
                split_args(c, inner.open, inner.close, &ia);
                if (ia.n_pos >= 1)
                    name = str_of(c, ia.pos[0], &conv, 0);
                if (kwarg(&ia, "schema", &kw))
                    schema = str_of(c, kw, &conv, 0);
            } else if (elements[k].obj == OBJ_SCHEMA) {
                name = str_of(c, arg, &conv, 0);
            }
        }
        if (!name) {
            unreadable(c, whole, line, "%s runs a DDL element the gate cannot read", opname);
        } else {
            unsigned flags = 0;
            if (kwarg(&a, elements[k].verb == OP_DROP ? "if_exists" : "if_not_exists", &kw) &&
                is_name(c, kw.b, "True"))
                flags |= elements[k].verb == OP_DROP ? OPF_IF_EXISTS : OPF_IF_NOT_EXISTS;
            if (kwarg(&a, "cascade", &kw) && is_name(c, kw.b, "True"))
                flags |= OPF_CASCADE;
            if (elements[k].obj == OBJ_SCHEMA) {
                /* the older kinds carry a schema's name as the name, the verbs as the schema */
                struct schema_op *op = emit(c, elements[k].verb, OBJ_SCHEMA, NULL, NULL, name, NULL, NULL, flags, line);
                if (op->kind == elements[k].verb) {
                    op->schema = op->name;
                    op->name = NULL;
                }
            } else
                emit(c, elements[k].verb, OBJ_SEQUENCE, schema, NULL, name, NULL, NULL, flags, line);
        }
        free(name);
        free(schema);
        return 1;
    }
    for (size_t k = 0; k < sizeof unread / sizeof unread[0]; k++) {
        if (callee_is(c, &x, unread[k])) {
            unreadable(c, whole, line, "%s runs a DDL element the gate cannot read", opname);
            return 1;
        }
    }
    return 0;
}

/* An f-string field in SQL text built for checking where it falls. */
#define FIELD_MARK '\x01'

static void read_sql_text(struct ctx *c, struct range whole, const char *sql, int line, const char *opname)
{
    size_t before = c->out->n_ops;
    enum sql_result read = sql_to_ops(sql, line, c->out);
    if (read & SQL_SCHEMA)
        flag_sql_ops(c, before);
    if (read & SQL_DATA_ONLY)
        make_opaque(c, line, "%s changes data, which the catalog model does not observe", opname);
    else if (read == SQL_NOT_UNDERSTOOD) {
        make_opaque(c, line, "%s runs SQL that is not DDL the model reads", opname);
        touch_statement(c, whole, line, sql);
    }
}

static void read_sql(struct ctx *c, struct range whole, struct range v, int line, const char *opname)
{
    int conv;
    struct callx x;
    enum bind_kind kind;
    struct range r = resolve(c, v, &kind);
    if (kind == B_EXPR && read_ddl_element(c, whole, r, line, opname))
        return;
    /* sa.text(...) and textwrap.dedent(...), in either order (keystone):
     * SQL reads the same without the indentation dedent removes. */
    for (int hops = 0; hops < 4 && kind == B_EXPR && call_of(c, r, &x) &&
                       (callee_is(c, &x, "text") || callee_is(c, &x, "dedent"));
         hops++) {
        struct call_args a;
        split_args(c, x.open, x.close, &a);
        if (a.n_pos != 1 || a.n_kw)
            break;
        v = a.pos[0];
        r = resolve(c, v, &kind);
    }
    char *sql = str_of(c, v, &conv, 0);
    if (sql) {
        read_sql_text(c, whole, sql, line, opname);
        free(sql);
        return;
    }
    /* A string the gate cannot evaluate (an f-string's fields, a format of
     * unknown values) is SQL it cannot read, whatever it calls: data only
     * when its literal text (f-strings and strings side by side, fields as
     * underscores) is a data statement. */
    struct range sr = strip_parens(c, resolve(c, v, &kind));
    int string = kind == B_EXPR && sr.b < sr.e && tk(c, sr.b)->kind == TOK_STRING;
    int adjacent = string; /* "..." f"..." written side by side: one string */
    struct strbuf lit = {0};
    sb_appendn(&lit, "", 0);
    for (size_t i = sr.b; adjacent && i < sr.e; i++) {
        const struct token *t = tk(c, i);
        if (t->kind == TOK_STRING && (t->flags & TOKF_FSTRING)) {
            char *part = fstring_literal_with(t, FIELD_MARK);
            sb_append(&lit, part);
            free(part);
        } else if (t->kind == TOK_STRING && t->value && !memchr(t->value, '\0', t->value_len) &&
                   !memchr(t->value, FIELD_MARK, t->value_len)) {
            sb_append(&lit, t->value);
        } else {
            adjacent = 0;
        }
    }
    /* Fields only inside the SQL's quoted text (a function's body, a
     * message: keystone's f"CREATE OR REPLACE FUNCTION f() ... RAISE
     * EXCEPTION '{error_message}'"): every name and keyword is literal. */
    int quoted = adjacent && sql_marks_only_in_literals(lit.s, FIELD_MARK);
    for (char *m = strchr(lit.s, FIELD_MARK); m; m = strchr(m, FIELD_MARK))
        *m = '_';
    if (quoted) {
        read_sql_text(c, whole, lit.s, line, opname);
        sb_free(&lit);
        return;
    }
    int data = adjacent && sql_is_data_only(lit.s);
    sb_free(&lit);
    if (data) {
        make_opaque(c, line, "%s changes data, which the catalog model does not observe", opname);
        return;
    }
    if (!string && data_expr(c, v))
        make_opaque(c, line, "%s changes data, which the catalog model does not observe", opname);
    else
        unreadable(c, whole, line, "%s runs SQL the gate cannot read", opname);
}

/* ---- statements ---- */

/* Callees that build SQL expressions or read data; calling them changes no schema. */
static const char *const data_callees[] = {
    "table",    "column",    "select",  "update",   "insert",     "delete",   "text",       "literal",
    "literal_column", "bindparam", "and_", "or_",   "not_",       "cast",     "case",       "func",
    "exists",   "inspect",   "Session", "sessionmaker", "MetaData", "Table",  "Column",     "values",
    "where",    "filter",    "filter_by", "query",  "all",        "first",    "one",        "scalar",
    "fetchall", "fetchone",  "fetchmany", "scalars", "mappings",  "get_bind", "get_context", "label",
    "returning", "execution_options", "add", "add_all", "commit", "flush",   "merge",      "expunge",
    "close",    "rollback",  "order_by", "group_by", "limit",     "offset",   "join",       "outerjoin",
    "get_indexes", "get_columns", "get_table_names", "get_unique_constraints", "get_foreign_keys",
    "get_pk_constraint", "has_table", "get_enums", "from_engine", "c", "in_", "is_", "isnot", "like",
    "startswith", "endswith", "lower", "upper", "strip", "format", "join", "split", "replace", "items",
    "keys", "get", "append", "extend", "len", "range", "list", "dict", "set", "tuple", "sorted", "str",
    "int", "enumerate", "zip", "isinstance", "getattr", "hasattr", "print", "f", "inline_literal", "dedent",
};

/* Callees whose call may change the schema whatever they are called on. */
static const char *const ddl_callees[] = {"execute", "exec_driver_sql", "create", "drop", "create_all",
                                          "drop_all", "executescript", "run_migrations", "execute_sql"};

static int in_list(const struct ctx *c, size_t i, const char *const *list, size_t n)
{
    for (size_t k = 0; k < n; k++)
        if (is_name(c, i, list[k]))
            return 1;
    return 0;
}

/* The root name of the dotted chain ending at token i: `a` in a.b.c(. */
static size_t chain_root(const struct ctx *c, size_t lo, size_t i)
{
    while (i >= lo + 2 && is_op(c, i - 1, ".") && tk(c, i - 2)->kind == TOK_NAME)
        i -= 2;
    return i;
}

/* X.execute(ARG) inside an expression: data-side when ARG is SQL that only
 * changes data, or a statement built with the data-side callees. */
static int data_execute(struct ctx *c, size_t open, size_t close)
{
    struct call_args a;
    split_args(c, open, close, &a);
    if (a.n_pos < 1)
        return 0;
    int conv;
    char *sql = str_of(c, a.pos[0], &conv, 0);
    if (sql) {
        int data = sql_is_data_only(sql);
        free(sql);
        return data;
    }
    static const char *const builders[] = {"select", "update", "insert", "delete", "values", "where"};
    for (size_t i = a.pos[0].b; i + 1 < a.pos[0].e; i++)
        if (is_op(c, i + 1, "(") && in_list(c, i, builders, sizeof builders / sizeof builders[0]))
            return 1;
    return 0;
}

/* The names an import statement in [r.b, r.e) binds: from sqlalchemy
 * (`from sqlalchemy[.MODULE] import NAME [as ALIAS]`, `import
 * sqlalchemy[.MODULE] as ALIAS`), they build expressions, types and schema
 * objects as `sa.` does, none running DDL; from any other module, they are
 * the application's, whatever SQLAlchemy name they share (prefect's JSON,
 * a TypeDecorator that is jsonb on PostgreSQL). */
static void note_import(struct ctx *c, struct range r)
{
    int from = is_name(c, r.b, "from");
    if (!from && !is_name(c, r.b, "import"))
        return;
    size_t i = r.b + 1;
    int from_sa = from && is_name(c, i, "sqlalchemy");
    /* fides: `from alembic.op import create_table, drop_table`. */
    int from_op = from && is_name(c, i, "alembic") && is_op(c, i + 1, ".") && is_name(c, i + 2, "op") &&
                  is_name(c, i + 3, "import");
    if (from) {
        while (i < r.e && !is_name(c, i, "import"))
            i++;
        i++;
    }
    while (i < r.e) {
        if (is_op(c, i, "(") || is_op(c, i, ")") || is_op(c, i, ",")) {
            i++;
            continue;
        }
        if (tk(c, i)->kind != TOK_NAME)
            return; /* `import *`: nothing known */
        /* One item: a name (a dotted path after a bare import), maybe `as ALIAS`. */
        size_t first = i;
        while (!from && is_op(c, i + 1, ".") && tk(c, i + 2)->kind == TOK_NAME)
            i += 2;
        const struct token *bound = tk(c, first);
        int aliased = is_name(c, i + 1, "as") && tk(c, i + 2)->kind == TOK_NAME;
        if (aliased) {
            bound = tk(c, i + 2);
            i += 2;
        }
        i++;
        int sa = from ? from_sa : is_name(c, first, "sqlalchemy");
        if (sa && !from && !aliased)
            continue; /* `import sqlalchemy[.x]`: sqlalchemy is known by name */
        if (from_op) {
            if (c->n_op_names < MAX_IMPORTED_NAMES)
                c->op_names[c->n_op_names++] = bound;
            continue;
        }
        if (sa && c->n_sa_names < MAX_IMPORTED_NAMES)
            c->sa_names[c->n_sa_names++] = bound;
        else if (!sa && c->n_app_names < MAX_IMPORTED_NAMES)
            c->app_names[c->n_app_names++] = bound;
    }
}

static int is_sa_name(const struct ctx *c, size_t i)
{
    return name_in(c->sa_names, c->n_sa_names, tk(c, i));
}

/* The call at token i is of a column factory (bind_thunk) whose body is
 * data. The flag is off while the body is read, so a factory that calls
 * itself, directly or not, is not data and the reading ends. */
static int thunk_is_data(struct ctx *c, size_t i)
{
    struct binding *b = lookup(c, tk(c, i));
    if (!b || !b->thunk)
        return 0;
    b->thunk = 0;
    int data = data_expr(c, b->r);
    b->thunk = 1;
    return data;
}

/* Every call in r builds SQL expressions or reads data; none can run DDL. */
static int data_expr(struct ctx *c, struct range r)
{
    for (size_t i = r.b; i + 1 < r.e; i++) {
        if (!is_op(c, i + 1, "(") || tk(c, i)->kind != TOK_NAME)
            continue;
        size_t close = closing(c, i + 1, r.e);
        if (is_name(c, i, "execute") && close && data_execute(c, i + 1, close))
            continue;
        if (in_list(c, i, ddl_callees, sizeof ddl_callees / sizeof ddl_callees[0]))
            return 0;
        if (in_list(c, i, data_callees, sizeof data_callees / sizeof data_callees[0]))
            continue;
        if (i == r.b || !is_op(c, i - 1, ".")) {
            if (thunk_is_data(c, i) || is_sa_name(c, i))
                continue;
            return 0; /* a bare call of something else: a helper, an import */
        }
        size_t root = chain_root(c, r.b, i);
        const struct binding *b = lookup(c, tk(c, root));
        int handle = b && b->kind == B_HANDLE;
        int builder = is_name(c, root, "sa") || is_name(c, root, "sqlalchemy") ||
                      is_name(c, root, "postgresql") || is_name(c, root, "orm") || is_sa_name(c, root);
        /* Standard-library values, as in a column's Python-side default
         * (`default=datetime.datetime.utcnow()`, gnocchi) or a row's value
         * (`created_at=row.created_at or int(time.time())`, open-webui): no
         * database. */
        static const char *const value_modules[] = {"datetime", "uuid", "json", "decimal", "time",
                                                    "random", "secrets", "hashlib", "math"};
        int value = in_list(c, root, value_modules, sizeof value_modules / sizeof value_modules[0]);
        if (!handle && !builder && !value)
            return 0;
    }
    return 1;
}

/* Does r, a data-side expression, write data (rather than only read it)? */
static int writes_data(struct ctx *c, struct range r)
{
    static const char *const writers[] = {"commit", "flush", "add", "add_all", "merge", "bulk_insert",
                                          "bulk_save_objects", "bulk_insert_mappings", "bulk_update_mappings"};
    static const char *const statements[] = {"update", "insert", "delete"};
    for (size_t i = r.b; i + 1 < r.e; i++) {
        if (!is_op(c, i + 1, "(") || tk(c, i)->kind != TOK_NAME)
            continue;
        if (in_list(c, i, writers, sizeof writers / sizeof writers[0]) ||
            in_list(c, i, statements, sizeof statements / sizeof statements[0]))
            return 1;
        if (is_name(c, i, "execute") || is_name(c, i, "exec_driver_sql")) {
            struct call_args a;
            size_t close = closing(c, i + 1, r.e);
            split_args(c, i + 1, close ? close : r.e, &a);
            int conv;
            char *sql = a.n_pos ? str_of(c, a.pos[0], &conv, 0) : NULL;
            if (sql) {
                size_t n = strspn(sql, " \t\r\n(");
                int select = strncasecmp(sql + n, "select", 6) == 0 && !strchr(sql, ';');
                free(sql);
                if (!select)
                    return 1;
            }
        }
    }
    return 0;
}

static size_t walk_block(struct ctx *c, size_t i);
static void read_simple(struct ctx *c, struct range r);

/* Statement end: its NEWLINE or ';'. */
static size_t statement_end(const struct ctx *c, size_t i)
{
    while (tk(c, i)->kind != TOK_NEWLINE && tk(c, i)->kind != TOK_END && !is_op(c, i, ";"))
        i++;
    return i;
}

/* The ':' ending a compound statement's header that starts at i. */
static size_t header_colon(const struct ctx *c, size_t i)
{
    int depth = 0;
    for (; tk(c, i)->kind != TOK_END && tk(c, i)->kind != TOK_NEWLINE; i++) {
        if (is_open(tk(c, i)))
            depth++;
        else if (is_close(tk(c, i)))
            depth--;
        else if (depth == 0 && is_op(c, i, ":"))
            return i;
    }
    return 0;
}

/* The index after the suite that follows the header colon at colon: an
 * indented block or the rest of the line. */
static size_t suite_end(const struct ctx *c, size_t colon)
{
    size_t i = colon + 1;
    if (tk(c, i)->kind != TOK_NEWLINE) {
        while (tk(c, i)->kind != TOK_NEWLINE && tk(c, i)->kind != TOK_END)
            i++;
        return tk(c, i)->kind == TOK_NEWLINE ? i + 1 : i;
    }
    i++;
    if (tk(c, i)->kind != TOK_INDENT)
        return i;
    int depth = 0;
    for (; tk(c, i)->kind != TOK_END; i++) {
        if (tk(c, i)->kind == TOK_INDENT)
            depth++;
        else if (tk(c, i)->kind == TOK_DEDENT && --depth == 0)
            return i + 1;
    }
    return i;
}

/* Reads the suite after colon with extra flags; returns the index after it. */
static size_t walk_suite(struct ctx *c, size_t colon, unsigned maybe)
{
    unsigned saved = c->maybe, saved_doubts = c->doubts;
    size_t journal = c->n_rebound;
    c->maybe |= maybe;
    c->doubts += maybe != 0;
    size_t i = colon + 1;
    if (tk(c, i)->kind == TOK_NEWLINE) {
        walk_block(c, i + 1);
    } else {
        /* simple statements on the header's line */
        size_t end = i;
        while (tk(c, end)->kind != TOK_NEWLINE && tk(c, end)->kind != TOK_END)
            end++;
        size_t start = i;
        for (size_t k = i; k <= end && !c->stop; k++) {
            if (k == end || is_op(c, k, ";")) {
                if (k > start)
                    read_simple(c, (struct range){start, k});
                start = k + 1;
            }
        }
    }
    c->maybe = saved;
    c->doubts = saved_doubts;
    if (maybe) {
        for (size_t k = journal; k < c->n_rebound; k++)
            bind(c, c->rebound[k], B_UNKNOWN, (struct range){0, 0});
        c->n_rebound = journal;
    }
    return suite_end(c, colon);
}

static int body_has(const struct ctx *c, size_t from, size_t to, const char *word)
{
    for (size_t i = from; i < to; i++)
        if (is_name(c, i, word))
            return 1;
    return 0;
}

static int in_table_kind(enum obj_kind k)
{
    const struct obj_kind_info *i = obj_kind_info(k);
    return i && i->in_table;
}

/* The inspector calls that list or test objects of one kind. */
static const struct {
    const char *method;
    enum obj_kind kind;
} listings[] = {
    {"get_table_names", OBJ_TABLE},        {"get_view_names", OBJ_VIEW},
    {"get_sequence_names", OBJ_SEQUENCE},  {"get_enums", OBJ_TYPE},
    {"get_columns", OBJ_COLUMN},           {"get_indexes", OBJ_INDEX},
    {"get_unique_constraints", OBJ_CONSTRAINT}, {"get_foreign_keys", OBJ_CONSTRAINT},
    {"get_check_constraints", OBJ_CONSTRAINT},  {"get_materialized_view_names", OBJ_MATVIEW},
};

/* The listing call in r, or in what a name in r is bound to (a comprehension
 * over `columns = insp.get_columns("t")`), a few bindings deep: its kind,
 * and for the in-table kinds its table (the first argument). */
static int find_listing(struct ctx *c, struct range r, int hops, enum obj_kind *kind, char **table)
{
    if (hops > 3)
        return 0;
    for (size_t i = r.b; i < r.e; i++) {
        if (tk(c, i)->kind != TOK_NAME)
            continue;
        for (size_t k = 0; k < sizeof listings / sizeof listings[0]; k++) {
            if (!is_name(c, i, listings[k].method) || i + 1 >= r.e || !is_op(c, i + 1, "("))
                continue;
            *kind = listings[k].kind;
            *table = NULL;
            if (!in_table_kind(*kind))
                return 1;
            struct call_args a;
            struct range v;
            split_args(c, i + 1, closing(c, i + 1, r.e), &a);
            int conv;
            *table = arg(&a, 0, "table_name", &v) ? str_of(c, v, &conv, 0) : NULL;
            return *table != NULL;
        }
        const struct binding *b = lookup(c, tk(c, i));
        if (b && (b->kind == B_EXPR || b->kind == B_HANDLE) && b->r.e > b->r.b && !(b->r.b <= i && i < b->r.e) &&
            find_listing(c, b->r, hops + 1, kind, table))
            return 1;
    }
    return 0;
}

/* The kind an application helper tests, from its name (`table_exists`,
 * `column_exists`, `has_index`); OBJ_KIND_COUNT when it does not say. */
static enum obj_kind helper_kind(const struct token *t)
{
    static const struct {
        const char *word;
        enum obj_kind kind;
    } words[] = {{"table", OBJ_TABLE},       {"column", OBJ_COLUMN}, {"index", OBJ_INDEX},
                 {"constraint", OBJ_CONSTRAINT}, {"enum", OBJ_TYPE}, {"type", OBJ_TYPE},
                 {"view", OBJ_VIEW},         {"sequence", OBJ_SEQUENCE}};
    char name[64];
    if (t->len >= sizeof name)
        return OBJ_KIND_COUNT;
    memcpy(name, t->start, t->len);
    name[t->len] = '\0';
    for (size_t k = 0; k < sizeof words / sizeof words[0]; k++)
        if (strstr(name, words[k].word))
            return words[k].kind;
    return OBJ_KIND_COUNT;
}

/* Whether the condition r tests that one named object exists (g: which,
 * and whether the suite runs when it is absent). The forms: `"t" [not] in
 * LISTING`, `insp.has_table("t")`, an application helper whose name says
 * it tests existence (`table_exists("t", conn)`, `column_exists("t", "c")`),
 * each possibly under `not`. */
static int existence_test(struct ctx *c, struct range r, struct guard *g, int hops)
{
    r = strip_parens(c, r);
    if (hops > MAX_HOPS || r.b >= r.e)
        return 0;
    if (is_name(c, r.b, "not")) {
        if (!existence_test(c, (struct range){r.b + 1, r.e}, g, hops + 1))
            return 0;
        g->absent = !g->absent;
        return 1;
    }
    int depth = 0, conv;
    for (size_t i = r.b; i < r.e; i++) {
        if (is_open(tk(c, i)))
            depth++;
        else if (is_close(tk(c, i)))
            depth--;
        if (depth != 0 || !is_name(c, i, "in"))
            continue;
        int negate = i > r.b && is_name(c, i - 1, "not");
        char *name = str_of(c, (struct range){r.b, i - (size_t)negate}, &conv, 0);
        if (!name)
            return 0;
        enum obj_kind kind;
        char *table = NULL;
        if (!find_listing(c, (struct range){i + 1, r.e}, 0, &kind, &table)) {
            free(name);
            return 0;
        }
        *g = (struct guard){1, kind, table, name, negate, 0};
        return 1;
    }
    struct callx k;
    if (!call_of(c, r, &k))
        return 0;
    const struct token *callee = tk(c, k.callee);
    int tests = callee->len > 4 && (memcmp(callee->start, "has_", 4) == 0 || memmem(callee->start, callee->len,
                                                                                       "exist", 5) != NULL);
    if (!tests)
        return 0;
    struct call_args a;
    split_args(c, k.open, k.close, &a);
    char *strs[2] = {NULL, NULL};
    size_t n = 0;
    for (size_t p = 0; p < a.n_pos; p++) {
        char *v = str_of(c, a.pos[p], &conv, 0);
        if (v && n < 2)
            strs[n++] = v;
        else
            free(v); /* a connection, an inspector, a schema keyword */
    }
    enum obj_kind kind = helper_kind(callee);
    int two = kind != OBJ_KIND_COUNT && in_table_kind(kind) && kind != OBJ_INDEX;
    if (n == 0 || (two && n != 2) || (!two && n != 1 && !(kind == OBJ_INDEX && n == 2))) {
        free(strs[0]);
        free(strs[1]);
        return 0;
    }
    if (n == 2) /* (table, name) */
        *g = (struct guard){1, kind, strs[0], strs[1], 0, 0};
    else
        *g = (struct guard){1, kind, NULL, strs[0], 0, 0};
    return 1;
}

static void guard_free(struct guard *g)
{
    free(g->table);
    free(g->name);
    memset(g, 0, sizeof *g);
}

/* The suite after colon under the existence test g, as maybe code. */
static size_t walk_guarded(struct ctx *c, size_t colon, struct guard *g)
{
    struct guard outer = c->guard;
    g->doubts = c->doubts + 1;
    c->guard = *g;
    size_t next = walk_suite(c, colon, OPF_MAYBE);
    c->guard = outer;
    return next;
}

/* if / elif / else */
static size_t read_if(struct ctx *c, size_t i)
{
    int taken = 0;  /* an earlier branch certainly ran */
    int unsure = 0; /* an earlier condition was unknown */
    struct guard g = {0};
    /* Only where nothing else is in doubt: the flag replaces OPF_MAYBE. */
    int may_guard = !c->maybe && !c->tail_maybe && !c->at_import;
    for (;;) {
        size_t colon = header_colon(c, i);
        if (!colon) {
            guard_free(&g);
            return suite_end(c, i);
        }
        int is_else = is_name(c, i, "else");
        int v = is_else ? 1 : cond_of(c, (struct range){i + 1, colon}, 0);
        if (is_else && g.active && may_guard) {
            g.absent = !g.absent; /* `if "t" in tables: ... else: op.create_table("t")` */
        } else {
            guard_free(&g);
            if (v < 0 && is_name(c, i, "if") && may_guard)
                existence_test(c, (struct range){i + 1, colon}, &g, 0);
        }
        size_t next;
        if (taken || v == 0)
            next = suite_end(c, colon);
        else if (v == 1 && !unsure)
            next = walk_suite(c, colon, 0);
        else if (g.active)
            next = walk_guarded(c, colon, &g);
        else {
            struct range saved_test = c->if_test;
            int top = is_name(c, i, "if") && !c->maybe && !c->depth;
            c->if_test = top ? (struct range){i + 1, colon} : (struct range){0, 0};
            next = walk_suite(c, colon, OPF_MAYBE);
            c->if_test = saved_test;
        }
        if (v == 1 && !unsure)
            taken = 1;
        if (v < 0)
            unsure = 1;
        i = next;
        if (!is_name(c, i, "elif") && !is_name(c, i, "else")) {
            guard_free(&g);
            return i;
        }
    }
}

/* Whether a handler's suite ends in a raise on every path: its last
 * statement at its own level is `raise`, and nothing in it returns,
 * breaks, continues or yields. */
static int suite_always_raises(const struct ctx *c, size_t colon)
{
    size_t end = suite_end(c, colon), i = colon + 1, last = i;
    int depth = 0;
    for (; i < end; i++) {
        const struct token *t = tk(c, i);
        if (is_name(c, i, "return") || is_name(c, i, "break") || is_name(c, i, "continue") ||
            is_name(c, i, "yield"))
            return 0;
        if (t->kind == TOK_INDENT) {
            if (++depth == 1)
                last = i + 1;
        } else if (t->kind == TOK_DEDENT) {
            if (--depth == 1)
                last = i + 1;
        } else if (depth <= 1 && (t->kind == TOK_NEWLINE || is_op(c, i, ";")) && i + 1 < end &&
                   tk(c, i + 1)->kind != TOK_DEDENT && tk(c, i + 1)->kind != TOK_INDENT) {
            last = i + 1;
        }
    }
    return is_name(c, last, "raise");
}

/* try / except / else / finally. The body and else may not run, unless
 * every handler re-raises: then the body ran whole or the migration
 * failed and its transaction took everything back (manila, keystone: ops
 * wrapped to log an error before re-raising it). */
static size_t read_try(struct ctx *c, size_t i)
{
    int reraises = 1;
    for (size_t h = i;;) {
        size_t colon = header_colon(c, h);
        if (!colon)
            break;
        if (is_name(c, h, "except") && !suite_always_raises(c, colon))
            reraises = 0;
        h = suite_end(c, colon);
        if (!is_name(c, h, "except") && !is_name(c, h, "else") && !is_name(c, h, "finally"))
            break;
    }
    for (;;) {
        size_t colon = header_colon(c, i);
        if (!colon)
            return suite_end(c, i);
        unsigned maybe = is_name(c, i, "finally") ? 0 : is_name(c, i, "except") || !reraises ? OPF_MAYBE : 0;
        i = walk_suite(c, colon, maybe);
        if (!is_name(c, i, "except") && !is_name(c, i, "else") && !is_name(c, i, "finally"))
            return i;
    }
}

/* `match` is a soft keyword: a statement only where a block of `case`
 * clauses follows its header (else a name: `match = pattern.match(s)`). */
static int is_match_statement(const struct ctx *c, size_t i)
{
    if (!is_name(c, i, "match"))
        return 0;
    size_t colon = header_colon(c, i);
    return colon > i + 1 && tk(c, colon + 1)->kind == TOK_NEWLINE && tk(c, colon + 2)->kind == TOK_INDENT &&
           is_name(c, colon + 3, "case");
}

/* match SUBJECT: each case block may run or not: the gate matches no
 * patterns. */
static size_t read_match(struct ctx *c, size_t i)
{
    size_t colon = header_colon(c, i);
    size_t k = colon + 3;
    while (is_name(c, k, "case")) {
        size_t case_colon = header_colon(c, k);
        if (!case_colon)
            return suite_end(c, colon);
        k = walk_suite(c, case_colon, OPF_MAYBE);
        while (tk(c, k)->kind == TOK_NEWLINE)
            k++;
    }
    return tk(c, k)->kind == TOK_DEDENT ? k + 1 : suite_end(c, colon);
}

static size_t read_loop_body(struct ctx *c, size_t colon, unsigned maybe, int unknown)
{
    int saved = c->unknown_loop;
    c->unknown_loop |= unknown;
    size_t next = walk_suite(c, colon, maybe);
    c->unknown_loop = saved;
    return next;
}

/* Iterating a dict display (`for name in INDEXES:`, polar) gives its keys;
 * `.keys()`, `.values()` and `.items()` the keys, the values, or both (in
 * values, with *pairs set). Returns the count, *ok unset when r is none of
 * these (a comprehension, `**other`, a set). */
static size_t dict_elements(struct ctx *c, struct range r, struct range *keys, struct range *values, size_t max,
                            int *ok, int *pairs)
{
    *ok = 0;
    *pairs = 0;
    int want_values = 0;
    if (r.e - r.b >= 5 && is_op(c, r.e - 1, ")") && is_op(c, r.e - 2, "(") && is_op(c, r.e - 4, ".") &&
        (is_name(c, r.e - 3, "keys") || is_name(c, r.e - 3, "values") || is_name(c, r.e - 3, "items"))) {
        want_values = is_name(c, r.e - 3, "values");
        *pairs = is_name(c, r.e - 3, "items");
        r.e -= 4;
    }
    enum bind_kind kind;
    r = resolve(c, r, &kind);
    if (kind != B_EXPR || r.e - r.b < 2 || !is_op(c, r.b, "{") || closing(c, r.b, r.e) != r.e - 1)
        return 0;
    for (size_t i = r.b; i < r.e; i++)
        if (is_name(c, i, "for") || is_op(c, i, "**"))
            return 0;
    struct range items[MAX_ITEMS];
    size_t n = split_top(c, (struct range){r.b + 1, r.e - 1}, ",", NULL, items, MAX_ITEMS);
    if ((n == 0 && r.e - r.b > 2) || n > max)
        return 0; /* more than MAX_ITEMS */
    if (n > 0 && items[n - 1].b == items[n - 1].e)
        n--; /* trailing comma */
    for (size_t k = 0; k < n; k++) {
        struct range kv[2];
        if (split_top(c, items[k], ":", NULL, kv, 2) != 2 || kv[0].b == kv[0].e)
            return 0;
        keys[k] = want_values ? kv[1] : kv[0];
        values[k] = kv[1];
    }
    *ok = 1;
    return n;
}

/* for TARGET in ITER: unrolled over a literal list, else read once as maybe. */
static size_t read_for(struct ctx *c, size_t i)
{
    size_t colon = header_colon(c, i);
    size_t in = i + 1;
    while (in < colon && !is_name(c, in, "in"))
        in++;
    if (!colon || in == colon)
        return suite_end(c, i);
    size_t end = suite_end(c, colon);
    struct range targets[8];
    size_t n_targets = split_top(c, strip_parens(c, (struct range){i + 1, in}), ",", NULL, targets, 8);
    int ok, pairs = 0;
    struct range items[MAX_ITEMS], values[MAX_ITEMS];
    size_t n = elements_of(c, (struct range){in + 1, colon}, items, MAX_ITEMS, &ok);
    if (!ok)
        n = dict_elements(c, (struct range){in + 1, colon}, items, values, MAX_ITEMS, &ok, &pairs);
    int jumps = body_has(c, colon, end, "break") || body_has(c, colon, end, "continue");
    size_t base = c->n_env;
    for (size_t t = 0; t < n_targets; t++)
        if (targets[t].e == targets[t].b + 1)
            bind(c, tk(c, targets[t].b), B_UNKNOWN, (struct range){0, 0});
    if (!ok || jumps) {
        read_loop_body(c, colon, OPF_MAYBE, !ok);
    } else {
        for (size_t k = 0; k < n && !c->stop; k++) {
            struct range parts[8];
            size_t n_parts = 1;
            parts[0] = items[k];
            if (pairs) {
                parts[1] = values[k];
                n_parts = 2;
            } else if (n_targets > 1) {
                int tuple_ok;
                n_parts = elements_of(c, items[k], parts, 8, &tuple_ok);
                if (!tuple_ok)
                    n_parts = 0;
            }
            for (size_t t = 0; t < n_targets; t++)
                if (targets[t].e == targets[t].b + 1)
                    bind(c, tk(c, targets[t].b), n_parts == n_targets ? B_EXPR : B_UNKNOWN,
                         n_parts == n_targets ? parts[t] : (struct range){0, 0});
            read_loop_body(c, colon, 0, 0);
        }
    }
    c->n_env = base > c->n_env ? c->n_env : base;
    if (is_name(c, end, "else")) {
        size_t colon2 = header_colon(c, end);
        return colon2 ? walk_suite(c, colon2, 0) : suite_end(c, end);
    }
    return end;
}

/* The table and schema of op.batch_alter_table(...) (NULL when not literal). */
static void batch_target(struct ctx *c, const struct callx *k, char **table, char **schema)
{
    struct call_args a;
    split_args(c, k->open, k->close, &a);
    struct range v;
    int conv;
    *table = arg(&a, 0, "table_name", &v) ? str_of(c, v, &conv, 0) : NULL;
    *schema = arg(&a, 1, "schema", &v) && !is_none(c, v) ? str_of(c, v, &conv, 0) : NULL;
}

/* with ITEM[ as NAME], ...: */
static size_t read_with(struct ctx *c, size_t i)
{
    size_t colon = header_colon(c, i);
    if (!colon)
        return suite_end(c, i);
    struct range item = {i + 1, colon};
    size_t as = item.b;
    while (as < colon && !is_name(c, as, "as"))
        as++;
    struct callx k;
    struct range expr = {item.b, as};
    if (call_of(c, expr, &k) && callee_is(c, &k, "batch_alter_table") && k.recv.e == k.recv.b + 1 &&
        is_name(c, k.recv.b, "op") && as + 2 == colon && tk(c, as + 1)->kind == TOK_NAME) {
        char *table, *schema;
        batch_target(c, &k, &table, &schema);
        const struct token *saved_alias = c->batch_alias;
        char *saved_table = c->batch_table, *saved_schema = c->batch_schema;
        c->batch_alias = tk(c, as + 1);
        c->batch_table = final_name(table, 0);
        c->batch_schema = schema;
        size_t next = walk_suite(c, colon, 0);
        free(c->batch_table);
        free(c->batch_schema);
        c->batch_alias = saved_alias;
        c->batch_table = saved_table;
        c->batch_schema = saved_schema;
        return next;
    }
    if (call_of(c, expr, &k) && callee_is(c, &k, "autocommit_block"))
        return walk_suite(c, colon, 0);
    /* Context managers that never swallow an error: the body ran whole, or
     * the migration failed (manila: `with sa.orm.Session(bind=...) as
     * session:` around op.add_column). Others (contextlib.suppress, the
     * application's own) may end the body early unseen. */
    if (call_of(c, expr, &k) && (callee_is(c, &k, "Session") || callee_is(c, &k, "begin") ||
                                 callee_is(c, &k, "begin_nested") || callee_is(c, &k, "connect")))
        return walk_suite(c, colon, 0);
    return walk_suite(c, colon, OPF_MAYBE);
}

static struct func *find_func(struct ctx *c, const struct token *name)
{
    for (size_t i = c->n_funcs; i-- > 0;)
        if (same_name(c->funcs[i].name, name))
            return &c->funcs[i];
    return NULL;
}

/* def NAME(...): remembered so calls to it can be followed. */
static size_t read_def(struct ctx *c, size_t i)
{
    size_t colon = header_colon(c, i);
    if (!colon)
        return suite_end(c, i);
    if (tk(c, i + 1)->kind == TOK_NAME && is_op(c, i + 2, "(") && c->n_funcs < MAX_FUNCS) {
        size_t close = closing(c, i + 2, colon);
        if (close)
            c->funcs[c->n_funcs++] = (struct func){tk(c, i + 1), i + 2, close, colon + 1};
    }
    return suite_end(c, colon);
}

/* The expression of a function whose body is one `return EXPR` (a
 * docstring and assignments to plain names before it allowed: keep's
 * `bind = op.get_bind()` then `return bind.engine.name == "sqlite"`; a
 * dialect test reads the same whatever the name holds), or 0. */
static int single_return(const struct ctx *c, const struct func *f, struct range *expr)
{
    size_t i = f->body;
    if (tk(c, i)->kind == TOK_NEWLINE && tk(c, i + 1)->kind == TOK_INDENT)
        i += 2;
    if (tk(c, i)->kind == TOK_STRING && tk(c, i + 1)->kind == TOK_NEWLINE)
        i += 2;
    while (f->body < i && tk(c, i)->kind == TOK_NAME && is_op(c, i + 1, "=")) {
        while (tk(c, i)->kind != TOK_NEWLINE && tk(c, i)->kind != TOK_END)
            i++;
        if (tk(c, i)->kind == TOK_END)
            return 0;
        i++;
    }
    if (!is_name(c, i, "return"))
        return 0;
    size_t e = i + 1;
    while (tk(c, e)->kind != TOK_NEWLINE && tk(c, e)->kind != TOK_END)
        e++;
    if (e == i + 1 || tk(c, e)->kind != TOK_NEWLINE)
        return 0;
    /* Nothing after it in the body: the next token closes the block, or
     * starts the next statement of a one-line def's module. */
    if (f->body < i && tk(c, f->body)->kind == TOK_NEWLINE && tk(c, e + 1)->kind != TOK_DEDENT)
        return 0;
    *expr = (struct range){i + 1, e};
    return 1;
}

static void bind_params(struct ctx *c, const struct func *f, const struct callx *x);

/* A condition that calls a same-file predicate, `if _is_pg(conn):` with
 * `def _is_pg(conn): return conn.dialect.name == "postgresql"` (dify, 77
 * revisions): its one return expression, with the parameters bound to the
 * call's arguments. -1 for anything else. */
static int helper_cond(struct ctx *c, struct range r, int hops)
{
    struct callx k;
    if (!call_of(c, r, &k) || k.recv.b != k.recv.e || k.close + 1 != r.e || c->depth >= MAX_CALL_DEPTH)
        return -1;
    const struct func *f = find_func(c, tk(c, k.callee));
    struct range ret;
    if (!f || !single_return(c, f, &ret))
        return -1;
    size_t saved_scope = c->scope, saved_n = c->n_env;
    bind_params(c, f, &k);
    c->depth++;
    int v = cond_of(c, ret, hops + 1);
    c->depth--;
    c->scope = saved_scope;
    c->n_env = saved_n;
    return v;
}

/* Opens the helper's scope with its parameters bound to the call's
 * arguments, resolved in the caller's scope first. */
static void bind_params(struct ctx *c, const struct func *f, const struct callx *x)
{
    struct call_args args;
    const struct call_args *a = &args;
    split_args(c, x->open, x->close, &args);
    struct range params[MAX_ARGS];
    size_t n = split_top(c, (struct range){f->open + 1, f->close}, ",", NULL, params, MAX_ARGS);
    struct binding values[MAX_ARGS];
    size_t n_values = 0, pos = 0;
    for (size_t p = 0; p < n; p++) {
        struct range r = params[p];
        if (r.b >= r.e || tk(c, r.b)->kind != TOK_NAME)
            continue; /* *args, **kw, / and * markers */
        const struct token *name = tk(c, r.b);
        struct range value = {0, 0};
        int have = 0;
        for (size_t k = 0; k < a->n_kw && !have; k++) {
            if (same_name(a->kwn[k], name)) {
                value = a->kwv[k];
                have = 1;
            }
        }
        if (!have && pos < a->n_pos) {
            value = a->pos[pos++];
            have = 1;
        }
        size_t eq = r.b + 1;
        while (eq < r.e && !is_op(c, eq, "="))
            eq++;
        if (!have && eq < r.e) {
            value = (struct range){eq + 1, r.e}; /* the default */
            have = 1;
        }
        enum bind_kind kind = B_UNKNOWN;
        if (have)
            value = resolve(c, value, &kind);
        values[n_values++] = (struct binding){name, have ? kind : B_UNKNOWN, value, 0};
    }
    c->scope = c->n_env;
    for (size_t i = 0; i < n_values; i++)
        bind(c, values[i].name, values[i].kind, values[i].r);
}

/* Follows a call to a same-file function. */
static void follow(struct ctx *c, const struct func *f, const struct callx *x, struct range whole)
{
    int line = tk(c, x->callee)->line;
    if (c->depth >= MAX_CALL_DEPTH) {
        unreadable(c, whole, line, "%s calls helpers too deeply to follow", "a statement");
        return;
    }
    size_t saved_scope = c->scope, saved_n = c->n_env;
    const struct token *saved_alias = c->batch_alias;
    unsigned saved_tail = c->tail_maybe;
    bind_params(c, f, x);
    c->batch_alias = NULL;
    c->depth++;
    walk_suite(c, f->body - 1, 0);
    c->depth--;
    c->stop = 0;
    c->tail_maybe = saved_tail;
    c->batch_alias = saved_alias;
    c->scope = saved_scope;
    c->n_env = saved_n;
}

/* Receivers whose methods read or build data. */
static int data_root(struct ctx *c, struct range recv)
{
    if (recv.b >= recv.e)
        return 0;
    const struct binding *b = tk(c, recv.b)->kind == TOK_NAME ? lookup(c, tk(c, recv.b)) : NULL;
    if (b && b->kind == B_HANDLE)
        return 1;
    int has_call = 0;
    for (size_t i = recv.b; i < recv.e; i++)
        has_call |= is_op(c, i, "(");
    return has_call && data_expr(c, recv);
}

/* X.create(bind) / X.drop(bind) of an enum type. */
static int read_type_ddl(struct ctx *c, const struct callx *x)
{
    int create = callee_is(c, x, "create");
    if (!create && !callee_is(c, x, "drop"))
        return 0;
    struct type_info t;
    type_of(c, x->recv, &t, 0);
    int done = 0;
    if (t.enum_name) {
        struct call_args a;
        split_args(c, x->open, x->close, &a);
        struct range v;
        /* postgresql.ENUM.create checks first by default, sa.Enum's does not */
        int checkfirst = kwarg(&a, "checkfirst", &v) ? bool_of(c, v) : strcmp(t.sa, "ENUM") == 0;
        unsigned flags = checkfirst == 0 ? 0 : create ? OPF_IF_NOT_EXISTS : OPF_IF_EXISTS;
        char *attrs = NULL;
        if (create)
            attrs_set(&attrs, "values", t.enum_values);
        emit(c, create ? OP_CREATE : OP_DROP, OBJ_TYPE, t.enum_schema, NULL, t.enum_name, NULL, attrs, flags,
             tk(c, x->callee)->line);
        free(attrs);
        done = 1;
    }
    type_info_free(&t);
    return done;
}

static int is_log_root(const struct ctx *c, size_t i)
{
    static const char *const roots[] = {"print", "logger", "log", "logging", "LOG", "LOGGER", "warnings", "click"};
    return in_list(c, i, roots, sizeof roots / sizeof roots[0]);
}

/* Whether x is a call of op (or of the batch's alias, or of a function
 * imported from alembic.op). */
static int calls_op(const struct ctx *c, const struct callx *x)
{
    if (x->recv.b == x->recv.e)
        return name_in(c->op_names, c->n_op_names, tk(c, x->callee));
    return x->recv.e == x->recv.b + 1 &&
           (is_name(c, x->recv.b, "op") || (c->batch_alias && same_name(tk(c, x->recv.b), c->batch_alias)));
}

/* `later.append(lambda: op.alter_column(...))`: the op runs when the list's
 * functions are called, if they are (seen: pycroft, `for f in later: f()`):
 * read as code that may run, instead of a statement touching every name it
 * spells. */
static int read_deferred_op(struct ctx *c, const struct callx *x, struct range whole)
{
    if (!callee_is(c, x, "append") || x->recv.b == x->recv.e)
        return 0;
    struct call_args a;
    split_args(c, x->open, x->close, &a);
    if (a.n_pos != 1 || a.n_kw || a.starred)
        return 0;
    struct range v = a.pos[0];
    struct callx inner;
    if (!(v.e > v.b + 2 && is_name(c, v.b, "lambda") && is_op(c, v.b + 1, ":")) ||
        !call_of(c, (struct range){v.b + 2, v.e}, &inner) || !calls_op(c, &inner))
        return 0;
    unsigned saved = c->maybe;
    c->maybe = OPF_MAYBE;
    handle_call(c, &inner, whole);
    c->maybe = saved;
    return 1;
}

/* An expression whose value may be an effect: a call of some kind. */
static void read_expr(struct ctx *c, struct range r, struct range whole)
{
    int line = tk(c, r.b)->line;
    struct callx x;
    if (!call_of(c, r, &x)) {
        /* no call at the end: pure unless it calls something inside */
        if (!data_expr(c, r))
            unreadable(c, whole, line, "a statement starting '%s' is not one the model reads", "expression");
        return;
    }
    if (calls_op(c, &x)) {
        handle_call(c, &x, whole);
        return;
    }
    if (read_deferred_op(c, &x, whole))
        return;
    if (is_log_root(c, r.b))
        return;
    if (x.recv.b == x.recv.e) {
        const struct func *f = find_func(c, tk(c, x.callee));
        if (f) {
            follow(c, f, &x, whole);
            return;
        }
    }
    if (callee_is(c, &x, "execute") || callee_is(c, &x, "exec_driver_sql")) {
        if (x.recv.b < x.recv.e && data_root(c, x.recv)) {
            struct call_args a;
            split_args(c, x.open, x.close, &a);
            if (a.n_pos >= 1)
                read_sql(c, whole, a.pos[0], line, "execute");
            else
                unreadable(c, whole, line, "%s runs SQL the gate cannot read", "execute");
            return;
        }
    }
    if (read_type_ddl(c, &x))
        return;
    if (data_expr(c, r)) {
        if (writes_data(c, r))
            make_opaque(c, line, "%s changes data, which the catalog model does not observe", "a statement");
        return;
    }
    char what[48];
    snprintf(what, sizeof what, "%.*s", (int)(tk(c, x.callee)->len > 40 ? 40 : tk(c, x.callee)->len),
             tk(c, x.callee)->start);
    unreadable(c, whole, line, "a call to %s is not one the model reads", what);
}

/* NAME = EXPR (also annotated, augmented and tuple targets). */
static void read_assignment(struct ctx *c, struct range whole, size_t eq)
{
    struct range target = {whole.b, eq};
    struct range value = {eq + 1, whole.e};
    if (is_op(c, eq, ":")) {
        /* NAME: TYPE = EXPR */
        size_t e2 = eq;
        while (e2 < whole.e && !is_op(c, e2, "="))
            e2++;
        target.e = eq;
        value.b = e2 + 1;
        if (e2 == whole.e)
            return; /* an annotation alone */
    }
    int single = target.e == target.b + 1 && tk(c, target.b)->kind == TOK_NAME;
    if (single && value.e > value.b + 2 && is_name(c, value.b, "lambda") && is_op(c, value.b + 1, ":")) {
        bind_thunk(c, tk(c, target.b), (struct range){value.b + 2, value.e});
        return;
    }
    enum bind_kind kind = B_UNKNOWN;
    struct callx x;
    int is_call = call_of(c, value, &x);
    if (is_dialect_expr(c, value)) {
        kind = B_DIALECT;
    } else if (is_url_expr(c, value)) {
        kind = B_URL;
    } else if (!is_call && data_expr(c, value)) {
        kind = B_EXPR; /* pure: literals, names, operators */
    } else if (is_call && ((x.recv.e == x.recv.b + 1 && is_name(c, x.recv.b, "op")) ||
                           (c->batch_alias && x.recv.e == x.recv.b + 1 && same_name(tk(c, x.recv.b), c->batch_alias)))) {
        if (callee_is(c, &x, "f") || callee_is(c, &x, "inline_literal"))
            kind = B_EXPR;
        else if (callee_is(c, &x, "get_bind") || callee_is(c, &x, "get_context"))
            kind = B_HANDLE;
        else
            read_expr(c, value, whole);
    } else if (is_call && callee_is(c, &x, "get_context") && x.recv.e == x.recv.b + 1 &&
               is_name(c, x.recv.b, "context")) {
        kind = B_HANDLE;
    } else if (is_call && (callee_is(c, &x, "execute") || callee_is(c, &x, "create") || callee_is(c, &x, "drop") ||
                           (x.recv.b == x.recv.e && find_func(c, tk(c, x.callee))))) {
        read_expr(c, value, whole);
    } else if (data_expr(c, value)) {
        if (writes_data(c, value))
            make_opaque(c, tk(c, value.b)->line, "%s changes data, which the catalog model does not observe",
                        "a statement");
        /* a constructed object (sa.Column, an ENUM, a table) is read where it is used */
        kind = is_call && (callee_is(c, &x, "inspect") || callee_is(c, &x, "Session") ||
                           callee_is(c, &x, "from_engine") || callee_is(c, &x, "table") ||
                           callee_is(c, &x, "Table") || callee_is(c, &x, "MetaData"))
                   ? B_HANDLE
                   : B_EXPR;
        if (kind == B_EXPR && is_call && x.recv.b < x.recv.e && data_root(c, x.recv))
            kind = B_HANDLE;
    } else {
        read_expr(c, value, whole);
    }
    /* A handle keeps its value too, for is_connection. */
    if (single)
        bind(c, tk(c, target.b), kind, kind == B_EXPR || kind == B_HANDLE ? value : (struct range){0, 0});
    else
        for (size_t i = target.b; i < target.e; i++)
            if (tk(c, i)->kind == TOK_NAME && !(i > target.b && is_op(c, i - 1, ".")))
                bind(c, tk(c, i), B_UNKNOWN, (struct range){0, 0});
}

/* A value a statement may change in place: `names.append(...)`,
 * `del names[0]`, `names[0] = ...`. The name's value is
 * unknown from there on: a loop over it must not read the literal it was
 * bound to (glance's `table_names = []` filled with append). Connections and
 * other handles keep their binding: their methods read or write data. */
static void forget_mutated(struct ctx *c, size_t i)
{
    if (tk(c, i)->kind != TOK_NAME || (i > 0 && is_op(c, i - 1, ".")))
        return;
    struct binding *b = lookup(c, tk(c, i));
    if (b && b->kind == B_EXPR && !b->thunk)
        bind(c, tk(c, i), B_UNKNOWN, (struct range){0, 0});
}

/* `+=`, `|=` and the other augmented assignments. */
static int is_augmented(const struct ctx *c, size_t i)
{
    const struct token *t = tk(c, i);
    return t->kind == TOK_OP && t->len >= 2 && t->start[t->len - 1] == '=' && !is_op(c, i, "==") &&
           !is_op(c, i, "!=") && !is_op(c, i, "<=") && !is_op(c, i, ">=");
}

/* Whether tokens i.. are `NAME.method(` with a method that changes a list,
 * dict or set in place (an enum's create() or drop() changes nothing of it). */
static int calls_mutator(struct ctx *c, size_t i)
{
    static const char *const mutators[] = {"append", "extend", "insert", "remove", "pop", "clear", "update",
                                           "setdefault", "add", "discard", "sort", "reverse", "popitem"};
    /* Bound names first: `op.create_table(` is most statements, and op is not one. */
    return tk(c, i)->kind == TOK_NAME && is_op(c, i + 1, ".") && is_op(c, i + 3, "(") && lookup(c, tk(c, i)) &&
           in_list(c, i + 2, mutators, sizeof mutators / sizeof mutators[0]);
}

/* Module-level code the reader skips (a compound statement, a statement
 * that is not `NAME = value`) may still assign or change a name that
 * upgrade() reads: each name it assigns, augments, subscripts or calls a
 * method of is forgotten. */
static void forget_assigned_in(struct ctx *c, size_t b, size_t e)
{
    int del = is_name(c, b, "del");
    for (size_t i = b; i < e; i++)
        if (tk(c, i)->kind == TOK_NAME &&
            (del || is_op(c, i + 1, "=") || is_augmented(c, i + 1) || is_op(c, i + 1, "[") || calls_mutator(c, i)))
            forget_mutated(c, i);
}

/* One simple statement [r.b, r.e). */
static void read_simple(struct ctx *c, struct range r)
{
    if (c->budget == 0) {
        make_opaque(c, tk(c, r.b)->line, "%s: too many statements to read", "upgrade()");
        return;
    }
    c->budget--;
    if (is_name(c, r.b, "del")) {
        forget_assigned_in(c, r.b, r.e);
        return;
    }
    note_import(c, r);
    static const char *const no_effect[] = {"pass", "import", "from", "global", "nonlocal", "assert",
                                            "raise", "break", "continue"};
    if (in_list(c, r.b, no_effect, sizeof no_effect / sizeof no_effect[0]) || is_op(c, r.b, "..."))
        return;
    char *doc = string_literal(c, r);
    if (doc) {
        free(doc);
        return; /* a docstring */
    }
    if (is_name(c, r.b, "return")) {
        if (c->maybe && !c->tail_maybe && c->if_test.e > c->if_test.b && !c->out->guard)
            note_guard(c, c->if_test);
        if (c->maybe)
            c->tail_maybe = OPF_MAYBE; /* the rest of the function may not run */
        else
            c->stop = 1;
        return;
    }
    int depth = 0;
    for (size_t i = r.b; i < r.e; i++) {
        if (is_open(tk(c, i)))
            depth++;
        else if (is_close(tk(c, i)))
            depth--;
        else if (depth == 0 && (is_op(c, i, "=") || (is_op(c, i, ":") && i == r.b + 1))) {
            read_assignment(c, r, i);
            return;
        } else if (depth == 0 && is_augmented(c, i)) {
            /* x += y: the target's value becomes unknown */
            if (tk(c, r.b)->kind == TOK_NAME && i == r.b + 1)
                bind(c, tk(c, r.b), B_UNKNOWN, (struct range){0, 0});
            read_expr(c, (struct range){i + 1, r.e}, r);
            return;
        }
    }
    read_expr(c, r, r);
    if (calls_mutator(c, r.b))
        forget_mutated(c, r.b);
}

/* One statement at i; returns the index of the next. */
static size_t read_statement(struct ctx *c, size_t i)
{
    static const struct {
        const char *word;
        size_t (*fn)(struct ctx *, size_t);
    } compound[] = {{"if", read_if}, {"for", read_for}, {"try", read_try}, {"with", read_with}, {"def", read_def}};
    if (is_name(c, i, "async"))
        i++;
    for (size_t k = 0; k < sizeof compound / sizeof compound[0]; k++)
        if (is_name(c, i, compound[k].word))
            return compound[k].fn(c, i);
    if (is_name(c, i, "while")) {
        size_t colon = header_colon(c, i);
        return colon ? read_loop_body(c, colon, OPF_MAYBE, 1) : suite_end(c, i);
    }
    if (is_match_statement(c, i))
        return read_match(c, i);
    if (is_op(c, i, "@")) { /* a decorator line: the def or class follows */
        size_t end = statement_end(c, i);
        return tk(c, end)->kind == TOK_END ? end : end + 1;
    }
    if (is_name(c, i, "class")) {
        size_t colon = header_colon(c, i);
        return colon ? suite_end(c, colon) : suite_end(c, i);
    }
    size_t start = i;
    for (;;) {
        size_t end = statement_end(c, start);
        if (end > start && !c->stop)
            read_simple(c, (struct range){start, end});
        if (!is_op(c, end, ";") || tk(c, end + 1)->kind == TOK_NEWLINE) {
            if (is_op(c, end, ";"))
                end++;
            return tk(c, end)->kind == TOK_END ? end : end + 1;
        }
        start = end + 1;
    }
}

/* The statements of the block at i (an INDENT) up to its DEDENT. */
static size_t walk_block(struct ctx *c, size_t i)
{
    if (tk(c, i)->kind != TOK_INDENT)
        return i;
    i++;
    while (tk(c, i)->kind != TOK_DEDENT && tk(c, i)->kind != TOK_END) {
        if (tk(c, i)->kind == TOK_NEWLINE) {
            i++;
            continue;
        }
        if (c->stop) {
            /* after a return: skip to this block's DEDENT */
            int depth = 0;
            while (tk(c, i)->kind != TOK_END && !(tk(c, i)->kind == TOK_DEDENT && depth == 0)) {
                depth += tk(c, i)->kind == TOK_INDENT;
                depth -= tk(c, i)->kind == TOK_DEDENT;
                i++;
            }
            break;
        }
        i = read_statement(c, i);
    }
    return tk(c, i)->kind == TOK_DEDENT ? i + 1 : i;
}

/* Does the statement from i to end name the migration's connection? */
static int mentions_op(const struct ctx *c, size_t i, size_t end)
{
    for (; i < end && tk(c, i)->kind != TOK_END; i++)
        if (is_name(c, i, "op") || is_name(c, i, "get_bind"))
            return 1;
    return 0;
}

/* A module-level statement that uses op runs whenever Alembic loads the
 * scripts: what it creates may exist at any revision. Only its creates are
 * kept (flagged OPF_AT_IMPORT); anything else it might do, and whatever the
 * reader could not read in it, is left out rather than charged to the
 * revision. Returns the index after the statement. */
static size_t read_import_time(struct ctx *c, size_t i)
{
    size_t before = c->out->n_ops;
    int opaque = c->opaque;
    char *reason = c->out->opaque_reason;
    c->at_import = OPF_AT_IMPORT;
    size_t next = read_statement(c, i);
    c->at_import = 0;
    if (c->out->opaque_reason != reason) {
        free(c->out->opaque_reason);
        c->out->opaque_reason = reason;
    }
    c->opaque = opaque;
    c->stop = 0;
    for (size_t k = c->out->n_ops; k-- > before;)
        if (c->out->ops[k].kind != OP_CREATE || !(c->out->ops[k].flags & OPF_AT_IMPORT))
            upgrade_effects_remove(c->out, k);
    return next;
}

/* Module level: names bound to expressions and functions, for upgrade() to
 * use, and the creates of code that runs at import. */
static void read_module(struct ctx *c)
{
    size_t i = 0;
    while (tk(c, i)->kind != TOK_END) {
        if (tk(c, i)->kind == TOK_NEWLINE) {
            i++;
            continue;
        }
        if (is_name(c, i, "def")) {
            i = read_def(c, i);
            continue;
        }
        size_t colon = header_colon(c, i);
        static const char *const compound[] = {"if", "for", "while", "try", "with", "class", "else", "elif",
                                               "except", "finally", "async"};
        if (colon && (is_name(c, i, "try") || is_name(c, i, "with")) && mentions_op(c, i, suite_end(c, colon))) {
            i = read_import_time(c, i);
            continue;
        }
        if (colon && (in_list(c, i, compound, sizeof compound / sizeof compound[0]) || is_match_statement(c, i))) {
            size_t next = suite_end(c, colon);
            forget_assigned_in(c, i, next);
            i = next;
            continue;
        }
        if (tk(c, i)->kind == TOK_INDENT || tk(c, i)->kind == TOK_DEDENT) {
            i++;
            continue;
        }
        size_t end = statement_end(c, i);
        note_import(c, (struct range){i, end});
        if (tk(c, i)->kind == TOK_NAME && (is_op(c, i + 1, ".") || is_op(c, i + 1, "(")) &&
            mentions_op(c, i, end)) {
            i = read_import_time(c, i);
            continue;
        }
        if (tk(c, i)->kind == TOK_NAME && (is_op(c, i + 1, "=") || is_op(c, i + 1, ":"))) {
            size_t eq = i + 1;
            while (eq < end && !is_op(c, eq, "="))
                eq++;
            if (eq < end)
                bind(c, tk(c, i), is_dialect_expr(c, (struct range){eq + 1, end})  ? B_DIALECT
                                  : is_url_expr(c, (struct range){eq + 1, end}) ? B_URL
                                                                               : B_EXPR,
                     (struct range){eq + 1, end});
        } else {
            forget_assigned_in(c, i, end);
        }
        i = tk(c, end)->kind == TOK_END ? end : end + 1;
    }
}

/* Whether upgrade()'s body holds only `pass`, `...` and string literals
 * (SPEC 5's provably empty revision, a merge typically). A body that merely
 * does nothing on PostgreSQL (a dialect branch not taken, a log line) is not:
 * it may change data, and stamping past it unseen would skip it; and SPEC 5
 * names only the literally empty one as applied with its parents (measured:
 * read as empty, manila's MySQL-only revision was stamped in place of its
 * parent, which the measurement counts wrong). */
static int body_is_literally_empty(const struct token_list *tl, size_t body_start)
{
    int depth = 0;
    for (size_t i = body_start; i < tl->n; i++) {
        const struct token *t = &tl->t[i];
        switch (t->kind) {
        case TOK_INDENT:
            depth++;
            break;
        case TOK_DEDENT:
            if (--depth <= 0)
                return 1;
            break;
        case TOK_END:
            return 1;
        case TOK_NEWLINE:
        case TOK_STRING:
            if (t->kind == TOK_NEWLINE && depth == 0 && i > body_start)
                return 1; /* `def upgrade(): pass` on one line ends here */
            break;
        case TOK_NAME:
            if (t->len != 4 || memcmp(t->start, "pass", 4) != 0)
                return 0;
            break;
        case TOK_OP: /* `...`, one token or three */
            for (size_t k = 0; k < t->len; k++)
                if (t->start[k] != '.')
                    return 0;
            break;
        default:
            return 0;
        }
    }
    return 1;
}

void ops_extract(const struct token_list *tl, size_t body_start, struct upgrade_effects *out)
{
    memset(out, 0, sizeof *out);
    if (body_start == (size_t)-1 || body_start >= tl->n || body_start == 0) {
        out->effect = EFFECT_OPAQUE;
        out->opaque_reason = xstrdup("no upgrade() function");
        return;
    }
    /* On the stack: a 20 KiB allocation per script was freed back to the
     * system and faulted in again for the next one (musl's malloc). Only
     * the fields before the arrays are zeroed: clearing 20 KiB per script
     * was a fifth of the time spent reading 1,000 of them. */
    struct ctx ctx_storage;
    struct ctx *c = &ctx_storage;
    memset(c, 0, offsetof(struct ctx, env));
    c->tl = tl;
    c->out = out;
    c->budget = MAX_STATEMENTS;
    read_module(c);
    c->n_module = c->n_env;
    c->scope = c->n_env;
    walk_suite(c, body_start - 1, 0);
    if (c->opaque)
        out->effect = EFFECT_OPAQUE;
    else if (out->n_ops == 0 && body_is_literally_empty(tl, body_start))
        out->effect = EFFECT_EMPTY;
    else if (out->n_ops == 0) {
        out->effect = EFFECT_OPAQUE;
        out->opaque_reason = xstrdup("no schema change visible on PostgreSQL (a branch for another dialect, "
                                     "reads, logging): it may still change data");
    } else {
        out->effect = EFFECT_OBSERVABLE;
    }
}
