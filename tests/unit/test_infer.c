/* Unit tests of the inference: graphs and catalogs built by hand, every state
 * of SPEC section 4, and the shapes that make inference hard (branches,
 * merges, drop after create, renames, other schemas, opaque revisions). */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "exitcode.h"
#include "graph.h"
#include "infer.h"
#include "ops.h"
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

/* ---- the generic model: one op per call, built with upgrade_effects_add_obj ---- */

static void gen(struct revision *r, enum op_kind verb, enum obj_kind kind, const char *table, const char *name,
                const char *attrs, unsigned flags)
{
    r->effects.effect = EFFECT_OBSERVABLE;
    upgrade_effects_add_obj(&r->effects, verb, kind, NULL, table, name, NULL, attrs, flags, 0);
}

static void gen_rename(struct revision *r, enum obj_kind kind, const char *table, const char *name,
                       const char *new_name)
{
    r->effects.effect = EFFECT_OBSERVABLE;
    upgrade_effects_add_obj(&r->effects, OP_RENAME, kind, NULL, table, name, new_name, NULL, 0, 0);
}

static void obj(struct fixture *f, enum obj_kind kind, const char *table, const char *name, const char *attrs)
{
    catalog_add_attrs(&f->cat, kind, "public", table, name, attrs);
}

static int listed(const struct strvec *v, const char *needle)
{
    for (size_t i = 0; i < v->n; i++)
        if (strstr(v->v[i], needle))
            return 1;
    return 0;
}

/* r1: t(a, b) with index ix on a; r2: drop column a. */
static void drop_column_fixture(struct fixture *f, const char *ix_cols)
{
    struct revision *r = rev(&f->s, "r1", NULL, 'o');
    create_table(r, NULL, "t", "a", "b", NULL);
    char attrs[64];
    snprintf(attrs, sizeof attrs, "cols=%s\ntable=t", ix_cols);
    gen(r, OP_CREATE, OBJ_INDEX, NULL, "ix", attrs, 0);
    gen(r, OP_CREATE, OBJ_CONSTRAINT, "t", "t_a_key", "cols=a\nctype=u", 0);
    r = rev(&f->s, "r2", "r1", 'o');
    gen(r, OP_DROP, OBJ_COLUMN, "t", "a", NULL, 0);
    r = rev(&f->s, "r3", "r2", 'o');
    create_table(r, NULL, "u", "id", NULL);
    build(f);
}

static void test_drop_column_drops_its_indexes_and_constraints(void)
{
    struct fixture f = {0};
    drop_column_fixture(&f, "a");
    table(&f, "public", "t", "b");
    CHECK_INT(diagnose(&f), 0);
    CHECK_STR(gate_state_name(f.d.state), "no_version");
    CHECK_STR(stamped(&f), "r2");
    teardown(&f);

    /* An index over another column survives the drop: its absence contradicts r2. */
    struct fixture g = {0};
    drop_column_fixture(&g, "b");
    table(&g, "public", "t", "b");
    CHECK_INT(diagnose(&g), 0);
    CHECK_STR(gate_state_name(g.d.state), "unexplained");
    CHECK(listed(&g.d.contradicting, "index public.ix"));
    teardown(&g);

    /* Unknown columns (an expression): neither expected nor absent, but uncertain. */
    struct fixture h = {0};
    drop_column_fixture(&h, "?");
    table(&h, "public", "t", "b");
    CHECK_INT(diagnose(&h), 0);
    CHECK_STR(stamped(&h), "r2");
    CHECK(listed(&h.d.uncertain, "index public.ix"));
    teardown(&h);
}

static void test_drop_table_drops_what_sits_on_it(void)
{
    struct fixture f = {0};
    struct revision *r = rev(&f.s, "r1", NULL, 'o');
    create_table(r, NULL, "keep", "id", NULL);
    create_table(r, NULL, "t", "id", "a", NULL);
    gen(r, OP_CREATE, OBJ_INDEX, NULL, "ix_t_a", "cols=a\ntable=t", 0);
    gen(r, OP_CREATE, OBJ_CONSTRAINT, "t", "t_pkey", "cols=id\nctype=p", 0);
    gen(r, OP_CREATE, OBJ_TRIGGER, "t", "t_audit", NULL, 0);
    gen(r, OP_CREATE, OBJ_SEQUENCE, NULL, "t_id_seq", "table=t", 0);
    gen(r, OP_CREATE, OBJ_SEQUENCE, NULL, "free_seq", NULL, 0);
    r = rev(&f.s, "r2", "r1", 'o');
    gen(r, OP_DROP, OBJ_TABLE, "t", NULL, NULL, 0);
    build(&f);
    table(&f, "public", "keep", "id");
    obj(&f, OBJ_SEQUENCE, NULL, "free_seq", NULL);
    CHECK_INT(diagnose(&f), 0);
    CHECK_STR(stamped(&f), "r2");
    CHECK_INT(f.d.uncertain.n, 0);
    teardown(&f);

    /* A free-standing sequence is not the table's: missing, it contradicts. */
    struct fixture g = {0};
    r = rev(&g.s, "r1", NULL, 'o');
    create_table(r, NULL, "keep", "id", NULL);
    create_table(r, NULL, "t", "id", NULL);
    gen(r, OP_CREATE, OBJ_SEQUENCE, NULL, "free_seq", NULL, 0);
    r = rev(&g.s, "r2", "r1", 'o');
    gen(r, OP_DROP, OBJ_TABLE, "t", NULL, NULL, 0);
    build(&g);
    table(&g, "public", "keep", "id");
    CHECK_INT(diagnose(&g), 0);
    CHECK_STR(gate_state_name(g.d.state), "unexplained");
    teardown(&g);
}

/* r1: t, a view, u with a foreign key to t; r2: drop t (CASCADE or not). */
static void cascade_fixture(struct fixture *f, unsigned flags)
{
    struct revision *r = rev(&f->s, "r1", NULL, 'o');
    create_table(r, NULL, "t", "id", NULL);
    create_table(r, NULL, "u", "id", "t_id", NULL);
    gen(r, OP_CREATE, OBJ_CONSTRAINT, "u", "u_t_id_fkey", "cols=t_id\nctype=f\nrefcols=id\nreftable=public.t", 0);
    gen(r, OP_CREATE, OBJ_VIEW, NULL, "v", NULL, 0);
    r = rev(&f->s, "r2", "r1", 'o');
    gen(r, OP_DROP, OBJ_TABLE, "t", NULL, NULL, flags);
    build(f);
    table(f, "public", "u", "id,t_id");
}

static void test_cascade_makes_dependants_uncertain(void)
{
    struct fixture f = {0};
    cascade_fixture(&f, OPF_CASCADE); /* the view and the foreign key are gone */
    CHECK_INT(diagnose(&f), 0);
    CHECK_STR(stamped(&f), "r2");
    CHECK(listed(&f.d.uncertain, "view public.v"));
    CHECK(listed(&f.d.uncertain, "constraint public.u.u_t_id_fkey"));
    teardown(&f);

    struct fixture g = {0};
    cascade_fixture(&g, OPF_CASCADE); /* or still there: PostgreSQL decides, the model cannot */
    obj(&g, OBJ_VIEW, NULL, "v", NULL);
    obj(&g, OBJ_CONSTRAINT, "u", "u_t_id_fkey", NULL);
    CHECK_INT(diagnose(&g), 0);
    CHECK_STR(stamped(&g), "r2");
    teardown(&g);

    /* Without CASCADE the drop leaves the view expected. */
    struct fixture h = {0};
    cascade_fixture(&h, 0);
    CHECK_INT(diagnose(&h), 0);
    CHECK_STR(gate_state_name(h.d.state), "unexplained");
    CHECK(listed(&h.d.contradicting, "view public.v"));
    teardown(&h);
}

