/* Unit tests of the inference: graphs and catalogs built by hand, every state
 * of SPEC section 4, and the shapes that make inference hard (branches,
 * merges, drop after create, renames, other schemas, opaque revisions). */
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "exitcode.h"
#include "graph.h"
#include "infer.h"
#include "script.h"
#include "util.h"

/* ---- building scripts by hand ---- */

static struct schema_op *add_op(struct revision *r, enum op_kind kind, const char *schema,
                                const char *table, const char *name, const char *new_name)
{
    r->effects.effect = EFFECT_OBSERVABLE;
    return upgrade_effects_add(&r->effects, kind, schema, table, name, new_name, 0);
}

static void create_table(struct revision *r, const char *schema, const char *table, ...)
{
    struct schema_op *op = add_op(r, OP_CREATE_TABLE, schema, table, NULL, NULL);
    va_list ap;
    va_start(ap, table);
    const char *c;
    op->columns = xcalloc(16, sizeof *op->columns);
    while ((c = va_arg(ap, const char *)) != NULL)
        op->columns[op->n_columns++] = xstrdup(c);
    va_end(ap);
}

static char **strlist(const char *csv, size_t *n)
{
    char **v = xcalloc(8, sizeof *v);
    *n = 0;
    if (!csv)
        return v;
    char *copy = xstrdup(csv);
    for (char *tok = strtok(copy, ","); tok; tok = strtok(NULL, ","))
        v[(*n)++] = xstrdup(tok);
    free(copy);
    return v;
}

/* down: comma-separated parents or NULL for a base; effect: 'o' observable
 * (ops added after), 'e' empty, 'x' opaque. */
static struct revision *rev(struct script_set *s, const char *id, const char *down, char effect)
{
    xgrow(&s->revs, &s->cap, s->n + 1, sizeof *s->revs);
    struct revision *r = &s->revs[s->n++];
    memset(r, 0, sizeof *r);
    r->id = xstrdup(id);
    r->down_revisions = strlist(down, &r->n_down);
    r->depends_on = strlist(NULL, &r->n_depends);
    r->branch_labels = strlist(NULL, &r->n_labels);
    r->path = xasprintf("versions/%s.py", id);
    r->doc = xstrdup("");
    r->effects.effect = effect == 'e' ? EFFECT_EMPTY : effect == 'x' ? EFFECT_OPAQUE : EFFECT_OBSERVABLE;
    return r;
}

struct fixture {
    struct script_set s;
    struct graph g;
    struct catalog cat;
    struct version_record ver;
    struct diagnosis d;
    struct infer_options opt;
    char err[512];
};

static void build(struct fixture *f)
{
    int rc = graph_build(&f->s, 1, REVISION_ID_MAX, &f->g, f->err, sizeof f->err);
    CHECK_INT(rc, 0);
    if (!f->cat.default_schema)
        f->cat.default_schema = xstrdup("public");
}

static void table(struct fixture *f, const char *schema, const char *t, const char *cols)
{
    catalog_add(&f->cat, OBJ_TABLE, schema, t, NULL);
    size_t n;
    char **c = strlist(cols, &n);
    for (size_t i = 0; i < n; i++) {
        catalog_add(&f->cat, OBJ_COLUMN, schema, t, c[i]);
        free(c[i]);
    }
    free(c);
}

static void rows(struct fixture *f, const char *csv)
{
    f->ver.table_exists = 1;
    f->ver.rows = strlist(csv, &f->ver.n);
}

static int diagnose(struct fixture *f)
{
    return infer_diagnose(&f->g, &f->cat, &f->ver, &f->opt, &f->d, f->err, sizeof f->err);
}

static void teardown(struct fixture *f)
{
    diagnosis_free(&f->d);
    catalog_free(&f->cat);
    version_record_free(&f->ver);
    graph_free(&f->g);
    script_set_free(&f->s);
}

static const char *stamped(const struct fixture *f)
{
    static char buf[256];
    buf[0] = '\0';
    for (size_t i = 0; i < f->d.stamp_revs.n; i++) {
        if (i)
            strcat(buf, ",");
        strncat(buf, f->d.stamp_revs.v[i], sizeof buf - strlen(buf) - 2);
    }
    return f->d.stamp ? buf : "(no stamp)";
}

/* r1 users(id,email) + index; r2 add users.name; r3 data-only; r4 posts(id,user_id). */
static void linear(struct fixture *f)
{
    struct revision *r = rev(&f->s, "a1", NULL, 'o');
    create_table(r, NULL, "users", "id", "email", NULL);
    add_op(r, OP_CREATE_INDEX, NULL, "users", "ix_users_email", NULL);
    r = rev(&f->s, "b2", "a1", 'o');
    add_op(r, OP_ADD_COLUMN, NULL, "users", "name", NULL);
    rev(&f->s, "c3", "b2", 'x');
    r = rev(&f->s, "d4", "c3", 'o');
    create_table(r, NULL, "posts", "id", "user_id", NULL);
    build(f);
}

