#!/usr/bin/env bats
# Issue 5: every state of SPEC section 4, built with real Alembic and broken
# the way production breaks it. After the gate, `alembic upgrade head` must
# succeed, the schema must equal a fresh `upgrade head`, and the data-only
# migration must have run exactly once (it inserts the admin user, and a
# second run would fail on users.email's unique constraint).

HEAD=92a3b4c5d6e7

setup_file() {
    load 'lib/common'
    pg_start
    # The reference: a fresh database migrated to head by Alembic alone.
    pg_createdb reference
    DATABASE_URL=$(db_url reference) alembic_run upgrade head 2>/dev/null
    schema_dump reference > "$BATS_FILE_TMPDIR/reference.sql"
}

teardown_file() {
    load 'lib/common'
    pg_stop
}

setup() {
    load 'lib/common'
    use_fresh_database s
}

upgrade() { alembic_run upgrade "$@" 2>/dev/null; }

# The judge: Alembic can finish the job, and the result is the fresh schema
# with the admin user inserted exactly once.
assert_alembic_finishes() {
    run alembic_run upgrade head
    assert_success
    schema_dump "$DB" > "$BATS_TEST_TMPDIR/after.sql"
    diff -u "$BATS_FILE_TMPDIR/reference.sql" "$BATS_TEST_TMPDIR/after.sql"
    assert_equal "$(pg_psql -d "$DB" -c "SELECT count(*) FROM users WHERE email = 'admin@example.com'")" 1
    assert_equal "$(version_rows "$DB")" "$HEAD"
}

@test "fresh: an empty database is left alone and Alembic builds everything" {
    run "$GATE"
    assert_success
    assert_equal "$(status_field outcome)" fresh
    assert_equal "$(status_field state)" fresh
    assert_equal "$(pg_psql -d "$DB" -c "SELECT to_regclass('alembic_version') IS NULL")" t
    assert_alembic_finishes
}

@test "healthy at head: nothing is written (the row's xmin is unchanged)" {
    upgrade head
    before=$(pg_psql -d "$DB" -c "SELECT xmin FROM alembic_version")
    run "$GATE"
    assert_success
    assert_equal "$(status_field outcome)" healthy
    assert_equal "$(status_field pending)" 0
    assert_equal "$(pg_psql -d "$DB" -c "SELECT xmin FROM alembic_version")" "$before"
    assert_alembic_finishes
}

@test "healthy mid-chain: pending migrations are fine and are left to Alembic" {
    upgrade 2b3c4d5e6f70
    run "$GATE"
    assert_success
    assert_equal "$(status_field outcome)" healthy
    assert_equal "$(status_field pending)" 7
    assert_alembic_finishes
}

@test "no_version at head: empty alembic_version (create_all / restored dump) is stamped head" {
    upgrade head
    pg_psql -d "$DB" -c "DELETE FROM alembic_version"
    run alembic_run upgrade head
    assert_failure
    assert_output --partial DuplicateTable
    run "$GATE"
    assert_success
    assert_equal "$(status_field outcome)" repaired
    assert_equal "$(status_field state)" no_version
    assert_equal "$(status_field revisions_before)" ""
    assert_equal "$(status_field revisions_after)" "$HEAD"
    assert_output --partial "[] -> [$HEAD]"
    # The plan is logged as a plan before the lock; only the result says done.
    assert_line --regexp "will stamp $HEAD.*state=no_version"
    refute_line --regexp "info  .*; stamped $HEAD"
    assert_equal "$(status_field message)" "tables exist but the version table was empty; stamped $HEAD, the revision the schema matches"
    assert_alembic_finishes
}

@test "no_version at head with the version table dropped: created with Alembic's DDL, then stamped" {
    upgrade head
    pg_psql -d "$DB" -c "DROP TABLE alembic_version"
    run "$GATE"
    assert_success
    assert_equal "$(status_field state)" no_version
    # Alembic's own definition: varchar(32) NOT NULL with the primary key alembic_version_pkc.
    assert_equal "$(pg_psql -d "$DB" -c "SELECT conname FROM pg_constraint WHERE conrelid = 'alembic_version'::regclass")" alembic_version_pkc
    assert_equal "$(pg_psql -d "$DB" -c "SELECT format_type(atttypid, atttypmod) || ' ' || attnotnull FROM pg_attribute WHERE attrelid = 'alembic_version'::regclass AND attname = 'version_num'")" "character varying(32) true"
    assert_alembic_finishes
}

