#!/usr/bin/env bats
# TLS: the static binary (OpenSSL linked in) connects with sslmode=require
# and verify-full, the server sees the session encrypted, and a wrong CA is
# refused (exit 6, not retried).

bats_require_minimum_version 1.5.0

setup_file() {
    load 'lib/common'
    pg_start --ssl
}

teardown_file() {
    load 'lib/common'
    pg_stop
}

setup() {
    load 'lib/common'
    export ALEMBIC_CONFIG=$EXAMPLE_INI
    export ALEMBIC_GATE_STATUS_FILE=$BATS_TEST_TMPDIR/status.json
    ENC=$(pg_urlencode "$PGTEST_PASSWORD")
}

# Runs the gate holding its connection (--init --hold-lock) while the command
# asks the server whether that connection is encrypted.
ssl_of_gate_session() {
    "$GATE" --init --hold-lock -- "$PG_BIN/psql" -X -At -h "$PGTEST_SOCKDIR" -p "$PGTEST_PORT" -U postgres -d app -c \
        "SELECT s.ssl || ' ' || s.version FROM pg_stat_ssl s JOIN pg_stat_activity a USING (pid) WHERE a.application_name = 'alembic-gate'"
}

@test "sslmode=require: the gate's session is encrypted" {
    export DATABASE_URL="postgresql://app:$ENC@127.0.0.1:$PGTEST_PORT/app?sslmode=require"
    run ssl_of_gate_session
    assert_success
    assert_line --regexp '^true TLSv1\.[23]$'
}

@test "asyncpg's ssl=require is mapped to sslmode=require" {
    export DATABASE_URL="postgresql+asyncpg://app:$ENC@127.0.0.1:$PGTEST_PORT/app?ssl=require"
    run ssl_of_gate_session
    assert_success
    assert_line --regexp '^true TLSv1\.[23]$'
}

@test "sslmode=verify-full with the test CA, host name localhost resolved from /etc/hosts" {
    grep -qw localhost /etc/hosts || skip "no localhost entry in /etc/hosts"
    export DATABASE_URL="postgresql://app:$ENC@localhost:$PGTEST_PORT/app?sslmode=verify-full&sslrootcert=$PGTEST_CA"
    run ssl_of_gate_session
    assert_success
    assert_line --regexp '^true TLSv1\.[23]$'
}

@test "sslmode=verify-full against another CA: exit 6 at once" {
    export DATABASE_URL="postgresql://app:$ENC@localhost:$PGTEST_PORT/app?sslmode=verify-full&sslrootcert=$PGTEST_OTHER_CA"
    start=$(date +%s)
    run -6 "$GATE" --wait-timeout 60
    [ $(( $(date +%s) - start )) -lt 10 ]
    assert_output --partial certificate
}

@test "PGSSLMODE from the environment still applies (libpq's own variables)" {
    export DATABASE_URL="postgresql://app:$ENC@127.0.0.1:$PGTEST_PORT/app"
    PGSSLMODE=require run ssl_of_gate_session
    assert_success
    assert_line --regexp '^true TLSv1\.[23]$'
}
