#!/usr/bin/env bats
# Issue 17: the gate behind PgBouncer (Debian's, started here in transaction
# and statement pooling) and with a hot standby: --hold-lock that cannot
# overlap or leak, the repair's lock and --lock-timeout on one server
# connection, one deadline for everything before the decision.

bats_require_minimum_version 1.5.0

setup_file() {
    load 'lib/common'
    source "$TESTS_DIR/lib/pgbouncer.sh"
    pg_start
    bouncer_start transaction
}

teardown_file() {
    load 'lib/common'
    source "$TESTS_DIR/lib/pgbouncer.sh"
    bouncer_stop
    standby_stop
    pg_stop
}

setup() {
    load 'lib/common'
    source "$TESTS_DIR/lib/pgbouncer.sh"
    use_fresh_database b
    export DATABASE_URL=$(bouncer_url "$DB")
}

broken_at_head() {
    DATABASE_URL=$(db_url "$DB") alembic_run upgrade head 2>/dev/null
    pg_psql -d "$DB" -c "DELETE FROM alembic_version"
}

advisory_locks() {
    pg_psql -d "$DB" -c "SELECT count(*) FROM pg_locks l JOIN pg_database d ON d.oid = l.database
                         WHERE l.locktype = 'advisory' AND d.datname = '$DB'"
}

@test "--init --hold-lock through transaction pooling: three replicas never overlap, no lock is left" {
    broken_at_head
    for i in 1 2 3; do
        "$GATE" --init --hold-lock --status-file "$BATS_TEST_TMPDIR/s$i.json" -- \
            sh -c 'start=$(date +%s.%N); sleep 0.5; echo "$start $(date +%s.%N)" > "$0"' "$BATS_TEST_TMPDIR/run$i" \
            2>"$BATS_TEST_TMPDIR/log$i" &
        pids[$i]=$!
    done
    for i in 1 2 3; do
        rc=0; wait "${pids[$i]}" || rc=$?
        [ "$rc" -eq 0 ] || fail "gate $i: exit $rc: $(cat "$BATS_TEST_TMPDIR/log$i")"
    done
    cat "$BATS_TEST_TMPDIR"/run? | sort -n > "$BATS_TEST_TMPDIR/intervals"
    [ "$(wc -l < "$BATS_TEST_TMPDIR/intervals")" -eq 3 ]
    run awk 'NR > 1 && $1 < prev_end { print "overlap at line " NR; bad = 1 } { prev_end = $2 } END { exit bad }' \
        "$BATS_TEST_TMPDIR/intervals"
    assert_success
    # One replica repaired, the others found it healthy under the lock.
    assert_equal "$(version_rows "$DB")" 92a3b4c5d6e7
    grep -h 'advisory lock .* released' "$BATS_TEST_TMPDIR"/log? | wc -l | grep -qx 3
    # Nothing is left on the pooled server connections, which outlive the gates.
    assert_equal "$(advisory_locks)" 0
    # A later gate, direct and with no patience, takes the lock at once.
    pg_psql -d "$DB" -c "DELETE FROM alembic_version"
    run env DATABASE_URL="$(db_url "$DB")" "$GATE" --lock-timeout 0
    assert_success
    assert_equal "$(version_rows "$DB")" 92a3b4c5d6e7
}

@test "--hold-lock: the held transaction keeps no snapshot and survives idle_in_transaction_session_timeout" {
    pg_psql -d postgres -c "ALTER DATABASE \"$DB\" SET idle_in_transaction_session_timeout = '1s'" >/dev/null
    run "$GATE" --init --hold-lock -- sh -c "sleep 2.5; $PG_BIN/psql -X -At -h '$PGTEST_SOCKDIR' -p '$PGTEST_PORT' -U postgres -d '$DB' \
        -c \"SELECT state, backend_xid IS NULL, backend_xmin IS NULL FROM pg_stat_activity WHERE datname = '$DB' AND state LIKE 'idle in transaction%'\""
    assert_success
    # Held for 2.5 s past a 1 s idle timeout, without an xid or an xmin that would hold back vacuum.
    assert_line 'idle in transaction|t|t'
    assert_equal "$(advisory_locks)" 0
}

@test "--hold-lock through statement pooling: exit 6 saying what to do, the command does not run" {
    source "$TESTS_DIR/lib/pgbouncer.sh"
    local saved_dir=$BOUNCER_DIR saved_port=$BOUNCER_PORT saved_pid=$BOUNCER_PID
    bouncer_start statement
    run "$GATE" --init --hold-lock --database-url "$(bouncer_url "$DB")" -- sh -c 'echo CMD-RAN'
    bouncer_stop
    BOUNCER_DIR=$saved_dir BOUNCER_PORT=$saved_port BOUNCER_PID=$saved_pid
    assert_equal "$status" 6
    assert_output --partial 'transaction blocks not allowed in statement pooling mode'
    assert_output --partial 'session or transaction pool'
    refute_output --partial CMD-RAN
}

@test "the repair's lock and --lock-timeout 1 through the pooler: exit 6 within seconds, nothing written" {
    broken_at_head
    key=$(pg_psql -d "$DB" -c "SELECT hashtextextended('public.alembic_version', 0)")
    pg_psql -d "$DB" -c "SELECT pg_advisory_lock($key), pg_sleep(20)" >/dev/null 2>&1 &
    holder=$!
    sleep 1
    start=$(date +%s)
    run "$GATE" --lock-timeout 1
    took=$(( $(date +%s) - start ))
    kill "$holder" 2>/dev/null; wait "$holder" 2>/dev/null || true
    assert_equal "$status" 6
    assert_output --partial 'not acquired within 1s (--lock-timeout)'
    [ "$took" -le 5 ] || fail "took ${took}s"
    assert_equal "$(pg_psql -d "$DB" -c "SELECT count(*) FROM alembic_version")" 0
    # The 1 s lock_timeout was local to the gate's transaction: the pooled
    # server connections still have the server's default.
    run psql_bouncer "$DB" -c "SHOW lock_timeout"
    assert_output 0
}

psql_bouncer() {
    local db=$1
    shift
    PGPASSWORD=$PGTEST_PASSWORD "$PG_BIN/psql" -X -q -At -h 127.0.0.1 -p "$BOUNCER_PORT" -U app -d "$db" "$@"
}
