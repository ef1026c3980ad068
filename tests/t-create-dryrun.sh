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

(cd "$work/elsewhere" && "$ARMGUEST" create -n --xen 4.17 --dtb-out "$work/g.dtb" ../guest/g.cfg) \
	>"$work/out" 2>"$work/err"
rc=$?
[ $rc = 0 ] || { bad "dry run exit $rc"; cat "$work/err"; }
grep -qxF 'HVM_PARAM_CALLBACK_IRQ = 0x020000000000021f' "$work/out" || bad "no callback IRQ line"
grep -qxF 'xen           4.17 (domctl interface 0x15)' "$work/out" || bad "no xen line"
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

# -n plans for --xen's release: 4.20's tree is 4.17's with the version strings changed.
cp "$work/elsewhere/Image2" "$work/guest/Image2"
"$ARMGUEST" create -n --xen 4.20 --dtb-out "$work/g420.dtb" "$work/guest/g.cfg" >"$work/out" 2>"$work/err" ||
	{ bad "create -n --xen 4.20: $(cat "$work/err")"; }
grep -qxF 'xen           4.20 (domctl interface 0x17)' "$work/out" || bad "no 4.20 xen line: $(cat "$work/out")"
"$TESTBIN/fdt-nop-seed" "$work/g420.dtb" "$work/g420.nop.dtb" 2>/dev/null &&
	perl -0777 -pe 's/(XENVM-|xen,xenvm-|xen,xen-)4\.17\0/${1}4.20\0/g' tests/golden/v3-basic.dtb >"$work/want420.dtb" &&
	cmp -s "$work/g420.nop.dtb" "$work/want420.dtb" || bad "create -n --xen 4.20: not 4.17's tree with 4.20's strings"
"$ARMGUEST" create -n --xen 4.18 "$work/guest/g.cfg" >"$work/out" 2>"$work/err"
rc=$?
[ $rc = 2 ] && grep -qxF 'armguest create: --xen: Xen 4.18 is not supported (supported: 4.17, 4.20)' "$work/err" ||
	bad "--xen 4.18: exit $rc: $(cat "$work/err")"
# A real create speaks the built release only: --xen is refused before anything is read.
"$ARMGUEST" create --xen 4.17 "$work/guest/g.cfg" >"$work/out" 2>"$work/err"
rc=$?
[ $rc = 2 ] && grep -qF 'armguest create: --xen goes with -n only' "$work/err" ||
	bad "create --xen without -n: exit $rc: $(cat "$work/err")"

# --timings: one "timing STEP MS" line per step the dry run takes, in order, then the total from
# the process's start, which includes the startup and so is not below it.
"$ARMGUEST" create -n --timings --xen 4.17 "$work/guest/g.cfg" >"$work/out" 2>"$work/err"
rc=$?
steps=$(sed -n 's/^timing \([a-z_]*\) [0-9]*\.[0-9]\{3\}$/\1/p' "$work/err" | tr '\n' ' ')
[ $rc = 0 ] && [ "$steps" = "startup load create_plan plan_files plan_build plan_place plan_finalise total " ] ||
	bad "create -n --timings: exit $rc, steps: $steps"
awk '$1 == "timing" && $2 == "startup" { s = $3 } $1 == "timing" && $2 == "total" { t = $3 }
	END { exit !(t >= s && t > 0) }' "$work/err" || bad "create -n --timings: total below startup: $(cat "$work/err")"
grep -q '^timing' "$work/out" && bad "create -n --timings: timings on stdout"
"$ARMGUEST" create -n --xen 4.17 "$work/guest/g.cfg" >"$work/out" 2>"$work/err"
grep -q '^timing' "$work/err" && bad "create -n: timings without --timings"

[ $fail = 0 ] && echo "create dry run: ok"
exit $fail
