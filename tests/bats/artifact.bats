#!/usr/bin/env bats
# The shipped artifact: one static binary that runs with nothing around it.

SIZE_BUDGET_BYTES=$((6 * 1024 * 1024)) # see README "Building": libpq + OpenSSL + the gate

setup() {
    load 'lib/common'
}

@test "the binary is statically linked" {
    run file "$GATE"
    assert_output --partial "statically linked"
}

@test "it runs from an empty root: chroot with nothing but the binary prints --version" {
    [ "$(id -u)" = 0 ] || skip "chroot needs root"
    root=$BATS_TEST_TMPDIR/root
    mkdir -p "$root"
    cp "$GATE" "$root/alembic-gate"
    run chroot "$root" /alembic-gate --version
    assert_success
    assert_output "alembic-gate $(cat "$ROOT_DIR/VERSION")"
}

@test "in an empty root, a missing database is a clean exit 3, not a crash" {
    [ "$(id -u)" = 0 ] || skip "chroot needs root"
    root=$BATS_TEST_TMPDIR/root
    mkdir -p "$root/scripts/versions"
    cp "$GATE" "$root/alembic-gate"
    run chroot "$root" /alembic-gate --script-location /scripts --database-url postgresql://u@127.0.0.1:1/d \
        --wait-timeout 0 --status-file /status.json
    assert_equal "$status" 3
    grep -q '"outcome":"unreachable"' "$root/status.json"
}

@test "the stripped binary stays within its size budget" {
    size=$(stat -c %s "$GATE")
    [ "$size" -le "$SIZE_BUDGET_BYTES" ] || fail "$size bytes > budget $SIZE_BUDGET_BYTES"
}

@test "make install puts the binary and the man page under DESTDIR/PREFIX" {
    dest=$BATS_TEST_TMPDIR/dest
    run make -C "$ROOT_DIR" -s install DESTDIR="$dest" PREFIX=/opt/ag
    assert_success
    [ -x "$dest/opt/ag/bin/alembic-gate" ] || fail "no executable at $dest/opt/ag/bin/alembic-gate"
    cmp "$ROOT_DIR/build/alembic-gate" "$dest/opt/ag/bin/alembic-gate"
    cmp "$ROOT_DIR/docs/alembic-gate.1" "$dest/opt/ag/share/man/man1/alembic-gate.1"
    run "$dest/opt/ag/bin/alembic-gate" --version
    assert_output "alembic-gate $(cat "$ROOT_DIR/VERSION")"
}
