#!/bin/busybox sh
# /init of the dom0less boot test's guests: report what the guest was given on its console
# (the vpl011, which Xen prints as "(XEN) DOMn: ..." lines), then power off.  The test reads
# these lines; each is tagged with the marker the guest's command line names (d0l.marker=).
/bin/busybox --install -s /bin
mount -t proc proc /proc
mount -t sysfs sysfs /sys
m=$(sed -n 's/.*d0l\.marker=\([^ ]*\).*/\1/p' /proc/cmdline)
# Three times each, as the tree below, for the lines Xen may cut.
for k in 1 2 3; do
	echo "D0L-GUEST $m up cpus=$(grep -c ^processor /proc/cpuinfo) memtotal_kb=$(sed -n 's/^MemTotal: *\([0-9]*\) kB/\1/p' /proc/meminfo)"
	echo "D0L-CMDLINE $m $(cat /proc/cmdline)"
	echo "D0L-CONSOLE $m $(cat /sys/class/tty/console/active 2>/dev/null)"
done
# Xen prints both guests' consoles on one serial line and may cut a line of one with the
# other's output, so the tree goes three times, each line numbered, with its checksum: the test
# takes each line from a copy that came through whole and checks the sum.
echo "D0L-FDT-BEGIN $m"
for k in 1 2 3; do
	base64 /sys/firmware/fdt | awk -v m="$m" -v k="$k" '{ print "D0L-FDT " m " " k " " NR " " $0 }'
done
echo "D0L-FDT-SUM $m $(md5sum </sys/firmware/fdt | cut -c1-32)"
echo "D0L-FDT-END $m"
echo "D0L-IRQ-BEGIN $m"
sed "s/^/D0L-IRQ $m /" /proc/interrupts
echo "D0L-IRQ-END $m"
echo "D0L-DONE $m"
poweroff -f
