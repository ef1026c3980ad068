#!/bin/bash
# The boot test: real Xen (Debian 12's 4.17 or Debian 13's 4.20) under QEMU, armguest
# creating guests in dom0.
#
#   tests/boot/boot-test.sh [GIC...]        (default: 3 2; `make boot-test` runs this)
#   BOOT_XEN=4.20 tests/boot/boot-test.sh   (the Xen release; default 4.17)
#
# Per GIC version, one boot (tests/boot/boot-xen.sh with dom0-test.sh) that
#  - without xenstored/xenconsoled, runs `armguest create -c` on each examples/*.cfg (but
#    the boot-time guests examples/dom0less-*.cfg, which make dom0less-test boots); every
#    guest's /init (guest-init.sh) prints a marker, its device tree (/sys/firmware/fdt) and
#    /proc/interrupts, then powers off;
#  - runs `armguest create` on the tests/boot/refuse/*.cfg configs (type = "hvm", too many
#    vCPUs for the GIC; NAME-v2/-v3 for one GIC, NAME-4.20 for one release: sve, tee =
#    "ffa", llc_colors), which must be refused with the message their `# expect:` line
#    gives, leaving nothing behind (and before any domain exists, except where their
#    `# domid: consumed` line says Xen itself refused);
#  - then starts xenstored and xenconsoled and runs the real `xl create` on the same guests,
#    and times `armguest create` against `xl create`.
# Then on this machine, for each guest: it reached its init; its tree is byte-identical to
# `build/armguest dtb --xen RELEASE --gic N --rng-seed nop` of the same config with the same
# kernel and ramdisk; the event-channel interrupt (PPI 31, "events") fired; it left no domain
# behind.
# The same checks run on the trees the real xl gave its guests.  Exit 0 only if all pass.
#
# Environment: BOOT_XEN (the Xen release to boot: 4.17 or 4.20, default 4.17), ARMGUEST
# (native binary for `dtb`, default build/armguest), ARMGUEST_ARM64 (static arm64 binary
# built for that release, copied into dom0; default build/aarch64-xenRELEASE/armguest, what
# `make cross XEN=RELEASE` writes), BOOT_OUT (default build/boot-test,
# build/boot-test-RELEASE for another release than 4.17), BOOT_TOOL=xl (skip armguest in
# dom0: proves the rig with xl alone),
# BOOT_MEM (QEMU MiB, default 5120: the two-bank guest needs 3136 MiB besides dom0's 768),
# and those of boot-xen.sh.
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
ag_arm64=$(realpath -m "${ARMGUEST_ARM64:-build/aarch64-xen$rel/armguest}")
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

