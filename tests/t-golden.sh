#!/bin/bash
# Golden tests: `armguest dtb` against the trees the real libxl built: 4.17's in tests/golden/,
# 4.20's in tests/golden-4.20/ when it exists (GOLDEN_DIRS="DIR..." to name others).  Each
# golden is built for the release its NAME.inputs names (`xen=`), with --xen.
#
# For every DIR/NAME.cfg (with NAME.inputs):
#  - boot files are faked from NAME.inputs (kernel header + size, ramdisk
#    size) and extra files (files=) are copied beside the config;
#  - `--gic` is the golden host's GIC when the config has no gic_version;
#  - xl succeeded and the guest booted (NAME.dtb): our default output
#    (--rng-seed nop) must equal NAME.dtb byte for byte, and its dtc text
#    the text of NAME.dtb by the same dtc (not the committed NAME.dts: dtc
#    1.7 prints string lists unlike the 1.6 that wrote it; the bytes are the
#    reference, the text only shows where they differ); with --rng-seed hex:<seed>, NOPing the seed
#    afterwards (tests/helpers/fdt-nop-seed.c) must give NAME.dtb again.
#    Where the guest kept the seed (acpi = 1), the output pinned to the
#    golden's seed is the one compared;
#  - NAME.libxl.dtb (libxl's pre-boot blob): pinning its seed must give it
#    byte for byte; after NOPing the seed in both they must also match;
#  - xl failed (xl_rc != 0): armguest dtb must refuse the config, except
#    where only the host can tell (listed in HOST_ONLY below, with why), and
#    where xl failed after the tree was built, for want of a device back end
#    (NO_BACKEND below): there dtb warns and its tree must be NAME.libxl.dtb;
#  - every tree written passes dtc without errors.
# Prints the counts.  Needs dtc and xxd.
set -u
cd "$(dirname "$0")/.."
BUILD=${BUILD:-build}
ARMGUEST=${ARMGUEST:-$PWD/$BUILD/armguest}
TESTBIN=${TESTBIN:-$PWD/$BUILD/tests}
for t in dtc xxd; do
	command -v $t >/dev/null || { echo "$t is not installed (ci/install-deps.sh)"; exit 77; }
done

# Goldens xl refused for reasons that exist only on the oracle's host.
declare -A HOST_ONLY=(
	[o-v3-tee-optee]="the oracle's Xen was built without OP-TEE mediation; whether a host's Xen supports tee = \"optee\" is only known on that host"
	[o-v3-tee-ffa]="the oracle's Xen was built without the FF-A mediator; only the host's Xen can tell (create refuses as xl does)"
	[o-v3-sve]="the oracle's CPU has no SVE; only the host can tell (create asks physinfo and refuses as xl does)"
	[o-v3-llc-colors]="the oracle's Xen does not colour the LLC; only the host's Xen can tell (create refuses as xl does)"
)

# Goldens xl built the tree for and then failed, as no back end served their devices: the rig's
# dom0 runs no virtio back end.  armguest dtb builds the same tree and warns about each device.
declare -A NO_BACKEND=(
	[o-v3-virtio-disk-one]="virtio disk, no virtio back end in dom0"
	[o-v3-virtio-disk-vuart]="virtio disks, no virtio back end in dom0"
	[o-v3-virtio-disk-and-device]="a virtio disk, no virtio back end in dom0"
)

dirs=${GOLDEN_DIRS:-tests/golden $(ls -d tests/golden-4.20 2>/dev/null)}

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
goldens=0 identical=0 refused=0 host_only=0 failures=0 pre_boot=0

fail() { echo "FAIL $name: $*"; failures=$((failures + 1)); }

input() { sed -n "s/^$1=//p" "$inputs" | head -n 1; }

