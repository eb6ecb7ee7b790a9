/* Unit tests of the Python tokenizer, the revision-file reader, discovery
 * and the revision graph: every literal form, every error of SPEC section 3
 * (exit 4), and inputs big enough to show nothing recurses. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "check.h"
#include "exitcode.h"
#include "graph.h"
#include "pytok.h"
#include "script.h"
#include "util.h"

/* One token list for every parse, as scripts_load reuses one for all files. */
static struct token_list shared_tokens;

static int parse(const char *text, struct revision *r, char *err)
{
    return script_parse("versions/x.py", text, strlen(text), &shared_tokens, r, err, 512);
}

static void test_tokens_basic(void)
{
    struct token_list tl = {0};
    char err[256];
    const char *src = "x = (1,\n  'a' \"b\")  # c\nif x:\n    y -> z\n";
    CHECK_INT(pytok_tokenize(src, strlen(src), &tl, err, sizeof err), 0);
    /* x = ( 1 , 'a' "b" ) NEWLINE if x : NEWLINE INDENT y -> z NEWLINE DEDENT END */
    enum tok_kind want[] = {TOK_NAME, TOK_OP, TOK_OP, TOK_NUMBER, TOK_OP, TOK_STRING, TOK_STRING, TOK_OP,
                            TOK_NEWLINE, TOK_NAME, TOK_NAME, TOK_OP, TOK_NEWLINE, TOK_INDENT, TOK_NAME,
                            TOK_OP, TOK_NAME, TOK_NEWLINE, TOK_DEDENT, TOK_END};
    CHECK_INT(tl.n, sizeof want / sizeof want[0]);
    for (size_t i = 0; i < tl.n && i < sizeof want / sizeof want[0]; i++)
        CHECK_INT(tl.t[i].kind, want[i]);
    CHECK(tok_is_op(&tl.t[15], "->"));
    CHECK_STR(tl.t[5].value, "a");
    token_list_free(&tl);
}

static void test_string_forms(void)
{
    struct token_list tl = {0};
    char err[256];
    const char *src = "a = r'\\d' + b'x' + f'{y}' + '''t\nq''' + \"\\x41\\u00e9\\n\" + U'\\N'\n";
    CHECK_INT(pytok_tokenize(src, strlen(src), &tl, err, sizeof err), 0);
    CHECK_STR(tl.t[2].value, "\\d");
    CHECK(tl.t[4].flags & TOKF_BYTES);
    CHECK(tl.t[4].value == NULL);
    CHECK(tl.t[6].flags & TOKF_FSTRING);
    CHECK_STR(tl.t[8].value, "t\nq");
    CHECK_STR(tl.t[10].value, "A\xc3\xa9\n");
    CHECK_STR(tl.t[12].value, "\\N");
    token_list_free(&tl);
}

static void test_token_errors(void)
{
    const char *bad[] = {"x = 'abc\n", "x = '''abc", "x = (1,\n", "x = 1)\n", "if x:\n    a\n  b\n", "a = $\n",
                         "a = `b`\n", "a = 1 \\ b\n"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        struct token_list tl = {0};
        char err[256] = "";
        CHECK_INT(pytok_tokenize(bad[i], strlen(bad[i]), &tl, err, sizeof err), -1);
        CHECK(err[0] >= '1' && err[0] <= '9'); /* "LINE: reason" */
    }
}

/* A list reused after a long file, and after an error, reads the next file
 * exactly as a fresh one does. */
