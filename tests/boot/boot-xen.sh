#!/bin/bash
# Boot Debian 12's Xen 4.17 with Debian's arm64 kernel as dom0 under qemu-system-aarch64
# (TCG, virtualization=on) and run a script in dom0.
#
#   boot-xen.sh [-g 2|3] [-m MiB] [-t SECONDS] [-l] SCRIPT PAYLOAD OUTDIR
#
# SCRIPT  dom0 side: runs as root in dom0 with /payload holding PAYLOAD's files, the Xen
#         tools on PATH, and the helpers of dom0-lib.sh sourced; the machine powers off after it.
# PAYLOAD a directory copied to /payload in dom0 (configs, armguest, anything the script needs).
# OUTDIR  gets serial.log (everything QEMU's serial port printed) and, when the script left
#         files in /results, those files (sent back over the serial line as one checked archive).
# -g      the board's GIC version (default 3)        -m  QEMU RAM in MiB (default 2048)
# -t      time limit for the whole boot (default 900) -l  also stream the serial line to stdout
#
# Also provided for the scripts: /srv/guests/vmlinuz (the guest kernel: the same Debian kernel
# as dom0's, an arm64 Image) and /srv/guests/initrd.gz (a busybox initramfs whose /init is
# $GUEST_INIT, default guest-init.sh beside this file).
#
# Environment: BOOT_CACHE (downloaded packages and the unpacked tree, default
# $ARMGUEST_CACHE/boot: see ci/cache.sh, ~/.cache/armguest/boot unless set),
# BOOT_KERNEL_PKG (default: what Debian's linux-image-arm64 depends on), GUEST_INIT,
# QEMU (default qemu-system-aarch64), BOOT_APPEND (extra dom0 kernel arguments), BOOT_SMP
# (the board's CPUs, default 2).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)

gic=3 mem=2048 limit=900 live=0
while getopts "g:m:t:l" o; do
	case $o in
	g) gic=$OPTARG ;;
	m) mem=$OPTARG ;;
	t) limit=$OPTARG ;;
	l) live=1 ;;
	*) echo "usage: $0 [-g 2|3] [-m MiB] [-t SECONDS] [-l] SCRIPT PAYLOAD OUTDIR" >&2; exit 2 ;;
	esac
