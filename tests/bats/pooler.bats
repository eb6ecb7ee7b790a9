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

@test "the server stopped behind the pooler: exit 3 at --wait-timeout, not the pooler's timeout, with its reason" {
    _pg_as_owner "$PG_BIN/pg_ctl" -D "$PGTEST_DATA" -m fast -w stop >/dev/null
    start=$(date +%s)
    run "$GATE" --wait-timeout 6 --connect-timeout 2 --backoff-max 500
    took=$(( $(date +%s) - start ))
    pg_restart
    assert_equal "$status" 3
    # PgBouncer's query_wait_timeout is 120 s; the gate's deadline is 6 s.
    [ "$took" -ge 5 ] && [ "$took" -le 9 ] || fail "took ${took}s"
    assert_equal "$(status_field outcome)" unreachable
    # PgBouncer holds the login (or the first query) while it has no server:
    # each attempt ends at --connect-timeout; any words of the pooler's are
    # kept, not replaced by libpq's "server closed the connection unexpectedly".
    assert_output --regexp 'database not reachable within 6s after [0-9]+ attempts: .*(server login has been failing|no answer from the server in time|timed out after 2s)'
    refute_output --partial 'server closed the connection unexpectedly'
}

@test "a server restart during the wait behind the pooler: a correct repair within the deadline" {
    broken_at_head
    pg_start_later 3
    run "$GATE" --wait-timeout 30 --connect-timeout 2 --backoff-max 500
    wait "$PGTEST_STARTER_PID" || true
    assert_success
    assert_equal "$(status_field outcome)" repaired
    [ "$(status_field attempts)" -gt 1 ]
    assert_equal "$(version_rows "$DB")" 92a3b4c5d6e7
}

@test "PgBouncer's unsupported startup parameter: exit 6 at once, naming the parameter" {
    start=$(date +%s)
    run "$GATE" --wait-timeout 30 --database-url "$(bouncer_url "$DB")?options=-csearch_path%3Dpublic"
    took=$(( $(date +%s) - start ))
    assert_equal "$status" 6
    [ "$took" -le 3 ] || fail "retried for ${took}s"
    assert_output --partial "the pooler refused the startup parameter 'options'"
    assert_output --partial 'ignore_startup_parameters'
}

@test "a version table that cannot be created: exit 6, and no log line says it was created" {
    broken_at_head
    pg_psql -d "$DB" -c "CREATE SCHEMA meta"
    run env DATABASE_URL="$(db_url "$DB")" "$GATE" --version-table-schema meta
    assert_equal "$status" 6
    assert_output --partial 'permission denied for schema meta'
    refute_output --partial 'created version table'
}

@test "a server notice (crash of another backend) goes through the logger: --log-format json stays JSON" {
    pg_psql -d "$DB" -c "SELECT pg_sleep(60)" >/dev/null 2>&1 &
    sleeper=$!
    "$GATE" --init --hold-lock --log-format json --database-url "$(db_url "$DB")" -- \
        sh -c 'echo up > "$0"; sleep 30' "$BATS_TEST_TMPDIR/up" 2>"$BATS_TEST_TMPDIR/log" &
    gate=$!
    wait_for_file "$BATS_TEST_TMPDIR/up"
    victim=$(pg_psql -d postgres -c "SELECT pid FROM pg_stat_activity WHERE query = 'SELECT pg_sleep(60)'")
    kill -KILL "$victim"
    rc=0; wait "$gate" || rc=$?
    wait "$sleeper" 2>/dev/null || true
    for _ in $(seq 1 100); do pg_psql -d postgres -c "SELECT 1" >/dev/null 2>&1 && break; sleep 0.1; done
    assert_equal "$rc" 6
    run /usr/bin/python3 -c 'import json, sys
for line in open(sys.argv[1]):
    json.loads(line)' "$BATS_TEST_TMPDIR/log"
    assert_success
    grep -q '"msg":"server: terminating connection because of crash of another server process"' "$BATS_TEST_TMPDIR/log" ||
        fail "$(cat "$BATS_TEST_TMPDIR/log")"
}

@test "a gate SIGKILLed while waiting for the lock: its server session ends at once (client_connection_check_interval)" {
    broken_at_head
    key=$(pg_psql -d "$DB" -c "SELECT hashtextextended('public.alembic_version', 0)")
    pg_psql -d "$DB" -c "SELECT pg_advisory_lock($key), pg_sleep(20)" >/dev/null 2>&1 &
    holder=$!
    sleep 0.5
    DATABASE_URL=$(db_url "$DB") "$GATE" --lock-timeout 60 2>/dev/null &
    gate=$!
    waiting="SELECT count(*) FROM pg_stat_activity WHERE application_name = 'alembic-gate' AND wait_event_type = 'Lock'"
    for _ in $(seq 1 50); do [ "$(pg_psql -d "$DB" -c "$waiting")" -eq 1 ] && break; sleep 0.1; done
    [ "$(pg_psql -d "$DB" -c "$waiting")" -eq 1 ]
    kill -KILL "$gate"
    wait "$gate" 2>/dev/null || true
    sleep 3
    left=$(pg_psql -d "$DB" -c "$waiting")
    kill "$holder" 2>/dev/null; wait "$holder" 2>/dev/null || true
    assert_equal "$left" 0
}

@test "--init: a gate killed with SIGKILL takes its command with it (PR_SET_PDEATHSIG)" {
    "$GATE" --init --database-url "$(db_url "$DB")" -- sh -c 'echo $$ > "$0"; exec sleep 60' "$BATS_TEST_TMPDIR/child" 2>/dev/null &
    gate=$!
    wait_for_file "$BATS_TEST_TMPDIR/child"
    child=$(cat "$BATS_TEST_TMPDIR/child")
    kill -KILL "$gate"
    wait "$gate" 2>/dev/null || true
    for _ in $(seq 1 30); do kill -0 "$child" 2>/dev/null || break; sleep 0.1; done
    run kill -0 "$child"
    assert_failure
}

@test "multi-host URL listing a standby first: read-write by default, said in the log, status names the primary" {
    source "$TESTS_DIR/lib/pgbouncer.sh"
    broken_at_head
    standby_start
    standby_wait_for "$DB" 'SELECT 1' 1
    run "$GATE" --wait-timeout 10 \
        --database-url "postgresql://app:$(pg_urlencode "$PGTEST_PASSWORD")@127.0.0.1:$STANDBY_PORT,127.0.0.1:$PGTEST_PORT/$DB"
    standby_stop
    assert_success
    assert_output --partial 'several hosts and no target_session_attrs: using target_session_attrs=read-write'
    assert_equal "$(status_field outcome)" repaired
    assert_equal "$(status_field database.port)" "$PGTEST_PORT"
    assert_equal "$(status_field database.host)" 127.0.0.1
    assert_equal "$(version_rows "$DB")" 92a3b4c5d6e7
}

@test "a server restart while a --hold-lock gate waits for the lock behind the pooler: retried, repaired within the deadline" {
    broken_at_head
    key=$(pg_psql -d "$DB" -c "SELECT hashtextextended('public.alembic_version', 0)")
    pg_psql -d "$DB" -c "SELECT pg_advisory_lock($key), pg_sleep(30)" >/dev/null 2>&1 &
    holder=$!
    sleep 0.5
    "$GATE" --init --hold-lock --wait-timeout 40 --connect-timeout 2 --backoff-max 500 -- true 2>"$BATS_TEST_TMPDIR/log" &
    gate=$!
    for _ in $(seq 1 50); do grep -q 'taking advisory lock' "$BATS_TEST_TMPDIR/log" && break; sleep 0.1; done
    sleep 0.5
    pg_start_later 2
    rc=0; wait "$gate" || rc=$?
    wait "$PGTEST_STARTER_PID" || true
    wait "$holder" 2>/dev/null || true
    [ "$rc" -eq 0 ] || fail "exit $rc: $(cat "$BATS_TEST_TMPDIR/log")"
    grep -q 'retrying in' "$BATS_TEST_TMPDIR/log"
    assert_equal "$(status_field outcome)" repaired
    assert_equal "$(version_rows "$DB")" 92a3b4c5d6e7
    assert_equal "$(advisory_locks)" 0
}

# A failover: the primary dies, the standby is promoted a few seconds later.
# A gate given both hosts keeps retrying (the primary refuses, the standby is
# read-only) and repairs on the promoted standby within --wait-timeout.
@test "failover with a multi-host URL: the primary dies, the standby is promoted, the gate repairs there" {
    broken_at_head
    standby_start
    standby_wait_for "$DB" 'SELECT count(*) FROM alembic_version' 0
    _pg_as_owner "$PG_BIN/pg_ctl" -D "$PGTEST_DATA" -m immediate -w stop >/dev/null
    ( sleep 3; _pg_as_owner "$PG_BIN/pg_ctl" -D "$STANDBY_DATA" -w promote >/dev/null ) &
    promoter=$!
    run --separate-stderr "$GATE" --wait-timeout 30 \
        --database-url "postgresql://app:$(pg_urlencode "$PGTEST_PASSWORD")@127.0.0.1:$PGTEST_PORT,127.0.0.1:$STANDBY_PORT/$DB?target_session_attrs=read-write"
    wait "$promoter"
    rows=$(standby_query "$DB" 'SELECT version_num FROM alembic_version')
    standby_stop
    pg_restart
    assert_success
    [ "$(status_field attempts)" -gt 1 ]
    assert_equal "$(status_field outcome)" repaired
    assert_equal "$(status_field database.port)" "$STANDBY_PORT"
    assert_equal "$rows" 92a3b4c5d6e7
    # The old primary never saw the write.
    assert_equal "$(pg_psql -d "$DB" -c "SELECT count(*) FROM alembic_version")" 0
}
