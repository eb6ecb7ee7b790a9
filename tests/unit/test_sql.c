/* Unit tests of the SQL of op.execute: every statement form sql.h lists, the
 * lexer's edge cases, the names PostgreSQL gives unnamed objects and its
 * 63-byte truncation. The expected names and type strings are what
 * PostgreSQL 15 shows in its catalog for the same SQL. */
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "sql.h"
#include "util.h"

/* One line per op: "verb kind schema|table|name[ -> new][ {k=v;k=v}][ flags]". */
static char *dump(const struct upgrade_effects *e)
{
    static const struct {
        unsigned flag;
        const char *name;
    } flags[] = {{OPF_IF_EXISTS, "if_exists"}, {OPF_IF_NOT_EXISTS, "if_not_exists"},
                 {OPF_OR_REPLACE, "or_replace"}, {OPF_CASCADE, "cascade"}, {OPF_MAYBE, "maybe"}};
    struct strbuf b = {0};
    sb_appendn(&b, "", 0);
    for (size_t i = 0; i < e->n_ops; i++) {
        const struct schema_op *o = &e->ops[i];
        sb_appendf(&b, "%s %s %s|%s|%s", op_kind_name(o->kind), obj_kind_name(o->obj), o->schema ? o->schema : "",
                   o->table ? o->table : "", o->name ? o->name : "");
        if (o->new_name)
            sb_appendf(&b, " -> %s", o->new_name);
        if (o->attrs) {
            sb_append(&b, " {");
            for (const char *p = o->attrs; *p; p++)
                sb_appendc(&b, *p == '\n' ? ';' : *p);
            sb_append(&b, "}");
        }
        for (size_t k = 0; k < sizeof flags / sizeof flags[0]; k++)
            if (o->flags & flags[k].flag)
                sb_appendf(&b, " %s", flags[k].name);
        sb_appendc(&b, '\n');
    }
    return sb_take(&b);
}

/* Reads sql, expecting result r and exactly the lines of want (in order). */
static void expect(const char *sql, enum sql_result r, const char *want)
{
    struct upgrade_effects e = {0};
    enum sql_result got = sql_to_ops(sql, 7, &e);
    char *d = dump(&e);
    if ((int)got != (int)r || strcmp(d, want) != 0)
        printf("#   sql: %s\n", sql);
    CHECK_INT(got, r);
    CHECK_STR(d, want);
    for (size_t i = 0; i < e.n_ops; i++)
        CHECK_INT(e.ops[i].line, 7);
    free(d);
    upgrade_effects_free(&e);
}

static void not_understood(const char *sql)
{
    expect(sql, SQL_NOT_UNDERSTOOD, "");
}

