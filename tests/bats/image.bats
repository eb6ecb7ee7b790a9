#!/usr/bin/env bats
# The image, built by `make image` and run for real against a throwaway
# cluster on the host (--network host): it runs as 65532:65532, writes its
# status where that user may, works with a read-only root filesystem, repairs,
# and says clearly when the command after -- is not in the image.

setup_file() {
    load 'lib/common'
    load 'lib/container'
    require_containers gate
    pg_start
}

teardown_file() {
    load 'lib/common'
    pg_stop
}

setup() {
    load 'lib/common'
    load 'lib/container'
    use_fresh_database image
    STATUS_DIR=$BATS_TEST_TMPDIR/status
    mkdir -p "$STATUS_DIR"
    chown 65532:65532 "$STATUS_DIR"
}

# The gate's image on the host's network, the example project mounted at
# /app, the database from DATABASE_URL; extra engine flags before "--".
gate_run() {
    local flags=()
    while [ "$#" -gt 0 ] && [ "$1" != -- ]; do flags+=("$1"); shift; done
    shift
    "$CONTAINER" run --rm --network host -e DATABASE_URL -v "$EXAMPLE_DIR:/app:ro" \
        "${flags[@]}" "$GATE_IMAGE" --config /app/alembic.ini "$@"
}

@test "the image runs as 65532:65532 from the gate binary and prints its version" {
    run "$CONTAINER" image inspect --format '{{.Config.User}} {{json .Config.Entrypoint}}' "$GATE_IMAGE"
    assert_success
    assert_output '65532:65532 ["/alembic-gate"]'
    run "$CONTAINER" run --rm "$GATE_IMAGE" --version
    assert_success
    assert_output --partial "$VERSION"
}

@test "fresh database: the status file on a mounted volume is written by uid 65532, and the command runs" {
    run gate_run -v "$STATUS_DIR:/status" -- --status-file /status/status.json -- /alembic-gate --version
    assert_success
    assert_output --partial "$VERSION"
    [ "$(stat -c %u:%g "$STATUS_DIR/status.json")" = 65532:65532 ]
    [ "$(status_field state "$STATUS_DIR/status.json")" = fresh ]
    [ "$(status_field ready "$STATUS_DIR/status.json")" = True ]
}

@test "repair: a schema at head with an emptied alembic_version is stamped, from a password file" {
    alembic_run upgrade head >/dev/null 2>&1
    heads=$(version_rows "$DB")
    pg_psql -d "$DB" -c "DELETE FROM alembic_version"
    printf '%s\n' "$PGTEST_PASSWORD" > "$BATS_TEST_TMPDIR/pw"
    chmod 0644 "$BATS_TEST_TMPDIR/pw"
    run "$CONTAINER" run --rm --network host -v "$EXAMPLE_DIR:/app:ro" -v "$STATUS_DIR:/status" \
        -v "$BATS_TEST_TMPDIR/pw:/run/secrets/pw:ro" \
        -e POSTGRES_HOST=127.0.0.1 -e POSTGRES_PORT="$PGTEST_PORT" -e POSTGRES_USER=app \
        -e POSTGRES_DB="$DB" -e POSTGRES_PASSWORD_FILE=/run/secrets/pw \
        "$GATE_IMAGE" --config /app/alembic.ini --status-file /status/status.json
    assert_success
    refute_output --partial "$PGTEST_PASSWORD"
    [ "$(version_rows "$DB")" = "$heads" ]
    [ "$(status_field outcome "$STATUS_DIR/status.json")" = repaired ]
}

@test "read-only root: the default status directory stays writable, and nothing else is" {
    # The gate writes its status to the image's /tmp/alembic-gate (a volume),
    # then execs its own `status`, which reads it back: 0 only if it is there.
    run gate_run $(read_only_flags) -- -- /alembic-gate status
    assert_success
    # Anywhere else (here /, owned by root, not the gate's user) the gate
    # refuses at start, before any database work (issue 19's status rules).
    run gate_run $(read_only_flags) -- --status-file /status.json -- /alembic-gate --version
    assert_failure 78
    assert_output --partial "status file /status.json"
    assert_output --partial "refusing to write"
}

@test "a command that is not in the scratch image: exit 127 and a clear message" {
    run -127 gate_run -- -- python3 -m alembic upgrade head
    assert_failure 127
    assert_output --partial "cannot run python3: command not found (exit 127)"
}