static void catalog_at(struct fixture *f, int level)
{
    if (level >= 1) {
        table(f, "public", "users", level >= 2 ? "id,email,name" : "id,email");
        catalog_add(&f->cat, OBJ_INDEX, "public", "users", "ix_users_email");
    }
    if (level >= 4)
        table(f, "public", "posts", "id,user_id");
}

static void test_fresh(void)
{
    struct fixture f = {0};
    linear(&f);
    table(&f, "public", "unrelated", "x");
    CHECK_INT(diagnose(&f), 0);
    CHECK_STR(gate_state_name(f.d.state), "fresh");
    CHECK(!f.d.stamp);
    CHECK_INT(f.d.exit_code, 0);
    CHECK_INT(f.d.pending, 4);
    teardown(&f);
}

static void test_no_version_at_head(void)
{
    struct fixture f = {0};
    linear(&f);
    catalog_at(&f, 4);
    CHECK_INT(diagnose(&f), 0);
    CHECK_STR(gate_state_name(f.d.state), "no_version");
    CHECK_STR(stamped(&f), "d4");
    CHECK_INT(f.d.pending, 0);
    CHECK(strstr(f.d.message, "stamped d4") != NULL);
    teardown(&f);
}

static void test_no_version_mid_chain(void)
{
    struct fixture f = {0};
    linear(&f);
    catalog_at(&f, 1); /* a1 applied; b2's column absent pins b2 out */
    CHECK_INT(diagnose(&f), 0);
    CHECK_STR(gate_state_name(f.d.state), "no_version");
    CHECK_STR(stamped(&f), "a1");
    CHECK_INT(f.d.pending, 3);
    teardown(&f);
}

static void test_ambiguous_data_migration(void)
{
    struct fixture f = {0};
    linear(&f);
    catalog_at(&f, 2); /* b2 applied, d4 not: was the data-only c3? */
    CHECK_INT(diagnose(&f), 0);
    CHECK_STR(gate_state_name(f.d.state), "ambiguous");
    CHECK(!f.d.stamp);
    CHECK_INT(f.d.exit_code, EXIT_NEEDS_HUMAN);
    CHECK_INT(f.d.n_candidates, 2);
    teardown(&f);

    struct fixture g = {0};
    linear(&g);
    catalog_at(&g, 2);
    g.opt.on_ambiguous = AMBIGUOUS_NEWEST;
    CHECK_INT(diagnose(&g), 0);
    CHECK_STR(gate_state_name(g.d.state), "ambiguous");
    CHECK_STR(stamped(&g), "c3");
    teardown(&g);

    struct fixture h = {0};
    linear(&h);
    catalog_at(&h, 2);
    h.opt.on_ambiguous = AMBIGUOUS_OLDEST;
    CHECK_INT(diagnose(&h), 0);
    CHECK_STR(stamped(&h), "b2");
    teardown(&h);
}

static void test_healthy_with_pending(void)
{
    struct fixture f = {0};
    linear(&f);
    catalog_at(&f, 2);
    rows(&f, "c3"); /* the record settles what the schema cannot */
    CHECK_INT(diagnose(&f), 0);
    CHECK_STR(gate_state_name(f.d.state), "healthy");
    CHECK(!f.d.stamp);
    CHECK_INT(f.d.pending, 1);
    teardown(&f);
}

static void test_healthy_by_prefix(void)
{
    struct fixture f = {0};
    linear(&f);
    catalog_at(&f, 4);
    rows(&f, "d");
    CHECK_INT(diagnose(&f), 0);
    CHECK_STR(gate_state_name(f.d.state), "healthy");
    teardown(&f);
}

static void test_mismatch(void)
{
    struct fixture f = {0};
    linear(&f);
    catalog_at(&f, 4);
    rows(&f, "b2"); /* lags the schema */
    CHECK_INT(diagnose(&f), 0);
    CHECK_STR(gate_state_name(f.d.state), "mismatch");
    CHECK_STR(stamped(&f), "d4");
    CHECK(f.d.contradicting.n >= 1);
    teardown(&f);
}

static void test_invalid_record(void)
{
    struct fixture f = {0};
    linear(&f);
    catalog_at(&f, 4);
    rows(&f, "a1,d4");
    CHECK_INT(diagnose(&f), 0);
    CHECK_STR(gate_state_name(f.d.state), "mismatch");
    CHECK_STR(stamped(&f), "d4");
    teardown(&f);
}

