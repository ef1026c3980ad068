#!/bin/bash
# Boot Debian's Xen (12's 4.17 or 13's 4.20) with the same Debian release's arm64 kernel as
# dom0 under qemu-system-aarch64 (TCG, virtualization=on) and run a script in dom0.
#
#   boot-xen.sh [-x 4.17|4.20] [-g 2|3] [-m MiB] [-t SECONDS] [-l] SCRIPT PAYLOAD OUTDIR
#
# SCRIPT  dom0 side: runs as root in dom0 with /payload holding PAYLOAD's files, the Xen
#         tools on PATH, and the helpers of dom0-lib.sh sourced; the machine powers off after it.
# PAYLOAD a directory copied to /payload in dom0 (configs, armguest, anything the script needs).
# OUTDIR  gets serial.log (everything QEMU's serial port printed) and, when the script left
#         files in /results, those files (sent back over the serial line as one checked archive).
# -x      the Xen release (default $BOOT_XEN, else 4.17): 4.17 boots Debian 12 (bookworm)'s
#         packages, 4.20 Debian 13 (trixie)'s; see fetch.sh for where they come from
# -g      the board's GIC version (default 3)        -m  QEMU RAM in MiB (default 2048)
# -t      time limit for the whole boot (default 900) -l  also stream the serial line to stdout
#
# Also provided for the scripts: /srv/guests/vmlinuz (the guest kernel: the same Debian kernel
# as dom0's, an arm64 Image) and /srv/guests/initrd.gz (a busybox initramfs whose /init is
# $GUEST_INIT, default guest-init.sh beside this file).
#
# Environment: BOOT_XEN (the release, as -x), BOOT_CACHE (downloaded packages and the
# unpacked tree of that release, default $ARMGUEST_CACHE/boot-RELEASE: see ci/cache.sh,
# ~/.cache/armguest/boot-4.17 and boot-4.20 unless set), BOOT_KERNEL_PKG (default: what that
# Debian release's linux-image-arm64 depends on), GUEST_INIT, GUEST_RD_COMPRESS (gzip, the
# default, or xz: how the guest initramfs is compressed),
# QEMU (default qemu-system-aarch64), BOOT_XEN_IMAGE (another Xen build of the release to boot
# instead of Debian's: armguest qemu --xen-image), BOOT_APPEND (extra dom0 kernel arguments), BOOT_SMP
# (the board's CPUs, default 2).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)

gic=3 mem=2048 limit=900 live=0 rel=${BOOT_XEN:-4.17}
usage="usage: $0 [-x 4.17|4.20] [-g 2|3] [-m MiB] [-t SECONDS] [-l] SCRIPT PAYLOAD OUTDIR"
while getopts "x:g:m:t:l" o; do
	case $o in
	x) rel=$OPTARG ;;
	g) gic=$OPTARG ;;
	m) mem=$OPTARG ;;
	t) limit=$OPTARG ;;
	l) live=1 ;;
	*) echo "$usage" >&2; exit 2 ;;
	esac
done
shift $((OPTIND - 1))
[ $# = 3 ] || { echo "$usage" >&2; exit 2; }
case $rel in
4.17 | 4.20) ;;
*) echo "boot-xen: Xen '$rel': the rig boots Xen 4.17 (Debian 12) or 4.20 (Debian 13)" >&2; exit 2 ;;
esac
script=$(realpath "$1") payload=$(realpath "$2") out=$(realpath -m "$3")
# shellcheck source=ci/cache.sh
. "$top/ci/cache.sh"
cache=$(realpath -m "${BOOT_CACHE:-$(armguest_cache)/boot-$rel}")
guest_init=$(realpath "${GUEST_INIT:-$here/guest-init.sh}")
mkdir -p "$out"
# Before the release was a parameter the 4.17 packages were cached in boot/: reuse them.
if [ -z "${BOOT_CACHE:-}" ] && [ ! -d "$cache/debs" ] && [ -d "$(armguest_cache)/boot/debs" ] &&
	grep -q "^xen-hypervisor-$rel-arm64=" "$(armguest_cache)/boot/tree.stamp" 2>/dev/null; then
	mkdir -p "$cache"
	# hard links where the file system allows them
	if ! cp -al "$(armguest_cache)/boot/debs" "$cache/debs" 2>/dev/null; then
		rm -rf "$cache/debs" && cp -a "$(armguest_cache)/boot/debs" "$cache/debs"
	fi
fi
mkdir -p "$cache"
rm -f "$out/serial.log" "$out/results.tar.gz"

# shellcheck source=tests/boot/fetch.sh
. "$here/fetch.sh"
fetch_boot_packages "$cache" "$rel"   # sets $tree (unpacked packages), $kver and $tree_mods
# busybox: /bin before Debian 13, /usr/bin since (merged /usr)
busybox=$tree/bin/busybox
[ -f "$busybox" ] || busybox=$tree/usr/bin/busybox

