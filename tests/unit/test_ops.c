/* Unit tests of what a revision's upgrade() does: every op form of SPEC
 * section 5, batch blocks, op.f, schema=, plain DDL in op.execute, and what
 * makes a revision empty or opaque. */
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "ops.h"
#include "pytok.h"
#include "util.h"

/* Extracts the effects of `def upgrade():` followed by body. */
static void effects_of(const char *body, struct upgrade_effects *e)
{
    char *src = xasprintf("def upgrade():\n%s\n\ndef downgrade():\n    pass\n", body);
    struct token_list tl = {0};
    char err[256];
    if (pytok_tokenize(src, strlen(src), &tl, err, sizeof err) != 0) {
        printf("#   tokenize: %s\n", err);
        memset(e, 0, sizeof *e);
        e->effect = EFFECT_OPAQUE;
        free(src);
        return;
    }
    ops_extract(&tl, 5, e); /* def upgrade ( ) : then the body */
    token_list_free(&tl);
    free(src);
}

static int has_op(const struct upgrade_effects *e, enum op_kind k, const char *schema, const char *table,
                  const char *name, const char *new_name)
{
    for (size_t i = 0; i < e->n_ops; i++) {
        const struct schema_op *o = &e->ops[i];
#define SAME(a, b) ((a) == NULL ? (b) == NULL : (b) != NULL && strcmp((a), (b)) == 0)
        if (o->kind == k && SAME(schema, o->schema) && SAME(table, o->table) && SAME(name, o->name) &&
            SAME(new_name, o->new_name))
            return 1;
#undef SAME
    }
    return 0;
}

static void test_create_table(void)
{
    struct upgrade_effects e;
    effects_of("    op.create_table(\n        'users',\n        sa.Column('id', sa.Integer(), primary_key=True),\n"
               "        sa.Column(\"email\", sa.String(255), index=True),\n        Column('Name', String),\n"
               "        sa.PrimaryKeyConstraint('id'),\n        sa.Index('ix_custom', 'id'),\n        schema='app',\n    )",
               &e);
    CHECK_INT(e.effect, EFFECT_OBSERVABLE);
    CHECK(has_op(&e, OP_CREATE_TABLE, "app", "users", NULL, NULL));
    CHECK_INT(e.ops[0].n_columns, 3);
    CHECK_STR(e.ops[0].columns[2], "Name");
    CHECK(has_op(&e, OP_CREATE_INDEX, "app", "users", "ix_app_users_email", NULL));
    CHECK(has_op(&e, OP_CREATE_INDEX, "app", "users", "ix_custom", NULL));
    upgrade_effects_free(&e);
}

static void test_each_op(void)
{
    struct upgrade_effects e;
    effects_of("    op.drop_table('a')\n    op.rename_table('b', 'c')\n"
               "    op.add_column('c', sa.Column('x', sa.Integer(), index=True))\n"
               "    op.drop_column(table_name='c', column_name='y', schema=None)\n"
               "    op.alter_column('c', 'x', new_column_name='z', existing_type=sa.Integer())\n"
               "    op.create_index(op.f('ix_c_z'), 'c', ['z'], unique=True)\n"
               "    op.drop_index('ix_old', table_name='c')\n    op.drop_index(op.f('ix_other'))",
               &e);
    CHECK_INT(e.effect, EFFECT_OBSERVABLE);
    CHECK(has_op(&e, OP_DROP_TABLE, NULL, "a", NULL, NULL));
    CHECK(has_op(&e, OP_RENAME_TABLE, NULL, "b", NULL, "c"));
    CHECK(has_op(&e, OP_ADD_COLUMN, NULL, "c", "x", NULL));
    CHECK(has_op(&e, OP_CREATE_INDEX, NULL, "c", "ix_c_x", NULL));
    CHECK(has_op(&e, OP_DROP_COLUMN, NULL, "c", "y", NULL));
    CHECK(has_op(&e, OP_RENAME_COLUMN, NULL, "c", "x", "z"));
    CHECK(has_op(&e, OP_CREATE_INDEX, NULL, "c", "ix_c_z", NULL));
    CHECK(has_op(&e, OP_DROP_INDEX, NULL, "c", "ix_old", NULL));
    CHECK(has_op(&e, OP_DROP_INDEX, NULL, NULL, "ix_other", NULL));
    upgrade_effects_free(&e);
}

