# armguest — Xen on Arm64 guest toolstack component.
#
# make                  build build/armguest (-Werror on; WERROR=0 for packagers)
# make test             unit, CLI, golden and differential tests (installs missing
#                       Debian packages first; DEPS=0 to skip)
# make test SAN=1       the same under ASan+UBSan (objects in build-san/)
# make test-svg         explain's SVG memory maps measured in headless Chromium
# make install          PREFIX=/usr/local DESTDIR=
# make CROSS_COMPILE=aarch64-linux-gnu- SYSROOT=...   cross build (see docs/building.md)
# make XEN=...          the Xen release to build for: 0 (none), 4.17, 4.20, or 1 (default:
#                       the release of the installed libxen, or SYSROOT's)
#
# User CFLAGS/LDFLAGS/CPPFLAGS are honoured and appended to, never replaced.

PREFIX  ?= /usr/local
BINDIR  ?= $(PREFIX)/bin
# Where `armguest qemu` looks for its boot rig (LIBEXECDIR/tests/boot/qemu-run.sh) and the
# static arm64 armguest per release (LIBEXECDIR/aarch64-xenREL/armguest) when it is not run
# from a source tree (docs/ci-boot.md; make install-rig); packages put them in /usr/lib/armguest.
LIBEXECDIR ?= $(PREFIX)/lib/armguest
DESTDIR ?=
CROSS_COMPILE ?=
ifeq ($(origin CC),default)
CC := $(CROSS_COMPILE)gcc
endif
PKG_CONFIG ?= pkg-config
WERROR  ?= 1
SAN     ?=
XEN     ?= 1
SYSROOT ?=

BUILD ?= build
ifeq ($(SAN),1)
BUILD := build-san
endif

AG_CPPFLAGS := -I. -Iinclude -D_GNU_SOURCE -DAG_LIBEXECDIR='"$(LIBEXECDIR)"'
AG_CFLAGS   := -std=gnu11 -Wall -Wextra -Wshadow -Wformat=2 -Wmissing-prototypes -O2 -g
AG_LDFLAGS  :=
ifeq ($(WERROR),1)
AG_CFLAGS += -Werror
endif
ifeq ($(SAN),1)
AG_CFLAGS  += -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all
AG_LDFLAGS += -fsanitize=address,undefined
endif
ifneq ($(SYSROOT),)
AG_CFLAGS  += --sysroot=$(SYSROOT) -isystem $(SYSROOT)/usr/include
AG_LDFLAGS += --sysroot=$(SYSROOT) -static
endif

LIBS_CORE := -lfdt -ljansson -lz
comma := ,
space := $(subst ,, )

