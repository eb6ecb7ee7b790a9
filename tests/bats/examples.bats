#!/usr/bin/env bats
# The docker/ examples, the Dockerfile and the entrypoint: the YAML parses,
# every flag they pass to the gate exists in --help, the Kubernetes manifests
# pass the API schema (offline, Debian's python3-kubernetes models), and the
# compose example runs end to end where containers can run.

setup() {
    load 'lib/common'
    HELP=$("$GATE" --help)
}

# Every --flag in the given text must appear in --help.
flags_exist() {
    local f
    for f in $(grep -oE -- '--[a-z][a-z-]+' <<<"$1" | sort -u); do
        grep -qF -- "$f" <<<"$HELP" || fail "$f is not an alembic-gate flag"
    done
}

gate_args_of_yaml() { # prints the gate's args from compose/kubernetes files
    /usr/bin/python3 - "$@" <<'PY'
import sys, yaml
def walk(o):
    if isinstance(o, dict):
        for k, v in o.items():
            if k in ("entrypoint", "command", "args") and isinstance(v, list):
                print(" ".join(str(x) for x in v))
            walk(v)
    elif isinstance(o, list):
        for x in o:
            walk(x)
for path in sys.argv[1:]:
    for doc in yaml.safe_load_all(open(path)):
        walk(doc)
PY
}

@test "docker-compose.yml parses, has the migrate/app ordering, and its gate flags exist" {
    run gate_args_of_yaml "$ROOT_DIR/docker/docker-compose.yml"
    assert_success
    # Only the gate's own arguments, before "--" (the rest is the app's command).
    flags_exist "$(sed 's/ -- .*//' <<<"$output" | grep alembic-gate)"
    run /usr/bin/python3 -c 'import yaml,sys; d=yaml.safe_load(open(sys.argv[1])); print(d["services"]["app"]["depends_on"]["migrate"]["condition"])' \
        "$ROOT_DIR/docker/docker-compose.yml"
    assert_output service_completed_successfully
}

@test "the Kubernetes manifests parse and their gate flags exist" {
    for f in "$ROOT_DIR"/docker/kubernetes/*.yaml; do
        run gate_args_of_yaml "$f"
        assert_success
        flags_exist "$(sed 's/ -- .*//' <<<"$output")"
    done
    grep -q POSTGRES_PASSWORD_FILE "$ROOT_DIR/docker/kubernetes/deployment.yaml"
    grep -q emptyDir "$ROOT_DIR/docker/kubernetes/deployment.yaml"
}

@test "the Kubernetes manifests pass the API schema: no unknown field, no wrong type" {
    run /usr/bin/python3 "$TESTS_DIR/tools/k8s_validate.py" "$ROOT_DIR"/docker/kubernetes/*.yaml
    assert_success
    assert_output ""
    # The checker itself: a misspelt field and a string where an int belongs.
    sed -e 's/periodSeconds: 10/periodSecond: 10/' -e 's/replicas: 3/replicas: "3"/' \
        "$ROOT_DIR/docker/kubernetes/deployment.yaml" > "$BATS_TEST_TMPDIR/bad.yaml"
    run /usr/bin/python3 "$TESTS_DIR/tools/k8s_validate.py" "$BATS_TEST_TMPDIR/bad.yaml"
    assert_failure
    assert_output --partial "readinessProbe.periodSecond: no such field in V1Probe"
    assert_output --partial "spec.replicas: '3' is not int"
}

@test "the Kubernetes pods run non-root, read-only, without capabilities; the gate runs from the app image" {
    /usr/bin/python3 - "$ROOT_DIR"/docker/kubernetes/deployment.yaml "$ROOT_DIR"/docker/kubernetes/job.yaml <<'PY'
import sys, yaml
for path in sys.argv[1:]:
    pod = yaml.safe_load(open(path))["spec"]["template"]["spec"]
    assert pod["securityContext"]["runAsNonRoot"] is True, path
    assert pod["securityContext"]["runAsUser"] == 65532, path
    for c in pod.get("initContainers", []) + pod["containers"]:
        sc = c["securityContext"]
        assert sc["readOnlyRootFilesystem"] is True and sc["allowPrivilegeEscalation"] is False, (path, c["name"])
        assert sc["capabilities"]["drop"] == ["ALL"], (path, c["name"])
        # The gate's own image has no /app and no Python: the migrations and
        # alembic come from the app image, which has the gate copied in.
        assert c["image"] == "example/app:latest", (path, c["name"])
    for c in pod["containers"]:
        for probe in ("readinessProbe", "livenessProbe"):
            # A probe reading a status file written once can never change.
            assert "exec" not in c.get(probe, {}), (path, c["name"], probe)
PY
}

@test "the entrypoint example is valid sh and its gate flags exist" {
    run sh -n "$ROOT_DIR/entrypoint"
    assert_success
    flags_exist "$(grep -E '^[^#]*alembic-gate' "$ROOT_DIR/entrypoint" | sed 's/ -- .*//')"
}

@test "the Dockerfile: FROM scratch, pinned base, non-root, dependencies built before src/ is copied" {
    grep -q '^FROM scratch' "$ROOT_DIR/Dockerfile"
    grep -q 'ca-certificates.crt' "$ROOT_DIR/Dockerfile"
    grep -q '^ENTRYPOINT \["/alembic-gate"\]' "$ROOT_DIR/Dockerfile"
    grep -qx 'USER 65532:65532' "$ROOT_DIR/Dockerfile"
    # The base is a dated tag, the one scripts/base-image.sh makes.
    grep -qx "ARG BASE_IMAGE=$("$ROOT_DIR/scripts/base-image.sh" --name)" "$ROOT_DIR/Dockerfile"
    deps=$(grep -n 'build-deps.sh >' "$ROOT_DIR/Dockerfile" | cut -d: -f1)
    src=$(grep -n '^COPY src/' "$ROOT_DIR/Dockerfile" | cut -d: -f1)
    [ -n "$deps" ] && [ -n "$src" ] && [ "$deps" -lt "$src" ]
    # The context is a list of what the build needs; a host build/ (whose
    # deps.prefix names a host path) is not on it.
    [ "$(head -n1 <(grep -v '^#' "$ROOT_DIR/.dockerignore"))" = '*' ]
    ! grep -q '^!build' "$ROOT_DIR/.dockerignore"
}

