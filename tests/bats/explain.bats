#!/usr/bin/env bats
# `alembic-gate explain` (SPEC sections 2 and 5) on the example project: what
# the gate reads each revision does, what it cannot see, and, against a real
# cluster migrated by real Alembic, which revisions the catalog shows applied.

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
    unset DATABASE_URL
    export ALEMBIC_CONFIG=$EXAMPLE_INI
}

# The revision ids explain prints, in order (text format: the unindented lines).
explain_ids() {
    "$GATE" explain "$@" | awk '/^[0-9a-f]/ { print $1 }'
}

# The block of text explain prints for one revision.
revision_block() {
    awk -v rev="$1" '/^[0-9a-f]/ { on = ($1 == rev) } on' <<<"$output"
}

# A field of every revision in explain's JSON, "id=value" per line.
json_revisions() {
    /usr/bin/python3 -c 'import json, sys
doc = json.load(sys.stdin)
for r in doc["revisions"]:
    print("%s=%s" % (r["revision"], r.get(sys.argv[1])))' "$1"
}

@test "without a database: every revision newest first, in history's order" {
    run "$GATE" explain
    assert_success
    refute_output --partial "applied"
    assert_equal "$(explain_ids)" "$("$GATE" history | sed -E 's/.* -> ([0-9a-f]+).*/\1/')"
    assert_equal "$(explain_ids | wc -l)" 9
}

@test "each effect names its object, its file and line, and its flags" {
    run "$GATE" explain
    assert_success
    tags=$(revision_block 6f708192a3b4)
    # From the SQL of op.execute, with what PostgreSQL itself creates beside the table.
    [[ "$tags" == *"create table tags  "*"6f708192a3b4_create_tags.py:22"* ]]
    [[ "$tags" == *"create column tags.name (default=f, notnull=t, type=character varying(50))"* ]]
    [[ "$tags" == *"create sequence tags_id_seq (table=tags)"* ]]
    [[ "$tags" == *"create constraint tags.tags_pkey (cols=id, ctype=p, deferrable=f)"* ]]
    [[ "$tags" == *"create index ix_tags_name "*"6f708192a3b4_create_tags.py:28"* ]]
    [[ "$(revision_block 8192a3b4c5d6)" == *"rename column users.name -> display_name  "*"_rename_users_name.py:22"* ]]
    [[ "$(revision_block 92a3b4c5d6e7)" == *"create table audit.events (columns id, user_id, kind, at)"* ]]
}

@test "what it cannot see, and why; a merge that provably does nothing is not unobservable" {
    run "$GATE" explain
    assert_success
    [[ "$(revision_block 4d5e6f708192)" == *"cannot see: line 23: op.execute changes data"* ]]
    [[ "$(revision_block 708192a3b4c5)" == *"nothing: upgrade() provably does nothing"* ]]
}

@test "--unobservable lists only the data-only revision and exits 1" {
    run "$GATE" explain --unobservable
    assert_failure 1
    assert_equal "$(awk '/^[0-9a-f]/ && !/with no observable effect$/ { print $1 }' <<<"$output")" 4d5e6f708192
    assert_line "1 revision with no observable effect"
}

@test "--unobservable exits 0 when every revision can be observed" {
    mkdir -p "$BATS_TEST_TMPDIR/versions"
    cp "$EXAMPLE_DIR"/migrations/versions/1a2b3c4d5e6f_create_users.py "$BATS_TEST_TMPDIR/versions/"
    cat > "$BATS_TEST_TMPDIR/versions/b1_grant.py" <<'EOF'
revision = "b1"
down_revision = "1a2b3c4d5e6f"
def upgrade():
    pass
EOF
    run "$GATE" explain --unobservable --script-location "$EXAMPLE_DIR/migrations" \
        --version-locations "$BATS_TEST_TMPDIR/versions"
    assert_success
    assert_output "0 revisions with no observable effect"
    # A GRANT changes nothing the gate reads, but it does something: the
    # revision is not provably empty (only pass, ... and docstrings are), so
    # it is listed, and the gate never stamps past it unseen.
    printf 'revision = "b2"\ndown_revision = "b1"\ndef upgrade():\n    op.execute("GRANT SELECT ON users TO PUBLIC")\n' \
        > "$BATS_TEST_TMPDIR/versions/b2_grant.py"
    run "$GATE" explain --unobservable --script-location "$EXAMPLE_DIR/migrations" \
        --version-locations "$BATS_TEST_TMPDIR/versions"
    assert_failure 1
    assert_output --partial "b2"
    # An UPDATE does something the catalog cannot show.
    printf 'revision = "b3"\ndown_revision = "b2"\ndef upgrade():\n    op.execute("UPDATE users SET name = lower(name)")\n' \
        > "$BATS_TEST_TMPDIR/versions/b3_data.py"
    run "$GATE" explain --unobservable --script-location "$EXAMPLE_DIR/migrations" \
        --version-locations "$BATS_TEST_TMPDIR/versions"
    assert_failure 1
    assert_line --index 0 "b3 (head) "
}