@test "no_version on a branch tip: only one side of the branch applied" {
    upgrade 5e6f708192a3
    pg_psql -d "$DB" -c "DELETE FROM alembic_version"
    run "$GATE"
    assert_success
    assert_equal "$(status_field state)" no_version
    assert_equal "$(status_field revisions_after)" 5e6f708192a3
    assert_alembic_finishes
}

@test "no_version with both branches applied: the empty merge counts as applied (SPEC 5)" {
    upgrade 5e6f708192a3
    upgrade 6f708192a3b4
    assert_equal "$(version_rows "$DB")" "5e6f708192a3 6f708192a3b4"
    pg_psql -d "$DB" -c "DELETE FROM alembic_version"
    run "$GATE"
    assert_success
    # The merge revision provably does nothing, so once both its parents are
    # applied it is too: one row, the merge.
    assert_equal "$(version_rows "$DB")" 708192a3b4c5
    assert_alembic_finishes
}

@test "two branch rows recorded, the schema agreeing: healthy, untouched" {
    upgrade 5e6f708192a3
    upgrade 6f708192a3b4
    run "$GATE"
    assert_success
    assert_equal "$(status_field outcome)" healthy
    assert_equal "$(version_rows "$DB")" "5e6f708192a3 6f708192a3b4"
    assert_alembic_finishes
}

@test "ambiguous: a data-only migration makes two sets explain the schema; exit 5 names both" {
    upgrade 3c4d5e6f7081
    pg_psql -d "$DB" -c "DELETE FROM alembic_version"
    run "$GATE"
    assert_equal "$status" 5
    assert_equal "$(status_field outcome)" needs_human
    assert_equal "$(status_field state)" ambiguous
    assert_equal "$(status_field ready)" False
    run status_field candidates
    assert_output --partial 3c4d5e6f7081
    assert_output --partial 4d5e6f708192
    assert_equal "$(pg_psql -d "$DB" -c "SELECT count(*) FROM alembic_version")" 0
}

@test "ambiguous with --on-ambiguous oldest: stamps the older set; the data migration then runs once" {
    upgrade 3c4d5e6f7081
    pg_psql -d "$DB" -c "DELETE FROM alembic_version"
    run "$GATE" --on-ambiguous oldest
    assert_success
    assert_equal "$(version_rows "$DB")" 3c4d5e6f7081
    assert_alembic_finishes
}

@test "ambiguous with --on-ambiguous newest: stamps the newer set" {
    upgrade 4d5e6f708192
    pg_psql -d "$DB" -c "DELETE FROM alembic_version"
    run "$GATE" --on-ambiguous newest
    assert_success
    assert_equal "$(version_rows "$DB")" 4d5e6f708192
    assert_alembic_finishes
}

@test "--assume-revision answers an ambiguous state" {
    upgrade 4d5e6f708192
    pg_psql -d "$DB" -c "DELETE FROM alembic_version"
    run "$GATE" --assume-revision 4d5e6f708192
    assert_success
    assert_equal "$(version_rows "$DB")" 4d5e6f708192
    assert_alembic_finishes
}

@test "--assume-revision naming a revision not in the scripts is a usage error, nothing written" {
    upgrade head
    pg_psql -d "$DB" -c "DELETE FROM alembic_version"
    run "$GATE" --assume-revision feedfacecafe
    assert_equal "$status" 64
    assert_output --partial feedfacecafe
    assert_equal "$(pg_psql -d "$DB" -c "SELECT count(*) FROM alembic_version")" 0
}

@test "unknown_version: a squashed revision recorded, schema exactly at head: stamped head" {
    upgrade head
    pg_psql -d "$DB" -c "UPDATE alembic_version SET version_num = '0ff1ce5ca1ab'"
    run alembic_run upgrade head
    assert_failure
    assert_output --partial "Can't locate revision"
    run "$GATE"
    assert_success
    assert_equal "$(status_field state)" unknown_version
    assert_equal "$(status_field revisions_before)" 0ff1ce5ca1ab
    assert_equal "$(status_field revisions_after)" "$HEAD"
    assert_alembic_finishes
}

