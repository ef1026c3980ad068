#!/bin/bash
# Install the Debian 12 or 13 packages armguest's build and tests need (the fuzz set names
# Debian 12's clang runtime, libclang-rt-14-dev).
# usage: ci/install-deps.sh [build|test|svg|boot|cross|fuzz|fresh|pkg|all]   (default: test)
# Runs apt-get only for packages that are missing, so it is cheap to re-run.
set -euo pipefail
what=${1:-test}
build_pkgs="build-essential pkg-config libfdt-dev libjansson-dev libxen-dev zlib1g-dev"
# groff-base: tests/t-man.sh renders the man pages (groff -ww).
test_pkgs="$build_pkgs libcmocka-dev device-tree-compiler valgrind python3 xxd groff-base"
# ipxe-qemu holds the option ROMs of QEMU's NICs: without it `-machine virt` stops at start-up
# ("failed to find romfile efi-virtio.rom") unless every boot passes `-nic none`.
# xz-utils: Debian 13's kernel modules are .ko.xz, and the 4.20 goldens' guest ramdisk is xz'd;
# binutils (readelf): the boot rig checks the dom0 image's libraries.
# u-boot-qemu, mtools: the dom0less boot test's bootloader and the FAT disk it boots from.
boot_pkgs="$test_pkgs qemu-system-arm ipxe-qemu cpio gzip xz-utils binutils file u-boot-qemu mtools"
cross_pkgs="$build_pkgs gcc-aarch64-linux-gnu file qemu-user-static"
fuzz_pkgs="$test_pkgs clang libclang-rt-14-dev"
# make test-svg: headless Chromium measures the labels of `armguest explain --svg`.
svg_pkgs="$build_pkgs chromium"
# ci/fresh-root.sh: a new Debian root, and git to put the commit under test into it.
fresh_pkgs="mmdebstrap git ca-certificates"
# ci/package-test.sh: dpkg-buildpackage (debian/control's Build-Depends), lintian, and a
# new root to install the packages into.
pkg_pkgs="$build_pkgs dpkg-dev debhelper fakeroot lintian groff-base mmdebstrap"
case $what in
build) pkgs=$build_pkgs ;;
test) pkgs=$test_pkgs ;;
svg) pkgs=$svg_pkgs ;;
boot) pkgs="$boot_pkgs $cross_pkgs" ;;
cross) pkgs=$cross_pkgs ;;
fuzz) pkgs=$fuzz_pkgs ;;
fresh) pkgs=$fresh_pkgs ;;
pkg) pkgs=$pkg_pkgs ;;
all) pkgs="$boot_pkgs $cross_pkgs $fuzz_pkgs $fresh_pkgs $svg_pkgs $pkg_pkgs" ;;
*) echo "usage: $0 [build|test|svg|boot|cross|fuzz|fresh|pkg|all]" >&2; exit 2 ;;
esac
missing=()
for p in $pkgs; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
	sudo=; [ "$(id -u)" = 0 ] || sudo=sudo
	$sudo apt-get update -qq
	DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi
