#!/usr/bin/env bats
# Issue 19: the attacks of the security review, reproduced as a local user
# (`nobody`) and as a careless operator, and the tests that make the other
# mutations of scripts/mutate visible. The gate runs as root here, as it does
# as PID 1 of most containers.

bats_require_minimum_version 1.5.0

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
    use_fresh_database sec
    # A root-only file the attacks aim at.
    VICTIM=$BATS_TEST_TMPDIR/victim
    printf 'precious\n' > "$VICTIM"
    chmod 0600 "$VICTIM"
}

teardown() {
    [ -z "${ATTACK_DIR:-}" ] || rm -rf "$ATTACK_DIR"
}

# A directory under /tmp owned by nobody, as an attacker would make it.
attacker_dir() {
    ATTACK_DIR=$(mktemp -d /tmp/ag-attack.XXXXXX)
    chown nobody "$ATTACK_DIR"
    chmod 0755 "$ATTACK_DIR"
}

as_nobody() { runuser -u nobody -- "$@"; }

wait_for_file_exists() {
    for _ in $(seq 1 200); do
        [ -e "$1" ] && return 0
        sleep 0.05
    done
    fail "timed out waiting for $1"
}

victim_intact() {
    assert_equal "$(cat "$VICTIM")" precious
    assert_equal "$(stat -c %a "$VICTIM")" 600
}

# The state every write test starts from: at head, but recorded at an older
# revision, so a repair replaces a row (a half-done write would be visible).
mismatch_at_head() {
    alembic_run upgrade head 2>/dev/null
    pg_psql -d "$DB" -c "UPDATE alembic_version SET version_num = '2b3c4d5e6f70'"
}

# ---- the status file ----

@test "status: nobody's symlinks at the predictable temporary names do not make root write the victim" {
    attacker_dir
    as_nobody mkdir "$ATTACK_DIR/alembic-gate"
    next=$(cat /proc/sys/kernel/ns_last_pid)
    as_nobody sh -c 'for pid in $(seq $(($1 + 1)) $(($1 + 400))); do
        ln -s "$2" "$3/status.json.tmp.$pid"; done' sh "$next" "$VICTIM" "$ATTACK_DIR/alembic-gate"
    as_nobody ln -s "$VICTIM" "$ATTACK_DIR/alembic-gate/status.json"
    run -78 "$GATE" --check-only --status-file "$ATTACK_DIR/alembic-gate/status.json"
    assert_output --partial "status file $ATTACK_DIR/alembic-gate/status.json: refusing"
    victim_intact
}

@test "status: a directory owned by another user is refused with exit 78 naming it, before any database work" {
    attacker_dir
    alembic_run upgrade head 2>/dev/null
    pg_psql -d "$DB" -c "DELETE FROM alembic_version"
    run -78 "$GATE" --status-file "$ATTACK_DIR/status.json" -- true
    assert_output --partial "$ATTACK_DIR"
    assert_output --partial "not owned by the gate's user"
    [ ! -e "$ATTACK_DIR/status.json" ]
    assert_equal "$(pg_psql -d "$DB" -c "SELECT count(*) FROM alembic_version")" 0
}

@test "status: a world-writable directory is refused as the file's own, used only to hold the gate's own" {
    # Like a Kubernetes emptyDir (0777, not sticky).
    ATTACK_DIR=$(mktemp -d /tmp/ag-open.XXXXXX)
    chmod 0755 "$ATTACK_DIR"
    d=$ATTACK_DIR/open
    mkdir -m 0777 "$d"
    chmod 0777 "$d"
    run -78 "$GATE" --check-only --status-file "$d/status.json"
    assert_output --partial "writable by other users"
    run "$GATE" --check-only --status-file "$d/alembic-gate/status.json"
    assert_success
    assert_equal "$(stat -c '%U %a' "$d/alembic-gate")" "root 755"
    # Another user's directory inside it is not used.
    as_nobody mkdir "$d/theirs"
    run -78 "$GATE" --check-only --status-file "$d/theirs/status.json"
    [ ! -e "$d/theirs/status.json" ]
}