static void test_rename_keeps_index_and_constraint_names(void)
{
    /* Table rename: the index and constraint keep their names and follow. */
    struct fixture f = {0};
    struct revision *r = rev(&f.s, "r1", NULL, 'o');
    create_table(r, NULL, "t", "a", NULL);
    gen(r, OP_CREATE, OBJ_INDEX, NULL, "ix_t_a", "cols=a\ntable=t", 0);
    gen(r, OP_CREATE, OBJ_CONSTRAINT, "t", "t_a_key", "cols=a\nctype=u", 0);
    r = rev(&f.s, "r2", "r1", 'o');
    gen_rename(r, OBJ_TABLE, "t", NULL, "t2");
    r = rev(&f.s, "r3", "r2", 'o');
    gen_rename(r, OBJ_COLUMN, "t2", "a", "b");
    build(&f);
    table(&f, "public", "t2", "b");
    obj(&f, OBJ_INDEX, "t2", "ix_t_a", "cols=b");
    obj(&f, OBJ_CONSTRAINT, "t2", "t_a_key", "cols=b\nctype=u");
    CHECK_INT(diagnose(&f), 0);
    CHECK_STR(stamped(&f), "r3");
    teardown(&f);

    /* At r2 the index is over a: the catalog's cols pin r3 out. */
    struct fixture g = {0};
    r = rev(&g.s, "r1", NULL, 'o');
    create_table(r, NULL, "t", "a", NULL);
    gen(r, OP_CREATE, OBJ_INDEX, NULL, "ix_t_a", "cols=a\ntable=t", 0);
    r = rev(&g.s, "r2", "r1", 'o');
    gen_rename(r, OBJ_TABLE, "t", NULL, "t2");
    r = rev(&g.s, "r3", "r2", 'o');
    gen_rename(r, OBJ_COLUMN, "t2", "a", "b");
    build(&g);
    table(&g, "public", "t2", "a");
    obj(&g, OBJ_INDEX, "t2", "ix_t_a", "cols=a");
    CHECK_INT(diagnose(&g), 0);
    CHECK_STR(stamped(&g), "r2");
    teardown(&g);

    /* An index the catalog shows on the old table name contradicts the rename. */
    struct fixture h = {0};
    r = rev(&h.s, "r1", NULL, 'o');
    create_table(r, NULL, "t", "a", NULL);
    gen(r, OP_CREATE, OBJ_INDEX, NULL, "ix_t_a", "cols=a\ntable=t", 0);
    r = rev(&h.s, "r2", "r1", 'o');
    gen_rename(r, OBJ_TABLE, "t", NULL, "t2");
    build(&h);
    table(&h, "public", "t2", "a");
    obj(&h, OBJ_INDEX, "t", "ix_t_a", "cols=a");
    rows(&h, "r2");
    CHECK_INT(diagnose(&h), 0);
    CHECK_STR(gate_state_name(h.d.state), "drift");
    CHECK(listed(&h.d.contradicting, "table: predicted t2, found t"));
    teardown(&h);
}

/* r1 users; r2 DROP TABLE IF EXISTS migrate_version (no migration creates it); r3 add users.x */
static void if_exists_fixture(struct fixture *f)
{
    struct revision *r = rev(&f->s, "r1", NULL, 'o');
    create_table(r, NULL, "users", "id", NULL);
    r = rev(&f->s, "r2", "r1", 'o');
    gen(r, OP_DROP, OBJ_TABLE, "migrate_version", NULL, NULL, OPF_IF_EXISTS);
    r = rev(&f->s, "r3", "r2", 'o');
    add_op(r, OP_ADD_COLUMN, NULL, "users", "x", NULL);
    build(f);
    table(f, "public", "users", "id");
}

static void test_if_exists_on_unknown_object_is_no_evidence(void)
{
    /* Its absence does not pin r2: r1 and r2 both explain the schema. */
    struct fixture f = {0};
    if_exists_fixture(&f);
    CHECK_INT(diagnose(&f), 0);
    CHECK_STR(gate_state_name(f.d.state), "ambiguous");
    CHECK_INT(f.d.n_candidates, 2);
    teardown(&f);

    /* Nor does its presence: the table may have come back by any other means. */
    struct fixture g = {0};
    if_exists_fixture(&g);
    table(&g, "public", "migrate_version", "version");
    CHECK_INT(diagnose(&g), 0);
    CHECK_STR(gate_state_name(g.d.state), "ambiguous");
    teardown(&g);

    /* A plain drop of a table no migration created: its absence proves nothing either. */
    struct fixture h = {0};
    struct revision *r = rev(&h.s, "r1", NULL, 'o');
    create_table(r, NULL, "users", "id", NULL);
    r = rev(&h.s, "r2", "r1", 'o');
    gen(r, OP_DROP, OBJ_TABLE, "legacy", NULL, NULL, 0);
    build(&h);
    table(&h, "public", "users", "id");
    rows(&h, "r1");
    CHECK_INT(diagnose(&h), 0);
    CHECK_STR(gate_state_name(h.d.state), "healthy");
    teardown(&h);
}

/* Every revision behind `if skip(...): return` (CKAN): taking the guards
 * as not taken leaves one set, which is stamped; when no set is left that
 * way (a guard was taken: r3 ran, r2 did not), the doubt stays. */
static void test_early_return_guards(void)
{
    for (int guard_taken = 0; guard_taken < 2; guard_taken++) {
        struct fixture f = {0};
        struct revision *r = rev(&f.s, "r1", NULL, 'o');
        create_table(r, NULL, "t", "a", NULL);
        r = rev(&f.s, "r2", "r1", 'o');
        gen(r, OP_CREATE, OBJ_COLUMN, "t", "b", NULL, OPF_MAYBE | OPF_GUARDED);
        r = rev(&f.s, "r3", "r2", 'o');
        gen(r, OP_CREATE, OBJ_TABLE, "u", NULL, NULL, OPF_MAYBE | OPF_GUARDED);
        build(&f);
        table(&f, "public", "t", guard_taken ? "a" : "a,b");
        if (guard_taken)
            table(&f, "public", "u", "");
        CHECK_INT(diagnose(&f), 0);
        if (!guard_taken) {
            CHECK_STR(gate_state_name(f.d.state), "no_version");
            CHECK_STR(stamped(&f), "r2");
            CHECK(f.d.message && strstr(f.d.message, "early-return guards of 2 revisions"));
            CHECK_INT(f.d.n_candidates, 1);
        } else {
            CHECK_STR(gate_state_name(f.d.state), "ambiguous");
            CHECK_INT(f.d.exit_code, EXIT_NEEDS_HUMAN);
        }
        teardown(&f);
    }
    /* Only maybe (an undecided if, not a guard): never settled this way. */
    struct fixture g = {0};
    struct revision *r = rev(&g.s, "r1", NULL, 'o');
    create_table(r, NULL, "t", "a", NULL);
    r = rev(&g.s, "r2", "r1", 'o');
    gen(r, OP_CREATE, OBJ_COLUMN, "t", "b", NULL, OPF_MAYBE);
    r = rev(&g.s, "r3", "r2", 'o');
    gen(r, OP_CREATE, OBJ_TABLE, "u", NULL, NULL, OPF_MAYBE);
    build(&g);
    table(&g, "public", "t", "a,b");
    CHECK_INT(diagnose(&g), 0);
    CHECK_STR(gate_state_name(g.d.state), "ambiguous");
    teardown(&g);
}

