#!/bin/bash
# `make qemu-test`: `armguest qemu` as a CI user runs it, on a guest config the project does
# not ship, written here with its own kernel command line (docs/ci-boot.md).
#
#  1. Xen 4.17, the guest started through armguest and through xl in the same boot, --expect
#     the line its /init prints with its command line (a token made for this run): exit 0,
#     and a JUnit report with two test cases and no failure.
#  2. Xen 4.20 handed over with --xen-image (Debian's image, copied: the path of one's own
#     build), --expect a line the guest never prints: exit 1, and a JUnit report whose one
#     test case is a failure, its output holding the guest's console (so it did run).
#  3. Xen 4.20, the same guest as a boot-time guest (--via dom0less --no-dom0, loaded by QEMU:
#     its config with vuart = "sbsa_uart" and console=ttyAMA0), --expect its command line:
#     exit 0, its console its own from the kernel's first line (the rig keeps the serial
#     input with Xen, which would print the guest holding it without its DOMn prefix).
# The JUnit files are read with python3's XML parser.  Three QEMU boots (a minute or a few each).
#
# Environment: ARMGUEST (default build/armguest; it finds the static arm64 builds of `make
# cross XEN=4.17` and `XEN=4.20` beside it), QT_OUT (default build/qemu-test), QT_CASES
# (default "1 2 3").
set -uo pipefail
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)
cd "$top"
ag=$(realpath -m "${ARMGUEST:-build/armguest}")
out=$(realpath -m "${QT_OUT:-build/qemu-test}")
fails=0
check() { # WHAT COMMAND...: one check, PASS or FAIL
	if "${@:2}"; then echo "PASS $1"; else echo "FAIL $1"; fails=$((fails + 1)); fi
}

rm -rf "$out" && mkdir -p "$out/cfg"
cat >"$out/init.sh" <<'INIT'
#!/bin/busybox sh
/bin/busybox --install -s /bin
mount -t proc proc /proc
echo "QEMU-TEST-CMDLINE $(cat /proc/cmdline)"
sleep 1
poweroff -f
INIT
"$here/guest-files.sh" -x 4.17 "$out/init.sh" "$out/files" || { echo "qemu-test: cannot make the guest's files" >&2; exit 2; }
token=qt$(date +%s)$$
# Relative paths: from the config's own directory, as xl takes them.
cat >"$out/cfg/qtest.cfg" <<CFG
# Written by tests/boot/qemu-test.sh: a config the project does not ship.
name = "qtest"
kernel = "../files/Image"
ramdisk = "../files/initrd.gz"
memory = 256
vcpus = 1
extra = "console=hvc0 qemutest.token=$token"
CFG
sed -e 's/^name = .*/name = "qtest-d0l"/' -e 's/console=hvc0/console=ttyAMA0/' \
	-e '$a vuart = "sbsa_uart"' "$out/cfg/qtest.cfg" >"$out/cfg/qtest-d0l.cfg"

# junit FILE TESTS FAILURES: the report parses as XML and counts what it should.
junit() {
	python3 - "$@" <<'PY'
import sys, xml.etree.ElementTree as ET
f, tests, failures = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
suite = ET.parse(f).getroot().find("testsuite")
cases = suite.findall("testcase")
got = sum(1 for c in cases if c.find("failure") is not None)
ok = len(cases) == tests == int(suite.get("tests")) and got == failures == int(suite.get("failures"))
ok = ok and all(c.find("system-out") is not None for c in cases)
print(f"  {f}: {len(cases)} test cases, {got} failures" + ("" if ok else f" (wanted {tests}, {failures})"))
for c in cases:
    fl = c.find("failure")
    if fl is not None:
        print(f"  failure of {c.get('name')} ({c.get('classname')}): {fl.get('message')}")
sys.exit(0 if ok else 1)
PY
}

for c in ${QT_CASES:-1 2 3}; do
	t0=$(date +%s)
	case $c in
	1)
		echo "qemu-test: 1. Xen 4.17, via armguest and xl, --expect the guest's command line"
		"$ag" qemu --xen 4.17 --via armguest,xl --timeout 240 \
			--expect "^QEMU-TEST-CMDLINE .*qemutest\.token=$token" \
			--junit "$out/1.xml" --keep "$out/1" "$out/cfg/qtest.cfg"
		rc=$?
		check "1: exit 0 (got $rc)" test "$rc" = 0
		check "1: JUnit: 2 cases, no failure" junit "$out/1.xml" 2 0
		for v in armguest xl; do
			check "1: the $v guest's console has its command line" \
				grep -q "QEMU-TEST-CMDLINE .*qemutest.token=$token" "$out/1/guests/qtest.$v.cons"
		done
		;;
	2)
		# Debian's 4.20 hypervisor handed over as one's own build: --xen-image's path, and
		# the rig's check of its banner against --xen.
		xen_image=$(
			. "$top/ci/cache.sh" && . "$here/fetch.sh" &&
				fetch_boot_packages "$(armguest_cache)/boot-4.20" 4.20 >&2 && echo "$tree/boot/xen-4.20-arm64"
		) || { echo "qemu-test: cannot fetch Xen 4.20" >&2; exit 2; }
		cp "$xen_image" "$out/my-xen"
		echo "qemu-test: 2. Xen 4.20 (--xen-image), --expect a line that never comes"
		"$ag" qemu --xen 4.20 --xen-image "$out/my-xen" --timeout 240 --expect "^NEVER-PRINTED-$token" \
			--junit "$out/2.xml" --keep "$out/2" "$out/cfg/qtest.cfg"
		rc=$?
		check "2: exit 1 (got $rc)" test "$rc" = 1
		check "2: JUnit: 1 case, 1 failure" junit "$out/2.xml" 1 1
		check "2: the failed case carries the guest's console" \
			grep -q "QEMU-TEST-CMDLINE .*qemutest.token=$token" "$out/2.xml"
		check "2: the image booted was --xen-image's" \
			grep -qx "image $out/my-xen" "$out/2/xen.txt"
		;;
	3)
		echo "qemu-test: 3. Xen 4.20, as a boot-time guest with no dom0, --expect its command line"
		"$ag" qemu --xen 4.20 --via dom0less --no-dom0 --loader qemu --timeout 240 \
			--expect "^QEMU-TEST-CMDLINE .*qemutest\.token=$token" \
			--junit "$out/3.xml" --keep "$out/3" "$out/cfg/qtest-d0l.cfg"
		rc=$?
		check "3: exit 0 (got $rc)" test "$rc" = 0
		check "3: JUnit: 1 case, no failure" junit "$out/3.xml" 1 0
		check "3: the guest's console has its command line" \
			grep -q "QEMU-TEST-CMDLINE .*qemutest.token=$token" "$out/3/guests/qtest-d0l.dom0less.cons"
		check "3: the guest's console starts with its kernel's first line" \
			grep -q "Booting Linux" <(head -n 1 "$out/3/guests/qtest-d0l.dom0less.cons")
		;;
	*) echo "qemu-test: no case '$c' (1, 2 or 3)" >&2; exit 2 ;;
	esac
	echo "qemu-test: case $c: armguest qemu took $(($(date +%s) - t0)) s"
done
if [ "$fails" = 0 ]; then echo "qemu-test: PASS"; else echo "qemu-test: FAIL ($fails)"; fi
[ "$fails" = 0 ]
