#!/bin/bash
# The goldens' recipe's host-side comparisons (tests/boot/goldens-lib.sh, fdt-seed.py) on the
# committed goldens, offline: what `make goldens-check` calls the same and what it calls a
# difference.  The recipe itself needs a boot: `make goldens-check` (docs/testing.md).
set -u
cd "$(dirname "$0")/.." || exit 2
for t in python3 dtc cmp; do
	command -v $t >/dev/null || { echo "$t is not installed (ci/install-deps.sh)"; exit 77; }
done
. tests/boot/goldens-lib.sh
g=tests/golden
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fails=0
expect() { # NAME WANT GOT
	if [ "$2" = "$3" ]; then echo "ok   $1"; else echo "FAIL $1: want '$2', got '$3'"; fails=$((fails + 1)); fi
}
# flip FILE OFFSET: invert one byte in place.
flip() {
	local b
	b=$(od -An -tu1 -j "$2" -N1 "$1" | tr -d ' ')
	printf '%b' "\\$(printf '%03o' $((255 - b)))" | dd of="$1" bs=1 seek="$2" conv=notrunc status=none
}
# verdict REF NEW NAME: "same" or "DIFF" from compare_golden.
verdict() { if compare_golden "$1" "$2" "$3" >"$tmp/out"; then echo same; else echo DIFF; fi; }

# Every guest tree is libxl's blob with the seed NOPed (or, acpi = 1, the blob itself).
n_both=0 n_ok=0
for l in "$g"/*.libxl.dtb; do
	n=$(basename "$l" .libxl.dtb)
	[ -f "$g/$n.dtb" ] || continue
	n_both=$((n_both + 1))
	if guest_tree_is_libxls "$g/$n.dtb" "$l"; then n_ok=$((n_ok + 1)); else echo "  $n: guest tree is not libxl's"; fi
done
expect "every guest tree is libxl's blob, seed NOPed ($n_both goldens)" "$n_both" "$n_ok"
expect "more than a few goldens have both trees" yes "$([ "$n_both" -ge 10 ] && echo yes || echo no)"
fdt_seed nop "$g/o-v3-acpi.libxl.dtb" "$tmp/acpi-nop.dtb"
expect "acpi = 1: the seed after /chosen's subnode is found" 0 $?
expect "acpi = 1: the guest kept the seed" same "$(cmp -s "$g/o-v3-acpi.dtb" "$g/o-v3-acpi.libxl.dtb" && echo same)"
fdt_seed nop "$g/o-v3-cmdline-extra.dtb" "$tmp/x.dtb"
expect "no seed left in a guest tree: status 1" 1 $?
fdt_seed nop "$g/v3-basic.cfg" "$tmp/x.dtb" 2>/dev/null
expect "not a device tree: status 2" 2 $?

# A regenerated copy: another seed, another source, other timings and domain ids.
ref=$tmp/ref new=$tmp/new
mkdir -p "$ref" "$new"
for n in o-v3-cmdline-extra o-v3-tee-optee o-v3-acpi o-v3-partial-dt-nopassthrough; do
	cp "$g/$n".* "$ref/"
	cp "$g/$n".* "$new/"
	sed -i 's/^source=.*/source=make goldens, a later day/' "$new/$n.inputs"
	sed -i -E 's/t0=[0-9.]+ t1=[0-9.]+/t0=1.00 t1=2.00/' "$new/$n.xl.log"
done
fdt_seed mask "$g/o-v3-cmdline-extra.libxl.dtb" "$new/o-v3-cmdline-extra.libxl.dtb"
fdt_seed mask "$g/o-v3-acpi.libxl.dtb" "$new/o-v3-acpi.libxl.dtb"
sed -i 's/Domain 6:/Domain 2:/' "$new/o-v3-partial-dt-nopassthrough.xl.log"
for n in o-v3-cmdline-extra o-v3-tee-optee o-v3-acpi o-v3-partial-dt-nopassthrough; do
	expect "$n: another seed, source, timings and domain id are no difference" same "$(verdict "$ref" "$new" "$n")"
done
fdt_seed mask "$g/o-v3-acpi.dtb" "$new/o-v3-acpi.dtb"
expect "acpi = 1: a guest tree that kept another seed is no difference" same "$(verdict "$ref" "$new" o-v3-acpi)"
mkdir -p "$tmp/old" "$tmp/oldnew"
cp "$g/v3-hvm".* "$tmp/old/" && cp "$g/v3-hvm".* "$tmp/oldnew/"
sed -i '1i libxl: error: libxl_dom.c:1075:libxl__build_hvm: initializing domain firmware failed' "$tmp/oldnew/v3-hvm.xl.log"
expect "a committed log without xl's output: only the status is compared" same "$(verdict "$tmp/old" "$tmp/oldnew" v3-hvm)"
sed -i 's/rc=3/rc=0/' "$tmp/oldnew/v3-hvm.xl.log"
expect "... but the status is" DIFF "$(verdict "$tmp/old" "$tmp/oldnew" v3-hvm)"
expect "the booting golden's warning is compared" \
	"  same o-v3-cmdline-extra.xl.log: rc=0, xl's messages identical (1 lines)" \
	"$(compare_golden "$ref" "$new" o-v3-cmdline-extra | grep xl.log)"