static void test_batch_blocks(void)
{
    struct upgrade_effects e;
    effects_of("    with op.batch_alter_table('t', schema='s') as batch_op:\n"
               "        batch_op.add_column(sa.Column('a', sa.Text()))\n"
               "        batch_op.alter_column('b', new_column_name='c')\n"
               "        batch_op.create_index(batch_op.f('ix_t_a'), ['a'])\n"
               "    with op.batch_alter_table(\"u\") as b2:\n"
               "        b2.drop_column('d')\n        b2.drop_index('ix_u_d')",
               &e);
    CHECK_INT(e.effect, EFFECT_OBSERVABLE);
    CHECK(has_op(&e, OP_ADD_COLUMN, "s", "t", "a", NULL));
    CHECK(has_op(&e, OP_RENAME_COLUMN, "s", "t", "b", "c"));
    CHECK(has_op(&e, OP_CREATE_INDEX, "s", "t", "ix_t_a", NULL));
    CHECK(has_op(&e, OP_DROP_COLUMN, NULL, "u", "d", NULL));
    CHECK(has_op(&e, OP_DROP_INDEX, NULL, "u", "ix_u_d", NULL));
    upgrade_effects_free(&e);
}

static void test_execute_ddl(void)
{
    struct upgrade_effects e;
    effects_of("    op.execute('CREATE SCHEMA IF NOT EXISTS audit')\n"
               "    op.execute(sa.text(\"CREATE TABLE audit.\\\"Log\\\" (id int PRIMARY KEY, Msg text, \"\n"
               "                       \"CONSTRAINT c CHECK (id > 0))\"))\n"
               "    op.execute(\"\"\"\n        ALTER TABLE audit.\"Log\" ADD COLUMN at timestamptz, DROP COLUMN msg;\n"
               "        CREATE UNIQUE INDEX CONCURRENTLY IF NOT EXISTS ix_log_at ON ONLY audit.\"Log\" (at); -- done\n"
               "    \"\"\")\n    op.execute('ALTER TABLE t RENAME COLUMN a TO b')\n"
               "    op.execute('ALTER TABLE t RENAME TO t2; DROP TABLE IF EXISTS x, y CASCADE')",
               &e);
    CHECK_INT(e.effect, EFFECT_OBSERVABLE);
    CHECK(has_op(&e, OP_CREATE_SCHEMA, NULL, NULL, "audit", NULL));
    CHECK(has_op(&e, OP_CREATE_TABLE, "audit", "Log", NULL, NULL));
    CHECK(has_op(&e, OP_ADD_COLUMN, "audit", "Log", "at", NULL));
    CHECK(has_op(&e, OP_DROP_COLUMN, "audit", "Log", "msg", NULL)); /* unquoted folds to lower case */
    CHECK(has_op(&e, OP_CREATE_INDEX, "audit", "Log", "ix_log_at", NULL));
    CHECK(has_op(&e, OP_RENAME_COLUMN, NULL, "t", "a", "b"));
    CHECK(has_op(&e, OP_RENAME_TABLE, NULL, "t", NULL, "t2"));
    CHECK(has_op(&e, OP_DROP_TABLE, NULL, "x", NULL, NULL));
    CHECK(has_op(&e, OP_DROP_TABLE, NULL, "y", NULL, NULL));
    for (size_t i = 0; i < e.n_ops; i++)
        if (e.ops[i].kind == OP_CREATE_TABLE)
            CHECK_INT(e.ops[i].n_columns, 2);
    upgrade_effects_free(&e);
}