static void test_create_table_columns(void)
{
    expect("CREATE TABLE tags (id serial PRIMARY KEY, name varchar(50) NOT NULL)", SQL_SCHEMA,
           "create table |tags|\n"
           "create column |tags|id {default=t;notnull=t;type=integer}\n"
           "create sequence ||tags_id_seq {table=tags}\n"
           "create column |tags|name {default=f;notnull=t;type=character varying(50)}\n"
           "create constraint |tags|tags_pkey {cols=id;ctype=p;deferrable=f}\n");
    /* Types as format_type() prints them; IF NOT EXISTS makes the columns
     * maybe: a table already there keeps the columns it had. */
    expect("create table if not exists s.t (a int4 default 0, b numeric(10), c numeric(10,2), d decimal, "
           "e timestamptz, f timestamp(3), g time with time zone, h char, i bool[], j double precision, "
           "k float(10), l float, m \"MyEnum\", n public.mood, o int ARRAY, p bit, q varbit(4), r interval, "
           "s jsonb null, t geometry(Point, 4326), u bigserial, v character varying)",
           SQL_SCHEMA,
           "create table s|t| if_not_exists\n"
           "create column s|t|a {default=t;notnull=f;type=integer} maybe\n"
           "create column s|t|b {default=f;notnull=f;type=numeric(10,0)} maybe\n"
           "create column s|t|c {default=f;notnull=f;type=numeric(10,2)} maybe\n"
           "create column s|t|d {default=f;notnull=f;type=numeric} maybe\n"
           "create column s|t|e {default=f;notnull=f;type=timestamp with time zone} maybe\n"
           "create column s|t|f {default=f;notnull=f;type=timestamp(3) without time zone} maybe\n"
           "create column s|t|g {default=f;notnull=f;type=time with time zone} maybe\n"
           "create column s|t|h {default=f;notnull=f;type=character(1)} maybe\n"
           "create column s|t|i {default=f;notnull=f;type=boolean[]} maybe\n"
           "create column s|t|j {default=f;notnull=f;type=double precision} maybe\n"
           "create column s|t|k {default=f;notnull=f;type=real} maybe\n"
           "create column s|t|l {default=f;notnull=f;type=double precision} maybe\n"
           "create column s|t|m {default=f;notnull=f;type=\"MyEnum\"} maybe\n"
           "create column s|t|n {default=f;notnull=f;type=mood} maybe\n"
           "create column s|t|o {default=f;notnull=f;type=integer[]} maybe\n"
           "create column s|t|p {default=f;notnull=f;type=bit(1)} maybe\n"
           "create column s|t|q {default=f;notnull=f;type=bit varying(4)} maybe\n"
           "create column s|t|r {default=f;notnull=f;type=interval} maybe\n"
           "create column s|t|s {default=f;notnull=f;type=jsonb} maybe\n"
           "create column s|t|t {default=f;notnull=f;type=?} maybe\n"
           "create column s|t|u {default=t;notnull=t;type=bigint} maybe\n"
           "create sequence s||t_u_seq {table=t} maybe\n"
           "create column s|t|v {default=f;notnull=f;type=character varying} maybe\n");
    expect("CREATE UNLOGGED TABLE t (a int GENERATED ALWAYS AS IDENTITY, b int GENERATED ALWAYS AS (a * 2) STORED,"
           " c text COLLATE \"C\" DEFAULT 'x' || 'y' NOT NULL) WITH (fillfactor = 70) TABLESPACE fast",
           SQL_SCHEMA,
           "create table |t|\n"
           "create column |t|a {default=f;notnull=t;type=integer}\n"
           "create sequence ||t_a_seq {table=t}\n"
           "create column |t|b {default=t;notnull=f;type=integer}\n"
           "create column |t|c {default=t;notnull=t;type=text}\n");
}

static void test_create_table_constraints(void)
{
    expect("CREATE TABLE posts (id int, author_id int REFERENCES users ON DELETE CASCADE, "
           "slug text UNIQUE, n int CHECK (n > 0), m int CONSTRAINT m_pos CHECK (m >= 0) NOT NULL, "
           "PRIMARY KEY (id), UNIQUE (author_id, slug), "
           "CONSTRAINT fk_ed FOREIGN KEY (n, m) REFERENCES s.eds (a, b) ON UPDATE SET NULL DEFERRABLE, "
           "CHECK (n < m), CHECK (id > 0 AND lower(slug) <> ''))",
           SQL_SCHEMA,
           "create table |posts|\n"
           "create column |posts|id {default=f;notnull=f;type=integer}\n"
           "create column |posts|author_id {default=f;notnull=f;type=integer}\n"
           "create column |posts|slug {default=f;notnull=f;type=text}\n"
           "create column |posts|n {default=f;notnull=f;type=integer}\n"
           "create column |posts|m {default=f;notnull=t;type=integer}\n"
           "create constraint |posts|posts_author_id_fkey {cols=author_id;ctype=f;deferrable=f;ondelete=c;"
           "onupdate=a;reftable=users}\n"
           "create constraint |posts|posts_slug_key {cols=slug;ctype=u;deferrable=f}\n"
           "create constraint |posts|posts_n_check {ctype=c;deferrable=f}\n"
           "create constraint |posts|m_pos {ctype=c;deferrable=f}\n"
           "create constraint |posts|posts_pkey {cols=id;ctype=p;deferrable=f}\n"
           "create constraint |posts|posts_author_id_slug_key {cols=author_id,slug;ctype=u;deferrable=f}\n"
           "create constraint |posts|fk_ed {cols=n,m;ctype=f;deferrable=t;ondelete=a;onupdate=n;"
           "refcols=a,b;reftable=s.eds}\n"
           "create constraint |posts|posts_check {ctype=c;deferrable=f}\n"
           "create constraint |posts|posts_check1 {ctype=c;deferrable=f}\n");
    /* Only columns of the table count: lower() is a function, 'x' a string. */
    expect("CREATE TABLE t (a text, CHECK (lower(a) <> 'x'), EXCLUDE USING gist (a WITH =))", SQL_SCHEMA,
           "create table |t|\n"
           "create column |t|a {default=f;notnull=f;type=text}\n"
           "create constraint |t|t_a_check {ctype=c;deferrable=f}\n"
           "create constraint |t|t_a_excl {ctype=x;deferrable=f}\n");
    /* Columns this reader cannot list: touched, not invented; and the
     * constraints a partition, a child or a LIKE copy takes from the other
     * table under names PostgreSQL makes (p1_pkey). */
    expect("CREATE TABLE t2 AS SELECT * FROM t", SQL_SCHEMA, "create table |t2|\ntouch column |t2|\n");
    expect("CREATE TABLE c (LIKE p INCLUDING ALL, extra int)", SQL_SCHEMA,
           "create table |c|\ncreate column |c|extra {default=f;notnull=f;type=integer}\ntouch column |c|\n"
           "touch constraint |c|\n");
    expect("CREATE TABLE p1 PARTITION OF p FOR VALUES IN (1)", SQL_SCHEMA,
           "create table |p1|\ntouch column |p1|\ntouch constraint |p1|\n");
    expect("CREATE TABLE k (a int) INHERITS (p)", SQL_SCHEMA,
           "create table |k|\ncreate column |k|a {default=f;notnull=f;type=integer}\ntouch column |k|\n"
           "touch constraint |k|\n");
    expect("CREATE TABLE r OF some_type", SQL_SCHEMA, "create table |r|\ntouch column |r|\n");
    expect("CREATE TEMP TABLE scratch (a int)", SQL_SCHEMA, "");
}

