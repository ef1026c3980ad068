#!/bin/bash
# guest-files.sh [-x 4.17|4.20] INIT OUTDIR: a guest's boot files on this machine, for the
# configs the project's tests hand to `armguest qemu`: OUTDIR/Image (Debian's arm64 kernel of
# that Xen release's Debian release, the one the rig boots as dom0) and OUTDIR/initrd.gz (a
# busybox initramfs whose /init is INIT).  Downloads as the rig does (tests/boot/fetch.sh,
# cached under $ARMGUEST_CACHE).  GUEST_RD_COMPRESS=xz for an xz'd initramfs.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)
rel=${BOOT_XEN:-4.17}
if [ "${1:-}" = -x ]; then rel=$2; shift 2; fi
[ $# = 2 ] || { echo "usage: $0 [-x 4.17|4.20] INIT OUTDIR" >&2; exit 2; }
init=$(realpath "$1") dir=$(realpath -m "$2")
# shellcheck source=ci/cache.sh
. "$top/ci/cache.sh"
# shellcheck source=tests/boot/fetch.sh
. "$here/fetch.sh"
# shellcheck source=tests/boot/guest-lib.sh
. "$here/guest-lib.sh"
cache=$(realpath -m "${BOOT_CACHE:-$(armguest_cache)/boot-$rel}")
mkdir -p "$cache" "$dir"
fetch_boot_packages "$cache" "$rel" >&2   # sets $tree and $kver
busybox=$tree/bin/busybox
[ -f "$busybox" ] || busybox=$tree/usr/bin/busybox
cp "$(boot_kernel_image "$cache" "$tree/boot/vmlinuz-$kver")" "$dir/Image"
guest_initramfs "$busybox" "$init" "$dir/root" "$dir/initrd.gz" "${GUEST_RD_COMPRESS:-gzip}"
rm -rf "$dir/root"
