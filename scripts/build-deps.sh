#!/usr/bin/env bash
# Builds OpenSSL and libpq as static musl libraries from Debian's source
# packages, into a cache outside the repository keyed by the source versions.
# Prints the prefix of the finished tree on stdout (everything else on stderr).
#
# A second run with the same versions finds the stamp file and returns at once,
# so only the first build on a machine pays for the dependencies.
#
# ARCH=arm64 cross-builds the same three for arm64 with Debian's
# gcc-aarch64-linux-gnu, musl included (Debian's musl source package, since
# musl-dev:arm64 cannot be installed beside the amd64 cross compiler), into a
# cache entry of its own; the native build's key and steps do not change.
set -euo pipefail

cache_root=${ALEMBIC_GATE_DEPS_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/alembic-gate/deps}
jobs=${JOBS:-$(nproc 2>/dev/null || echo 2)}

# Pinned versions, newest first. Debian's archive stops serving a version when
# a security update replaces it, so each list names a few known-good ones and
# the build falls back to whatever the archive serves if none is left.
openssl_pins=(3.0.20-1~deb12u2 3.0.17-1~deb12u2)
postgres_pins=(15.18-0+deb12u1 15.20-0+deb12u1)

musl_pins=(1.2.3-1)

host_arch=$(dpkg --print-architecture 2>/dev/null || echo amd64)
arch=${ARCH:-$host_arch}
case "$arch" in
"$host_arch") cross="" ;;
arm64) cross=aarch64-linux-gnu ossl_target=linux-aarch64 ;;
*) printf 'build-deps: ARCH=%s: only arm64 can be cross-built\n' "$arch" >&2; exit 1 ;;
esac

log() { printf 'build-deps: %s\n' "$*" >&2; }

ensure_deb_src() {
    if grep -rqsE '^(Types:.*deb-src|deb-src )' /etc/apt/sources.list /etc/apt/sources.list.d/; then
        return
    fi
    if [ "$(id -u)" != 0 ]; then
        log "no deb-src entry in /etc/apt and not root: add one, or run as root once"
        exit 1
    fi
    log "adding a deb-src entry: /etc/apt/sources.list.d/alembic-gate-src.sources"
    cat > /etc/apt/sources.list.d/alembic-gate-src.sources <<'SRC'
Types: deb-src
URIs: http://deb.debian.org/debian
Suites: bookworm bookworm-updates
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg

Types: deb-src
URIs: http://deb.debian.org/debian-security
Suites: bookworm-security
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
SRC
    apt-get update -q >&2
}

# fetch PACKAGE PIN... : downloads and unpacks the first version the archive
# serves into $PWD; prints the version it got.
fetch_source() {
    local pkg=$1; shift
    local v
    for v in "$@"; do
        if apt-get source -q "$pkg=$v" >/dev/null 2>&1; then
            echo "$v"; return 0
        fi
        rm -rf ./"${pkg}"[-_]* 2>/dev/null || true
        log "$pkg $v is not served by the archive any more; trying the next"
    done
    apt-get source -q "$pkg" >/dev/null 2>&1 || { log "apt-get source $pkg failed"; return 1; }
    ls -d "${pkg}"_*.dsc | sed -E "s/^${pkg}_(.*)\.dsc$/\1/" | head -n1
}

served_version() { # PACKAGE PIN... : first pin the archive lists, else the candidate
    local pkg=$1; shift
    local listed v
    listed=$(apt-cache showsrc "$pkg" 2>/dev/null | sed -n 's/^Version: //p')
    for v in "$@"; do
        if grep -qxF "$v" <<<"$listed"; then echo "$v"; return; fi
    done
    sort -V <<<"$listed" | tail -n1
}

# write_musl_wrapper DIR: DIR/musl/bin/musl-gcc, the cross compiler pointed at
# the musl in DIR/musl (as musl-tools' musl-gcc does for the native one). The
# specs name absolute paths, so it is written again once the tree has moved.
write_musl_wrapper() {
    local d=$1/musl
    mkdir -p "$d/bin"
    cat > "$d/lib/musl-gcc.specs" <<SPECS
%rename cpp_options old_cpp_options

*cpp_options:
-nostdinc -isystem $d/include -isystem include%s %(old_cpp_options)

*cc1:
%(cc1_cpu) -nostdinc -isystem $d/include -isystem include%s

*link_libgcc:
-L$d/lib -L .%s

*libgcc:
libgcc.a%s %:if-exists(libgcc_eh.a%s)

*startfile:
%{!shared: $d/lib/Scrt1.o} $d/lib/crti.o crtbeginS.o%s

*endfile:
crtendS.o%s $d/lib/crtn.o

*link:
-nostdlib %{shared:-shared} %{static:-static} %{rdynamic:-export-dynamic}
SPECS
    printf '#!/bin/sh\nexec %s-gcc "$@" -specs "%s/lib/musl-gcc.specs"\n' "$cross" "$d" > "$d/bin/musl-gcc"
    chmod +x "$d/bin/musl-gcc"
}

