#!/usr/bin/env bats
# Issues 13 and 14: the migration patterns of real projects, one small
# Alembic project each under tests/fixtures/ (see its README). Each is
# applied with real Alembic to every cut point, one release at a time; the
# version table is then emptied, dropped, or pointed at a revision no script
# has, and the gate must stamp the truth (the revision Alembic applied) or
# answer `ambiguous` with the truth among its candidates. After every repair,
# `alembic upgrade head` must succeed and give the schema the intact
# database gets from the same upgrade. At head with the table
# intact the gate must exit 0 (healthy, or drift) and write nothing.
# Issue 14's fixtures ask more: exact wherever the cut point's schema is its
# own (its kinds of change are visible in the catalog).

setup_file() {
    load 'lib/common'
    pg_start
}

teardown_file() {
    load 'lib/common'
    pg_stop
}

setup() {
    load 'lib/common'
    export ALEMBIC_GATE_STATUS_FILE=$BATS_TEST_TMPDIR/status.json
}

fixture_dir() { echo "$TESTS_DIR/fixtures/$1"; }

# What the gate does not yet do for a fixture, measured, with the reason.
# `exact`: issue 14's stricter rule (exact wherever the schema is a cut
# point's own) is not met, but issue 13's still is and is checked: the truth
# stamped, or `ambiguous` with the truth among the candidates. `skip`: not
# even that; the cut-point test is skipped and says why. `unknown`: the
# unknown-revision breakage is not checked, the others are. The head test
# always runs. Each entry is a gap named in the issue notes: remove it when
# the gap closes.
# -g: bats sources this file inside a function, and the tests run after it returns.
declare -gA KNOWN_GAPS=(
    [sql_objects]="exact: CREATE EXTENSION IF NOT EXISTS at the last cut point: an extension the image installed before the migrations looks the same, so its presence does not pin the revision (by design)"
    [head_recreates_index]="unknown: with an unknown record, the table no migration mentions is an extra object a newer migration could have made (SPEC 4): refused below the head, ahead at it; the test after the fixture's own checks that"
    [create_all_baseline]="unknown: with an unknown record, what create_all() made counts as extra objects a newer migration could have made: SPEC 4's unknown_version refuses them (unexplained), and at head they read as a newer release's (ahead); the emptied and dropped breakages are checked"
)

# A fresh database DB with fixture NAME's baseline (what create_all() makes).
fixture_createdb() {
    local base
    base=$(fixture_dir "$1")/baseline.sql
    pg_createdb "$2"
    # As the application's role, as create_all() would: the migrations (run
    # as that role) must own what they alter.
    [ ! -f "$base" ] || pg_psql -d "$2" -c "SET ROLE app" -f "$base" >/dev/null
}

# The fixture's revisions, oldest first (the fixtures are linear chains).
fixture_revisions() {
    "$GATE" history -c "$(fixture_dir "$1")/alembic.ini" | sed -n 's/.*-> \([^ ,]*\).*/\1/p' | tac
}

fixture_alembic() { # NAME DB ARGS...: real Alembic on database DB
    local name=$1 db=$2
    shift 2
    DATABASE_URL=$(db_url "$db") "${ALEMBIC[@]}" -c "$(fixture_dir "$name")/alembic.ini" "$@"
}

fixture_db_at() { # NAME DB TARGET: a database of the fixture upgraded by real Alembic to TARGET
    fixture_createdb "$1" "$2"
    fixture_alembic "$1" "$2" upgrade "$3" 2>/dev/null
}

run_gate_on() { # NAME DB: the gate on the fixture's scripts and database DB, as `run`
    run "$GATE" -c "$(fixture_dir "$1")/alembic.ini" --database-url "$(db_url "$2")" --wait-timeout 0
}

break_version_table() { # DB BREAKAGE
    case $2 in
    emptied) pg_psql -d "$1" -c "DELETE FROM alembic_version" ;;
    dropped) pg_psql -d "$1" -c "DROP TABLE alembic_version" ;;
    # One row for the whole record, as on a branch point's two rows.
    unknown) pg_psql -d "$1" -c "DELETE FROM alembic_version; INSERT INTO alembic_version VALUES ('0ff1ce5ca1ab')" ;;
    esac
}

