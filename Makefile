# ocop - static OCOP catalog generator.  Plain GNU make, Debian 12.
#
#   make            install missing Debian packages (as root), build ocop,
#                   build the sample catalog into output/
#   make test       every test (unit, Mustache spec, end-to-end, HTML
#                   checker, sanitizers, fuzz corpus replay)
#   make install    PREFIX=/usr/local: ocop and its default theme
#   make lint       house-style checks on the objects (tests/lint.sh)
#   make bench      build times against Hugo and a floor (bench/run.sh;
#                   SIZES, RUNS, PROFILE: see docs/benchmarks.md)
#
# Knobs: SANITIZE=address,undefined (or thread)  ARENA_DEBUG=1  DEVELOPER=1 (-Werror)
# BUILD=dir (object folder).  Local settings go in config.mak.

PREFIX  ?= /usr/local
BUILD   ?= build
CC      ?= gcc
PKGS     = libcmark yaml-0.1 libgit2 libutf8proc json-c liburiparser \
           libxml-2.0 libidn2 zlib libcrypto libqrencode vips

# Debian packages: libraries (and Python modules for the tests) by
# package, tools by command.  python3-feedparser reads the changelog's
# Atom feed in tests/e2e/changes.sh.
DEB_LIBS  = libcmark-dev libyaml-dev libgit2-dev libutf8proc-dev \
            libcmocka-dev libjson-c-dev pkg-config libclang-rt-14-dev \
            liburiparser-dev libxml2-dev libidn2-dev zlib1g-dev libssl-dev \
            libqrencode-dev python3-feedparser libvips-dev
DEB_TOOLS = gcc:gcc git:git java:default-jre-headless node:nodejs npm:npm \
            clang:clang chromium:chromium zbarimg:zbar-tools \
            rsvg-convert:librsvg2-bin xmllint:libxml2-utils \
            vips:libvips-tools vipsheader:libvips-tools \
            exiftool:libimage-exiftool-perl

# WARN applies to everything compiled here: src/, tests/unit/, fuzz/
# and tools/.
WARN     = -Wall -Wextra -Wpedantic -Wshadow -Wwrite-strings -Wcast-qual \
           -Wstrict-prototypes -Wmissing-prototypes -Wvla
CFLAGS  ?= -O2 -g
CFLAGS  += -std=c11 -D_GNU_SOURCE -pthread -MMD -MP $(WARN)
ifdef DEVELOPER
CFLAGS  += -Werror
endif
ifdef ARENA_DEBUG
CFLAGS  += -DARENA_DEBUG
endif
ifdef SANITIZE
CFLAGS  += -fsanitize=$(SANITIZE) -fno-sanitize-recover=all \
           -fno-omit-frame-pointer -O1 -g
LDFLAGS += -fsanitize=$(SANITIZE)
endif

-include config.mak

PKG_CFLAGS = $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
PKG_LIBS   = $(shell pkg-config --libs $(PKGS) 2>/dev/null) -pthread
VERSION   := $(shell cat VERSION 2>/dev/null || echo 0.1.0)
CFLAGS    += $(PKG_CFLAGS) -DOCOP_VERSION='"$(VERSION)"'