# dtc must decompile it without an error (warnings are libxl's, e.g. /hypervisor's unit name).
dtc_ok() {
	local err
	err=$(dtc -q -I dtb -O dts -o /dev/null "$1" 2>&1)
	if printf '%s' "$err" | grep -q ERROR; then
		fail "dtc: $err"
		return 1
	fi
}

for cfg in $(for d in $dirs; do ls "$d"/*.cfg; done); do
	gdir=$(dirname "$cfg")
	name=$(basename "$cfg" .cfg)
	inputs=$gdir/$name.inputs
	[ -f "$inputs" ] || { fail "no $inputs"; continue; }
	xen=$(input xen)
	[ -n "$xen" ] || { fail "no xen= in $inputs"; continue; }
	name=$name@$xen
	goldens=$((goldens + 1))
	dir=$tmp/$name
	mkdir -p "$dir"

	tests/lib/fake-files.sh kernel "tests/fixtures/$(input kernel)" "$dir/kernel" ||
		{ fail "cannot fake the kernel"; continue; }
	tests/lib/fake-files.sh ramdisk "$(input ramdisk_size)" "$dir/ramdisk" ||
		{ fail "cannot fake the ramdisk"; continue; }
	for f in $(input files | tr ',' ' '); do
		cp "$gdir/$f" "$dir/" || fail "missing extra file $f"
	done
	sed -e "s|@KERNEL@|$dir/kernel|g" -e "s|@RAMDISK@|$dir/ramdisk|g" \
	    -e "s|@CFGDIR@|$dir|g" "$cfg" > "$dir/$name.cfg"

	args=(--xen "$xen")
	grep -Eq '^[[:space:]]*gic_version[[:space:]]*=' "$cfg" || args+=(--gic "v$(input host_gic)")
	out=$dir/out.dtb
	xl_rc=$(input xl_rc)

	if [ "${xl_rc:-0}" != 0 ] && [ -z "${NO_BACKEND[${name%@*}]:-}" ]; then
		if "$ARMGUEST" dtb "$dir/$name.cfg" -o "$out" "${args[@]}" 2>"$dir/err"; then
			if [ -n "${HOST_ONLY[${name%@*}]:-}" ]; then
				echo "note $name: xl failed (rc $xl_rc) but armguest cannot know: ${HOST_ONLY[${name%@*}]}"
				host_only=$((host_only + 1))
				dtc_ok "$out"
			else
				fail "xl failed (rc $xl_rc) but armguest dtb wrote a tree"
			fi
		else
			rc=$?
			[ "$rc" = 1 ] || fail "refused with exit $rc, not 1: $(cat "$dir/err")"
			[ -e "$out" ] && fail "an output file was left behind"
			grep -q 'error:' "$dir/err" || fail "no error message: $(cat "$dir/err")"
			refused=$((refused + 1))
		fi
		continue
	fi

	if ! "$ARMGUEST" dtb "$dir/$name.cfg" -o "$out" "${args[@]}" 2>"$dir/err"; then
		fail "armguest dtb failed: $(cat "$dir/err")"
		continue
	fi
	dtc_ok "$out" || continue
	if [ -n "${NO_BACKEND[${name%@*}]:-}" ]; then
		grep -q 'warning: .* would not be created: armguest runs no' "$dir/err" ||
			fail "no warning about the device without a back end: $(cat "$dir/err")"
		[ -f "$gdir/${name%@*}.libxl.dtb" ] || fail "no $name.libxl.dtb to compare with"
	fi

	ok=1
	if [ -f "$gdir/${name%@*}.dtb" ]; then
		ours=$out
		if seed=$("$TESTBIN/fdt-get-seed" "$gdir/${name%@*}.dtb" 2>/dev/null); then
			# The guest did not consume the seed (acpi = 1 hides it after a
			# subnode): only the pinned seed can reproduce its bytes.
			ours=$dir/pinned.dtb
			"$ARMGUEST" dtb "$dir/$name.cfg" -o "$ours" "${args[@]}" \
				--rng-seed "hex:$seed" 2>>"$dir/err" || { fail "--rng-seed hex failed"; continue; }
			dtc_ok "$ours" || ok=0
		else
			# Any pinned seed, NOPed afterwards, gives the guest's view again.
			"$ARMGUEST" dtb "$dir/$name.cfg" -o "$dir/seeded.dtb" "${args[@]}" \
				--rng-seed "hex:$(printf '%02x' $(seq 0 127))" 2>>"$dir/err" ||
				{ fail "--rng-seed hex failed"; ok=0; }
			dtc_ok "$dir/seeded.dtb" || ok=0
			"$TESTBIN/fdt-nop-seed" "$dir/seeded.dtb" "$dir/seeded-nop.dtb" 2>/dev/null &&
				cmp -s "$dir/seeded-nop.dtb" "$gdir/${name%@*}.dtb" ||
				{ fail "--rng-seed hex + NOP differs from $name.dtb"; ok=0; }
		fi
		if ! cmp -s "$ours" "$gdir/${name%@*}.dtb"; then
			fail "not byte-identical to $name.dtb: $(cmp "$ours" "$gdir/${name%@*}.dtb" 2>&1 | head -n 1)"
			ok=0
		fi
		dtc -q -I dtb -O dts -o "$dir/out.dts" "$ours" 2>/dev/null
		dtc -q -I dtb -O dts -o "$dir/golden.dts" "$gdir/${name%@*}.dtb" 2>/dev/null
		if ! diff -u "$dir/golden.dts" "$dir/out.dts" > "$dir/dts.diff"; then
			fail "dtc's text differs from its text of ${name%@*}.dtb:"
			head -n 20 "$dir/dts.diff"
			ok=0
		fi
	fi
	if [ -f "$gdir/${name%@*}.libxl.dtb" ]; then
		seed=$("$TESTBIN/fdt-get-seed" "$gdir/${name%@*}.libxl.dtb") ||
			{ fail "no seed in $name.libxl.dtb"; continue; }
		"$ARMGUEST" dtb "$dir/$name.cfg" -o "$dir/pre.dtb" "${args[@]}" \
			--rng-seed "hex:$seed" 2>>"$dir/err" || { fail "--rng-seed hex failed"; continue; }
		dtc_ok "$dir/pre.dtb" || ok=0
		cmp -s "$dir/pre.dtb" "$gdir/${name%@*}.libxl.dtb" ||
			{ fail "not byte-identical to $name.libxl.dtb"; ok=0; }
		"$TESTBIN/fdt-nop-seed" "$dir/pre.dtb" "$dir/pre-nop.dtb" 2>/dev/null
		"$TESTBIN/fdt-nop-seed" "$gdir/${name%@*}.libxl.dtb" "$dir/libxl-nop.dtb" 2>/dev/null
		cmp -s "$dir/pre-nop.dtb" "$dir/libxl-nop.dtb" ||
			{ fail "after NOPing the seed in both, differs from $name.libxl.dtb"; ok=0; }
		# No guest copy (the guest did not boot): the default output must be
		# libxl's blob with the seed NOPed, i.e. what the guest would have seen.
		if [ ! -f "$gdir/${name%@*}.dtb" ]; then
			cmp -s "$out" "$dir/libxl-nop.dtb" ||
				{ fail "default output differs from $name.libxl.dtb with its seed NOPed"; ok=0; }
		fi
		pre_boot=$((pre_boot + 1))
	fi
	[ "$ok" = 1 ] && identical=$((identical + 1))
done

booted=$((goldens - refused - host_only))
echo "goldens: $goldens; trees compared: $booted, byte-identical: $identical" \
     "(of which $pre_boot also against libxl's pre-boot blob); refused as xl refused: $refused;" \
     "host-only failures: $host_only; failures: $failures"
[ "$failures" = 0 ] && [ "$identical" = "$booted" ]