@test "status: under a sticky world-writable directory (/tmp) the gate creates its own directory 0755" {
    d=$(mktemp -d /tmp/ag-sticky.XXXXXX)
    chmod 1777 "$d"
    run "$GATE" --check-only --status-file "$d/alembic-gate/status.json"
    assert_success
    assert_equal "$(stat -c '%U %a' "$d/alembic-gate")" "root 755"
    assert_equal "$(stat -c '%a' "$d/alembic-gate/status.json")" 644
    assert_equal "$(status_field ready "$d/alembic-gate/status.json")" True
    # nobody got there first: refused, not used
    as_nobody mkdir "$d/taken"
    run -78 "$GATE" --check-only --status-file "$d/taken/status.json"
    rm -rf "$d"
}

@test "status: a symlink at the status path is refused, never followed" {
    ln -s "$VICTIM" "$BATS_TEST_TMPDIR/status.json"
    run -78 "$GATE" --check-only --status-file "$BATS_TEST_TMPDIR/status.json"
    assert_output --partial "not a regular file"
    victim_intact
    [ -L "$BATS_TEST_TMPDIR/status.json" ]
}

@test "status: a symlinked directory made by nobody is not followed" {
    attacker_dir
    mkdir -m 0700 "$BATS_TEST_TMPDIR/rootonly"
    as_nobody ln -s "$BATS_TEST_TMPDIR/rootonly" "$ATTACK_DIR/link"
    run -78 "$GATE" --check-only --status-file "$ATTACK_DIR/link/status.json"
    [ ! -e "$BATS_TEST_TMPDIR/rootonly/status.json" ]
}

@test "status: a FIFO as the status path is refused, kept, and 'status' does not block on it" {
    mkfifo "$BATS_TEST_TMPDIR/status.json"
    run -78 timeout 20 "$GATE" --check-only --status-file "$BATS_TEST_TMPDIR/status.json"
    assert_output --partial "not a regular file"
    [ -p "$BATS_TEST_TMPDIR/status.json" ]
    run -78 timeout 5 "$GATE" status --status-file "$BATS_TEST_TMPDIR/status.json"
    assert_output --partial "not a regular file"
}

@test "status: a device node as the status path (/dev/null as root) is refused and not replaced" {
    # In a private mount namespace with its own /dev, so a regression cannot
    # replace the machine's /dev/null.
    run unshare -m sh -c 'mount -t tmpfs -o mode=755 none /dev && mknod -m 666 /dev/null c 1 3 &&
        "$0" --check-only --status-file /dev/null; echo "rc=$?"; stat -c %F /dev/null' "$GATE"
    assert_output --partial "status file /dev/null: refusing to write: it exists and is not a regular file"
    assert_output --partial "rc=78"
    assert_output --partial "character special file"
    run -78 timeout 5 "$GATE" status --status-file /dev/null
}

@test "status: replaced by rename (a hard link to the old file keeps the old content), fsync before rename" {
    run "$GATE" --check-only
    assert_success
    ln "$ALEMBIC_GATE_STATUS_FILE" "$BATS_TEST_TMPDIR/old.json"
    before=$(cat "$BATS_TEST_TMPDIR/old.json")
    sleep 0.01
    run strace -f -e trace=openat,fsync,rename,renameat,renameat2 -o "$BATS_TEST_TMPDIR/trace" "$GATE" --check-only
    assert_success
    assert_equal "$(cat "$BATS_TEST_TMPDIR/old.json")" "$before"
    [ "$(stat -c %i "$ALEMBIC_GATE_STATUS_FILE")" != "$(stat -c %i "$BATS_TEST_TMPDIR/old.json")" ]
    # The temporary file: O_EXCL|O_NOFOLLOW, fsynced, then renamed over status.json.
    tmpopen=$(grep -E 'openat\(.*"\.status\.json\.[^"]*\.tmp"' "$BATS_TEST_TMPDIR/trace")
    [[ $tmpopen == *O_EXCL* && $tmpopen == *O_NOFOLLOW* ]] || fail "temporary file opened as: $tmpopen"
    fd=$(sed -E 's/.*= ([0-9]+)$/\1/' <<<"$tmpopen")
    awk -v fd="$fd" '/fsync\(/ && $0 ~ "fsync\\(" fd "\\)" {f=NR} /rename/ && /status\.json"/ {r=NR} END {exit !(f && r && f < r)}' \
        "$BATS_TEST_TMPDIR/trace" || fail "no fsync of the temporary file before the rename: $(cat "$BATS_TEST_TMPDIR/trace")"
    # And no other file is left behind.
    assert_equal "$(ls -A "$(dirname "$ALEMBIC_GATE_STATUS_FILE")" | grep -c tmp)" 0
}