static void test_alter_table(void)
{
    /* A null constant is no default (heap.c stores none). */
    expect("CREATE TABLE n (a int DEFAULT NULL, b text DEFAULT NULL::text NOT NULL, c text DEFAULT 'NULL')",
           SQL_SCHEMA,
           "create table |n|\ncreate column |n|a {default=f;notnull=f;type=integer}\n"
           "create column |n|b {default=f;notnull=t;type=text}\ncreate column |n|c {default=t;notnull=f;type=text}\n");
    expect("ALTER TABLE n ALTER COLUMN c SET DEFAULT NULL", SQL_SCHEMA, "alter column |n|c {default=f}\n");
    expect("ALTER TABLE IF EXISTS ONLY s.t ADD COLUMN IF NOT EXISTS a int NOT NULL DEFAULT 1, "
           "DROP COLUMN IF EXISTS b CASCADE, ALTER COLUMN c TYPE bigint USING c::bigint, "
           "ALTER d SET NOT NULL, ALTER COLUMN e DROP NOT NULL, ALTER COLUMN f SET DEFAULT now(), "
           "ALTER COLUMN g DROP DEFAULT, ALTER COLUMN h SET DATA TYPE varchar(10), ADD i text",
           SQL_SCHEMA,
           "create column s|t|a {default=t;notnull=t;type=integer} if_exists if_not_exists\n"
           "drop column s|t|b if_exists cascade\n"
           "alter column s|t|c {type=bigint} if_exists\n"
           "alter column s|t|d {notnull=t} if_exists\n"
           "alter column s|t|e {notnull=f} if_exists\n"
           "alter column s|t|f {default=t} if_exists\n"
           "alter column s|t|g {default=f} if_exists\n"
           "alter column s|t|h {type=character varying(10)} if_exists\n"
           "create column s|t|i {default=f;notnull=f;type=text} if_exists\n");
    expect("ALTER TABLE t ADD CONSTRAINT fk FOREIGN KEY (u) REFERENCES users (id) ON DELETE SET NULL NOT VALID, "
           "ADD UNIQUE (a, b), ADD PRIMARY KEY (id), DROP CONSTRAINT IF EXISTS old, "
           "ALTER CONSTRAINT fk DEFERRABLE INITIALLY DEFERRED, VALIDATE CONSTRAINT fk",
           SQL_SCHEMA,
           "create constraint |t|fk {cols=u;ctype=f;deferrable=f;ondelete=n;onupdate=a;refcols=id;reftable=users}\n"
           "create constraint |t|t_a_b_key {cols=a,b;ctype=u;deferrable=f}\n"
           "create constraint |t|t_pkey {cols=id;ctype=p;deferrable=f}\n"
           "drop constraint |t|old if_exists\n"
           "alter constraint |t|fk {deferrable=t}\n");
    /* An unnamed CHECK on an existing table: its name depends on columns the reader does not know. */
    expect("ALTER TABLE t ADD CHECK (a > 0)", SQL_SCHEMA, "touch constraint |t|\n");
    expect("ALTER TABLE t RENAME TO u", SQL_SCHEMA, "rename table |t| -> u\n");
    /* IF EXISTS on the table and IF NOT EXISTS on the column hold for the constraints they bring. */
    expect("ALTER TABLE IF EXISTS t ADD COLUMN IF NOT EXISTS u int UNIQUE, ADD CONSTRAINT c CHECK (u > 0)", SQL_SCHEMA,
           "create column |t|u {default=f;notnull=f;type=integer} if_exists if_not_exists\n"
           "create constraint |t|t_u_key {cols=u;ctype=u;deferrable=f} if_exists if_not_exists\n"
           "create constraint |t|c {ctype=c;deferrable=f} if_exists\n");
    expect("ALTER TABLE t RENAME COLUMN a TO b; ALTER TABLE t RENAME c TO d", SQL_SCHEMA,
           "rename column |t|a -> b\nrename column |t|c -> d\n");
    expect("ALTER TABLE t RENAME CONSTRAINT a TO \"B\"", SQL_SCHEMA, "rename constraint |t|a -> B\n");
    expect("ALTER TABLE t OWNER TO app, ENABLE ROW LEVEL SECURITY, SET (fillfactor = 50)", SQL_SCHEMA, "");
    not_understood("ALTER TABLE t SET SCHEMA other");
    not_understood("ALTER TABLE t ATTACH PARTITION p FOR VALUES IN (1)");
    not_understood("ALTER TABLE t ADD CONSTRAINT u UNIQUE USING INDEX ix");
    not_understood("ALTER TABLE t");
}