/* An unnamed constraint (autogenerate's sa.ForeignKeyConstraint) is created
 * under PostgreSQL's name or under a naming convention's: absent under the
 * guessed name is no contradiction, present with other values is (CTFd's
 * foreign keys re-created ON DELETE CASCADE). A create that is maybe for
 * another reason proves nothing either way. */
static void test_guessed_constraint_names(void)
{
    static const char fk_a[] = "cols=p\nctype=f\nondelete=a\nreftable=public.t";
    static const char fk_c[] = "cols=p\nctype=f\nondelete=c\nreftable=public.t";
    for (int only_the_name = 0; only_the_name < 2; only_the_name++) {
        struct fixture f = {0};
        struct revision *r = rev(&f.s, "r1", NULL, 'o');
        create_table(r, NULL, "t", "id", NULL);
        create_table(r, NULL, "u", "p", NULL);
        gen(r, OP_CREATE, OBJ_CONSTRAINT, "u", "u_p_fkey", fk_a,
            only_the_name ? OPF_MAYBE | OPF_NAME_GUESSED : OPF_MAYBE);
        r = rev(&f.s, "r2", "r1", 'o');
        gen(r, OP_DROP, OBJ_CONSTRAINT, "u", "u_p_fkey", NULL, 0);
        gen(r, OP_CREATE, OBJ_CONSTRAINT, "u", "u_p_fkey", fk_c, 0);
        r = rev(&f.s, "r3", "r2", 'o');
        create_table(r, NULL, "v", "id", NULL);
        build(&f);
        table(&f, "public", "t", "id");
        table(&f, "public", "u", "p");
        obj(&f, OBJ_CONSTRAINT, "u", "u_p_fkey", fk_c);
        CHECK_INT(diagnose(&f), 0);
        if (only_the_name) {
            CHECK_STR(gate_state_name(f.d.state), "no_version");
            CHECK_STR(stamped(&f), "r2");
        } else {
            CHECK_STR(gate_state_name(f.d.state), "ambiguous");
        }
        teardown(&f);
    }
    /* Absent under the guessed name (a convention named it): r1 alone. */
    struct fixture g = {0};
    struct revision *r = rev(&g.s, "r1", NULL, 'o');
    create_table(r, NULL, "t", "id", NULL);
    gen(r, OP_CREATE, OBJ_CONSTRAINT, "t", "t_pkey", "cols=id\nctype=p", OPF_MAYBE | OPF_NAME_GUESSED);
    r = rev(&g.s, "r2", "r1", 'o');
    create_table(r, NULL, "v", "id", NULL);
    build(&g);
    table(&g, "public", "t", "id");
    obj(&g, OBJ_CONSTRAINT, "t", "pk_t", "cols=id\nctype=p");
    CHECK_INT(diagnose(&g), 0);
    CHECK_STR(gate_state_name(g.d.state), "no_version");
    CHECK_STR(stamped(&g), "r1");
    teardown(&g);
}

/* Under an early return alone, an unnamed constraint's create keeps its
 * guessed name: once the guard is read as not taken, a foreign key
 * re-created ON DELETE CASCADE under PostgreSQL's name, present without
 * it, shows the revision did not run (letta: `if not settings.pg: return`
 * above every PostgreSQL revision). */
static void test_guarded_guessed_names(void)
{
    static const char fk_a[] = "cols=p\nctype=f\nondelete=a\nreftable=public.t";
    static const char fk_c[] = "cols=p\nctype=f\nondelete=c\nreftable=public.t";
    struct fixture f = {0};
    struct revision *r = rev(&f.s, "r1", NULL, 'o');
    create_table(r, NULL, "t", "id", NULL);
    create_table(r, NULL, "u", "p", NULL);
    gen(r, OP_CREATE, OBJ_CONSTRAINT, "u", "u_p_fkey", fk_a, 0);
    r = rev(&f.s, "r2", "r1", 'o');
    gen(r, OP_DROP, OBJ_CONSTRAINT, "u", "u_p_fkey", NULL, OPF_MAYBE | OPF_GUARDED);
    gen(r, OP_CREATE, OBJ_CONSTRAINT, "u", "u_p_fkey", fk_c, OPF_MAYBE | OPF_GUARDED | OPF_NAME_GUESSED);
    build(&f);
    table(&f, "public", "t", "id");
    table(&f, "public", "u", "p");
    obj(&f, OBJ_CONSTRAINT, "u", "u_p_fkey", fk_a);
    CHECK_INT(diagnose(&f), 0);
    CHECK_STR(gate_state_name(f.d.state), "no_version");
    CHECK_STR(stamped(&f), "r1");
    teardown(&f);
}

/* The early returns read as not taken give each test one value in every
 * revision: a revision returning on the test the others return on the
 * negation of does return, and its guarded ops do not run (letta's one
 * SQLite-only revision among its PostgreSQL ones; read as running, its
 * absent table ruled out it and everything after it). */
static void test_guard_polarity(void)
{
    struct fixture f = {0};
    const unsigned gd = OPF_MAYBE | OPF_GUARDED;
    struct revision *r = rev(&f.s, "r1", NULL, 'o');
    gen(r, OP_CREATE, OBJ_TABLE, "t", NULL, NULL, gd);
    gen(r, OP_CREATE, OBJ_COLUMN, "t", "id", "type=integer", gd);
    r = rev(&f.s, "r2", "r1", 'o');
    gen(r, OP_CREATE, OBJ_COLUMN, "t", "a", "type=integer", gd);
    r = rev(&f.s, "r3", "r2", 'o');
    gen(r, OP_CREATE, OBJ_TABLE, "sqlite_only", NULL, NULL, gd);
    r = rev(&f.s, "r4", "r3", 'o');
    gen(r, OP_CREATE, OBJ_COLUMN, "t", "b", "type=integer", gd);
    for (size_t i = 0; i < f.s.n; i++) {
        f.s.revs[i].effects.guard = xstrdup("settings . pg");
        f.s.revs[i].effects.guard_negated = strcmp(f.s.revs[i].id, "r3") != 0;
    }
    build(&f);
    table(&f, "public", "t", "id,a,b");
    CHECK_INT(diagnose(&f), 0);
    CHECK_STR(gate_state_name(f.d.state), "no_version");
    CHECK_STR(stamped(&f), "r4");
    teardown(&f);
}

/* A naming convention whose template spells the constraint's own name
 * (ck_%(table_name)s_%(constraint_name)s: Airflow, indico) stores the
 * check a script names "positive" as ck_t_positive: that is the script's
 * constraint, not an extra, where the spelt name is missing and the types
 * agree; a database holding both keeps each its own. */
