# dom0 side of the boot test (busybox sh, sourced by the rig's /init after dom0-lib.sh).
#
# /payload/cfg/*.cfg     guests that must boot (the examples), in name order
# /payload/refuse/*.cfg  configs armguest must refuse before creating a domain
# /payload/armguest      the static arm64 armguest (absent: only the xl part runs)
#
# Part 1, no xenstored and no xenconsoled: `armguest create -c` per guest, the guest's console
# captured to /results/ag/NAME.cons, then `armguest destroy` of the shut-down domain; the
# refusals; the domain list.
# Part 2, with xenstored and xenconsoled: the real `xl create` per guest (console from
# xenconsoled's log into /results/xl/NAME.cons), then `armguest create` and `xl create` timed
# against each other, and the domain list.
# Each run leaves NAME.rc, NAME.log and a line in /results/times: TOOL NAME T0 T1 RC.

AG_TIMEOUT=${AG_TIMEOUT:-300}
mkdir -p /results/ag /results/xl /results/refuse
: >/results/times
have_ag=0
if [ -x /payload/armguest ]; then
	if armguest create --help >/dev/null 2>&1; then have_ag=1; else say "armguest create is not available: xl part only"; fi
fi

# wait_gone LISTCMD NAME SECONDS: wait until NAME is no longer in LISTCMD's output.
wait_gone() {
	i=0
	while [ $i -lt $(($3 * 10)) ]; do
		$1 2>/dev/null | awk -v n="$2" '$1 == n { f = 1 } END { exit !f }' || return 0
		sleep 0.1
		i=$((i + 1))
	done
	return 1
}

# Part 1: armguest alone.
if [ $have_ag = 1 ]; then
	say "part 1: armguest create -c, no xenstored/xenconsoled"
	for c in /payload/cfg/*.cfg; do
		n=$(basename "$c" .cfg)
		say "armguest create -c $n"
		t0=$(now)
		timeout $AG_TIMEOUT armguest create -c "$c" >/results/ag/$n.cons 2>/results/ag/$n.log </dev/null
		rc=$?
		t1=$(now)
		echo $rc >/results/ag/$n.rc
		echo "armguest-console $n $t0 $t1 $rc" >>/results/times
		say "  rc=$rc in $(ms_between $t0 $t1) ms"
		# armguest's monitor acts on on_poweroff (default destroy, docs/create.md).
		wait_gone "armguest list" $n 10
		armguest list >/results/ag/$n.list-off 2>&1
		if armguest list 2>/dev/null | awk -v n=$n '$1 == n { f = 1 } END { exit !f }'; then
			armguest destroy $n >/results/ag/$n.destroy.log 2>&1
			echo $? >/results/ag/$n.destroy.rc
		fi
		wait_gone "armguest list" $n 10 || echo left >/results/ag/$n.left
		armguest list >/results/ag/$n.list 2>&1
	done
	for c in /payload/refuse/*.cfg; do
		n=$(basename "$c" .cfg)
		say "armguest create $n (must be refused)"
		armguest create "$c" >/results/refuse/$n.ag.log 2>&1 </dev/null
		echo $? >/results/refuse/$n.ag.rc
		armguest list >/results/refuse/$n.ag.list 2>&1
	done
	# shellcheck source=tests/boot/dom0-lifecycle.sh
	[ ! -f /payload/dom0-lifecycle.sh ] || . /payload/dom0-lifecycle.sh
	armguest list >/results/ag/final.list 2>&1
	echo $? >/results/ag/final.list.rc
fi

# Part 2: the real xl, with its daemons.
say "part 2: xl create, with xenstored and xenconsoled"
start_daemons
xl info >/results/xl-info.txt 2>&1
for c in /payload/cfg/*.cfg; do
	n=$(basename "$c" .cfg)
	say "xl create $n"
	t0=$(now)
	xl create "$c" >/results/xl/$n.log 2>&1 </dev/null
	rc=$?
	t1=$(now)
	echo $rc >/results/xl/$n.rc
	echo "xl $n $t0 $t1 $rc" >>/results/times
	xl domid $n >/results/xl/$n.domid 2>/dev/null
	say "  rc=$rc in $(ms_between $t0 $t1) ms, domid $(cat /results/xl/$n.domid)"
	if [ $rc = 0 ]; then
		wait_file_grep /var/log/xen/console/guest-$n.log GUEST-DONE 120 || say "  $n: no GUEST-DONE on its console"
		wait_gone "xl list" $n 15 || { echo left >/results/xl/$n.left; xl destroy $n; }
	fi
	cp /var/log/xen/console/guest-$n.log /results/xl/$n.cons 2>/dev/null
done

# Create times side by side: each tool starts each guest paused-to-running the same way,
# timed from command start to its return (the domain is running then), and is destroyed at once.
if [ $have_ag = 1 ]; then
	for round in $(seq 1 ${TIMED_ROUNDS:-1}); do
		for c in /payload/cfg/*.cfg; do
			n=$(basename "$c" .cfg)
			for tool in armguest xl; do
				t0=$(now)
				timeout 60 $tool create "$c" >/results/xl/$n.$tool-timed.log 2>&1 </dev/null
				rc=$?
				t1=$(now)
				echo "timed-$tool $n $t0 $t1 $rc" >>/results/times
				$tool destroy $n >/dev/null 2>&1
				wait_gone "xl list" $n 15 || xl destroy $n >/dev/null 2>&1
			done
		done
	done
fi

for c in /payload/refuse/*.cfg; do
	n=$(basename "$c" .cfg)
	xl create "$c" >/results/refuse/$n.xl.log 2>&1 </dev/null
	echo $? >/results/refuse/$n.xl.rc
	xl destroy $n >/dev/null 2>&1
done
xl list >/results/xl/final.list 2>&1
say "dom0 script done"