# The dom0 base image: busybox, the Xen tools xl needs, the Xen driver modules.  Rebuilt only
# when the packages or this rig change.
base=$cache/dom0-base.cpio.gz
rig_sum=$(cat "$here/boot-xen.sh" "$here/dom0-init.sh" "$here/dom0-lib.sh" "$cache/tree.stamp" | sha256sum | cut -c1-16)
if [ ! -f "$base" ] || [ "$(cat "$base.stamp" 2>/dev/null)" != "$rig_sum" ]; then
	r=$cache/dom0-root
	rm -rf "$r"
	mkdir -p "$r"/{bin,sbin,etc,proc,sys,dev,tmp,run,root,results,payload,srv/guests} \
		"$r"/var/lib/xen "$r"/var/lib/xenstored "$r"/var/log/xen/console "$r/usr/lib"
	cp -a "$busybox" "$r/bin/"
	# glibc and the libraries of xl, xenstored, xenconsoled and xen-init-dom0: in /lib
	# and /usr/lib before Debian 13; merged into /usr/lib since, with /lib a link to it
	# (the dynamic loader is /lib/ld-linux-aarch64.so.1 in both).
	if [ -d "$tree/lib" ]; then
		cp -a "$tree/lib" "$r/" && rm -rf "$r/lib/modules/$kver" "$r/lib/firmware"
	else
		ln -s usr/lib "$r/lib"
		cp -a "$tree"/usr/lib/ld-linux-* "$r/usr/lib/"
	fi
	cp -a "$tree/usr/lib/aarch64-linux-gnu" "$r/usr/lib/"
	mkdir -p "$r/usr/lib/xen-$rel/bin" "$r/lib/modules/xen"
	for t in xl xenconsole xenstored xenconsoled xen-init-dom0; do
		cp -a "$tree/usr/lib/xen-$rel/bin/$t" "$r/usr/lib/xen-$rel/bin/"
	done
	# Every library those need must be there (a Debian release that splits or renames
	# one shows up here, not as a dom0 that cannot run xl).
	command -v readelf >/dev/null || { echo "boot-xen: readelf is not installed (binutils; ci/install-deps.sh boot)" >&2; exit 1; }
	miss=$(cd "$r" && for b in usr/lib/xen-"$rel"/bin/* usr/lib/aarch64-linux-gnu/*.so*; do
		[ -L "$b" ] || readelf -d "$b" 2>/dev/null | sed -n 's/.*(NEEDED).*\[\(.*\)\]/\1/p'
	done | sort -u | while read -r l; do [ -e "usr/lib/aarch64-linux-gnu/$l" ] || [ -e "lib/aarch64-linux-gnu/$l" ] || echo "$l"; done)
	[ -z "$miss" ] || { echo "boot-xen: Xen $rel: libraries missing from the dom0 image (add their packages in fetch.sh): $(tr '\n' ' ' <<<"$miss")" >&2; exit 1; }
	mkdir -p "$r/etc/xen" && echo "# xl's defaults are what the boot rig wants" >"$r/etc/xen/xl.conf"
	# dom0-init.sh puts /usr/lib/xen-$BOOT_XEN/bin on PATH.
	echo "BOOT_XEN=$rel" >"$r/etc/boot-xen.env"
	# The driver modules, uncompressed (Debian 13 ships them xz-compressed; busybox's
	# insmod takes plain .ko files).
	for m in xen-evtchn xen-gntdev xen-gntalloc xen-privcmd xenfs/xenfs; do
		f=$tree_mods/kernel/drivers/xen/$m.ko
		if [ -f "$f" ]; then cp "$f" "$r/lib/modules/xen/"
		elif [ -f "$f.xz" ]; then xz -dc "$f.xz" >"$r/lib/modules/xen/$(basename "$m").ko"
		else echo "boot-xen: no module $m.ko(.xz) in $tree_mods" >&2; exit 1; fi
	done
	cp "$here/dom0-init.sh" "$r/init" && chmod 755 "$r/init"
	cp "$here/dom0-lib.sh" "$r/etc/dom0-lib.sh"
	(cd "$r" && find . | LC_ALL=C sort | cpio -o -H newc --quiet | gzip -1) > "$base.tmp"
	mv "$base.tmp" "$base" && echo "$rig_sum" > "$base.stamp"
fi

# The guest's boot files and the payload: a second archive, appended to the base (the kernel
# unpacks concatenated initramfs archives in order).
work=$out/work
rm -rf "$work" && mkdir -p "$work/root/srv/guests" "$work/root/payload"
# shellcheck source=tests/boot/guest-lib.sh
. "$here/guest-lib.sh"
kimg=$(boot_kernel_image "$cache" "$tree/boot/vmlinuz-$kver")
cp "$kimg" "$work/root/srv/guests/vmlinuz"
guest_initramfs "$busybox" "$guest_init" "$work/guest" "$work/root/srv/guests/initrd.gz" \
	"${GUEST_RD_COMPRESS:-gzip}" || { echo "boot-xen: cannot build the guest initramfs" >&2; exit 2; }
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
	-kernel "${BOOT_XEN_IMAGE:-$tree/boot/xen-$rel-arm64}" -append "$xen_args"
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