static void test_convention_named_constraints(void)
{
    for (int variant = 0; variant < 3; variant++) {
        struct fixture f = {0};
        struct revision *r = rev(&f.s, "r1", NULL, 'o');
        create_table(r, NULL, "t", "id", "n", NULL);
        gen(r, OP_CREATE, OBJ_CONSTRAINT, "t", "positive", "ctype=c", 0);
        r = rev(&f.s, "r2", "r1", 'o');
        create_table(r, NULL, "v", "id", NULL);
        build(&f);
        table(&f, "public", "t", "id,n");
        table(&f, "public", "v", "id");
        obj(&f, OBJ_CONSTRAINT, "t", "ck_t_positive", variant == 1 ? "ctype=u" : "ctype=c");
        if (variant == 2)
            obj(&f, OBJ_CONSTRAINT, "t", "positive", "ctype=c");
        CHECK_INT(diagnose(&f), 0);
        if (variant == 1) { /* a unique constraint is not the check */
            CHECK(strcmp(gate_state_name(f.d.state), "no_version") != 0);
        } else {
            CHECK_STR(gate_state_name(f.d.state), "no_version");
            CHECK_STR(stamped(&f), "r2");
        }
        CHECK_INT((int)f.d.extra_total, (variant == 0 ? 0 : 1));
        teardown(&f);
    }
}

/* An index renamed (ALTER INDEX ... RENAME TO) still sits on its table:
 * dropping the table drops it under its new name (prefect). */
static void test_renamed_index_dropped_with_its_table(void)
{
    struct fixture f = {0};
    struct revision *r = rev(&f.s, "r1", NULL, 'o');
    create_table(r, NULL, "t", "id,a", NULL);
    create_table(r, NULL, "keep", "id", NULL);
    gen(r, OP_CREATE, OBJ_INDEX, NULL, "ix_a", "cols=a\ntable=t", 0);
    r = rev(&f.s, "r2", "r1", 'o');
    gen_rename(r, OBJ_INDEX, NULL, "ix_a", "ix_b");
    r = rev(&f.s, "r3", "r2", 'o');
    gen(r, OP_DROP, OBJ_TABLE, "t", NULL, NULL, 0);
    build(&f);
    table(&f, "public", "keep", "id");
    CHECK_INT(diagnose(&f), 0);
    CHECK_STR(gate_state_name(f.d.state), "no_version");
    CHECK_STR(stamped(&f), "r3");
    teardown(&f);
}

/* The uncertain objects are listed up to 50 and counted in full. */
static void test_uncertain_counted_past_the_list(void)
{
    struct fixture f = {0};
    struct revision *r = rev(&f.s, "r1", NULL, 'o');
    create_table(r, NULL, "t", "id", NULL);
    char name[16];
    for (int i = 0; i < 60; i++) {
        snprintf(name, sizeof name, "u%d", i);
        gen(r, OP_CREATE, OBJ_TABLE, name, NULL, NULL, OPF_MAYBE);
    }
    build(&f);
    table(&f, "public", "t", "id");
    rows(&f, "r1");
    CHECK_INT(diagnose(&f), 0);
    CHECK_STR(gate_state_name(f.d.state), "healthy");
    CHECK_INT(f.d.uncertain.n, 50);
    CHECK_INT(f.d.uncertain_total, 60);
    teardown(&f);
}

/* A relation no script names in full, holding a name an f-string spelt
 * around a field the gate could not evaluate (fief's f"{table_prefix}audit_logs",
 * touched as "_audit_logs"), may be that script's: not fresh. Unrelated
 * relations leave a database fresh; past the bound of the unmentioned
 * ones named, any may be it. */
static void test_partial_names_not_fresh(void)
{
    for (int variant = 0; variant < 3; variant++) {
        struct fixture f = {0};
        struct revision *r = rev(&f.s, "r1", NULL, 'o');
        gen(r, OP_TOUCH, OBJ_KIND_COUNT, NULL, "_audit_logs", NULL, 0);
        build(&f);
        sv_push(&f.cat.unmentioned, variant == 0 ? "table public.fief_audit_logs" : "table public.other");
        f.cat.unmentioned_total = 1;
        f.cat.unmentioned_truncated = variant == 2;
        CHECK_INT(diagnose(&f), 0);
        if (variant == 1)
            CHECK_STR(gate_state_name(f.d.state), "fresh");
        else
            CHECK(strcmp(gate_state_name(f.d.state), "fresh") != 0);
        teardown(&f);
    }
}

/* A type module-level code creates at every load (FitTrackee) is there
 * whatever the migrations dropped: its presence contradicts nothing, and
 * alone it does not make a database less than fresh. */
static void test_created_at_import(void)
{
    struct fixture f = {0};
    struct revision *r = rev(&f.s, "r1", NULL, 'o');
    create_table(r, NULL, "t", "a", NULL);
    gen(r, OP_CREATE, OBJ_TYPE, NULL, "kind", NULL, OPF_AT_IMPORT | OPF_IF_NOT_EXISTS);
    r = rev(&f.s, "r2", "r1", 'o');
    gen(r, OP_DROP, OBJ_TYPE, NULL, "kind", NULL, 0);
    r = rev(&f.s, "r3", "r2", 'o');
    create_table(r, NULL, "u", "id", NULL);
    build(&f);
    catalog_add(&f.cat, OBJ_TYPE, "public", NULL, "kind");
    CHECK_INT(diagnose(&f), 0);
    CHECK_STR(gate_state_name(f.d.state), "fresh");
    teardown(&f);

    struct fixture g = {0};
    r = rev(&g.s, "r1", NULL, 'o');
    create_table(r, NULL, "t", "a", NULL);
    gen(r, OP_CREATE, OBJ_TYPE, NULL, "kind", NULL, OPF_AT_IMPORT | OPF_IF_NOT_EXISTS);
    r = rev(&g.s, "r2", "r1", 'o');
    gen(r, OP_DROP, OBJ_TYPE, NULL, "kind", NULL, 0);
    r = rev(&g.s, "r3", "r2", 'o');
    create_table(r, NULL, "u", "id", NULL);
    build(&g);
    table(&g, "public", "t", "a");
    table(&g, "public", "u", "id");
    catalog_add(&g.cat, OBJ_TYPE, "public", NULL, "kind");
    CHECK_INT(diagnose(&g), 0);
    CHECK_STR(gate_state_name(g.d.state), "no_version");
    CHECK_STR(stamped(&g), "r3");
    teardown(&g);
}

/* A primary key makes its columns NOT NULL: a column added nullable and
 * then put in a key is NOT NULL after that revision (CKAN's 016). */
static void test_primary_key_sets_not_null(void)
{
    struct fixture f = {0};
    struct revision *r = rev(&f.s, "r1", NULL, 'o');
    create_table(r, NULL, "t", "a", NULL);
    gen(r, OP_CREATE, OBJ_COLUMN, "t", "b", "notnull=f\ntype=text", 0);
    r = rev(&f.s, "r2", "r1", 'o');
    gen(r, OP_CREATE, OBJ_CONSTRAINT, "t", "t_pkey", "cols=a,b\nctype=p", 0);
    build(&f);
    table(&f, "public", "t", "a");
    catalog_add_attrs(&f.cat, OBJ_COLUMN, "public", "t", "b", "notnull=t\ntype=text");
    catalog_add_attrs(&f.cat, OBJ_CONSTRAINT, "public", "t", "t_pkey", "cols=a,b\nctype=p");
    rows(&f, "r2");
    CHECK_INT(diagnose(&f), 0);
    CHECK_STR(gate_state_name(f.d.state), "healthy");
    CHECK_INT(f.d.contradicting.n, 0);
    teardown(&f);
}

