# Helpers for the dom0 scripts of the boot rig (busybox sh).  Sourced, not run.

# Seconds since dom0 booted, with hundredths.
now() { cut -d' ' -f1 /proc/uptime; }

# say TEXT: a progress line on the serial console (prefixed, easy to grep) and in the log.
say() { echo "@@ $*"; echo "$*" >>/results/dom0.log; }

# start_daemons: xenstored, dom0's xenstore entries, xenconsoled (logging each guest's console
# to /var/log/xen/console/guest-NAME.log): what `xl create` needs.
start_daemons() {
	xenstored --pid-file /run/xen/xenstored.pid
	i=0
	while [ ! -S /run/xenstored/socket ] && [ $i -lt 50 ]; do sleep 0.1; i=$((i + 1)); done
	xen-init-dom0 >/dev/null 2>&1
	xenconsoled --pid-file=/run/xen/xenconsoled.pid --log=guest --log-dir=/var/log/xen/console
}

# ms_between T0 T1: milliseconds from uptime T0 to uptime T1.
ms_between() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%d\n", (b - a) * 1000 + 0.5 }'; }

# wait_file_grep FILE PATTERN SECONDS: wait until FILE contains PATTERN; 0 if it did.
wait_file_grep() {
	i=0
	while [ $i -lt $(($3 * 10)) ]; do
		grep -q "$2" "$1" 2>/dev/null && return 0
		sleep 0.1
		i=$((i + 1))
	done
	return 1
}

# send_results: /results as a gzip'd tar, base64 between markers, then its sha256, with the
# kernel's console messages held back meanwhile so that they cannot cut into the lines.
send_results() {
	dmesg >/results/dom0-dmesg.txt 2>/dev/null
	echo 1 >/proc/sys/kernel/printk
	tar -czf /tmp/results.tar.gz -C /results .
	echo "@@RESULTS-BEGIN@@"
	base64 /tmp/results.tar.gz
	echo "@@RESULTS-END@@"
	echo "@@RESULTS-SHA256 $(sha256sum /tmp/results.tar.gz | cut -d' ' -f1)@@"
}