# host_cfg CFG DIR: the config with the dom0 paths of the guest's boot files replaced by
# this machine's copies of the same files, for `armguest dtb`.
host_cfg() {
	sed -e "s|/srv/guests/vmlinuz|$2/guest-Image|g" -e "s|/srv/guests/initrd.gz|$2/guest-initrd.gz|g" \
		"$1" >"$2/host-$(basename "$1")"
	echo "$2/host-$(basename "$1")"
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
		local hc
		hc=$(host_cfg "$cfg" "$dir")
		if ! expected_tree "$hc" "$gic" "$dir/$n.expected.dtb" "$dir/$n.dtb.log"; then
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

times_lines=()
# check_run GIC RUNDIR: the checks on one boot's results.
check_run() {
	local gic=$1 run=$2 payload=$2/payload res=$2/results c n rc msg nex first xid tool a b xv
	xv=$(sed -n 's/^xen_version *: *//p' "$res/xl-info.txt" 2>/dev/null)
	case $xv in
	"$rel".*) note PASS "gic$gic: the hypervisor is Xen $xv" ;;
	*) note FAIL "gic$gic: the rig was to boot Xen $rel, xl info says '$xv'" ;;
	esac
	# armguest's guests
	if [ "${BOOT_TOOL:-}" != xl ]; then
		if [ ! -d "$res/ag" ] || ! ls "$res"/ag/*.rc >/dev/null 2>&1; then
			note FAIL "gic$gic: armguest create did not run in dom0 (see $res/dom0.log)"
		fi
		for c in "$payload"/cfg/*.cfg; do
			n=$(basename "$c" .cfg)
			[ -f "$res/ag/$n.rc" ] || continue
			rc=$(cat "$res/ag/$n.rc")
			[ "$rc" = 0 ] || note FAIL "gic$gic armguest $n: armguest create -c exited $rc: $(head -n 3 "$res/ag/$n.log" | tr '\n' ' ')"
			check_guest armguest "$n" "$res/ag/$n.cons" "$gic" "$c" "$run"
			local st
			st=$(awk -v n="$n" '$1 == n { print $5 }' "$res/ag/$n.list-off" 2>/dev/null)
			if [ -f "$res/ag/$n.left" ] || list_names "$res/ag/$n.list" | grep -qx "$n"; then
				note FAIL "gic$gic armguest $n: domain still listed after the guest powered off and armguest destroy ($(cat "$res/ag/$n.destroy.log" 2>/dev/null))"
			elif [ -z "$st" ]; then
				note PASS "gic$gic armguest $n: domain gone after the guest powered off"
			elif [ "$(cat "$res/ag/$n.destroy.rc" 2>/dev/null)" = 0 ]; then
				note PASS "gic$gic armguest $n: powered off (state $st), armguest destroy removed it"
			else
				note FAIL "gic$gic armguest $n: armguest destroy failed: $(cat "$res/ag/$n.destroy.log" 2>/dev/null)"
			fi
		done
		# A refusal config may say what the message must hold (`# expect: TEXT`), and that
		# Xen hands out a domain id before refusing (`# domid: consumed`).
		consumed=0
		for c in "$payload"/refuse/*.cfg; do
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
		done
		# Xen hands out domain ids in sequence: if the refusals created (and destroyed)
		# nothing but what their configs say, xl's first guest gets the id after those.
		nex=$(ls "$payload"/cfg/*.cfg | wc -l)
		consumed=$((consumed + $(cat "$res/lc/domids" 2>/dev/null || echo 0)))
		first=$(basename "$(ls "$payload"/cfg/*.cfg | head -n 1)" .cfg)
		xid=$(cat "$res/xl/$first.domid" 2>/dev/null)
		if [ "$xid" = "$((nex + consumed + 1))" ]; then
			note PASS "gic$gic: no domain was created for the refused configs (next domid $xid; $consumed ids taken by Xen's own refusals)"
		else
			note FAIL "gic$gic: domain ids: xl's first guest got '$xid', expected $((nex + consumed + 1)) after $nex armguest guests and $consumed ids Xen took while refusing"
		fi
		if [ "$(cat "$res/ag/final.list.rc" 2>/dev/null)" = 0 ] && ! list_names "$res/ag/final.list" | grep -q .; then
			note PASS "gic$gic: armguest list at the end: dom0 only"
		else
			note FAIL "gic$gic: armguest list at the end: $(tr '\n' ' ' <"$res/ag/final.list" 2>/dev/null)"
		fi
	fi

	# xl's guests, for comparison
	for c in "$payload"/cfg/*.cfg; do
		n=$(basename "$c" .cfg)
		rc=$(cat "$res/xl/$n.rc" 2>/dev/null || echo none)
		[ "$rc" = 0 ] || note FAIL "gic$gic xl $n: xl create exited $rc: $(grep -v '^$' "$res/xl/$n.log" | tail -n 2 | tr '\n' ' ')"
		check_guest xl "$n" "$res/xl/$n.cons" "$gic" "$c" "$run"
		[ ! -f "$res/xl/$n.left" ] || note FAIL "gic$gic xl $n: domain still there after its guest powered off"
	done
	for c in "$payload"/refuse/*.cfg; do
		n=$(basename "$c" .cfg)
		note INFO "gic$gic xl $n: xl create exited $(cat "$res/refuse/$n.xl.rc" 2>/dev/null): $(grep -v -e '^$' -e '^Parsing' "$res/refuse/$n.xl.log" 2>/dev/null | tail -n 1)"
	done
	if [ "$(list_names "$res/xl/final.list" | wc -l)" = 0 ] && grep -q '^Domain-0' "$res/xl/final.list" 2>/dev/null; then
		note PASS "gic$gic: xl list at the end: Domain-0 only"
	else
		note FAIL "gic$gic: xl list at the end: $(tr '\n' ' ' <"$res/xl/final.list" 2>/dev/null)"
	fi
	while read -r tool n a b rc; do
		times_lines+=("gic$gic $tool $n $(awk -v a="$a" -v b="$b" 'BEGIN { printf "%d", (b - a) * 1000 + 0.5 }') $rc")
	done <"$res/times"
}

for gic in "${gics[@]}"; do
	run=$out/gic$gic
	payload=$run/payload
	if [ "${BOOT_RECHECK:-}" = 1 ] && [ -d "$run/results" ]; then
		echo "boot-test: GICv$gic: checking the results of the last boot again (BOOT_RECHECK=1)"
		check_run "$gic" "$run"
		check_lifecycle "$gic" "$run"
		continue
	fi
	rm -rf "$run" && mkdir -p "$payload/cfg" "$payload/refuse"
	# examples/dom0less-*.cfg are boot-time guests (make dom0less-test), not for create.
	for c in examples/*.cfg; do
		case $c in examples/dom0less-*) continue ;; esac
		cp "$c" "$payload/cfg/"
	done
	for c in tests/boot/refuse/*.cfg; do
		case $c in
		*-v2.cfg) [ "$gic" = 2 ] || continue ;;
		*-v3.cfg) [ "$gic" = 3 ] || continue ;;
		*-4.[0-9]*.cfg) [[ $c == *-$rel.cfg ]] || continue ;;
		esac
		cp "$c" "$payload/refuse/"
	done
	if [ "${BOOT_TOOL:-}" != xl ]; then
		[ -x "$ag_arm64" ] || { echo "boot-test: $ag_arm64 missing (make cross$([ "$rel" = 4.17 ] || echo " XEN=$rel"); BOOT_TOOL=xl runs the xl half alone)" >&2; exit 2; }
		cp "$ag_arm64" "$payload/armguest"
		cp -r tests/boot/lifecycle tests/boot/dom0-lifecycle.sh "$payload/"
	fi
	echo "boot-test: GICv$gic: booting Xen $rel + dom0 under QEMU ..."
	t0=$(date +%s)
	if ! "$here/boot-xen.sh" -x "$rel" -g "$gic" -m "${BOOT_MEM:-5120}" -t 1200 "$here/dom0-test.sh" "$payload" "$run"; then
		note FAIL "gic$gic: the boot did not complete (see $run/serial.log)"
		continue
	fi
	note INFO "gic$gic: Xen $rel boot took $(($(date +%s) - t0)) s"
	check_run "$gic" "$run"
	check_lifecycle "$gic" "$run"
done


echo
echo "==== boot test summary (Xen $rel) ===="
printf '%s\n' "${summary[@]}"
echo
echo "create times in dom0, ms from command start to the domain running (its return):"
printf '  %-22s %10s %10s %8s %12s\n' guest armguest xl ratio "xl (1st run)"
printf '%s\n' "${times_lines[@]}" | awk '
	NF == 5 { k = $1 " " $3; t[k, $2] = $4; rc[k, $2] = $5; keys[k] = 1 }
	END {
		for (k in keys) {
			a = t[k, "timed-armguest"]; x = t[k, "timed-xl"]; f = t[k, "xl"]
			ok = a != "" && x > 0 && rc[k, "timed-armguest"] == 0 && rc[k, "timed-xl"] == 0
			printf "  %-22s %10s %10s %8s %12s\n", k, a == "" ? "-" : a, x == "" ? "-" : x,
				ok ? sprintf("%.2f", a / x) : "-", f == "" ? "-" : f
		}
	}' | sort
printf '%s\n' "${times_lines[@]}" | awk '
	NF == 5 { k = $1 " " $3; t[k, $2] = $4; rc[k, $2] = $5; keys[k] = 1 }
	END {
		for (k in keys) {
			a = t[k, "timed-armguest"]; x = t[k, "timed-xl"]
			if (a != "" && x > 0 && rc[k, "timed-armguest"] == 0 && rc[k, "timed-xl"] == 0) { sa += a; sx += x; n++ }
		}
		if (n) printf "  all %d guests: armguest %d ms, xl %d ms, ratio armguest/xl = %.2f\n", n, sa, sx, sa / sx
	}'
echo
wall=$(($(date +%s) - start))
echo "boot test wall time: ${wall} s ($((wall / 60)) min $((wall % 60)) s)"
if [ "$fails" = 0 ]; then echo "boot test (Xen $rel): PASS"; else echo "boot test (Xen $rel): FAIL ($fails failed checks)"; fi
[ "$fails" = 0 ]