/* A table renamed after one of its columns was dropped (or renamed away)
 * does not bring the column back under the new name (CKAN's 034). */
static void test_rename_table_keeps_dropped_columns_gone(void)
{
    struct fixture f = {0};
    struct revision *r = rev(&f.s, "r1", NULL, 'o');
    create_table(r, NULL, "t", "a", "b", "c", NULL);
    r = rev(&f.s, "r2", "r1", 'o');
    gen(r, OP_DROP, OBJ_COLUMN, "t", "b", NULL, 0);
    r = rev(&f.s, "r3", "r2", 'o');
    gen_rename(r, OBJ_COLUMN, "t", "c", "d");
    gen_rename(r, OBJ_TABLE, "t", NULL, "u");
    build(&f);
    table(&f, "public", "u", "a,d");
    CHECK_INT(diagnose(&f), 0);
    CHECK_STR(gate_state_name(f.d.state), "no_version");
    CHECK_STR(stamped(&f), "r3");
    teardown(&f);
}

/* A create_table in code that may not run (try, if, after a guard) still
 * names its columns: they are the migrations' objects, not extra ones that
 * would block an unknown record (CKAN's 001 behind its guard). */
static void test_maybe_create_table_names_its_columns(void)
{
    struct fixture f = {0};
    struct revision *r = rev(&f.s, "r1", NULL, 'o');
    create_table(r, NULL, "t", "a", "b", NULL);
    r->effects.ops[r->effects.n_ops - 1].kind = OP_CREATE;
    r->effects.ops[r->effects.n_ops - 1].obj = OBJ_TABLE;
    r->effects.ops[r->effects.n_ops - 1].flags = OPF_MAYBE | OPF_GUARDED;
    r = rev(&f.s, "r2", "r1", 'o');
    create_table(r, NULL, "u", "id", NULL);
    build(&f);
    table(&f, "public", "t", "a,b");
    table(&f, "public", "u", "id");
    rows(&f, "0ff1ce5ca1ab");
    CHECK_INT(diagnose(&f), 0);
    CHECK_INT(f.d.extra_total, 0);
    CHECK_STR(gate_state_name(f.d.state), "unknown_version");
    CHECK_STR(stamped(&f), "r2");
    teardown(&f);
}

/* ALTER INDEX ... RENAME of a key's index renames the constraint too
 * (CKAN's 034 renames package_resource_pkey with its table). */
static void test_rename_index_renames_its_constraint(void)
{
    struct fixture f = {0};
    struct revision *r = rev(&f.s, "r1", NULL, 'o');
    create_table(r, NULL, "t", "id", NULL);
    gen(r, OP_CREATE, OBJ_CONSTRAINT, "t", "t_pkey", "cols=id\nctype=p", 0);
    r = rev(&f.s, "r2", "r1", 'o');
    gen_rename(r, OBJ_TABLE, "t", NULL, "u");
    gen_rename(r, OBJ_INDEX, NULL, "t_pkey", "u_pkey");
    build(&f);
    table(&f, "public", "u", "id");
    catalog_add_attrs(&f.cat, OBJ_CONSTRAINT, "public", "u", "u_pkey", "cols=id\nctype=p");
    rows(&f, "0ff1ce5ca1ab");
    CHECK_INT(diagnose(&f), 0);
    CHECK_INT(f.d.extra_total, 0);
    CHECK_STR(gate_state_name(f.d.state), "unknown_version");
    CHECK_STR(stamped(&f), "r2");
    teardown(&f);
}

/* ALTER TYPE ... ADD VALUE [BEFORE|AFTER] and RENAME VALUE rebuild the
 * label list, so each revision's list tells it apart. */
static void test_enum_labels_follow_add_and_rename(void)
{
    static const char *const at[] = {"open,closed", "open,pending,closed", "open,pending,closed,archived",
                                     "open,waiting,closed,archived"};
    for (int level = 0; level < 4; level++) {
        struct fixture f = {0};
        struct revision *r = rev(&f.s, "r1", NULL, 'o');
        gen(r, OP_CREATE, OBJ_TYPE, NULL, "status", "values=open,closed", 0);
        r = rev(&f.s, "r2", "r1", 'o');
        gen(r, OP_ALTER, OBJ_TYPE, NULL, "status", "value_add=pending\nvalue_before=closed\nvalues=?", 0);
        r = rev(&f.s, "r3", "r2", 'o');
        gen(r, OP_ALTER, OBJ_TYPE, NULL, "status", "value_add=archived\nvalues=?", 0);
        r = rev(&f.s, "r4", "r3", 'o');
        gen(r, OP_ALTER, OBJ_TYPE, NULL, "status", "value_from=pending\nvalue_to=waiting\nvalues=?", 0);
        build(&f);
        char *attrs = xasprintf("values=%s", at[level]);
        catalog_add_attrs(&f.cat, OBJ_TYPE, "public", NULL, "status", attrs);
        free(attrs);
        CHECK_INT(diagnose(&f), 0);
        CHECK_STR(gate_state_name(f.d.state), "no_version");
        static const char *const want[] = {"r1", "r2", "r3", "r4"};
        CHECK_STR(stamped(&f), want[level]);
        teardown(&f);
    }
}

