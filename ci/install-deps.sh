#!/bin/bash
# Install the Debian 12 or 13 packages armguest's build and tests need (the fuzz set names
# Debian 12's clang runtime, libclang-rt-14-dev).
# usage: ci/install-deps.sh [build|test|svg|boot|cross|fuzz|fresh|pkg|pkg-arch|pkg-indep|all]   (default: test)
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
# dpkg-buildpackage -B with DEB_BUILD_OPTIONS=nocheck (debian/control's Build-Depends-Arch).
pkg_arch_pkgs="$build_pkgs dpkg-dev debhelper fakeroot"
# ci/package-test.sh: that, lintian, and a new root to install the packages into.
pkg_pkgs="$pkg_arch_pkgs lintian groff-base mmdebstrap"
# The Build-Depends-Indep of armguest-qemu (debian/control): gcc-aarch64-linux-gnu and the arm64
# libraries of this Debian release through multiarch (arm64 added as an architecture when it is
# not one yet).  On Debian 12 libxen-dev and libfdt-dev are not Multi-Arch: same, so their arm64
# and native packages exclude each other: this set refuses to remove the native ones and is for a
# build root (ci/package-test.sh makes one); `make cross` needs none of it.
pkg_indep_pkgs="build-essential dpkg-dev debhelper fakeroot pkg-config file qemu-user-static libc6-dev:arm64
libxen-dev:arm64 libfdt-dev:arm64 libjansson-dev:arm64 zlib1g-dev:arm64 liblzma-dev:arm64
libzstd-dev:arm64 libbz2-dev:arm64"
native=$(dpkg --print-architecture)
[ "$native" = arm64 ] || pkg_indep_pkgs+=" gcc-aarch64-linux-gnu"
case $what in
build) pkgs=$build_pkgs ;;
test) pkgs=$test_pkgs ;;
svg) pkgs=$svg_pkgs ;;
boot) pkgs="$boot_pkgs $cross_pkgs" ;;
cross) pkgs=$cross_pkgs ;;
fuzz) pkgs=$fuzz_pkgs ;;
fresh) pkgs=$fresh_pkgs ;;
pkg) pkgs=$pkg_pkgs ;;
pkg-arch) pkgs=$pkg_arch_pkgs ;;
pkg-indep) pkgs=$pkg_indep_pkgs ;;
all) pkgs="$boot_pkgs $cross_pkgs $fuzz_pkgs $fresh_pkgs $svg_pkgs $pkg_pkgs" ;;
*) echo "usage: $0 [build|test|svg|boot|cross|fuzz|fresh|pkg|pkg-arch|pkg-indep|all]" >&2; exit 2 ;;
esac
sudo=; [ "$(id -u)" = 0 ] || sudo=sudo
# A name without ":ARCH" is this machine's architecture's (or all): a libxen-dev:arm64 installed
# for armguest-qemu's build is not the native libxen-dev.
missing=()
for p in $pkgs; do
	case $p in
	*:*) want="install ok installed ${p#*:}" ;;
	*) want="install ok installed \($native\|all\)" ;;
	esac
	dpkg-query -W -f='${Status} ${Architecture}\n' "$p" 2>/dev/null | grep -qx "$want" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
	if [ "$what" = pkg-indep ] && [ "$native" != arm64 ] &&
		! dpkg --print-foreign-architectures | grep -qx arm64; then
		$sudo dpkg --add-architecture arm64
	fi
	$sudo apt-get update -qq
	if [ "$what" = pkg-indep ]; then
		gone=$(apt-get install -s -qq --no-install-recommends "${missing[@]}" | awk '$1 == "Remv" { print $2 }')
		[ -z "$gone" ] || { echo "install-deps: pkg-indep would remove ${gone//$'\n'/ } (Debian 12's are not" \
			"Multi-Arch: same): build armguest-qemu in a root of its own (ci/package-test.sh)" >&2; exit 1; }
	fi
	DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi
