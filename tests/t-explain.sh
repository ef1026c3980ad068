#!/bin/bash
# armguest explain against every golden (tests/golden, tests/golden-4.20): for each tree xl built
# (NAME.dtb, else NAME.libxl.dtb), `explain --json' with the golden's release and GIC must have an
# entry for every node and property of the golden's tree, walked tag by tag
# (tests/helpers/explain-cover.c), and say truly which of its entries are in it.  Its text output
# must name the config's position of each key that produced the tree and list the keys that
# produced nothing; `--dom0less' must give every key of a config a fate; bad options are refused.
set -u
cd "$(dirname "$0")/.."
BUILD=${BUILD:-build}
ARMGUEST=${ARMGUEST:-$PWD/$BUILD/armguest}
TESTBIN=${TESTBIN:-$PWD/$BUILD/tests}
command -v xxd >/dev/null || { echo "xxd is not installed (ci/install-deps.sh)"; exit 77; }

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fails=0 trees=0 props=0
fail() { echo "FAIL $*"; fails=$((fails + 1)); }
input() { sed -n "s/^$1=//p" "$inputs" | head -n 1; }

for cfg in tests/golden/*.cfg tests/golden-4.20/*.cfg; do
	gdir=$(dirname "$cfg") name=$(basename "$cfg" .cfg)
	inputs=$gdir/$name.inputs
	xen=$(input xen)
	dir=$tmp/$name@$xen
	mkdir -p "$dir"
	tree=$gdir/$name.dtb
	if [ ! -f "$tree" ]; then
		[ -f "$gdir/$name.libxl.dtb" ] || continue     # xl refused it: no tree to explain
		# libxl's pre-boot blob: the guest would see it with the seed NOPed, as explain does.
		"$TESTBIN/fdt-nop-seed" "$gdir/$name.libxl.dtb" "$dir/libxl-nop.dtb" ||
			{ fail "$name@$xen: cannot NOP the seed of $name.libxl.dtb"; continue; }
		tree=$dir/libxl-nop.dtb
	fi
	tests/lib/fake-files.sh kernel "tests/fixtures/$(input kernel)" "$dir/kernel" &&
		tests/lib/fake-files.sh ramdisk "$(input ramdisk_size)" "$dir/ramdisk" ||
		{ fail "$name@$xen: cannot fake the boot files"; continue; }
	for f in $(input files | tr ',' ' '); do cp "$gdir/$f" "$dir/"; done
	sed -e "s|@KERNEL@|$dir/kernel|g" -e "s|@RAMDISK@|$dir/ramdisk|g" -e "s|@CFGDIR@|$dir|g" \
		"$cfg" > "$dir/guest.cfg"
	args=(--xen "$xen" --gic "v$(input host_gic)")
	if ! "$ARMGUEST" explain "$dir/guest.cfg" "${args[@]}" --json > "$dir/e.json" 2>"$dir/err"; then
		fail "$name@$xen: explain failed: $(cat "$dir/err")"
		continue
	fi
	if out=$("$TESTBIN/explain-cover" "$tree" "$dir/e.json"); then
		trees=$((trees + 1))
		props=$((props + ${out#covered }))
	else
		fail "$name@$xen: $(basename "$tree"):"
		echo "$out" | head -n 10
	fi
done
[ "$trees" -ge 40 ] || fail "only $trees goldens' trees explained"

# The text: a composed command line names both keys at their positions, a key that produced
# nothing is listed with its status, a constant names its header and macro, a NOPed bank says so.
d=$tmp/text
mkdir -p "$d"
tests/lib/fake-files.sh kernel tests/fixtures/linux-6.1.0-56-arm64.image "$d/kernel"
tests/lib/fake-files.sh ramdisk 300000 "$d/initrd"
printf 'name = "web"\nkernel = "kernel"\nramdisk = "initrd"\nroot = "/dev/xvda1"\nextra = "quiet"\nmemory = 256\non_crash = "preserve"\n' > "$d/guest.cfg"
# The text is for Xen 4.17 whatever release the binary is built for (--xen), as the
# citations name the release branch.
(cd "$d" && "$ARMGUEST" explain guest.cfg --xen 4.17 --gic v3 --svg map.svg) > "$d/out" 2>"$d/err" ||
	fail "text: exit $?: $(cat "$d/err")"
want() { grep -qF -- "$1" "$d/out" || fail "text: no '$1'"; }
want 'bootargs = "root=/dev/xvda1 quiet"'
want "<- key: \`root' at guest.cfg:4:1, with \`extra' at guest.cfg:5:1"
want 'GUEST_GICV3_GICD_BASE, GUEST_GICV3_GICD_SIZE (xen/include/public/arch-arm.h, stable-4.17)'
want 'enable-method = "psci"'
want '/memory@200000000  (removed before boot)'
want 'kernel Image header: text_offset 0x0, image_size 0x2010000'
want 'guest.cfg:7:1: on_crash: create: '
# A key that is warned about (ignored, with the reason) is listed with that status.
{ cat "$d/guest.cfg"; echo 'bootloader_args = [ "-q" ]'; } >"$d/warned.cfg"
(cd "$d" && "$ARMGUEST" explain warned.cfg --xen 4.17 --gic v3) 2>/dev/null | grep -qF 'warned.cfg:8:1: bootloader_args: warned: armguest runs no bootloader' ||
	fail "text: a warned key is not listed as warned"
want 'guest.cfg:1:1: name: create: '
want '  0x0000000040000000 RAM bank 0'
grep -q 'guest.cfg:[0-9]*:[0-9]*: memory:' "$d/out" && fail "text: memory listed as producing nothing"
grep -q '<svg' "$d/map.svg" && grep -q '>RAM bank 0, 256 MiB<' "$d/map.svg" ||
	fail "text: --svg wrote no map with the RAM bank"
"$ARMGUEST" explain "$d/guest.cfg" --xen 4.20 --gic v2 > "$d/out420" &&
	grep -qF 'GUEST_GICD_BASE, GUEST_GICD_SIZE (xen/include/public/arch-arm.h, stable-4.20)' "$d/out420" ||
	fail "4.20 + v2: no GICv2 citation at stable-4.20"

# --dom0less: every key of the config gets one line with its fate.
"$ARMGUEST" explain --dom0less "$d/guest.cfg" --xen 4.17 --gic v3 > "$d/d0l" 2>"$d/err" ||
	fail "--dom0less: exit $?: $(cat "$d/err")"
[ "$(grep -c "guest.cfg:[0-9]*:[0-9]*: " "$d/d0l")" = 7 ] || fail "--dom0less: not 7 keys: $(cat "$d/d0l")"
grep -q "extra: mapped: the kernel module's \`bootargs'" "$d/d0l" || fail "--dom0less: extra not mapped"
"$ARMGUEST" explain --dom0less --json "$d/guest.cfg" --gic v3 | grep -q '"becomes"' ||
	fail "--dom0less --json: no \"becomes\""

# Refusals.
"$ARMGUEST" explain "$d/guest.cfg" 2>"$d/err"
[ $? = 1 ] && grep -q 'pass --gic v2 or --gic v3' "$d/err" || fail "no --gic, no gic_version: not refused"
"$ARMGUEST" explain "$d/guest.cfg" --gic v4 2>/dev/null
[ $? = 2 ] || fail "--gic v4: not a usage error"
"$ARMGUEST" explain --dom0less --svg x.svg "$d/guest.cfg" 2>/dev/null
[ $? = 2 ] || fail "--dom0less --svg: not a usage error"

echo "explain: $trees goldens' trees, $props nodes and properties accounted for; failures: $fails"
[ "$fails" = 0 ]