static void test_maybe_ops_and_touches_are_uncertain(void)
{
    /* try: op.add_column(...): present or not, never a contradiction; reported. */
    for (int present = 0; present < 2; present++) {
        struct fixture f = {0};
        struct revision *r = rev(&f.s, "r1", NULL, 'o');
        create_table(r, NULL, "t", "a", NULL);
        r = rev(&f.s, "r2", "r1", 'o');
        gen(r, OP_CREATE, OBJ_COLUMN, "t", "b", NULL, OPF_MAYBE);
        r = rev(&f.s, "r3", "r2", 'o');
        create_table(r, NULL, "u", "id", NULL);
        build(&f);
        table(&f, "public", "t", present ? "a,b" : "a");
        table(&f, "public", "u", "id");
        rows(&f, "r3");
        CHECK_INT(diagnose(&f), 0);
        CHECK_STR(gate_state_name(f.d.state), "healthy");
        CHECK(listed(&f.d.uncertain, "column public.t.b"));
        teardown(&f);
    }

    /* for t in unknown_list: op.drop_column(t, "state_id"): a wildcard touch. */
    struct fixture g = {0};
    struct revision *r = rev(&g.s, "r1", NULL, 'o');
    create_table(r, NULL, "t", "id", "state_id", NULL);
    r = rev(&g.s, "r2", "r1", 'o');
    r->effects.effect = EFFECT_OPAQUE;
    upgrade_effects_add_obj(&r->effects, OP_TOUCH, OBJ_COLUMN, NULL, NULL, "state_id", NULL, NULL, 0, 0);
    build(&g);
    table(&g, "public", "t", "id");
    rows(&g, "r2");
    CHECK_INT(diagnose(&g), 0);
    CHECK_STR(gate_state_name(g.d.state), "healthy");
    CHECK(listed(&g.d.uncertain, "column public.t.state_id"));
    teardown(&g);

    /* An opaque revision that may have touched anything: nothing contradicts it. */
    struct fixture h = {0};
    r = rev(&h.s, "r1", NULL, 'o');
    create_table(r, NULL, "t", "id", NULL);
    r = rev(&h.s, "r2", "r1", 'x');
    upgrade_effects_add_obj(&r->effects, OP_TOUCH, OBJ_KIND_COUNT, NULL, NULL, NULL, NULL, NULL, 0, 0);
    build(&h);
    table(&h, "public", "other", "id");
    rows(&h, "r2");
    CHECK_INT(diagnose(&h), 0);
    CHECK_STR(gate_state_name(h.d.state), "healthy");
    teardown(&h);

    /* The same revision recorded, but the table missing before it ran: r1 is contradicted. */
    struct fixture k = {0};
    r = rev(&k.s, "r1", NULL, 'o');
    create_table(r, NULL, "t", "id", NULL);
    r = rev(&k.s, "r2", "r1", 'x');
    upgrade_effects_add_obj(&r->effects, OP_TOUCH, OBJ_KIND_COUNT, NULL, NULL, NULL, NULL, NULL, 0, 0);
    build(&k);
    table(&k, "public", "other", "id");
    rows(&k, "r1");
    CHECK_INT(diagnose(&k), 0);
    CHECK(strcmp(gate_state_name(k.d.state), "healthy") != 0);
    teardown(&k);
}

static void test_attributes_compare_on_keys_both_know(void)
{
    /* r1: t.c integer, index ix unique; r2: alter t.c to text (later ops override). */
    for (int at = 1; at <= 2; at++) {
        struct fixture f = {0};
        struct revision *r = rev(&f.s, "r1", NULL, 'o');
        create_table(r, NULL, "t", "id", NULL);
        gen(r, OP_CREATE, OBJ_COLUMN, "t", "c", "notnull=f\ntype=integer", 0);
        gen(r, OP_CREATE, OBJ_INDEX, NULL, "ix", "cols=c\ntable=t\nunique=t", 0);
        r = rev(&f.s, "r2", "r1", 'o');
        gen(r, OP_ALTER, OBJ_COLUMN, "t", "c", "type=text", 0);
        build(&f);
        table(&f, "public", "t", "id");
        obj(&f, OBJ_COLUMN, "t", "c", at == 2 ? "default=f\nnotnull=f\ntype=text" : "type=integer");
        obj(&f, OBJ_INDEX, "t", "ix", "cols=c"); /* unique unknown here: not compared */
        CHECK_INT(diagnose(&f), 0);
        CHECK_STR(stamped(&f), at == 2 ? "r2" : "r1");
        teardown(&f);
    }
    struct fixture g = {0};
    struct revision *r = rev(&g.s, "r1", NULL, 'o');
    create_table(r, NULL, "t", "id", NULL);
    gen(r, OP_CREATE, OBJ_INDEX, NULL, "ix", "cols=id\ntable=t\nunique=t", 0);
    build(&g);
    table(&g, "public", "t", "id");
    obj(&g, OBJ_INDEX, "t", "ix", "cols=id\nunique=f");
    rows(&g, "r1");
    CHECK_INT(diagnose(&g), 0);
    CHECK_STR(gate_state_name(g.d.state), "drift");
    CHECK(listed(&g.d.contradicting, "unique: predicted t, found f"));
    teardown(&g);
}

static void test_drop_schema_takes_everything_in_it(void)
{
    struct fixture f = {0};
    struct revision *r = rev(&f.s, "r1", NULL, 'o');
    create_table(r, NULL, "users", "id", NULL);
    gen(r, OP_CREATE, OBJ_SCHEMA, NULL, "audit", NULL, 0);
    upgrade_effects_add_obj(&r->effects, OP_CREATE, OBJ_TABLE, "audit", "log", NULL, NULL, NULL, 0, 0);
    r = rev(&f.s, "r2", "r1", 'o');
    upgrade_effects_add_obj(&r->effects, OP_DROP, OBJ_SCHEMA, "audit", NULL, NULL, NULL, NULL, OPF_CASCADE, 0);
    build(&f);
    table(&f, "public", "users", "id");
    CHECK_INT(diagnose(&f), 0);
    CHECK_STR(stamped(&f), "r2");
    teardown(&f);
}

/* r1 t(a, b); r2 drop t.b; r3 create u. */
static void drift_fixture(struct fixture *f)
{
    struct revision *r = rev(&f->s, "r1", NULL, 'o');
    create_table(r, NULL, "t", "a", "b", NULL);
    r = rev(&f->s, "r2", "r1", 'o');
    add_op(r, OP_DROP_COLUMN, NULL, "t", "b", NULL);
    r = rev(&f->s, "r3", "r2", 'o');
    create_table(r, NULL, "u", "id", NULL);
    build(f);
}

