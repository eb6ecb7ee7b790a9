#!/usr/bin/env bats
# Issue 4: `alembic-gate heads` and `history` print what real Alembic prints
# for the same scripts, on the example project and on random graphs
# (tests/tools/gen_revisions.py: branches, merges, several bases,
# depends_on, a branch label, both templates, odd quoting).

setup() {
    load 'lib/common'
    export DATABASE_URL=postgresql://unused@127.0.0.1:1/unused
}

compare() { # INI COMMAND
    /usr/bin/python3 "$TESTS_DIR/tools/alembic_sorted.py" -c "$1" "$2" > "$BATS_TEST_TMPDIR/alembic.out" 2>/dev/null ||
        fail "alembic $2 failed on $1"
    "$GATE" "$2" -c "$1" --allow-multiple-heads > "$BATS_TEST_TMPDIR/gate.out" 2>"$BATS_TEST_TMPDIR/gate.err" ||
        fail "gate $2 failed on $1: $(cat "$BATS_TEST_TMPDIR/gate.err")"
    diff -u "$BATS_TEST_TMPDIR/alembic.out" "$BATS_TEST_TMPDIR/gate.out" || fail "$2 differs for $1"
}

@test "the example project: heads and history equal Alembic's (unsorted listing too)" {
    compare "$EXAMPLE_INI" heads
    compare "$EXAMPLE_INI" history
    # One head and one line of history per branch here, so plain Alembic agrees as well.
    run diff <("${ALEMBIC[@]}" -c "$EXAMPLE_INI" history 2>/dev/null) <("$GATE" history -c "$EXAMPLE_INI" 2>/dev/null)
    assert_success
}

@test "60 random revision graphs: heads and history equal Alembic's" {
    for seed in $(seq 1 60); do
        dir=$BATS_TEST_TMPDIR/g$seed
        /usr/bin/python3 "$TESTS_DIR/tools/gen_revisions.py" "$seed" "$dir"
        compare "$dir/alembic.ini" heads
        compare "$dir/alembic.ini" history
    done
}

@test "more than one head is exit 4 unless --allow-multiple-heads" {
    for seed in $(seq 1 60); do
        dir=$BATS_TEST_TMPDIR/g$seed
        /usr/bin/python3 "$TESTS_DIR/tools/gen_revisions.py" "$seed" "$dir"
        n=$("$GATE" heads -c "$dir/alembic.ini" --allow-multiple-heads 2>/dev/null | wc -l)
        [ "$n" -gt 1 ] && break
    done
    [ "$n" -gt 1 ] || skip "no seed made several heads"
    run "$GATE" heads -c "$dir/alembic.ini"
    assert_equal "$status" 4
    assert_output --partial "heads"
}

@test "a 100,000-revision chain: heads and history without deep recursion" {
    dir=$BATS_TEST_TMPDIR/chain
    mkdir -p "$dir/migrations/versions"
    printf '[alembic]\nscript_location = %%(here)s/migrations\n' > "$dir/alembic.ini"
    /usr/bin/python3 - "$dir/migrations/versions" <<'PY'
import os, sys
d = sys.argv[1]
prev = None
for i in range(100000):
    rid = "c%06d" % i
    with open(os.path.join(d, rid + "_x.py"), "w") as f:
        f.write("revision = %r\ndown_revision = %r\n\ndef upgrade():\n    pass\n" % (rid, prev))
    prev = rid
PY
    run "$GATE" heads -c "$dir/alembic.ini"
    assert_success
    assert_output "c099999 (head)"
    run bash -c "'$GATE' history -c '$dir/alembic.ini' | wc -l"
    assert_output 100000
}
