# Smart City Driver - build, test, bench.
#   make            build ./scd (installs missing build dependencies where it can)
#   make demo       build, validate the shipped data and write the stage documents into out/
#   make test       unit tests (cmocka), bad-input corpus, end-to-end tests, fuzz corpus replay
#   make SANITIZE=address,undefined test
#   make fuzz       libFuzzer target for the loader+validator (clang)
#   make bench      benchmark (bench/)
#   make install PREFIX=/usr/local

CC ?= cc
CFLAGS ?= -O2 -g
PREFIX ?= /usr/local
PKGS := yaml-0.1 jansson sqlite3
DEV_PACKAGES := libyaml-dev libjansson-dev libsqlite3-dev libcmocka-dev pkg-config

WARNINGS := -Wall -Wextra -Werror -Wstrict-prototypes -Wmissing-prototypes -Wshadow \
	-Wwrite-strings -Wformat=2 -Wvla -fno-common
BASE_CFLAGS := -std=c11 -D_GNU_SOURCE -pthread $(WARNINGS)

ifdef SANITIZE
SAN_FLAGS := -fsanitize=$(SANITIZE) -fno-omit-frame-pointer -fno-sanitize-recover=all
# One folder per sanitizer set: address and thread builds cannot share objects.
comma := ,
BUILD := build/san-$(subst $(comma),-,$(SANITIZE))
else
BUILD := build/rel
endif

# Dependencies: resolved lazily so `make help` works before they are installed.
DEPS_OK := $(shell pkg-config --exists $(PKGS) cmocka 2>/dev/null && echo yes)
PKG_CFLAGS = $(shell pkg-config --cflags $(PKGS))
PKG_LIBS = $(shell pkg-config --libs $(PKGS)) -lm
CMOCKA_LIBS = $(shell pkg-config --libs cmocka)

ALL_CFLAGS = $(BASE_CFLAGS) $(SAN_FLAGS) $(PKG_CFLAGS) $(CFLAGS)
ALL_LDFLAGS = $(SAN_FLAGS) $(LDFLAGS) -pthread