static void test_unknown_version(void)
{
    struct fixture f = {0};
    linear(&f);
    catalog_at(&f, 4);
    rows(&f, "ffffeeee0000");
    CHECK_INT(diagnose(&f), 0);
    CHECK_STR(gate_state_name(f.d.state), "unknown_version");
    CHECK_STR(stamped(&f), "d4");
    teardown(&f);
}

static void test_ahead(void)
{
    struct fixture f = {0};
    linear(&f);
    catalog_at(&f, 4);
    table(&f, "public", "invoices", "id");
    rows(&f, "ffffeeee0000");
    CHECK_INT(diagnose(&f), 0);
    CHECK_STR(gate_state_name(f.d.state), "ahead");
    CHECK(!f.d.stamp);
    CHECK_INT(f.d.extra.n, 1); /* the table; its columns count under it */
    teardown(&f);
}

static void test_unknown_with_extras_is_not_repaired(void)
{
    struct fixture f = {0};
    linear(&f);
    catalog_at(&f, 1);
    table(&f, "public", "invoices", "id");
    rows(&f, "ffffeeee0000");
    CHECK_INT(diagnose(&f), 0);
    CHECK_STR(gate_state_name(f.d.state), "unexplained");
    CHECK(!f.d.stamp);
    CHECK_INT(f.d.exit_code, EXIT_NEEDS_HUMAN);
    teardown(&f);
}

static void test_unexplained(void)
{
    struct fixture f = {0};
    linear(&f);
    table(&f, "public", "users", "id"); /* users without email: no revision leaves it so */
    CHECK_INT(diagnose(&f), 0);
    CHECK_STR(gate_state_name(f.d.state), "unexplained");
    CHECK(f.d.contradicting.n >= 1);
    CHECK(!f.d.stamp);
    teardown(&f);
}

static void test_assume_revision(void)
{
    struct fixture f = {0};
    linear(&f);
    catalog_at(&f, 2);
    char *assume[] = {"b2", NULL};
    f.opt.assume_revisions = assume;
    f.opt.n_assume_revisions = 1;
    CHECK_INT(diagnose(&f), 0);
    CHECK_STR(stamped(&f), "b2");
    teardown(&f);

    struct fixture g = {0};
    linear(&g);
    char *bogus[] = {"nope", NULL};
    g.opt.assume_revisions = bogus;
    g.opt.n_assume_revisions = 1;
    CHECK_INT(diagnose(&g), EXIT_USAGE);
    CHECK(strstr(g.err, "nope") != NULL);
    teardown(&g);

    struct fixture h = {0};
    linear(&h);
    char *nested[] = {"a1", "b2", NULL};
    h.opt.assume_revisions = nested;
    h.opt.n_assume_revisions = 2;
    CHECK_INT(diagnose(&h), EXIT_USAGE);
    teardown(&h);
}

/* base -> (left, right) -> merge (empty) -> after */
static void diamond(struct fixture *f)
{
    struct revision *r = rev(&f->s, "base", NULL, 'o');
    create_table(r, NULL, "core", "id", NULL);
    r = rev(&f->s, "left", "base", 'o');
    create_table(r, NULL, "l", "id", NULL);
    r = rev(&f->s, "right", "base", 'o');
    create_table(r, NULL, "r", "id", NULL);
    rev(&f->s, "merge", "left,right", 'e');
    r = rev(&f->s, "after", "merge", 'o');
    add_op(r, OP_ADD_COLUMN, NULL, "core", "extra", NULL);
    build(f);
}

static void test_merge_is_taken_as_applied(void)
{
    struct fixture f = {0};
    diamond(&f);
    table(&f, "public", "core", "id");
    table(&f, "public", "l", "id");
    table(&f, "public", "r", "id");
    CHECK_INT(diagnose(&f), 0);
    CHECK_STR(gate_state_name(f.d.state), "no_version");
    CHECK_STR(stamped(&f), "merge");
    CHECK_INT(f.d.pending, 1);
    teardown(&f);
}

static void test_branch_tip(void)
{
    struct fixture f = {0};
    diamond(&f);
    table(&f, "public", "core", "id");
    table(&f, "public", "l", "id");
    CHECK_INT(diagnose(&f), 0);
    CHECK_STR(stamped(&f), "left");
    teardown(&f);
}

static void test_two_rows_healthy(void)
{
    struct fixture f = {0};
    diamond(&f);
    table(&f, "public", "core", "id");
    table(&f, "public", "l", "id");
    table(&f, "public", "r", "id");
    rows(&f, "left,right");
    CHECK_INT(diagnose(&f), 0);
    CHECK_STR(gate_state_name(f.d.state), "healthy");
    CHECK_INT(f.d.pending, 2);
    teardown(&f);
}

