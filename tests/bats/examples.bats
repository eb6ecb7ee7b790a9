#!/usr/bin/env bats
# The docker/ examples, the Dockerfile and the entrypoint are complete and
# correct as far as can be checked without a container engine: the YAML
# parses, and every flag they pass to the gate exists in --help.

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
    grep -q 'alembic-gate", "status"' "$ROOT_DIR/docker/kubernetes/deployment.yaml"
}

@test "the entrypoint example is valid sh and its gate flags exist" {
    run sh -n "$ROOT_DIR/entrypoint"
    assert_success
    flags_exist "$(grep -E '^[^#]*alembic-gate' "$ROOT_DIR/entrypoint" | sed 's/ -- .*//')"
}

@test "the Dockerfile builds FROM scratch with the binary and CA certificates" {
    grep -q '^FROM scratch' "$ROOT_DIR/Dockerfile"
    grep -q 'ca-certificates.crt' "$ROOT_DIR/Dockerfile"
    grep -q '^ENTRYPOINT \["/alembic-gate"\]' "$ROOT_DIR/Dockerfile"
    grep -q 'make build/alembic-gate' "$ROOT_DIR/Dockerfile"
    # A host build/ holds deps.prefix naming a host path: it must stay out.
    grep -qx 'build/' "$ROOT_DIR/.dockerignore"
}

@test "the README's docker-compose and Kubernetes snippets use existing flags" {
    flags_exist "$(sed -n '/^## Quick start/,/^## Flags/p' "$ROOT_DIR/README.md" | grep -E 'alembic-gate|args:' | grep -v '^COPY' | sed 's/ -- .*//')"
}