@test "ahead: a newer release migrated, then was rolled back; warning, nothing written" {
    # The newer release: one more revision that adds a table.
    newer=$BATS_TEST_TMPDIR/newer
    cp -r "$EXAMPLE_DIR" "$newer"
    cat > "$newer/migrations/versions/a3b4c5d6e7f8_notes.py" <<'PY'
"""create notes"""
from alembic import op
import sqlalchemy as sa

revision = 'a3b4c5d6e7f8'
down_revision = '92a3b4c5d6e7'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('notes', sa.Column('id', sa.Integer(), primary_key=True))


def downgrade():
    op.drop_table('notes')
PY
    alembic_run -c "$newer/alembic.ini" upgrade head 2>/dev/null
    run "$GATE"
    assert_success
    assert_equal "$(status_field outcome)" ahead
    assert_equal "$(status_field state)" ahead
    assert_output --partial a3b4c5d6e7f8
    assert_equal "$(version_rows "$DB")" a3b4c5d6e7f8
    run "$GATE" --on-ahead fail
    assert_equal "$status" 5
    assert_equal "$(status_field outcome)" needs_human
    assert_equal "$(version_rows "$DB")" a3b4c5d6e7f8
}

@test "mismatch: the recorded revision lags the schema; stamped where the schema is" {
    upgrade head
    pg_psql -d "$DB" -c "UPDATE alembic_version SET version_num = '3c4d5e6f7081'"
    run "$GATE"
    assert_success
    assert_equal "$(status_field state)" mismatch
    assert_equal "$(status_field revisions_before)" 3c4d5e6f7081
    assert_equal "$(status_field revisions_after)" "$HEAD"
    assert_alembic_finishes
}

@test "mismatch: the recorded revision is ahead of the schema (a failed deploy's stamp)" {
    upgrade 2b3c4d5e6f70
    pg_psql -d "$DB" -c "UPDATE alembic_version SET version_num = '$HEAD'"
    run "$GATE"
    assert_success
    assert_equal "$(status_field state)" mismatch
    assert_equal "$(version_rows "$DB")" 2b3c4d5e6f70
    assert_alembic_finishes
}

@test "invalid record: a revision and its ancestor in two rows is repaired like a mismatch" {
    upgrade head
    pg_psql -d "$DB" -c "INSERT INTO alembic_version VALUES ('2b3c4d5e6f70')"
    run "$GATE"
    assert_success
    assert_equal "$(status_field state)" mismatch
    assert_equal "$(version_rows "$DB")" "$HEAD"
    assert_alembic_finishes
}

@test "a recorded unique prefix is accepted, as Alembic accepts it" {
    upgrade head
    pg_psql -d "$DB" -c "UPDATE alembic_version SET version_num = '92a3b4'"
    run "$GATE"
    assert_success
    assert_equal "$(status_field outcome)" healthy
}

@test "unexplained: an object a migration creates is missing; exit 5 lists it, nothing written" {
    upgrade head
    pg_psql -d "$DB" -c "DELETE FROM alembic_version; ALTER TABLE users DROP COLUMN created_at"
    run "$GATE"
    assert_equal "$status" 5
    assert_equal "$(status_field state)" unexplained
    run status_field contradicting
    assert_output --partial "column public.users.created_at"
    assert_equal "$(pg_psql -d "$DB" -c "SELECT count(*) FROM alembic_version")" 0
}

@test "drift: a hot-fix column at head with an intact version table: exit 0, a warning, the column listed" {
    upgrade head
    # users.name was renamed to display_name by 8192a3b4c5d6; a hot fix put it back.
    pg_psql -d "$DB" -c "ALTER TABLE users ADD COLUMN name varchar(100)"
    run "$GATE"
    assert_success
    assert_equal "$(status_field state)" drift
    assert_equal "$(status_field outcome)" healthy
    assert_equal "$(status_field action)" none
    assert_line --regexp "warn .*drift: column public.users.name: expected absent, found present"
    run status_field drift
    assert_output --partial "column public.users.name"
    assert_equal "$(version_rows "$DB")" "$HEAD"
    run "$GATE" --on-drift fail
    assert_equal "$status" 5
    assert_equal "$(status_field outcome)" needs_human
    assert_equal "$(version_rows "$DB")" "$HEAD"
    # Alembic agrees there is nothing to do.
    run alembic_run upgrade head
    assert_success
    assert_equal "$(version_rows "$DB")" "$HEAD"
}

