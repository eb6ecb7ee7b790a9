# pg.sh: a throwaway PostgreSQL cluster for tests, the demo and benchmarks.
# Source it, then: pg_start [--ssl]; ...; pg_stop.
#
# The cluster lives in a temporary directory, listens on 127.0.0.1 (and ::1
# when the machine has it) on a free port and on a private socket directory,
# trusts local socket connections and asks for scram-sha-256 over TCP. When
# run as root, initdb and the server run as the `postgres` user. It exports:
#   PGTEST_HOST PGTEST_PORT PGTEST_SOCKDIR PGTEST_DATA PGTEST_DIR
#   PGTEST_USER PGTEST_PASSWORD PGTEST_DB PGTEST_URL [PGTEST_CA]
# The `app` role's password holds URL-special characters and a common word,
# so tests can check it never leaks.

PG_BIN=${PG_BIN:-$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n1)}
: "${PGTEST_PASSWORD:=s3cret@:/%word}"

_pg_as_owner() { # runs a command as the cluster's owner
    if [ "$(id -u)" = 0 ]; then
        runuser -u postgres -- "$@"
    else
        "$@"
    fi
}

pg_free_port() {
    local port
    for _ in $(seq 1 50); do
        port=$(( (RANDOM % 20000) + 30000 ))
        if ! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
            echo "$port"
            return 0
        fi
    done
    return 1
}

pg_urlencode() {
    /usr/bin/python3 -c 'import sys, urllib.parse; print(urllib.parse.quote(sys.argv[1], safe=""))' "$1"
}

_pg_make_certs() { # a CA and a server certificate for localhost
    local d=$1
    openssl req -new -x509 -days 2 -nodes -subj "/CN=alembic-gate test CA" \
        -keyout "$d/ca.key" -out "$d/ca.crt" >/dev/null 2>&1
    openssl req -new -nodes -subj "/CN=localhost" -keyout "$d/server.key" -out "$d/server.csr" >/dev/null 2>&1
    printf 'subjectAltName=DNS:localhost,IP:127.0.0.1\n' > "$d/san.ext"
    openssl x509 -req -in "$d/server.csr" -CA "$d/ca.crt" -CAkey "$d/ca.key" -CAcreateserial \
        -days 2 -extfile "$d/san.ext" -out "$d/server.crt" >/dev/null 2>&1
    chmod 0600 "$d/server.key"
    # A second CA that signed nothing, for verify-full failures.
    openssl req -new -x509 -days 2 -nodes -subj "/CN=other CA" \
        -keyout "$d/other-ca.key" -out "$d/other-ca.crt" >/dev/null 2>&1
}

