#!/usr/bin/env bats
# Issue 15: the project layouts Alembic users have, each found with no flags
# where Alembic (or Flask-Migrate) finds it, and with the flags they already
# pass. For each: `heads` and `history` equal what real Alembic prints for the
# same layout, and a repair (an emptied alembic_version stamped back to head)
# leaves a database Alembic agrees with. Debian's Alembic 1.8 cannot read
# pyproject.toml: there the judge is the same project written as an ini.

HEAD=92a3b4c5d6e7

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
    use_fresh_database layouts
    unset ALEMBIC_CONFIG # each test finds its own configuration
    P=$BATS_TEST_TMPDIR/app
    mkdir -p "$P"
}

# The example project's scripts under DIR (env.py, script.py.mako, versions/).
copy_scripts() {
    mkdir -p "$1"
    cp -r "$EXAMPLE_DIR/migrations/." "$1/"
}

# The example ini's logging sections, without its [alembic] section.
logging_ini() {
    sed -n '/^\[loggers\]/,$p' "$EXAMPLE_INI"
}

# Flask-Migrate's own way of running Alembic (flask_migrate.Migrate.get_config):
# Config(DIR/alembic.ini) with script_location set to DIR. Flask is not needed.
flask_alembic() { # DIR COMMAND [ARGS...]
    /usr/bin/python3 -c 'import sys
from alembic.config import Config
from alembic import command
d = sys.argv[1]
cfg = Config(d + "/alembic.ini")
cfg.set_main_option("script_location", d)
getattr(command, sys.argv[2])(cfg, *sys.argv[3:])' "$@"
}

# The gate's listing (COMMAND and flags) must equal the judge's output in FILE.
same_listing() { # FILE GATE-ARGS...
    local want=$1
    shift
    "$GATE" "$@" > "$BATS_TEST_TMPDIR/gate.out" 2> "$BATS_TEST_TMPDIR/gate.err" ||
        fail "gate $* failed: $(cat "$BATS_TEST_TMPDIR/gate.err")"
    diff -u "$want" "$BATS_TEST_TMPDIR/gate.out" || fail "gate $* differs from Alembic"
}

# heads and history with each set of flags (one string each, split on spaces)
# equal the judge's listings.
same_listings() { # FLAGS...
    local flags
    for flags in "$@"; do
        # shellcheck disable=SC2086
        same_listing "$BATS_TEST_TMPDIR/heads" heads $flags
        # shellcheck disable=SC2086
        same_listing "$BATS_TEST_TMPDIR/history" history $flags
    done
}

# Real Alembic on INI: the test database migrated to head, and its heads and
# history listings kept as the judge's.
alembic_reference() { # INI
    alembic_run -c "$1" upgrade head 2>/dev/null
    alembic_run -c "$1" heads > "$BATS_TEST_TMPDIR/heads" 2>/dev/null
    alembic_run -c "$1" history > "$BATS_TEST_TMPDIR/history" 2>/dev/null
}

# For layouts Debian's Alembic 1.8 cannot read: the same project as an ini
# (outside the project), written to $JUDGE_INI.
judge_ini() { # SCRIPT_LOCATION [VERSION_LOCATIONS]
    JUDGE_INI=$BATS_TEST_TMPDIR/judge/alembic.ini
    mkdir -p "$BATS_TEST_TMPDIR/judge"
    {
        printf '[alembic]\nscript_location = %s\n' "$1"
        [ -z "${2:-}" ] || printf 'version_locations = %s\n' "$2"
        echo
        logging_ini
    } > "$JUDGE_INI"
}

# Empties alembic_version after Alembic built everything; the gate must stamp
# head back (outcome repaired) and Alembic must then find nothing to do.
assert_repairs() { # GATE-ARGS...
    pg_psql -d "$DB" -c "DELETE FROM alembic_version"
    run "$GATE" "$@"
    assert_success
    assert_equal "$(status_field outcome)" repaired
    assert_equal "$(version_rows "$DB")" "$HEAD"
}

@test "Flask-Migrate: ./migrations with no flags, -d and -c; heads, history and a repair as Flask-Migrate's Alembic sees them" {
    copy_scripts "$P/migrations"
    logging_ini | sed '1i [alembic]\n# Flask-Migrate sets script_location itself\n' > "$P/migrations/alembic.ini"
    cd "$P"
    flask_alembic migrations upgrade head 2>/dev/null
    flask_alembic migrations heads > "$BATS_TEST_TMPDIR/heads" 2>/dev/null
    flask_alembic migrations history > "$BATS_TEST_TMPDIR/history" 2>/dev/null
    assert_equal "$(cat "$BATS_TEST_TMPDIR/heads")" "$HEAD (head)"
    same_listings "" "-d migrations" "--directory migrations" "-c migrations/alembic.ini"
    # The old error without a script location is gone; the log says where it came from.
    run "$GATE" heads -v
    assert_success
    assert_output --partial "script location migrations from Flask-Migrate directory migrations"
    assert_repairs
    assert_equal "$(status_field config.file)" migrations/alembic.ini
    assert_equal "$(status_field config.section)" alembic
    assert_equal "$(status_field config.script_location)" migrations
    run flask_alembic migrations current
    assert_success
    assert_output --partial "$HEAD (head)"
    # -d from elsewhere, as `flask db -d` takes it.
    cd /
    same_listing "$BATS_TEST_TMPDIR/heads" heads -d "$P/migrations"
}

@test "pyproject.toml only: [tool.alembic] found with no flags, --toml-file and -c pyproject.toml" {
    copy_scripts "$P/migrations"
    cat > "$P/pyproject.toml" <<'TOML'
[project]
name = "app"
dependencies = [
    "alembic>=1.16",  # [tool.alembic] needs it
]

[tool.ruff]
line-length = 100

[tool.alembic]
# Alembic's pyproject template, with the list form of version_locations
script_location = "%(here)s/migrations"
version_locations = [
    "%(here)s/migrations/versions",
]
prepend_sys_path = ["."]
recursive_version_locations = false

[[tool.alembic.post_write_hooks]]
name = "ruff"
type = "module"
module = "ruff"
options = "check --fix REVISION_SCRIPT_FILENAME"
TOML
    judge_ini "$P/migrations" "$P/migrations/versions"
    alembic_reference "$JUDGE_INI"
    cd "$P"
    same_listings "" "--toml-file pyproject.toml" "-c pyproject.toml"
    ALEMBIC_CONFIG=$P/pyproject.toml same_listing "$BATS_TEST_TMPDIR/heads" heads
    cd /
    same_listing "$BATS_TEST_TMPDIR/history" history --toml-file "$P/pyproject.toml"
    cd "$P"
    assert_repairs -v
    assert_output --partial "script location $P/migrations from pyproject.toml:12 [tool.alembic]"
    assert_equal "$(status_field config.file)" pyproject.toml
    assert_equal "$(status_field config.section)" tool.alembic
    run alembic_run -c "$JUDGE_INI" upgrade head
    assert_success
    assert_equal "$(version_rows "$DB")" "$HEAD"
}

@test "pyproject.toml with a logging-only alembic.ini: the ini adds no section, [tool.alembic] gives the scripts" {
    copy_scripts "$P/db/migrations"
    logging_ini > "$P/alembic.ini"
    printf '[tool.alembic]\nscript_location = "db/migrations"\n' > "$P/pyproject.toml"
    judge_ini "$P/db/migrations"
    alembic_reference "$JUDGE_INI"
    cd "$P"
    same_listings "" "-c alembic.ini" "-c alembic.ini -c pyproject.toml"
    assert_repairs -v
    assert_output --partial "configuration: alembic.ini, pyproject.toml [tool.alembic]; script location db/migrations from pyproject.toml:2 [tool.alembic]"
    assert_equal "$(status_field config.file)" pyproject.toml
    # An [alembic] section in the ini comes first, as in Alembic 1.16+.
    mkdir -p "$P/other"
    printf '[alembic]\nscript_location = other\n\n' | cat - "$P/alembic.ini" > "$P/alembic2.ini"
    run "$GATE" heads -c alembic2.ini
    assert_failure 78
    assert_output --partial "other/versions: version location"
    # An error inside [tool.alembic] names the file and line; outside it nothing is checked.
    printf '[tool.other]\nx = not toml at all\n[tool.alembic]\nscript_location = db/migrations\n' > "$P/pyproject.toml"
    run "$GATE" heads
    assert_failure 78
    assert_output --partial "pyproject.toml:4: 'db/migrations' is not a TOML value (strings need quotes)"
}

@test "package resource: myapp:migrations found in a virtualenv's site-packages, as importlib finds it" {
    SITE=$BATS_TEST_TMPDIR/venv/lib/python3.11/site-packages
    mkdir -p "$SITE/myapp"
    touch "$SITE/myapp/__init__.py"
    copy_scripts "$SITE/myapp/migrations"
    { printf '[alembic]\nscript_location = myapp:migrations\n\n'; logging_ini; } > "$P/alembic.ini"
    cd "$P"
    # Real Alembic imports the package from the same directory.
    PYTHONPATH=$SITE alembic_reference alembic.ini
    assert_equal "$(cat "$BATS_TEST_TMPDIR/heads")" "$HEAD (head)"
    # The gate finds it through VIRTUAL_ENV (as in an image), or PYTHONPATH.
    export VIRTUAL_ENV=$BATS_TEST_TMPDIR/venv
    same_listings ""
    PYTHONPATH=$SITE VIRTUAL_ENV= same_listing "$BATS_TEST_TMPDIR/history" history
    assert_repairs
    assert_output --partial "script_location myapp:migrations: package found in $SITE"
    assert_equal "$(status_field config.script_location)" "$SITE/myapp/migrations"
    assert_equal "$(status_field config.file)" alembic.ini
    # --script-location still wins.
    copy_scripts "$P/local"
    rm "$P"/local/versions/9*.py
    run "$GATE" heads --script-location local
    assert_success
    refute_output --partial "$HEAD"
    # Not on the path: exit 78 naming the resource and where it looked.
    VIRTUAL_ENV= run "$GATE" heads
    assert_failure 78
    assert_output --partial "'myapp:migrations': no package directory myapp holding 'migrations'"
}

