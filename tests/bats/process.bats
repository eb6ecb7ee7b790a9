#!/usr/bin/env bats
# Issue 6: exec the command with the gate's PID, or stay PID 1 and supervise
# it (--init): signal forwarding, reaping, PID namespaces, --hold-lock.
# Every test runs the gate against a real throwaway cluster with the example
# project on a fresh database, so the gate reaches "ready" before the command.

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
    use_fresh_database p
}

@test "exec replaces the gate: same PID, the command's exit status" {
    "$GATE" -- sh -c 'echo $$ > "$0"; exit 7' "$BATS_TEST_TMPDIR/pid" &
    pid=$!
    rc=0; wait "$pid" || rc=$?
    [ "$rc" -eq 7 ]
    [ "$(cat "$BATS_TEST_TMPDIR/pid")" = "$pid" ]
}

@test "exec leaves no database socket or status file open in the command" {
    run "$GATE" -- sh -c 'ls -l /proc/$$/fd'
    assert_success
    refute_output --partial 'socket:'
    refute_output --partial 'status.json'
}

@test "exec: a command that does not exist exits 127" {
    run -127 "$GATE" -- /nonexistent/alembic-gate-test-cmd
    assert_output --partial 'command not found'
    run -127 "$GATE" -- alembic-gate-no-such-command-on-path
}

@test "exec: a file that is not executable exits 126" {
    printf 'echo hi\n' > "$BATS_TEST_TMPDIR/notexec"
    chmod 0644 "$BATS_TEST_TMPDIR/notexec"
    run "$GATE" -- "$BATS_TEST_TMPDIR/notexec"
    assert_equal "$status" 126
    assert_output --partial 'cannot run'
}

@test "no command: the gate exits with its own code (initContainer use)" {
    run "$GATE"
    assert_success
    [ "$(status_field outcome)" = fresh ]
}

@test "--init passes the child's exit status and 128+N for a signal death" {
    run "$GATE" --init -- sh -c 'exit 9'
    assert_equal "$status" 9
    run "$GATE" --init -- sh -c 'kill -KILL $$'
    assert_equal "$status" 137
}

@test "--init forwards SIGTERM: the child's handler runs and its exit code comes back" {
    "$GATE" --init -- sh -c 'trap "echo got-term > \"$0\"; exit 42" TERM; echo up > "$0.up"; while :; do sleep 0.05; done' \
        "$BATS_TEST_TMPDIR/term" &
    pid=$!
    wait_for_file "$BATS_TEST_TMPDIR/term.up"
    kill -TERM "$pid"
    rc=0; wait_bounded "$pid" 10 "$BATS_TEST_TMPDIR/term" || rc=$?
    [ "$rc" -eq 42 ]
    [ "$(cat "$BATS_TEST_TMPDIR/term")" = got-term ]
}

@test "--init forwards SIGUSR1 and SIGHUP too" {
    "$GATE" --init -- sh -c 'trap "echo usr1 >> \"$0\"" USR1; trap "echo hup >> \"$0\"; exit 3" HUP; echo up > "$0.up"; while :; do sleep 0.05; done' \
        "$BATS_TEST_TMPDIR/sigs" &
    pid=$!
    wait_for_file "$BATS_TEST_TMPDIR/sigs.up"
    kill -USR1 "$pid"
    sleep 0.3
    kill -HUP "$pid"
    rc=0; wait_bounded "$pid" 10 "$BATS_TEST_TMPDIR/sigs" || rc=$?
    [ "$rc" -eq 3 ]
    [ "$(tr '\n' ' ' < "$BATS_TEST_TMPDIR/sigs")" = "usr1 hup " ]
}

@test "--init reaps an orphaned grandchild (subreaper when not PID 1)" {
    # The subshell exits at once; its sleep is orphaned, re-parented to the
    # gate, and must not stay a zombie once it exits.
    "$GATE" --init -- sh -c '(sleep 0.2 &); echo up > "$0"; sleep 2' "$BATS_TEST_TMPDIR/up" &
    pid=$!
    wait_for_file "$BATS_TEST_TMPDIR/up"
    sleep 1
    zombies=$(ps -o stat= --ppid "$pid" | grep -c '^Z' || true)
    wait "$pid"
    [ "$zombies" -eq 0 ]
}

