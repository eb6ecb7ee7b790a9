#!/usr/bin/env bats
# Issue 3: configuration, connection and waiting, against a real cluster.
# The app role's password holds @ : / % and the common word "word": it must
# never show up in a log line or the status file.

bats_require_minimum_version 1.5.0

setup_file() {
    load 'lib/common'
    pg_start
    pg_createdb fresh
}

teardown_file() {
    load 'lib/common'
    pg_stop
}

setup() {
    load 'lib/common'
    unset DATABASE_URL
    export ALEMBIC_CONFIG=$EXAMPLE_INI
    export ALEMBIC_GATE_STATUS_FILE=$BATS_TEST_TMPDIR/status.json
    ENC=$(pg_urlencode "$PGTEST_PASSWORD")
}

# Runs the gate and checks that it got through (fresh database) without
# leaking the password anywhere.
gate_ok() {
    run "$GATE" "$@"
    assert_success
    assert_equal "$(status_field outcome)" fresh
    refute_output --partial "$PGTEST_PASSWORD"
    refute_output --partial word
    ! grep -q -e word "$ALEMBIC_GATE_STATUS_FILE"
}

@test "postgresql:// URL with a percent-encoded password holding @ : / %" {
    export DATABASE_URL="postgresql://app:$ENC@127.0.0.1:$PGTEST_PORT/fresh"
    gate_ok
    assert_equal "$(status_field database.dbname)" fresh
    assert_equal "$(status_field database.port)" "$PGTEST_PORT"
    assert_equal "$(status_field database.user)" app
}

@test "postgres:// URL" {
    export DATABASE_URL="postgres://app:$ENC@127.0.0.1:$PGTEST_PORT/fresh"
    gate_ok
}

@test "SQLAlchemy postgresql+asyncpg:// with ssl=disable" {
    export DATABASE_URL="postgresql+asyncpg://app:$ENC@127.0.0.1:$PGTEST_PORT/fresh?ssl=disable"
    gate_ok
}

@test "SQLAlchemy postgresql+psycopg2:// given with --database-url" {
    gate_ok --database-url "postgresql+psycopg2://app:$ENC@localhost:$PGTEST_PORT/fresh"
}

