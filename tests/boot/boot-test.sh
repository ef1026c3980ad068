#!/bin/bash
# The boot test: real Xen (Debian 12's 4.17 or Debian 13's 4.20) under QEMU, armguest
# creating guests in dom0, run through `armguest qemu` as a CI user would run it.
#
#   tests/boot/boot-test.sh [GIC...]        (default: 3 2; `make boot-test` runs this)
#   BOOT_XEN=4.20 tests/boot/boot-test.sh   (the Xen release; default 4.17)
#
# Per GIC version, one boot: `armguest qemu --via armguest,xl` on each examples/*.cfg (but the
# boot-time guests examples/dom0less-*.cfg, which make dom0less-test boots), their kernel and
# ramdisk this machine's copies of the rig's (tests/boot/guest-files.sh): armguest's guests
# with no xenstored/xenconsoled, then the real xl's; every guest's /init (guest-init.sh)
# prints a marker, its device tree (/sys/firmware/fdt) and /proc/interrupts, then powers off,
# which is the command's verdict (shut down with reason poweroff, domain gone after).  Then
# the boot test's own dom0 hook (dom0-test.sh, --dom0-hook) runs `armguest create` on the
# tests/boot/refuse/*.cfg configs (type = "hvm", too many vCPUs for the GIC; NAME-v2/-v3 for
# one GIC, NAME-4.20 for one release: sve, tee = "ffa", llc_colors), which must be refused with
# the message their `# expect:` line gives, leaving nothing behind (and before any domain
# exists, except where their `# domid: consumed` line says Xen itself refused), and the real
# xl on them for comparison.
# Then on this machine, for each guest and each tool: the command's verdict; it reached its
# init; its tree is byte-identical to `build/armguest dtb --xen RELEASE --gic N --rng-seed nop`
# of the same config with the same kernel and ramdisk; the event-channel interrupt (PPI 31,
# "events") fired.  Exit 0 only if all pass.  (Create times are bench/'s business.)
#
# Environment: BOOT_XEN (the Xen release to boot: 4.17 or 4.20, default 4.17), ARMGUEST
# (native binary: `armguest qemu` and `dtb`, default build/armguest), ARMGUEST_ARM64 (static
# arm64 binary built for that release, copied into dom0; default what `armguest qemu` finds
# beside ARMGUEST: build/aarch64-xenRELEASE/armguest, what `make cross XEN=RELEASE` writes),
# BOOT_OUT (default build/boot-test, build/boot-test-RELEASE for another release than 4.17),
# BOOT_TOOL=xl (skip armguest in dom0: proves the rig with xl alone), BOOT_MEM (QEMU MiB,
# default 5120: the two-bank guest needs 3136 MiB besides dom0's 768), BOOT_RECHECK=1 (check
# the last boot's results again without booting), and those of boot-xen.sh.
set -uo pipefail
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)
cd "$top"
rel=${BOOT_XEN:-4.17}
case $rel in
4.17 | 4.20) ;;
*) echo "boot-test: BOOT_XEN=$rel: the rig boots Xen 4.17 or 4.20" >&2; exit 2 ;;
esac
ag_native=$(realpath -m "${ARMGUEST:-build/armguest}")
if [ "$rel" = 4.17 ]; then
	out=$(realpath -m "${BOOT_OUT:-build/boot-test}")
else
	out=$(realpath -m "${BOOT_OUT:-build/boot-test-$rel}")