expect "xl_log_rc" 3 "$(xl_log_rc "$g/o-v3-tee-optee.xl.log")"

# Differences it must see.
d=$tmp/d
reset() { rm -rf "$d" && cp -r "$new" "$d"; }
reset; flip "$d/o-v3-cmdline-extra.dtb" 400
expect "one byte of the guest tree" DIFF "$(verdict "$ref" "$d" o-v3-cmdline-extra)"
reset; rm "$d/o-v3-cmdline-extra.dtb"
expect "no guest tree regenerated" DIFF "$(verdict "$ref" "$d" o-v3-cmdline-extra)"
reset; flip "$d/o-v3-cmdline-extra.libxl.dtb" 100
expect "one byte of libxl's blob outside the seed" DIFF "$(verdict "$ref" "$d" o-v3-cmdline-extra)"
reset; flip "$d/o-v3-acpi.libxl.dtb" 200
expect "one byte of libxl's blob outside the seed (acpi)" DIFF "$(verdict "$ref" "$d" o-v3-acpi)"
reset; flip "$d/o-v3-acpi.dtb" 200
expect "one byte of the guest tree outside the seed it kept (acpi)" DIFF "$(verdict "$ref" "$d" o-v3-acpi)"
reset; sed -i 's/rc=3/rc=0/' "$d/o-v3-tee-optee.xl.log"
expect "xl's exit status" DIFF "$(verdict "$ref" "$d" o-v3-tee-optee)"
reset; sed -i 's/Invalid argument/Operation not permitted/' "$d/o-v3-tee-optee.xl.log"
expect "an error line" DIFF "$(verdict "$ref" "$d" o-v3-tee-optee)"
reset; sed -i '/^Warning:/d' "$d/o-v3-cmdline-extra.xl.log"
expect "a warning gone" DIFF "$(verdict "$ref" "$d" o-v3-cmdline-extra)"
reset; sed -i 's/^ramdisk_size=.*/ramdisk_size=1000000/' "$d/o-v3-tee-optee.inputs"
expect "an input" DIFF "$(verdict "$ref" "$d" o-v3-tee-optee)"
reset; sed -i 's/^kernel=.*/kernel=linux-6.1.0-99-arm64.image/' "$d/o-v3-cmdline-extra.inputs"
compare_golden "$ref" "$d" o-v3-cmdline-extra >/dev/null
expect "a new kernel fixture is told apart" 1 "$golden_kernel_moved"
rm "$new/o-v3-tee-optee.inputs"
expect "nothing regenerated" DIFF "$(verdict "$ref" "$new" o-v3-tee-optee)"

# The Xen 4.20 goldens (tests/golden-4.20, made with the 4.17 goldens' board and ramdisk size):
# each guest tree is libxl's blob with the seed NOPed, and where the config is also a 4.17
# golden, differs from the 4.17 golden's only in the three version strings (XENVM-,
# xen,xenvm-, xen,xen-: 4.17 -> 4.20), as their README says.  (The goldens of 4.18-4.20's
# keys have no 4.17 counterpart: 4.17 refuses those keys.)
g20=tests/golden-4.20
n20=0 n20_ok=0 n20_lx=0 n20_both=0
for t in "$g20"/*.dtb; do
	case $t in *.libxl.dtb | *.partial.dtb) continue ;; esac
	n=$(basename "$t" .dtb)
	n20=$((n20 + 1))
	if [ -f "$g20/$n.libxl.dtb" ] && guest_tree_is_libxls "$t" "$g20/$n.libxl.dtb"; then
		n20_lx=$((n20_lx + 1))
	else
		echo "  4.20 $n: guest tree is not libxl's"
	fi
	[ -f "$g/$n.dtb" ] || continue
	n20_both=$((n20_both + 1))
	python3 - "$g/$n.dtb" "$t" <<-'EOF' && n20_ok=$((n20_ok + 1))
		import sys
		a = open(sys.argv[1], "rb").read()
		b = open(sys.argv[2], "rb").read()
		for s in (b"XENVM-", b"xen,xenvm-", b"xen,xen-"):
		    if a.count(s + b"4.17\0") != 1:
		        sys.exit("  4.20 %s: %r is not once in the 4.17 tree" % (sys.argv[2], s))
		    a = a.replace(s + b"4.17\0", s + b"4.20\0")
		if a != b:
		    sys.exit("  4.20 %s: differs from the 4.17 tree beyond the version strings" % sys.argv[2])
	EOF
done
expect "4.20 goldens: every guest tree is libxl's blob, seed NOPed ($n20 goldens)" "$n20" "$n20_lx"
expect "4.20 goldens: each tree is the 4.17 tree but for the version strings ($n20_both goldens)" "$n20_both" "$n20_ok"
expect "4.20 goldens: the booting ones are there" yes "$([ "$n20_both" -ge 10 ] && [ "$n20" -ge 15 ] && echo yes || echo no)"
for n in v3-hvm v3-maxmem o-v3-tee-optee; do
	expect "4.20 $n: no tree" no "$([ -f "$g20/$n.dtb" ] && echo yes || echo no)"
done
expect "4.20 v3-hvm: xl 4.20 aborts (SIGABRT)" 134 "$(xl_log_rc "$g20/v3-hvm.xl.log")"

[ "$fails" = 0 ]
