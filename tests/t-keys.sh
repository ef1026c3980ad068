#!/bin/bash
# The known-key table (xl-parse/keys.c) is honest:
#  * docs/keys.md is what the table says (tests/helpers/ag-keys.c writes it);
#  * under each Xen release (`--xen 4.17`, `--xen 4.20`, whatever release
#    the binary was built for), every key that release honours changes the
#    tree or the `create -n` plan: the same config with and without it give a
#    different outcome;
#  * every key refused, warned about, noted, or a device without a back end
#    gets its diagnostic at the key's line from `check` and `dtb`, and
#    `create -n` says the same (devices: an error, unless --without-devices).
# The example values below are the ones each test writes (default: 1).
set -u
cd "$(dirname "$0")/.."
root=$PWD
: "${ARMGUEST:=$root/build/armguest}"
# Under VALGRIND=1 (tests/run.sh) the plain binary: a thousand runs under valgrind would cost
# minutes and check nothing the other scripts and SAN=1 do not.
ARMGUEST=${ARMGUEST_PLAIN:-$ARMGUEST}
: "${TESTBIN:=$root/build/tests}"
[ -x "$ARMGUEST" ] || { echo "no armguest binary at $ARMGUEST"; exit 77; }
[ -x "$TESTBIN/ag-keys" ] || { echo "no ag-keys helper"; exit 77; }

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
fail=0
bad() { echo "FAIL: $*"; fail=1; }

"$TESTBIN/ag-keys" md >"$work/keys.md"
diff -u docs/keys.md "$work/keys.md" >"$work/keys.diff" ||
	{ bad "docs/keys.md differs from the table: run $TESTBIN/ag-keys md >docs/keys.md"
	  head -40 "$work/keys.diff"; }

declare -A ex=(
	[acpi]=1 [builder]='"hvm"' [cmdline]='"console=hvc0"' [device_tree]='"pdt.dtb"'
	[dtdev]='[ "/soc/dev@1" ]' [extra]='"quiet"' [gic_version]='"v2"'
	[iomem]='[ "10000,1" ]' [irqs]='[ 40 ]' [kernel]='"Image"' [maxmem]=128
	[maxvcpus]=4 [memory]=256 [name]='"keys"' [passthrough]='"enabled"'
	[ramdisk]='"initrd"' [root]='"/dev/xvda"' [shadow_memory]=64 [tee]='"optee"'
	[type]='"hvm"' [vcpus]=2 [videoram]=8 [vuart]='"sbsa_uart"'
	[uuid]='"6f1d3b0e-8a55-4c1e-9b7a-2f4c1d0e9a11"' [vpmu]=1
	[max_grant_frames]=64 [max_maptrack_frames]=128 [max_grant_version]=2
	[max_event_channels]=2048 [cpus]='"1"' [cpus_soft]='"0-1"' [pool]='"1"'
	[cap]=50 [cpu_weight]=512 [nr_spis]=100
	# refusals and warnings that depend on the value
	[hap]=0 [oos]=0 [on_crash]='"preserve"' [on_poweroff]='"preserve"'
	[on_reboot]='"destroy"' [on_watchdog]='"preserve"' [on_soft_reset]='"destroy"'
	[pci]='[ "01:00.0" ]' [ioports]='[ "2f8-2ff" ]' [bootloader]='"pygrub"'
	[vmtrace_buf_kb]=64 [firmware]='"pvgrub64"' [pvshim_path]='"/usr/lib/xen/boot/xen-shim"'
	[sve]='"hw"' [virtio]='[ "type=virtio,device" ]' [llc_colors]='[ "0-3" ]'
	[smbios]='[ "bios_vendor=x" ]'
)
# The base config holds these; the "without" config drops them.
base() { # keys to leave out...
	local skip=" $* "
	[[ $skip == *" name "* ]] || echo 'name = "keys"'
	[[ $skip == *" kernel "* ]] || echo 'kernel = "Image"'
	[[ $skip == *" memory "* ]] || echo 'memory = 256'
}

