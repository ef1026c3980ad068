#!/bin/bash
# `create -n --dtb-out` and `dtb` run the one plan stage (plan/plan.c): for
# every golden config with a tree they must give the same bytes once
# /chosen/rng-seed is NOPed in the create -n tree (the guest NOPs it, and
# NOP is dtb's default), and where xl refused, both must refuse with the
# same error lines.  Both get the golden host's GIC (--gic; a gic_version in
# the config wins), the same host facts otherwise (40-bit IPA, no clock).
# Both are given the golden's release (`xen=` in NAME.inputs, --xen); the goldens are
# tests/golden/ and tests/golden-4.20/ when it exists (GOLDEN_DIRS="DIR..." to name others).
# No Xen needed: create -n makes no hypercall, and works in a XEN=0 build.
set -u
cd "$(dirname "$0")/.."
BUILD=${BUILD:-build}
ARMGUEST=${ARMGUEST:-$PWD/$BUILD/armguest}
TESTBIN=${TESTBIN:-$PWD/$BUILD/tests}
command -v xxd >/dev/null || { echo "xxd is not installed (ci/install-deps.sh)"; exit 77; }
"$ARMGUEST" create --help 2>&1 | grep -q -- '--dtb-out' || { echo "armguest has no create -n"; exit 77; }

# Goldens xl refused that armguest builds on purpose: both commands must
# then build the same tree.
declare -A BOTH_BUILD=(
	[o-v3-gic-native]="armguest takes \"native\" as its alias of \"default\" (a note says xl 4.17 rejects it)"
	[o-v3-tee-optee]="only the host knows whether its Xen mediates OP-TEE (t-golden.sh HOST_ONLY)"
	[o-v3-tee-ffa]="only the host knows whether its Xen mediates FF-A (t-golden.sh HOST_ONLY)"
	[o-v3-sve]="only the host knows whether it has SVE (t-golden.sh HOST_ONLY)"
	[o-v3-llc-colors]="only the host knows whether its Xen colours the LLC (t-golden.sh HOST_ONLY)"
)
# Goldens with a tree that create refuses before its first hypercall: dtb
# must build it, create -n must refuse with this message.
declare -A CREATE_REFUSES=(
	[o-v3-acpi]="acpi=1 is not supported by armguest create (no ACPI tables are generated)"
	[o-v3-virtio-disk-one]="disk device \"backendtype=standalone,specification=virtio,vdev=xvda,target=/guest/initrd.gz\" cannot be created"
	[o-v3-virtio-disk-vuart]="disk device \"backendtype=standalone,specification=virtio,vdev=xvdb,target=/guest/initrd.gz\" cannot be created"
	[o-v3-virtio-i2c]="virtio device \"type=virtio,device22,transport=mmio\" cannot be created"
	[o-v3-virtio-gpio-grant]="virtio device \"type=virtio,device29,transport=mmio,grant_usage=1\" cannot be created"
	[o-v3-vuart-virtio-two]="virtio device \"type=virtio,device,transport=mmio,grant_usage=1\" cannot be created"
	[o-v3-virtio-no-transport]="virtio device \"type=virtio,device22\" cannot be created"
	[o-v3-virtio-disk-and-device]="virtio device \"type=virtio,device22,transport=mmio\" cannot be created"
)

dirs=${GOLDEN_DIRS:-tests/golden $(ls -d tests/golden-4.20 2>/dev/null)}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
n=0 same=0 refused=0 create_only=0 failures=0
fail() { echo "FAIL $name: $*"; failures=$((failures + 1)); }
input() { sed -n "s/^$1=//p" "$inputs" | head -n 1; }
# create's refusals of devices without a back end are dtb's warnings, by design (keys.c).
errors() { grep 'error:' "$1" | grep -v 'cannot be created: armguest runs no' | sort; }

