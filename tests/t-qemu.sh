#!/bin/bash
# `armguest qemu` without QEMU (docs/ci-boot.md): its command line, the configs read before
# anything boots (exit 2 for one that does not load, or a missing emulator, rig or arm64
# armguest), and what it makes of the boot rig's verdicts: the exit status, the summary, and
# the JUnit report (read back with python3's XML parser).  The rig here is a fake
# (ARMGUEST_QEMU_RIG) that records what it was given and writes the verdicts a test asks for;
# `make qemu-test` runs the real one.
# Environment (tests/run.sh): ARMGUEST = the binary.
set -u
cd "$(dirname "$0")/.."
root=$PWD
: "${ARMGUEST:=$root/build/armguest}"
[ -x "$ARMGUEST" ] || { echo "no armguest binary at $ARMGUEST"; exit 77; }
command -v python3 >/dev/null || { echo "python3 is not installed"; exit 77; }

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
fail=0
bad() { echo "FAIL: $*"; fail=1; }

tests/lib/fake-files.sh kernel tests/fixtures/linux-6.1.0-56-arm64.image "$work/Image" || exit 1
tests/lib/fake-files.sh ramdisk 987861 "$work/initrd" || exit 1
mkdir -p "$work/cfg" "$work/tmp"
for n in one two; do
	printf 'name = "%s"\nkernel = "../Image"\nramdisk = "../initrd"\nmemory = 128\n' "$n" >"$work/cfg/$n.cfg"
done
printf 'name = "b1"\nkernel = "../Image"\nmemory = 300\nvuart = "sbsa_uart"\n' >"$work/cfg/b1.cfg"
printf 'name = "b2"\nkernel = "../Image"\nmemory = 2000\nvcpus = 2\nvuart = "sbsa_uart"\n' >"$work/cfg/b2.cfg"
printf 'name = "hvm"\nkernel = "../Image"\nvuart = "sbsa_uart"\ntype = "hvm"\n' >"$work/cfg/hvm.cfg"
printf 'name = "broken"\nkernel = "../Image"\nmemory = \n' >"$work/cfg/broken.cfg"
printf 'name = "one"\nkernel = "../Image"\n' >"$work/cfg/one-again.cfg"
printf 'name = "nokernel"\nkernel = "../missing-Image"\n' >"$work/cfg/nokernel.cfg"
: >"$work/arm64-armguest"