@test "status: the version in the status file is the VERSION file's" {
    run "$GATE" --check-only
    assert_success
    assert_equal "$(status_field version)" "$(cat "$ROOT_DIR/VERSION")"
    assert_equal "$(status_field tool)" alembic-gate
}

# ---- the lock key ----

# A session holding pg_advisory_lock(KEY) in the gate's database; PID in $holder.
hold_lock() {
    pg_psql -d "$DB" -c "SELECT pg_advisory_lock($1), pg_sleep(20)" >/dev/null 2>&1 &
    holder=$!
    for _ in $(seq 1 100); do
        [ "$(pg_psql -d "$DB" -c "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND granted AND
            ((classid::bigint << 32) | objid::bigint) = $1")" = 1 ] && return 0
        sleep 0.05
    done
    fail "the lock $1 was not taken"
}

release_lock() {
    kill "$holder" 2>/dev/null || true
    wait "$holder" 2>/dev/null || true
    pg_psql -d "$DB" -c "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE query LIKE '%pg_advisory_lock(%' AND pid <> pg_backend_pid()" >/dev/null
}

@test "--lock-key: another session holding that key makes the repair exit 6, nothing written" {
    mismatch_at_head
    hold_lock 12345
    run -6 "$GATE" --lock-key 12345 --lock-timeout 1
    release_lock
    assert_output --partial "advisory lock 12345"
    assert_equal "$(version_rows "$DB")" 2b3c4d5e6f70
    assert_equal "$(status_field lock_key)" 12345
}

@test "ALEMBIC_GATE_LOCK_KEY: honoured, and the status file records the key used" {
    mismatch_at_head
    hold_lock 777
    ALEMBIC_GATE_LOCK_KEY=777 run -6 "$GATE" --lock-timeout 1
    release_lock
    assert_equal "$(version_rows "$DB")" 2b3c4d5e6f70
    ALEMBIC_GATE_LOCK_KEY=777 run "$GATE"
    assert_success
    assert_equal "$(status_field outcome)" repaired
    assert_equal "$(status_field lock_key)" 777
    assert_equal "$(version_rows "$DB")" "$HEAD"
}

@test "--lock-key with --hold-lock: the session lock uses it too; the command does not run" {
    mismatch_at_head
    hold_lock -42
    run -6 "$GATE" --init --hold-lock --lock-key -42 --lock-timeout 1 -- touch "$BATS_TEST_TMPDIR/ran"
    release_lock
    [ ! -e "$BATS_TEST_TMPDIR/ran" ]
    assert_equal "$(version_rows "$DB")" 2b3c4d5e6f70
}

@test "the derived key does not conflict with --lock-key's: a held derived key does not block --lock-key 5" {
    mismatch_at_head
    key=$(pg_psql -d "$DB" -c "SELECT hashtextextended('public.alembic_version', 0)")
    hold_lock "$key"
    run "$GATE" --lock-key 5 --lock-timeout 1
    release_lock
    assert_success
    assert_equal "$(version_rows "$DB")" "$HEAD"
}

# ---- the repair is one transaction ----

@test "a write that fails after the DELETE leaves the old rows: one transaction, nothing written" {
    mismatch_at_head
    pg_psql -d "$DB" -c "CREATE FUNCTION refuse() RETURNS trigger LANGUAGE plpgsql AS \$\$BEGIN RAISE EXCEPTION 'refused by test'; END\$\$;
        CREATE TRIGGER refuse BEFORE INSERT ON alembic_version FOR EACH ROW EXECUTE FUNCTION refuse()"
    run -6 "$GATE"
    assert_output --partial "refused by test"
    assert_output --partial "rolled back, nothing changed"
    assert_equal "$(version_rows "$DB")" 2b3c4d5e6f70
    assert_equal "$(status_field ready)" False
}

