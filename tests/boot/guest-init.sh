#!/bin/busybox sh
# /init of the boot test's guests: report what the guest was given, then power off (reboot
# with ag_then=reboot on the command line: tests/boot/dom0-lifecycle.sh).
# The boot test reads these markers from the guest's console.
/bin/busybox --install -s /bin
mount -t proc proc /proc
mount -t sysfs sysfs /sys
echo "GUEST-INIT uptime=$(cut -d' ' -f1 /proc/uptime) cpus=$(grep -c ^processor /proc/cpuinfo)"
echo "MEM $(grep MemTotal /proc/meminfo)"
echo "FDT-BEGIN"
base64 /sys/firmware/fdt
echo "FDT-END"
echo "IRQ-BEGIN"
cat /proc/interrupts
echo "IRQ-END"
echo "GUEST-DONE"
# Give the console backend a moment to drain the ring before the domain goes away.
sleep 1
case " $(cat /proc/cmdline) " in *" ag_then=reboot "*) reboot -f ;; esac
poweroff -f
