#!/bin/bash
# fetch_boot_packages CACHE RELEASE: download (once) the Debian arm64 packages the boot rig runs
# for Xen RELEASE (4.17 or 4.20) and unpack them into CACHE/tree.  Sets $tree, $kver and
# $tree_mods (the kernel's module directory in the tree).  Sourced by boot-xen.sh.
#
# Per release, from the Debian suite that ships it (boot_suite): the hypervisor, that suite's
# current arm64 kernel (dom0 and guests: what its linux-image-arm64 depends on), busybox, and
# the Xen tools with the libraries xl, xenstored, xenconsoled and xen-init-dom0 load (glibc
# dlopens libgcc_s for pthread_cancel, which xl uses).
#
# The host's own suite comes through the system's apt (with arm64 added as a foreign
# architecture).  Another suite (trixie's packages on a bookworm host, or the reverse) comes
# through a private apt configuration kept in CACHE/apt: its own sources.list naming that
# suite on the Debian mirror the system's apt uses, its own lists and archives, no dpkg
# status, arm64 only, verified with the system's debian-archive-keyring.  Nothing in /etc/apt
# is changed for it.

# boot_suite RELEASE: the Debian suite whose packages the rig boots for that Xen release.
boot_suite() {
	case $1 in
	4.17) echo bookworm ;;
	4.20) echo trixie ;;
	*) return 1 ;;
	esac
}

# boot_host_suite: this machine's Debian suite (bookworm, trixie, ...), empty if unknown.
# BOOT_HOST_SUITE overrides it (to try the other host's path: BOOT_HOST_SUITE=trixie on a
# Debian 12 host fetches 4.17 through a private bookworm configuration).
boot_host_suite() {
	if [ -n "${BOOT_HOST_SUITE:-}" ]; then echo "$BOOT_HOST_SUITE"; return; fi
	(. /etc/os-release 2>/dev/null && echo "${VERSION_CODENAME:-}")
}

