# Helpers bench/run and bench/compare share. Source after setting $work.

median() { sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }

# The gate's own parse+graph and diagnosis time, from its -v timing line,
# median of five runs of `--check-only` (exit 1, a repair due, is fine).
gate_core_ms() { # GATE INI
    for _ in 1 2 3 4 5; do
        { "$1" --check-only -v --status-file - -c "$2" 2>&1 || true; } |
            sed -n 's/.*timing: scripts+graph \([0-9.]*\) ms, catalog [0-9.]* ms, diagnosis \([0-9.]*\) ms.*/\1 \2/p'
    done | awk '{ print $1 + $2 }' | median
}

hyper_median_ms() { # name, runs, [--prepare CMD], command...
    local name=$1 runs=$2
    shift 2
    local prep=()
    if [ "$1" = --prepare ]; then
        prep=(--prepare "$2")
        shift 2
    fi
    hyperfine --style none --warmup 1 --runs "$runs" "${prep[@]}" --export-json "$work/$name.json" -- "$*" >/dev/null 2>&1
    /usr/bin/python3 -c 'import json,sys; print("%.1f" % (json.load(open(sys.argv[1]))["results"][0]["median"] * 1000))' "$work/$name.json"
}

# A generated project of N revisions (bench/gen_project.py, cached under
# $work) and database DB at its head, built from Alembic's own offline SQL
# (the same DDL `upgrade head` runs, without one round trip per revision), as
# the app role, which owns what it creates, as after a real upgrade. Prints
# the project's directory.
bench_project_at_head() { # N DB
    local n=$1 db=$2 proj=$work/p$1
    if [ ! -f "$proj/.built" ]; then
        rm -rf "$proj"
        /usr/bin/python3 bench/gen_project.py "$n" "$proj" >&2
        touch "$proj/.built"
    fi
    pg_createdb "$db" >&2
    { echo "SET ROLE app;"; (cd "$proj" && DATABASE_URL=$(db_url "$db") "${ALEMBIC[@]}" upgrade head --sql) 2>/dev/null; } |
        pg_psql -d "$db" >/dev/null
    echo "$proj"
}
