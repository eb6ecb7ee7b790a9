#!/usr/bin/env bats
# Issue 7: the main paths of the integration tests under valgrind (memcheck),
# on a glibc build without sanitizers (build/valgrind/alembic-gate). Each test
# checks the gate's own result and that valgrind found no error and no
# definitely or indirectly lost block, in the gate and in every process it
# forked before exec (--init's child, until it execs).

HEAD=92a3b4c5d6e7

setup_file() {
    load '../bats/lib/common'
    pg_start
}

teardown_file() {
    load '../bats/lib/common'
    pg_stop
}

setup() {
    load '../bats/lib/common'
    : "${GATE_VG:=$ROOT_DIR/build/valgrind/alembic-gate}"
    [ -x "$GATE_VG" ] || fail "$GATE_VG is not built (make build/valgrind/alembic-gate)"
    command -v valgrind >/dev/null || fail "valgrind is not installed"
    use_fresh_database v
    VG_DIR=$BATS_TEST_TMPDIR/vg
    mkdir -p "$VG_DIR"
}

# Runs the gate under memcheck, one log per process.
vg() {
    valgrind -q --leak-check=full --show-leak-kinds=definite,indirect \
        --errors-for-leak-kinds=definite,indirect --error-exitcode=99 \
        --log-file="$VG_DIR/vg.%p.log" "$GATE_VG" "$@"
}

# Every log is empty: -q makes memcheck print only errors and leaks.
assert_valgrind_clean() {
    local f found=0
    for f in "$VG_DIR"/vg.*.log; do
        [ -e "$f" ] || continue
        found=1
        if [ -s "$f" ]; then
            cat "$f" >&2
            fail "valgrind reported problems ($f)"
        fi
    done
    [ "$found" = 1 ] || fail "valgrind wrote no log"
}

upgrade() { alembic_run upgrade "$@" 2>/dev/null; }

@test "valgrind: healthy at head, --check-only" {
    upgrade head
    run vg --check-only
    assert_success
    assert_equal "$(status_field outcome)" healthy
    assert_valgrind_clean
}

@test "valgrind: empty alembic_version repaired, then the command is exec'd" {
    upgrade head
    pg_psql -d "$DB" -c "DELETE FROM alembic_version"
    run vg -- sh -c 'echo app-ran'
    assert_success
    assert_output --partial app-ran
    assert_equal "$(version_rows "$DB")" "$HEAD"
    assert_valgrind_clean
}

@test "valgrind: a dropped version table recreated and stamped at a mid-chain revision" {
    upgrade 2b3c4d5e6f70
    pg_psql -d "$DB" -c "DROP TABLE alembic_version"
    run vg
    assert_success
    assert_equal "$(version_rows "$DB")" 2b3c4d5e6f70
    assert_valgrind_clean
}

@test "valgrind: an unknown (squashed) revision, a mismatch and an ambiguous state" {
    upgrade head
    pg_psql -d "$DB" -c "UPDATE alembic_version SET version_num = 'deadbeef0001'"
    run vg --check-only
    assert_failure 1
    run vg
    assert_success
    assert_equal "$(version_rows "$DB")" "$HEAD"
    pg_createdb "${DB}_b"
    DATABASE_URL=$(db_url "${DB}_b") upgrade 3c4d5e6f7081
    pg_psql -d "${DB}_b" -c "DELETE FROM alembic_version"
    DATABASE_URL=$(db_url "${DB}_b") run vg
    assert_failure 5
    assert_valgrind_clean
}

@test "valgrind: heads, history and status" {
    run vg heads
    assert_success
    assert_output --partial "$HEAD (head)"
    run vg history
    assert_success
    run vg --check-only
    assert_success
    run vg status
    assert_success
    assert_valgrind_clean
}

@test "valgrind: unreachable database, retried until --wait-timeout" {
    export DATABASE_URL="postgresql://app@127.0.0.1:$(free_port)/app"
    run vg --wait-timeout 1 --backoff-initial 50 --backoff-max 200
    assert_failure 3
    assert_equal "$(status_field outcome)" unreachable
    assert_valgrind_clean
}

@test "valgrind: configuration, usage and script errors" {
    run vg --wait-timeout nope
    assert_failure 64
    run vg -c "$BATS_TEST_TMPDIR/missing.ini"
    assert_failure 78
    mkdir -p "$BATS_TEST_TMPDIR/bad/versions"
    printf '[alembic]\nscript_location = %s\n' "$BATS_TEST_TMPDIR/bad" > "$BATS_TEST_TMPDIR/bad.ini"
    printf 'revision = "a1"\ndown_revision = "zz"\n' > "$BATS_TEST_TMPDIR/bad/versions/a1.py"
    run vg -c "$BATS_TEST_TMPDIR/bad.ini"
    assert_failure 4
    assert_output --partial a1.py
    assert_valgrind_clean
}

@test "valgrind: --init --hold-lock supervises the command and passes its status" {
    upgrade head
    run vg --init --hold-lock -- sh -c 'exit 7'
    assert_failure 7
    assert_valgrind_clean
}

@test "valgrind: wrong password is refused at once (exit 6)" {
    export DATABASE_URL=$(db_url "$DB" | sed 's|://app:[^@]*@|://app:wrong@|')
    run vg --wait-timeout 30
    assert_failure 6
    assert_valgrind_clean
}
