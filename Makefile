# armguest — Xen on Arm64 guest toolstack component.
#
# make                  build build/armguest (-Werror on; WERROR=0 for packagers)
# make test             unit, CLI, golden and differential tests (installs missing
#                       Debian packages first; DEPS=0 to skip)
# make test SAN=1       the same under ASan+UBSan (objects in build-san/)
# make test-svg         explain's SVG memory maps measured in headless Chromium
# make install          PREFIX=/usr/local DESTDIR= (and BINDIR LIBDIR INCLUDEDIR MANDIR
#                       PKGCONFIGDIR); make uninstall removes exactly what it installed
# make CROSS_COMPILE=aarch64-linux-gnu- SYSROOT=...   cross build (see docs/building.md);
#                       STATIC=1 for a fully static binary (make cross does)
# make XEN=...          the Xen release to build for: 0 (none), 4.17, 4.20, or 1 (default:
#                       the release of the installed libxen, or SYSROOT's)
#
# User CFLAGS/LDFLAGS/CPPFLAGS are honoured and appended to, never replaced.

PREFIX  ?= /usr/local
BINDIR  ?= $(PREFIX)/bin
# libarmguest: LIBDIR may be multiarch (LIBDIR=/usr/lib/x86_64-linux-gnu); the binary finds
# its Xen commands module in LIBDIR/armguest/, so LIBDIR is fixed when compiling.
LIBDIR  ?= $(PREFIX)/lib
INCLUDEDIR ?= $(PREFIX)/include
MANDIR  ?= $(PREFIX)/share/man
PKGCONFIGDIR ?= $(LIBDIR)/pkgconfig
# Where `armguest qemu` looks for its boot rig (LIBEXECDIR/tests/boot/qemu-run.sh) and the
# static arm64 armguest per release (LIBEXECDIR/aarch64-xenREL/armguest) when it is not run
# from a source tree (docs/ci-boot.md; make install-rig); packages put them in /usr/lib/armguest.
LIBEXECDIR ?= $(PREFIX)/lib/armguest
DESTDIR ?=
CROSS_COMPILE ?=
ifeq ($(origin CC),default)
CC := $(CROSS_COMPILE)gcc
endif
ifeq ($(origin AR),default)
AR := $(CROSS_COMPILE)ar
endif
# STATIC=1: one fully static binary, the Xen commands linked in (no module, no shared
# libraries); the libraries are then built as .a only.  SYSROOT= only sets the sysroot.
STATIC  ?= 0
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
AG_LDFLAGS += --sysroot=$(SYSROOT)
endif
# Every object may go into a shared library (position-independent), and only the API the
# libraries' version scripts list is visible outside them (api/api_internal.h AG_EXPORT).
AG_CFLAGS += -fvisibility=hidden
ifeq ($(STATIC),1)
AG_LDFLAGS += -static
else
AG_CFLAGS += -fPIC
endif

