#!/usr/bin/env bats
# The documentation is true to the code: every flag of the SPEC table is in
# --help, the man page and the README; the README's exit codes are the
# code's; --help fits a terminal.

setup() {
    load 'lib/common'
    ROOT=$(cd "$BATS_TEST_DIRNAME/../.." && pwd)
}

# The flags of SPEC section 2's table.
SPEC_FLAGS="--database-url --config --toml-file --directory --name --script-location --version-locations --version-table
--version-table-schema --wait-timeout --connect-timeout --backoff-initial --backoff-max --lock-timeout
--lock-key --check-only --assume-revision --on-ambiguous --on-ahead --on-drift --allow-multiple-heads --on-error
--status-file --init --hold-lock --log-format --help --version"
SPEC_ENV="DATABASE_URL POSTGRES_HOST POSTGRES_PORT POSTGRES_USER POSTGRES_PASSWORD POSTGRES_DB
ALEMBIC_CONFIG ALEMBIC_SCRIPT_LOCATION ALEMBIC_GATE_LOCK_KEY ALEMBIC_GATE_STATUS_FILE
ALEMBIC_GATE_LOG_FORMAT DEBUG"

@test "every SPEC flag and variable is in --help" {
    run "$GATE" --help
    assert_success
    for f in $SPEC_FLAGS $SPEC_ENV; do
        grep -qF -- "$f" <<<"$output" || fail "--help does not mention $f"
    done
}

@test "every SPEC flag and variable is in the README and the man page" {
    for f in $SPEC_FLAGS $SPEC_ENV; do
        grep -qF -- "$f" "$ROOT/README.md" || fail "README.md does not mention $f"
        grep -qF -- "${f//-/\\-}" "$ROOT/docs/alembic-gate.1" || grep -qF -- "$f" "$ROOT/docs/alembic-gate.1" ||
            fail "docs/alembic-gate.1 does not mention $f"
    done
}

@test "--help fits an 80-column terminal" {
    run "$GATE" --help
    long=$(awk 'length($0) > 79' <<<"$output")
    [ -z "$long" ] || fail "lines over 79 columns: $long"
}

@test "the README's exit codes are the code's" {
    # Rows of the README's exit-code table: | `N` | meaning |
    readme=$(sed -n 's/^| `\([0-9][0-9]*\)` | .*/\1/p' "$ROOT/README.md" | sort -n | tr '\n' ' ')
    code=$(sed -n 's/^ *EXIT_[A-Z_]* = \([0-9]*\),.*/\1/p' "$ROOT/src/exitcode.h" | grep -v '^128$' | sort -n | tr '\n' ' ')
    assert_equal "$readme" "$code"
}

@test "the man page is generated from the current --help" {
    tmp=$BATS_TEST_TMPDIR/gate.1
    GATE="$GATE" "$ROOT/scripts/gen-man.sh" > "$tmp"
    diff -u "$ROOT/docs/alembic-gate.1" "$tmp"
}

@test "--version prints the VERSION file and the status file records it" {
    run "$GATE" --version
    assert_success
    assert_output "alembic-gate $(cat "$ROOT/VERSION")"
    grep -qF "## $(cat "$ROOT/VERSION")" "$ROOT/CHANGELOG.md"
}