@test "computed branch_labels: a warning and an unknown label, not exit 4; heads, history and a repair still work" {
    cp "$EXAMPLE_INI" "$P/alembic.ini"
    sed -i 's/^script_location = .*/script_location = %(here)s\/migrations\nprepend_sys_path = ./' "$P/alembic.ini"
    copy_scripts "$P/migrations"
    printf 'EXPAND_BRANCH = "expand"\nCONTRACT_BRANCH = "contract"\n' > "$P/cli.py"
    f=$P/migrations/versions/1a2b3c4d5e6f_create_users.py
    sed -i 's/^branch_labels = None/branch_labels = (cli.CONTRACT_BRANCH,)/; s/^import sqlalchemy as sa/import sqlalchemy as sa\nimport cli/' "$f"
    line=$(grep -n '^branch_labels' "$f" | cut -d: -f1)
    cd "$P"
    alembic_run -c alembic.ini upgrade head 2>/dev/null
    # Alembic evaluates the label; the gate leaves it unknown, so its listing
    # is Alembic's without "(contract)".
    alembic_run -c alembic.ini heads 2>/dev/null | sed 's/ (contract)//' > "$BATS_TEST_TMPDIR/heads"
    alembic_run -c alembic.ini history 2>/dev/null | sed 's/ (contract)//' > "$BATS_TEST_TMPDIR/history"
    grep -q contract <(alembic_run -c alembic.ini history 2>/dev/null) || fail "Alembic did not read the label"
    same_listings ""
    grep -qF "$f:$line: branch_labels is computed, not a literal" "$BATS_TEST_TMPDIR/gate.err" ||
        fail "no warning naming $f:$line: $(cat "$BATS_TEST_TMPDIR/gate.err")"
    assert_repairs
    run alembic_run -c alembic.ini upgrade head
    assert_success
    assert_equal "$(version_rows "$DB")" "$HEAD"
    # A computed down_revision is still exit 4 with the file and line.
    g=$P/migrations/versions/2b3c4d5e6f70_create_posts.py
    sed -i "s/^down_revision: Union\[str, None\] = .*/down_revision: Union[str, None] = cli.PREVIOUS/" "$g"
    grep -q '^down_revision: .* = cli.PREVIOUS$' "$g" || fail "the test did not rewrite $g"
    run "$GATE" heads
    assert_failure 4
    assert_output --partial "$g:$(grep -n '^down_revision' "$g" | cut -d: -f1): down_revision is not a literal"
}

@test "ini interpolation from the same section and [DEFAULT] keeps working, and -x is accepted and ignored" {
    copy_scripts "$P/db/migrations"
    { printf '[DEFAULT]\nroot = %%(here)s/db\n\n[alembic]\nscripts = %%(root)s/migrations\n'
      printf 'script_location = %%(scripts)s\nversion_locations = %%(scripts)s/versions\n\n'; logging_ini; } > "$P/alembic.ini"
    cd "$P"
    alembic_reference alembic.ini
    same_listing "$BATS_TEST_TMPDIR/history" history
    same_listing "$BATS_TEST_TMPDIR/heads" heads -x tenant=a
    grep -qF -- "-x given 1 time" "$BATS_TEST_TMPDIR/gate.err" || fail "no note about -x"
    assert_repairs -x tenant=a -x data=b
    assert_output --partial "-x given 2 times"
    assert_equal "$(status_field config.script_location)" "$P/db/migrations"
}

@test "a version location that does not exist is skipped, as Alembic skips it (keystone lists one per release); none existing is exit 78" {
    copy_scripts "$P/db/migrations"
    { printf '[alembic]\nscript_location = %%(here)s/db/migrations\n'
      printf 'version_locations = %%(here)s/db/migrations/versions %%(here)s/db/2025.2/expand\n\n'; logging_ini; } > "$P/alembic.ini"
    cd "$P"
    alembic_reference alembic.ini
    [ -s "$BATS_TEST_TMPDIR/heads" ] || fail "Alembic read no heads"
    same_listings "-c alembic.ini"
    assert_repairs -v
    assert_output --partial "version location $P/db/2025.2/expand does not exist: skipped"
    sed -i 's|%(here)s/db/migrations/versions|%(here)s/db/gone|' alembic.ini
    run "$GATE" heads
    assert_failure 78
    assert_output --partial "db/2025.2/expand: version location is not a directory"
}