static void test_drop_after_create_and_rename(void)
{
    struct fixture f = {0};
    struct revision *r = rev(&f.s, "r1", NULL, 'o');
    create_table(r, NULL, "tmp", "id", NULL);
    create_table(r, NULL, "a", "id", "c", NULL);
    r = rev(&f.s, "r2", "r1", 'o');
    add_op(r, OP_DROP_TABLE, NULL, "tmp", NULL, NULL);
    add_op(r, OP_RENAME_TABLE, NULL, "a", NULL, "b");
    r = rev(&f.s, "r3", "r2", 'o');
    add_op(r, OP_RENAME_COLUMN, NULL, "b", "c", "d");
    build(&f);
    table(&f, "public", "b", "id,d");
    CHECK_INT(diagnose(&f), 0);
    CHECK_STR(stamped(&f), "r3");
    teardown(&f);

    struct fixture g = {0};
    r = rev(&g.s, "r1", NULL, 'o');
    create_table(r, NULL, "tmp", "id", NULL);
    create_table(r, NULL, "a", "id", "c", NULL);
    r = rev(&g.s, "r2", "r1", 'o');
    add_op(r, OP_DROP_TABLE, NULL, "tmp", NULL, NULL);
    add_op(r, OP_RENAME_TABLE, NULL, "a", NULL, "b");
    r = rev(&g.s, "r3", "r2", 'o');
    add_op(r, OP_RENAME_COLUMN, NULL, "b", "c", "d");
    build(&g);
    table(&g, "public", "b", "id,c");
    CHECK_INT(diagnose(&g), 0);
    CHECK_STR(stamped(&g), "r2");
    teardown(&g);
}

static void test_other_schema(void)
{
    struct fixture f = {0};
    struct revision *r = rev(&f.s, "s1", NULL, 'o');
    create_table(r, NULL, "users", "id", NULL);
    r = rev(&f.s, "s2", "s1", 'o');
    add_op(r, OP_CREATE_SCHEMA, NULL, NULL, "audit", NULL);
    create_table(r, "audit", "log", "id", "at", NULL);
    build(&f);
    struct strvec schemas = {0};
    infer_touched_schemas(&f.g, "public", &schemas);
    CHECK_INT(schemas.n, 2);
    CHECK(sv_contains(&schemas, "audit"));
    sv_free(&schemas);
    table(&f, "public", "users", "id");
    table(&f, "public", "log", "id,at"); /* same name, wrong schema: does not count */
    CHECK_INT(diagnose(&f), 0);
    CHECK_STR(stamped(&f), "s1");
    teardown(&f);
}

/* A long chain stays linear: every revision adds a column, the database is
 * at the middle. */
static void test_long_chain(void)
{
    struct fixture f = {0};
    char id[32], prev[32];
    struct revision *r = rev(&f.s, "r0", NULL, 'o');
    create_table(r, NULL, "t", "id", NULL);
    catalog_add(&f.cat, OBJ_TABLE, "public", "t", NULL);
    catalog_add(&f.cat, OBJ_COLUMN, "public", "t", "id");
    for (int i = 1; i < 5000; i++) {
        snprintf(id, sizeof id, "r%d", i);
        snprintf(prev, sizeof prev, "r%d", i - 1);
        r = rev(&f.s, id, prev, 'o');
        char col[32];
        snprintf(col, sizeof col, "c%d", i);
        add_op(r, OP_ADD_COLUMN, NULL, "t", col, NULL);
        if (i <= 2500)
            catalog_add(&f.cat, OBJ_COLUMN, "public", "t", col);
    }
    build(&f);
    CHECK_INT(diagnose(&f), 0);
    CHECK_STR(stamped(&f), "r2500");
    CHECK_INT(f.d.pending, 2499);
    teardown(&f);
}

int main(void)
{
    RUN(test_fresh);
    RUN(test_no_version_at_head);
    RUN(test_no_version_mid_chain);
    RUN(test_ambiguous_data_migration);
    RUN(test_healthy_with_pending);
    RUN(test_healthy_by_prefix);
    RUN(test_mismatch);
    RUN(test_invalid_record);
    RUN(test_unknown_version);
    RUN(test_ahead);
    RUN(test_unknown_with_extras_is_not_repaired);
    RUN(test_unexplained);
    RUN(test_assume_revision);
    RUN(test_merge_is_taken_as_applied);
    RUN(test_branch_tip);
    RUN(test_two_rows_healthy);
    RUN(test_drop_after_create_and_rename);
    RUN(test_other_schema);
    RUN(test_long_chain);
    return check_exit();
}