# The fake rig: records its environment and guest list, then writes, per guest and way, the
# verdict FAKE_STATUS ("none": nothing) with a console full of what XML cannot take raw.
cat >"$work/rig.sh" <<'RIG'
env | grep "^AGQ_" | sort >"$FAKE_DIR/rig.env"
cp "$AGQ_OUT/guests.tsv" "$FAKE_DIR/rig.guests"
mkdir -p "$AGQ_OUT/guests"
while IFS=$'\t' read -r name _; do
	for via in ${AGQ_VIA//,/ }; do
		[ "$FAKE_STATUS" = none ] && continue
		echo "$FAKE_STATUS 12.5 what the fake rig says" >"$AGQ_OUT/guests/$name.$via.result"
		printf 'console of %s <&> "]]>" \001\033[0m caf\xc3\xa9 \xff end\r\n' "$name" >"$AGQ_OUT/guests/$name.$via.cons"
	done
done <"$AGQ_OUT/guests.tsv"
exit "${FAKE_RC:-0}"
RIG
export FAKE_DIR=$work ARMGUEST_QEMU_RIG=$work/rig.sh ARMGUEST_ARM64=$work/arm64-armguest QEMU=/bin/true TMPDIR=$work/tmp

# run NAME EXPECTED_RC ARGS...: armguest qemu in $work, stdout/stderr kept.
run() {
	local name=$1 want=$2; shift 2
	rm -f "$work/rig.env" "$work/rig.guests"
	(cd "$work" && timeout 20 "$ARMGUEST" qemu "$@" >"$work/out" 2>"$work/err")
	local rc=$?
	[ "$rc" = "$want" ] || { bad "$name: exit $rc, expected $want"; sed 's/^/    /' "$work/out" "$work/err"; }
}
has() { # NAME FILE TEXT: FILE holds TEXT
	grep -qF -- "$3" "$work/$2" || { bad "$1: no '$3' in $2"; sed 's/^/    /' "$work/$2"; }
}
no_rig() { [ ! -f "$work/rig.env" ] || bad "$1: the rig ran"; }
# junit NAME FILE TESTS FAILURES: a well-formed report with those counts.
junit() {
	python3 - "$work/$2" "$3" "$4" <<'PY' || bad "$1: JUnit report"
import sys, xml.etree.ElementTree as ET
f, tests, failures = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
suite = ET.parse(f).getroot().find("testsuite")
cases = suite.findall("testcase")
fl = [c for c in cases if c.find("failure") is not None]
assert len(cases) == tests == int(suite.get("tests")), (len(cases), tests)
assert len(fl) == failures == int(suite.get("failures")), (len(fl), failures)
for c in cases:
    out = c.find("system-out").text
    assert out.startswith("console of " + c.get("name") + ' <&> "]]>" ??[0m café ? end'), repr(out)
for c in fl:
    assert "what the fake rig says" in c.find("failure").get("message"), c.find("failure").attrib
PY
}

# The command line.
run help 0 --help
has help out "usage: armguest qemu"
run "no config" 2
has "no config" err "no config file given"
run "unknown option" 2 --bogus cfg/one.cfg
run "bad --via" 2 --via armguest,kvm cfg/one.cfg
has "bad --via" err "--via 'kvm'"
run "bad --gic" 2 --gic v4 cfg/one.cfg
run "bad --timeout" 2 --timeout 0 cfg/one.cfg
run "bad --smp" 2 --smp x cfg/one.cfg
run "bad --xen" 2 --xen 4.1 cfg/one.cfg
run "--no-dom0 with armguest" 2 --no-dom0 cfg/one.cfg
has "--no-dom0 with armguest" err "--no-dom0"
run "missing --xen-image" 2 --xen-image nowhere cfg/one.cfg
run "bad --loader" 2 --via dom0less --loader grub cfg/b1.cfg
has "bad --loader" err "--loader 'grub'"
run "--loader without dom0less" 2 --loader qemu cfg/one.cfg
has "--loader without dom0less" err "only with --via dom0less"
run "--dom0-hook with dom0less" 2 --via dom0less --dom0-hook "$work" cfg/b1.cfg
has "--dom0-hook with dom0less" err "not with --via dom0less"
no_rig "usage errors"

# Configs are read before anything boots.
run "config does not parse" 2 cfg/one.cfg cfg/broken.cfg
has "config does not parse" err "cfg/broken.cfg:3:"
has "config does not parse" err "not booting anything"
no_rig "config does not parse"
run "missing kernel" 2 cfg/nokernel.cfg
has "missing kernel" err "missing-Image"
no_rig "missing kernel"
run "same name twice" 2 cfg/one.cfg cfg/one-again.cfg
has "same name twice" err "both name the guest 'one'"
no_rig "same name twice"

# A boot-time guest is read as armguest dom0less reads it: its console must be the vpl011, and
# the type policy is the same.
run "dom0less without vuart" 2 --via dom0less cfg/one.cfg
has "dom0less without vuart" err 'no vuart = "sbsa_uart"'
no_rig "dom0less without vuart"
run "dom0less hvm" 2 --via dom0less cfg/hvm.cfg
has "dom0less hvm" err "hvm"
no_rig "dom0less hvm"

# What the command needs on this machine.
QEMU=/nonexistent/qemu-system-aarch64 run "no QEMU" 2 cfg/one.cfg
has "no QEMU" err "not found: install Debian's qemu-system-arm"
no_rig "no QEMU"
QEMU=no-such-qemu-here run "no QEMU on PATH" 2 cfg/one.cfg
ARMGUEST_QEMU_RIG=$work/nowhere.sh run "no rig" 2 cfg/one.cfg
has "no rig" err "qemu-run.sh"
ARMGUEST_ARM64=$work/nowhere run "no arm64 armguest" 2 cfg/one.cfg
has "no arm64 armguest" err "make cross XEN="
# xl alone needs no armguest in dom0.
ARMGUEST_ARM64=$work/nowhere FAKE_STATUS=pass run "xl alone" 0 --via xl cfg/one.cfg

# What the rig is given.
FAKE_STATUS=pass run "all pass" 0 --xen 4.20 --gic v2 --via xl,armguest --expect 'a b$' \
	--timeout 30 --smp 3 --junit "$work/pass.xml" cfg/one.cfg cfg/two.cfg
for kv in AGQ_XEN=4.20 AGQ_GIC=2 AGQ_VIA=armguest,xl AGQ_EXPECT='a b$' AGQ_TIMEOUT=30 AGQ_SMP=3 \
	AGQ_MEMORY=2048 AGQ_DOM0=1 "AGQ_ARMGUEST=$work/arm64-armguest"; do
	grep -qxF "$kv" "$work/rig.env" || bad "all pass: the rig was not given $kv: $(tr '\n' ' ' <"$work/rig.env")"
done
printf 'one\t%s\t%s\t%s\t-\n' "$work/cfg/one.cfg" "$work/Image" "$work/initrd" >"$work/want.guests"
head -n 1 "$work/rig.guests" | cmp -s - "$work/want.guests" || bad "all pass: guest list: $(head -n 1 "$work/rig.guests")"
has "all pass" out "armguest qemu: PASS two (via xl, 12.5 s)"
has "all pass" out "armguest qemu: 4 of 4 guests passed on Xen 4.20"
junit "all pass" pass.xml 4 0
[ -z "$(ls "$work/tmp")" ] || bad "the work directory was left in TMPDIR: $(ls "$work/tmp")"
FAKE_STATUS=pass run "--xen-image" 0 --xen-image Image cfg/one.cfg
grep -qxF "AGQ_XEN_IMAGE=$(realpath "$work/Image")" "$work/rig.env" || bad "--xen-image: not passed on as an absolute path: $(grep XEN_IMAGE "$work/rig.env")"
FAKE_STATUS=pass run "--memory" 0 --memory 3000 cfg/one.cfg
grep -qx AGQ_MEMORY=3000 "$work/rig.env" || bad "--memory 3000 not passed on"

# --via dom0less: no arm64 armguest needed; the rig is told this armguest (for armguest
# dom0less), the loader, and a board that holds every guest at once.
ARMGUEST_ARM64=$work/nowhere FAKE_STATUS=pass run "dom0less" 0 --via dom0less --no-dom0 \
	--loader qemu --junit "$work/d0l.xml" cfg/b1.cfg cfg/b2.cfg
for kv in AGQ_VIA=dom0less AGQ_DOM0=0 AGQ_LOADER=qemu AGQ_MEMORY=2812; do
	grep -qxF "$kv" "$work/rig.env" || bad "dom0less: the rig was not given $kv: $(tr '\n' ' ' <"$work/rig.env")"
done
# AGQ_SELF: this armguest (the executable itself: under VALGRIND=1, $ARMGUEST is a wrapper)
self=$(sed -n 's/^AGQ_SELF=//p' "$work/rig.env")
[ -x "$self" ] && [ "$("$self" --version 2>/dev/null)" = "$("$ARMGUEST" --version 2>/dev/null)" ] ||
	bad "dom0less: AGQ_SELF '$self' is not this armguest"
has "dom0less" out "armguest qemu: PASS b2 (via dom0less, 12.5 s)"
junit "dom0less" d0l.xml 2 0
FAKE_STATUS=pass run "dom0less with a dom0" 0 --via armguest,dom0less cfg/b1.cfg cfg/b2.cfg
for kv in AGQ_VIA=armguest,dom0less AGQ_DOM0=1 AGQ_LOADER=uboot AGQ_MEMORY=3324; do
	grep -qxF "$kv" "$work/rig.env" || bad "dom0less with a dom0: the rig was not given $kv: $(tr '\n' ' ' <"$work/rig.env")"
done
has "dom0less with a dom0" out "armguest qemu: 4 of 4 guests passed"

# The verdicts.
FAKE_STATUS=timeout run "a guest timed out" 1 --junit "$work/fail.xml" --keep "$work/kept" cfg/one.cfg cfg/two.cfg
has "a guest timed out" out "armguest qemu: FAIL one (via armguest, 12.5 s): timeout: what the fake rig says"
has "a guest timed out" out "armguest qemu: 0 of 2 guests passed"
junit "a guest timed out" fail.xml 2 2
[ -f "$work/kept/guests/one.armguest.cons" ] || bad "--keep: the consoles are not kept"
FAKE_STATUS=refused run "refused" 1 cfg/one.cfg
FAKE_STATUS=none FAKE_RC=1 run "the boot did not get through" 1 --junit "$work/none.xml" cfg/one.cfg
has "the boot did not get through" out "FAIL one (via armguest, 0.0 s): no result: the boot did not get to this guest"
python3 -c 'import sys, xml.etree.ElementTree as E; E.parse(sys.argv[1])' "$work/none.xml" || bad "none.xml does not parse"
FAKE_STATUS=pass FAKE_RC=2 run "the rig could not run" 2 cfg/one.cfg
FAKE_STATUS=pass run "unwritable --junit" 2 --junit "$work/no/such/dir/j.xml" cfg/one.cfg

[ "$fail" = 0 ] && echo "all armguest qemu checks passed"
exit "$fail"