static void test_token_list_reuse(void)
{
    struct token_list reused = {0}, fresh = {0};
    char err[256];
    const char *small = "revision = 'b'  # c\n";
    struct strbuf big = {0};
    for (int i = 0; i < 1000; i++)
        sb_append(&big, "x = 'y' + \"z\"\n");
    CHECK_INT(pytok_tokenize(big.s, big.len, &reused, err, sizeof err), 0);
    CHECK_INT(pytok_tokenize("x = 'abc\n", 9, &reused, err, sizeof err), -1);
    CHECK_INT(pytok_tokenize(big.s, big.len, &reused, err, sizeof err), 0);
    CHECK_INT(pytok_tokenize(small, strlen(small), &reused, err, sizeof err), 0);
    CHECK_INT(pytok_tokenize(small, strlen(small), &fresh, err, sizeof err), 0);
    CHECK_INT(reused.n, fresh.n);
    for (size_t i = 0; i < fresh.n && i < reused.n; i++) {
        CHECK_INT(reused.t[i].kind, fresh.t[i].kind);
        CHECK_INT(reused.t[i].len, fresh.t[i].len);
        CHECK((reused.t[i].value == NULL) == (fresh.t[i].value == NULL));
        if (fresh.t[i].value)
            CHECK_STR(reused.t[i].value, fresh.t[i].value);
    }
    token_list_free(&reused);
    token_list_free(&fresh);
    sb_free(&big);
}

static void test_nesting_is_bounded(void)
{
    struct strbuf b = {0};
    sb_append(&b, "x = ");
    for (int i = 0; i < 100000; i++)
        sb_appendc(&b, '(');
    struct token_list tl = {0};
    char err[256];
    CHECK_INT(pytok_tokenize(b.s, b.len, &tl, err, sizeof err), -1);
    CHECK(strstr(err, "nest") != NULL);
    sb_free(&b);
    /* A long flat file is fine. */
    for (int i = 0; i < 100000; i++)
        sb_append(&b, "x = 'y'\n");
    CHECK_INT(pytok_tokenize(b.s, b.len, &tl, err, sizeof err), 0);
    token_list_free(&tl);
    sb_free(&b);
}

static void test_classic_template(void)
{
    struct revision r;
    char err[512];
    const char *src = "\"\"\"add users\n\nRevision ID: abc\n\"\"\"\nfrom alembic import op\n\n"
                      "revision = 'abc123'\ndown_revision = 'def456'\nbranch_labels = None\ndepends_on = None\n\n"
                      "def upgrade():\n    op.drop_table('t')\n\n\ndef downgrade():\n    pass\n";
    CHECK_INT(parse(src, &r, err), 0);
    CHECK_STR(r.id, "abc123");
    CHECK_INT(r.n_down, 1);
    CHECK_STR(r.down_revisions[0], "def456");
    CHECK_INT(r.n_labels, 0);
    CHECK_STR(r.doc, "add users");
    CHECK_INT(r.revision_line, 7);
    CHECK_INT(r.effects.effect, EFFECT_OBSERVABLE);
    CHECK_INT(r.effects.n_ops, 1);
    revision_free(&r);
}

/* Flask-Migrate's multi-database template: upgrade(engine_name) dispatches
 * to upgrade_<engine>(); the default database's is upgrade_ (funnel). An
 * upgrade_ beside a plain upgrade() is only a function. */
static void test_multi_database_template(void)
{
    struct revision r;
    char err[512];
    const char *src = "revision = 'b2'\ndown_revision = 'a1'\n\n"
                      "def upgrade(engine_name: str = '') -> None:\n"
                      "    globals().get(f'upgrade_{engine_name}', lambda: None)()\n\n"
                      "def upgrade_() -> None:\n    op.drop_table('t')\n\n"
                      "def upgrade_geoname() -> None:\n    op.drop_table('geo')\n";
    CHECK_INT(parse(src, &r, err), 0);
    CHECK_INT(r.effects.effect, EFFECT_OBSERVABLE);
    CHECK_INT(r.effects.n_ops, 1);
    CHECK(r.effects.n_ops == 1 && r.effects.ops[0].table && strcmp(r.effects.ops[0].table, "t") == 0);
    revision_free(&r);
    src = "revision = 'b2'\ndown_revision = 'a1'\n\n"
          "def upgrade():\n    op.drop_table('u')\n\n"
          "def upgrade_():\n    op.drop_table('t')\n";
    CHECK_INT(parse(src, &r, err), 0);
    CHECK(r.effects.n_ops == 1 && r.effects.ops[0].table && strcmp(r.effects.ops[0].table, "u") == 0);
    revision_free(&r);
}

