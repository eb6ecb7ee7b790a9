#!/usr/bin/env bats
# Issue 7: the gate under bad conditions: a server killed during the wait and
# during a repair, a connection that stalls, server-side timeouts, many gates
# at once, and hostile migration scripts.

bats_require_minimum_version 1.5.0

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
    use_fresh_database f
}

# A session that holds alembic_version in EXCLUSIVE mode for 6 s, so writes
# block and reads still pass; its PID is left in $blocker.
block_version_writes() {
    pg_psql -d "$DB" -c "BEGIN; LOCK TABLE alembic_version IN EXCLUSIVE MODE; SELECT pg_sleep(6); COMMIT" >/dev/null 2>&1 &
    blocker=$!
    sleep 1
}

broken_at_head() {
    alembic_run upgrade head 2>/dev/null
    pg_psql -d "$DB" -c "DELETE FROM alembic_version"
}

@test "postmaster SIGKILLed while the gate waits: it keeps waiting and repairs after the restart" {
    broken_at_head
    pg_kill_postmaster
    "$GATE" --wait-timeout 60 --backoff-max 500 2>"$BATS_TEST_TMPDIR/log" &
    gate=$!
    sleep 2
    pg_restart
    rc=0; wait "$gate" || rc=$?
    [ "$rc" -eq 0 ] || fail "exit $rc: $(cat "$BATS_TEST_TMPDIR/log")"
    [ "$(status_field attempts)" -gt 1 ]
    assert_equal "$(status_field outcome)" repaired
    assert_equal "$(version_rows "$DB")" 92a3b4c5d6e7
}

# Starts a gate that sits inside its repair transaction (another session
# holds the advisory lock), then kills the whole server. $gate, $holder.
gate_in_repair_then_crash() {
    broken_at_head
    key=$(pg_psql -d "$DB" -c "SELECT hashtextextended('public.alembic_version', 0)")
    pg_psql -d "$DB" -c "SELECT pg_advisory_lock($key), pg_sleep(30)" >/dev/null 2>&1 &
    holder=$!
    sleep 1
    "$GATE" --lock-timeout 30 "$@" 2>"$BATS_TEST_TMPDIR/log" &
    gate=$!
    for _ in $(seq 1 50); do grep -q "taking advisory lock" "$BATS_TEST_TMPDIR/log" && break; sleep 0.1; done
    sleep 0.5
    pg_kill_postmaster
    wait "$holder" 2>/dev/null || true
}

# Issue 17: a crash during the repair goes back into the wait.
@test "postmaster SIGKILLed during a repair: retried within --wait-timeout, repaired after the restart" {
    gate_in_repair_then_crash --wait-timeout 60
    sleep 2
    pg_restart
    rc=0; wait "$gate" || rc=$?
    assert_equal "$rc" 0
    run cat "$BATS_TEST_TMPDIR/log"
    assert_output --partial "taking the advisory lock"
    assert_output --partial "trying again within --wait-timeout"
    assert_output --partial "repaired alembic_version"
    assert_equal "$(status_field outcome)" repaired
    assert_equal "$(version_rows "$DB")" 92a3b4c5d6e7
}

@test "postmaster SIGKILLed during a repair and not back by --wait-timeout: exit 3 with the reason, nothing written" {
    gate_in_repair_then_crash --wait-timeout 4
    rc=0; wait "$gate" || rc=$?
    assert_equal "$rc" 3
    assert_equal "$(status_field outcome)" unreachable
    run status_field message
    assert_output --partial "not reachable within 4s"
    pg_restart
    assert_equal "$(pg_psql -d "$DB" -c "SELECT count(*) FROM alembic_version")" 0
    run "$GATE"
    assert_success
    assert_equal "$(version_rows "$DB")" 92a3b4c5d6e7
}

@test "a connection that stalls without closing is abandoned after --connect-timeout" {
    /usr/bin/python3 "$TESTS_DIR/tools/stall_proxy.py" > "$BATS_TEST_TMPDIR/port" &
    proxy=$!
    wait_for_file "$BATS_TEST_TMPDIR/port"
    port=$(cat "$BATS_TEST_TMPDIR/port")
    start=$(date +%s)
    run -3 "$GATE" --database-url "postgresql://app:x@127.0.0.1:$port/app" --connect-timeout 1 --wait-timeout 4
    elapsed=$(( $(date +%s) - start ))
    kill "$proxy"
    [ "$elapsed" -le 7 ] || fail "took ${elapsed}s"
    [ "$(status_field attempts)" -ge 2 ]
    assert_output --partial "timed out after 1s"
}

