#!/bin/bash
# `make demo`: boot Debian's Xen 4.17 under QEMU, and in dom0 start the example guest
# (examples/hello.cfg) with `armguest create -c`, showing the guest's console here.
# No Xen hardware needed; works without a terminal too.  DEMO_VERBOSE=1 shows the whole
# serial console (Xen's and dom0's boot messages too); the full log is always kept in
# build/demo/serial.log.  ARMGUEST_ARM64 = the static arm64 armguest (build/aarch64/armguest).
set -uo pipefail
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)
cd "$top"
ag=$(realpath -m "${ARMGUEST_ARM64:-build/aarch64/armguest}")
out=$top/build/demo
start=$(date +%s)
[ -x "$ag" ] || { echo "demo: $ag is missing: run 'make cross' first" >&2; exit 2; }
rm -rf "$out" && mkdir -p "$out/payload/cfg"
cp examples/hello.cfg "$out/payload/cfg/"
cp "$ag" "$out/payload/armguest"
[ -z "${DEMO_TOOL:-}" ] || echo "DEMO_TOOL=$DEMO_TOOL" >"$out/payload/demo.env"

echo "demo: booting Xen 4.17 and a Debian dom0 under QEMU (emulated arm64: about a minute) ..."
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
GUEST_INIT=$here/hello-init.sh "$here/boot-xen.sh" -l -g 3 -m 2048 -t 900 "$here/dom0-demo.sh" "$out/payload" "$out" 2>&1 | show
rc=${PIPESTATUS[0]}
echo
if [ "$rc" != 0 ] || [ ! -f "$out/results/demo" ]; then
	echo "demo: FAILED: the boot did not finish (full log: build/demo/serial.log)"
	exit 1
fi
read -r grc gms <"$out/results/demo"
tool=${DEMO_TOOL:-armguest}
if [ "$grc" = 0 ] && grep -q 'Hello from a Xen guest on Arm64' "$out/serial.log"; then
	echo "demo: OK: $tool created 'hello' on Xen 4.17; the guest booted, said hello and powered off ($((gms / 1000)).$(( (gms % 1000) / 100 )) s in dom0, $(($(date +%s) - start)) s in all)"
else
	echo "demo: FAILED: $tool create -c exited $grc (full log: build/demo/serial.log)"
	exit 1
fi