@test "--init as PID 1 of a new PID namespace: status, forwarding, prompt exit" {
    command -v unshare >/dev/null || skip "unshare not installed"
    unshare --pid --fork --mount-proc true 2>/dev/null || skip "no permission for PID namespaces"
    run unshare --pid --fork --mount-proc "$GATE" --init -- sh -c 'echo "pid1=$PPID"; exit 5'
    assert_equal "$status" 5
    assert_output --partial 'pid1=1'
    unshare --pid --fork --mount-proc "$GATE" --init -- sh -c 'trap "exit 44" TERM; echo up > "$0"; while :; do sleep 0.05; done' \
        "$BATS_TEST_TMPDIR/ns.up" &
    outer=$!
    wait_for_file "$BATS_TEST_TMPDIR/ns.up"
    gatepid=$(pgrep -P "$outer" | head -n1)
    [ -n "$gatepid" ]
    kill -TERM "$gatepid"
    rc=0; wait_bounded "$outer" 10 "$BATS_TEST_TMPDIR/ns.up" || rc=$?
    [ "$rc" -eq 44 ]
}

@test "--hold-lock: four replicas run their commands one at a time" {
    for i in 1 2 3 4; do
        "$GATE" --init --hold-lock --status-file "$BATS_TEST_TMPDIR/s$i.json" -- \
            sh -c 'start=$(date +%s.%N); sleep 0.4; echo "$start $(date +%s.%N)" > "$0"' "$BATS_TEST_TMPDIR/run$i" &
        pids[$i]=$!
    done
    for i in 1 2 3 4; do wait "${pids[$i]}"; done
    cat "$BATS_TEST_TMPDIR"/run? | sort -n > "$BATS_TEST_TMPDIR/intervals"
    [ "$(wc -l < "$BATS_TEST_TMPDIR/intervals")" -eq 4 ]
    # Sorted by start, each interval must end before the next one starts.
    run awk 'NR > 1 && $1 < prev_end { print "overlap at line " NR; bad = 1 } { prev_end = $2 } END { exit bad }' \
        "$BATS_TEST_TMPDIR/intervals"
    assert_success
}

@test "--hold-lock: the lock is released when the command exits, whatever its status" {
    run "$GATE" --init --hold-lock -- sh -c 'exit 3'
    assert_equal "$status" 3
    held=$(pg_psql -d "$DB" -c "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory'")
    [ "$held" -eq 0 ]
}

@test "--hold-lock: a dropped connection sends SIGTERM to the command and exits 6" {
    "$GATE" --init --hold-lock -- sh -c 'trap "echo term > \"$0\"; exit 0" TERM; echo up > "$0.up"; while :; do sleep 0.05; done' \
        "$BATS_TEST_TMPDIR/lost" &
    pid=$!
    wait_for_file "$BATS_TEST_TMPDIR/lost.up"
    pg_psql -d "$DB" -c "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = 'alembic-gate' AND datname = '$DB'" >/dev/null
    rc=0; wait_bounded "$pid" 20 "$BATS_TEST_TMPDIR/lost" || rc=$?
    [ "$rc" -eq 6 ]
    [ "$(cat "$BATS_TEST_TMPDIR/lost")" = term ]
}

@test "--hold-lock without --init is a usage error" {
    run "$GATE" --hold-lock -- true
    assert_equal "$status" 64
    assert_output --partial '--hold-lock'
}

@test "--on-error continue: the command runs although the database was unreachable" {
    run "$GATE" --database-url "postgresql://app@127.0.0.1:$(free_port)/app" --wait-timeout 0 \
        --on-error continue -- sh -c 'echo ran-anyway'
    assert_success
    assert_output --partial 'ran-anyway'
    [ "$(status_field outcome)" = unreachable ]
    [ "$(status_field ready)" = False ]
}

@test "--on-error fail (default): the command does not run" {
    run "$GATE" --database-url "postgresql://app@127.0.0.1:$(free_port)/app" --wait-timeout 0 \
        -- sh -c 'echo ran-anyway'
    assert_equal "$status" 3
    refute_output --partial 'ran-anyway'
}

# Issue 17: too few descriptors is a clear configuration error, with a
# status file; a low soft limit under a higher hard one is raised for the
# gate and given back to the command.
@test "ulimit -n below what the gate needs: exit 78 naming the limit, status file written" {
    run --separate-stderr bash -c 'ulimit -n 8; exec "$0" --status-file "$1" -- true' "$GATE" "$ALEMBIC_GATE_STATUS_FILE"
    assert_failure 78
    [[ $stderr == *"too few file descriptors: ulimit -n allows 8 (hard limit 8), the gate needs 16"* ]] || fail "$stderr"
    assert_equal "$(status_field exit_code)" 78
    run status_field message
    assert_output --partial "too few file descriptors"
}

@test "a low soft descriptor limit is raised for the gate and given back to the command" {
    run --separate-stderr bash -c 'ulimit -Sn 8; exec "$0" --init --hold-lock -- sh -c "ulimit -Sn"' "$GATE"
    assert_success
    assert_output 8
    run --separate-stderr bash -c 'ulimit -Sn 8; exec "$0" -- sh -c "ulimit -Sn"' "$GATE"
    assert_success
    assert_output 8
}
