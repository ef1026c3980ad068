#!/bin/bash
# The public API as a program uses it: examples/api/dtb.c linked against the shared library
# and against the static one writes the tree `armguest dtb --gic v3 --rng-seed none` writes,
# byte for byte; tests/api/api_errors.c and api_xen_errors.c walk the error paths (see there).
set -u
cd "$(dirname "$0")/.."
root=$PWD
BUILD=${BUILD:-build}
ARMGUEST=${ARMGUEST:-$root/$BUILD/armguest}
CC=${CC:-cc}
[ -e "$BUILD/libarmguest.so.0" ] || { echo "no $BUILD/libarmguest.so.0 (STATIC=1 build?)"; exit 77; }
[ "${SAN:-}" = 1 ] && { echo "the API programs are built without the sanitizers"; exit 77; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail=0
bad() { echo "FAIL: $*"; fail=1; }

tests/lib/fake-files.sh kernel tests/fixtures/linux-6.1.0-56-arm64.image "$tmp/kernel"
tests/lib/fake-files.sh ramdisk 987861 "$tmp/ramdisk"
sed -e "s|@KERNEL@|$tmp/kernel|g" -e "s|@RAMDISK@|$tmp/ramdisk|g" tests/golden/v3-basic.cfg >"$tmp/v3.cfg"
"$ARMGUEST" dtb --xen 4.17 --gic v3 --rng-seed none "$tmp/v3.cfg" -o "$tmp/cli.dtb" ||
	{ echo "FAIL: armguest dtb"; exit 1; }

flags=(-std=gnu11 -Wall -Wextra -Werror -I"$root/include")
$CC "${flags[@]}" -o "$tmp/dtb-shared" examples/api/dtb.c -L"$BUILD" -larmguest \
	-Wl,-rpath,"$root/$BUILD" || { echo "FAIL: examples/api/dtb.c does not build"; exit 1; }
$CC "${flags[@]}" -o "$tmp/dtb-static" examples/api/dtb.c "$BUILD/libarmguest.a" -lfdt -lz ||
	{ echo "FAIL: examples/api/dtb.c does not link with libarmguest.a"; exit 1; }
for v in shared static; do
	"$tmp/dtb-$v" "$tmp/v3.cfg" "$tmp/$v.dtb" >"$tmp/out" 2>&1 || bad "dtb-$v: $(cat "$tmp/out")"
	cmp -s "$tmp/cli.dtb" "$tmp/$v.dtb" || bad "the $v library's tree differs from armguest dtb's"
	grep -q '^v3-basic: a pvh guest for Xen 4.17' "$tmp/out" || bad "dtb-$v said: $(cat "$tmp/out")"
done
# A refused config: exit 1 with the diagnostic at its key.
printf 'name = "x"\nmemory = 64\nkernel = "%s"\ntype = "hvm"\n' "$tmp/kernel" >"$tmp/hvm.cfg"
"$tmp/dtb-shared" "$tmp/hvm.cfg" "$tmp/x.dtb" 2>"$tmp/err"
[ $? = 1 ] || bad "a refused config did not exit 1"
grep -q "hvm.cfg:4:.*error" "$tmp/err" || bad "no error at hvm.cfg:4: $(cat "$tmp/err")"
[ -e "$tmp/x.dtb" ] && bad "a refused config wrote a tree"

$CC "${flags[@]}" -o "$tmp/api_errors" tests/api/api_errors.c -L"$BUILD" -larmguest \
	-Wl,-rpath,"$root/$BUILD" || { echo "FAIL: tests/api/api_errors.c does not build"; exit 1; }
"$tmp/api_errors" "$tmp/v3.cfg" >"$tmp/out" 2>&1 || bad "api_errors: $(cat "$tmp/out")"
# libarmguest-xen, where this is no dom0 (a real dom0 would create the guest: skipped there).
if [ -e "$BUILD/libarmguest-xen.so.0" ] && [ ! -e /proc/xen/privcmd ] && [ ! -e /dev/xen/privcmd ]; then
	$CC "${flags[@]}" -o "$tmp/api_xen_errors" tests/api/api_xen_errors.c -L"$BUILD" \
		-larmguest-xen -larmguest -Wl,-rpath,"$root/$BUILD" ||
		{ echo "FAIL: tests/api/api_xen_errors.c does not build"; exit 1; }
	"$tmp/api_xen_errors" "$tmp/v3.cfg" >>"$tmp/out" 2>&1 || bad "api_xen_errors: $(cat "$tmp/out")"
fi
[ "$fail" = 0 ] && echo "$(grep -c '^ok' "$tmp/out") API checks passed, the trees equal armguest dtb's"
exit $fail