@test "libpq key=value string with a quoted password" {
    pw=${PGTEST_PASSWORD//\\/\\\\}
    pw=${pw//\'/\\\'}
    export DATABASE_URL="host=127.0.0.1 port=$PGTEST_PORT dbname=fresh user=app password='$pw'"
    gate_ok
}

@test "POSTGRES_* variables with the password in POSTGRES_PASSWORD_FILE" {
    printf '%s\n' "$PGTEST_PASSWORD" > "$BATS_TEST_TMPDIR/pw"
    POSTGRES_HOST=127.0.0.1 POSTGRES_PORT=$PGTEST_PORT POSTGRES_USER=app POSTGRES_DB=fresh \
        POSTGRES_PASSWORD_FILE=$BATS_TEST_TMPDIR/pw gate_ok
}

@test "POSTGRES_PASSWORD and POSTGRES_PASSWORD_FILE both set: exit 78 naming them" {
    printf '%s\n' "$PGTEST_PASSWORD" > "$BATS_TEST_TMPDIR/pw"
    run -78 env POSTGRES_HOST=127.0.0.1 POSTGRES_PASSWORD=x POSTGRES_PASSWORD_FILE=$BATS_TEST_TMPDIR/pw "$GATE"
    assert_output --partial POSTGRES_PASSWORD_FILE
}

@test "libpq's own PG* variables alone" {
    PGHOST=127.0.0.1 PGPORT=$PGTEST_PORT PGUSER=app PGDATABASE=fresh PGPASSWORD=$PGTEST_PASSWORD gate_ok
}

@test "sqlalchemy.url from the ini as the last resort, with %% escapes" {
    ini=$BATS_TEST_TMPDIR/alembic.ini
    url="postgresql://app:${ENC//%/%%}@127.0.0.1:$PGTEST_PORT/fresh"
    printf '[alembic]\nscript_location = %s/migrations\nsqlalchemy.url = %s\n' "$EXAMPLE_DIR" "$url" > "$ini"
    gate_ok -c "$ini"
}

@test "flag beats environment: --database-url wins over a broken DATABASE_URL" {
    export DATABASE_URL="postgresql://nobody@127.0.0.1:1/none"
    gate_ok --database-url "postgresql://app:$ENC@127.0.0.1:$PGTEST_PORT/fresh"
}

@test "wrong password: exit 6 at once even with a long --wait-timeout" {
    export DATABASE_URL="postgresql://app:not-the-word@127.0.0.1:$PGTEST_PORT/fresh"
    start=$(date +%s)
    run -6 "$GATE" --wait-timeout 60
    [ $(( $(date +%s) - start )) -lt 10 ]
    assert_output --partial "password authentication failed"
    refute_output --partial not-the-word
    assert_equal "$(status_field outcome)" error
    assert_equal "$(status_field attempts)" 1
}

@test "missing database: exit 6 with the reason" {
    export DATABASE_URL="postgresql://app:$ENC@127.0.0.1:$PGTEST_PORT/no_such_db"
    run -6 "$GATE" --wait-timeout 30
    assert_output --partial 'does not exist'
}

# The default schema is read in the catalog read's first round trip (issue
# 18), not by a query of its own: without one the read stops before any write.
@test "a search_path that names no existing schema: exit 6 at once saying so, nothing written" {
    pg_createdb nopath
    pg_psql -d postgres -c "ALTER DATABASE nopath SET search_path = no_such_schema" >/dev/null
    export DATABASE_URL="postgresql://app:$ENC@127.0.0.1:$PGTEST_PORT/nopath"
    run -6 "$GATE" --wait-timeout 30
    assert_output --partial 'current_schema() is null: search_path names no existing schema'
    assert_equal "$(status_field attempts)" 1
    assert_equal "$(pg_psql -d nopath -c "SELECT count(*) FROM pg_class WHERE relname = 'alembic_version'")" 0
}

@test "a server that starts after the gate: the gate proceeds soon after it is ready" {
    export DATABASE_URL="postgresql://app:$ENC@127.0.0.1:$PGTEST_PORT/fresh"
    pg_start_later 3
    start=$(date +%s%N)
    run "$GATE" --wait-timeout 60 --backoff-max 1000
    elapsed_ms=$(( ($(date +%s%N) - start) / 1000000 ))
    wait "$PGTEST_STARTER_PID"
    assert_success
    [ "$(status_field attempts)" -gt 1 ]
    # Three seconds of delay plus the server's start-up, plus at most one backoff cap.
    [ "$elapsed_ms" -lt 9000 ] || fail "took ${elapsed_ms} ms"
}

@test "a server that never starts: exit 3 near the deadline, status unreachable with the attempts" {
    export DATABASE_URL="postgresql://app:$ENC@127.0.0.1:$(free_port)/fresh"
    start=$(date +%s)
    run -3 "$GATE" --wait-timeout 3 --backoff-max 500
    elapsed=$(( $(date +%s) - start ))
    [ "$elapsed" -ge 2 ] && [ "$elapsed" -le 6 ] || fail "exited after ${elapsed}s"
    assert_equal "$(status_field outcome)" unreachable
    assert_equal "$(status_field ready)" False
    [ "$(status_field attempts)" -gt 1 ]
    assert_output --partial "not reachable"
}

@test "--wait-timeout 0 makes exactly one attempt" {
    export DATABASE_URL="postgresql://app:$ENC@127.0.0.1:$(free_port)/fresh"
    run -3 "$GATE" --wait-timeout 0
    assert_equal "$(status_field attempts)" 1
}

@test "SIGTERM while waiting, as PID 1 of a new PID namespace: exit 143 at once, status written" {
    unshare --pid --fork --mount-proc true 2>/dev/null || skip "no permission for PID namespaces"
    export DATABASE_URL="postgresql://app:$ENC@127.0.0.1:$(free_port)/fresh"
    unshare --pid --fork --mount-proc "$GATE" --wait-timeout 60 2>"$BATS_TEST_TMPDIR/log" &
    outer=$!
    for _ in $(seq 1 50); do
        gatepid=$(pgrep -P "$outer" | head -n1)
        [ -n "$gatepid" ] && break
        sleep 0.1
    done
    sleep 1
    start=$(date +%s%N)
    kill -TERM "$gatepid"
    rc=0; wait "$outer" || rc=$?
    elapsed_ms=$(( ($(date +%s%N) - start) / 1000000 ))
    assert_equal "$rc" 143
    [ "$elapsed_ms" -lt 1500 ] || fail "took ${elapsed_ms} ms"
    assert_equal "$(status_field outcome)" error
    assert_equal "$(status_field exit_code)" 143
}

@test "no database settings at all: exit 78 naming what to set" {
    run -78 env -u DATABASE_URL -u PGHOST -u PGDATABASE "$GATE"
    assert_output --partial DATABASE_URL
}

@test "a malformed percent-escape in the password: exit 78 naming the part, not the value" {
    export DATABASE_URL="postgresql://app:sekr%zzword@127.0.0.1:$PGTEST_PORT/fresh"
    run -78 "$GATE"
    assert_output --partial "malformed percent-escape in the password"
    refute_output --partial sekr
}

@test "an unreadable alembic.ini given with -c: exit 78 naming the file" {
    export DATABASE_URL="postgresql://app:$ENC@127.0.0.1:$PGTEST_PORT/fresh"
    run -78 "$GATE" -c /nonexistent/alembic.ini
    assert_output --partial /nonexistent/alembic.ini
}

@test "a bad flag value: exit 64 naming the flag" {
    run -64 "$GATE" --wait-timeout soon
    assert_output --partial -- "--wait-timeout"
    run -64 "$GATE" --on-ambiguous maybe
    assert_output --partial -- "--on-ambiguous"
    run -64 "$GATE" --no-such-flag
    assert_output --partial -- "--no-such-flag"
}

@test "a package:dir script_location not on the Python path is a configuration error naming --script-location" {
    export DATABASE_URL="postgresql://app:$ENC@127.0.0.1:$PGTEST_PORT/fresh"
    printf '[alembic]\nscript_location = myapp:migrations\n' > "$BATS_TEST_TMPDIR/alembic.ini"
    run -78 "$GATE" -c "$BATS_TEST_TMPDIR/alembic.ini"
    assert_output --partial -- "--script-location"
}

@test "--log-format json: one object per line with ts, level, msg" {
    export DATABASE_URL="postgresql://app:$ENC@127.0.0.1:$PGTEST_PORT/fresh"
    "$GATE" --log-format json 2>"$BATS_TEST_TMPDIR/log"
    run /usr/bin/python3 -c 'import json, sys
for line in open(sys.argv[1]):
    o = json.loads(line)
    assert {"ts", "level", "msg"} <= o.keys(), o
print("ok")' "$BATS_TEST_TMPDIR/log"
    assert_output ok
}

@test "-q hides info lines; DEBUG=true shows debug lines" {
    export DATABASE_URL="postgresql://app:$ENC@127.0.0.1:$PGTEST_PORT/fresh"
    run "$GATE" -q
    assert_success
    refute_output --partial " info "
    DEBUG=true run "$GATE"
    assert_output --partial " debug "
}
