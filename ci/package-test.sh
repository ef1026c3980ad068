#!/bin/bash
# The Debian packages, built and used as a user would (docs/packaging.md):
#
#   ci/package-test.sh [SUITE]        (SUITE: bookworm, the default; as root)
#
#  1. `dpkg-buildpackage -us -uc -B` (the architecture-dependent packages) on a copy of the
#     work tree (tracked and new files, not build/), with DEB_BUILD_OPTIONS=nocheck (CI runs the
#     tests in its own steps); no apt-get inside the build: ci/install-deps.sh pkg installs the
#     build dependencies before.  For another suite than this machine's, in the build root of 2.
#  2. `dpkg-buildpackage -us -uc -A` (armguest-qemu) in a new mmdebstrap minbase root of SUITE
#     with arm64 added, where `ci/install-deps.sh pkg-indep` installs the Build-Depends-Indep
#     (Debian 12's native and arm64 libxen-dev exclude each other, so not on this machine): the
#     static arm64 armguest of SUITE's Xen (bookworm: 4.17, trixie: 4.20), checked by make cross.
#  3. lintian on both: no error (warnings are printed).
#  4. A new mmdebstrap minbase root of SUITE, where `apt-get install ./*.deb` of the runtime
#     packages must pull no -dev package and no compiler; `armguest check` and `armguest dtb`
#     run on an example there.  armguest-qemu likewise; its arm64 binary must be a static
#     aarch64 ELF (read from its header with od) of the same version for SUITE's Xen, and
#     `armguest qemu` must run the rig in /usr/lib/armguest with that binary (the rig stopped
#     at its cache, before any download), and stop for the other release, whose binary the
#     package does not hold.  Then libarmguest-dev, gcc and pkg-config are installed and
#     examples/api/dtb.c is built with `pkg-config --cflags --libs armguest` and run: its tree
#     must be the one the installed `armguest dtb` writes.
#
# The .deb files apt downloads into the roots are cached (ci/cache.sh: package-build-SUITE,
# package-root-SUITE).
# Output: build/package/ (the .deb files, build.log, build-indep.log, lintian.log, root.log).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/.." && pwd)
suite=${1:-bookworm}
[ "$(id -u)" = 0 ] || { echo "package-test: must run as root (mmdebstrap)" >&2; exit 2; }
for t in dpkg-buildpackage lintian mmdebstrap git; do
	command -v "$t" >/dev/null || { echo "package-test: $t is missing: run 'ci/install-deps.sh pkg'" >&2; exit 2; }
done
# shellcheck source=ci/cache.sh
. "$here/cache.sh"
# shellcheck source=ci/apt-sources.sh
. "$here/apt-sources.sh"
debian_sources "$suite" || exit 2
out=$top/build/package
cache=$(armguest_cache)/package-root-$suite
work=$(mktemp -d "${TMPDIR:-/var/tmp}/armguest-package.XXXXXX")
trap 'rm -rf "$work"' EXIT
mkdir -p "$out" "$cache"
t0=$(date +%s)
say() { echo "package-test: $*"; }

# SUITE's Xen release: the one armguest-qemu's arm64 binary is built for.
# shellcheck source=ci/xen-releases.sh
. "$here/xen-releases.sh"
rel='' other=''
for r in $(xen_release_list); do
	if [ "$(xen_release_suite "$r")" = "$suite" ]; then rel=$r; else other=$r; fi
done
[ -n "$rel" ] || { echo "package-test: no Xen release of armguest's comes from '$suite'" >&2; exit 2; }
build_cache=$(armguest_cache)/package-build-$suite
mkdir -p "$build_cache"

