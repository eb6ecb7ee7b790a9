# common.bash: what every BATS file shares. Load with `load 'lib/common'`.
bats_load_library bats-support
bats_load_library bats-assert

TESTS_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
ROOT_DIR=$(cd "$TESTS_DIR/.." && pwd)
source "$TESTS_DIR/lib/pg.sh"

: "${GATE:=$ROOT_DIR/build/alembic-gate}"
EXAMPLE_DIR=$TESTS_DIR/example
EXAMPLE_INI=$EXAMPLE_DIR/alembic.ini
ALEMBIC=(/usr/bin/python3 -m alembic)

# A fresh database for the current test, named PREFIX_<test number>, and the
# environment that points the gate and Alembic at it with the example project.
use_fresh_database() {
    DB=${1}_${BATS_TEST_NUMBER}
    pg_createdb "$DB"
    export DATABASE_URL=$(db_url "$DB")
    export ALEMBIC_CONFIG=$EXAMPLE_INI
    export ALEMBIC_GATE_STATUS_FILE=$BATS_TEST_TMPDIR/status.json
}

# Real Alembic on the example project (or -c INI first), against DATABASE_URL.
alembic_run() {
    local ini=$EXAMPLE_INI
    if [ "${1:-}" = -c ]; then
        ini=$2
        shift 2
    fi
    "${ALEMBIC[@]}" -c "$ini" "$@"
}

# A field of the status file, as Python prints it (True/False/None for JSON literals).
status_field() {
    local file=${2:-$ALEMBIC_GATE_STATUS_FILE}
    /usr/bin/python3 -c 'import json, sys
v = json.load(open(sys.argv[1]))
for k in sys.argv[2].split("."):
    v = v[int(k)] if isinstance(v, list) else v[k]
print(",".join(map(str, v)) if isinstance(v, list) else v)' "$file" "$1"
}

# The schema as pg_dump sees it, without the noise that differs between runs.
schema_dump() {
    "$PG_BIN/pg_dump" --schema-only --no-owner --no-privileges -h "$PGTEST_SOCKDIR" -p "$PGTEST_PORT" -U postgres "$1" |
        grep -v -e '^--' -e '^$' -e '^SET ' -e '^SELECT pg_catalog.set_config' -e '^\\restrict' -e '^\\unrestrict'
}

# The version rows, space-separated, sorted.
version_rows() {
    pg_psql -d "$1" -c "SELECT string_agg(version_num, ' ' ORDER BY version_num) FROM ${2:-alembic_version}"
}

wait_for_file() {
    for _ in $(seq 1 100); do
        [ -s "$1" ] && return 0
        sleep 0.05
    done
    echo "timed out waiting for $1" >&2
    return 1
}

# The exit status of background job PID, waiting at most SECONDS: when it
# is still running then, it and every process whose command line holds
# PATTERN (the test's own paths) are killed and the status is 124, so that a
# bug that swallows a signal fails the test instead of hanging the run.
wait_bounded() { # PID SECONDS PATTERN
    local i
    for ((i = 0; i < $2 * 20; i++)); do
        kill -0 "$1" 2>/dev/null || break
        sleep 0.05
    done
    if kill -0 "$1" 2>/dev/null; then
        echo "still running after $2 s: killed" >&2
        kill -KILL "$1" 2>/dev/null
        pkill -KILL -f "$3" 2>/dev/null
        wait "$1" 2>/dev/null
        return 124
    fi
    wait "$1"
}

free_port() { pg_free_port; }