static void test_drift_and_unexplained_by_pending_revisions(void)
{
    /* A hot fix put back a column at head: the record is right, nothing pending. */
    struct fixture f = {0};
    drift_fixture(&f);
    table(&f, "public", "t", "a,b");
    table(&f, "public", "u", "id");
    rows(&f, "r3");
    CHECK_INT(diagnose(&f), 0);
    CHECK_STR(gate_state_name(f.d.state), "drift");
    CHECK_INT(f.d.exit_code, 0);
    CHECK(!f.d.stamp);
    CHECK(listed(&f.d.contradicting, "column public.t.b"));
    CHECK_INT(f.d.pending, 0);
    teardown(&f);

    /* Recorded r1, and u already there: pending r3 would fail creating it. */
    struct fixture g = {0};
    drift_fixture(&g);
    table(&g, "public", "t", "a,b");
    table(&g, "public", "u", "id");
    rows(&g, "r1");
    CHECK_INT(diagnose(&g), 0);
    CHECK_STR(gate_state_name(g.d.state), "unexplained");
    CHECK_INT(g.d.exit_code, EXIT_NEEDS_HUMAN);
    CHECK(strstr(g.d.message, "pending migration would fail on table public.u") != NULL);
    teardown(&g);

    /* Recorded r2 and t.a missing: pending r3 does not touch it: drift. */
    struct fixture h = {0};
    drift_fixture(&h);
    table(&h, "public", "t", NULL);
    rows(&h, "r2");
    CHECK_INT(diagnose(&h), 0);
    CHECK_STR(gate_state_name(h.d.state), "drift");
    CHECK_INT(h.d.pending, 1);
    teardown(&h);

    /* The same, but the pending revision alters the missing column: unexplained. */
    struct fixture k = {0};
    drift_fixture(&k);
    gen(&k.s.revs[2], OP_ALTER, OBJ_COLUMN, "t", "a", "notnull=t", 0);
    table(&k, "public", "t", NULL);
    rows(&k, "r2");
    CHECK_INT(diagnose(&k), 0);
    CHECK_STR(gate_state_name(k.d.state), "unexplained");
    teardown(&k);

    /* funnel: the record is right, a column's type is not what the model
     * holds (a change it could not read), and pending r2 renames the table
     * away and makes a new one with that column: nothing trips, drift. */
    struct fixture q = {0};
    struct revision *r = rev(&q.s, "r1", NULL, 'o');
    gen(r, OP_CREATE, OBJ_TABLE, "user", NULL, NULL, 0);
    gen(r, OP_CREATE, OBJ_COLUMN, "user", "created_at", "type=timestamp without time zone", 0);
    r = rev(&q.s, "r2", "r1", 'o');
    gen_rename(r, OBJ_TABLE, "user", NULL, "old_user");
    gen(r, OP_CREATE, OBJ_TABLE, "user", NULL, NULL, 0);
    gen(r, OP_CREATE, OBJ_COLUMN, "user", "created_at", "type=timestamp with time zone", 0);
    build(&q);
    obj(&q, OBJ_TABLE, "user", NULL, NULL);
    obj(&q, OBJ_COLUMN, "user", "created_at", "type=timestamp with time zone");
    rows(&q, "r1");
    CHECK_INT(diagnose(&q), 0);
    CHECK_STR(gate_state_name(q.d.state), "drift");
    CHECK_INT(q.d.exit_code, 0);
    teardown(&q);

    /* The same column, which the record's set has not made yet: the
     * pending rename takes the table away before the new one has it. */
    struct fixture u = {0};
    r = rev(&u.s, "r1", NULL, 'o');
    gen(r, OP_CREATE, OBJ_TABLE, "user", NULL, NULL, 0);
    r = rev(&u.s, "r2", "r1", 'o');
    gen_rename(r, OBJ_TABLE, "user", NULL, "old_user");
    gen(r, OP_CREATE, OBJ_TABLE, "user", NULL, NULL, 0);
    gen(r, OP_CREATE, OBJ_COLUMN, "user", "created_at", "type=timestamp with time zone", 0);
    build(&u);
    obj(&u, OBJ_TABLE, "user", NULL, NULL);
    obj(&u, OBJ_COLUMN, "user", "created_at", "type=timestamp with time zone");
    rows(&u, "r1");
    CHECK_INT(diagnose(&u), 0);
    CHECK_STR(gate_state_name(u.d.state), "drift");
    teardown(&u);

    /* koschei: a constraint the model holds absent at the record, which the
     * next revision only may have made (a touch of any constraint): the one
     * set that explains it does so by doubt, and a right record is not
     * rewritten for that: drift. */
    struct fixture v = {0};
    r = rev(&v.s, "r1", NULL, 'o');
    gen(r, OP_CREATE, OBJ_TABLE, "t", NULL, NULL, 0);
    gen(r, OP_CREATE, OBJ_COLUMN, "t", "id", "type=integer", 0);
    r = rev(&v.s, "r2", "r1", 'o');
    upgrade_effects_add_obj(&r->effects, OP_TOUCH, OBJ_CONSTRAINT, NULL, NULL, NULL, NULL, NULL, 0, 0);
    r = rev(&v.s, "r3", "r2", 'o');
    gen(r, OP_CREATE, OBJ_TABLE, "u", NULL, NULL, 0);
    r = rev(&v.s, "r4", "r3", 'o');
    gen(r, OP_CREATE, OBJ_CONSTRAINT, "t", "t_pkey", "ctype=p", 0);
    build(&v);
    obj(&v, OBJ_TABLE, "t", NULL, NULL);
    obj(&v, OBJ_COLUMN, "t", "id", "type=integer");
    obj(&v, OBJ_CONSTRAINT, "t", "t_pkey", "ctype=p");
    rows(&v, "r1");
    CHECK_INT(diagnose(&v), 0);
    CHECK(strcmp(gate_state_name(v.d.state), "mismatch") != 0);
    CHECK(!v.d.stamp);
    teardown(&v);

    /* Still: b is there, and pending r2 would fail creating it. */
    struct fixture w = {0};
    r = rev(&w.s, "r1", NULL, 'o');
    gen(r, OP_CREATE, OBJ_TABLE, "a", NULL, NULL, 0);
    r = rev(&w.s, "r2", "r1", 'o');
    gen(r, OP_CREATE, OBJ_TABLE, "b", NULL, NULL, 0);
    gen(r, OP_CREATE, OBJ_COLUMN, "b", "c", "type=integer", 0);
    build(&w);
    obj(&w, OBJ_TABLE, "b", NULL, NULL);
    rows(&w, "r1");
    CHECK_INT(diagnose(&w), 0);
    CHECK_STR(gate_state_name(w.d.state), "unexplained");
    teardown(&w);
}

static void test_fresh_means_nothing_there(void)
{
    /* The first revision only adds a column (in a try block) to a table
     * create_all() made: that table is there, so the database is not fresh. */
    struct fixture f = {0};
    struct revision *r = rev(&f.s, "r1", NULL, 'o');
    gen(r, OP_CREATE, OBJ_COLUMN, "users", "x", NULL, OPF_MAYBE);
    r = rev(&f.s, "r2", "r1", 'o');
    create_table(r, NULL, "posts", "id", NULL);
    build(&f);
    table(&f, "public", "users", "id,x");
    table(&f, "public", "posts", "id");
    CHECK_INT(diagnose(&f), 0);
    CHECK_STR(gate_state_name(f.d.state), "no_version");
    CHECK_STR(stamped(&f), "r2");
    teardown(&f);

    struct fixture g = {0};
    r = rev(&g.s, "r1", NULL, 'o');
    add_op(r, OP_ADD_COLUMN, NULL, "users", "x", NULL);
    build(&g);
    table(&g, "public", "users", "id");
    CHECK_INT(diagnose(&g), 0);
    CHECK(strcmp(gate_state_name(g.d.state), "fresh") != 0);
    teardown(&g);

    /* A schema made ahead of the migrations (CREATE SCHEMA IF NOT EXISTS) is not content. */
    struct fixture h = {0};
    r = rev(&h.s, "r1", NULL, 'o');
    gen(r, OP_CREATE, OBJ_SCHEMA, NULL, "app", NULL, OPF_IF_NOT_EXISTS);
    upgrade_effects_add_obj(&r->effects, OP_CREATE, OBJ_TABLE, "app", "t", NULL, NULL, NULL, 0, 0);
    build(&h);
    catalog_add(&h.cat, OBJ_SCHEMA, "app", NULL, NULL);
    CHECK_INT(diagnose(&h), 0);
    CHECK_STR(gate_state_name(h.d.state), "fresh");
    teardown(&h);
}