cd "$work"
"$root/tests/lib/fake-files.sh" kernel "$root/tests/fixtures/linux-6.1.0-56-arm64.image" Image || exit 1
"$root/tests/lib/fake-files.sh" ramdisk 987861 initrd || exit 1
dtc -q -I dts -O dtb -o pdt.dtb "$root/tests/bad/pdt-src/valid.dts" 2>/dev/null ||
	{ echo "dtc cannot compile the partial tree"; exit 77; }

# What `create -n` and the tree say about a config: exit status, plan, tree bytes.
outcome() { # cfg
	rm -f t.dtb t.nop.dtb
	"$ARMGUEST" create -n --xen "$rel" --dtb-out t.dtb "$1" 2>/dev/null | grep -v '^kernel \|^ramdisk '
	echo "exit ${PIPESTATUS[0]}"
	[ -f t.dtb ] && "$TESTBIN/fdt-nop-seed" t.dtb t.nop.dtb && od -An -tx1 t.nop.dtb
}

n_honoured=0 n_said=0
mapfile -t table < <("$TESTBIN/ag-keys" tsv)
for rel in 4.17 4.20; do
for row in "${table[@]}"; do
	IFS=$'\t' read -r key since when s417 s420 <<<"$row"
	if [ "$rel" = 4.17 ]; then st=$s417; else st=$s420; fi
	value=${ex[$key]:-1}
	case $st in
	tree|create|tree+create)
		[ -n "${ex[$key]:-}" ] || { bad "$key is honoured but has no example here"; continue; }
		{ base "$key"; echo "$key = $value"; } >with.cfg
		base "$key" >without.cfg
		if [ "$(outcome with.cfg)" = "$(outcome without.cfg)" ]; then
			bad "Xen $rel: $key = $value changes neither the tree nor the plan"
		fi
		n_honoured=$((n_honoured + 1))
		continue ;;
	refused|not-in-release|pending) sev=error ;;
	warned) sev=warning ;;
	x86-only) sev=note ;;
	device) sev=warning value='[ "x" ]' ;;
	*) bad "Xen $rel: $key: status $st not tested"; continue ;;
	esac
	# pvh: the type policy owns its diagnostic (a note).
	[ "$key" = pvh ] && sev=note
	{ base; echo "$key = $value"; } >k.cfg
	"$ARMGUEST" check --xen "$rel" --no-files k.cfg 2>k.err
	grep -q "^k.cfg:4:[0-9]*: $sev: .*\`$key'\|^k.cfg:4:[0-9]*: $sev: $key device" k.err ||
		{ bad "Xen $rel: $key = $value: no $sev at line 4"; cat k.err; }
	# dtb says it too (the files are real here, so only the key can be wrong).
	"$ARMGUEST" dtb --xen "$rel" k.cfg -o k.dtb 2>k.derr >/dev/null
	grep -q "^k.cfg:4:[0-9]*: $sev: .*\`$key'\|^k.cfg:4:[0-9]*: $sev: $key device" k.derr ||
		{ bad "Xen $rel: dtb does not say what check says for $key"; cat k.derr; }
	# create says it too, before anything is created.
	"$ARMGUEST" create -n --xen "$rel" k.cfg >/dev/null 2>k.cerr
	if [ "$st" = device ]; then
		grep -q "^k.cfg:4:[0-9]*: error: $key device \"x\" cannot be created" k.cerr ||
			{ bad "Xen $rel: create -n does not refuse $key"; cat k.cerr; }
		"$ARMGUEST" create -n --xen "$rel" --without-devices k.cfg >/dev/null 2>k.cerr
		grep -q "^k.cfg:4:[0-9]*: warning: $key device \"x\" is left out" k.cerr ||
			{ bad "Xen $rel: create -n --without-devices: no warning for $key"; cat k.cerr; }
	elif ! grep -q "^k.cfg:4:[0-9]*: $sev: .*\`$key'" k.cerr; then
		[ "$key" = pvh ] || { bad "Xen $rel: create -n does not say what check says for $key"; cat k.cerr; }
	fi
	n_said=$((n_said + 1))
done
done

[ $fail = 0 ] && echo "keys: docs match the table; over Xen 4.17 and 4.20, $n_honoured honoured" \
	"keys change the outcome; $n_said others are diagnosed"
exit $fail