@test "server-side lock_timeout on the write: exit 6 with the reason, nothing written" {
    broken_at_head
    pg_psql -d "$DB" -c "ALTER ROLE app IN DATABASE $DB SET lock_timeout = '500ms'"
    block_version_writes
    run -6 "$GATE"
    wait "$blocker" || true
    assert_output --partial "lock timeout"
    assert_output --partial "rolled back, nothing changed"
    assert_equal "$(pg_psql -d "$DB" -c "SELECT count(*) FROM alembic_version")" 0
}

@test "server-side statement_timeout on the write: exit 6 with the reason, nothing written" {
    broken_at_head
    pg_psql -d "$DB" -c "ALTER ROLE app IN DATABASE $DB SET statement_timeout = '700ms'"
    block_version_writes
    run -6 "$GATE"
    wait "$blocker" || true
    assert_output --partial "statement timeout"
    assert_equal "$(pg_psql -d "$DB" -c "SELECT count(*) FROM alembic_version")" 0
}

@test "32 gates at once on one broken database: one write, all ready" {
    broken_at_head
    for i in $(seq 1 32); do
        "$GATE" --status-file "$BATS_TEST_TMPDIR/s$i.json" 2>/dev/null &
        pids[$i]=$!
    done
    for i in $(seq 1 32); do wait "${pids[$i]}" || fail "gate $i failed"; done
    repaired=$(cat "$BATS_TEST_TMPDIR"/s*.json | grep -c '"outcome":"repaired"')
    ready=$(cat "$BATS_TEST_TMPDIR"/s*.json | grep -c '"ready":true')
    assert_equal "$repaired" 1
    assert_equal "$ready" 32
    assert_equal "$(version_rows "$DB")" 92a3b4c5d6e7
}

# ---- hostile scripts: exit 4 (or a skip) with a message, bounded, never a crash ----

hostile_project() {
    P=$BATS_TEST_TMPDIR/hostile
    mkdir -p "$P/versions"
    printf '[alembic]\nscript_location = %s\n' "$P" > "$P/alembic.ini"
    printf 'revision = "a1"\ndown_revision = None\ndef upgrade():\n    pass\n' > "$P/versions/a1_ok.py"
}

run_heads() { # bounded in time and memory
    run -"$1" bash -c "ulimit -v 400000; timeout 20 '$GATE' heads -c '$P/alembic.ini'"
}

@test "hostile: a 50 MB revision file is refused (exit 4), not read" {
    hostile_project
    head -c 50000000 /dev/zero | tr '\0' '#' > "$P/versions/big.py"
    run_heads 4
    assert_output --partial "big.py"
    assert_output --partial "larger than"
}

@test "hostile: a symlink loop is exit 4 naming it; a looping directory symlink is not followed" {
    hostile_project
    ln -s loop.py "$P/versions/loop.py"
    run_heads 4
    assert_output --partial "loop.py"
    rm "$P/versions/loop.py"
    ln -s . "$P/versions/again"
    printf 'recursive_version_locations = true\n' >> "$P/alembic.ini"
    run_heads 0
    assert_output "a1 (head)"
}

@test "hostile: a file of random bytes is exit 4 with the file and line" {
    hostile_project
    head -c 100000 /dev/urandom > "$P/versions/noise.py"
    run_heads 4
    assert_output --partial "noise.py"
}

@test "hostile: deeply nested brackets are exit 4, not a stack overflow" {
    hostile_project
    { printf 'revision = "b2"\ndown_revision = "a1"\nx = '; head -c 1000000 /dev/zero | tr '\0' '('; } > "$P/versions/b2_deep.py"
    run_heads 4
    assert_output --partial "nest"
}

@test "hostile: a non-UTF-8 file name is read like any other" {
    hostile_project
    printf 'revision = "b2"\ndown_revision = "a1"\ndef upgrade():\n    pass\n' > "$P/versions/$(printf 'b2_\xff\xfe.py')"
    run_heads 0
    assert_output "b2 (head)"
}

@test "hostile: 20,000 revision files in one directory stay fast and small" {
    hostile_project
    /usr/bin/python3 - "$P/versions" <<'PY'
import os, sys
d = sys.argv[1]
prev = "a1"
for i in range(20000):
    rid = "h%05d" % i
    open(os.path.join(d, rid + ".py"), "w").write(
        "revision = %r\ndown_revision = %r\n\ndef upgrade():\n    op.add_column('t', sa.Column('c%d', sa.Integer()))\n" % (rid, prev, i))
    prev = rid
PY
    run_heads 0
    assert_output "h19999 (head)"
}
