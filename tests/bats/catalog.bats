#!/usr/bin/env bats
# Issues 14 and 18: the catalog reader. Every kind of object objects.h names,
# made with real SQL (and a real Alembic migration where the name comes from
# a script), is read with its attributes in objects.h's vocabulary; objects
# of extensions are never read; objects no script mentions are counted, not
# read one by one, and the count stops at its bound.
#
# The gate's -v log prints the catalog it read ("catalog: KIND NAME {k=v
# ...}"); tests/bats/lib/catalog_read.c runs the same reader on names given
# by hand, for the kinds whose names no extractor gives yet.

setup_file() {
    load 'lib/common'
    pg_start
    make -s -C "$ROOT_DIR" dev >/dev/null
    cc -std=c11 -D_GNU_SOURCE -I"$ROOT_DIR/src" -I"$(pg_config --includedir)" -g -fsanitize=address,undefined \
        "$TESTS_DIR/bats/lib/catalog_read.c" "$ROOT_DIR/build/dev/libgate.a" -lpq -o "$BATS_FILE_TMPDIR/catalog_read"
}

teardown_file() {
    load 'lib/common'
    pg_stop
}

setup() {
    load 'lib/common'
    use_fresh_database cat
    READ=$BATS_FILE_TMPDIR/catalog_read
    PROJ=$BATS_TEST_TMPDIR/proj
    mkdir -p "$PROJ/migrations/versions"
    cp "$EXAMPLE_DIR/alembic.ini" "$PROJ/"
    cp "$EXAMPLE_DIR/migrations/env.py" "$EXAMPLE_DIR/migrations/script.py.mako" "$PROJ/migrations/"
    export ALEMBIC_CONFIG=$PROJ/alembic.ini
}

# One revision whose upgrade() body is read from stdin.
revision() {
    { cat <<'PY'
from alembic import op
import sqlalchemy as sa
from sqlalchemy.dialects import postgresql

revision = "a1"
down_revision = None
branch_labels = None
depends_on = None


def upgrade():
PY
      sed 's/^/    /'
      printf '\n\ndef downgrade():\n    pass\n'
    } > "$PROJ/migrations/versions/a1_schema.py"
}

# The gate's catalog lines: "KIND NAME {attrs}", "unmentioned KIND NAME" and the count.
gate_catalog() {
    "$GATE" --check-only -v --status-file "$BATS_TEST_TMPDIR/status.json" 2>&1 |
        sed -n 's/.*debug catalog: //p'
}

@test "columns, indexes, constraints, triggers and owned sequences of a table a migration creates" {
    revision <<'PY'
op.execute("CREATE TYPE mood AS ENUM ('sad', 'ok', 'happy')")
op.create_table(
    "users",
    sa.Column("id", sa.Integer(), sa.Identity(), primary_key=True),
    sa.Column("email", sa.String(255), nullable=False),
    sa.Column("price", sa.Numeric(10, 2), server_default="0"),
    sa.Column("tags", postgresql.ARRAY(sa.Text())),
    sa.Column("seen", sa.DateTime(timezone=True)),
    sa.Column("mood", postgresql.ENUM(name="mood", create_type=False)),
    sa.Column("code", sa.String(10)),
    sa.UniqueConstraint("email", name="uq_users_email"),
    sa.CheckConstraint("price >= 0", name="ck_users_price"),
)
op.create_table(
    "orders",
    sa.Column("id", sa.Integer(), primary_key=True),
    sa.Column("user_id", sa.Integer()),
    sa.ForeignKeyConstraint(["user_id"], ["users.id"], name="fk_orders_user", ondelete="CASCADE",
                            onupdate="SET NULL", deferrable=True, initially="DEFERRED"),
)
op.create_index("ix_users_lower_email", "users", [sa.text("lower(email)")])
op.create_index("ix_users_tags", "users", ["tags"], postgresql_using="gin")
op.create_index("ix_users_code_live", "users", ["code", "id"], unique=True, postgresql_where=sa.text("code IS NOT NULL"))
op.execute("ALTER TABLE users ADD CONSTRAINT ex_users_code EXCLUDE USING btree (code WITH =)")
op.execute("CREATE FUNCTION touch() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NEW; END $$")
op.execute("CREATE TRIGGER trg_users_touch BEFORE UPDATE ON users FOR EACH ROW EXECUTE FUNCTION touch()")
PY
    run alembic_run -c "$PROJ/alembic.ini" upgrade head
    assert_success
    run gate_catalog
    assert_success
    assert_line "table public.users {}"
    assert_line "column public.users.id {default=f notnull=t type=integer}"
    assert_line "column public.users.email {default=f notnull=t type=character varying(255)}"
    assert_line "column public.users.price {default=t notnull=f type=numeric(10,2)}"
    assert_line "column public.users.tags {default=f notnull=f type=text[]}"
    assert_line "column public.users.seen {default=f notnull=f type=timestamp with time zone}"
    assert_line "column public.users.mood {default=f notnull=f type=mood}"
    assert_line "index public.ix_users_lower_email {cols=? partial=f table=users unique=f using=btree}"
    assert_line "index public.ix_users_tags {cols=tags partial=f table=users unique=f using=gin}"
    assert_line "index public.ix_users_code_live {cols=code,id partial=t table=users unique=t using=btree}"
    assert_line "constraint public.users.users_pkey {cols=id ctype=p deferrable=f}"
    assert_line "constraint public.users.uq_users_email {cols=email ctype=u deferrable=f}"
    assert_line "constraint public.users.ck_users_price {cols=price ctype=c deferrable=f}"
    assert_line "constraint public.users.ex_users_code {cols=code ctype=x deferrable=f}"
    assert_line "constraint public.orders.fk_orders_user {cols=user_id ctype=f deferrable=t ondelete=c onupdate=n refcols=id reftable=public.users}"
    assert_line "trigger public.users.trg_users_touch {}"
    assert_line "sequence public.users_id_seq {table=users}"
    assert_line "sequence public.orders_id_seq {table=orders}"
    # The indexes of constraints are the constraints', and a foreign key's
    # internal triggers are PostgreSQL's.
    refute_line --partial "index public.users_pkey"
    refute_line --partial "index public.uq_users_email"
    refute_line --partial "trigger public.orders.RI_"
    refute_line --partial "alembic_version"
}

