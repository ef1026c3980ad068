#!/bin/bash
# Offline cost, counted in instructions (docs/performance.md): `armguest dtb` (the whole process,
# dynamic linking included, under valgrind's callgrind) against bench/reader (the smallest reader
# of the same config through the real libxlutil, linked with -lxlutil only), on three goldens.
# Instructions, unlike time, do not move with the machine's load, so this runs in CI:
# it fails when `armguest dtb` needs a third or more of the reader's instructions on any of them.
#
#   bench/insn.sh [ARMGUEST [READER]]   (defaults: build/armguest, build/bench/reader)
set -u
cd "$(dirname "$0")/.."
ag=${1:-build/armguest} reader=${2:-build/bench/reader}
for b in "$ag" "$reader"; do
	[ -x "$b" ] || { echo "insn: no $b (make bench-insn builds both)" >&2; exit 2; }
done
command -v valgrind >/dev/null || { echo "insn: valgrind missing (ci/install-deps.sh test)" >&2; exit 2; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# Instructions executed by a whole process (callgrind's "Collected" total).
insn() {
	valgrind --tool=callgrind --callgrind-out-file=/dev/null "$@" 2>&1 >/dev/null |
		sed -n 's/^==[0-9]*== Collected : //p'
}
input() { sed -n "s/^$1=//p" "tests/golden/$name.inputs"; }

fail=0
printf '%-10s %12s %12s %7s\n' golden "armguest dtb" reader ratio
for name in v3-basic v3-vuart v2-basic; do
	dir=$work/$name
	mkdir -p "$dir"
	tests/lib/fake-files.sh kernel "tests/fixtures/$(input kernel)" "$dir/kernel" &&
		tests/lib/fake-files.sh ramdisk "$(input ramdisk_size)" "$dir/ramdisk" || exit 2
	sed -e "s|@KERNEL@|$dir/kernel|g" -e "s|@RAMDISK@|$dir/ramdisk|g" \
		"tests/golden/$name.cfg" >"$dir/g.cfg"
	# Both must do their job: the tree built, the config read.
	"$ag" dtb "$dir/g.cfg" -o "$dir/out.dtb" --xen 4.17 --gic "v$(input host_gic)" 2>/dev/null ||
		{ echo "insn: armguest dtb failed on $name" >&2; exit 2; }
	"$reader" "$dir/g.cfg" >/dev/null || { echo "insn: reader failed on $name" >&2; exit 2; }
	a=$(insn "$ag" dtb "$dir/g.cfg" -o "$dir/out.dtb" --xen 4.17 --gic "v$(input host_gic)")
	r=$(insn "$reader" "$dir/g.cfg")
	[ -n "$a" ] && [ -n "$r" ] || { echo "insn: callgrind gave no count" >&2; exit 2; }
	awk -v n="$name" -v a="$a" -v r="$r" 'BEGIN { printf "%-10s %12d %12d %7.3f\n", n, a, r, a / r }'
	[ $((a * 3)) -lt "$r" ] || { echo "insn: $name: armguest dtb is not under a third of the reader"; fail=1; }
done
exit $fail
