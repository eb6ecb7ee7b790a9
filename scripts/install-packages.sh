#!/usr/bin/env bash
# Installs the Debian packages the build, the demo and the tests need, if any
# is missing (a no-op otherwise). Used by `make demo`, `make test` and .ci/run.
set -euo pipefail
packages=(
    build-essential make file git ca-certificates curl dpkg-dev pkg-config
    musl-tools musl-dev libpq-dev libssl-dev clang libclang-rt-14-dev valgrind
    postgresql postgresql-client pgbouncer bats bats-assert bats-support
    python3 python3-alembic python3-psycopg2 python3-yaml util-linux iproute2 procps
    bison flex perl zlib1g-dev openssl hyperfine time strace
    # The image and the examples (tests/bats/image.bats, examples.bats) and
    # the arm64 cross build (make ARCH=arm64, cross-test).
    podman buildah runc uidmap debootstrap python3-kubernetes
    gcc-aarch64-linux-gnu libc6-dev-arm64-cross qemu-user-static
)
missing=()
for p in "${packages[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
[ "${#missing[@]}" -eq 0 ] && exit 0
echo "install-packages: installing ${missing[*]}" >&2
sudo=""
[ "$(id -u)" = 0 ] || sudo="sudo"
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
$sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >&2
