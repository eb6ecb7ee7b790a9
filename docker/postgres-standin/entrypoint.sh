#!/bin/sh
# The official postgres image's first-start contract, in short: on an empty
# PGDATA, initdb with POSTGRES_USER as the superuser and its password from
# POSTGRES_PASSWORD(_FILE), scram-sha-256 over TCP, then POSTGRES_DB created.
# PGPORT, when set, is the port (the compose test runs on the host network).
set -eu

setting() { # NAME [DEFAULT]: $NAME, else the content of $NAME_FILE, else DEFAULT
    eval "v=\${$1:-}; f=\${$1_FILE:-}"
    if [ -n "$v" ]; then printf '%s' "$v"
    elif [ -n "$f" ]; then cat "$f"
    else printf '%s' "${2:-}"; fi
}

user=$(setting POSTGRES_USER postgres)
db=$(setting POSTGRES_DB "$user")
password=$(setting POSTGRES_PASSWORD)

if [ "${1:-}" = postgres ] && [ ! -s "$PGDATA/PG_VERSION" ]; then
    [ -n "$password" ] || { echo "postgres stand-in: set POSTGRES_PASSWORD or POSTGRES_PASSWORD_FILE" >&2; exit 1; }
    pwfile=$(mktemp)
    printf '%s\n' "$password" > "$pwfile"
    initdb -D "$PGDATA" -U "$user" --pwfile="$pwfile" -A scram-sha-256 -E UTF8 >/dev/null
    rm -f "$pwfile"
    printf "listen_addresses = '*'\n" >> "$PGDATA/postgresql.conf"
    printf 'host all all all scram-sha-256\n' >> "$PGDATA/pg_hba.conf"
    # A private socket while setting up, so no client sees a half-made server.
    pg_ctl -D "$PGDATA" -o "-c listen_addresses='' -c unix_socket_directories=/tmp" -w start >/dev/null
    if [ "$db" != postgres ]; then
        PGPASSWORD=$password psql -X -q -h /tmp -U "$user" -d postgres -v ON_ERROR_STOP=1 \
            -c "CREATE DATABASE \"$db\"" >/dev/null
    fi
    pg_ctl -D "$PGDATA" -m fast -w stop >/dev/null
    echo "postgres stand-in: initialised; user $user, database $db"
fi
exec "$@"