fi
gics=("$@")
[ ${#gics[@]} -gt 0 ] || gics=(3 2)
# shellcheck source=tests/boot/check-lib.sh
. "$here/check-lib.sh"
# shellcheck source=tests/boot/lifecycle-check.sh
. "$here/lifecycle-check.sh"
start=$(date +%s)
fails=0
summary=()

# note STATUS WHAT: one line of the summary.
note() {
	summary+=("$(printf '%-4s %s' "$1" "$2")")
	[ "$1" != FAIL ] || fails=$((fails + 1))
}

# expected_tree HOSTCFG GIC OUT LOG: `armguest dtb --xen $rel` of the config: the tree the
# guest must have been given.
expected_tree() {
	"$ag_native" dtb "$1" --xen "$rel" --gic "v$2" --rng-seed nop -o "$3" >"$4" 2>&1
}

# check_guest TOOL NAME CONSOLE GIC CFG DIR: the checks on one booted guest.
check_guest() {
	local tool=$1 n=$2 cons=$3 gic=$4 cfg=$5 dir=$6 tag="gic$4 $1 $2"
	if [ ! -s "$cons" ] || ! grep -q '^GUEST-INIT' "$cons"; then
		note FAIL "$tag: the guest did not reach its init (console: $cons)"
		return
	fi
	note PASS "$tag: reached init ($(grep -m1 '^GUEST-INIT' "$cons" | tr -d '\r'))"
	section "$cons" FDT-BEGIN FDT-END | base64 -d >"$dir/$n.$tool.dtb" 2>/dev/null
	if [ ! -s "$dir/$n.$tool.dtb" ]; then
		note FAIL "$tag: no device tree on the console"
	elif [ ! -x "$ag_native" ]; then
		note FAIL "$tag: $ag_native missing: cannot compare the tree"
	else
		if ! expected_tree "$cfg" "$gic" "$dir/$n.expected.dtb" "$dir/$n.dtb.log"; then
			note FAIL "$tag: armguest dtb failed: $(head -n 3 "$dir/$n.dtb.log" | tr '\n' ' ')"
		elif cmp -s "$dir/$n.$tool.dtb" "$dir/$n.expected.dtb"; then
			note PASS "$tag: tree byte-identical to armguest dtb ($(stat -c %s "$dir/$n.expected.dtb") bytes)"
		else
			dtc -q -I dtb -O dts "$dir/$n.$tool.dtb" >"$dir/$n.$tool.dts" 2>/dev/null
			dtc -q -I dtb -O dts "$dir/$n.expected.dtb" >"$dir/$n.expected.dts" 2>/dev/null
			note FAIL "$tag: tree differs from armguest dtb ($(cmp "$dir/$n.$tool.dtb" "$dir/$n.expected.dtb" 2>&1 | head -n 1)); diff $dir/$n.$tool.dts $dir/$n.expected.dts"
		fi
	fi
	local ev
	ev=$(events_count "$cons")
	if [ "$ev" -gt 0 ]; then
		note PASS "$tag: event-channel interrupt (PPI 31) fired $ev times"
	else
		note FAIL "$tag: no event-channel interrupt (PPI 31) counted in /proc/interrupts"
	fi
}

# check_run GIC RUNDIR: the checks on one boot's results.
check_run() {
	local gic=$1 run=$2 res=$2/results/hook c n rc msg nex consumed xid tool v xv want
	xv=$(sed -n 's/^xen_version *: *//p' "$res/xl-info.txt" 2>/dev/null)
	case $xv in
	"$rel".*) note PASS "gic$gic: the hypervisor is Xen $xv" ;;
	*) note FAIL "gic$gic: the rig was to boot Xen $rel, xl info says '$xv'" ;;
	esac
	for tool in armguest xl; do
		[ "$tool" = xl ] || [ "${BOOT_TOOL:-}" != xl ] || continue
		for c in "$run"/cfg/*.cfg; do
			n=$(basename "$c" .cfg)
			v=$(cat "$run/guests/$n.$tool.result" 2>/dev/null || echo "none 0 no verdict")
			case $v in
			pass\ *) note PASS "gic$gic $tool $n: armguest qemu: ${v#* * }" ;;
			*) note FAIL "gic$gic $tool $n: armguest qemu: $v ($(grep -v '^$' "$run/guests/$n.$tool.log" 2>/dev/null | tail -n 2 | tr '\n' ' '))" ;;
			esac
			check_guest "$tool" "$n" "$run/guests/$n.$tool.cons" "$gic" "$c" "$run"
		done
	done
	[ "${BOOT_TOOL:-}" != xl ] || return 0
	# A refusal config may say what the message must hold (`# expect: TEXT`), and that
	# Xen hands out a domain id before refusing (`# domid: consumed`).
	consumed=0
	for c in "$run"/hook/refuse/*.cfg; do
		n=$(basename "$c" .cfg)
		rc=$(cat "$res/refuse/$n.ag.rc" 2>/dev/null || echo none)
		msg=$(grep -v '^$' "$res/refuse/$n.ag.log" 2>/dev/null | grep -v '^Parsing' | head -n 2 | tr '\n' ' ')
		want=$(sed -n 's/^# expect: //p' "$c")
		grep -q '^# domid: consumed' "$c" && consumed=$((consumed + 1))
		if [ "$rc" != 1 ] || list_names "$res/refuse/$n.ag.list" | grep -q .; then
			note FAIL "gic$gic armguest $n: not refused as it should be (exit $rc): $msg"
		elif [ -n "$want" ] && ! grep -qF "$want" "$res/refuse/$n.ag.log"; then
			note FAIL "gic$gic armguest $n: refused, but without \"$want\": $msg"
		else
			note PASS "gic$gic armguest $n: refused (exit 1), nothing left: $msg"
		fi
		note INFO "gic$gic xl $n: xl create exited $(cat "$res/refuse/$n.xl.rc" 2>/dev/null): $(grep -v -e '^$' -e '^Parsing' "$res/refuse/$n.xl.log" 2>/dev/null | tail -n 1)"
	done
	# Xen hands out domain ids in sequence: each guest took one through armguest and one
	# through xl; if the refusals created (and destroyed) nothing but what their configs
	# say, the hook's probe guest gets the id after those.
	nex=$(ls "$run"/cfg/*.cfg | wc -l)
	consumed=$((consumed + $(cat "$res/lc/domids" 2>/dev/null || echo 0)))
	xid=$(cat "$res/probe.domid" 2>/dev/null)
	if [ "$xid" = "$((2 * nex + consumed + 1))" ]; then
		note PASS "gic$gic: no domain was created for the refused configs (probe domid $xid; $consumed ids taken by Xen's own refusals)"
	else
		note FAIL "gic$gic: domain ids: the probe guest got '$xid', expected $((2 * nex + consumed + 1)) after 2 x $nex guests and $consumed ids Xen took while refusing"
	fi
	if [ "$(cat "$res/ag-final.list.rc" 2>/dev/null)" = 0 ] && ! list_names "$res/ag-final.list" | grep -q .; then
		note PASS "gic$gic: armguest list at the end: dom0 only"
	else
		note FAIL "gic$gic: armguest list at the end: $(tr '\n' ' ' <"$res/ag-final.list" 2>/dev/null)"
	fi
	if [ "$(list_names "$res/xl-final.list" | wc -l)" = 0 ] && grep -q '^Domain-0' "$res/xl-final.list" 2>/dev/null; then
		note PASS "gic$gic: xl list at the end: Domain-0 only"
	else
		note FAIL "gic$gic: xl list at the end: $(tr '\n' ' ' <"$res/xl-final.list" 2>/dev/null)"
	fi
}

for gic in "${gics[@]}"; do
	run=$out/gic$gic
	if [ "${BOOT_RECHECK:-}" = 1 ] && [ -d "$run/results" ]; then
		echo "boot-test: GICv$gic: checking the results of the last boot again (BOOT_RECHECK=1)"
		check_run "$gic" "$run"
		check_lifecycle "$gic" "$run"
		continue
	fi
	rm -rf "$run" && mkdir -p "$run/cfg" "$run/hook/refuse"
	# The guests' kernel and ramdisk on this machine: the same files the rig gives dom0
	# (the ramdisk's size is in the tree).
	"$here/guest-files.sh" -x "$rel" "$here/guest-init.sh" "$run/files" >"$run/files.log" 2>&1 ||
		{ note FAIL "gic$gic: cannot make the guests' files (see $run/files.log)"; continue; }
	# examples/dom0less-*.cfg are boot-time guests (make dom0less-test), not for create.
	for c in examples/*.cfg; do
		case $c in examples/dom0less-*) continue ;; esac
		sed -e "s|/srv/guests/vmlinuz|$run/files/Image|g" -e "s|/srv/guests/initrd.gz|$run/files/initrd.gz|g" \
			"$c" >"$run/cfg/$(basename "$c")"
	done
	# The hook: dom0-test.sh and the refusals this GIC and release take.
	cp "$here/dom0-test.sh" "$run/hook/hook.sh"
	for c in tests/boot/refuse/*.cfg; do
		case $c in
		*-v2.cfg) [ "$gic" = 2 ] || continue ;;
		*-v3.cfg) [ "$gic" = 3 ] || continue ;;
		*-4.[0-9]*.cfg) [[ $c == *-$rel.cfg ]] || continue ;;
		esac
		cp "$c" "$run/hook/refuse/"
	done
	via=armguest,xl
	[ "${BOOT_TOOL:-}" != xl ] || via=xl
	echo "boot-test: GICv$gic: armguest qemu --xen $rel --gic v$gic --via $via on $(ls "$run"/cfg | wc -l) guests ..."
	if [ "${BOOT_TOOL:-}" != xl ]; then
		# The lifecycle guests: dom0's copies name the rig's /srv/guests files, the host's
		# (for their expected trees) the same files here.
		cp -r tests/boot/lifecycle tests/boot/dom0-lifecycle.sh "$run/hook/"
		mkdir -p "$run/lifecycle"
		for c in tests/boot/lifecycle/*.cfg; do
			sed -e "s|/srv/guests/vmlinuz|$run/files/Image|g" \
				-e "s|/srv/guests/initrd.gz|$run/files/initrd.gz|g" "$c" >"$run/lifecycle/$(basename "$c")"
		done
	fi
	t0=$(date +%s)
	"$ag_native" qemu --xen "$rel" --gic "v$gic" --via "$via" --memory "${BOOT_MEM:-5120}" \
		--timeout 300 --keep "$run" --junit "$run/junit.xml" --dom0-hook "$run/hook" \
		"$run"/cfg/*.cfg >"$run/qemu.log" 2>&1
	rc=$?
	note INFO "gic$gic: armguest qemu exited $rc in $(($(date +%s) - t0)) s (its output: $run/qemu.log)"
	if [ "$rc" = 2 ] || [ ! -d "$run/results" ]; then
		note FAIL "gic$gic: the boot did not complete: $(grep '^armguest qemu' "$run/qemu.log" | tail -n 2 | tr '\n' ' ')"
		continue
	fi
	check_run "$gic" "$run"
	check_lifecycle "$gic" "$run"
done

echo
echo "==== boot test summary (Xen $rel) ===="
printf '%s\n' "${summary[@]}"
echo
wall=$(($(date +%s) - start))
echo "boot test wall time: ${wall} s ($((wall / 60)) min $((wall % 60)) s)"
if [ "$fails" = 0 ]; then echo "boot test (Xen $rel): PASS"; else echo "boot test (Xen $rel): FAIL ($fails failed checks)"; fi
[ "$fails" = 0 ]
