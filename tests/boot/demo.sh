#!/bin/bash
# `make demo`: boot Debian's Xen under QEMU and start the example guest (examples/hello.cfg)
# in dom0 with `armguest create -c`, showing the guest's console here: `armguest qemu`
# (docs/ci-boot.md) on that config, with this machine's copies of the kernel and ramdisk it
# names (Debian's arm64 kernel; a busybox initramfs whose /init, hello-init.sh, says hello).
# No Xen hardware needed; works without a terminal too.  The serial log and the guest's
# console are kept in build/demo.  DEMO_XEN (else BOOT_XEN, else 4.17) = the Xen release to
# boot: 4.17 (Debian 12) or 4.20 (Debian 13).  ARMGUEST = the native armguest (default
# build/armguest; it finds the static arm64 armguest `make cross XEN=RELEASE` wrote beside it,
# ARMGUEST_ARM64 names another).  DEMO_TOOL=xl runs the real `xl create` instead, and needs no
# arm64 armguest.
set -uo pipefail
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)
cd "$top"
rel=${DEMO_XEN:-${BOOT_XEN:-4.17}}
case $rel in
4.17 | 4.20) ;;
*) echo "demo: Xen '$rel': the demo boots Xen 4.17 or 4.20" >&2; exit 2 ;;
esac
ag=$(realpath -m "${ARMGUEST:-build/armguest}")
out=$top/build/demo
tool=${DEMO_TOOL:-armguest}
start=$(date +%s)
[ -x "$ag" ] || { echo "demo: $ag is missing: run 'make' first" >&2; exit 2; }
rm -rf "$out" && mkdir -p "$out"
echo "demo: making the guest's kernel and ramdisk (Debian's, cached in ~/.cache/armguest) ..."
"$here/guest-files.sh" -x "$rel" "$here/hello-init.sh" "$out/files" >"$out/files.log" 2>&1 ||
	{ echo "demo: FAILED: cannot make the guest's files (see build/demo/files.log)"; exit 1; }
sed -e "s|/srv/guests/vmlinuz|$out/files/Image|" -e "s|/srv/guests/initrd.gz|$out/files/initrd.gz|" \
	examples/hello.cfg >"$out/hello.cfg"
echo "demo: armguest qemu --xen $rel --via $tool build/demo/hello.cfg" \
	"(examples/hello.cfg with those files; emulated arm64: a minute or two)"
ARMGUEST_PROGRESS=1 "$ag" qemu --xen "$rel" --via "$tool" --keep "$out/run" "$out/hello.cfg"
rc=$?
echo
if [ "$rc" = 0 ] && grep -q 'Hello from a Xen guest on Arm64' "$out/run/guests/hello.$tool.cons"; then
	echo "demo: OK: $tool created 'hello' on Xen $rel; the guest booted, said hello and powered off ($(($(date +%s) - start)) s in all)"
else
	echo "demo: FAILED: armguest qemu exited $rc (serial log: build/demo/run/serial.log)"
	exit 1
fi