static void test_annotated_template_and_literals(void)
{
    struct revision r;
    char err[512];
    const char *src = "'''Merge'''\nfrom typing import Sequence, Union\n"
                      "revision: str = \"m1\"\n"
                      "down_revision: Union[str, Sequence[str], None] = (\n    'a',  # first\n    \"b\",\n)\n"
                      "branch_labels: Union[str, Sequence[str], None] = ['x']\n"
                      "depends_on: Union[str, Sequence[str], None] = 'c' 'd'\n"
                      "def upgrade() -> None:\n    pass\n";
    CHECK_INT(parse(src, &r, err), 0);
    CHECK_STR(r.id, "m1");
    CHECK_INT(r.n_down, 2);
    CHECK_STR(r.down_revisions[1], "b");
    CHECK_INT(r.n_labels, 1);
    CHECK_STR(r.branch_labels[0], "x");
    CHECK_INT(r.n_depends, 1);
    CHECK_STR(r.depends_on[0], "cd");
    CHECK_STR(r.doc, "Merge");
    CHECK_INT(r.effects.effect, EFFECT_EMPTY);
    revision_free(&r);
    /* A bare tuple and a line continuation; the last assignment wins. */
    const char *src2 = "revision = 'q'\ndown_revision = 'a', 'b'\ndown_revision = \\\n    'z'\ndef upgrade(): pass\n";
    CHECK_INT(parse(src2, &r, err), 0);
    CHECK_INT(r.n_down, 1);
    CHECK_STR(r.down_revisions[0], "z");
    CHECK_STR(r.doc, "");
    CHECK_INT(r.effects.effect, EFFECT_EMPTY);
    revision_free(&r);
}

/* Python's other ways to assign the identifiers, all found in public
 * scripts: statements joined by `;`, chained targets, an unpacking. */
static void test_statement_forms(void)
{
    struct revision r;
    char err[512];
    const char *src = "import sqlalchemy as sa; revision = \"r2\"; down_revision = None;\n"
                      "branch_labels = depends_on = None\n"
                      "def upgrade(): pass\n";
    CHECK_INT(parse(src, &r, err), 0);
    CHECK_STR(r.id, "r2");
    CHECK_INT(r.n_down, 0);
    CHECK_INT(r.n_labels, 0);
    CHECK_INT(r.labels_unread_line, 0);
    CHECK_INT(r.n_depends, 0);
    revision_free(&r);
    src = "revision, down_revision = \"0029\", \"0028\"\nbranch_labels = depends_on = None\n";
    CHECK_INT(parse(src, &r, err), 0);
    CHECK_STR(r.id, "0029");
    CHECK_INT(r.n_down, 1);
    CHECK_STR(r.down_revisions[0], "0028");
    revision_free(&r);
    /* Elements of an unpacking may be None or tuples; chained targets share the value. */
    src = "(revision) = 'x'\nrevision = rev = 'm'\ndown_revision, depends_on = ('a', 'b'), None,\n";
    CHECK_INT(parse(src, &r, err), 0);
    CHECK_STR(r.id, "m");
    CHECK_INT(r.n_down, 2);
    CHECK_STR(r.down_revisions[1], "b");
    CHECK_INT(r.n_depends, 0);
    revision_free(&r);
    /* A `;` after the colon of a compound statement is in its block: not module level. */
    src = "revision = 'k'\nif False: revision = 'no'; down_revision = 'no'\n";
    CHECK_INT(parse(src, &r, err), 0);
    CHECK_STR(r.id, "k");
    CHECK_INT(r.n_down, 0);
    revision_free(&r);
    /* Unpackings that do not give every identifier a literal stay errors:
     * test_non_literals_are_errors. */
}

static void test_non_literals_are_errors(void)
{
    const char *bad[] = {"revision = make_id()\n", "revision = 'a'\ndown_revision = PREV\n",
                         "revision = f'{x}'\n", "revision = None\n", "revision = ('a', 'b')\n",
                         "revision = 'a'\ndepends_on = ['a', 1]\n",
                         /* the other statement forms (test_statement_forms) */
                         "revision, down_revision = ids()\n", "revision, down_revision = 'a'\n",
                         "revision, down_revision = 'a', 'b', 'c'\n", "revision = 'a'; down_revision = PREV\n"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        struct revision r;
        char err[512] = "";
        CHECK_INT(parse(bad[i], &r, err), EXIT_INVALID_SCRIPTS);
        CHECK(strncmp(err, "versions/x.py:", 14) == 0);
        revision_free(&r);
    }
}

