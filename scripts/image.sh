#!/usr/bin/env bash
# Builds the images: the gate's (Dockerfile) and the two the compose example
# and its test use (docker/). Base images come from scripts/base-image.sh when
# no registry is reachable. Prints nothing but the engine's build log.
#
#   scripts/image.sh gate [ARCH]     alembic-gate:VERSION (and :latest for the
#                                    host's arch; :VERSION-ARCH for another)
#   scripts/image.sh example-app     example/app:latest (needs the gate image)
#   scripts/image.sh postgres        the postgres stand-in, alembic-gate-test/postgres:15
set -euo pipefail
cd "$(dirname "$0")/.."
version=$(cat VERSION)
host_arch=$(dpkg --print-architecture 2>/dev/null || echo amd64)
what=${1:?usage: scripts/image.sh gate [ARCH] | example-app | postgres}
arch=${2:-$host_arch}

scripts/base-image.sh
build() { scripts/container build --network host "$@"; }

case "$what" in
gate)
    if [ "$arch" = "$host_arch" ]; then
        build --platform "linux/$arch" -t "alembic-gate:$version" -t alembic-gate:latest .
    else
        build --platform "linux/$arch" -t "alembic-gate:$version-$arch" .
    fi ;;
example-app)
    build -f docker/example-app/Dockerfile --build-arg GATE_IMAGE="alembic-gate:$version" \
        -t example/app:latest . ;;
postgres)
    build -t alembic-gate-test/postgres:15 docker/postgres-standin ;;
*) echo "scripts/image.sh: unknown image $what" >&2; exit 2 ;;
esac
