#!/bin/bash
# `make demo`: boot Debian's Xen under QEMU, and in dom0 start the example guest
# (examples/hello.cfg) with `armguest create -c`, showing the guest's console here.
# No Xen hardware needed; works without a terminal too.  DEMO_VERBOSE=1 shows the whole
# serial console (Xen's and dom0's boot messages too); the full log is always kept in
# build/demo/serial.log.  DEMO_XEN (else BOOT_XEN, else 4.17) = the Xen release to boot:
# 4.17 (Debian 12) or 4.20 (Debian 13).  ARMGUEST_ARM64 = the static arm64 armguest built
# for that release (default build/aarch64-xenRELEASE/armguest, what `make cross XEN=RELEASE`
# writes).  DEMO_TOOL=xl runs the real `xl create -c`
# instead, and needs no armguest.
set -uo pipefail
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)
cd "$top"
rel=${DEMO_XEN:-${BOOT_XEN:-4.17}}
case $rel in
4.17 | 4.20) ;;
*) echo "demo: Xen '$rel': the demo boots Xen 4.17 or 4.20" >&2; exit 2 ;;
esac
ag=$(realpath -m "${ARMGUEST_ARM64:-build/aarch64-xen$rel/armguest}")
out=$top/build/demo
start=$(date +%s)
tool=${DEMO_TOOL:-armguest}
if [ "$tool" != xl ] && [ ! -x "$ag" ]; then
	echo "demo: $ag is missing: run 'make cross' first (or DEMO_TOOL=xl for the real xl alone)" >&2
	exit 2
fi
rm -rf "$out" && mkdir -p "$out/payload/cfg"
cp examples/hello.cfg "$out/payload/cfg/"
[ ! -x "$ag" ] || cp "$ag" "$out/payload/armguest"
[ -z "${DEMO_TOOL:-}" ] || echo "DEMO_TOOL=$DEMO_TOOL" >"$out/payload/demo.env"

echo "demo: booting Xen $rel and a Debian dom0 under QEMU (emulated arm64: about a minute) ..."
# Show the interesting part of the serial line as it comes: milestones while Xen and dom0
# boot, then everything between the dom0 script's markers except Xen's own messages.
show() {
	if [ "${DEMO_VERBOSE:-}" = 1 ]; then cat; return; fi
	tr -d '\r' | awk '
		/^\(XEN\) Xen version / && !x { x = 1; print "demo: hypervisor up: Xen " $4 " " $5 " " $6; fflush() }
		/^@@DOM0-UP/ { print "demo: dom0 up; in dom0:"; print ""; fflush() }
		/^@@DEMO-END/ { on = 0 }
		on && !/^\(XEN\)/ { print "  | " $0; fflush() }
		/^@@DEMO-BEGIN@@$/ { on = 1 }
		/^boot-xen: / && !/^boot-xen: done/ { print "demo: " substr($0, 11); fflush() }'
}
GUEST_INIT=$here/hello-init.sh "$here/boot-xen.sh" -x "$rel" -l -g 3 -m 2048 -t 900 "$here/dom0-demo.sh" "$out/payload" "$out" 2>&1 | show
rc=${PIPESTATUS[0]}
echo
if [ "$rc" != 0 ] || [ ! -f "$out/results/demo" ]; then
	echo "demo: FAILED: the boot did not finish (full log: build/demo/serial.log)"
	exit 1
fi
read -r grc gms <"$out/results/demo"
if [ "$grc" = 0 ] && grep -q 'Hello from a Xen guest on Arm64' "$out/serial.log"; then
	echo "demo: OK: $tool created 'hello' on Xen $rel; the guest booted, said hello and powered off ($((gms / 1000)).$(( (gms % 1000) / 100 )) s in dom0, $(($(date +%s) - start)) s in all)"
else
	echo "demo: FAILED: $tool create -c exited $grc (full log: build/demo/serial.log)"
	exit 1
fi