static void test_indexes(void)
{
    expect("CREATE UNIQUE INDEX CONCURRENTLY IF NOT EXISTS ix_a ON ONLY s.t USING hash (a) WHERE a > 0",
           SQL_SCHEMA, "create index s||ix_a {cols=a;partial=t;table=t;unique=t;using=hash} if_not_exists\n");
    expect("CREATE INDEX ix_f ON releases (normalize(name), version DESC NULLS LAST)", SQL_SCHEMA,
           "create index ||ix_f {cols=?;partial=f;table=releases;unique=f;using=btree}\n");
    expect("CREATE INDEX ON t (a, b text_pattern_ops)", SQL_SCHEMA,
           "create index ||t_a_b_idx {cols=a,b;partial=f;table=t;unique=f;using=btree}\n");
    expect("CREATE INDEX ON t ((lower(name)), (a + b), a, a)", SQL_SCHEMA,
           "create index ||t_lower_expr_a_a1_idx {cols=?;partial=f;table=t;unique=f;using=btree}\n");
    expect("CREATE INDEX ix ON t (a) INCLUDE (b) WITH (fillfactor = 90) TABLESPACE x", SQL_SCHEMA,
           "create index ||ix {cols=?;partial=f;table=t;unique=f;using=btree}\n");
    expect("DROP INDEX CONCURRENTLY IF EXISTS a, s.b CASCADE", SQL_SCHEMA,
           "drop index ||a if_exists cascade\ndrop index s||b if_exists cascade\n");
    expect("ALTER INDEX IF EXISTS ix_old RENAME TO ix_new", SQL_SCHEMA, "rename index ||ix_old -> ix_new if_exists\n");
    expect("ALTER INDEX ix SET (fillfactor = 80)", SQL_SCHEMA, "");
    not_understood("ALTER INDEX ix ATTACH PARTITION p");
    not_understood("CREATE INDEX ix ON t");
}

