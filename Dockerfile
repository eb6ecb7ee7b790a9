# alembic-gate image: the static binary and the CA bundle, nothing else; it
# runs as 65532:65532 and can run with a read-only root filesystem.
#
#   make image                     (or: docker build -t alembic-gate .)
#   make image ARCH=arm64          (--platform linux/arm64, cross-compiled)
#   docker run --rm alembic-gate --version
#
# Use it as a Kubernetes init step that copies the gate into a shared volume,
# or copy it into an application image:
#   COPY --from=alembic-gate /alembic-gate /usr/local/bin/alembic-gate

# Debian's official image at a dated tag (scripts/base-image.sh makes the same
# name with debootstrap where no registry is reachable).
ARG BASE_IMAGE=docker.io/library/debian:bookworm-20260202-slim

# The builder runs on the build machine's architecture and cross-compiles for
# another one: no emulation, and one compiler toolchain per target.
FROM --platform=$BUILDPLATFORM ${BASE_IMAGE} AS builder
ARG TARGETARCH
RUN apt-get update \
 && apt-get install -y --no-install-recommends build-essential make file ca-certificates \
        dpkg-dev musl-tools musl-dev perl bison flex zlib1g-dev \
 && if [ "$TARGETARCH" = arm64 ]; then \
        apt-get install -y --no-install-recommends gcc-aarch64-linux-gnu libc6-dev-arm64-cross; fi \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /src
# libpq and OpenSSL first, from this script alone: a change to src/ reuses
# this layer and rebuilds only the gate (seconds, not minutes).
COPY scripts/build-deps.sh scripts/
RUN ARCH=$TARGETARCH scripts/build-deps.sh >/dev/null
COPY Makefile VERSION ./
COPY src/ src/
RUN make ARCH=$TARGETARCH \
 && cp "$(make -s ARCH=$TARGETARCH print-binary)" /alembic-gate \
 && mkdir -p /rootfs/tmp/alembic-gate && chmod 1777 /rootfs/tmp \
 && chown 65532:65532 /rootfs/tmp/alembic-gate && chmod 0755 /rootfs/tmp/alembic-gate

FROM scratch
COPY --from=builder /etc/ssl/certs/ca-certificates.crt /etc/ssl/certs/ca-certificates.crt
COPY --from=builder /rootfs/ /
COPY --from=builder /alembic-gate /alembic-gate
# Not root: a pod with runAsNonRoot accepts a numeric USER. The status file's
# default directory is its own, and a volume, so it stays writable when the
# root filesystem is read-only (docker run --read-only).
USER 65532:65532
VOLUME ["/tmp/alembic-gate"]
ENTRYPOINT ["/alembic-gate"]