@test "the repair holds the advisory lock until it commits: a session sees the lock during the write" {
    mismatch_at_head
    key=$(pg_psql -d "$DB" -c "SELECT hashtextextended('public.alembic_version', 0)")
    # The trigger records, from inside the gate's transaction, whether the
    # advisory lock is held by that same backend at INSERT time.
    pg_psql -d "$DB" -c "CREATE TABLE seen (held boolean); GRANT ALL ON seen TO app;
        CREATE FUNCTION probe() RETURNS trigger LANGUAGE plpgsql AS \$\$BEGIN
          INSERT INTO seen SELECT count(*) > 0 FROM pg_locks WHERE locktype = 'advisory' AND granted
            AND pid = pg_backend_pid() AND ((classid::bigint << 32) | objid::bigint) = $key;
          RETURN NEW; END\$\$;
        CREATE TRIGGER probe BEFORE INSERT ON alembic_version FOR EACH ROW EXECUTE FUNCTION probe()"
    run "$GATE"
    assert_success
    assert_equal "$(pg_psql -d "$DB" -c "SELECT string_agg(held::text, ',') FROM seen")" true
    assert_equal "$(version_rows "$DB")" "$HEAD"
}

# ---- secrets ----

@test "--init: the password in --database-url is not in /proc/PID/cmdline of the supervisor" {
    url=$DATABASE_URL
    unset DATABASE_URL
    "$GATE" --init --database-url "$url" -- sh -c 'touch "$0"; sleep 5' "$BATS_TEST_TMPDIR/started" 2>/dev/null &
    gate=$!
    wait_for_file_exists "$BATS_TEST_TMPDIR/started"
    cmdline=$(tr '\0' ' ' < "/proc/$gate/cmdline")
    limits=$(cat "/proc/$gate/limits")
    kill "$gate"
    wait "$gate" || true
    [[ $cmdline == *--database-url* ]] || fail "not the gate's cmdline: $cmdline"
    [[ $cmdline != *s3cret* && $cmdline != *word* && $cmdline != *127.0.0.1* ]] || fail "cmdline: $cmdline"
    [[ $cmdline == *'-- sh -c'* ]] || fail "the command's arguments must stay: $cmdline"
    grep -E '^Max core file size +0 ' <<<"$limits" || fail "core dumps allowed: $limits"
}

@test "--database-url=URL form is scrubbed too" {
    url=$DATABASE_URL
    unset DATABASE_URL
    "$GATE" --init "--database-url=$url" -- sh -c 'touch "$0"; sleep 5' "$BATS_TEST_TMPDIR/started" 2>/dev/null &
    gate=$!
    wait_for_file_exists "$BATS_TEST_TMPDIR/started"
    cmdline=$(tr '\0' ' ' < "/proc/$gate/cmdline")
    kill "$gate"
    wait "$gate" || true
    [[ $cmdline == *--database-url=* && $cmdline != *s3cret* ]] || fail "cmdline: $cmdline"
}

@test "no core dumps while secrets are in memory: the gate is not dumpable; the command is, with its limit back" {
    # Run as nobody, so the owner of /proc/PID files shows dumpability:
    # a non-dumpable process's are root's.
    ATTACK_DIR=$(mktemp -d /tmp/ag-nobody.XXXXXX)
    d=$ATTACK_DIR
    chown nobody "$d"
    setpriv --reuid=nobody --regid=nogroup --clear-groups env DATABASE_URL="$DATABASE_URL" ALEMBIC_CONFIG="$ALEMBIC_CONFIG" \
        "$GATE" --status-file "$d/status.json" --init -- sh -c 'touch "$0"; sleep 5' "$d/started" 2>/dev/null &
    gate=$!
    wait_for_file_exists "$d/started"
    child=$(pgrep -P "$gate" sh | head -n1)
    gate_owner=$(stat -c %U "/proc/$gate/environ")
    child_owner=$(stat -c %U "/proc/$child/environ")
    kill "$gate"
    wait "$gate" || true
    assert_equal "$gate_owner" root
    assert_equal "$child_owner" nobody
    want=$(bash -c "ulimit -c 2048; sh -c 'ulimit -c'")
    run --separate-stderr bash -c "ulimit -c 2048; '$GATE' -- sh -c 'ulimit -c'"
    assert_success
    assert_output "$want"
}

@test "an unencoded / or ? in the URL's password: it connects and the password is in no log or status" {
    pg_psql -d postgres -c "CREATE ROLE slashy LOGIN PASSWORD '/Sekr3t?x' CREATEDB"
    pg_psql -d postgres -c "ALTER DATABASE \"$DB\" OWNER TO slashy"
    url="postgresql://slashy:/Sekr3t?x@127.0.0.1:$PGTEST_PORT/$DB"
    run "$GATE" -v --database-url "$url" --check-only
    pg_psql -d postgres -c "ALTER DATABASE \"$DB\" OWNER TO app; DROP ROLE slashy" >/dev/null
    assert_success
    refute_output --partial Sekr3t
    assert_output --partial "as slashy"
    run grep -c Sekr3t "$ALEMBIC_GATE_STATUS_FILE"
    assert_output 0
    assert_equal "$(status_field database.dbname)" "$DB"
}