static void test_types_and_sequences(void)
{
    expect("CREATE TYPE mood AS ENUM ('sad', 'ok', 'it''s')", SQL_SCHEMA,
           "create type ||mood {values=sad,ok,it's}\n");
    expect("CREATE TYPE s.pair AS (a int, b text)", SQL_SCHEMA, "create type s||pair {values=?}\n");
    expect("ALTER TYPE mood ADD VALUE IF NOT EXISTS 'happy' AFTER 'ok'", SQL_SCHEMA,
           "alter type ||mood {value_add=happy;value_after=ok;values=?}\n");
    expect("ALTER TYPE mood ADD VALUE 'meh' BEFORE 'ok'; ALTER TYPE mood ADD VALUE 'x'", SQL_SCHEMA,
           "alter type ||mood {value_add=meh;value_before=ok;values=?}\nalter type ||mood {value_add=x;values=?}\n");
    expect("ALTER TYPE mood RENAME VALUE 'sad' TO 'blue'", SQL_SCHEMA,
           "alter type ||mood {value_from=sad;value_to=blue;values=?}\n");
    expect("ALTER TYPE mood RENAME TO feeling; DROP TYPE IF EXISTS a, b CASCADE", SQL_SCHEMA,
           "rename type ||mood -> feeling\ndrop type ||a if_exists cascade\ndrop type ||b if_exists cascade\n");
    expect("CREATE SEQUENCE IF NOT EXISTS s.seq INCREMENT BY 1 START WITH 10 OWNED BY s.t.id", SQL_SCHEMA,
           "create sequence s||seq {table=t} if_not_exists\n");
    expect("CREATE SEQUENCE seq", SQL_SCHEMA, "create sequence ||seq\n");
    expect("ALTER SEQUENCE seq OWNED BY t.id; ALTER SEQUENCE seq RESTART WITH 5", SQL_SCHEMA,
           "alter sequence ||seq {table=t}\n");
    expect("ALTER SEQUENCE seq RENAME TO seq2; DROP SEQUENCE seq2", SQL_SCHEMA,
           "rename sequence ||seq -> seq2\ndrop sequence ||seq2\n");
}

static void test_views_functions_triggers(void)
{
    expect("CREATE OR REPLACE VIEW v (a) AS SELECT 1; CREATE MATERIALIZED VIEW IF NOT EXISTS s.mv AS "
           "SELECT * FROM t WITH NO DATA",
           SQL_SCHEMA, "create view ||v or_replace\ncreate materialized view s||mv if_not_exists\n");
    expect("DROP VIEW IF EXISTS v; DROP MATERIALIZED VIEW mv CASCADE; ALTER VIEW v2 RENAME TO v3", SQL_SCHEMA,
           "drop view ||v if_exists\ndrop materialized view ||mv cascade\nrename view ||v2 -> v3\n");
    expect("CREATE OR REPLACE FUNCTION s.f(a integer, OUT b text, IN c varchar(10) DEFAULT 'x', "
           "VARIADIC d int[], e double precision = 1.5, timestamptz) RETURNS text LANGUAGE plpgsql AS $body$\n"
           "BEGIN; SELECT 'it''s'; $$ not the end $$; END; $body$",
           SQL_SCHEMA,
           "create function s||f(integer,character varying,integer[],double precision,timestamp with time zone)"
           " or_replace\n");
    expect("CREATE FUNCTION trg() RETURNS trigger AS $$ BEGIN RETURN NEW; END $$ LANGUAGE plpgsql;"
           "CREATE TRIGGER t_upd BEFORE INSERT OR UPDATE OF a, b ON s.t FOR EACH ROW EXECUTE FUNCTION trg()",
           SQL_SCHEMA, "create function ||trg()\ncreate trigger s|t|t_upd\n");
    expect("CREATE OR REPLACE CONSTRAINT TRIGGER ct AFTER INSERT ON t DEFERRABLE FOR EACH ROW EXECUTE PROCEDURE f()",
           SQL_SCHEMA, "create trigger |t|ct or_replace\n");
    expect("DROP TRIGGER IF EXISTS t_upd ON s.t; ALTER TRIGGER a ON t RENAME TO b", SQL_SCHEMA,
           "drop trigger s|t|t_upd if_exists\nrename trigger |t|a -> b\n");
    expect("DROP FUNCTION IF EXISTS f(int, text), g() CASCADE", SQL_SCHEMA,
           "drop function ||f(integer,text) if_exists cascade\ndrop function ||g() if_exists cascade\n");
    /* Without arguments the server picks the one function of that name. */
    expect("DROP FUNCTION s.f", SQL_SCHEMA, "touch function s||\n");
    expect("ALTER FUNCTION f(int) RENAME TO g; ALTER FUNCTION g(int) OWNER TO app", SQL_SCHEMA,
           "rename function ||f(integer) -> g(integer)\n");
    expect("CREATE PROCEDURE p(x bigint) LANGUAGE sql AS 'select 1'", SQL_SCHEMA, "create function ||p(bigint)\n");
    not_understood("CREATE FUNCTION f() RETURNS int LANGUAGE sql BEGIN ATOMIC SELECT 1; END");
    not_understood("CREATE FUNCTION f(t.a%TYPE) RETURNS int AS 'select 1' LANGUAGE sql");
}