pg_start() {
    local ssl=0
    [ "${1:-}" = --ssl ] && ssl=1
    PGTEST_DIR=$(mktemp -d /tmp/agpg.XXXXXX)
    chmod 0755 "$PGTEST_DIR"
    PGTEST_DATA=$PGTEST_DIR/data
    PGTEST_SOCKDIR=$PGTEST_DIR/sock
    mkdir -p "$PGTEST_SOCKDIR"
    [ "$(id -u)" = 0 ] && chown postgres "$PGTEST_DIR" "$PGTEST_SOCKDIR"
    _pg_as_owner "$PG_BIN/initdb" -D "$PGTEST_DATA" -U postgres -A trust --no-sync -E UTF8 >/dev/null ||
        { echo "pg_start: initdb failed" >&2; return 1; }
    PGTEST_PORT=$(pg_free_port)
    local listen=127.0.0.1
    if ip -6 addr show lo 2>/dev/null | grep -q '::1'; then listen="127.0.0.1,::1"; fi
    cat >> "$PGTEST_DATA/postgresql.conf" <<CONF
listen_addresses = '$listen'
port = $PGTEST_PORT
unix_socket_directories = '$PGTEST_SOCKDIR'
fsync = off
max_connections = 200
password_encryption = 'scram-sha-256'
log_min_messages = warning
CONF
    cat > "$PGTEST_DATA/pg_hba.conf" <<HBA
local all all trust
host all all 127.0.0.1/32 scram-sha-256
host all all ::1/128 scram-sha-256
HBA
    if [ "$ssl" = 1 ]; then
        _pg_make_certs "$PGTEST_DIR"
        cp "$PGTEST_DIR/server.crt" "$PGTEST_DIR/server.key" "$PGTEST_DATA/"
        [ "$(id -u)" = 0 ] && chown postgres "$PGTEST_DATA/server.crt" "$PGTEST_DATA/server.key"
        chmod 0600 "$PGTEST_DATA/server.key"
        printf "ssl = on\nssl_cert_file = 'server.crt'\nssl_key_file = 'server.key'\n" >> "$PGTEST_DATA/postgresql.conf"
        export PGTEST_CA=$PGTEST_DIR/ca.crt PGTEST_OTHER_CA=$PGTEST_DIR/other-ca.crt
    fi
    _pg_as_owner "$PG_BIN/pg_ctl" -D "$PGTEST_DATA" -l "$PGTEST_DIR/server.log" -w -t 30 start >/dev/null ||
        { echo "pg_start: the server did not start:" >&2; cat "$PGTEST_DIR/server.log" >&2; return 1; }
    export PGTEST_HOST=127.0.0.1 PGTEST_PORT PGTEST_SOCKDIR PGTEST_DATA PGTEST_DIR
    export PGTEST_USER=app PGTEST_DB=app PGTEST_PASSWORD
    local pw_sql=${PGTEST_PASSWORD//\'/\'\'}
    pg_psql -d postgres -c "CREATE ROLE app LOGIN PASSWORD '$pw_sql' CREATEDB" >/dev/null
    pg_psql -d postgres -c "CREATE DATABASE app OWNER app" >/dev/null
    PGTEST_URL=$(db_url app)
    export PGTEST_URL
}

# The URL of a database of this cluster, as the app role, over TCP.
db_url() {
    echo "postgresql://app:$(pg_urlencode "$PGTEST_PASSWORD")@127.0.0.1:$PGTEST_PORT/$1"
}

# psql as the superuser over the private socket; -d DB to pick the database.
pg_psql() {
    local db=app
    if [ "${1:-}" = -d ]; then
        db=$2
        shift 2
    fi
    "$PG_BIN/psql" -X -q -At -v ON_ERROR_STOP=1 -h "$PGTEST_SOCKDIR" -p "$PGTEST_PORT" -U postgres -d "$db" "$@"
}

# A fresh database owned by app (dropped first if it exists).
pg_createdb() {
    pg_psql -d postgres -c "DROP DATABASE IF EXISTS \"$1\" WITH (FORCE)" >/dev/null
    pg_psql -d postgres -c "CREATE DATABASE \"$1\" OWNER app" >/dev/null
}

pg_stop() {
    [ -n "${PGTEST_DATA:-}" ] || return 0
    if [ -f "$PGTEST_DATA/postmaster.pid" ]; then
        _pg_as_owner "$PG_BIN/pg_ctl" -D "$PGTEST_DATA" -m immediate -w -t 30 stop >/dev/null 2>&1 || true
    fi
    rm -rf "$PGTEST_DIR"
    unset PGTEST_DATA PGTEST_DIR
}

# The whole server dies at once, as under the OOM killer: the postmaster
# and every backend get SIGKILL. Committed data survives (fsync=off only
# risks an OS crash); the next start runs crash recovery.
pg_kill_postmaster() {
    local pid procs
    pid=$(head -n1 "$PGTEST_DATA/postmaster.pid" 2>/dev/null) || return 0
    procs="$pid $(pgrep -P "$pid" | tr '\n' ' ')"
    kill -KILL $procs 2>/dev/null || true
    for _ in $(seq 1 100); do
        local alive=0
        for p in $procs; do kill -0 "$p" 2>/dev/null && alive=1; done
        [ "$alive" = 0 ] && break
        sleep 0.1
    done
}

pg_restart() {
    _pg_as_owner "$PG_BIN/pg_ctl" -D "$PGTEST_DATA" -l "$PGTEST_DIR/server.log" -w -t 60 start >/dev/null
}

# Stops the server (immediately), then starts it again after SECONDS in the
# background, on the same port: for tests of waiting.
pg_start_later() {
    local delay=$1
    _pg_as_owner "$PG_BIN/pg_ctl" -D "$PGTEST_DATA" -m fast -w stop >/dev/null 2>&1 || true
    ( sleep "$delay"; pg_restart ) >/dev/null 2>&1 &
    PGTEST_STARTER_PID=$!
}
