# Host-side helpers of the boot rig that make a guest's boot files from the unpacked Debian
# packages (tests/boot/fetch.sh).  Sourced by boot-xen.sh and guest-files.sh.

# boot_kernel_image CACHE KIMG: the kernel as an arm64 Image.  Debian's arm64 vmlinuz is a
# plain Image; a gzip'd one is unpacked (once) into CACHE/Image.
boot_kernel_image() {
	if [ "$(od -An -tx1 -N2 "$2" | tr -d ' ')" = 1f8b ]; then
		[ -f "$1/Image" ] || gunzip -c "$2" >"$1/Image"
		echo "$1/Image"
	else
		echo "$2"
	fi
}

# guest_initramfs BUSYBOX INIT DIR OUT [gzip|xz]: a busybox initramfs whose /init is INIT,
# built in DIR, written to OUT.  Fixed times and order keep it (hence its size, which is in
# the guest's tree) stable.  xz (CRC32, which the kernel's unxz checks) makes it smaller than
# gzip: trixie's busybox, gzip'd, is about 30 KB over the ramdisk size the 4.17 goldens pin
# (tests/boot/goldens.sh).
guest_initramfs() {
	local rdz
	case ${5:-gzip} in
	gzip) rdz=(gzip -n -9) ;;
	xz) rdz=(xz -9e --check=crc32 -T1) ;;
	*) echo "guest_initramfs: compression '$5': gzip or xz" >&2; return 2 ;;
	esac
	rm -rf "$3" && mkdir -p "$3/bin" "$3/proc" "$3/sys" "$3/dev" || return 1
	cp "$1" "$3/bin/" && cp "$2" "$3/init" && chmod 755 "$3/init" || return 1
	find "$3" -exec touch -h -d @0 {} +
	(cd "$3" && find . | LC_ALL=C sort | cpio -o -H newc --quiet --reproducible | "${rdz[@]}") >"$4"
}