static void test_extensions_schemas_and_no_ops(void)
{
    expect("CREATE EXTENSION IF NOT EXISTS \"uuid-ossp\" WITH SCHEMA public; DROP EXTENSION IF EXISTS pg_trgm, "
           "hstore CASCADE",
           SQL_SCHEMA,
           "create extension ||uuid-ossp if_not_exists\ndrop extension ||pg_trgm if_exists cascade\n"
           "drop extension ||hstore if_exists cascade\n");
    expect("CREATE SCHEMA IF NOT EXISTS audit AUTHORIZATION app; DROP SCHEMA old CASCADE; ALTER SCHEMA a RENAME TO b",
           SQL_SCHEMA, "create schema audit|| if_not_exists\ndrop schema old|| cascade\nrename schema a|| -> b\n");
    expect("COMMENT ON TABLE t IS 'x'; GRANT SELECT ON t TO r; REVOKE ALL ON t FROM PUBLIC; SET lock_timeout = "
           "'5s'; ANALYZE t; NOTIFY ch; BEGIN; COMMIT",
           SQL_SCHEMA, "");
    /* Row security policies, publications, extended statistics and
     * collations are not kept by the model; their statements touch nothing. */
    expect("CREATE POLICY p ON t USING (owner = current_user); ALTER POLICY p ON t RENAME TO q; DROP POLICY q ON t; "
           "CREATE PUBLICATION pub FOR TABLE t; DROP PUBLICATION pub; CREATE STATISTICS st ON a, b FROM t; "
           "CREATE COLLATION c1 (provider = icu, locale = 'und')",
           SQL_SCHEMA, "");
    expect("CREATE DOMAIN s.email AS text CHECK (VALUE LIKE '%@%'); DROP DOMAIN IF EXISTS d2", SQL_SCHEMA,
           "create type s||email {values=?}\ndrop type ||d2 if_exists\n");
    not_understood("CREATE SCHEMA AUTHORIZATION app");
    not_understood("SET search_path TO audit; CREATE TABLE t (a int)");
    not_understood("SET LOCAL search_path = audit");
    not_understood("CREATE SCHEMA s CREATE TABLE t (a int)");
}

static void test_data_and_mixed(void)
{
    expect("INSERT INTO t VALUES (1); UPDATE t SET a = 2; DELETE FROM t; TRUNCATE t; "
           "COPY t FROM STDIN; SELECT setval('s', 1); WITH x AS (SELECT 1) SELECT * FROM x",
           SQL_DATA_ONLY, "");
    expect("REFRESH MATERIALIZED VIEW mv", SQL_DATA_ONLY, "");
    expect("ALTER TABLE t ADD b int; UPDATE t SET b = a", SQL_SCHEMA_AND_DATA,
           "create column |t|b {default=f;notnull=f;type=integer}\n");
    /* One statement not understood: nothing at all, whatever came before. */
    not_understood("CREATE TABLE t (a int); DO $$ BEGIN END $$");
    not_understood("CREATE TABLE t (a int); CALL p()");
}