@test "--format json is valid JSON with the same reading" {
    "$GATE" explain --format json > "$BATS_TEST_TMPDIR/explain.json"
    /usr/bin/python3 -m json.tool "$BATS_TEST_TMPDIR/explain.json" >/dev/null
    run json_revisions effect < "$BATS_TEST_TMPDIR/explain.json"
    assert_line 4d5e6f708192=opaque
    assert_line 708192a3b4c5=empty
    assert_line 6f708192a3b4=observable
    run /usr/bin/python3 -c 'import json, sys
doc = json.load(open(sys.argv[1]))
assert doc["database"] is False and doc["state"] is None and doc["unobservable"] == 1
tags = [r for r in doc["revisions"] if r["revision"] == "6f708192a3b4"][0]
ix = [e for e in tags["effects"] if e["object"] == "index ix_tags_name"][0]
assert ix["verb"] == "create" and ix["kind"] == "index" and ix["line"] == 28, ix
assert "in_catalog" not in ix and "applied" not in tags
print("ok")' "$BATS_TEST_TMPDIR/explain.json"
    assert_success
    assert_output ok
    "$GATE" explain --unobservable --format json > "$BATS_TEST_TMPDIR/unobs.json" || test $? = 1
    /usr/bin/python3 -m json.tool "$BATS_TEST_TMPDIR/unobs.json" >/dev/null
}

@test "usage errors: its options outside explain, an unknown format" {
    run "$GATE" --unobservable --check-only
    assert_failure 64
    assert_output --partial "--unobservable is an option of the explain command"
    run "$GATE" --format text --check-only
    assert_failure 64
    assert_output --partial "--format is an option of the explain command"
    run "$GATE" explain --format xml
    assert_failure 64
    assert_output --partial "--format: 'xml' is not one of text, json"
    run "$GATE" explain -- true
    assert_failure 64
}

@test "at head: every revision applied, and the catalog has what they create" {
    use_fresh_database explain
    alembic_run upgrade head 2>/dev/null
    run "$GATE" explain
    assert_success
    assert_equal "$(grep -c '^  applied: in the one set of revisions explaining the schema' <<<"$output")" 9
    [[ "$(revision_block 2b3c4d5e6f70)" == *"create index public.ix_posts_user_id "*"catalog: has it"* ]]
    [[ "$(revision_block 8192a3b4c5d6)" == *"rename column public.users.name -> display_name  "*"catalog: has it"* ]]
    # Nothing was written: the version row is Alembic's.
    assert_equal "$(version_rows "$DB")" 92a3b4c5d6e7
}

@test "version table emptied mid-way: applied, not applied and cannot tell agree with the gate's candidates" {
    use_fresh_database explain
    alembic_run upgrade 4d5e6f708192 2>/dev/null
    pg_psql -d "$DB" -c "DELETE FROM alembic_version"
    run "$GATE" --check-only
    status_state=$(status_field state)
    "$GATE" explain --format json > "$BATS_TEST_TMPDIR/explain.json"
    /usr/bin/python3 -m json.tool "$BATS_TEST_TMPDIR/explain.json" >/dev/null
    run json_revisions applied < "$BATS_TEST_TMPDIR/explain.json"
    assert_line 1a2b3c4d5e6f=applied
    assert_line 3c4d5e6f7081=applied
    # The seed only inserts a row: the schema is the same with or without it.
    assert_line 4d5e6f708192=cannot_tell
    assert_line 5e6f708192a3=not_applied
    assert_line 92a3b4c5d6e7=not_applied
    assert_equal "$status_state" ambiguous
    # The revisions in every candidate set of the gate's own status file are the applied ones.
    run /usr/bin/python3 -c 'import json, sys
doc = json.load(open(sys.argv[1]))
assert doc["state"] == "ambiguous", doc["state"]
applied = sorted(r["revision"] for r in doc["revisions"] if r["applied"] == "applied")
print(" ".join(applied))' "$BATS_TEST_TMPDIR/explain.json"
    assert_output "1a2b3c4d5e6f 2b3c4d5e6f70 3c4d5e6f7081"
    [[ "$(status_field candidates)" == *3c4d5e6f7081* ]]
    [[ "$(status_field candidates)" == *4d5e6f708192* ]]
    # And the version table is still empty: explain writes nothing.
    assert_equal "$(pg_psql -d "$DB" -c "SELECT count(*) FROM alembic_version")" 0
}

@test "the database unreachable: explain waits like the gate and exits 3" {
    export DATABASE_URL="postgresql://app@127.0.0.1:$(free_port)/app"
    run "$GATE" explain --wait-timeout 1
    assert_failure 3
}
