#!/usr/bin/env bash
# make demo: the main job, end to end, on a throwaway database.
#   1. start a private PostgreSQL cluster
#   2. migrate the example project with real Alembic
#   3. break it the way production does: empty alembic_version
#      (a restored dump, or tables made by metadata.create_all())
#   4. show Alembic failing with DuplicateTable
#   5. run the gate in front of an "app" command: it repairs, then execs the app
#   6. show the status file, and Alembic succeeding again
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
GATE=${GATE:-$root/build/alembic-gate}
source tests/lib/pg.sh
trap pg_stop EXIT

step() { printf '\n\033[1m== %s\033[0m\n' "$*"; }
alembic() { /usr/bin/python3 -m alembic -c "$root/tests/example/alembic.ini" "$@"; }

if [ ! -x "$GATE" ]; then
    echo "demo: $GATE is not built yet (run make)" >&2
    exit 1
fi

step "1. a throwaway PostgreSQL cluster"
pg_start
export DATABASE_URL=$PGTEST_URL
echo "listening on 127.0.0.1:$PGTEST_PORT, database app, role app"

step "2. alembic upgrade head on the example project (tests/example)"
alembic upgrade head 2>&1 | sed 's/^/   /'
echo "   alembic_version: $(pg_psql -c 'SELECT version_num FROM alembic_version')"

step "3. production breaks it: alembic_version is emptied (restored dump / create_all)"
pg_psql -c "DELETE FROM alembic_version"
echo "   alembic_version rows: $(pg_psql -c 'SELECT count(*) FROM alembic_version')"

step "4. without the gate, the next deploy fails"
if alembic upgrade head > /tmp/alembic-gate-demo.log 2>&1; then
    echo "   unexpected: alembic upgrade head succeeded"
else
    grep -m1 -o 'DuplicateTable[^"]*"[a-z_]*" already exists' /tmp/alembic-gate-demo.log | sed 's/^/   /' ||
        tail -n 2 /tmp/alembic-gate-demo.log
fi
rm -f /tmp/alembic-gate-demo.log

step "5. the gate in front of the app: alembic-gate -c tests/example/alembic.ini -- sh -c 'echo app started'"
status_file=$(mktemp -d)/status.json
"$GATE" -c tests/example/alembic.ini --status-file "$status_file" -- sh -c 'echo "   >>> app started as PID $$"'

step "6. the status file ($status_file)"
/usr/bin/python3 -m json.tool "$status_file" | sed 's/^/   /'
"$GATE" status --status-file "$status_file" | sed 's/^/   /'

step "7. Alembic agrees: current, then upgrade head is a no-op"
alembic current 2>/dev/null | sed 's/^/   /'
alembic upgrade head 2>&1 | sed 's/^/   /'
echo
echo "demo finished: the gate stamped the revision the schema really is at, and nothing else."
