#!/bin/bash
# The Debian packages, built and used as a user would (docs/packaging.md):
#
#   ci/package-test.sh [SUITE]        (SUITE: bookworm, the default; as root)
#
#  1. `dpkg-buildpackage -us -uc -b` on a copy of the work tree (tracked and new files, not
#     build/), with DEB_BUILD_OPTIONS=nocheck (CI runs the tests in its own steps); no apt-get
#     inside the build: ci/install-deps.sh pkg installs the build dependencies before.
#  2. lintian on the result: no error (warnings are printed).
#  3. A new mmdebstrap minbase root of SUITE, where `apt-get install ./*.deb` of the runtime
#     packages must pull no -dev package and no compiler; `armguest check` and `armguest dtb`
#     run on an example there.  Then libarmguest-dev, gcc and pkg-config are installed and
#     examples/api/dtb.c is built with `pkg-config --cflags --libs armguest` and run: its tree
#     must be the one the installed `armguest dtb` writes.
#
# The .deb files apt downloads into the root are cached (ci/cache.sh: package-root-SUITE).
# Output: build/package/ (the .deb files, build.log, lintian.log, root.log).
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

# --- 1. Build, 2. lintian.
build_packages() {
	local version src
	version=$(dpkg-parsechangelog -l "$top/debian/changelog" -S Version)
	src=$work/armguest-$version
	mkdir -p "$src"
	git -C "$top" ls-files -z --cached --others --exclude-standard |
		grep -zv '^build' | (cd "$top" && tar --null -T - -cf -) | tar -C "$src" -xf -
	say "dpkg-buildpackage -us -uc -b (log: $out/build.log) ..."
	if ! (cd "$src" && DEB_BUILD_OPTIONS="nocheck parallel=2" dpkg-buildpackage -us -uc -b) \
		>"$out/build.log" 2>&1; then
		tail -n 30 "$out/build.log" >&2
		echo "package-test: dpkg-buildpackage failed" >&2
		return 1
	fi
	cp "$work"/*.deb "$work"/*.changes "$work"/*.buildinfo "$out/"
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
"$top/tests/lib/fake-files.sh" kernel "$top/tests/fixtures/linux-6.1.0-56-arm64.image" "$work/in/kernel"
"$top/tests/lib/fake-files.sh" ramdisk 987861 "$work/in/ramdisk"
sed -i -e 's|@KERNEL@|/pt/kernel|' -e 's|@RAMDISK@|/pt/ramdisk|' "$work/in/v3-basic.cfg"
cat >"$work/in/inside.sh" <<'INSIDE'
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
say "a new $suite minbase root: apt-get install ./*.deb, armguest check, examples/api (log: $out/root.log) ..."
if ! mmdebstrap --variant=minbase --format=null \
	--setup-hook='mkdir -p "$1/var/cache/apt/archives"' \
	--setup-hook="sync-in '$cache' /var/cache/apt/archives/" \
	--customize-hook="copy-in '$work/in' /tmp" \
	--customize-hook='mv "$1/tmp/in" "$1/pt"' \
	--customize-hook='chroot "$1" /bin/bash /pt/inside.sh' \
	--customize-hook="sync-out /var/cache/apt/archives '$cache'" \
	"$suite" /dev/null "${sources[@]}" >"$out/root.log" 2>&1; then
	tail -n 40 "$out/root.log" >&2
	echo "package-test: FAILED in the new root" >&2
	exit 1
fi
grep -E '^(inside|armguest [0-9]|pkg-config)' "$out/root.log" | sed 's/^/package-test: /'
say "OK ($(($(date +%s) - t0)) s)"