static void test_sql_not_understood(void)
{
    const char *sql[] = {"UPDATE users SET a = 1", "CREATE INDEX ON t (a)", "CREATE VIEW v AS SELECT 1",
                         "ALTER TABLE t ADD CONSTRAINT c UNIQUE (a)", "CREATE TABLE t AS SELECT 1",
                         "DO $$ BEGIN END $$", "CREATE TABLE t (a int", "ALTER TABLE t ALTER COLUMN a TYPE text",
                         "", "   ;  ", "CREATE TABLE 'x' (a int)"};
    for (size_t i = 0; i < sizeof sql / sizeof sql[0]; i++) {
        struct upgrade_effects e = {0};
        if (ops_from_sql(sql[i], 1, &e) != 0)
            printf("#   understood: %s\n", sql[i]);
        CHECK_INT(ops_from_sql(sql[i], 1, &e), 0);
        CHECK_INT(e.n_ops, 0);
        upgrade_effects_free(&e);
    }
}

static void test_empty_bodies(void)
{
    const char *bodies[] = {"    pass", "    \"\"\"Nothing to do.\"\"\"\n    pass", "    ...", "    # only a comment\n    pass",
                            "    'merge'\n    ''"};
    for (size_t i = 0; i < sizeof bodies / sizeof bodies[0]; i++) {
        struct upgrade_effects e;
        effects_of(bodies[i], &e);
        CHECK_INT(e.effect, EFFECT_EMPTY);
        upgrade_effects_free(&e);
    }
}

static void test_opaque_bodies_keep_their_ops(void)
{
    const char *bodies[] = {
        "    op.create_table('t', sa.Column('a', sa.Integer()))\n    op.bulk_insert(t, [{'a': 1}])",
        "    op.create_table('t', sa.Column('a', sa.Integer()))\n    for x in range(3):\n        op.execute('x')",
        "    op.create_table('t', sa.Column('a', sa.Integer()))\n    helper()",
        "    op.create_table('t', sa.Column('a', sa.Integer()))\n    op.alter_column('t', 'a', info={})",
        "    op.create_table('t', sa.Column('a', sa.Integer()))\n    op.execute(f'UPDATE {x}')",
        "    op.create_table('t', sa.Column('a', sa.Integer()))\n    op.drop_column(TABLE, 'a')",
    };
    for (size_t i = 0; i < sizeof bodies / sizeof bodies[0]; i++) {
        struct upgrade_effects e;
        effects_of(bodies[i], &e);
        CHECK_INT(e.effect, EFFECT_OPAQUE);
        CHECK(e.opaque_reason != NULL && strncmp(e.opaque_reason, "line ", 5) == 0);
        CHECK(has_op(&e, OP_CREATE_TABLE, NULL, "t", NULL, NULL));
        upgrade_effects_free(&e);
    }
    struct token_list tl = {0};
    char err[64];
    CHECK_INT(pytok_tokenize("x = 1\n", 6, &tl, err, sizeof err), 0);
    struct upgrade_effects e;
    ops_extract(&tl, (size_t)-1, &e);
    CHECK_INT(e.effect, EFFECT_OPAQUE); /* no upgrade() at all */
    upgrade_effects_free(&e);
    token_list_free(&tl);
}

static void test_inline_body(void)
{
    struct token_list tl = {0};
    char err[64];
    const char *src = "def upgrade(): op.drop_table('a'); op.drop_table('b')\n";
    CHECK_INT(pytok_tokenize(src, strlen(src), &tl, err, sizeof err), 0);
    struct upgrade_effects e;
    ops_extract(&tl, 5, &e);
    CHECK_INT(e.effect, EFFECT_OBSERVABLE);
    CHECK_INT(e.n_ops, 2);
    upgrade_effects_free(&e);
    token_list_free(&tl);
}

int main(void)
{
    RUN(test_create_table);
    RUN(test_each_op);
    RUN(test_batch_blocks);
    RUN(test_execute_ddl);
    RUN(test_sql_not_understood);
    RUN(test_empty_bodies);
    RUN(test_opaque_bodies_keep_their_ops);
    RUN(test_inline_body);
    return check_exit();
}