LIB_SRC   = $(sort $(wildcard src/util/*.c src/load/*.c src/parse/*.c \
             src/model/*.c src/plan/*.c src/render/*.c src/write/*.c))
LIB_OBJ   = $(LIB_SRC:%.c=$(BUILD)/%.o) $(BUILD)/gen/theme_default.o \
	    $(BUILD)/gen/data_schema.o $(BUILD)/gen/embed_script.o \
	    $(BUILD)/gen/messages.o
# The commands (src/cmd/) go with main.o, outside the library the unit
# tests and fuzz targets link: they print and exit, and are tested end
# to end (and by test_cmd, which links them, below).
CMD_SRC   = $(sort $(wildcard src/cmd/*.c))
MAIN_OBJ  = $(BUILD)/src/main.o $(CMD_SRC:%.c=$(BUILD)/%.o)
THEME_FILES = $(shell find themes/default -type f 2>/dev/null | LC_ALL=C sort)
SCHEMA_FILES = $(shell find schema -type f 2>/dev/null | LC_ALL=C sort)
MESSAGE_FILES = $(sort $(wildcard messages/*.po))
EMBED_SCRIPT = js/embed.js

UNIT_SRC  = $(wildcard tests/unit/test_*.c)
UNIT_BIN  = $(UNIT_SRC:tests/unit/%.c=$(BUILD)/tests/%)

.PHONY: all deps site test unit unit-bins e2e fuzz install print-fuzz-targets bench \
        clean regen-golden lint

all: deps ocop site

deps:
	@sh tests/deps.sh "$(DEB_LIBS)" "$(DEB_TOOLS)"

ocop $(BUILD)/ocop: $(MAIN_OBJ) $(LIB_OBJ)
	$(CC) $(LDFLAGS) -o $@ $(filter %.o,$^) $(PKG_LIBS)

unit-bins: $(UNIT_BIN)

# Fuzz targets: replay_<t> feeds corpus files to the target under gcc
# (and the sanitizers when SANITIZE is set); `make fuzz` runs libFuzzer.
$(BUILD)/fuzz/replay_%: fuzz/fuzz_%.c fuzz/standalone.c $(LIB_OBJ)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -Isrc -o $@ $(filter %.c %.o,$^) $(PKG_LIBS) $(LDFLAGS)

FUZZ_TARGETS = fm tpl entry url svg
FUZZ_SECONDS ?= 60
print-fuzz-targets:
	@echo $(FUZZ_TARGETS)

fuzz:
	$(MAKE) BUILD=build-fuzz CC=clang SANITIZE=fuzzer-no-link,address,undefined \
		$(FUZZ_TARGETS:%=build-fuzz/fuzz/libfuzzer_%)
	@for t in $(FUZZ_TARGETS); do \
		mkdir -p build-fuzz/corpus-$$t && \
		build-fuzz/fuzz/libfuzzer_$$t -max_total_time=$(FUZZ_SECONDS) \
			-max_len=16384 -timeout=25 -print_final_stats=1 \
			-artifact_prefix=build-fuzz/crash-$$t- \
			build-fuzz/corpus-$$t fuzz/corpus/$$t || exit 1; \
	done

$(BUILD)/fuzz/libfuzzer_%: fuzz/fuzz_%.c $(LIB_OBJ)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -fsanitize=fuzzer -Isrc -o $@ $(filter %.c %.o,$^) $(PKG_LIBS)

site: ocop
	./ocop build

$(BUILD)/%.o: %.c
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -c -o $@ $<

# The default theme is compiled into the binary, so a DARD's repository
# needs no themes/ folder.
$(BUILD)/tools/embed: tools/embed.c
	@mkdir -p $(dir $@)
	$(CC) -std=c11 -O1 $(WARN) -o $@ $<

# The floor bench/run.sh measures beside each build: writing the same
# files with the same bytes, and nothing else.
$(BUILD)/tools/floor: tools/floor.c
	@mkdir -p $(dir $@)
	$(CC) -std=c11 -D_GNU_SOURCE -O2 $(WARN) -o $@ $<

bench: $(BUILD)/ocop $(BUILD)/tools/floor
	@FLOOR=$(BUILD)/tools/floor sh bench/run.sh $(BUILD)/ocop

$(BUILD)/gen/theme_default.c: $(BUILD)/tools/embed $(THEME_FILES)
	@mkdir -p $(dir $@)
	$(BUILD)/tools/embed theme_default themes/default $(THEME_FILES) > $@.tmp && mv $@.tmp $@

$(BUILD)/gen/data_schema.c: $(BUILD)/tools/embed $(SCHEMA_FILES)
	@mkdir -p $(dir $@)
	$(BUILD)/tools/embed data_schema schema $(SCHEMA_FILES) > $@.tmp && mv $@.tmp $@

$(BUILD)/gen/embed_script.c: $(BUILD)/tools/embed $(EMBED_SCRIPT)
	@mkdir -p $(dir $@)
	$(BUILD)/tools/embed embed_script js $(EMBED_SCRIPT) > $@.tmp && mv $@.tmp $@

# The message catalogues, one file per language (messages/README.md),
# are compiled in too: adding a language is adding a file.
$(BUILD)/tools/msgcat: tools/msgcat.c
	@mkdir -p $(dir $@)
	$(CC) -std=c11 -O1 $(WARN) -o $@ $<

$(BUILD)/gen/messages.c: $(BUILD)/tools/msgcat $(MESSAGE_FILES)
	@mkdir -p $(dir $@)
	$(BUILD)/tools/msgcat $(MESSAGE_FILES) > $@.tmp && mv $@.tmp $@

$(BUILD)/gen/%.o: $(BUILD)/gen/%.c
	$(CC) $(CFLAGS) -Isrc -c -o $@ $<

# fixture.c (the shared set-up, tests/unit/fixture.h) goes into every
# test binary, model_fixture.c into MODEL_TESTS' and load_fixture.c into
# LOAD_TESTS' (below); none is a test, so UNIT_SRC never lists them.
# gcc writes the -MMD file of each .c to the same $@.d, the last one
# winning: the test's own .c comes last so that its headers are the
# ones tracked.
$(BUILD)/tests/test_%: tests/unit/fixture.c tests/unit/fixture.h \
		tests/unit/test_%.c $(LIB_OBJ)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -Isrc -o $@ $(filter-out tests/unit/test_%.c,$(filter %.c,$^)) \
		$(filter tests/unit/test_%.c,$^) $(filter %.o,$^) $(PKG_LIBS) \
		$(shell pkg-config --cflags --libs cmocka) $(LDFLAGS)

# The tests of src/model/ that read entries share one more set-up.
MODEL_TESTS = catalog date entry image read site
$(MODEL_TESTS:%=$(BUILD)/tests/test_%): tests/unit/model_fixture.c \
		tests/unit/model_fixture.h

# test_cmd runs the commands themselves, so it links them too (not
# main.o, which has a main() of its own).
$(BUILD)/tests/test_cmd: $(CMD_SRC:%.c=$(BUILD)/%.o)

# The tests of src/load/ that build git repositories share another, and
# so do the tests of src/model/ that read a history (links, timeline).
LOAD_TESTS = cache history hook links loose packorder photocache source \
	tags timeline
$(LOAD_TESTS:%=$(BUILD)/tests/test_%): tests/unit/load_fixture.c \
		tests/unit/load_fixture.h

unit: $(UNIT_BIN)
	@sh tests/run-unit.sh $(UNIT_BIN)

test: deps ocop
	@sh tests/run-all.sh

e2e: ocop
	@sh tests/e2e/run.sh

# House-style checks (tests/lint.sh): include order (R1), and no mutable
# globals (R9), read from the objects, so those are built first.
lint: $(LIB_OBJ) $(MAIN_OBJ)
	@BUILD=$(BUILD) sh tests/lint.sh

regen-golden: ocop
	@REGEN=1 sh tests/e2e/run.sh

install: ocop
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(PREFIX)/share/ocop/themes
	install -m 755 ocop $(DESTDIR)$(PREFIX)/bin/ocop
	cp -R themes/default $(DESTDIR)$(PREFIX)/share/ocop/themes/

clean:
	rm -rf build build-san build-tsan build-fuzz ocop

-include $(shell find $(BUILD) -name '*.d' 2>/dev/null)
