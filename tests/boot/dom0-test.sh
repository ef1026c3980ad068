# dom0 side of the boot test: the hook (`armguest qemu --dom0-hook`, tests/boot/dom0-qemu.sh)
# that runs in dom0 after the command has started every example guest through armguest and
# through xl.  busybox sh, in /payload/hook (this directory: refuse/*.cfg and the rig's
# dom0-*.sh), with dom0-lib.sh's helpers, armguest on PATH, xenstored and xenconsoled running.
#
# - `armguest create` on each refuse/*.cfg, which must be refused, leaving nothing listed;
# - the lifecycle checks (dom0-lifecycle.sh, when the boot test put it here);
# - one more guest, created paused by xl and destroyed: its domain id tells how many ids
#   the refusals took (Xen hands them out in sequence);
# - the real `xl create` on the same refusals, for comparison;
# - the domain lists at the end, and `xl info`.
# Everything lands in /results/hook (the boot test reads it from the kept run directory).
R=/results/hook
mkdir -p $R/refuse
xl info >$R/xl-info.txt 2>&1
for c in refuse/*.cfg; do
	[ -f "$c" ] || continue
	n=$(basename "$c" .cfg)
	say "armguest create $n (must be refused)"
	armguest create "$c" >$R/refuse/$n.ag.log 2>&1 </dev/null
	echo $? >$R/refuse/$n.ag.rc
	armguest list >$R/refuse/$n.ag.list 2>&1
done
# on_poweroff and on_reboot through armguest's monitor (dom0-lifecycle.sh), before the probe:
# the domain ids they take are counted.
[ ! -f dom0-lifecycle.sh ] || { LC_DIR=$PWD/lifecycle LC_RES=$R/lc; . ./dom0-lifecycle.sh; }
armguest list >$R/ag-final.list 2>&1
echo $? >$R/ag-final.list.rc
first=$(head -n 1 /payload/qemu/guests)
xl create -p "/payload/cfg/$first.cfg" >$R/probe.log 2>&1 </dev/null
xl domid "$first" >$R/probe.domid 2>/dev/null
xl destroy "$first" >/dev/null 2>&1
for c in refuse/*.cfg; do
	[ -f "$c" ] || continue
	n=$(basename "$c" .cfg)
	xl create "$c" >$R/refuse/$n.xl.log 2>&1 </dev/null
	echo $? >$R/refuse/$n.xl.rc
	xl destroy $n >/dev/null 2>&1
done
xl list >$R/xl-final.list 2>&1