@test "types, views, materialized views, sequences, functions, extensions and schemas by name" {
    pg_psql -d "$DB" <<'SQL'
CREATE SCHEMA app AUTHORIZATION app;
CREATE TYPE app.mood AS ENUM ('sad', 'ok', 'happy');
CREATE TYPE app.pair AS (a integer, b text);
CREATE DOMAIN app.email AS text CHECK (VALUE LIKE '%@%');
CREATE TABLE app.t (id integer, m app.mood[]);
CREATE VIEW app.v AS SELECT id FROM app.t;
CREATE MATERIALIZED VIEW app.mv AS SELECT id FROM app.t;
CREATE SEQUENCE app.order_no;
CREATE FUNCTION app.f(a integer, b character varying, c app.mood[]) RETURNS integer LANGUAGE sql AS 'SELECT 1';
CREATE FUNCTION app.f() RETURNS integer LANGUAGE sql AS 'SELECT 2';
CREATE PROCEDURE app.p(x text) LANGUAGE sql AS 'SELECT 1';
CREATE EXTENSION pg_trgm;
SQL
    run "$READ" "$DATABASE_URL" type:app::mood type:app::pair type:app::email table:app:t: view:app::v \
        "materialized view:app::mv" sequence:app::order_no function:app::f "function:app::p(text)" \
        extension:::pg_trgm schema:app:: type:app::t
    assert_success
    assert_line "schema app {}"
    assert_line "type app.mood {values=sad,ok,happy}"
    assert_line "type app.pair {values=?}"
    assert_line "type app.email {values=?}"
    assert_line "column app.t.m {default=f notnull=f type=mood[]}"
    assert_line "view app.v {}"
    assert_line "materialized view app.mv {}"
    assert_line "sequence app.order_no {}"
    assert_line "function app.f(integer,character varying,mood[]) {}"
    assert_line "function app.f() {}"
    assert_line "function app.p(text) {}"
    assert_line "extension pg_trgm {}"
    # A table's row type is the table's, not a type.
    refute_line "type app.t {values=?}"
}

@test "objects of an extension are neither read nor counted" {
    # pg_stat_statements puts a view and functions in the schema it is created in.
    pg_psql -d "$DB" -c "CREATE EXTENSION pg_stat_statements"
    pg_psql -d "$DB" -c "CREATE TABLE mine (id integer)"
    run "$READ" "$DATABASE_URL" view:::pg_stat_statements function:::pg_stat_statements_reset table:::mine
    assert_success
    assert_line "table public.mine {}"
    refute_line --partial "pg_stat_statements"
    assert_line "unmentioned_total: 0"
}