static void test_hex_file_name_rule(void)
{
    struct revision r;
    char err[512];
    const char *src = "down_revision = None\ndef upgrade():\n    pass\n";
    CHECK_INT(script_parse("v/0a1b2c.py", src, strlen(src), &shared_tokens, &r, err, sizeof err), 0);
    CHECK_STR(r.id, "0a1b2c");
    revision_free(&r);
    CHECK_INT(script_parse("v/add_users.py", src, strlen(src), &shared_tokens, &r, err, sizeof err), EXIT_INVALID_SCRIPTS);
    CHECK(strstr(err, "no revision variable") != NULL);
    revision_free(&r);
    CHECK_INT(script_parse("v/x.py", "a\0b", 3, &shared_tokens, &r, err, sizeof err), EXIT_INVALID_SCRIPTS);
    revision_free(&r);
}

static void write_file(const char *path, const char *text)
{
    FILE *f = fopen(path, "w");
    fputs(text, f);
    fclose(f);
}

static void test_discovery(void)
{
    char dir[] = "/tmp/ag-scripts-XXXXXX";
    CHECK(mkdtemp(dir) != NULL);
    char *p;
#define FILE_IN(name, text) (p = xasprintf("%s/%s", dir, name), write_file(p, text), free(p))
    p = xasprintf("%s/sub", dir);
    mkdir(p, 0755);
    free(p);
    p = xasprintf("%s/__pycache__", dir);
    mkdir(p, 0755);
    free(p);
    FILE_IN("b_rev.py", "revision = 'b'\ndown_revision = 'a'\n");
    FILE_IN("a_rev.py", "revision = 'a'\ndown_revision = None\n");
    FILE_IN(".#a_rev.py", "garbage (((");
    FILE_IN("__init__.py", "garbage (((");
    FILE_IN("notes.txt", "garbage (((");
    FILE_IN("b_rev.pyc", "garbage (((");
    FILE_IN("sub/c_rev.py", "revision = 'c'\ndown_revision = 'b'\n");
    FILE_IN("__pycache__/d.py", "revision = 'd'\ndown_revision = 'c'\n");
#undef FILE_IN
    char *dirs[] = {dir, NULL};
    struct script_set s;
    char err[512];
    CHECK_INT(scripts_load(dirs, 1, 0, &s, err, sizeof err), 0);
    CHECK_INT(s.n, 2);
    if (s.n == 2) {
        CHECK_STR(s.revs[0].id, "a"); /* sorted by file name */
        CHECK_STR(s.revs[1].id, "b");
    }
    script_set_free(&s);
    CHECK_INT(scripts_load(dirs, 1, 1, &s, err, sizeof err), 0);
    CHECK_INT(s.n, 3); /* sub/ is read, __pycache__ is not */
    script_set_free(&s);
    char *missing[] = {"/nonexistent/versions", NULL};
    CHECK_INT(scripts_load(missing, 1, 0, &s, err, sizeof err), EXIT_CONFIG);
    CHECK(strstr(err, "/nonexistent/versions") != NULL);
    script_set_free(&s);
    char *cmd = xasprintf("rm -rf %s", dir);
    CHECK_INT(system(cmd), 0);
    free(cmd);
}

/* ---- the graph ---- */

static void add_rev(struct script_set *s, const char *id, const char *down1, const char *down2, const char *dep)
{
    xgrow(&s->revs, &s->cap, s->n + 1, sizeof *s->revs);
    struct revision *r = &s->revs[s->n++];
    memset(r, 0, sizeof *r);
    r->id = xstrdup(id);
    r->path = xasprintf("versions/%s.py", id);
    r->doc = xstrdup("");
    r->down_revisions = xcalloc(3, sizeof(char *));
    if (down1)
        r->down_revisions[r->n_down++] = xstrdup(down1);
    if (down2)
        r->down_revisions[r->n_down++] = xstrdup(down2);
    r->depends_on = xcalloc(2, sizeof(char *));
    if (dep)
        r->depends_on[r->n_depends++] = xstrdup(dep);
    r->branch_labels = xcalloc(1, sizeof(char *));
}

