#!/bin/busybox sh
# /init of the rig's dom0 (tests/boot/boot-xen.sh): set up a minimal root, load the Xen
# drivers, run /payload/dom0.sh, send /results back over the console, power off.
/bin/busybox --install -s /bin
mount -t proc proc /proc
mount -t sysfs sysfs /sys
mount -t devtmpfs devtmpfs /dev
mkdir -p /dev/pts && mount -t devpts devpts /dev/pts
mount -t tmpfs tmpfs /run
mkdir -p /run/xen /run/xenstored /run/lock /var/run
rmdir /var/run && ln -s /run /var/run && ln -s /run/lock /var/lock
for m in xen-evtchn xen-gntdev xen-gntalloc xen-privcmd xenfs; do
	insmod /lib/modules/xen/$m.ko || echo "@@ dom0: cannot load $m"
done
mkdir -p /proc/xen && mount -t xenfs xenfs /proc/xen
# The Xen release this image was built for (boot-xen.sh): its tools are in /usr/lib/xen-REL/bin.
BOOT_XEN=4.17
[ ! -f /etc/boot-xen.env ] || . /etc/boot-xen.env
export BOOT_XEN
export PATH=/usr/lib/xen-$BOOT_XEN/bin:/payload:/bin:/sbin:/usr/bin:/usr/sbin
export LD_LIBRARY_PATH=/lib/aarch64-linux-gnu:/usr/lib/aarch64-linux-gnu
export HOME=/root
cd /payload
echo "@@DOM0-UP $(cut -d' ' -f1 /proc/uptime)@@"
# The script runs in a subshell so that whatever it does, its results still go back.
sh -c '. /etc/dom0-lib.sh && . /payload/dom0.sh'
echo "@@DOM0-SCRIPT-EXIT $?@@"
. /etc/dom0-lib.sh
send_results
poweroff -f