@test "objects no script mentions are counted, not read, and the count stops at 100" {
    revision <<'PY'
op.create_table("users", sa.Column("id", sa.Integer(), primary_key=True))
PY
    run alembic_run -c "$PROJ/alembic.ini" upgrade head
    assert_success
    pg_psql -d "$DB" <<'SQL'
SET ROLE app;
CREATE VIEW v_report AS SELECT 1 AS one;
CREATE SEQUENCE loose_seq;
CREATE TABLE serial_owner (id serial PRIMARY KEY, note text);
CREATE INDEX ix_serial_owner_note ON serial_owner (note);
SQL
    run gate_catalog
    assert_success
    assert_line "unmentioned view public.v_report"
    assert_line "unmentioned sequence public.loose_seq"
    assert_line "unmentioned table public.serial_owner"
    assert_line "unmentioned index public.ix_serial_owner_note"
    # Not read one by one: no columns, constraints or owned sequence of it.
    refute_line --partial "public.serial_owner."
    refute_line --partial "serial_owner_id_seq"
    assert_line --regexp "^[0-9]+ objects read, 4 unmentioned counted in 1 schema; version table present$"
    assert_equal "$(status_field extra_objects "$BATS_TEST_TMPDIR/status.json")" \
        "view public.v_report,sequence public.loose_seq,table public.serial_owner,index public.ix_serial_owner_note"

    echo "SELECT format('CREATE TABLE bulk_%s (id integer)', g) FROM generate_series(1, 150) g \gexec" |
        pg_psql -d "$DB" >/dev/null
    run gate_catalog
    assert_line --regexp "objects read, 100\+ unmentioned counted"
    assert_equal "$(grep -c '^unmentioned ' <<<"$output")" 100
    run /usr/bin/python3 -c 'import json,sys; print(len(json.load(open(sys.argv[1]))["extra_objects"]))' "$BATS_TEST_TMPDIR/status.json"
    assert_output 100
    # Issue 17: the log and the status file say the count stopped there.
    run "$GATE" --check-only --status-file "$BATS_TEST_TMPDIR/status.json"
    assert_line --partial "more than 100 objects no migration mentions"
    assert_equal "$(status_field extra_objects_total "$BATS_TEST_TMPDIR/status.json")" 100
    assert_equal "$(status_field extra_objects_total_is_lower_bound "$BATS_TEST_TMPDIR/status.json")" True
}

@test "a missing version table: the read succeeds without selecting from it, and the state is decided" {
    revision <<'PY'
op.create_table("users", sa.Column("id", sa.Integer(), primary_key=True))
PY
    local errors_before
    errors_before=$(grep -c 'alembic_version" does not exist' "$PGTEST_DIR/server.log" || true)
    run "$GATE" --check-only -v --status-file "$BATS_TEST_TMPDIR/status.json"
    assert_success
    assert_line --partial "version table missing"
    assert_equal "$(status_field state "$BATS_TEST_TMPDIR/status.json")" fresh
    # The first round trip found no version table: the second does not read it
    # (a failing SELECT would leave an ERROR in the server's log every start).
    assert_equal "$(grep -c 'alembic_version" does not exist' "$PGTEST_DIR/server.log" || true)" "$errors_before"
}

# Issue 18: at most two round trips before the decision. The main
# connection runs no readiness query of its own: the read's first round
# trip carries it, with current_schema() resolved on the server. Counted on
# the wire (tests/lib/wire.sh: strace, no TLS so the messages can be read);
# a libpq program that runs one query counts one.
@test "before its decision the gate makes two round trips after authentication, at head and with no version table" {
    source "$TESTS_DIR/lib/wire.sh"
    revision <<'PY'
op.create_table("users", sa.Column("id", sa.Integer(), primary_key=True))
op.create_index("ix_users_id", "users", ["id"])
PY
    local url="$DATABASE_URL?sslmode=disable" trace=$BATS_TEST_TMPDIR/trace
    assert_equal "$(round_trips "$trace" "$PG_BIN/psql" -X -q -d "$url" -c 'SELECT 1')" 1
    assert_equal "$(round_trips "$trace" env DATABASE_URL="$url" "$GATE" --check-only -q)" 2
    assert_equal "$(status_field state "$BATS_TEST_TMPDIR/status.json")" fresh
    alembic_run -c "$PROJ/alembic.ini" upgrade head >/dev/null 2>&1
    assert_equal "$(round_trips "$trace" env DATABASE_URL="$url" "$GATE" --check-only -q)" 2
    assert_equal "$(status_field state "$BATS_TEST_TMPDIR/status.json")" healthy
}