@test "started with 0, 1 and 2 closed: the gate works and the command gets /dev/null" {
    mismatch_at_head
    "$GATE" -v -- sh -c 'readlink /proc/$$/fd/0 /proc/$$/fd/2 > "$0"' "$BATS_TEST_TMPDIR/fds" <&- >&- 2>&-
    assert_equal "$(status_field outcome)" repaired
    assert_equal "$(version_rows "$DB")" "$HEAD"
    assert_equal "$(cat "$BATS_TEST_TMPDIR/fds")" "$(printf '/dev/null\n/dev/null')"
}

@test "a session that is not encrypted, sslmode not set: a warning; sslmode=disable: none" {
    run "$GATE" --check-only
    assert_success
    assert_output --partial "not encrypted"
    run "$GATE" --check-only --database-url "$DATABASE_URL?sslmode=disable"
    assert_success
    refute_output --partial "not encrypted"
    PGSSLMODE=allow run "$GATE" --check-only
    refute_output --partial "not encrypted"
    # A Unix socket is local: no warning.
    run "$GATE" --check-only --database-url "host=$PGTEST_SOCKDIR port=$PGTEST_PORT dbname=$DB user=app"
    assert_success
    refute_output --partial "not encrypted"
}

@test "a world-readable *_FILE secret: a warning naming the variable; 0600: none" {
    unset DATABASE_URL
    printf '%s\n' "$PGTEST_PASSWORD" > "$BATS_TEST_TMPDIR/pw"
    chmod 0644 "$BATS_TEST_TMPDIR/pw"
    export POSTGRES_HOST=127.0.0.1 POSTGRES_PORT=$PGTEST_PORT POSTGRES_USER=app POSTGRES_DB=$DB
    POSTGRES_PASSWORD_FILE=$BATS_TEST_TMPDIR/pw run "$GATE" --check-only
    assert_success
    assert_output --partial "POSTGRES_PASSWORD_FILE: $BATS_TEST_TMPDIR/pw is readable by every user"
    chmod 0600 "$BATS_TEST_TMPDIR/pw"
    POSTGRES_PASSWORD_FILE=$BATS_TEST_TMPDIR/pw run "$GATE" --check-only
    assert_success
    refute_output --partial "readable by every user"
}

@test "--log-format json: every line is an object, the lines are there, and none holds the password" {
    mismatch_at_head
    run --separate-stderr "$GATE" -v --log-format json
    assert_success
    n=$(grep -c . <<<"$stderr")
    [ "$n" -ge 5 ] || fail "only $n log lines: $stderr"
    /usr/bin/python3 -c 'import json, sys
lines = [l for l in sys.stdin.read().splitlines() if l]
for l in lines:
    o = json.loads(l)
    assert {"ts", "level", "msg"} <= o.keys(), l
assert any("repaired" in json.loads(l)["msg"] for l in lines)' <<<"$stderr"
    [[ $stderr != *s3cret* && $stderr != *word* ]] || fail "password in the log"
}

# ---- what the mutations of scripts/mutate showed no test would notice ----

@test "sslmode=require (and asyncpg's ssl=true) against a server without TLS: exit 6, never plaintext" {
    run -6 "$GATE" --check-only --wait-timeout 2 --database-url "$DATABASE_URL?sslmode=require"
    assert_output --partial "SSL"
    run -6 "$GATE" --check-only --wait-timeout 2 --database-url "${DATABASE_URL/postgresql:/postgresql+asyncpg:}?ssl=true"
    PGSSLMODE=require run -6 "$GATE" --check-only --wait-timeout 2
}