for inputs in $(for d in $dirs; do ls "$d"/*.inputs; done); do
	gdir=$(dirname "$inputs")
	base=$(basename "$inputs" .inputs)
	cfg=$gdir/$base.cfg
	name=$base@$(input xen)
	dir=$tmp/$name
	mkdir -p "$dir"
	tests/lib/fake-files.sh kernel "tests/fixtures/$(input kernel)" "$dir/kernel" &&
		tests/lib/fake-files.sh ramdisk "$(input ramdisk_size)" "$dir/ramdisk" ||
		{ fail "cannot fake the boot files"; continue; }
	for f in $(input files | tr ',' ' '); do
		cp "$gdir/$f" "$dir/" || fail "missing extra file $f"
	done
	sed -e "s|@KERNEL@|$dir/kernel|g" -e "s|@RAMDISK@|$dir/ramdisk|g" \
	    -e "s|@CFGDIR@|$dir|g" "$cfg" > "$dir/$name.cfg"
	# The golden host's GIC, for both: the config's gic_version wins where it names one.
	args=(--gic "v$(input host_gic)" --xen "$(input xen)")
	n=$((n + 1))

	"$ARMGUEST" dtb "$dir/$name.cfg" -o "$dir/dtb.dtb" "${args[@]}" 2>"$dir/dtb.err"
	dtb_rc=$?
	"$ARMGUEST" create -n --dtb-out "$dir/create.dtb" "${args[@]}" "$dir/$name.cfg" \
		>"$dir/create.out" 2>"$dir/create.err"
	create_rc=$?

	if [ -n "${CREATE_REFUSES[$base]:-}" ]; then
		[ $dtb_rc = 0 ] || fail "dtb exit $dtb_rc: $(cat "$dir/dtb.err")"
		[ $create_rc = 1 ] && grep -qF "error: ${CREATE_REFUSES[$base]}" "$dir/create.err" ||
			fail "create -n did not refuse as expected (exit $create_rc): $(cat "$dir/create.err")"
		# Devices without a back end: --without-devices leaves them out of creation
		# only; the tree is still the one dtb builds.
		if grep -q 'cannot be created' "$dir/create.err"; then
			"$ARMGUEST" create -n --without-devices --dtb-out "$dir/create.dtb" "${args[@]}" \
				"$dir/$name.cfg" >/dev/null 2>"$dir/create.err" ||
				fail "create -n --without-devices: $(cat "$dir/create.err")"
			"$TESTBIN/fdt-nop-seed" "$dir/create.dtb" "$dir/create-nop.dtb" 2>/dev/null &&
				cmp -s "$dir/create-nop.dtb" "$dir/dtb.dtb" ||
				fail "create -n --without-devices and dtb give different trees"
		fi
		create_only=$((create_only + 1))
		continue
	fi
	if [ "$(input xl_rc)" != 0 ] && [ -z "${BOTH_BUILD[$base]:-}" ]; then
		[ $dtb_rc = 1 ] && [ $create_rc = 1 ] ||
			{ fail "xl refused; dtb exit $dtb_rc, create -n exit $create_rc"; continue; }
		if [ "$(errors "$dir/dtb.err")" != "$(errors "$dir/create.err")" ]; then
			fail "refused with different messages:"
			diff <(errors "$dir/dtb.err") <(errors "$dir/create.err") | sed 's/^/    /'
			continue
		fi
		[ -e "$dir/dtb.dtb" ] || [ -e "$dir/create.dtb" ] && fail "a refusal left a tree behind"
		refused=$((refused + 1))
		continue
	fi
	[ $dtb_rc = 0 ] || { fail "dtb exit $dtb_rc: $(cat "$dir/dtb.err")"; continue; }
	[ $create_rc = 0 ] || { fail "create -n exit $create_rc: $(cat "$dir/create.err")"; continue; }
	# The guest NOPs /chosen/rng-seed as it boots; dtb's default is that tree.
	"$TESTBIN/fdt-nop-seed" "$dir/create.dtb" "$dir/create.nop.dtb" 2>/dev/null ||
		{ fail "cannot NOP the seed of the create -n tree"; continue; }
	if cmp -s "$dir/dtb.dtb" "$dir/create.nop.dtb"; then
		same=$((same + 1))
	else
		fail "trees differ: $(cmp "$dir/dtb.dtb" "$dir/create.nop.dtb" 2>&1 | head -n 1)"
	fi
done
echo "goldens: $n; same tree: $same; refused alike: $refused;" \
     "built by dtb, refused by create: $create_only; failures: $failures"
[ "$failures" = 0 ]