if [ -n "$cross" ]; then
    command -v "$cross-gcc" >/dev/null ||
        { log "$cross-gcc not found: apt-get install gcc-$cross libc6-dev-$arch-cross"; exit 1; }
else
    command -v musl-gcc >/dev/null || { log "musl-gcc not found: apt-get install musl-tools"; exit 1; }
fi
ensure_deb_src

ossl_v=$(served_version openssl "${openssl_pins[@]}")
pg_v=$(served_version postgresql-15 "${postgres_pins[@]}")
[ -n "$ossl_v" ] && [ -n "$pg_v" ] || { log "the archive lists no openssl or postgresql-15 source"; exit 1; }
recipe=2 # bump when this script builds something different
key="openssl-${ossl_v}_libpq-${pg_v}_r$recipe"
if [ -n "$cross" ]; then
    musl_v=$(served_version musl "${musl_pins[@]}")
    key="${arch}_musl-${musl_v}_$key"
fi
prefix="$cache_root/$key"
if [ -f "$prefix/.complete" ]; then
    log "cached: $prefix"
    echo "$prefix"; exit 0
fi

work=$(mktemp -d "${TMPDIR:-/tmp}/alembic-gate-deps.XXXXXX")
trap 'rm -rf "$work"' EXIT
cd "$work"
start=$(date +%s)

log "fetching sources (openssl $ossl_v, postgresql-15 $pg_v)"
got_ossl=$(fetch_source openssl "$ossl_v" "${openssl_pins[@]}")
got_pg=$(fetch_source postgresql-15 "$pg_v" "${postgres_pins[@]}")
if [ "$got_ossl" != "$ossl_v" ] || [ "$got_pg" != "$pg_v" ]; then
    key="openssl-${got_ossl}_libpq-${got_pg}_r$recipe"
    [ -z "$cross" ] || key="${arch}_musl-${musl_v}_$key"
    prefix="$cache_root/$key"
fi
rm -rf "$prefix.tmp"
mkdir -p "$prefix.tmp"

cc=musl-gcc ossl_target=${ossl_target:-linux-x86_64} host_flag=()
if [ -n "$cross" ]; then
    got_musl=$(fetch_source musl "$musl_v" "${musl_pins[@]}")
    log "building musl $got_musl for $arch"
    (
        cd "$(ls -d musl-*/ | head -n1)"
        ./configure --prefix="$prefix.tmp/musl" --target="$cross" CROSS_COMPILE="$cross-" \
            --disable-shared --disable-wrapper >&2
        make -j"$jobs" >&2
        make install >&2
    )
    write_musl_wrapper "$prefix.tmp"
    cc=$prefix.tmp/musl/bin/musl-gcc
    export AR=$cross-ar RANLIB=$cross-ranlib
    host_flag=(--host="$cross")
fi

# musl-gcc has no kernel headers; OpenSSL only needs them for AF_ALG and
# secure-memory, both off here.
ossl_dir=$(ls -d openssl-*/ | head -n1)
log "building OpenSSL in $ossl_dir"
(
    cd "$ossl_dir"
    CC=$cc ./Configure "$ossl_target" no-shared no-tests no-dso no-module \
        no-engine no-async no-afalgeng no-comp no-legacy no-ui-console no-secure-memory \
        -fPIC --prefix="$prefix.tmp" --libdir=lib --openssldir=/etc/ssl >&2
    make -j"$jobs" build_libs >&2
    make install_dev >&2
)

pg_dir=$(ls -d postgresql-*/ | head -n1)
log "building libpq in $pg_dir"
(
    cd "$pg_dir"
    CC=$cc CPPFLAGS="-I$prefix.tmp/include" LDFLAGS="-L$prefix.tmp/lib" \
        ./configure "${host_flag[@]}" --prefix="$prefix.tmp" --with-ssl=openssl --without-readline \
        --without-zlib --without-icu --without-gssapi --without-ldap --disable-nls >&2
    # libpq.a needs the _shlib (position-independent) builds of these two,
    # and their other variants need the backend's generated headers.
    make -C src/backend generated-headers >&2
    for d in src/port src/common; do
        make -j"$jobs" -C "$d" >&2
    done
    # Only the static library: the shared one's "no exit() in libpq" check
    # trips over the atexit() that static OpenSSL brings along.
    make -j"$jobs" -C src/interfaces/libpq all-static-lib >&2
    mkdir -p "$prefix.tmp/include" "$prefix.tmp/lib"
    cp src/interfaces/libpq/libpq.a src/common/libpgcommon_shlib.a src/port/libpgport_shlib.a "$prefix.tmp/lib/"
    cp src/interfaces/libpq/libpq-fe.h src/interfaces/libpq/libpq-events.h \
       src/include/postgres_ext.h src/include/pg_config_ext.h "$prefix.tmp/include/"
)
rm -rf "$prefix"
mv "$prefix.tmp" "$prefix"
[ -z "$cross" ] || write_musl_wrapper "$prefix"
printf 'openssl %s\nlibpq %s\nseconds %s\n' "$got_ossl" "$got_pg" "$(( $(date +%s) - start ))" > "$prefix/.complete"
log "built in $(( $(date +%s) - start ))s: $prefix"
echo "$prefix"
