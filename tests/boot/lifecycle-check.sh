# Host side of the boot test's lifecycle checks (bash, sourced by boot-test.sh; uses its note
# and check_guest).  dom0-lifecycle.sh, run by the boot test's dom0 hook, left the results in
# RUN/results/hook/lc; RUN/lifecycle holds the configs with this machine's copies of the boot files.

# check_lifecycle GIC RUNDIR
check_lifecycle() {
	local gic=$1 run=$2 res=$2/results/hook/lc cfgs=$2/lifecycle tag="gic$1 lifecycle" d1 d2
	[ "${BOOT_TOOL:-}" != xl ] || return 0
	if [ ! -d "$res" ]; then
		note FAIL "$tag: dom0-lifecycle.sh did not run (see $run/results/hook)"
		return
	fi
	# on_poweroff = "destroy" (the default): the guest powers off, the monitor destroys it.
	check_guest armguest lc-poweroff "$res/poweroff.cons" "$gic" "$cfgs/lc-poweroff.cfg" "$run"
	if [ -f "$res/poweroff.gone" ] && ! list_names "$res/poweroff.list" | grep -qx lc-poweroff; then
		note PASS "$tag: lc-poweroff powered off and its monitor destroyed the domain"
	else
		note FAIL "$tag: lc-poweroff still listed after it powered off: $(tr '\n' ' ' <"$res/poweroff.list")"
	fi
	# on_reboot = "restart" (the default): the same name under a new domid, the same tree.
	check_guest armguest-boot1 lc-reboot "$res/boot1.cons" "$gic" "$cfgs/lc-reboot.cfg" "$run"
	check_guest armguest-boot2 lc-reboot "$res/boot2.cons" "$gic" "$cfgs/lc-reboot.cfg" "$run"
	d1=$(cat "$res/domid.1" 2>/dev/null)
	d2=$(cat "$res/domid.2" 2>/dev/null)
	if [ -n "$d1" ] && [ -n "$d2" ] && [ "$d1" != "$d2" ] && grep -q '^GUEST-INIT' "$res/boot2.cons"; then
		note PASS "$tag: lc-reboot rebooted and came back as domain $d2 (was $d1)"
	else
		note FAIL "$tag: lc-reboot did not come back (domids '$d1' '$d2'; see $res/monitor.log)"
	fi
	if [ -s "$run/lc-reboot.armguest-boot1.dtb" ] &&
		cmp -s "$run/lc-reboot.armguest-boot1.dtb" "$run/lc-reboot.armguest-boot2.dtb"; then
		note PASS "$tag: the restarted guest's tree is byte-identical to the first boot's"
	else
		note FAIL "$tag: the restarted guest's tree differs from the first boot's"
	fi
	if [ -s "$res/leftover" ]; then
		note FAIL "$tag: monitor processes outlived their domains: $(tr '\n' ' ' <"$res/ps.txt")"
	else
		note PASS "$tag: no monitor left running"
	fi
	if [ "$(cat "$res/destroy.rc" 2>/dev/null)" = 0 ] && [ -f "$res/reboot.gone" ]; then
		note PASS "$tag: armguest destroy stopped the monitor and removed lc-reboot"
	else
		note FAIL "$tag: armguest destroy lc-reboot: rc $(cat "$res/destroy.rc" 2>/dev/null), $(tr '\n' ' ' <"$res/destroy.log" 2>/dev/null)"
	fi
}