static int build(struct script_set *s, int multi, char *err)
{
    struct graph g;
    int rc = graph_build(s, multi, REVISION_ID_MAX, &g, err, 512);
    if (rc == 0)
        graph_free(&g);
    script_set_free(s);
    return rc;
}

static void test_graph_errors(void)
{
    struct script_set s = {0};
    char err[512];
    add_rev(&s, "a", NULL, NULL, NULL);
    add_rev(&s, "a", NULL, NULL, NULL);
    CHECK_INT(build(&s, 0, err), EXIT_INVALID_SCRIPTS);
    CHECK(strstr(err, "also defined") != NULL);
    add_rev(&s, "a", "zzz", NULL, NULL);
    CHECK_INT(build(&s, 0, err), EXIT_INVALID_SCRIPTS);
    CHECK(strstr(err, "zzz") != NULL);
    add_rev(&s, "a", "a", NULL, NULL);
    CHECK_INT(build(&s, 0, err), EXIT_INVALID_SCRIPTS);
    add_rev(&s, "a", "c", NULL, NULL);
    add_rev(&s, "b", "a", NULL, NULL);
    add_rev(&s, "c", "b", NULL, NULL);
    CHECK_INT(build(&s, 0, err), EXIT_INVALID_SCRIPTS);
    CHECK(strstr(err, "cycle") != NULL);
    add_rev(&s, "a", NULL, NULL, NULL);
    add_rev(&s, "b", "a", NULL, NULL);
    add_rev(&s, "c", "a", NULL, NULL);
    CHECK_INT(build(&s, 0, err), EXIT_INVALID_SCRIPTS);
    CHECK(strstr(err, "2 heads") != NULL);
    add_rev(&s, "a", NULL, NULL, NULL);
    add_rev(&s, "b", "a", NULL, NULL);
    add_rev(&s, "c", "a", NULL, NULL);
    CHECK_INT(build(&s, 1, err), 0);
    add_rev(&s, "0123456789abcdef0123456789abcdef0", NULL, NULL, NULL);
    CHECK_INT(build(&s, 0, err), EXIT_INVALID_SCRIPTS);
    CHECK(strstr(err, "VARCHAR(32)") != NULL);
    add_rev(&s, "a-b", NULL, NULL, NULL);
    CHECK_INT(build(&s, 0, err), EXIT_INVALID_SCRIPTS);
    add_rev(&s, "a", NULL, NULL, NULL);
    add_rev(&s, "b", "a", NULL, "nope");
    CHECK_INT(build(&s, 0, err), EXIT_INVALID_SCRIPTS);
    CHECK(strstr(err, "depends_on") != NULL);
}

static void test_graph_lookup_and_heads(void)
{
    struct script_set s = {0};
    char err[512];
    add_rev(&s, "abc111", NULL, NULL, NULL);
    add_rev(&s, "abc222", "abc111", NULL, NULL);
    add_rev(&s, "abd333", "abc111", NULL, NULL);
    add_rev(&s, "m", "abc222", "abd333", NULL);
    struct graph g;
    CHECK_INT(graph_build(&s, 0, REVISION_ID_MAX, &g, err, sizeof err), 0);
    size_t idx;
    CHECK_INT(graph_lookup(&g, "abc2", &idx), LOOKUP_FOUND);
    CHECK_INT(idx, 1);
    CHECK_INT(graph_lookup(&g, "abc", &idx), LOOKUP_AMBIGUOUS);
    CHECK_INT(graph_lookup(&g, "zz", &idx), LOOKUP_MISSING);
    CHECK_INT(g.n_heads, 1);
    unsigned char mark[4] = {0};
    size_t from[] = {1};
    graph_ancestors(&g, from, 1, 0, mark);
    CHECK(mark[0] && mark[1] && !mark[2] && !mark[3]);
    unsigned char in_set[4] = {1, 1, 1, 0};
    size_t heads[4];
    CHECK_INT(graph_set_heads(&g, in_set, heads), 2);
    graph_free(&g);
    script_set_free(&s);
}