@test "drift: an index dropped by hand mid-chain, the pending migrations not needing it: exit 0" {
    upgrade 708192a3b4c5
    pg_psql -d "$DB" -c "DROP INDEX ix_posts_user_id"
    run "$GATE"
    assert_success
    assert_equal "$(status_field state)" drift
    assert_equal "$(status_field pending)" 2
    run status_field drift
    assert_output --partial "index public.ix_posts_user_id"
    # The pending migrations run fine on it: not blocking was right.
    run alembic_run upgrade head
    assert_success
    assert_equal "$(version_rows "$DB")" "$HEAD"
}

@test "a hand-made index on a migrated table is extra, not drift: healthy" {
    upgrade head
    pg_psql -d "$DB" -c "CREATE INDEX ix_by_hand ON posts (title)"
    run "$GATE"
    assert_success
    assert_equal "$(status_field state)" healthy
    run status_field extra_objects
    assert_output --partial "index public.ix_by_hand"
}

@test "unexplained, not drift: a pending migration would create what a hand change already made" {
    upgrade 708192a3b4c5
    pg_psql -d "$DB" -c "CREATE SCHEMA audit"
    run "$GATE"
    assert_equal "$status" 5
    assert_equal "$(status_field state)" unexplained
    assert_output --partial "a pending migration would fail on schema audit"
    assert_equal "$(version_rows "$DB")" 708192a3b4c5
    # Alembic trips over it indeed.
    run alembic_run upgrade head
    assert_failure
    assert_output --partial DuplicateSchema
}

@test "never fresh when the tables a migration assumes exist (create_all, empty version table)" {
    proj=$BATS_TEST_TMPDIR/proj
    mkdir -p "$proj/migrations/versions"
    cp "$EXAMPLE_DIR/alembic.ini" "$proj/"
    cp "$EXAMPLE_DIR/migrations/env.py" "$EXAMPLE_DIR/migrations/script.py.mako" "$proj/migrations/"
    cat > "$proj/migrations/versions/aa01_users_legacy.py" <<'PY'
"""drop users.legacy, from before the migrations"""
from alembic import op

revision = 'aa01'
down_revision = None


def upgrade():
    op.drop_column('users', 'legacy')
PY
    cat > "$proj/migrations/versions/aa02_posts.py" <<'PY'
"""posts"""
from alembic import op
import sqlalchemy as sa

revision = 'aa02'
down_revision = 'aa01'


def upgrade():
    op.create_table('posts', sa.Column('id', sa.Integer(), primary_key=True))
PY
    # What the application's create_all() made from its current models.
    pg_psql -d "$DB" -c "SET ROLE app; CREATE TABLE users (id int PRIMARY KEY); CREATE TABLE alembic_version (version_num varchar(32) NOT NULL PRIMARY KEY)"
    # Had the gate called it fresh, Alembic would run aa01 and fail on the missing column.
    run "$GATE" -c "$proj/alembic.ini"
    assert_equal "$status" 5
    assert_equal "$(status_field state)" ambiguous
    run status_field candidates
    assert_output --partial aa01
    run "$GATE" -c "$proj/alembic.ini" --on-ambiguous newest
    assert_success
    assert_equal "$(version_rows "$DB")" aa01
    run alembic_run -c "$proj/alembic.ini" upgrade head
    assert_success
    assert_equal "$(version_rows "$DB")" aa02
}

@test "the judge for the rule above: from that database, Alembic's upgrade fails without a stamp" {
    proj=$BATS_TEST_TMPDIR/proj
    mkdir -p "$proj/migrations/versions"
    cp "$EXAMPLE_DIR/alembic.ini" "$proj/"
    cp "$EXAMPLE_DIR/migrations/env.py" "$EXAMPLE_DIR/migrations/script.py.mako" "$proj/migrations/"
    printf '%s\n' 'from alembic import op' "revision = 'aa01'" 'down_revision = None' '' '' 'def upgrade():' "    op.drop_column('users', 'legacy')" > "$proj/migrations/versions/aa01_users_legacy.py"
    pg_psql -d "$DB" -c "SET ROLE app; CREATE TABLE users (id int PRIMARY KEY)"
    run alembic_run -c "$proj/alembic.ini" upgrade head
    assert_failure
    assert_output --partial UndefinedColumn
}

