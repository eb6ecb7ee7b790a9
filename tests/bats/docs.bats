#!/usr/bin/env bats
# The documentation is true to the code: every command, flag and variable
# SPEC section 2 names (read from SPEC.md itself) is in --help, the man page
# and the README as a whole word; the README's exit codes are the code's;
# --help fits a terminal.

setup() {
    load 'lib/common'
    ROOT=$(cd "$BATS_TEST_DIRNAME/../.." && pwd)
    # The contract lives beside the repository (CI: ../shared/SPEC.md); a
    # worktree one level deeper finds it one level up; SPEC_MD overrides.
    SPEC=${SPEC_MD:-}
    for c in "$ROOT/../shared/SPEC.md" "$ROOT/../../shared/SPEC.md"; do
        [ -n "$SPEC" ] || [ ! -f "$c" ] || SPEC=$c
    done
    [ -f "$SPEC" ] || fail "SPEC.md not found at $ROOT/../shared/SPEC.md (set SPEC_MD)"
}

# What SPEC section 2 names, one "kind name" a line: the commands and flags
# of its invocation block, the flags of its table's first column and the
# variables of its second.
spec_names() {
    /usr/bin/python3 - "$SPEC" <<'PY'
import re, sys
text = open(sys.argv[1], encoding="utf-8").read()
sec = re.search(r"^## 2\..*?(?=^## 3\.)", text, re.S | re.M).group(0)
names = []
block = re.search(r"^```\n(.*?)^```", sec, re.S | re.M).group(1)
for line in block.splitlines():
    usage = line.split("  ")[0]
    m = re.match(r"alembic-gate\s+([a-z]+)\b", usage)
    if m:
        names.append(("cmd", m.group(1)))
    names += [("flag", f) for f in re.findall(r"(?<![\w-])(--?[a-zA-Z][\w-]*)", usage)]
for row in re.findall(r"^\|(.*)\|\s*$", sec, re.M):
    cols = [c.strip() for c in re.split(r"(?<!\\)\|", row)]
    if len(cols) < 2 or set(cols[0]) <= set("-: "):
        continue
    for code in re.findall(r"`([^`]*)`", cols[0]):
        names += [("flag", f) for f in re.findall(r"(?<![\w-])(--?[a-zA-Z][\w-]*)", code)]
    for code in re.findall(r"`([^`]*)`", cols[1]):
        names += [("env", v) for v in re.findall(r"\b([A-Z][A-Z0-9_]*[A-Z0-9])\b", code)]
seen = set()
for kind, name in names:
    if (kind, name) not in seen:
        seen.add((kind, name))
        print(kind, name)
PY
}

# Whole-name matches: --status must not be found in --status-file, nor
# POSTGRES_HOST in POSTGRES_HOST_FILE; a command is a line of a command list
# ("  heads   ...") or follows "alembic-gate " in prose. Names on stdin.
missing_in() {
    local names=$BATS_TEST_TMPDIR/names.$RANDOM
    cat > "$names"
    /usr/bin/python3 - "$1" "$names" <<'PY'
import re, sys
doc = open(sys.argv[1], encoding="utf-8").read()
doc = re.sub(r"\\f[BIRP]", "", doc).replace("\\-", "-").replace("\\(em", "-")
for line in open(sys.argv[2], encoding="utf-8").read().splitlines():
    kind, name = line.split(" ", 1)
    n = re.escape(name)
    if kind == "cmd":
        pat = rf"(^\s+{n}\s)|(alembic-gate\s+(\S+\|)*{n}\b)"
    elif kind == "env":
        pat = rf"(?<![A-Za-z0-9_]){n}(?![A-Za-z0-9_])"
    else:
        pat = rf"(?<![A-Za-z0-9-]){n}(?![A-Za-z0-9-])"
    if not re.search(pat, doc, re.M):
        print(kind, name)
PY
}

@test "the SPEC list is read from SPEC.md itself, and is not empty" {
    run spec_names
    assert_success
    assert_line "flag --database-url"
    assert_line "flag -c"
    assert_line "env ALEMBIC_GATE_LOCK_KEY"
    assert_line "flag --on-ambiguous"  # a row with \| inside its backticks
    assert_line "cmd status"
    [ "${#lines[@]}" -ge 40 ] || fail "only ${#lines[@]} names: $output"
}

@test "the matching is whole-flag: a flag that is only a prefix of one in the text is missing" {
    printf 'use --status-file and POSTGRES_HOST_FILE and -cx\n  heads   x\n' > "$BATS_TEST_TMPDIR/doc"
    run missing_in "$BATS_TEST_TMPDIR/doc" <<<"$(printf 'flag --status\nenv POSTGRES_HOST\nflag -c\ncmd heads\nflag --status-file\n')"
    assert_output "$(printf 'flag --status\nenv POSTGRES_HOST\nflag -c')"
}

@test "every SPEC command, flag and variable is in --help" {
    "$GATE" --help > "$BATS_TEST_TMPDIR/help"
    run missing_in "$BATS_TEST_TMPDIR/help" <<<"$(spec_names)"
    assert_success
    [ -z "$output" ] || fail "--help lacks: $(tr '\n' ' ' <<<"$output")"
}

@test "every SPEC command, flag and variable is in the README" {
    run missing_in "$ROOT/README.md" <<<"$(spec_names)"
    assert_success
    [ -z "$output" ] || fail "README.md lacks: $(tr '\n' ' ' <<<"$output")"
}

@test "every SPEC command, flag and variable is in the man page" {
    run missing_in "$ROOT/docs/alembic-gate.1" <<<"$(spec_names)"
    assert_success
    [ -z "$output" ] || fail "docs/alembic-gate.1 lacks: $(tr '\n' ' ' <<<"$output")"
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