# libarmguest needs libfdt and zlib (gzip'd kernels); the command adds jansson (--json).
LIBS_LIB  := -lfdt -lz
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
ifeq ($(STATIC),1)
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
# cli/cmd_domain.c is the hypervisor commands (cli/xen_commands.h): in the binary when
# STATIC=1, else in the module armguest-xen-commands.so; not built without Xen.
CLI_XEN_SRCS := cli/cmd_domain.c
CLI_SRCS  := $(filter-out $(CLI_XEN_SRCS),$(sort $(wildcard cli/*.c)))
ifneq ($(XEN),0)
ifeq ($(STATIC),1)
CLI_SRCS  += $(CLI_XEN_SRCS)
endif
endif
CORE_OBJS := $(CORE_SRCS:%.c=$(BUILD)/obj/%.o)
ARM_OBJS  := $(ARM_SRCS:%.c=$(BUILD)/obj/%.o)
CLI_OBJS  := $(CLI_SRCS:%.c=$(BUILD)/obj/%.o)
LIB_OBJS  := $(CORE_OBJS) $(ARM_OBJS)
# What the binary links: the core, the Xen-free part of arm/ (create -n), the commands.
ARM_DRY_OBJS := $(filter-out $(ARM_XEN_SRCS:%.c=$(BUILD)/obj/%.o),$(ARM_OBJS))
ifeq ($(STATIC),1)
CLI_LINK_OBJS := $(CLI_OBJS) $(LIB_OBJS)
CLI_LINK_LIBS := $(LIBS)
else
CLI_LINK_OBJS := $(CLI_OBJS) $(CORE_OBJS) $(ARM_DRY_OBJS)
CLI_LINK_LIBS := $(LIBS_CORE)
endif

UNIT_SRCS := $(sort $(wildcard tests/unit/test_*.c))
UNIT_BINS := $(UNIT_SRCS:tests/unit/%.c=$(BUILD)/tests/%)
TEST_HELPER_SRCS := $(sort $(wildcard tests/helpers/*.c))
TEST_HELPER_BINS := $(TEST_HELPER_SRCS:tests/helpers/%.c=$(BUILD)/tests/%)

.PHONY: all test unit-tests install uninstall clean check-deps check-deps-test FORCE
all: $(BUILD)/armguest

# The release built for, in a file that changes only when it does: switching XEN= in the same
# build directory recompiles everything instead of mixing two releases' objects.  STATIC= (PIC
# or not) likewise.
XEN_STAMP := $(BUILD)/obj/xen-release
# (After check-deps: a build stopped for the wrong libxen leaves the record as it was.)
$(XEN_STAMP): FORCE | check-deps
	@mkdir -p $(dir $@)
	@r='xen=$(or $(XEN_RELEASE),none) static=$(STATIC)'; \
		[ "$$(cat $@ 2>/dev/null)" = "$$r" ] || echo "$$r" > $@

# Before compiling anything: are the libraries there?  One line naming what is missing and how
# to install it, instead of a compiler error in the first file (ci/check-deps.sh).
DEPS_ENV = CC="$(CC)" PKG_CONFIG="$(PKG_CONFIG)" XEN="$(XEN)" SYSROOT="$(SYSROOT)"
check-deps:
	@$(DEPS_ENV) ci/check-deps.sh
check-deps-test:
	@$(DEPS_ENV) ci/check-deps.sh test

$(BUILD)/armguest: $(CLI_LINK_OBJS)
	$(CC) $(ALL_CFLAGS) -o $@ $^ $(ALL_LDFLAGS) $(CLI_LINK_LIBS)

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

# The boot rig of `armguest qemu` under LIBEXECDIR, laid out as in the source tree (its scripts
# find each other that way), with the static arm64 armguest of each release built here.
RIG_SCRIPTS := $(addprefix tests/boot/,qemu-run.sh boot-xen.sh dom0-qemu.sh dom0-init.sh \
	dom0-lib.sh fetch.sh guest-lib.sh check-lib.sh guest-init.sh qemu-dom0less.sh)
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

# ---- libarmguest, libarmguest-xen, the Xen commands module, install (docs/library.md) ----
# libarmguest      parse, type policy, tree (api/api.c + the core); needs libfdt and zlib only
# libarmguest-xen  domain creation (api/api_xen.c + arm/); links the release's libxen
# Each as .a and as .so.$(ABI_MAJOR) with a soname, exporting exactly api/NAME.map's list
# (tests/t-abi.sh compares what is exported with abi/NAME.symbols).  The .so of
# libarmguest-xen holds its own hidden copy of the core objects, so it needs no internal
# symbol of libarmguest.so.  The armguest binary links the objects themselves (its internal
# API is wider than the public one) and, unless STATIC=1, opens armguest-xen-commands.so only
# for the commands that need a hypervisor (cli/xen_commands.h).
AG_VERSION   := $(shell sed -n 's/^\#define AG_VERSION "\(.*\)"/\1/p' cli/version.h)
ABI_MAJOR    := 0
API_OBJ      := $(BUILD)/obj/api/api.o
API_XEN_OBJ  := $(BUILD)/obj/api/api_xen.o
LIB_A        := $(BUILD)/libarmguest.a
LIB_SO       := $(BUILD)/libarmguest.so.$(AG_VERSION)
XLIB_A       := $(BUILD)/libarmguest-xen.a
XLIB_SO      := $(BUILD)/libarmguest-xen.so.$(AG_VERSION)
XEN_MODULE   := $(BUILD)/armguest-xen-commands.so
PC_FILES     := $(BUILD)/armguest.pc $(if $(filter 0,$(XEN)),,$(BUILD)/armguest-xen.pc)
MAN_PAGES    := man/armguest.1 man/armguest-xlcfg.5
HEADERS      := include/armguest/armguest.h $(if $(filter 0,$(XEN)),,include/armguest/armguest-xen.h)
MODULE_DIR   := $(LIBDIR)/armguest
# What knows the install directories: cli/xen_commands.c (where the module is) and the .pc
# files; a change of PREFIX, LIBDIR or INCLUDEDIR remakes them (recorded in DIRS_STAMP like the
# release in XEN_STAMP).
DIRS_STAMP := $(BUILD)/obj/install-dirs
$(DIRS_STAMP): FORCE
	@mkdir -p $(dir $@)
	@r='$(PREFIX) $(LIBDIR) $(INCLUDEDIR)'; [ "$$(cat $@ 2>/dev/null)" = "$$r" ] || echo "$$r" > $@
$(BUILD)/obj/cli/xen_commands.o: $(DIRS_STAMP)
$(BUILD)/obj/cli/xen_commands.o: XEN_CPPFLAGS += \
	$(if $(filter-out 0,$(XEN)),$(if $(filter 1,$(STATIC)),,-DAG_XEN_MODULE='"$(MODULE_DIR)/armguest-xen-commands.so"'))
LIB_TARGETS  := $(LIB_A) $(if $(filter 1,$(STATIC)),,$(LIB_SO))
ifneq ($(XEN),0)
LIB_TARGETS  += $(XLIB_A)
ifneq ($(STATIC),1)
LIB_TARGETS  += $(XLIB_SO) $(XEN_MODULE)
endif
endif
# One shared object: NAME SONAME MAP OBJECTS LIBS
SO_LINK = $(CC) $(ALL_CFLAGS) -shared -Wl,-soname,$(2) -Wl,--version-script=$(3) \
	-Wl,--no-undefined -o $(1) $(4) $(ALL_LDFLAGS) $(5)

.PHONY: libs
all: libs
libs: $(LIB_TARGETS) $(PC_FILES)

$(LIB_A): $(API_OBJ) $(CORE_OBJS)
	@rm -f $@
	$(AR) rcs $@ $^
$(XLIB_A): $(API_XEN_OBJ) $(ARM_OBJS)
	@rm -f $@
	$(AR) rcs $@ $^
$(LIB_SO): $(API_OBJ) $(CORE_OBJS) api/libarmguest.map
	$(call SO_LINK,$@,libarmguest.so.$(ABI_MAJOR),api/libarmguest.map,$(API_OBJ) $(CORE_OBJS),$(LIBS_LIB))
	ln -sfn $(notdir $@) $(BUILD)/libarmguest.so.$(ABI_MAJOR)
	ln -sfn $(notdir $@) $(BUILD)/libarmguest.so
$(XLIB_SO): $(API_XEN_OBJ) $(LIB_OBJS) api/libarmguest-xen.map
	$(call SO_LINK,$@,libarmguest-xen.so.$(ABI_MAJOR),api/libarmguest-xen.map,$(API_XEN_OBJ) $(LIB_OBJS),$(LIBS_XEN) $(LIBS_LIB))
	ln -sfn $(notdir $@) $(BUILD)/libarmguest-xen.so.$(ABI_MAJOR)
	ln -sfn $(notdir $@) $(BUILD)/libarmguest-xen.so
$(XEN_MODULE): $(CLI_XEN_SRCS:%.c=$(BUILD)/obj/%.o) $(LIB_OBJS) api/armguest-xen-commands.map
	$(CC) $(ALL_CFLAGS) -shared -Wl,--version-script=api/armguest-xen-commands.map \
		-Wl,--no-undefined -o $@ $(filter %.o,$^) $(ALL_LDFLAGS) $(LIBS)

$(BUILD)/%.pc: api/%.pc.in cli/version.h $(DIRS_STAMP)
	@mkdir -p $(dir $@)
	sed -e 's|@PREFIX@|$(PREFIX)|g' -e 's|@LIBDIR@|$(LIBDIR)|g' \
		-e 's|@INCLUDEDIR@|$(INCLUDEDIR)|g' -e 's|@VERSION@|$(AG_VERSION)|g' \
		-e 's|@LIBS_XEN@|$(LIBS_XEN)|g' $< >$@

# Every file install puts, for uninstall to remove exactly those.
INSTALLED = $(BINDIR)/armguest $(INCLUDEDIR)/armguest/armguest.h \
	$(LIBDIR)/libarmguest.a $(PKGCONFIGDIR)/armguest.pc \
	$(MANDIR)/man1/armguest.1 $(MANDIR)/man5/armguest-xlcfg.5 \
	$(if $(filter 1,$(STATIC)),,$(LIBDIR)/libarmguest.so.$(AG_VERSION) \
		$(LIBDIR)/libarmguest.so.$(ABI_MAJOR) $(LIBDIR)/libarmguest.so) \
	$(if $(filter 0,$(XEN)),,$(INCLUDEDIR)/armguest/armguest-xen.h \
		$(LIBDIR)/libarmguest-xen.a $(PKGCONFIGDIR)/armguest-xen.pc \
		$(if $(filter 1,$(STATIC)),,$(LIBDIR)/libarmguest-xen.so.$(AG_VERSION) \
			$(LIBDIR)/libarmguest-xen.so.$(ABI_MAJOR) $(LIBDIR)/libarmguest-xen.so \
			$(MODULE_DIR)/armguest-xen-commands.so))
install: all
	install -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(LIBDIR) $(DESTDIR)$(INCLUDEDIR)/armguest \
		$(DESTDIR)$(PKGCONFIGDIR) $(DESTDIR)$(MANDIR)/man1 $(DESTDIR)$(MANDIR)/man5
	install -m 0755 $(BUILD)/armguest $(DESTDIR)$(BINDIR)/armguest
	install -m 0644 $(HEADERS) $(DESTDIR)$(INCLUDEDIR)/armguest/
	install -m 0644 $(PC_FILES) $(DESTDIR)$(PKGCONFIGDIR)/
	install -m 0644 man/armguest.1 $(DESTDIR)$(MANDIR)/man1/
	install -m 0644 man/armguest-xlcfg.5 $(DESTDIR)$(MANDIR)/man5/
	install -m 0644 $(filter %.a,$(LIB_TARGETS)) $(DESTDIR)$(LIBDIR)/
ifneq ($(STATIC),1)
	install -m 0644 $(LIB_SO) $(DESTDIR)$(LIBDIR)/
	ln -sfn $(notdir $(LIB_SO)) $(DESTDIR)$(LIBDIR)/libarmguest.so.$(ABI_MAJOR)
	ln -sfn libarmguest.so.$(ABI_MAJOR) $(DESTDIR)$(LIBDIR)/libarmguest.so
ifneq ($(XEN),0)
	install -m 0644 $(XLIB_SO) $(DESTDIR)$(LIBDIR)/
	ln -sfn $(notdir $(XLIB_SO)) $(DESTDIR)$(LIBDIR)/libarmguest-xen.so.$(ABI_MAJOR)
	ln -sfn libarmguest-xen.so.$(ABI_MAJOR) $(DESTDIR)$(LIBDIR)/libarmguest-xen.so
	install -d $(DESTDIR)$(MODULE_DIR)
	install -m 0644 $(XEN_MODULE) $(DESTDIR)$(MODULE_DIR)/
endif
endif

uninstall:
	rm -f $(addprefix $(DESTDIR),$(INSTALLED))
	@# The two directories install made, when nothing else is left in them.
	rmdir $(DESTDIR)$(INCLUDEDIR)/armguest $(DESTDIR)$(MODULE_DIR) 2>/dev/null || true

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
# make cross       static (STATIC=1) arm64 build/aarch64-xenREL/armguest for Xen REL, from a sysroot of the
#                  arm64 packages of the Debian release that ships REL (ci/sysroot.sh --xen REL;
#                  CROSS_SYSROOT= to put it elsewhere).  REL: XEN=4.17 or XEN=4.20; default (and
#                  XEN=1) the host's Debian release's (12: 4.17, 13: 4.20).  build/aarch64/armguest
#                  links to the default release's binary.
#                  CROSS_MULTIARCH=1: no sysroot, the arm64 libraries installed on this system
#                  through Debian multiarch (libxen-dev:arm64 ...; ci/install-deps.sh pkg-indep),
#                  nothing downloaded (debian/rules builds armguest-qemu so); XEN=1 is then the
#                  release of that arm64 libxen.
# make cross-test  the offline tests again with that arm64 binary, under qemu-user
# make boot-test   Xen under QEMU, armguest creating guests in dom0 (BOOT_GICS="3 2")
# make demo        boot Xen under QEMU and start examples/hello.cfg with `armguest create -c`
# make qemu-test   `armguest qemu` on a config written by the test: --expect passes on Xen 4.17
#                  (via armguest and xl), and an --expect that never comes fails with exit 1
#                  and a JUnit failure on Xen 4.20, a boot-time guest passes --expect on 4.20
#                  (tests/boot/qemu-test.sh; three boots)
# make dom0less-test  `armguest qemu --via dom0less` on examples/dom0less-*.cfg, Xen under QEMU:
#                  U-Boot on GICv3 with no dom0 and on GICv2 with a dom0, and QEMU's direct
#                  path (tests/boot/dom0less-test.sh; D0L_CASES="v3 v2-dom0 direct")
# XEN=4.20        (or BOOT_XEN=4.20) the Xen release boot-test and demo boot: 4.17 (Debian 12)
#                  or 4.20 (Debian 13); default this host's Debian release's
# The host's release (ci/xen-releases.sh default), evaluated once, on first use.
HOST_XEN       = $(eval HOST_XEN := $(shell ci/xen-releases.sh default))$(HOST_XEN)
CROSS_XEN      = $(if $(filter $(XEN_RELEASES),$(XEN)),$(XEN),$(if $(filter 1,$(CROSS_MULTIARCH)),$(MULTIARCH_XEN),$(HOST_XEN)))
CROSS_BUILD    = build/aarch64-xen$(CROSS_XEN)
CROSS_BIN      = $(CROSS_BUILD)/armguest
CROSS_SYSROOT ?= build/sysroot-aarch64-xen$(CROSS_XEN)
CROSS_PREFIX  ?= aarch64-linux-gnu-
CROSS_MULTIARCH ?= 0
# Multiarch: the target's own .pc files (/usr/lib/aarch64-linux-gnu/pkgconfig), not this
# machine's, for check-deps and the release; the compiler finds the rest by itself.
CROSS_PC_ENV   = PKG_CONFIG_LIBDIR=/usr/lib/$(CROSS_PREFIX:-=)/pkgconfig:/usr/share/pkgconfig
MULTIARCH_XEN  = $(eval MULTIARCH_XEN := $(shell $(CROSS_PC_ENV) $(PKG_CONFIG) --modversion \
	xencontrol 2>/dev/null | cut -d. -f1,2))$(MULTIARCH_XEN)
ifeq ($(CROSS_MULTIARCH),1)
CROSS_SYSROOT_STEP = @echo "cross: Xen $(CROSS_XEN)'s arm64 libraries of this system (multiarch)"
CROSS_MAKE     = $(CROSS_PC_ENV) $(MAKE) SYSROOT=
else
CROSS_SYSROOT_STEP = ci/sysroot.sh --xen $(CROSS_XEN) $(CROSS_SYSROOT)
CROSS_MAKE     = $(MAKE) SYSROOT=$(abspath $(CROSS_SYSROOT))
endif
CROSS_MAKE    += CROSS_COMPILE=$(CROSS_PREFIX) CC=$(CROSS_PREFIX)gcc XEN=$(CROSS_XEN) STATIC=1 \
	BUILD=$(CROSS_BUILD) SAN=
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
	@[ -n "$(CROSS_XEN)" ] || { echo "make cross: $(if $(filter 1,$(CROSS_MULTIARCH)),no libxen-dev:arm64" \
		"is installed (ci/install-deps.sh pkg-indep),this host is not Debian 12 or 13) so there is" \
		"no default Xen release: say XEN=$(subst $(space), or XEN=,$(XEN_RELEASES))" >&2; exit 2; }
	$(CROSS_SYSROOT_STEP)
	+$(CROSS_MAKE) $(CROSS_BIN)
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
	$(CROSS_SYSROOT_STEP)
	+$(CROSS_MAKE) $(CROSS_BUILD)/floor

$(BUILD)/floor: bench/floor.c $(XEN_STAMP) | check-deps
	$(CC) $(ALL_CFLAGS) -o $@ $< $(ALL_LDFLAGS) $(LIBS_XEN)