@test "tables no migration mentions are ignored for the match and listed as extra" {
    upgrade head
    pg_psql -d "$DB" -c "DELETE FROM alembic_version; CREATE TABLE legacy_import (id int); CREATE SCHEMA scratch; CREATE TABLE scratch.t (x int)"
    run "$GATE"
    assert_success
    assert_equal "$(status_field state)" no_version
    run status_field extra_objects
    assert_output --partial "table public.legacy_import"
    pg_psql -d "$DB" -c "DROP TABLE legacy_import; DROP SCHEMA scratch CASCADE"
    assert_alembic_finishes
}

@test "--check-only: exit 1 with the plan, and nothing written" {
    upgrade head
    pg_psql -d "$DB" -c "DELETE FROM alembic_version"
    run "$GATE" --check-only
    assert_equal "$status" 1
    assert_equal "$(status_field outcome)" would_repair
    assert_equal "$(status_field check_only)" True
    assert_equal "$(status_field revisions_after)" ""
    assert_output --partial "would stamp"
    assert_equal "$(pg_psql -d "$DB" -c "SELECT count(*) FROM alembic_version")" 0
    run "$GATE" --check-only --status-file -
    assert_equal "$status" 1
}

@test "--check-only on a healthy database exits 0" {
    upgrade head
    run "$GATE" --check-only
    assert_success
    assert_equal "$(status_field outcome)" healthy
}

@test "a custom --version-table and --version-table-schema" {
    upgrade head
    pg_psql -d "$DB" -c "CREATE SCHEMA meta AUTHORIZATION app; DROP TABLE alembic_version"
    run "$GATE" --version-table deploy_version --version-table-schema meta
    assert_success
    assert_equal "$(version_rows "$DB" meta.deploy_version)" "$HEAD"
    assert_equal "$(pg_psql -d "$DB" -c "SELECT conname FROM pg_constraint WHERE conrelid = 'meta.deploy_version'::regclass")" deploy_version_pkc
}

@test "sixteen gates at once on one broken database: all ready, exactly one writes" {
    upgrade head
    pg_psql -d "$DB" -c "DELETE FROM alembic_version"
    for i in $(seq 1 16); do
        "$GATE" --status-file "$BATS_TEST_TMPDIR/s$i.json" 2>"$BATS_TEST_TMPDIR/log$i" &
        pids[$i]=$!
    done
    for i in $(seq 1 16); do
        wait "${pids[$i]}" || fail "gate $i exited $?: $(cat "$BATS_TEST_TMPDIR/log$i")"
    done
    repaired=0 healthy=0
    for i in $(seq 1 16); do
        case $(status_field outcome "$BATS_TEST_TMPDIR/s$i.json") in
        repaired) repaired=$((repaired + 1)) ;;
        healthy) healthy=$((healthy + 1)) ;;
        esac
    done
    assert_equal "$repaired" 1
    assert_equal "$healthy" 15
    assert_equal "$(version_rows "$DB")" "$HEAD"
    assert_alembic_finishes
}

@test "the advisory-lock key is the documented hashtextextended of the qualified name" {
    upgrade head
    pg_psql -d "$DB" -c "DELETE FROM alembic_version"
    run "$GATE"
    assert_success
    want=$(pg_psql -d "$DB" -c "SELECT hashtextextended('public.alembic_version', 0)")
    assert_equal "$(status_field lock_key)" "$want"
}

@test "--lock-timeout: another session holding the lock makes the gate exit 6, nothing written" {
    upgrade head
    pg_psql -d "$DB" -c "DELETE FROM alembic_version"
    key=$(pg_psql -d "$DB" -c "SELECT hashtextextended('public.alembic_version', 0)")
    pg_psql -d "$DB" -c "SELECT pg_advisory_lock($key), pg_sleep(6)" >/dev/null &
    holder=$!
    sleep 1
    run "$GATE" --lock-timeout 1
    kill "$holder" 2>/dev/null || true
    wait "$holder" 2>/dev/null || true
    assert_equal "$status" 6
    assert_output --partial "--lock-timeout"
    assert_equal "$(pg_psql -d "$DB" -c "SELECT count(*) FROM alembic_version")" 0
}

@test "the log and status file never hold the password" {
    upgrade head
    pg_psql -d "$DB" -c "DELETE FROM alembic_version"
    run "$GATE" -v --log-format json
    assert_success
    refute_output --partial "$PGTEST_PASSWORD"
    refute_output --partial "word"
    run grep -c -e "$PGTEST_PASSWORD" -e word "$ALEMBIC_GATE_STATUS_FILE"
    assert_output 0
}
