#!/bin/bash
# fetch_boot_packages CACHE: download (once) the Debian arm64 packages the boot rig runs and
# unpack them into CACHE/tree.  Sets $tree and $kver.  Sourced by boot-xen.sh.
#
# Xen 4.17's hypervisor, Debian's arm64 kernel (dom0 and guests), busybox, and the Xen tools
# with the libraries xl, xenstored, xenconsoled and xen-init-dom0 load (glibc dlopens
# libgcc_s for pthread_cancel, which xl uses).

fetch_boot_packages() {
	local cache=$1 kpkg want p v fetch=() sudo=
	[ "$(id -u)" = 0 ] || sudo=sudo
	if ! dpkg --print-foreign-architectures | grep -qx arm64; then
		$sudo dpkg --add-architecture arm64
		$sudo apt-get update -qq
	fi
	kpkg=${BOOT_KERNEL_PKG:-}
	if [ -z "$kpkg" ]; then
		# The kernel Debian's metapackage points at now (linux-image-6.1.0-N-arm64).
		kpkg=$(apt-cache show linux-image-arm64:arm64 2>/dev/null |
			sed -n 's/^Depends: \(linux-image-[0-9][^ ,]*-arm64\).*/\1/p' | head -n 1)
		[ -n "$kpkg" ] || { echo "fetch: cannot find Debian's arm64 kernel package" >&2; return 1; }
	fi
	local pkgs="xen-hypervisor-4.17-arm64 $kpkg busybox-static xen-utils-4.17
		libxenmisc4.17 libxencall1 libxendevicemodel1 libxenevtchn1 libxenforeignmemory1
		libxengnttab1 libxenhypfs1 libxenstore4 libxentoolcore1 libxentoollog1
		libyajl2 libfdt1 libuuid1 zlib1g libc6 libgcc-s1"
	local q=()
	for p in $pkgs; do q+=("$p:arm64"); done
	want=$(apt-cache policy "${q[@]}" 2>/dev/null | awk '
		/^[^ ]/ { p = $1; sub(/:$/, "", p); sub(/:arm64$/, "", p) }
		/^ *Candidate:/ && $2 != "(none)" { v[p] = $2 }
		END { n = split(list, l, " "); for (i = 1; i <= n; i++) print l[i] "=" v[l[i]] }' \
		list="$(echo $pkgs)")
	if grep -q '=$' <<<"$want"; then
		echo "fetch: no arm64 candidate for: $(sed -n 's/=$//p' <<<"$want" | tr '\n' ' ')" >&2
		return 1
	fi
	tree=$cache/tree
	if [ -f "$cache/tree.stamp" ] && [ "$(cat "$cache/tree.stamp")" = "$want" ] && [ -d "$tree" ]; then
		kver=$(ls "$tree/lib/modules" | head -n 1)
		return 0
	fi
	mkdir -p "$cache/debs"
	while read -r pv; do
		p=${pv%%=*} v=${pv#*=}
		ls "$cache/debs/${p}_${v//:/%3a}_"*.deb >/dev/null 2>&1 || fetch+=("$p:arm64=$v")
	done <<<"$want"
	if [ ${#fetch[@]} -gt 0 ]; then
		echo "fetch: downloading ${#fetch[@]} Debian arm64 packages into $cache/debs" >&2
		[ "$(id -u)" != 0 ] || chown _apt "$cache/debs" 2>/dev/null || true
		(cd "$cache/debs" && apt-get download -qq "${fetch[@]}")
	fi
	rm -rf "$tree" "$cache/Image"
	mkdir -p "$tree"
	while read -r pv; do
		p=${pv%%=*} v=${pv#*=}
		dpkg -x "$(ls "$cache/debs/${p}_${v//:/%3a}_"*.deb | head -n 1)" "$tree"
	done <<<"$want"
	echo "$want" >"$cache/tree.stamp"
	kver=$(ls "$tree/lib/modules" | head -n 1)
}
