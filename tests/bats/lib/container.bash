# container.bash: for BATS files that run images. Load after lib/common.
CONTAINER=$ROOT_DIR/scripts/container
VERSION=$(cat "$ROOT_DIR/VERSION")
GATE_IMAGE=alembic-gate:$VERSION

# In setup_file: skips the whole file, saying why, when no container can run
# here; otherwise builds the image named by $1 (gate, example-app, postgres)
# with scripts/image.sh, which reuses every layer that did not change.
require_containers() {
    local why
    why=$("$CONTAINER" --check) || skip "containers cannot run here: $why"
    local what
    for what in "$@"; do
        "$ROOT_DIR/scripts/image.sh" "$what" >"$BATS_FILE_TMPDIR/build-$what.log" 2>&1 ||
            { tail -n 30 "$BATS_FILE_TMPDIR/build-$what.log" >&3; return 1; }
    done
}

# A read-only root as `docker run --read-only` makes it: podman would also put
# a tmpfs on /tmp, which would hide the image's own status directory.
read_only_flags() {
    if [ "$("$CONTAINER" --engine)" = podman ]; then
        echo "--read-only --read-only-tmpfs=false"
    else
        echo "--read-only"
    fi
}