static void test_lexer(void)
{
    /* Comments, nested block comments, strings holding ';' and comment marks. */
    expect("-- DROP TABLE x;\n/* outer /* inner; */ still comment; */ DROP TABLE a; "
           "COMMENT ON TABLE a IS 'no; -- /* here'; COMMENT ON TABLE a IS E'it\\'s; ok'",
           SQL_SCHEMA, "drop table |a|\n");
    /* Quoted identifiers keep case and may hold anything; unquoted fold to lower case. */
    expect("DROP TABLE \"My \"\"Table\"\"; x\", MyTable, ÄbC", SQL_SCHEMA,
           "drop table |My \"Table\"; x|\ndrop table |mytable|\ndrop table |Äbc|\n");
    expect("  ;; DROP TABLE a ;  ; ", SQL_SCHEMA, "drop table |a|\n");
    not_understood("");
    not_understood("  ;  -- nothing\n");
    not_understood("DROP TABLE 'a'");
    not_understood("DROP TABLE a /* unterminated");
    not_understood("COMMENT ON TABLE a IS 'unterminated");
    not_understood("DROP TABLE \"unterminated");
    not_understood("CREATE FUNCTION f() RETURNS int AS $x$ unterminated $y$ LANGUAGE sql");
    not_understood("DROP TABLE \"\"");
    not_understood("UPDATE t SET a = 1 \\ DROP TABLE x");
    not_understood("CREATE TABLE t (a int");
    not_understood("CREATE TABLE t (a int,)");
    not_understood("CREATE VIEW v");
}

static void test_truncation(void)
{
    /* 70 bytes: PostgreSQL keeps 63, for quoted and unquoted names alike. */
    const char *n70 = "ix_production_schedule_version_task_link_production_schedule_version";
    char *sql = xasprintf("CREATE INDEX %s ON t (a); ALTER INDEX \"%s\" RENAME TO x", n70, n70);
    char *want = xasprintf("create index ||%.63s {cols=a;partial=f;table=t;unique=f;using=btree}\n"
                           "rename index ||%.63s -> x\n",
                           n70, n70);
    expect(sql, SQL_SCHEMA, want);
    free(sql);
    free(want);
    /* Never inside a UTF-8 character: 62 ASCII bytes then a 2-byte one leaves 62. */
    char name[80];
    memset(name, 'a', 62);
    strcpy(name + 62, "\xc3\xa9tail");
    sql = xasprintf("DROP TABLE %s", name);
    want = xasprintf("drop table |%.62s|\n", name);
    expect(sql, SQL_SCHEMA, want);
    free(sql);
    free(want);
    /* Chosen names shorten the longer part first (makeObjectName). */
    char *long_table = xasprintf("%s_and_more", n70);
    sql = xasprintf("CREATE TABLE %s (id int PRIMARY KEY, user_identifier_column int UNIQUE)", long_table);
    struct upgrade_effects e = {0};
    CHECK_INT(sql_to_ops(sql, 1, &e), SQL_SCHEMA);
    char *d = dump(&e);
    /* As PostgreSQL 15 named them. */
    CHECK(strstr(d, "create constraint |ix_production_schedule_version_task_link_production_schedule_ve|"
                    "ix_production_schedule_version_task_link_production_schedu_pkey ") != NULL);
    CHECK(strstr(d, "|ix_production_schedule_version_task__user_identifier_column_key ") != NULL);
    free(d);
    upgrade_effects_free(&e);
    free(sql);
    free(long_table);
}