@test "the README's docker-compose and Kubernetes snippets use existing flags" {
    flags_exist "$(sed -n '/^## Quick start/,/^## Flags/p' "$ROOT_DIR/README.md" | grep -E 'alembic-gate|args:' | grep -v '^COPY' | sed 's/ -- .*//')"
}

# The compose example for real: the images, a runner that follows depends_on
# conditions as Compose v2 does, every service on the host's network.
compose_setup() {
    local why
    why=$("$ROOT_DIR/scripts/container" --check) || skip "containers cannot run here: $why"
    for what in gate example-app postgres; do
        "$ROOT_DIR/scripts/image.sh" "$what" >"$BATS_TEST_TMPDIR/build-$what.log" 2>&1 ||
            { tail -n 30 "$BATS_TEST_TMPDIR/build-$what.log"; return 1; }
    done
    COMPOSE=(/usr/bin/python3 "$TESTS_DIR/tools/compose_run.py" "$ROOT_DIR/docker/docker-compose.yml" "agtest$$")
    export POSTGRES_IMAGE=alembic-gate-test/postgres:15
    DB_PORT=$(free_port) APP_PORT=$(free_port)
    export DB_PORT APP_PORT
    DB_PASSWORD=$(head -n1 "$ROOT_DIR/docker/db_password.txt")
    export DATABASE_URL="postgresql://app:$(pg_urlencode "$DB_PASSWORD")@127.0.0.1:$DB_PORT/app"
}

teardown() {
    if [ -n "${COMPOSE:-}" ]; then "${COMPOSE[@]}" down >/dev/null 2>&1 || true; fi
}

compose_psql() {
    PGPASSWORD=$DB_PASSWORD "$PG_BIN/psql" -X -q -At -h 127.0.0.1 -p "$DB_PORT" -U app -d app "$@"
}

container_state() { # NAME: "status exit-code started-ns finished-ns"
    "$ROOT_DIR/scripts/container" inspect --format '{{json .State}}' "$1" | /usr/bin/python3 -c '
import json, re, sys
s = json.load(sys.stdin)
def ns(t):
    m = re.match(r"(\d+-\d+-\d+)T(\d+):(\d+):(\d+)(?:\.(\d+))?", t)
    import calendar, time
    secs = calendar.timegm(time.strptime(m.group(1), "%Y-%m-%d")) + int(m.group(2)) * 3600 + int(m.group(3)) * 60 + int(m.group(4))
    return secs * 10**9 + int((m.group(5) or "0").ljust(9, "0")[:9])
print(s["Status"], s["ExitCode"], ns(s["StartedAt"]), ns(s["FinishedAt"]))'
}

# The database up, then the schema made by real Alembic up to a revision and
# alembic_version emptied: what migrate must repair before upgrading.
compose_db_with_lost_version() {
    "${COMPOSE[@]}" up db
    for _ in $(seq 1 150); do compose_psql -c 'SELECT 1' >/dev/null 2>&1 && break; sleep 0.2; done
    compose_psql -c 'SELECT 1' >/dev/null
    alembic_run upgrade "$1" >/dev/null 2>&1
    compose_psql -c 'DELETE FROM alembic_version'
}

@test "compose: db up, migrate repairs and upgrades under the lock and exits 0, only then the app starts and answers" {
    compose_setup
    heads=$("${ALEMBIC[@]}" -c "$EXAMPLE_INI" heads 2>/dev/null | awk '{print $1}' | sort | tr '\n' ' ' | sed 's/ $//')
    compose_db_with_lost_version 2b3c4d5e6f70
    run "${COMPOSE[@]}" up
    assert_success
    assert_output --partial "started app"
    read -r m_status m_exit m_start m_end <<<"$(container_state "agtest$$_migrate")"
    read -r a_status a_exit a_start a_end <<<"$(container_state "agtest$$_app")"
    [ "$m_status" = exited ] && [ "$m_exit" = 0 ]
    [ "$a_start" -gt "$m_end" ] || fail "the app started before migrate had finished"
    run "$ROOT_DIR/scripts/container" logs "agtest$$_migrate"
    assert_output --partial repaired
    assert_output --partial "Running upgrade 2b3c4d5e6f70"
    refute_output --partial "$DB_PASSWORD"
    for _ in $(seq 1 100); do
        body=$(curl -sf "http://127.0.0.1:$APP_PORT/") && break
        sleep 0.2
    done
    got=$(/usr/bin/python3 -c 'import json,sys; print(" ".join(sorted(json.loads(sys.argv[1])["revisions"])))' "$body")
    assert_equal "$got" "$heads"
}

@test "compose: when migrate fails the app never starts" {
    compose_setup
    compose_db_with_lost_version 4d5e6f708192
    # A schema the scripts cannot explain: the gate stops (needs a human).
    compose_psql -c 'DROP TABLE posts'
    run "${COMPOSE[@]}" up
    assert_failure
    assert_output --partial "service migrate didn't complete successfully"
    run "$ROOT_DIR/scripts/container" inspect "agtest$$_app"
    assert_failure
}