/* The order Alembic applies `upgrade heads` from an empty database, as
 * Debian's Alembic 1.8.1 gives it for the same graphs (RevisionMap,
 * iterate_revisions("heads", "base") reversed). */
static char *order_of(struct script_set *s)
{
    struct graph g;
    char err[512];
    struct strbuf b = {0};
    if (graph_build(s, 1, REVISION_ID_MAX, &g, err, sizeof err) == 0) {
        for (size_t k = 0; k < g.n; k++)
            sb_appendf(&b, "%s%s", k ? " " : "", s->revs[g.order[k]].id);
        graph_free(&g);
    }
    script_set_free(s);
    return sb_take(&b);
}

static void test_graph_order_is_alembics(void)
{
    struct script_set s = {0};
    char *o;
    add_rev(&s, "a", NULL, NULL, NULL);
    add_rev(&s, "b", "a", NULL, NULL);
    add_rev(&s, "c", "a", NULL, NULL);
    add_rev(&s, "m", "b", "c", NULL);
    CHECK_STR(o = order_of(&s), "a c b m");
    free(o);
    add_rev(&s, "a", NULL, NULL, NULL);
    add_rev(&s, "b", "a", NULL, NULL);
    add_rev(&s, "c", "b", NULL, NULL);
    add_rev(&s, "d", "a", NULL, NULL);
    add_rev(&s, "e", "d", NULL, NULL);
    add_rev(&s, "m", "c", "e", NULL);
    CHECK_STR(o = order_of(&s), "a d e b c m");
    free(o);
    add_rev(&s, "a", NULL, NULL, NULL);
    add_rev(&s, "b", "a", NULL, NULL);
    add_rev(&s, "c", "a", NULL, NULL);
    CHECK_STR(o = order_of(&s), "a c b");
    free(o);
    add_rev(&s, "a", NULL, NULL, NULL);
    add_rev(&s, "b", "a", NULL, NULL);
    add_rev(&s, "c", "a", NULL, "b");
    CHECK_STR(o = order_of(&s), "a b c");
    free(o);
}

static void test_long_chain_is_linear(void)
{
    struct script_set s = {0};
    char err[512];
    for (int i = 0; i < 100000; i++) {
        char id[16], prev[16];
        snprintf(id, sizeof id, "r%d", i);
        snprintf(prev, sizeof prev, "r%d", i - 1);
        add_rev(&s, id, i ? prev : NULL, NULL, NULL);
    }
    struct graph g;
    CHECK_INT(graph_build(&s, 0, REVISION_ID_MAX, &g, err, sizeof err), 0);
    CHECK_INT(g.n_heads, 1);
    CHECK_INT(g.order[99999], 99999);
    graph_free(&g);
    script_set_free(&s);
}

/* A cut revision (graph.h) must really have every earlier revision as an
 * ancestor and every later one as a descendant: checked by brute force on
 * random graphs, and the expected cuts of a branch merged back. */
static int reaches(const struct graph *g, size_t from, size_t to, unsigned char *seen)
{
    /* Down from `from` through children and dependents, iteratively. */
    size_t *stack = xmalloc((g->n + 1) * sizeof *stack);
    size_t top = 0;
    memset(seen, 0, g->n);
    stack[top++] = from;
    int found = 0;
    while (top && !found) {
        size_t x = stack[--top];
        if (x == to) {
            found = 1;
            break;
        }
        const struct rev_node *nd = &g->nodes[x];
        for (size_t pass = 0; pass < 2; pass++) {
            const size_t *list = pass ? nd->dependents : nd->children;
            size_t cnt = pass ? nd->n_dependents : nd->n_children;
            for (size_t i = 0; i < cnt; i++)
                if (!seen[list[i]]) {
                    seen[list[i]] = 1;
                    stack[top++] = list[i];
                }
        }
    }
    free(stack);
    return found;
}