static void test_ahead_needs_objects_no_migration_mentions(void)
{
    /* A hand-made index on a known table is no sign of a newer release. */
    struct fixture f = {0};
    linear(&f);
    catalog_at(&f, 4);
    obj(&f, OBJ_INDEX, "users", "ix_by_hand", NULL);
    rows(&f, "ffffeeee0000");
    CHECK_INT(diagnose(&f), 0);
    CHECK(strcmp(gate_state_name(f.d.state), "ahead") != 0);
    CHECK(!f.d.stamp);
    teardown(&f);

    /* What the heads drop must be gone. */
    struct fixture g = {0};
    struct revision *r = rev(&g.s, "r1", NULL, 'o');
    create_table(r, NULL, "tmp", "id", NULL);
    r = rev(&g.s, "r2", "r1", 'o');
    add_op(r, OP_DROP_TABLE, NULL, "tmp", NULL, NULL);
    create_table(r, NULL, "users", "id", NULL);
    build(&g);
    table(&g, "public", "users", "id");
    table(&g, "public", "tmp", "id");
    table(&g, "public", "invoices", "id");
    rows(&g, "ffffeeee0000");
    CHECK_INT(diagnose(&g), 0);
    CHECK(strcmp(gate_state_name(g.d.state), "ahead") != 0);
    teardown(&g);

    /* Objects the catalog reader counted without reading them are extra too. */
    struct fixture h = {0};
    linear(&h);
    catalog_at(&h, 4);
    sv_push(&h.cat.unmentioned, "table public.invoices");
    h.cat.unmentioned_total = 1500;
    rows(&h, "ffffeeee0000");
    CHECK_INT(diagnose(&h), 0);
    CHECK_STR(gate_state_name(h.d.state), "ahead");
    CHECK_INT(h.d.extra_total, 1500);
    CHECK_INT(h.d.extra.n, 1);
    teardown(&h);

    /* The heads' work must be seen (dagster): when they create only under
     * guards the gate cannot decide, a set short of them explains the
     * schema too, and the application's own table is no newer release. */
    struct fixture k = {0};
    r = rev(&k.s, "r1", NULL, 'o');
    gen(r, OP_CREATE, OBJ_TABLE, "t1", NULL, NULL, OPF_MAYBE);
    r = rev(&k.s, "r2", "r1", 'o');
    gen(r, OP_CREATE, OBJ_TABLE, "t2", NULL, NULL, OPF_MAYBE);
    build(&k);
    table(&k, "public", "t1", NULL);
    table(&k, "public", "made_by_app", "id");
    rows(&k, "ffffeeee0000");
    CHECK_INT(diagnose(&k), 0);
    CHECK(strcmp(gate_state_name(k.d.state), "ahead") != 0);
    CHECK_INT(k.d.exit_code, EXIT_NEEDS_HUMAN);
    CHECK(!k.d.stamp);
    teardown(&k);
}

/* r0: t(a, b), ix over a. Branch r1: ix re-created over b. Branch r2: drop
 * column a. Whether r2 drops ix depends on whether r1 ran: ix pins nothing. */
static void test_implicit_effects_on_branches_pin_nothing(void)
{
    for (int order = 0; order < 2; order++) {
        struct fixture f = {0};
        struct revision *r = rev(&f.s, "r0", NULL, 'o');
        create_table(r, NULL, "t", "a", "b", NULL);
        gen(r, OP_CREATE, OBJ_INDEX, NULL, "ix", "cols=a\ntable=t", 0);
        for (int k = 0; k < 2; k++) {
            if (k == order) {
                r = rev(&f.s, "r1", "r0", 'o');
                gen(r, OP_DROP, OBJ_INDEX, NULL, "ix", NULL, 0);
                gen(r, OP_CREATE, OBJ_INDEX, NULL, "ix", "cols=b\ntable=t", 0);
            } else {
                r = rev(&f.s, "r2", "r0", 'o');
                gen(r, OP_DROP, OBJ_COLUMN, "t", "a", NULL, 0);
            }
        }
        build(&f);
        table(&f, "public", "t", "b"); /* r0 and r2: ix went with column a */
        CHECK_INT(diagnose(&f), 0);
        CHECK_STR(gate_state_name(f.d.state), "no_version");
        CHECK_STR(stamped(&f), "r2");
        teardown(&f);

        struct fixture g = {0};
        r = rev(&g.s, "r0", NULL, 'o');
        create_table(r, NULL, "t", "a", "b", NULL);
        gen(r, OP_CREATE, OBJ_INDEX, NULL, "ix", "cols=a\ntable=t", 0);
        r = rev(&g.s, "r1", "r0", 'o');
        gen(r, OP_DROP, OBJ_INDEX, NULL, "ix", NULL, 0);
        gen(r, OP_CREATE, OBJ_INDEX, NULL, "ix", "cols=b\ntable=t", 0);
        r = rev(&g.s, "r2", "r0", 'o');
        gen(r, OP_DROP, OBJ_COLUMN, "t", "a", NULL, 0);
        build(&g);
        table(&g, "public", "t", "b"); /* both branches: ix over b survives */
        obj(&g, OBJ_INDEX, "t", "ix", "cols=b");
        CHECK_INT(diagnose(&g), 0);
        /* In the order Alembic applies the two branches: the later-loaded head first. */
        CHECK_STR(stamped(&g), "r2,r1");
        teardown(&g);
    }
}

/* PostgreSQL keeps 63 bytes of a name; a longer one may be stored under
 * another cut (SQLAlchemy's), so its absence is no evidence. */
static void test_long_names(void)
{
    const char *long_ix = "ix_production_schedule_version_task_link_production_schedule_version_id";
    for (int stored = 0; stored < 2; stored++) {
        struct fixture f = {0};
        struct revision *r = rev(&f.s, "r1", NULL, 'o');
        create_table(r, NULL, "t", "id", NULL);
        r = rev(&f.s, "r2", "r1", 'o');
        add_op(r, OP_CREATE_INDEX, NULL, "t", long_ix, NULL);
        create_table(r, NULL, "u", "id", NULL);
        build(&f);
        table(&f, "public", "t", "id");
        table(&f, "public", "u", "id");
        if (stored)
            obj(&f, OBJ_INDEX, "t", "ix_production_schedule_version_task_link_production_schedule_ve", NULL);
        rows(&f, "r2");
        CHECK_INT(diagnose(&f), 0);
        CHECK_STR(gate_state_name(f.d.state), "healthy");
        CHECK_INT(f.d.extra_total, 0);
        teardown(&f);
    }
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
    RUN(test_drop_column_drops_its_indexes_and_constraints);
    RUN(test_drop_table_drops_what_sits_on_it);
    RUN(test_cascade_makes_dependants_uncertain);
    RUN(test_rename_keeps_index_and_constraint_names);
    RUN(test_if_exists_on_unknown_object_is_no_evidence);
    RUN(test_maybe_ops_and_touches_are_uncertain);
    RUN(test_early_return_guards);
    RUN(test_guessed_constraint_names);
    RUN(test_guarded_guessed_names);
    RUN(test_guard_polarity);
    RUN(test_convention_named_constraints);
    RUN(test_uncertain_counted_past_the_list);
    RUN(test_renamed_index_dropped_with_its_table);
    RUN(test_created_at_import);
    RUN(test_partial_names_not_fresh);
    RUN(test_primary_key_sets_not_null);
    RUN(test_rename_table_keeps_dropped_columns_gone);
    RUN(test_maybe_create_table_names_its_columns);
    RUN(test_rename_index_renames_its_constraint);
    RUN(test_enum_labels_follow_add_and_rename);
    RUN(test_attributes_compare_on_keys_both_know);
    RUN(test_drop_schema_takes_everything_in_it);
    RUN(test_drift_and_unexplained_by_pending_revisions);
    RUN(test_fresh_means_nothing_there);
    RUN(test_ahead_needs_objects_no_migration_mentions);
    RUN(test_implicit_effects_on_branches_pin_nothing);
    RUN(test_long_names);
    return check_exit();
}
