# dom0 side of the boot test's lifecycle checks (busybox sh), sourced by the boot test's dom0
# hook (dom0-test.sh) with xenstored running (the monitor is woken by its @releaseDomain watch;
# the VIRQ_DOM_EXC path without xenstored is unit-tested, tests/unit/test_monitor.c).  The host
# side is tests/boot/lifecycle-check.sh.
#
# $LC_DIR/lc-poweroff.cfg  powers off: the monitor must destroy it (on_poweroff's default),
#                          leaving no domain
# $LC_DIR/lc-reboot.cfg    reboots (ag_then=reboot): the monitor must create it again under
#                          the same name (on_reboot's default), with a new domid and the same
#                          tree; `armguest destroy` then stops the monitor and removes it
# Results in $LC_RES: BOOT.cons (the consoles), *.rc, *.list, domid.*, monitor logs.
LC_DIR=${LC_DIR:-/payload/lifecycle} LC_RES=${LC_RES:-/results/lc}

# lc_gone NAME SECONDS: wait until armguest no longer lists NAME; 0 if it went.
lc_gone() {
	i=0
	while [ $i -lt $(($2 * 10)) ]; do
		armguest list 2>/dev/null | awk -v n="$1" '$1 == n { f = 1 } END { exit !f }' || return 0
		sleep 0.1
		i=$((i + 1))
	done
	return 1
}

lc_domid() { armguest list 2>/dev/null | awk -v n="$1" '$1 == n { print $2 }'; }

if [ -d "$LC_DIR" ]; then
	say "lifecycle: on_poweroff and on_reboot through armguest's monitor"
	mkdir -p $LC_RES
	timeout 120 armguest create -c $LC_DIR/lc-poweroff.cfg >$LC_RES/poweroff.cons \
		2>$LC_RES/poweroff.log </dev/null
	echo $? >$LC_RES/poweroff.rc
	if lc_gone lc-poweroff 20; then echo gone >$LC_RES/poweroff.gone; fi
	armguest list >$LC_RES/poweroff.list 2>&1

	timeout 120 armguest create -c $LC_DIR/lc-reboot.cfg >$LC_RES/boot1.cons \
		2>$LC_RES/boot1.log </dev/null
	echo $? >$LC_RES/boot1.rc
	sed -n 's/^armguest: domain \([0-9]*\) (lc-reboot) created.*/\1/p' $LC_RES/boot1.log \
		>$LC_RES/domid.1
	# The restart: the same name under a new domid.
	i=0
	while [ $i -lt 300 ]; do
		d=$(lc_domid lc-reboot)
		[ -n "$d" ] && [ "$d" != "$(cat $LC_RES/domid.1)" ] && break
		sleep 0.1
		i=$((i + 1))
	done
	lc_domid lc-reboot >$LC_RES/domid.2
	armguest list >$LC_RES/reboot.list 2>&1
	# Its console waits for a reader: the whole second boot, up to its own reboot.
	timeout 120 armguest console lc-reboot >$LC_RES/boot2.cons 2>$LC_RES/boot2.log </dev/null
	echo $? >$LC_RES/boot2.rc
	armguest destroy lc-reboot >$LC_RES/destroy.log 2>&1
	echo $? >$LC_RES/destroy.rc
	if lc_gone lc-reboot 20; then echo gone >$LC_RES/reboot.gone; fi
	armguest list >$LC_RES/final.list 2>&1
	cat /run/armguest/monitor-*.log >$LC_RES/monitor.log 2>&1
	# The domain ids these used (a restart cut short by destroy takes one too), for the host's
	# domid-sequence check: the next id, learnt from a paused, unmonitored probe.
	armguest create -p -e $LC_DIR/lc-poweroff.cfg >/dev/null 2>$LC_RES/probe.log </dev/null
	a=$(sed -n 's/^armguest: domain \([0-9]*\) (lc-poweroff) created.*/\1/p' $LC_RES/poweroff.log)
	b=$(sed -n 's/^armguest: domain \([0-9]*\) (lc-poweroff) created.*/\1/p' $LC_RES/probe.log)
	armguest destroy lc-poweroff >/dev/null 2>&1
	[ -z "$a" ] || [ -z "$b" ] || echo $((b - a + 1)) >$LC_RES/domids
	# No monitor may outlive its domain (one left holding VIRQ_DOM_EXC keeps a xenstored
	# started later from binding it): a leftover is recorded (the host check fails on it) and
	# then ended here, by its pid.
	ps 2>/dev/null | awk '/armguest create/ && !/awk/ { print $1 }' >$LC_RES/leftover
	ps >$LC_RES/ps.txt 2>&1
	for p in $(cat $LC_RES/leftover); do kill "$p"; done
	[ -s $LC_RES/leftover ] && sleep 2
	armguest list >$LC_RES/after.list 2>&1
	for n in lc-reboot lc-poweroff; do armguest destroy $n >/dev/null 2>&1; done
fi
