#!/bin/bash
# `armguest create -n` (dry run): no Xen needed.  Checks that create reads a
# config exactly as check and dtb do (relative paths from the config's own
# directory, whatever the cwd), prints the plan with the callback IRQ value
# derived from the profile, and that the tree it would load is libxl's.
set -u
cd "$(dirname "$0")/.."
root=$PWD
: "${ARMGUEST:=$root/build/armguest}"
: "${TESTBIN:=$root/build/tests}"
[ -x "$ARMGUEST" ] || { echo "no armguest binary at $ARMGUEST"; exit 77; }
"$ARMGUEST" create --help 2>&1 | grep -q -- '-n' || { echo "armguest built without Xen support"; exit 77; }

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
fail=0
bad() { echo "FAIL: $*"; fail=1; }

mkdir -p "$work/guest" "$work/elsewhere"
tests/lib/fake-files.sh kernel tests/fixtures/linux-6.1.0-56-arm64.image "$work/guest/Image" || exit 1
tests/lib/fake-files.sh ramdisk 987861 "$work/guest/initrd" || exit 1
sed -e 's|@KERNEL@|Image|' -e 's|@RAMDISK@|initrd|' -e 's|^vcpus = 2|vcpus = 2\ngic_version = "v3"|' \
	tests/golden/v3-basic.cfg >"$work/guest/g.cfg"

(cd "$work/elsewhere" && "$ARMGUEST" create -n --dtb-out "$work/g.dtb" ../guest/g.cfg) \
	>"$work/out" 2>"$work/err"
rc=$?
[ $rc = 0 ] || { bad "dry run exit $rc"; cat "$work/err"; }
grep -qxF 'HVM_PARAM_CALLBACK_IRQ = 0x020000000000021f' "$work/out" || bad "no callback IRQ line"
grep -qF "$work/elsewhere/../guest/Image" "$work/out" ||
	grep -qF "../guest/Image" "$work/out" || bad "kernel not taken from the config's directory"
grep -q '^ramdisk  *0x48000000-0x480f2000 ' "$work/out" || bad "ramdisk placement"
[ -s "$work/g.dtb" ] || bad "no tree written"
"$TESTBIN/fdt-nop-seed" "$work/g.dtb" "$work/g.nop.dtb" && cmp "$work/g.nop.dtb" tests/golden/v3-basic.dtb ||
	bad "dry-run tree (seed NOPed) differs from libxl's v3-basic"

# A relative kernel path that exists only under the cwd is not used.
cp "$work/guest/Image" "$work/elsewhere/Image2"
sed -i 's|^kernel = .*|kernel = "Image2"|' "$work/guest/g.cfg"
(cd "$work/elsewhere" && "$ARMGUEST" create -n ../guest/g.cfg) >"$work/out" 2>"$work/err"
rc=$?
[ $rc = 1 ] || bad "missing kernel: exit $rc, expected 1"
grep -qF 'g.cfg:3:10: error: cannot open kernel "Image2"' "$work/err" || { bad "missing kernel message"; cat "$work/err"; }

[ $fail = 0 ] && echo "create dry run: ok"
exit $fail
