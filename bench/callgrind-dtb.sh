#!/bin/bash
# The instruction count of `armguest dtb` on tests/golden/v3-basic under callgrind, and the
# shared libraries the process mapped (issue #18 wants the count under 0.79M; issue #14: the
# offline commands load no Xen library).  Usage: bench/callgrind-dtb.sh [ARMGUEST]
set -euo pipefail
cd "$(dirname "$0")/.."
bin=${1:-build/armguest}
command -v valgrind >/dev/null || { echo "valgrind is not installed (ci/install-deps.sh)"; exit 77; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
tests/lib/fake-files.sh kernel tests/fixtures/linux-6.1.0-56-arm64.image "$tmp/kernel"
tests/lib/fake-files.sh ramdisk 987861 "$tmp/ramdisk"
sed -e "s|@KERNEL@|$tmp/kernel|g" -e "s|@RAMDISK@|$tmp/ramdisk|g" tests/golden/v3-basic.cfg >"$tmp/v3.cfg"
valgrind --tool=callgrind --callgrind-out-file="$tmp/cg.out" \
	"$bin" dtb --xen 4.17 --gic v3 "$tmp/v3.cfg" -o "$tmp/out.dtb" 2>"$tmp/vg.log"
cmp -s "$tmp/out.dtb" tests/golden/v3-basic.dtb || echo "note: the tree differs from the golden"
echo "instructions: $(sed -n 's/^summary: //p' "$tmp/cg.out")"
echo "libraries: $(LD_TRACE_LOADED_OBJECTS=1 "$bin" 2>/dev/null | awk '{print $1}' | tr '\n' ' ')"