static void test_canonical_type(void)
{
    static const struct {
        const char *in;
        int keep;
        const char *want;
    } cases[] = {
        {"varchar(255)", 1, "character varying(255)"},
        {"varchar(255)", 0, "character varying"},
        {"TIMESTAMP(6) WITH TIME ZONE", 1, "timestamp(6) with time zone"},
        {"timestamptz(3)", 0, "timestamp with time zone"},
        {"pg_catalog.int8", 1, "bigint"},
        {"numeric(12, 4)", 1, "numeric(12,4)"},
        {"character(3)[]", 1, "character(3)[]"},
        {"interval day to second", 1, "interval day to second"},
        {"time", 1, "time without time zone"},
        {"float8", 1, "double precision"},
        {"int4range", 1, "int4range"},
        {"citext", 1, "citext"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char *got = sql_canonical_type(cases[i].in, cases[i].keep);
        CHECK_STR(got, cases[i].want);
        free(got);
    }
    CHECK(sql_canonical_type("varchar(", 1) == NULL);
    CHECK(sql_canonical_type("int int", 1) == NULL);
}

static char *names_joined(const struct strvec *v)
{
    struct strbuf b = {0};
    sb_appendn(&b, "", 0);
    for (size_t i = 0; i < v->n; i++) {
        if (i)
            sb_appendc(&b, ',');
        sb_appendn(&b, v->v[i], strlen(v->v[i]));
    }
    return sb_take(&b);
}

/* The names an unread statement may act on: a DO block's (zou) */
static void test_names(void)
{
    struct strvec v = {0};
    sql_names("DO $$ BEGIN IF EXISTS (SELECT 1 FROM information_schema.columns WHERE table_name='t' "
              "AND column_name='src' AND data_type='character varying') THEN ALTER TABLE t ALTER COLUMN src "
              "TYPE src_enum USING src::src_enum; END IF; END $$;",
              16, &v);
    char *got = names_joined(&v);
    CHECK_STR(got, "columns,table_name,t,column_name,src,src_enum");
    free(got);
    sv_free(&v);
    /* quoted names as spelled, bodies one level down only, unterminated: none */
    sql_names("DO $a$ BEGIN EXECUTE $b$ ALTER TABLE \"User\" ADD x int $b$; END $a$", 16, &v);
    got = names_joined(&v);
    CHECK_STR(got, "User,x,int");
    free(got);
    sv_free(&v);
    sql_names("DO $x$ $y$ $z$ DROP TABLE deep $z$ $y$ $x$", 16, &v);
    CHECK_INT(v.n, 0);
    sql_names("ALTER TABLE 'open", 16, &v);
    CHECK_INT(v.n, 0);
    /* past the bound, one more name and no further */
    CHECK_INT(sql_names("SELECT a1, a2, a3, a4, a5 FROM t", 2, &v), 3);
    got = names_joined(&v);
    CHECK_STR(got, "a1,a2,a3");
    free(got);
    sv_free(&v);
}

/* Marks (an f-string's unknown fields) only inside string literals and
 * dollar-quoted bodies; anywhere else, or with a comment or a quoted name
 * outside the literals, or none at all, the text is refused. */
static void test_marks_only_in_literals(void)
{
    static const struct {
        const char *sql;
        int want;
    } cases[] = {
        {"CREATE FUNCTION f() RETURNS trigger AS $$ BEGIN RAISE EXCEPTION '\x01'; END $$ LANGUAGE plpgsql", 1},
        {"CREATE FUNCTION f() RETURNS trigger AS $b$ BEGIN RAISE '\x01'; END $b$ LANGUAGE plpgsql", 1},
        {"CREATE TABLE z (c text DEFAULT '\x01')", 1},
        {"CREATE TABLE z (c text DEFAULT E'\\'\x01')", 1},
        {"CREATE TABLE z (c text DEFAULT 'it''s \x01')", 1},
        {"CREATE INDEX ix_\x01 ON y (id)", 0},
        {"CREATE TABLE w (c text) -- \x01", 0},
        {"CREATE TABLE w (c text DEFAULT 'a') /* note */", 0},
        {"CREATE TABLE \"W\" (c text DEFAULT '\x01')", 0},
        {"CREATE TABLE w (c text DEFAULT '\x01", 0},
        {"CREATE TABLE w (c text)", 0},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        int got = sql_marks_only_in_literals(cases[i].sql, '\x01');
        if (got != cases[i].want)
            printf("#   case %zu\n", i);
        CHECK_INT(got, cases[i].want);
    }
}

int main(void)
{
    RUN(test_create_table_columns);
    RUN(test_marks_only_in_literals);
    RUN(test_create_table_constraints);
    RUN(test_alter_table);
    RUN(test_indexes);
    RUN(test_types_and_sequences);
    RUN(test_views_functions_triggers);
    RUN(test_extensions_schemas_and_no_ops);
    RUN(test_data_and_mixed);
    RUN(test_lexer);
    RUN(test_truncation);
    RUN(test_canonical_type);
    RUN(test_names);
    return check_exit();
}