# boot_mirror: the Debian archive URI the system's apt uses (its first non-security source).
boot_mirror() {
	{
		sed -n 's/^[[:space:]]*URIs:[[:space:]]*//p' /etc/apt/sources.list.d/*.sources 2>/dev/null | tr ' ' '\n'
		awk '$1 == "deb" { for (i = 2; i <= NF; i++) if ($i !~ /^\[/ && $i !~ /\]$/ && $i !~ /=/) { print $i; break } }' \
			/etc/apt/sources.list /etc/apt/sources.list.d/*.list 2>/dev/null
	} | grep -v -e security -e '^$' | head -n 1
}

# boot_security_mirror: the system's Debian security archive URI, if it uses one.
boot_security_mirror() {
	{
		sed -n 's/^[[:space:]]*URIs:[[:space:]]*//p' /etc/apt/sources.list.d/*.sources 2>/dev/null | tr ' ' '\n'
		awk '$1 == "deb" { for (i = 2; i <= NF; i++) if ($i !~ /^\[/ && $i !~ /\]$/ && $i !~ /=/) { print $i; break } }' \
			/etc/apt/sources.list /etc/apt/sources.list.d/*.list 2>/dev/null
	} | grep security | head -n 1
}

# The apt and apt-cache of this fetch: the system's, or the private configuration's options.
boot_aptopt=()
boot_apt_get() { apt-get "${boot_aptopt[@]}" "$@"; }
boot_apt_cache() { apt-cache "${boot_aptopt[@]}" "$@"; }

# boot_private_apt CACHE SUITE: set up (and update, at most daily) CACHE/apt for SUITE.
boot_private_apt() {
	local cache=$1 suite=$2 a=$1/apt mirror sec
	mirror=$(boot_mirror)
	[ -n "$mirror" ] || { echo "fetch: no Debian mirror found in this machine's apt sources" >&2; return 1; }
	sec=$(boot_security_mirror)
	mkdir -p "$a/lists/partial" "$a/cache/archives/partial" "$a/sources.list.d" "$a/preferences.d"
	{
		echo "deb [arch=arm64 signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] $mirror $suite main"
		echo "deb [arch=arm64 signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] $mirror $suite-updates main"
		[ -z "$sec" ] || echo "deb [arch=arm64 signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] $sec $suite-security main"
	} >"$a/sources.list.new"
	boot_aptopt=(-o "Dir::Etc::sourcelist=$a/sources.list" -o "Dir::Etc::sourceparts=$a/sources.list.d"
		-o "Dir::Etc::preferences=$a/preferences" -o "Dir::Etc::preferencesparts=$a/preferences.d"
		-o "Dir::State::Lists=$a/lists" -o "Dir::Cache=$a/cache" -o Dir::State::status=/dev/null
		-o APT::Architectures::=arm64)
	if ! cmp -s "$a/sources.list.new" "$a/sources.list" 2>/dev/null ||
		[ -z "$(find "$a/lists" -maxdepth 1 -name '*Packages*' -mtime -1 2>/dev/null | head -n 1)" ]; then
		mv "$a/sources.list.new" "$a/sources.list"
		echo "fetch: updating the private apt lists for $suite (arm64) in $a" >&2
		if ! boot_apt_get update -qq; then
			# Offline with lists from an earlier run: go on with those.
			[ -n "$(find "$a/lists" -maxdepth 1 -name '*Packages*' 2>/dev/null | head -n 1)" ] ||
				{ echo "fetch: apt-get update for $suite failed" >&2; return 1; }
			echo "fetch: apt-get update for $suite failed: using the lists of an earlier run" >&2
		fi
	else
		rm -f "$a/sources.list.new"
	fi
}

fetch_boot_packages() {
	local cache=$1 rel=$2 suite host kpkg want p v fetch=() sudo=
	suite=$(boot_suite "$rel") || { echo "fetch: Xen $rel: the rig knows Xen 4.17 (Debian 12) and 4.20 (Debian 13)" >&2; return 1; }
	host=$(boot_host_suite)
	mkdir -p "$cache"
	if [ "$suite" = "$host" ]; then
		boot_aptopt=()
		[ "$(id -u)" = 0 ] || sudo=sudo
		if ! dpkg --print-foreign-architectures | grep -qx arm64; then
			$sudo dpkg --add-architecture arm64
			$sudo apt-get update -qq
		fi
	else
		boot_private_apt "$cache" "$suite" || return 1
	fi
	kpkg=${BOOT_KERNEL_PKG:-}
	if [ -z "$kpkg" ]; then
		# The kernel Debian's metapackage points at now (linux-image-6.1.0-N-arm64,
		# linux-image-6.12.N+deb13-arm64).
		kpkg=$(boot_apt_cache show linux-image-arm64:arm64 2>/dev/null |
			sed -n 's/^Depends: \(linux-image-[0-9][^ ,]*-arm64\).*/\1/p' | sort -V | tail -n 1)
		[ -n "$kpkg" ] || { echo "fetch: cannot find Debian $suite's arm64 kernel package" >&2; return 1; }
	fi
	local pkgs
	case $rel in
	4.17)
		pkgs="xen-hypervisor-4.17-arm64 $kpkg busybox-static xen-utils-4.17
			libxenmisc4.17 libxencall1 libxendevicemodel1 libxenevtchn1 libxenforeignmemory1
			libxengnttab1 libxenhypfs1 libxenstore4 libxentoolcore1 libxentoollog1
			libyajl2 libfdt1 libuuid1 zlib1g libc6 libgcc-s1" ;;
	4.20)
		# libxenmisc4.20 also pulls in libext2fs (for libxenguest), whose libcom_err it
		# does not declare.
		pkgs="xen-hypervisor-4.20-arm64 $kpkg busybox-static xen-utils-4.20
			libxenmisc4.20 libxencall1 libxendevicemodel1 libxenevtchn1 libxenforeignmemory1
			libxengnttab1 libxenhypfs1 libxenstore4 libxentoolcore1 libxentoollog1
			libyajl2 libfdt1 libuuid1 zlib1g libc6 libgcc-s1 libext2fs2t64 libcom-err2
			libtinfo6 libncurses6" ;;
	esac
	local q=()
	for p in $pkgs; do q+=("$p:arm64"); done
	want=$(boot_apt_cache policy "${q[@]}" 2>/dev/null | awk '
		/^[^ ]/ { p = $1; sub(/:$/, "", p); sub(/:arm64$/, "", p) }
		/^ *Candidate:/ && $2 != "(none)" { v[p] = $2 }
		END { n = split(list, l, " "); for (i = 1; i <= n; i++) print l[i] "=" v[l[i]] }' \
		list="$(echo $pkgs)")
	if grep -q '=$' <<<"$want"; then
		echo "fetch: no arm64 candidate in $suite for: $(sed -n 's/=$//p' <<<"$want" | tr '\n' ' ')" >&2
		return 1
	fi
	tree=$cache/tree
	if [ -f "$cache/tree.stamp" ] && [ "$(cat "$cache/tree.stamp")" = "$want" ] && [ -d "$tree" ]; then
		boot_tree_kernel
		return 0
	fi
	mkdir -p "$cache/debs"
	while read -r pv; do
		p=${pv%%=*} v=${pv#*=}
		ls "$cache/debs/${p}_${v//:/%3a}_"*.deb >/dev/null 2>&1 || fetch+=("$p:arm64=$v")
	done <<<"$want"
	if [ ${#fetch[@]} -gt 0 ]; then
		echo "fetch: downloading ${#fetch[@]} Debian $suite arm64 packages into $cache/debs" >&2
		[ "$(id -u)" != 0 ] || chown _apt "$cache/debs" 2>/dev/null || true
		(cd "$cache/debs" && boot_apt_get download -qq "${fetch[@]}")
	fi
	rm -rf "$tree" "$cache/Image"
	mkdir -p "$tree"
	while read -r pv; do
		p=${pv%%=*} v=${pv#*=}
		dpkg -x "$(ls "$cache/debs/${p}_${v//:/%3a}_"*.deb | head -n 1)" "$tree"
	done <<<"$want"
	echo "$want" >"$cache/tree.stamp"
	boot_tree_kernel
}

# boot_tree_kernel: $kver and $tree_mods of the unpacked $tree (modules under /lib before
# Debian 13, under /usr/lib since: merged /usr).
boot_tree_kernel() {
	local d
	for d in "$tree/lib/modules" "$tree/usr/lib/modules"; do
		[ -d "$d" ] || continue
		kver=$(ls "$d" | head -n 1)
		# shellcheck disable=SC2034 # read by boot-xen.sh
		tree_mods=$d/$kver
		[ -z "$kver" ] || return 0
	done
	echo "fetch: no kernel modules in $tree" >&2
	return 1
}
