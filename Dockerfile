# alembic-gate image: the static binary and CA certificates, nothing else.
#
#   docker build -t alembic-gate .
#   docker run --rm alembic-gate --version
#
# Use it as a Kubernetes initContainer image, or copy /alembic-gate into an
# application image (COPY --from=alembic-gate /alembic-gate /usr/local/bin/).

FROM debian:bookworm AS builder
# The same make as on a developer's machine: Debian's packages, then libpq and
# OpenSSL built for musl from Debian's source packages (scripts/build-deps.sh
# adds the deb-src entry it needs).
RUN apt-get update \
 && apt-get install -y --no-install-recommends build-essential make file ca-certificates \
        dpkg-dev musl-tools musl-dev perl bison flex zlib1g-dev \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /src
COPY . .
RUN make build/alembic-gate && make check-static

FROM scratch
COPY --from=builder /etc/ssl/certs/ca-certificates.crt /etc/ssl/certs/ca-certificates.crt
COPY --from=builder /src/build/alembic-gate /alembic-gate
# The status file's default directory; scratch has no /tmp.
WORKDIR /tmp/alembic-gate
WORKDIR /
ENTRYPOINT ["/alembic-gate"]