# in_root LOG APT_CACHE DIR [MMDEBSTRAP-OPTION...]: a new minbase root of SUITE (the .deb files
# apt downloads kept in APT_CACHE) with DIR as /pt, where /pt/run.sh runs as root; the options
# come after it (a hook to copy out what it made).
in_root() {
	local log=$1 apt_cache=$2 dir=$3
	shift 3
	mmdebstrap --variant=minbase --format=null \
		--setup-hook='mkdir -p "$1/var/cache/apt/archives"' \
		--setup-hook="sync-in '$apt_cache' /var/cache/apt/archives/" \
		--customize-hook="copy-in '$dir' /tmp" \
		--customize-hook="mv \"\$1/tmp/$(basename "$dir")\" \"\$1/pt\"" \
		--customize-hook='chroot "$1" /bin/bash /pt/run.sh' \
		"$@" \
		--customize-hook="sync-out /var/cache/apt/archives '$apt_cache'" \
		"$suite" /dev/null "${sources[@]}" >"$log" 2>&1
}

# --- 1. Build (-B here, -A in a build root), 3. lintian.
# The architecture-dependent packages of another suite than this machine's are built in that
# build root too (after -A: on Debian 12 the native libxen-dev then replaces the arm64 one):
# bookworm's link libxenmisc4.17, which trixie does not have.
host_suite=$(. /etc/os-release && echo "${VERSION_CODENAME:-}")
arch_here=0
[ "$suite" != "$host_suite" ] || arch_here=1
build_packages() {
	local version src arches
	version=$(dpkg-parsechangelog -l "$top/debian/changelog" -S Version)
	src=$work/armguest-$version
	mkdir -p "$src"
	git -C "$top" ls-files -z --cached --others --exclude-standard |
		grep -zv '^build' | (cd "$top" && tar --null -T - -cf -) | tar -C "$src" -xf -
	if [ "$arch_here" = 1 ]; then
		say "dpkg-buildpackage -us -uc -B (log: $out/build.log) ..."
		if ! (cd "$src" && DEB_BUILD_OPTIONS="nocheck parallel=2" dpkg-buildpackage -us -uc -B) \
			>"$out/build.log" 2>&1; then
			tail -n 30 "$out/build.log" >&2
			echo "package-test: dpkg-buildpackage -B failed" >&2
			return 1
		fi
		cp "$work"/*.deb "$work"/*.changes "$work"/*.buildinfo "$out/"
		(cd "$src" && debian/rules clean) >/dev/null 2>&1
	fi
	# 2. armguest-qemu, from a clean copy, in a root of SUITE with arm64 (its --version checked
	# under qemu-user: no nocheck).
	arches=$(dpkg --print-architecture),arm64
	[ "$arches" != arm64,arm64 ] || arches=arm64
	mkdir -p "$work/bin" && mv "$src" "$work/bin/"
	cat >"$work/bin/run.sh" <<BUILD
#!/bin/bash
set -euo pipefail
cd /pt/armguest-$version
ci/install-deps.sh pkg-indep
DEB_BUILD_OPTIONS=parallel=2 dpkg-buildpackage -us -uc -A
if [ $arch_here = 0 ]; then
	debian/rules clean
	ci/install-deps.sh pkg-arch
	DEB_BUILD_OPTIONS="nocheck parallel=2" dpkg-buildpackage -us -uc -B -Pnocheck
fi
mkdir -p /pt/out && cp ../*.deb ../*.changes ../*.buildinfo /pt/out/
BUILD
	local what="-A"
	[ "$arch_here" = 1 ] || what="-A and -B"
	say "dpkg-buildpackage -us -uc $what in a new $suite root ($arches) (log: $out/build-indep.log) ..."
	mkdir -p "$work/indep"
	if ! in_root "$out/build-indep.log" "$build_cache" "$work/bin" --architectures="$arches" \
		--customize-hook="sync-out /pt/out '$work/indep'"; then
		tail -n 30 "$out/build-indep.log" >&2
		echo "package-test: dpkg-buildpackage $what failed" >&2
		return 1
	fi
	grep -E '^cross: ' "$out/build-indep.log" | sed 's/^/package-test: /'
	cp "$work"/indep/* "$out/"
	lintian --fail-on error --display-info "$out"/*.changes >"$out/lintian.log" 2>&1 ||
		{ cat "$out/lintian.log" >&2; echo "package-test: lintian reports errors" >&2; return 1; }
	say "lintian: no error ($(grep -c '^[WI]:' "$out/lintian.log" || true) warnings and notes, in $out/lintian.log)"
}
# PACKAGE_TEST_REUSE=1: the .deb files of the last run, for working on step 3.
if [ "${PACKAGE_TEST_REUSE:-0}" = 1 ] && ls "$out"/*.deb >/dev/null 2>&1; then
	say "reusing $out/*.deb"
else
	rm -rf "$out" && mkdir -p "$out"
	build_packages
fi
for deb in "$out"/*.deb; do
	say "$(basename "$deb"): $(stat -c %s "$deb") bytes, Installed-Size $(dpkg-deb -f "$deb" Installed-Size) KiB"
done

# --- 3. The packages in a new root.
mkdir -p "$work/in/debs"
cp "$out"/*.deb "$work/in/debs/"
cp "$top/examples/api/dtb.c" "$top/tests/golden/v3-basic.cfg" "$work/in/"
printf 'REL=%s\nOTHER=%s\n' "$rel" "$other" >"$work/in/rel.env"
"$top/tests/lib/fake-files.sh" kernel "$top/tests/fixtures/linux-6.1.0-56-arm64.image" "$work/in/kernel"
"$top/tests/lib/fake-files.sh" ramdisk 987861 "$work/in/ramdisk"
sed -i -e 's|@KERNEL@|/pt/kernel|' -e 's|@RAMDISK@|/pt/ramdisk|' "$work/in/v3-basic.cfg"
cat >"$work/in/run.sh" <<'INSIDE'
#!/bin/bash
# In the new root: what a user of the packages does.
set -euo pipefail
export DEBIAN_FRONTEND=noninteractive
cd /pt/debs
dpkg-query -W -f '${Package}\n' | sort >/tmp/before
apt-get install -y -q --no-install-recommends ./armguest_*.deb ./libarmguest0_*.deb ./libarmguest-xen0_*.deb
# Only runtime dependencies: no development package, no compiler came with them.
dpkg-query -W -f '${Package}\n' | sort >/tmp/after
new=$(comm -13 /tmp/before /tmp/after)
echo "inside: the runtime packages pulled:" $new
dev=$(echo "$new" | grep -E -- '-dev$|^(gcc|g\+\+|cpp|binutils)(-[0-9]+)?$' || true)
[ -z "$dev" ] || { echo "inside: FAIL: not runtime dependencies: $dev"; exit 1; }
cd /pt
armguest --version
armguest check v3-basic.cfg
armguest dtb --gic v3 --xen 4.17 --rng-seed none v3-basic.cfg -o cli.dtb

# armguest-qemu: runtime packages only, too.
. /pt/rel.env
dpkg-query -W -f '${Package}\n' | sort >/tmp/before
apt-get install -y -q --no-install-recommends ./debs/armguest-qemu_*.deb
dpkg-query -W -f '${Package}\n' | sort >/tmp/after
new=$(comm -13 /tmp/before /tmp/after)
echo "inside: armguest-qemu pulled:" $new
dev=$(echo "$new" | grep -E -- '-dev$|^(gcc|g\+\+|cpp)(-[0-9]+)?$' || true)
[ -z "$dev" ] || { echo "inside: FAIL: not runtime dependencies: $dev"; exit 1; }
# Its arm64 armguest, from the ELF header (no readelf): 64-bit little-endian executable for
# EM_AARCH64 (183), no program interpreter nor dynamic section (static).
bin=/usr/lib/armguest/aarch64-xen$REL/armguest
u() { od -An -v -t "u$1" -j "$2" -N "$1" "$bin" | tr -d ' '; }
hdr=$(od -An -v -t x1 -N 20 "$bin" | tr -d ' \n')
[ "${hdr:0:12}" = 7f454c460201 ] || { echo "inside: FAIL: $bin is not a 64-bit little-endian ELF: $hdr"; exit 1; }
[ "$(u 2 16)" = 2 ] || { echo "inside: FAIL: $bin: ELF type $(u 2 16), not an executable (2)"; exit 1; }
[ "$(u 2 18)" = 183 ] || { echo "inside: FAIL: $bin: machine $(u 2 18), not aarch64 (183)"; exit 1; }
phoff=$(u 8 32) phsize=$(u 2 54) phnum=$(u 2 56)
for ((i = 0; i < phnum; i++)); do
	t=$(u 4 $((phoff + i * phsize)))
	[ "$t" != 2 ] && [ "$t" != 3 ] || { echo "inside: FAIL: $bin is dynamically linked (program header type $t)"; exit 1; }
done
ver=$(armguest --version | awk '{ print $2; exit }')
grep -aq "armguest $ver (Xen $REL)" "$bin" ||
	{ echo "inside: FAIL: $bin does not say 'armguest $ver (Xen $REL)'"; exit 1; }
echo "inside: OK: $bin is a static aarch64 executable, armguest $ver (Xen $REL), $(stat -c %s "$bin") bytes"
# armguest qemu finds both in /usr/lib/armguest: bash reads BASH_ENV before the rig, which
# records what it was given; the rig then stops (exit 2) at its cache, which cannot be made
# under a regular file, before anything is downloaded.
unset ARMGUEST_QEMU_RIG ARMGUEST_ARM64
echo 'echo "rig=$0 arm64=$AGQ_ARMGUEST xen=$AGQ_XEN" >/pt/rig-seen' >/pt/record.sh
: >/pt/not-a-dir
qemu_run() { # XEN: armguest qemu's exit status; its stderr in /pt/qemu.err
	rm -f /pt/rig-seen
	BASH_ENV=/pt/record.sh ARMGUEST_CACHE=/pt/not-a-dir/cache armguest qemu --xen "$1" \
		--timeout 10 v3-basic.cfg </dev/null >/pt/qemu.out 2>/pt/qemu.err
}
rc=0; qemu_run "$REL" || rc=$?
seen=$(cat /pt/rig-seen 2>/dev/null || true)
want="rig=/usr/lib/armguest/tests/boot/qemu-run.sh arm64=$bin xen=$REL"
if [ "$rc" != 2 ] || [ "$seen" != "$want" ] || ! grep -q 'cannot create the cache' /pt/qemu.err; then
	echo "inside: FAIL: armguest qemu --xen $REL: exit $rc, the rig saw '$seen' (want '$want'):"
	cat /pt/qemu.err; exit 1
fi
echo "inside: OK: armguest qemu --xen $REL ran $want"
rc=0; qemu_run "$OTHER" || rc=$?
if [ "$rc" != 2 ] || [ -e /pt/rig-seen ] || ! grep -q "no static arm64 armguest for Xen $OTHER" /pt/qemu.err; then
	echo "inside: FAIL: armguest qemu --xen $OTHER (no such binary in the package): exit $rc:"
	cat /pt/qemu.err; exit 1
fi
echo "inside: OK: armguest qemu --xen $OTHER stops: $(cat /pt/qemu.err)"
# The API example against the installed development package.
apt-get install -y -q --no-install-recommends ./debs/libarmguest-dev_*.deb gcc libc6-dev pkg-config
# (pkg-config's own answer, so a broken armguest.pc fails here)
flags=$(pkg-config --cflags --libs armguest)
echo "pkg-config --cflags --libs armguest: $flags"
# shellcheck disable=SC2086
gcc -Wall -Wextra -Werror -o api-dtb dtb.c $flags
./api-dtb v3-basic.cfg api.dtb
cmp cli.dtb api.dtb
echo "inside: OK: the API example's tree is armguest dtb's"
INSIDE
say "a new $suite minbase root: apt-get install ./*.deb, armguest check, armguest qemu's pieces, examples/api (log: $out/root.log) ..."
if ! in_root "$out/root.log" "$cache" "$work/in"; then
	tail -n 40 "$out/root.log" >&2
	echo "package-test: FAILED in the new root" >&2
	exit 1
fi
grep -E '^(inside|armguest [0-9]|pkg-config)' "$out/root.log" | sed 's/^/package-test: /'
say "OK ($(($(date +%s) - t0)) s)"
