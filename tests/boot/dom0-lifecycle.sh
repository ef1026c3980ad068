# dom0 side of the boot test's lifecycle checks (busybox sh), sourced by dom0-test.sh at the
# end of its part 1 (no xenstored: the monitor is woken by VIRQ_DOM_EXC).  Needs wait_gone
# from dom0-test.sh; the host side is tests/boot/lifecycle-check.sh.
#
# /payload/lifecycle/lc-poweroff.cfg  powers off: the monitor must destroy it (on_poweroff's
#                                     default), leaving no domain
# /payload/lifecycle/lc-reboot.cfg    reboots (ag_then=reboot): the monitor must create it
#                                     again under the same name (on_reboot's default), with a
#                                     new domid and the same tree; `armguest destroy` then
#                                     stops the monitor and removes it
# Results in /results/lc/: BOOT.cons (the consoles), *.rc, *.list, domid.*, monitor logs.

lc_domid() { armguest list 2>/dev/null | awk -v n="$1" '$1 == n { print $2 }'; }

if [ $have_ag = 1 ] && [ -d /payload/lifecycle ]; then
	say "lifecycle: on_poweroff and on_reboot through armguest's monitor"
	mkdir -p /results/lc
	timeout 120 armguest create -c /payload/lifecycle/lc-poweroff.cfg >/results/lc/poweroff.cons \
		2>/results/lc/poweroff.log </dev/null
	echo $? >/results/lc/poweroff.rc
	if wait_gone "armguest list" lc-poweroff 20; then echo gone >/results/lc/poweroff.gone; fi
	armguest list >/results/lc/poweroff.list 2>&1

	timeout 120 armguest create -c /payload/lifecycle/lc-reboot.cfg >/results/lc/boot1.cons \
		2>/results/lc/boot1.log </dev/null
	echo $? >/results/lc/boot1.rc
	sed -n 's/^armguest: domain \([0-9]*\) (lc-reboot) created.*/\1/p' /results/lc/boot1.log \
		>/results/lc/domid.1
	# The restart: the same name under a new domid.
	i=0
	while [ $i -lt 300 ]; do
		d=$(lc_domid lc-reboot)
		[ -n "$d" ] && [ "$d" != "$(cat /results/lc/domid.1)" ] && break
		sleep 0.1
		i=$((i + 1))
	done
	lc_domid lc-reboot >/results/lc/domid.2
	armguest list >/results/lc/reboot.list 2>&1
	# Its console waits for a reader: the whole second boot, up to its own reboot.
	timeout 120 armguest console lc-reboot >/results/lc/boot2.cons 2>/results/lc/boot2.log </dev/null
	echo $? >/results/lc/boot2.rc
	armguest destroy lc-reboot >/results/lc/destroy.log 2>&1
	echo $? >/results/lc/destroy.rc
	if wait_gone "armguest list" lc-reboot 20; then echo gone >/results/lc/reboot.gone; fi
	armguest list >/results/lc/final.list 2>&1
	cat /run/armguest/monitor-*.log >/results/lc/monitor.log 2>&1
	# The domain ids these used (a restart cut short by destroy takes one too), for the host's
	# domid-sequence check: the next id, learnt from a paused, unmonitored probe.
	armguest create -p -e /payload/lifecycle/lc-poweroff.cfg >/dev/null 2>/results/lc/probe.log </dev/null
	a=$(sed -n 's/^armguest: domain \([0-9]*\) (lc-poweroff) created.*/\1/p' /results/lc/poweroff.log)
	b=$(sed -n 's/^armguest: domain \([0-9]*\) (lc-poweroff) created.*/\1/p' /results/lc/probe.log)
	armguest destroy lc-poweroff >/dev/null 2>&1
	[ -z "$a" ] || [ -z "$b" ] || echo $((b - a + 1)) >/results/lc/domids
	# No monitor may outlive its domain: one left holding VIRQ_DOM_EXC would keep part 2's
	# xenstored from starting ("Failed to bind to domain exception virq port"), so a leftover
	# is recorded (the host check fails on it) and then ended here, by its pid.
	ps 2>/dev/null | awk '/armguest create/ && !/awk/ { print $1 }' >/results/lc/leftover
	ps >/results/lc/ps.txt 2>&1
	for p in $(cat /results/lc/leftover); do kill "$p"; done
	[ -s /results/lc/leftover ] && sleep 2
	armguest list >/results/lc/after.list 2>&1
	for n in lc-reboot lc-poweroff; do armguest destroy $n >/dev/null 2>&1; done
fi
