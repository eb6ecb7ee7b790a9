# pgbouncer.sh: Debian's PgBouncer in front of the cluster of pg.sh, and a
# hot standby of it, for tests of poolers and replicas. Source pg.sh first,
# then: bouncer_start MODE [SETTING=VALUE ...]; ...; bouncer_stop.
#
# The pooler listens on 127.0.0.1 on a free port, authenticates the `app`
# role itself (scram-sha-256, the password from its own userlist) and
# reaches the server over its private socket as that role (trust), so it
# needs no server password. Every database of the cluster is served under
# its own name. It exports BOUNCER_PORT BOUNCER_DIR BOUNCER_PID.

bouncer_start() {
    local mode=$1
    shift
    BOUNCER_DIR=$(mktemp -d /tmp/agbouncer.XXXXXX)
    chmod 0755 "$BOUNCER_DIR"
    BOUNCER_PORT=$(pg_free_port)
    printf '"app" "%s"\n' "${PGTEST_PASSWORD//\"/\"\"}" > "$BOUNCER_DIR/userlist.txt"
    cat > "$BOUNCER_DIR/pgbouncer.ini" <<INI
[databases]
* = host=$PGTEST_SOCKDIR port=$PGTEST_PORT
[pgbouncer]
listen_addr = 127.0.0.1
listen_port = $BOUNCER_PORT
unix_socket_dir =
auth_type = scram-sha-256
auth_file = $BOUNCER_DIR/userlist.txt
pool_mode = $mode
default_pool_size = 10
max_client_conn = 200
server_login_retry = 1
logfile = $BOUNCER_DIR/pgbouncer.log
pidfile = $BOUNCER_DIR/pgbouncer.pid
INI
    local kv
    for kv in "$@"; do printf '%s\n' "${kv/=/ = }" >> "$BOUNCER_DIR/pgbouncer.ini"; done
    [ "$(id -u)" = 0 ] && chown -R postgres "$BOUNCER_DIR"
    _pg_as_owner /usr/sbin/pgbouncer -d "$BOUNCER_DIR/pgbouncer.ini" >/dev/null 2>&1 ||
        { echo "bouncer_start: pgbouncer did not start:" >&2; cat "$BOUNCER_DIR/pgbouncer.log" >&2; return 1; }
    for _ in $(seq 1 50); do
        [ -s "$BOUNCER_DIR/pgbouncer.pid" ] && (exec 3<>"/dev/tcp/127.0.0.1/$BOUNCER_PORT") 2>/dev/null && break
        sleep 0.1
    done
    BOUNCER_PID=$(cat "$BOUNCER_DIR/pgbouncer.pid")
    export BOUNCER_PORT BOUNCER_DIR BOUNCER_PID
}

# The URL of a database through the pooler, as the app role.
bouncer_url() {
    echo "postgresql://app:$(pg_urlencode "$PGTEST_PASSWORD")@127.0.0.1:$BOUNCER_PORT/$1"
}

bouncer_stop() {
    [ -n "${BOUNCER_DIR:-}" ] || return 0
    if [ -n "${BOUNCER_PID:-}" ]; then
        kill -TERM "$BOUNCER_PID" 2>/dev/null || true
        for _ in $(seq 1 50); do kill -0 "$BOUNCER_PID" 2>/dev/null || break; sleep 0.1; done
    fi
    rm -rf "$BOUNCER_DIR"
    unset BOUNCER_DIR BOUNCER_PID BOUNCER_PORT
}

# A hot standby of the pg.sh cluster (pg_basebackup -R) on a free port,
# streaming from the primary's socket. Exports STANDBY_PORT STANDBY_DATA.
standby_start() {
    STANDBY_DATA=$PGTEST_DIR/standby
    STANDBY_PORT=$(pg_free_port)
    grep -q '^local replication' "$PGTEST_DATA/pg_hba.conf" || {
        echo 'local replication all trust' >> "$PGTEST_DATA/pg_hba.conf"
        pg_psql -d postgres -c 'SELECT pg_reload_conf()' >/dev/null
    }
    _pg_as_owner "$PG_BIN/pg_basebackup" -h "$PGTEST_SOCKDIR" -p "$PGTEST_PORT" -U postgres \
        -D "$STANDBY_DATA" -R -X stream --checkpoint=fast >/dev/null ||
        { echo "standby_start: pg_basebackup failed" >&2; return 1; }
    cat >> "$STANDBY_DATA/postgresql.conf" <<CONF
port = $STANDBY_PORT
hot_standby = on
CONF
    _pg_as_owner "$PG_BIN/pg_ctl" -D "$STANDBY_DATA" -l "$PGTEST_DIR/standby.log" -w -t 30 start >/dev/null ||
        { echo "standby_start: the standby did not start:" >&2; cat "$PGTEST_DIR/standby.log" >&2; return 1; }
    export STANDBY_PORT STANDBY_DATA
}

# The standby's answer to one query in DB, as the postgres role over its socket.
standby_query() { # DB SQL
    "$PG_BIN/psql" -X -At -h "$PGTEST_SOCKDIR" -p "$STANDBY_PORT" -U postgres -d "$1" -c "$2" 2>/dev/null
}

# Waits (up to 10 s) until the standby answers SQL in DB with EXPECTED: it
# accepts connections and has replayed what the test needs.
standby_wait_for() { # DB SQL EXPECTED
    for _ in $(seq 1 50); do
        [ "$(standby_query "$1" "$2")" = "$3" ] && return 0
        sleep 0.2
    done
    return 1
}

# Stops the standby (or the server it was promoted to) and removes its data,
# so that standby_start can make another.
standby_stop() {
    [ -n "${STANDBY_DATA:-}" ] || return 0
    [ ! -f "$STANDBY_DATA/postmaster.pid" ] ||
        _pg_as_owner "$PG_BIN/pg_ctl" -D "$STANDBY_DATA" -m immediate -w -t 30 stop >/dev/null 2>&1 || true
    rm -rf "$STANDBY_DATA"
}