# The signal dispositions and mask a process is started with, from its own
# /proc/self/status: the gate's SIG_IGN on SIGPIPE must not reach the command,
# and what the gate's parent ignored or blocked must (the harness running
# the tests may ignore signals of its own, so the baseline is measured).
@test "the command starts with the signals its parent gave the gate, not the gate's own (exec and --init)" {
    baseline=$(grep -E '^Sig(Ign|Blk):' /proc/self/status)
    [[ $baseline == *SigIgn* && $baseline == *SigBlk* ]] || fail "no baseline: $baseline"
    # bit 13 of SigIgn is SIGPIPE, which the gate itself ignores while it runs
    pipe_bit=$(( 0x$(awk '/^SigIgn/ {print $2}' <<<"$baseline") >> 12 & 1 ))
    [[ $pipe_bit == 0 ]] || skip "this harness starts tests with SIGPIPE ignored"
    run --separate-stderr "$GATE" -- grep -E '^Sig(Ign|Blk):' /proc/self/status
    assert_success
    assert_output "$baseline"
    run --separate-stderr "$GATE" --init -- grep -E '^Sig(Ign|Blk):' /proc/self/status
    assert_success
    assert_output "$baseline"
}

@test "nohup: a SIGHUP ignored by the gate's parent stays ignored for the gate and the command" {
    baseline=$(trap '' HUP; grep -E '^Sig(Ign|Blk):' /proc/self/status)
    (( 0x$(awk '/^SigIgn/ {print $2}' <<<"$baseline") & 1 )) || fail "trap '' HUP did not ignore SIGHUP: $baseline"
    run --separate-stderr bash -c "trap '' HUP; exec \"\$0\" -- grep -E '^Sig(Ign|Blk):' /proc/self/status" "$GATE"
    assert_success
    assert_output "$baseline"
    # Under --init the gate is the command's parent: a SIGHUP to it neither
    # stops it nor reaches the command.
    run --separate-stderr bash -c "trap '' HUP; exec \"\$0\" --init -- sh -c 'kill -HUP \$PPID; sleep 0.3; echo alive'" "$GATE"
    assert_success
    assert_output alive
    # Without the ignore, the same SIGHUP is forwarded and ends the command.
    run --separate-stderr "$GATE" --init -- sh -c 'kill -HUP $PPID; sleep 0.3; echo alive'
    assert_failure 129
}

@test "--init: an orphaned grandchild is re-parented to the gate (child subreaper), not to init" {
    "$GATE" --init -- sh -c 'sh -c "sleep 3 & echo \$! > $0"; sleep 0.5
        awk "/^PPid/ {print \$2}" /proc/$(cat "$0")/status > "$1"' \
        "$BATS_TEST_TMPDIR/gc" "$BATS_TEST_TMPDIR/ppid" 2>/dev/null &
    gate=$!
    wait "$gate"
    assert_equal "$(cat "$BATS_TEST_TMPDIR/ppid")" "$gate"
}

@test "a table owned by an extension is not the schema's: a database with only that is fresh" {
    pg_psql -d "$DB" -c "CREATE TABLE users (id integer primary key); ALTER EXTENSION plpgsql ADD TABLE users"
    run "$GATE" --check-only
    assert_success
    assert_equal "$(status_field outcome)" fresh
}

@test "a standby in recovery is not ready: the gate keeps waiting, then exit 3" {
    pg_psql -d postgres -c "SELECT 1" >/dev/null
    printf 'local replication all trust\n' >> "$PGTEST_DATA/pg_hba.conf"
    pg_psql -d postgres -c "SELECT pg_reload_conf()" >/dev/null
    standby=$PGTEST_DIR/standby
    port=$(free_port)
    runuser -u postgres -- "$PG_BIN/pg_basebackup" -h "$PGTEST_SOCKDIR" -p "$PGTEST_PORT" -U postgres -D "$standby" -R -X stream --checkpoint=fast
    printf "port = %s\nunix_socket_directories = '%s'\nhot_standby = on\n" "$port" "$PGTEST_SOCKDIR" >> "$standby/postgresql.conf"
    chmod 0700 "$standby"
    runuser -u postgres -- "$PG_BIN/pg_ctl" -D "$standby" -l "$PGTEST_DIR/standby.log" -w -t 30 start >/dev/null
    [ "$("$PG_BIN/psql" -X -At -h "$PGTEST_SOCKDIR" -p "$port" -U postgres -d postgres -c 'SELECT pg_is_in_recovery()')" = t ]
    run "$GATE" --check-only --wait-timeout 2 --backoff-max 200 --database-url "${DATABASE_URL/:$PGTEST_PORT\//:$port/}"
    runuser -u postgres -- "$PG_BIN/pg_ctl" -D "$standby" -m immediate stop >/dev/null
    assert_equal "$status" 3
    assert_output --partial "standby"
    assert_equal "$(status_field outcome)" unreachable
}