ENGINE_SRCS := $(filter-out engine/cli.c,$(wildcard engine/*.c))
ENGINE_OBJS := $(patsubst engine/%.c,$(BUILD)/engine/%.o,$(ENGINE_SRCS))
MAIN_OBJ := $(BUILD)/engine/cli.o
# Tests link against an archive, so only the modules they use are pulled in
# (the cmd_*.c files need cli.c, which holds main()).
ENGINE_LIB := $(BUILD)/libscd.a
TEST_SRCS := $(wildcard tests/unit/test_*.c)
TEST_BINS := $(patsubst tests/unit/%.c,$(BUILD)/tests/%,$(TEST_SRCS))

.PHONY: scd all deps demo test unit-test check-bad e2e-test golden-test match-e2e-test session-e2e-test store-e2e-test crash-test concurrency-test docs-test fuzz fuzz-replay bench install clean help stages-test

all: deps
	@$(MAKE) --no-print-directory scd

help:
	@sed -n '2,9p' Makefile | sed 's/^# //'

# Install the Debian packages the build needs, only when pkg-config cannot find them.
deps:
ifneq ($(DEPS_OK),yes)
	@if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
		echo "installing build dependencies: $(DEV_PACKAGES)" >&2; \
		(apt-get install -y $(DEV_PACKAGES) || (apt-get update && apt-get install -y $(DEV_PACKAGES))) >&2; \
	else \
		echo "missing build dependencies; run as root:" >&2; \
		echo "  apt-get update && apt-get install -y $(DEV_PACKAGES)" >&2; \
		exit 1; \
	fi
endif

scd: $(BUILD)/scd
	@cp $(BUILD)/scd scd.tmp && mv -f scd.tmp scd

$(BUILD)/scd: $(MAIN_OBJ) $(ENGINE_OBJS)
	@echo "  LINK    $@"
	@$(CC) $(ALL_LDFLAGS) -o $@ $^ $(PKG_LIBS)

$(BUILD)/engine/%.o: engine/%.c $(wildcard engine/*.h) Makefile
	@mkdir -p $(dir $@)
	@echo "  CC      $<"
	@$(CC) $(ALL_CFLAGS) -Iengine -c -o $@ $<

$(ENGINE_LIB): $(ENGINE_OBJS)
	@rm -f $@
	@$(AR) rcs $@ $^

$(BUILD)/tests/%: tests/unit/%.c $(ENGINE_LIB) $(wildcard tests/unit/*.h)
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -Iengine -Itests/unit $(ALL_LDFLAGS) -o $@ $< $(ENGINE_LIB) $(PKG_LIBS) $(CMOCKA_LIBS)

demo: all
	./scd validate
	./scd demo

test: all
	@$(MAKE) --no-print-directory unit-test check-bad e2e-test golden-test match-e2e-test session-e2e-test store-e2e-test crash-test concurrency-test stages-test docs-test fuzz-replay

unit-test: $(TEST_BINS)
	@failed=0; for t in $(TEST_BINS); do echo "== $$t"; SCD_SHARED=$(CURDIR)/../shared $$t || failed=1; done; exit $$failed

check-bad: scd
	@tests/check_bad.sh ./scd

e2e-test: scd
	@tests/e2e.sh ./scd

golden-test: scd
	@tests/golden.sh ./scd

match-e2e-test: scd
	@tests/match_e2e.sh ./scd

session-e2e-test: scd
	@tests/session_e2e.sh ./scd

store-e2e-test: scd
	@tests/store_e2e.sh ./scd

# Short runs here; bench/crash_long.sh and bench/concurrency_long.sh run the long ones.
# (A sanitizer build is about ten times slower per command: fewer rounds.)
ifdef SANITIZE
CRASH_CYCLES ?= 8
CONCURRENCY_PER_PROCESS ?= 25
else
CRASH_CYCLES ?= 20
CONCURRENCY_PER_PROCESS ?= 200
endif
crash-test: scd
	@tests/crash_test.sh ./scd $(CRASH_CYCLES)

concurrency-test: scd
	@tests/concurrency_test.sh ./scd $(CONCURRENCY_PER_PROCESS)

stages-test: scd
	@tests/stages_golden.sh ./scd

docs-test: scd
	@tests/docs_check.sh ./scd

# The fuzz target's corpus, replayed through the same entry point (no clang needed).
$(BUILD)/fuzz-replay: tests/fuzz/fuzz_validate.c tests/fuzz/replay_main.c $(ENGINE_LIB)
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -Iengine $(ALL_LDFLAGS) -o $@ tests/fuzz/fuzz_validate.c tests/fuzz/replay_main.c $(ENGINE_LIB) $(PKG_LIBS)

fuzz-replay: $(BUILD)/fuzz-replay
	@$(BUILD)/fuzz-replay tests/fuzz/corpus

FUZZ_SECONDS ?= 600
# Extra clang flags for the fuzz build, e.g. -fsanitize-recover=CHECK with
# UBSAN_OPTIONS=halt_on_error=1:suppressions=FILE to step past a known bug.
FUZZ_FLAGS ?=
fuzz: deps
	@mkdir -p build/fuzz
	clang -std=c11 -D_GNU_SOURCE -g -O1 -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all $(FUZZ_FLAGS) \
		-Iengine $(PKG_CFLAGS) -o build/fuzz/fuzz_validate tests/fuzz/fuzz_validate.c \
		$(filter-out engine/cmd_%.c,$(ENGINE_SRCS)) $(PKG_LIBS)
	mkdir -p build/fuzz/new-corpus
	build/fuzz/fuzz_validate -max_total_time=$(FUZZ_SECONDS) -max_len=4096 -timeout=5 -print_final_stats=1 \
		build/fuzz/new-corpus tests/fuzz/corpus

bench: all
	@$(MAKE) --no-print-directory -C bench

install: all
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(PREFIX)/share/scd
	install -m 755 scd $(DESTDIR)$(PREFIX)/bin/scd
	cp -r rules $(DESTDIR)$(PREFIX)/share/scd/

clean:
	rm -rf build scd out