static void test_cut_revisions(void)
{
    struct script_set s = {0};
    char err[512];
    add_rev(&s, "a", NULL, NULL, NULL);
    add_rev(&s, "b1", "a", NULL, NULL);
    add_rev(&s, "c1", "a", NULL, NULL);
    add_rev(&s, "m", "b1", "c1", NULL);
    add_rev(&s, "d", "m", NULL, NULL);
    struct graph g;
    CHECK_INT(graph_build(&s, 0, REVISION_ID_MAX, &g, err, sizeof err), 0);
    CHECK(g.nodes[0].cut && !g.nodes[1].cut && !g.nodes[2].cut && g.nodes[3].cut && g.nodes[4].cut);
    graph_free(&g);
    script_set_free(&s);

    unsigned seed = 12345;
    for (int round = 0; round < 300; round++) {
        int n = 2 + round % 12;
        for (int i = 0; i < n; i++) {
            char id[16], p1[16], p2[16], dep[16];
            snprintf(id, sizeof id, "r%d", i);
            seed = seed * 1103515245u + 12345u;
            int k1 = i ? (int)((seed >> 8) % (unsigned)(i + 1)) - 1 : -1; /* -1: a base */
            seed = seed * 1103515245u + 12345u;
            int k2 = i > 1 && (seed >> 9) % 4 == 0 ? (int)((seed >> 12) % (unsigned)i) : -1;
            seed = seed * 1103515245u + 12345u;
            int kd = i > 1 && (seed >> 9) % 5 == 0 ? (int)((seed >> 12) % (unsigned)i) : -1;
            if (k1 >= 0 && k1 == k2)
                k2 = -1;
            snprintf(p1, sizeof p1, "r%d", k1);
            snprintf(p2, sizeof p2, "r%d", k2);
            snprintf(dep, sizeof dep, "r%d", kd);
            add_rev(&s, id, k1 >= 0 ? p1 : NULL, k1 >= 0 && k2 >= 0 ? p2 : NULL, kd >= 0 ? dep : NULL);
        }
        CHECK_INT(graph_build(&s, 1, REVISION_ID_MAX, &g, err, sizeof err), 0);
        unsigned char *seen = xcalloc((size_t)n, 1);
        for (size_t c = 0; c < g.n; c++) {
            if (!g.nodes[c].cut)
                continue;
            for (size_t o = 0; o < g.n; o++) {
                if (o == c)
                    continue;
                if (g.nodes[o].topo < g.nodes[c].topo)
                    CHECK(reaches(&g, o, c, seen));
                else
                    CHECK(reaches(&g, c, o, seen));
            }
        }
        /* A chain is all cuts: the walk is never needed there. */
        int chain = 1;
        for (size_t i = 0; i < g.n; i++)
            if (g.nodes[i].n_parents + g.nodes[i].n_deps > 1 || g.nodes[i].n_children + g.nodes[i].n_dependents > 1 ||
                (i && g.nodes[i].n_parents + g.nodes[i].n_deps == 0))
                chain = 0;
        for (size_t i = 0; chain && i < g.n; i++)
            CHECK(g.nodes[i].cut);
        free(seen);
        graph_free(&g);
        script_set_free(&s);
    }
}

int main(void)
{
    RUN(test_tokens_basic);
    RUN(test_string_forms);
    RUN(test_token_errors);
    RUN(test_token_list_reuse);
    RUN(test_nesting_is_bounded);
    RUN(test_classic_template);
    RUN(test_multi_database_template);
    RUN(test_annotated_template_and_literals);
    RUN(test_statement_forms);
    RUN(test_non_literals_are_errors);
    RUN(test_hex_file_name_rule);
    RUN(test_discovery);
    RUN(test_graph_errors);
    RUN(test_graph_lookup_and_heads);
    RUN(test_graph_order_is_alembics);
    RUN(test_long_chain_is_linear);
    RUN(test_cut_revisions);
    token_list_free(&shared_tokens);
    return check_exit();
}
