#!/usr/bin/env bats
# The arm64 build: the same sources cross-compiled to a static aarch64 binary,
# whose unit tests and --version run under qemu-user-static. Building musl,
# OpenSSL and libpq for arm64 the first time costs minutes, so this runs only
# when `make ARCH=arm64` has filled that cache before (it skips otherwise).

setup() {
    load 'lib/common'
    command -v qemu-aarch64-static >/dev/null || skip "qemu-user-static is not installed"
    # A finished arm64 tree in the dependency cache (scripts/build-deps.sh).
    local cache=${ALEMBIC_GATE_DEPS_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/alembic-gate/deps}
    compgen -G "$cache/arm64_*/.complete" >/dev/null ||
        skip "the arm64 dependencies are not built yet: make ARCH=arm64 builds them once"
}

@test "arm64: a static aarch64 binary; its unit tests and --version pass under qemu" {
    run make -s -C "$ROOT_DIR" ARCH=arm64 cross-test
    assert_success
    assert_output --partial "$(cat "$ROOT_DIR/VERSION")"
    refute_output --regexp '^not ok'
    run file "$ROOT_DIR/build/arm64/alembic-gate"
    assert_output --partial "ARM aarch64"
    assert_output --partial "statically linked"
    # The same budget as the amd64 binary's (artifact.bats).
    [ "$(stat -c %s "$ROOT_DIR/build/arm64/alembic-gate")" -le $((6 * 1024 * 1024)) ]
}
