#!/bin/busybox sh
# /init of the demo's guest: say hello with a few facts about the guest, then power off.
/bin/busybox --install -s /bin
mount -t proc proc /proc
mount -t sysfs sysfs /sys
xen="?"
[ -r /sys/hypervisor/version/major ] &&
	xen="$(cat /sys/hypervisor/version/major).$(cat /sys/hypervisor/version/minor)$(cat /sys/hypervisor/version/extra)"
echo
echo "  Hello from a Xen guest on Arm64!"
echo "    Linux $(uname -r) on $(grep -c ^processor /proc/cpuinfo) vCPU(s), $(awk '/MemTotal/ { print int($2 / 1024) }' /proc/meminfo) MiB RAM"
echo "    hypervisor: Xen $xen; device tree model: $(tr -d '\0' </proc/device-tree/model 2>/dev/null)"
echo "    Linux was up $(cut -d' ' -f1 /proc/uptime) s when this line was printed"
echo "  Powering off."
echo
sleep 1
poweroff -f