done
shift $((OPTIND - 1))
[ $# = 3 ] || { echo "usage: $0 [-g 2|3] [-m MiB] [-t SECONDS] [-l] SCRIPT PAYLOAD OUTDIR" >&2; exit 2; }
script=$(realpath "$1") payload=$(realpath "$2") out=$(realpath -m "$3")
# shellcheck source=ci/cache.sh
. "$top/ci/cache.sh"
cache=$(realpath -m "${BOOT_CACHE:-$(armguest_cache)/boot}")
guest_init=$(realpath "${GUEST_INIT:-$here/guest-init.sh}")
mkdir -p "$out" "$cache"
rm -f "$out/serial.log" "$out/results.tar.gz"

# shellcheck source=tests/boot/fetch.sh
. "$here/fetch.sh"
fetch_boot_packages "$cache"   # sets $tree (unpacked packages) and $kver

# The dom0 base image: busybox, the Xen tools xl needs, the Xen driver modules.  Rebuilt only
# when the packages or this rig change.
base=$cache/dom0-base.cpio.gz
rig_sum=$(cat "$here/boot-xen.sh" "$here/dom0-init.sh" "$here/dom0-lib.sh" "$cache/tree.stamp" | sha256sum | cut -c1-16)
if [ ! -f "$base" ] || [ "$(cat "$base.stamp" 2>/dev/null)" != "$rig_sum" ]; then
	r=$cache/dom0-root
	rm -rf "$r"
	mkdir -p "$r"/{bin,sbin,etc,proc,sys,dev,tmp,run,root,results,payload,srv/guests} \
		"$r"/var/lib/xen "$r"/var/lib/xenstored "$r"/var/log/xen/console "$r/lib/modules/xen"
	cp -a "$tree/bin/busybox" "$r/bin/"
	# glibc and the libraries of xl, xenstored, xenconsoled and xen-init-dom0
	cp -a "$tree/lib" "$r/" && rm -rf "$r/lib/modules/$kver" "$r/lib/firmware"
	mkdir -p "$r/usr/lib" && cp -a "$tree/usr/lib/aarch64-linux-gnu" "$r/usr/lib/"
	mkdir -p "$r/usr/lib/xen-4.17/bin"
	for t in xl xenconsole xenstored xenconsoled xen-init-dom0; do
		cp -a "$tree/usr/lib/xen-4.17/bin/$t" "$r/usr/lib/xen-4.17/bin/"
	done
	mkdir -p "$r/etc/xen" && echo "# xl's defaults are what the boot rig wants" >"$r/etc/xen/xl.conf"
	for m in xen-evtchn xen-gntdev xen-gntalloc xen-privcmd xenfs/xenfs; do
		cp "$tree/lib/modules/$kver/kernel/drivers/xen/$m.ko" "$r/lib/modules/xen/"
	done
	cp "$here/dom0-init.sh" "$r/init" && chmod 755 "$r/init"
	cp "$here/dom0-lib.sh" "$r/etc/dom0-lib.sh"
	(cd "$r" && find . | LC_ALL=C sort | cpio -o -H newc --quiet | gzip -1) > "$base.tmp"
	mv "$base.tmp" "$base" && echo "$rig_sum" > "$base.stamp"
fi

# The guest's boot files and the payload: a second archive, appended to the base (the kernel
# unpacks concatenated initramfs archives in order).
work=$out/work
rm -rf "$work" && mkdir -p "$work/root/srv/guests" "$work/root/payload" "$work/guest/bin" \
	"$work/guest/proc" "$work/guest/sys" "$work/guest/dev"
# Debian's arm64 vmlinuz is a plain Image; a gzip'd one would be unpacked first.
kimg=$tree/boot/vmlinuz-$kver
if [ "$(od -An -tx1 -N2 "$kimg" | tr -d ' ')" = 1f8b ]; then
	[ -f "$cache/Image" ] || gunzip -c "$kimg" >"$cache/Image"
	kimg=$cache/Image
fi
cp "$kimg" "$work/root/srv/guests/vmlinuz"
cp "$tree/bin/busybox" "$work/guest/bin/"
cp "$guest_init" "$work/guest/init" && chmod 755 "$work/guest/init"
# Fixed times and order keep the guest initramfs (hence its size, which is in the tree) stable.
find "$work/guest" -exec touch -h -d @0 {} +
(cd "$work/guest" && find . | LC_ALL=C sort | cpio -o -H newc --quiet --reproducible | gzip -n -9) \
	> "$work/root/srv/guests/initrd.gz"
cp "$work/root/srv/guests/initrd.gz" "$out/guest-initrd.gz"
ln -sfn "$kimg" "$out/guest-Image"
cp -a "$payload/." "$work/root/payload/"
cp "$script" "$work/root/payload/dom0.sh"
(cd "$work/root" && find . | LC_ALL=C sort | cpio -o -H newc --quiet | gzip -1) > "$work/payload.cpio.gz"
cat "$base" "$work/payload.cpio.gz" > "$work/dom0-initrd.gz"

xen_args="dom0_mem=768M dom0_max_vcpus=2 console=dtuart dtuart=/pl011@9000000 loglvl=all guest_loglvl=all"
dom0_args="console=hvc0 rdinit=/init loglevel=4 ${BOOT_APPEND:-}"
qemu_cmd=("${QEMU:-qemu-system-aarch64}" -machine "virt,virtualization=on,gic-version=$gic"
	-cpu cortex-a57 -smp "${BOOT_SMP:-2}" -m "$mem" -nic none -display none -monitor none -serial stdio -no-reboot
	-kernel "$tree/boot/xen-4.17-arm64" -append "$xen_args"
	-device "guest-loader,addr=0x49000000,kernel=$tree/boot/vmlinuz-$kver,bootargs=$dom0_args"
	-device "guest-loader,addr=0x52000000,initrd=$work/dom0-initrd.gz")
rc=0
if [ "$live" = 1 ]; then
	timeout "$limit" "${qemu_cmd[@]}" </dev/null 2>&1 | tee "$out/serial.log" || rc=$?
else
	timeout "$limit" "${qemu_cmd[@]}" </dev/null >"$out/serial.log" 2>&1 || rc=$?
fi
[ "$rc" = 124 ] && echo "boot-xen: QEMU stopped after the ${limit}s limit" >&2

# The results archive dom0 printed (tests/boot/check-lib.sh).
# shellcheck source=tests/boot/check-lib.sh
. "$here/check-lib.sh"
got=0
results_from_serial "$out/serial.log" "$out/results.tar.gz" || got=$?
case $got in
1) echo "boot-xen: dom0 sent no results (see $out/serial.log)" >&2; exit 1 ;;
3) echo "boot-xen: the results archive was damaged on the serial line (sha256 differs)" >&2; exit 1 ;;
esac
rm -rf "$out/results" && mkdir -p "$out/results"
tar -xzf "$out/results.tar.gz" -C "$out/results"
echo "boot-xen: done, results in $out/results"