# The Xen releases (ci/xen-releases.sh holds the table).  XEN=1 means the release of the libxen
# built against, from xencontrol.pc ("4.17.0"; SYSROOT's for a cross build), found only when
# something is compiled; ci/check-deps.sh stops the build when the libxen found is not the
# release XEN names.  The binary speaks only that release's domctl interface (cli/version.h).
XEN_RELEASES := $(shell ci/xen-releases.sh list)
ifeq ($(filter 0 1 $(XEN_RELEASES),$(XEN)),)
$(error XEN=$(XEN) is not a Xen release armguest builds for: use XEN=0 (no Xen), XEN=1 (the installed libxen's release), XEN=$(subst $(space),$(comma) XEN=,$(XEN_RELEASES)))
endif
XEN_PC_DIRS = $(wildcard $(SYSROOT)/usr/lib/*-linux-gnu/pkgconfig $(SYSROOT)/usr/share/pkgconfig)
XEN_PC_ENV = $(if $(SYSROOT),PKG_CONFIG_SYSROOT_DIR=$(SYSROOT) \
	PKG_CONFIG_LIBDIR=$(subst $(space),:,$(strip $(XEN_PC_DIRS))))
# Evaluated once, on first use.
XEN_FOUND = $(eval XEN_FOUND := $(shell $(XEN_PC_ENV) $(PKG_CONFIG) --modversion xencontrol \
	2>/dev/null | cut -d. -f1,2))$(XEN_FOUND)
XEN_RELEASE = $(if $(filter 1,$(XEN)),$(XEN_FOUND),$(filter-out 0,$(XEN)))

ifneq ($(XEN),0)
XEN_CPPFLAGS = -DAG_HAVE_XEN=1 -DAG_XEN_TARGET='"$(XEN_RELEASE)"'
# Static links (SYSROOT=) need every archive after the ones using it: xenstore needs
# xentoolcore, xenhypfs needs xencall and xentoollog, xenguest needs zlib.
LIBS_XEN := -lxenguest -lxenctrl -lxenstore -lxenhypfs -lxenforeignmemory -lxendevicemodel \
	-lxengnttab -lxenevtchn -lxencall -lxentoollog -lxentoolcore
ifneq ($(SYSROOT),)
# libxenguest's kernel loaders register themselves from constructors that nothing calls by
# name: a plain static link drops them and every kernel is "Invalid kernel".
LIBS_XEN := $(patsubst -lxenguest,-Wl$(comma)--whole-archive -lxenguest -Wl$(comma)--no-whole-archive,$(LIBS_XEN))
LIBS_XEN += -lz -llzma -lzstd -lbz2
endif
endif
LIBS := $(LIBS_XEN) $(LIBS_CORE)

ALL_CFLAGS  = $(AG_CPPFLAGS) $(XEN_CPPFLAGS) $(CPPFLAGS) $(AG_CFLAGS) $(CFLAGS)
ALL_LDFLAGS = $(AG_LDFLAGS) $(LDFLAGS)

CORE_SRCS := $(sort $(wildcard common/*.c xl-parse/*.c platform/*.c fdt/*.c plan/*.c))
# arm/ talks to Xen only through the xenops seam; the console (xen/io/console.h)
# and the real seam need Xen's headers and libraries.  The rest (create's plan
# and dry run, the creation stages) builds without.
ARM_XEN_SRCS := $(wildcard arm/console*.c) arm/xenops_real.c
ARM_SRCS  := $(filter-out $(ARM_XEN_SRCS),$(sort $(wildcard arm/*.c)))
ifneq ($(XEN),0)
ARM_SRCS  += $(ARM_XEN_SRCS)
endif
CLI_SRCS  := $(sort $(wildcard cli/*.c))
CORE_OBJS := $(CORE_SRCS:%.c=$(BUILD)/obj/%.o)
ARM_OBJS  := $(ARM_SRCS:%.c=$(BUILD)/obj/%.o)
CLI_OBJS  := $(CLI_SRCS:%.c=$(BUILD)/obj/%.o)
LIB_OBJS  := $(CORE_OBJS) $(ARM_OBJS)

UNIT_SRCS := $(sort $(wildcard tests/unit/test_*.c))
UNIT_BINS := $(UNIT_SRCS:tests/unit/%.c=$(BUILD)/tests/%)
TEST_HELPER_SRCS := $(sort $(wildcard tests/helpers/*.c))
TEST_HELPER_BINS := $(TEST_HELPER_SRCS:tests/helpers/%.c=$(BUILD)/tests/%)

.PHONY: all test unit-tests install clean check-deps check-deps-test FORCE
all: $(BUILD)/armguest

# The release built for, in a file that changes only when it does: switching XEN= in the same
# build directory recompiles everything instead of mixing two releases' objects.
XEN_STAMP := $(BUILD)/obj/xen-release
# (After check-deps: a build stopped for the wrong libxen leaves the record as it was.)
$(XEN_STAMP): FORCE | check-deps
	@mkdir -p $(dir $@)
	@r='xen=$(or $(XEN_RELEASE),none)'; [ "$$(cat $@ 2>/dev/null)" = "$$r" ] || echo "$$r" > $@

# Before compiling anything: are the libraries there?  One line naming what is missing and how
# to install it, instead of a compiler error in the first file (ci/check-deps.sh).
DEPS_ENV = CC="$(CC)" PKG_CONFIG="$(PKG_CONFIG)" XEN="$(XEN)" SYSROOT="$(SYSROOT)"
check-deps:
	@$(DEPS_ENV) ci/check-deps.sh
check-deps-test:
	@$(DEPS_ENV) ci/check-deps.sh test

$(BUILD)/armguest: $(CLI_OBJS) $(LIB_OBJS)
	$(CC) $(ALL_CFLAGS) -o $@ $^ $(ALL_LDFLAGS) $(LIBS)

$(BUILD)/obj/%.o: %.c $(XEN_STAMP) | check-deps
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -MMD -MP -c -o $@ $<

$(BUILD)/tests/test_%: tests/unit/test_%.c $(LIB_OBJS) $(XEN_STAMP) | check-deps-test
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -Itests -o $@ $< $(LIB_OBJS) $(ALL_LDFLAGS) $(LIBS) -lcmocka

# Programs the test scripts use (they may link the real libxlutil).
$(BUILD)/tests/%: tests/helpers/%.c $(LIB_OBJS)
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -Itests -o $@ $< $(LIB_OBJS) $(ALL_LDFLAGS) $(LIBS) \
		$(if $(filter xlu-%,$*),-lxlutil -lxenlight)

unit-tests: $(UNIT_BINS) $(TEST_HELPER_BINS)

# `make test` first installs the Debian packages the tests need when some are missing
# (ci/install-deps.sh: apt-get, as root or through sudo); DEPS=0 skips that, e.g. in a
# packager's build chroot that already has them.
DEPS ?= 1
test:
ifeq ($(DEPS),1)
	@ci/install-deps.sh test
endif
	@$(MAKE) --no-print-directory all unit-tests
	BUILD=$(BUILD) SAN=$(SAN) tests/run.sh

# `make test-svg`: the SVG memory maps of `armguest explain`, their labels measured in headless
# Chromium (tests/svg/test-svg.sh; not part of `make test`: Chromium is a large install).
.PHONY: test-svg
test-svg:
ifeq ($(DEPS),1)
	@ci/install-deps.sh svg
endif
	@$(MAKE) --no-print-directory all
	BUILD=$(BUILD) tests/svg/test-svg.sh

install: all
	install -d $(DESTDIR)$(BINDIR)
	install -m 0755 $(BUILD)/armguest $(DESTDIR)$(BINDIR)/armguest

# The boot rig of `armguest qemu` under LIBEXECDIR, laid out as in the source tree (its scripts
# find each other that way), with the static arm64 armguest of each release built here.
RIG_SCRIPTS := $(addprefix tests/boot/,qemu-run.sh boot-xen.sh dom0-qemu.sh dom0-init.sh \
	dom0-lib.sh fetch.sh guest-lib.sh check-lib.sh guest-init.sh)
.PHONY: install-rig
install-rig:
	install -d $(DESTDIR)$(LIBEXECDIR)/ci $(DESTDIR)$(LIBEXECDIR)/tests/boot
	install -m 0644 ci/cache.sh $(DESTDIR)$(LIBEXECDIR)/ci/
	install -m 0755 $(RIG_SCRIPTS) $(DESTDIR)$(LIBEXECDIR)/tests/boot/
	@for r in $(XEN_RELEASES); do b=build/aarch64-xen$$r/armguest; \
		if [ -x $$b ]; then install -D -m 0755 $$b $(DESTDIR)$(LIBEXECDIR)/aarch64-xen$$r/armguest; \
		else echo "install-rig: no $$b (make cross XEN=$$r): armguest qemu --xen $$r needs it"; fi; done

clean:
	rm -rf build build-san

-include $(shell find $(BUILD)/obj -name '*.d' 2>/dev/null)

# --- Fuzzing (docs/fuzzing.md) ---------------------------------------------
# make fuzz-build        libFuzzer harnesses (clang, ASan+UBSan) in build-fuzz/
# make fuzz              run each for FUZZ_SECONDS (default 300), one at a time,
#                        stopping at the first finding; prints executions
# The same harnesses are also built with $(CC) and fuzz/replay.c into
# $(BUILD)/fuzz/replay_NAME, which tests/t-regress.sh runs over the recorded
# findings (tests/regress/) and the seed corpora.
FUZZ_CC      ?= clang
FUZZ_SECONDS ?= 300
# FUZZ_LIBFDT_SRC=DIR: compile libfdt from DIR (the libfdt/ sources of the
# installed version) with the harnesses' instrumentation instead of linking
# the system library, so the fuzzer sees libfdt's branches and ASan checks
# its memory accesses (docs/fuzzing.md).  Built in build-fuzz-libfdt/.
# (fdt_property_empty passes memcpy a NULL source for 0 bytes: not checked.)
FUZZ_LIBFDT_SRC ?=
FUZZ_BUILD   := build-fuzz$(if $(FUZZ_LIBFDT_SRC),-libfdt)
FUZZ_NAMES   := $(patsubst fuzz/fuzz_%.c,%,$(sort $(wildcard fuzz/fuzz_*.c)))
FUZZ_CFLAGS  := $(AG_CPPFLAGS) -std=gnu11 -Wall -Wextra -g -O1 -fno-omit-frame-pointer \
	-fsanitize=address,undefined -fno-sanitize-recover=all
FUZZ_OBJS    := $(CORE_SRCS:%.c=$(FUZZ_BUILD)/obj/%.o)
ifneq ($(FUZZ_LIBFDT_SRC),)
FUZZ_CFLAGS  += -I$(FUZZ_LIBFDT_SRC)
FUZZ_OBJS    += $(patsubst $(FUZZ_LIBFDT_SRC)/%.c,$(FUZZ_BUILD)/libfdt/%.o,\
	$(wildcard $(FUZZ_LIBFDT_SRC)/fdt*.c))
FUZZ_LIBS    := $(filter-out -lfdt,$(LIBS_CORE))
else
FUZZ_LIBS    := $(LIBS_CORE)
endif
FUZZ_BINS    := $(FUZZ_NAMES:%=$(FUZZ_BUILD)/fuzz_%)
REPLAY_BINS  := $(FUZZ_NAMES:%=$(BUILD)/fuzz/replay_%)

.PHONY: fuzz fuzz-build
.SECONDARY: $(FUZZ_OBJS)
fuzz-build: $(FUZZ_BINS)

fuzz: fuzz-build
	FUZZ_BUILD=$(FUZZ_BUILD) FUZZ_SECONDS=$(FUZZ_SECONDS) fuzz/run.sh $(FUZZ_NAMES)

$(FUZZ_BUILD)/obj/%.o: %.c
	@mkdir -p $(dir $@)
	$(FUZZ_CC) $(FUZZ_CFLAGS) -fsanitize=fuzzer-no-link $(CPPFLAGS) $(CFLAGS) -MMD -MP -c -o $@ $<

$(FUZZ_BUILD)/libfdt/%.o: $(FUZZ_LIBFDT_SRC)/%.c
	@mkdir -p $(dir $@)
	$(FUZZ_CC) $(FUZZ_CFLAGS) -fsanitize=fuzzer-no-link -fno-sanitize=nonnull-attribute -w -c -o $@ $<

$(FUZZ_BUILD)/fuzz_%: fuzz/fuzz_%.c fuzz/fuzz_util.h $(FUZZ_OBJS)
	$(FUZZ_CC) $(FUZZ_CFLAGS) -fsanitize=fuzzer $(CPPFLAGS) $(CFLAGS) -o $@ $< \
		$(FUZZ_OBJS) $(LDFLAGS) $(FUZZ_LIBS)

$(BUILD)/fuzz/replay_%: fuzz/fuzz_%.c fuzz/replay.c fuzz/fuzz_util.h $(CORE_OBJS)
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -o $@ $< fuzz/replay.c $(CORE_OBJS) $(ALL_LDFLAGS) $(LIBS_CORE)

unit-tests: $(REPLAY_BINS)

clean: clean-fuzz
.PHONY: clean-fuzz
clean-fuzz:
	rm -rf build-fuzz build-fuzz-libfdt

-include $(shell find $(FUZZ_BUILD)/obj -name '*.d' 2>/dev/null)

# ---- cross build, boot test, demo (docs/building.md, docs/testing.md, docs/demo.md) ----
# make cross       static arm64 build/aarch64-xenREL/armguest for Xen REL, from a sysroot of the
#                  arm64 packages of the Debian release that ships REL (ci/sysroot.sh --xen REL;
#                  CROSS_SYSROOT= to put it elsewhere).  REL: XEN=4.17 or XEN=4.20; default (and
#                  XEN=1) the host's Debian release's (12: 4.17, 13: 4.20).  build/aarch64/armguest
#                  links to the default release's binary.
# make cross-test  the offline tests again with that arm64 binary, under qemu-user
# make boot-test   Xen under QEMU, armguest creating guests in dom0 (BOOT_GICS="3 2")
# make demo        boot Xen under QEMU and start examples/hello.cfg with `armguest create -c`
# make qemu-test   `armguest qemu` on a config written by the test: --expect passes on Xen 4.17
#                  (via armguest and xl), and an --expect that never comes fails with exit 1
#                  and a JUnit failure on Xen 4.20 (tests/boot/qemu-test.sh; two boots)
# make dom0less-test  `armguest dom0less` on examples/dom0less-*.cfg, booted by Xen under QEMU:
#                  U-Boot on GICv3 with no dom0 and on GICv2 with a dom0, and QEMU's direct
#                  path (tests/boot/dom0less-test.sh; D0L_CASES="v3 v2-dom0 direct")
# XEN=4.20        (or BOOT_XEN=4.20) the Xen release boot-test and demo boot: 4.17 (Debian 12)
#                  or 4.20 (Debian 13); default this host's Debian release's
# The host's release (ci/xen-releases.sh default), evaluated once, on first use.
HOST_XEN       = $(eval HOST_XEN := $(shell ci/xen-releases.sh default))$(HOST_XEN)
CROSS_XEN      = $(if $(filter $(XEN_RELEASES),$(XEN)),$(XEN),$(HOST_XEN))
CROSS_BUILD    = build/aarch64-xen$(CROSS_XEN)
CROSS_BIN      = $(CROSS_BUILD)/armguest
CROSS_SYSROOT ?= build/sysroot-aarch64-xen$(CROSS_XEN)
CROSS_PREFIX  ?= aarch64-linux-gnu-
BOOT_GICS     ?= 3 2
BOOT_XEN      ?=

# make goldens        regenerate the golden trees from the real `xl create` under QEMU
#                     (GOLDENS="NAME..." for some; GOLDENS_OUT=tests/golden to replace them;
#                     default output build/goldens; one boot per board, several minutes)
# make goldens-check  one booting and one refused golden per Xen release regenerated and
#                     compared with tests/golden and tests/golden-4.20 (CI runs it;
#                     GOLDENS_CHECK_XEN=4.20 for one release)
# GOLDENS_XEN=4.20    the 4.20 goldens (tests/golden-4.20; output build/goldens-4.20)
GOLDENS     ?=
GOLDENS_XEN ?=
GOLDENS_OUT ?= $(if $(filter-out 4.17,$(GOLDENS_XEN)),build/goldens-$(GOLDENS_XEN),build/goldens)
GOLDENS_CHECK_XEN ?=

.PHONY: cross cross-test boot-test demo goldens goldens-check dom0less-test qemu-test
cross:
	@[ "$(XEN)" != 0 ] || { echo "make cross: the cross build is for a Xen release:" \
		"XEN=$(subst $(space), or XEN=,$(XEN_RELEASES)), or XEN=1 for this host's" >&2; exit 2; }
	@[ -n "$(CROSS_XEN)" ] || { echo "make cross: this host is not Debian 12 or 13, so it has" \
		"no default Xen release: say XEN=$(subst $(space), or XEN=,$(XEN_RELEASES))" >&2; exit 2; }
	ci/sysroot.sh --xen $(CROSS_XEN) $(CROSS_SYSROOT)
	$(MAKE) CROSS_COMPILE=$(CROSS_PREFIX) CC=$(CROSS_PREFIX)gcc XEN=$(CROSS_XEN) \
		SYSROOT=$(abspath $(CROSS_SYSROOT)) BUILD=$(CROSS_BUILD) SAN= $(CROSS_BIN)
	@ci/check-cross.sh $(CROSS_BIN) $(CROSS_XEN)
	@if [ "$(CROSS_XEN)" = "$(HOST_XEN)" ]; then mkdir -p build/aarch64 && \
		ln -sfn ../aarch64-xen$(CROSS_XEN)/armguest build/aarch64/armguest && \
		echo "cross: build/aarch64/armguest -> $(CROSS_BIN) (this host's release)"; fi

# The offline tests with the arm64 binary, under qemu-user (tests/cross-test.sh).  The test
# helpers they run are native, built for this machine's own libxen (XEN=1) whichever release
# the arm64 binary is for.
cross-test: cross
	@$(MAKE) --no-print-directory XEN=1 all unit-tests
	BUILD=$(BUILD) CROSS_BIN=$(CROSS_BIN) tests/cross-test.sh

# The release booted: BOOT_XEN, else XEN= when it names one, else this host's.  The native
# build (armguest dtb, for the expected trees) is this host's own (XEN=1) whatever is booted.
BOOT_REL = $(or $(BOOT_XEN),$(CROSS_XEN))
boot-test:
	@$(MAKE) --no-print-directory XEN=1 all
	@$(MAKE) --no-print-directory cross XEN=$(BOOT_REL)
	BOOT_XEN=$(BOOT_REL) tests/boot/boot-test.sh $(BOOT_GICS)

# Only the native armguest runs: the guests are built by Xen itself at boot.
D0L_CASES ?=
dom0less-test:
ifeq ($(DEPS),1)
	@ci/install-deps.sh boot
endif
	@$(MAKE) --no-print-directory XEN=1 all
	BOOT_XEN=$(BOOT_REL) ARMGUEST=$(BUILD)/armguest tests/boot/dom0less-test.sh $(D0L_CASES)

demo:
	@ci/install-deps.sh boot
	@$(MAKE) --no-print-directory XEN=1 all
	@$(MAKE) --no-print-directory cross XEN=$(BOOT_REL)
	@BOOT_XEN=$(BOOT_REL) tests/boot/demo.sh

# The command runs natively and copies each release's static arm64 armguest into dom0.
qemu-test:
ifeq ($(DEPS),1)
	@ci/install-deps.sh boot
endif
	@$(MAKE) --no-print-directory XEN=1 all
	@$(MAKE) --no-print-directory cross XEN=4.17
	@$(MAKE) --no-print-directory cross XEN=4.20
	tests/boot/qemu-test.sh

# Only the real xl runs in these boots: nothing of armguest is built.
goldens:
ifeq ($(DEPS),1)
	@ci/install-deps.sh boot
endif
	GOLDENS_XEN=$(GOLDENS_XEN) GOLDENS_OUT=$(GOLDENS_OUT) tests/boot/goldens.sh $(GOLDENS)

goldens-check:
ifeq ($(DEPS),1)
	@ci/install-deps.sh boot
endif
	tests/boot/goldens-check.sh $(GOLDENS_CHECK_XEN)

# --- bench/ (docs/performance.md): not part of `make test` ----------------------------------
# make bench          armguest, xl and the floor creating the same guests, one boot per release
#                     (BENCH_XEN="4.17 4.20"; BENCH_ROUNDS=5); table + build/bench/stages.svg
# make bench-insn     `armguest dtb`'s instructions against the libxlutil reader (callgrind;
#                     no boot, CI runs it)
# make bench-floor    the floor probe for one release, static arm64 (XEN=4.17|4.20), beside
#                     that release's `make cross` binary
.PHONY: bench bench-insn bench-floor
BENCH_XEN ?= 4.17 4.20
bench:
ifeq ($(DEPS),1)
	@ci/install-deps.sh boot
endif
	bench/run.sh $(BENCH_XEN)

bench-insn: $(BUILD)/armguest $(BUILD)/bench/reader
	bench/insn.sh $(BUILD)/armguest $(BUILD)/bench/reader

# The peer reads the config through the real libxlutil and nothing else.
$(BUILD)/bench/reader: bench/reader.c | check-deps-test
	@mkdir -p $(dir $@)
	$(CC) $(AG_CPPFLAGS) $(CPPFLAGS) $(AG_CFLAGS) $(CFLAGS) -o $@ $< $(LDFLAGS) -lxlutil

bench-floor:
	ci/sysroot.sh --xen $(CROSS_XEN) $(CROSS_SYSROOT)
	$(MAKE) CROSS_COMPILE=$(CROSS_PREFIX) CC=$(CROSS_PREFIX)gcc XEN=$(CROSS_XEN) \
		SYSROOT=$(abspath $(CROSS_SYSROOT)) BUILD=$(CROSS_BUILD) SAN= $(CROSS_BUILD)/floor

$(BUILD)/floor: bench/floor.c $(XEN_STAMP) | check-deps
	$(CC) $(ALL_CFLAGS) -o $@ $< $(ALL_LDFLAGS) $(LIBS_XEN)
