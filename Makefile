# alembic-gate build.
#
#   make          build/alembic-gate: static musl binary, libpq + OpenSSL inside
#   make dev      build/dev/alembic-gate: glibc, Debian's libpq-dev, ASan + UBSan
#   make test     every test; ends with "N passed, N failed"
#   make demo     the main job, end to end, on a throwaway database
#   make fuzz     each libFuzzer target for FUZZ_SECONDS (default 60), merging
#                 inputs that reach new coverage into tests/fuzz/corpus/
#   make bench    bench/RESULTS.md
#   make valgrind the integration tests' main paths under valgrind
#   make mutate   each deliberate bug of tests/mutations/ must fail a test
#                 (scripts/mutate; slow, not part of make test)
#   make install  PREFIX=/usr/local DESTDIR=
#   make image    the container image (podman, or docker where its daemon runs)
#   make ARCH=arm64            build/arm64/alembic-gate, cross-compiled, static
#   make ARCH=arm64 cross-test its unit tests and --version under qemu-user-static
#   make ARCH=arm64 image      the image for linux/arm64

VERSION := $(shell cat VERSION)
PREFIX ?= /usr/local
DESTDIR ?=
FUZZ_SECONDS ?= 60

SRC := $(sort $(wildcard src/*.c))
LIB_SRC := $(filter-out src/main.c,$(SRC))
HDR := $(wildcard src/*.h)
UNIT_SRC := $(sort $(wildcard tests/unit/test_*.c))
UNIT_BIN := $(patsubst tests/unit/%.c,build/unit/%,$(UNIT_SRC))
FUZZ_SRC := $(sort $(wildcard tests/fuzz/fuzz_*.c))
FUZZ_BIN := $(patsubst tests/fuzz/%.c,build/fuzz/%,$(FUZZ_SRC))

COMMON_CFLAGS := -std=c11 -D_GNU_SOURCE -DAG_VERSION='"$(VERSION)"' -Isrc

# Development: glibc, Debian's libpq-dev, sanitizers, warnings as errors.
DEV_CC ?= cc
PG_INCLUDE := $(shell pg_config --includedir 2>/dev/null || echo /usr/include/postgresql)
WARN_CFLAGS := -Wall -Wextra -Werror -Wshadow -Wstrict-prototypes -Wno-unused-parameter
DEV_CFLAGS := $(COMMON_CFLAGS) -I$(PG_INCLUDE) $(WARN_CFLAGS) -g -O1 -fno-omit-frame-pointer \
	-fsanitize=address,undefined -fno-sanitize-recover=undefined
DEV_LDLIBS := -lpq

# Shipped: musl, static, libpq and OpenSSL from Debian's sources (scripts/build-deps.sh).
MUSL_CC ?= musl-gcc
REL_CFLAGS := $(COMMON_CFLAGS) -DAG_STATIC_ALLOC -Wall -Wextra -Wno-unused-parameter -O2 -fstack-protector-strong \
	-D_FORTIFY_SOURCE=2
REL_LDLIBS := -lpq -lpgcommon_shlib -lpgport_shlib -lssl -lcrypto

.PHONY: all dev unit test demo fuzz fuzz-smoke bench valgrind install clean deps check-static packages man \
	image print-binary cross-test mutate

# The target architecture (Debian's names); the host's unless ARCH= says another.
HOST_ARCH := $(shell dpkg --print-architecture 2>/dev/null || echo amd64)
ifeq ($(strip $(ARCH)),)
override ARCH := $(HOST_ARCH)
endif
ifeq ($(ARCH),$(HOST_ARCH))
BIN := build/alembic-gate
else
BIN := build/$(ARCH)/alembic-gate
endif

all: $(BIN)

print-binary:
	@echo $(BIN)

build/deps.prefix: scripts/build-deps.sh
	@mkdir -p build
	scripts/build-deps.sh > $@.tmp && mv $@.tmp $@

deps: build/deps.prefix

build/alembic-gate: $(SRC) $(HDR) VERSION build/deps.prefix
	@mkdir -p build
	$(MUSL_CC) -static $(REL_CFLAGS) -I$$(cat build/deps.prefix)/include $(SRC) \
		-L$$(cat build/deps.prefix)/lib $(REL_LDLIBS) -o $@.unstripped
	strip -o $@ $@.unstripped

dev: build/dev/alembic-gate

build/dev/%.o: src/%.c $(HDR)
	@mkdir -p build/dev
	$(DEV_CC) $(DEV_CFLAGS) -c $< -o $@

DEV_LIB_OBJ := $(patsubst src/%.c,build/dev/%.o,$(LIB_SRC))

build/dev/alembic-gate: build/dev/main.o build/dev/libgate.a
	$(DEV_CC) $(DEV_CFLAGS) $^ $(DEV_LDLIBS) -o $@

# An archive, so a unit test pulls in only the modules it uses.
build/dev/libgate.a: $(DEV_LIB_OBJ)
	rm -f $@ && ar rcs $@ $^

build/unit/%: tests/unit/%.c tests/unit/check.h build/dev/libgate.a
	@mkdir -p build/unit
	$(DEV_CC) $(DEV_CFLAGS) -Itests/unit $< build/dev/libgate.a $(DEV_LDLIBS) -o $@

# The shipped binary's allocator, built as the release is (musl, static).
build/unit/test_static_alloc: tests/unit/static_alloc.c tests/unit/check.h src/alloc.c build/deps.prefix
	@mkdir -p build/unit
	$(MUSL_CC) -static $(REL_CFLAGS) -Werror -Itests/unit tests/unit/static_alloc.c src/alloc.c -o $@

unit: $(UNIT_BIN) build/unit/test_static_alloc

# For valgrind: glibc and Debian's libpq-dev like dev, but no sanitizers (they
# and valgrind cannot share a process); still -Werror.
VG_CFLAGS := $(COMMON_CFLAGS) -I$(PG_INCLUDE) $(WARN_CFLAGS) -g -O1
build/valgrind/alembic-gate: $(SRC) $(HDR) VERSION
	@mkdir -p build/valgrind
	$(DEV_CC) $(VG_CFLAGS) $(SRC) $(DEV_LDLIBS) -o $@

# libFuzzer targets: clang, fuzzer + address + undefined sanitizers.
FUZZ_CC ?= clang
FUZZ_CFLAGS := $(COMMON_CFLAGS) -I$(PG_INCLUDE) -g -O1 -fsanitize=fuzzer,address,undefined
FUZZ_OBJ_CFLAGS := $(COMMON_CFLAGS) -I$(PG_INCLUDE) -g -O1 -fsanitize=fuzzer-no-link,address,undefined
FUZZ_LIB_OBJ := $(patsubst src/%.c,build/fuzz/obj/%.o,$(LIB_SRC))
build/fuzz/obj/%.o: src/%.c $(HDR)
	@mkdir -p build/fuzz/obj
	$(FUZZ_CC) $(FUZZ_OBJ_CFLAGS) -c $< -o $@
build/fuzz/libgate.a: $(FUZZ_LIB_OBJ)
	rm -f $@ && ar rcs $@ $^
build/fuzz/%: tests/fuzz/%.c build/fuzz/libgate.a
	@mkdir -p build/fuzz
	$(FUZZ_CC) $(FUZZ_CFLAGS) $< build/fuzz/libgate.a $(DEV_LDLIBS) -o $@

fuzz: $(FUZZ_BIN)
	tests/fuzz/run --merge $(FUZZ_SECONDS) $(FUZZ_BIN)

# The Debian packages the build and the tests need (a no-op once installed).
packages:
	scripts/install-packages.sh

test: packages
	$(MAKE) all dev unit build/valgrind/alembic-gate $(FUZZ_BIN)
	tests/run

demo: packages
	$(MAKE) all
	tests/demo.sh

# The man page is generated from --help, the one source of truth for flags.
man: build/alembic-gate
	GATE=build/alembic-gate scripts/gen-man.sh > docs/alembic-gate.1

bench: all
	bench/run

valgrind: build/valgrind/alembic-gate
	tests/run valgrind

mutate: all
	MUTATE_BASELINE=1 scripts/mutate

check-static: build/alembic-gate
	file build/alembic-gate | grep -q 'statically linked'

# Cross build: the same sources and flags, musl, libpq and OpenSSL built for
# ARCH by scripts/build-deps.sh (cached apart from the native ones).
ifneq ($(ARCH),$(HOST_ARCH))
CROSS_arm64 := aarch64-linux-gnu
QEMU_arm64 := qemu-aarch64-static
XDIR := build/$(ARCH)
XCC = $$(cat $(XDIR)/deps.prefix)/musl/bin/musl-gcc
XDEPS = $$(cat $(XDIR)/deps.prefix)

$(XDIR)/deps.prefix: scripts/build-deps.sh
	@mkdir -p $(XDIR)
	ARCH=$(ARCH) scripts/build-deps.sh > $@.tmp && mv $@.tmp $@

$(XDIR)/alembic-gate: $(SRC) $(HDR) VERSION $(XDIR)/deps.prefix
	$(XCC) -static $(REL_CFLAGS) -I$(XDEPS)/include $(SRC) -L$(XDEPS)/lib $(REL_LDLIBS) -o $@.unstripped
	$(CROSS_$(ARCH))-strip -o $@ $@.unstripped

# Unit tests for ARCH: static, no sanitizers (qemu-user runs them), -Werror.
XUNIT_CFLAGS := $(COMMON_CFLAGS) $(WARN_CFLAGS) -g -O1
$(XDIR)/obj/%.o: src/%.c $(HDR) $(XDIR)/deps.prefix
	@mkdir -p $(XDIR)/obj
	$(XCC) $(XUNIT_CFLAGS) -I$(XDEPS)/include -c $< -o $@
$(XDIR)/libgate.a: $(patsubst src/%.c,$(XDIR)/obj/%.o,$(LIB_SRC))
	rm -f $@ && $(CROSS_$(ARCH))-ar rcs $@ $^
$(XDIR)/unit/%: tests/unit/%.c tests/unit/check.h $(XDIR)/libgate.a
	@mkdir -p $(XDIR)/unit
	$(XCC) -static $(XUNIT_CFLAGS) -Itests/unit -I$(XDEPS)/include $< $(XDIR)/libgate.a \
		-L$(XDEPS)/lib $(REL_LDLIBS) -o $@

cross-test: $(XDIR)/alembic-gate $(patsubst tests/unit/%.c,$(XDIR)/unit/%,$(UNIT_SRC))
	file $(XDIR)/alembic-gate | grep -q 'statically linked'
	$(QEMU_$(ARCH)) $(XDIR)/alembic-gate --version
	set -e; for t in $(XDIR)/unit/test_*; do echo "# unit ($(ARCH), qemu): $$t"; $(QEMU_$(ARCH)) $$t; done
endif

# The image, for ARCH (podman, or docker where its daemon runs).
image:
	scripts/image.sh gate $(ARCH)

install: build/alembic-gate
	install -D -m 0755 build/alembic-gate $(DESTDIR)$(PREFIX)/bin/alembic-gate
	install -D -m 0644 docs/alembic-gate.1 $(DESTDIR)$(PREFIX)/share/man/man1/alembic-gate.1

clean:
	rm -rf build