# Whether the status file's candidates hold exactly the set TRUTH (space-separated).
truth_among_candidates() {
    /usr/bin/python3 -c 'import json, sys
cands = json.load(open(sys.argv[1])).get("candidates") or []
sys.exit(0 if sorted(sys.argv[2].split()) in [sorted(c) for c in cands] else 1)' "$ALEMBIC_GATE_STATUS_FILE" "$1"
}

# Every cut point of fixture NAME, every breakage: prints one line per
# failure and fails if there was any. With `distinct-exact` (issue 14), a
# cut point whose schema differs from every other cut point's must be
# recovered exactly: `ambiguous` is accepted only where the schema is the
# same at several cut points (a data-only revision).
check_every_cut_point() {
    local name=$1 mode=${2:-} db=g$BATS_TEST_NUMBER ini
    local gap=${KNOWN_GAPS[$name]:-}
    local breakages=(emptied dropped unknown)
    case $gap in
    skip:*) skip "known gap: ${gap#skip: }" ;;
    exact:*) [ "$mode" != distinct-exact ] || mode="" ;; # issue 13's rule still holds
    unknown:*) breakages=(emptied dropped) ;;            # the other breakages still hold
    esac
    local revs=() rev k truth breakage rc state failures=() runs=0
    declare -A schema_of count_of
    ini=$(fixture_dir "$name")/alembic.ini
    mapfile -t revs < <(fixture_revisions "$name")
    # Every cut point's database, and its schema: each built from the one
    # before by one more `alembic upgrade`, as a database lives through its
    # releases (each run loads every script, and module-level code runs).
    for k in "${!revs[@]}"; do
        if [ "$k" = 0 ]; then
            fixture_createdb "$name" "c${BATS_TEST_NUMBER}_$k"
        else
            pg_psql -d postgres -c "CREATE DATABASE c${BATS_TEST_NUMBER}_$k TEMPLATE c${BATS_TEST_NUMBER}_$((k - 1)) OWNER app" >/dev/null
        fi
        fixture_alembic "$name" "c${BATS_TEST_NUMBER}_$k" upgrade "${revs[$k]}" 2>/dev/null
        schema_of[$k]=$(schema_dump "c${BATS_TEST_NUMBER}_$k" | grep -v alembic_version | sha256sum | cut -c1-16)
        count_of[${schema_of[$k]}]=$(( ${count_of[${schema_of[$k]}]:-0} + 1 ))
    done
    for k in "${!revs[@]}"; do
        rev=${revs[$k]}
        truth=$(version_rows "c${BATS_TEST_NUMBER}_$k")
        # The reference: this cut point upgraded to head with its version
        # table intact. A repaired database upgraded must look the same (a
        # single fresh `upgrade head` may not, when module-level code
        # recreates what a migration drops).
        pg_psql -d postgres -c "DROP DATABASE IF EXISTS $db WITH (FORCE)" >/dev/null
        pg_psql -d postgres -c "CREATE DATABASE $db TEMPLATE c${BATS_TEST_NUMBER}_$k OWNER app" >/dev/null
        fixture_alembic "$name" "$db" upgrade head 2>/dev/null
        schema_dump "$db" > "$BATS_TEST_TMPDIR/reference.sql"
        for breakage in "${breakages[@]}"; do
            runs=$((runs + 1))
            pg_psql -d postgres -c "DROP DATABASE IF EXISTS $db WITH (FORCE)" >/dev/null
            pg_psql -d postgres -c "CREATE DATABASE $db TEMPLATE c${BATS_TEST_NUMBER}_$k OWNER app" >/dev/null
            break_version_table "$db" "$breakage"
            rc=0
            "$GATE" -c "$ini" --database-url "$(db_url "$db")" --wait-timeout 0 \
                2>"$BATS_TEST_TMPDIR/gate.log" || rc=$?
            state=$(status_field state 2>/dev/null || echo none)
            if [ "$rc" = 0 ]; then
                if [ "$(version_rows "$db")" != "$truth" ]; then
                    failures+=("$rev $breakage: exit 0, state $state, version table [$(version_rows "$db")], truth [$truth]")
                elif [ "$breakage" = unknown ]; then
                    : # repaired like `emptied` (same table, rows replaced): Alembic's run there is enough
                elif ! fixture_alembic "$name" "$db" upgrade head >"$BATS_TEST_TMPDIR/alembic.log" 2>&1; then
                    failures+=("$rev $breakage: stamped the truth but alembic upgrade head failed: $(tail -n1 "$BATS_TEST_TMPDIR/alembic.log")")
                elif ! schema_dump "$db" | diff -q "$BATS_TEST_TMPDIR/reference.sql" - >/dev/null; then
                    failures+=("$rev $breakage: after the repair and upgrade head, the schema differs from the intact database's upgrade")
                fi
            elif [ "$rc" = 5 ] && [ "$state" = ambiguous ] && truth_among_candidates "$truth"; then
                if [ "$mode" = distinct-exact ] && [ "${count_of[${schema_of[$k]}]}" = 1 ]; then
                    failures+=("$rev $breakage: ambiguous, but no other cut point has this schema: $(status_field message)")
                fi
            else
                failures+=("$rev $breakage: exit $rc, state $state: $(status_field message 2>/dev/null || tail -n1 "$BATS_TEST_TMPDIR/gate.log")")
            fi
        done
    done
    [ "$runs" -gt 0 ] || fail "no cut point in fixture $name"
    if [ ${#failures[@]} -gt 0 ]; then
        printf '%s\n' "${failures[@]}" >&2
        fail "$name: ${#failures[@]} of $runs runs wrong"
    fi
}

# At head with the version table intact: exit 0, healthy or drift, nothing written.
check_healthy_at_head() {
    local name=$1 db=h$BATS_TEST_NUMBER before
    fixture_db_at "$name" "$db" head
    before=$(pg_psql -d "$db" -c "SELECT xmin || ' ' || version_num FROM alembic_version")
    run_gate_on "$name" "$db"
    assert_success
    assert_regex "$(status_field state)" '^(healthy|drift)$'
    assert_equal "$(pg_psql -d "$db" -c "SELECT xmin || ' ' || version_num FROM alembic_version")" "$before"
}

# The version table intact at REV, right: exit 0 and the record as it was.
check_record_kept() { # NAME REV
    local db=k$BATS_TEST_NUMBER
    fixture_db_at "$1" "$db" "$2"
    run_gate_on "$1" "$db"
    assert_success
    assert_equal "$(version_rows "$db")" "$2"
}

# Issue 13
@test "drop_column_index: cut points" { check_every_cut_point drop_column_index; }
@test "drop_column_index: healthy at head" { check_healthy_at_head drop_column_index; }
@test "drop_table_implicit: cut points" { check_every_cut_point drop_table_implicit; }
@test "drop_table_implicit: healthy at head" { check_healthy_at_head drop_table_implicit; }
@test "drop_cascade: cut points" { check_every_cut_point drop_cascade; }
@test "drop_cascade: healthy at head" { check_healthy_at_head drop_cascade; }
@test "opf_long_names: cut points" { check_every_cut_point opf_long_names; }
@test "opf_long_names: healthy at head" { check_healthy_at_head opf_long_names; }
@test "raw_sql_long_names: cut points" { check_every_cut_point raw_sql_long_names; }
@test "raw_sql_long_names: healthy at head" { check_healthy_at_head raw_sql_long_names; }
@test "sql_ddl: cut points" { check_every_cut_point sql_ddl; }
@test "sql_ddl: healthy at head" { check_healthy_at_head sql_ddl; }
@test "loop_module_list: cut points" { check_every_cut_point loop_module_list distinct-exact; }
@test "loop_module_list: healthy at head" { check_healthy_at_head loop_module_list; }
@test "if_inspector: cut points" { check_every_cut_point if_inspector; }
@test "if_inspector: healthy at head" { check_healthy_at_head if_inspector; }
@test "dialect_tests: cut points" { check_every_cut_point dialect_tests distinct-exact; }
@test "dialect_tests: healthy at head" { check_healthy_at_head dialect_tests; }
@test "try_add_column: cut points" { check_every_cut_point try_add_column; }
@test "try_add_column: healthy at head" { check_healthy_at_head try_add_column; }
@test "autocommit_block: cut points" { check_every_cut_point autocommit_block; }
@test "autocommit_block: healthy at head" { check_healthy_at_head autocommit_block; }
@test "helper_trigrams: cut points" { check_every_cut_point helper_trigrams; }
@test "helper_trigrams: healthy at head" { check_healthy_at_head helper_trigrams; }
@test "early_return_guard: cut points" { check_every_cut_point early_return_guard distinct-exact; }
@test "early_return_guard: healthy at head" { check_healthy_at_head early_return_guard; }
@test "module_level_create: cut points" { check_every_cut_point module_level_create; }
@test "module_level_create: healthy at head" { check_healthy_at_head module_level_create; }
@test "create_all_baseline: cut points" { check_every_cut_point create_all_baseline; }
@test "create_all_baseline: healthy at head" { check_healthy_at_head create_all_baseline; }
@test "unnamed_fk_recreated: cut points" { check_every_cut_point unnamed_fk_recreated distinct-exact; }
@test "unnamed_fk_recreated: healthy at head" { check_healthy_at_head unnamed_fk_recreated; }
@test "header_forms: cut points" { check_every_cut_point header_forms distinct-exact; }
@test "header_forms: healthy at head" { check_healthy_at_head header_forms; }
@test "list_built_by_append: cut points" { check_every_cut_point list_built_by_append; }
@test "list_built_by_append: healthy at head" { check_healthy_at_head list_built_by_append; }
@test "head_recreates_index: cut points" { check_every_cut_point head_recreates_index distinct-exact; }
@test "head_recreates_index: healthy at head" { check_healthy_at_head head_recreates_index; }
@test "head_recreates_index: an unknown record is ahead only where the heads' work is there" {
    local db=a$BATS_TEST_NUMBER ini state
    ini=$(fixture_dir head_recreates_index)/alembic.ini
    fixture_createdb head_recreates_index "$db"
    fixture_alembic head_recreates_index "$db" upgrade head_recreates_index_1 2>/dev/null
    break_version_table "$db" unknown
    # Below the head: the unique index is the first revision's, not the
    # head's; ahead (exit 0) would leave a record Alembic cannot locate.
    run "$GATE" -c "$ini" --database-url "$(db_url "$db")" --wait-timeout 0
    assert_failure 5
    assert_equal "$(status_field state)" unexplained
    assert_equal "$(version_rows "$db")" 0ff1ce5ca1ab
    # At the head, the same record and table: a newer release's (SPEC 4, ahead).
    fixture_alembic head_recreates_index "$db" stamp --purge head_recreates_index_1 2>/dev/null
    fixture_alembic head_recreates_index "$db" upgrade head 2>/dev/null
    break_version_table "$db" unknown
    run "$GATE" -c "$ini" --database-url "$(db_url "$db")" --wait-timeout 0
    assert_success
    assert_equal "$(status_field state)" ahead
}
@test "sql_do_block: cut points" { check_every_cut_point sql_do_block; }
@test "sql_do_block: healthy at head" { check_healthy_at_head sql_do_block; }
@test "drop_function_cascade: cut points" { check_every_cut_point drop_function_cascade; }
@test "drop_function_cascade: healthy at head" { check_healthy_at_head drop_function_cascade; }
@test "fk_name_collision: cut points" { check_every_cut_point fk_name_collision distinct-exact; }
@test "fk_name_collision: healthy at head" { check_healthy_at_head fk_name_collision; }
@test "rename_fk_then_table: cut points" { check_every_cut_point rename_fk_then_table distinct-exact; }
# Not drift: the renamed key follows its table.
@test "rename_fk_then_table: healthy at head" { check_healthy_at_head rename_fk_then_table; assert_equal "$(status_field state)" healthy; }
# Seen in open-webui.
@test "guarded_legacy_table: cut points" { check_every_cut_point guarded_legacy_table; }
# Not drift: the legacy id is the older ORM's, not a contradiction.
@test "guarded_legacy_table: healthy at head" { check_healthy_at_head guarded_legacy_table; }
@test "guarded_legacy_table: the older ORM's column is no drift at the first revision" {
    local db=l$BATS_TEST_NUMBER
    fixture_db_at guarded_legacy_table "$db" guarded_legacy_table_1
    run_gate_on guarded_legacy_table "$db"
    assert_success
    assert_equal "$(status_field state)" healthy
}
# The first cut point stays ambiguous: the loop may have found no unique index to drop.
@test "drop_listed_index: cut points" { check_every_cut_point drop_listed_index; }
@test "drop_listed_index: healthy at head" { check_healthy_at_head drop_listed_index; }
@test "drop_listed_index: a drop the gate cannot name makes nothing, so a later index pins its revision" {
    local db=l$BATS_TEST_NUMBER
    fixture_db_at drop_listed_index "$db" head
    break_version_table "$db" emptied >/dev/null
    run_gate_on drop_listed_index "$db"
    assert_success
    assert_equal "$(version_rows "$db")" drop_listed_index_3
}
# Seen in fides.
@test "serial_to_string: cut points" { check_every_cut_point serial_to_string distinct-exact; }
# Not drift: the default went with the sequence.
@test "serial_to_string: healthy at head" { check_healthy_at_head serial_to_string; assert_equal "$(status_field state)" healthy; }
@test "sibling_branch_order: cut points" { check_every_cut_point sibling_branch_order; }
# Not drift: the column added before the rename is on the renamed table.
@test "sibling_branch_order: healthy at head" { check_healthy_at_head sibling_branch_order; assert_equal "$(status_field state)" healthy; }
@test "op_functions_imported: cut points" { check_every_cut_point op_functions_imported distinct-exact; }
@test "op_functions_imported: healthy at head" { check_healthy_at_head op_functions_imported; }
# Seen in fides: the correct record at the f-string's revision was refused (exit 5).
@test "fstring_create_type: cut points" { check_every_cut_point fstring_create_type; }
@test "fstring_create_type: healthy at head" { check_healthy_at_head fstring_create_type; }
@test "fstring_create_type: a correct record where an f-string re-created the type is not blocked" {
    check_record_kept fstring_create_type fstring_create_type_2
}
# Seen in dify.
@test "dialect_helper: cut points" { check_every_cut_point dialect_helper distinct-exact; }
@test "dialect_helper: healthy at head" { check_healthy_at_head dialect_helper; }
@test "insert_row_values: cut points" { check_every_cut_point insert_row_values distinct-exact; }
@test "insert_row_values: healthy at head" { check_healthy_at_head insert_row_values; }
# Seen in fides: the indexes' SQL spells a JSON key with repr().
@test "fstring_repr_loop: cut points" { check_every_cut_point fstring_repr_loop distinct-exact; }
@test "fstring_repr_loop: healthy at head" { check_healthy_at_head fstring_repr_loop; assert_equal "$(status_field state)" healthy; }
# Seen in fides: each partition's primary key is the parent's, cloned.
@test "partition_of: cut points" { check_every_cut_point partition_of distinct-exact; }
@test "partition_of: healthy at head" { check_healthy_at_head partition_of; assert_equal "$(status_field state)" healthy; }
# Seen in Airflow: the copy's columns are the query's, so unknown, not
# absent (every later run was refused); the column the head adds may have
# come with the copy, so the head stays ambiguous.
@test "table_copy_rename: cut points" { check_every_cut_point table_copy_rename; }
# Seen in langflow (every op guarded), jupyterhub and dagster. The guarded
# table may predate the scripts, so its cut point stays ambiguous; the
# others are exact.
@test "guarded_create: cut points" { check_every_cut_point guarded_create; }
@test "guarded_create: healthy at head" { check_healthy_at_head guarded_create; assert_equal "$(status_field state)" healthy; }
@test "guarded_create: a guarded table's absence and a guarded column's presence pin their revisions" {
    local db rev
    for rev in guarded_create_1 guarded_create_3; do
        db=g${BATS_TEST_NUMBER}_${rev: -1}
        fixture_db_at guarded_create "$db" "$rev"
        break_version_table "$db" emptied >/dev/null
        run_gate_on guarded_create "$db"
        assert_success
        assert_equal "$(version_rows "$db")" "$rev"
    done
}
# Seen in funnel: its last 46 revisions dispatch so.
@test "multibind_dispatch: cut points" { check_every_cut_point multibind_dispatch distinct-exact; }
@test "multibind_dispatch: healthy at head" { check_healthy_at_head multibind_dispatch; assert_equal "$(status_field state)" healthy; }
# Seen in funnel (before the dispatch was read) and dagster: a record unknown
# at the second revision was read as a newer release (ahead, exit 0).
@test "unseen_heads: an unknown record is not ahead where the heads' work is unseen" {
    local db=m$BATS_TEST_NUMBER
    fixture_db_at unseen_heads "$db" unseen_heads_2
    break_version_table "$db" unknown >/dev/null
    run_gate_on unseen_heads "$db"
    assert_failure 5
    assert_equal "$(version_rows "$db")" 0ff1ce5ca1ab
}
@test "unseen_heads: cut points" { check_every_cut_point unseen_heads; }
@test "unseen_heads: healthy at head" { check_healthy_at_head unseen_heads; }
# Seen in funnel: every right record after the switch read as drift, 17 blocked.
@test "ddl_context_loop: cut points" { check_every_cut_point ddl_context_loop distinct-exact; }
@test "ddl_context_loop: healthy at head" { check_healthy_at_head ddl_context_loop; assert_equal "$(status_field state)" healthy; }
# Seen in osparc: every right record after the checksum read as drift.
@test "server_default_null: cut points" { check_every_cut_point server_default_null distinct-exact; }
@test "server_default_null: healthy at head" { check_healthy_at_head server_default_null; assert_equal "$(status_field state)" healthy; }
# Seen in koschei: the right record at the first revision was rewritten.
@test "recreated_baseline_table: cut points" { check_every_cut_point recreated_baseline_table; }
@test "recreated_baseline_table: healthy at head" { check_healthy_at_head recreated_baseline_table; }
@test "recreated_baseline_table: the older table's primary key does not rewrite a right record" {
    check_record_kept recreated_baseline_table recreated_baseline_table_1
}
@test "table_copy_rename: healthy at head" { check_healthy_at_head table_copy_rename; assert_equal "$(status_field state)" healthy; }

# Issue 14
@test "alter_column: cut points" { check_every_cut_point alter_column distinct-exact; }
@test "alter_column: healthy at head" { check_healthy_at_head alter_column; }
@test "fk_ondelete: cut points" { check_every_cut_point fk_ondelete distinct-exact; }
@test "fk_ondelete: healthy at head" { check_healthy_at_head fk_ondelete; }
@test "unique_to_index: cut points" { check_every_cut_point unique_to_index distinct-exact; }
@test "unique_to_index: healthy at head" { check_healthy_at_head unique_to_index; }
@test "index_recreate: cut points" { check_every_cut_point index_recreate distinct-exact; }
@test "index_recreate: healthy at head" { check_healthy_at_head index_recreate; }
@test "enum_add_value: cut points" { check_every_cut_point enum_add_value distinct-exact; }
@test "enum_add_value: healthy at head" { check_healthy_at_head enum_add_value; }
@test "sql_objects: cut points" { check_every_cut_point sql_objects distinct-exact; }
@test "sql_objects: healthy at head" { check_healthy_at_head sql_objects; }
@test "data_only: cut points" { check_every_cut_point data_only distinct-exact; }
@test "data_only: healthy at head" { check_healthy_at_head data_only; }

@test "every fixture directory has its tests here" {
    for dir in "$TESTS_DIR"/fixtures/*/; do
        name=$(basename "$dir")
        [ "$name" = _env ] && continue
        grep -qE "check_every_cut_point $name( distinct-exact)?;" "$BATS_TEST_FILENAME" || fail "no cut-point test for $name"
        grep -q "check_healthy_at_head $name;" "$BATS_TEST_FILENAME" || fail "no head test for $name"
    done
}
# Seen in Airflow and indico: the documented check convention
# (ck_%(table_name)s_%(constraint_name)s) renames every named check; every
# right record read as drift, every broken one was refused.
@test "naming_convention_ck: cut points" { check_every_cut_point naming_convention_ck distinct-exact; }
@test "naming_convention_ck: healthy at head" { check_healthy_at_head naming_convention_ck; assert_equal "$(status_field state)" healthy; }
@test "naming_convention_ck: a right record below the head is kept" {
    check_record_kept naming_convention_ck naming_convention_ck_2
    assert_equal "$(status_field state)" healthy
}
# Seen in fief: every table named f"{table_prefix}...": an emptied record
# read as fresh (exit 0) on a migrated database, and the next upgrade failed.
@test "fstring_table_prefix: cut points" { check_every_cut_point fstring_table_prefix; }
@test "fstring_table_prefix: healthy at head" { check_healthy_at_head fstring_table_prefix; }
@test "fstring_table_prefix: an emptied record on a migrated database is not fresh" {
    local db=f$BATS_TEST_NUMBER
    fixture_db_at fstring_table_prefix "$db" fstring_table_prefix_1
    break_version_table "$db" emptied >/dev/null
    run_gate_on fstring_table_prefix "$db"
    [ "$(status_field state)" != fresh ] || fail "read as fresh: $output"
    [ "$(version_rows "$db")" = "" ] || [ "$(version_rows "$db")" = fstring_table_prefix_1 ]
}
