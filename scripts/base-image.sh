#!/usr/bin/env bash
# Makes the Debian base image the Dockerfiles name (BASE_IMAGE below) exist in
# the container engine's storage without a registry: when the engine does not
# have it, a `debootstrap --variant=minbase bookworm` tree is made once, kept
# as a tarball in a cache outside the repository (keyed by the recipe and the
# suite, so a second run only imports it), and imported under that name.
# A machine that can pull from a registry gets the real image the same way a
# user does, with `docker pull`; this is for machines that cannot.
#
#   scripts/base-image.sh            ensure the image exists
#   scripts/base-image.sh --name     print its name
set -euo pipefail
cd "$(dirname "$0")/.."

# Pinned in the Dockerfiles too (ARG BASE_IMAGE); a dated tag of Debian's
# official image, so a rebuild months later starts from the same tree.
BASE_IMAGE=docker.io/library/debian:bookworm-20260202-slim
suite=bookworm
recipe=1 # bump when the tree below is made differently
cache=${ALEMBIC_GATE_IMAGE_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/alembic-gate/base}
tarball=$cache/debian-$suite-minbase-r$recipe.tar

[ "${1:-}" = --name ] && { echo "$BASE_IMAGE"; exit 0; }
log() { printf 'base-image: %s\n' "$*" >&2; }

if scripts/container image exists "$BASE_IMAGE" 2>/dev/null ||
   scripts/container image inspect "$BASE_IMAGE" >/dev/null 2>&1; then
    exit 0
fi
if [ ! -f "$tarball" ]; then
    command -v debootstrap >/dev/null || { log "debootstrap not found: apt-get install debootstrap"; exit 1; }
    [ "$(id -u)" = 0 ] || { log "debootstrap needs root"; exit 1; }
    mkdir -p "$cache"
    root=$(mktemp -d "$cache/rootfs.XXXXXX")
    trap 'rm -rf "$root"' EXIT
    start=$(date +%s)
    log "debootstrap --variant=minbase $suite (once; cached in $tarball)"
    debootstrap --variant=minbase "$suite" "$root" http://deb.debian.org/debian >&2
    # As Debian's official image: security updates reachable, no caches.
    cat > "$root/etc/apt/sources.list" <<SRC
deb http://deb.debian.org/debian $suite main
deb http://deb.debian.org/debian $suite-updates main
deb http://deb.debian.org/debian-security $suite-security main
SRC
    rm -rf "$root"/var/lib/apt/lists/* "$root"/var/cache/apt/*.bin "$root"/var/cache/apt/archives/*.deb
    tar -C "$root" --numeric-owner -cf "$tarball.tmp" .
    mv "$tarball.tmp" "$tarball"
    log "made in $(( $(date +%s) - start ))s"
fi
log "importing $tarball as $BASE_IMAGE"
scripts/container import --change 'CMD ["bash"]' "$tarball" "$BASE_IMAGE" >/dev/null
