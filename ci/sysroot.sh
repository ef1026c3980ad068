#!/bin/bash
# Make an arm64 sysroot from Debian 12's arm64 packages, for a static cross build:
#   ci/sysroot.sh OUTDIR
# Downloads the packages below with `apt-get download` (arm64 must be a foreign architecture
# of the host: added here if it is not) into a cache and unpacks each with `dpkg -x`.
# Idempotent: OUTDIR/.armguest-sysroot records the package list and versions it was made
# from; when that still matches, nothing is done.
# Environment: SYSROOT_CACHE = where the .deb files are kept (default $ARMGUEST_CACHE/sysroot-debs:
# see ci/cache.sh, ~/.cache/armguest/sysroot-debs unless set).
set -euo pipefail
[ $# = 1 ] || { echo "usage: $0 OUTDIR" >&2; exit 2; }
out=$(realpath -m "$1")
# shellcheck source=ci/cache.sh
. "$(dirname "$0")/cache.sh"
cache=$(realpath -m "${SYSROOT_CACHE:-$(armguest_cache)/sysroot-debs}")

# Headers and static archives armguest links (docs/building.md explains the order).
pkgs="libxen-dev libxenmisc4.17 libxencall1 libxendevicemodel1 libxenevtchn1
libxenforeignmemory1 libxengnttab1 libxenhypfs1 libxenstore4 libxentoolcore1 libxentoollog1
libfdt-dev libfdt1 libjansson-dev libjansson4 libc6-dev libc6 linux-libc-dev
zlib1g-dev zlib1g liblzma-dev libzstd-dev libbz2-dev"

sudo=; [ "$(id -u)" = 0 ] || sudo=sudo
if ! dpkg --print-foreign-architectures | grep -qx arm64; then
	$sudo dpkg --add-architecture arm64
	$sudo apt-get update -qq
fi

# The stamp names each package with the version apt would fetch now, so a point
# release in the archive gives a fresh sysroot.
candidates() { # one line PKG=VERSION per package, in the order of $pkgs
	local q=() p
	for p in $pkgs; do q+=("$p:arm64"); done
	apt-cache policy "${q[@]}" 2>/dev/null | awk '
		/^[^ ]/ { p = $1; sub(/:$/, "", p); sub(/:arm64$/, "", p) }
		/^ *Candidate:/ && $2 != "(none)" { v[p] = $2 }
		END { n = split(list, l, " "); for (i = 1; i <= n; i++) print l[i] "=" v[l[i]] }' list="$(echo $pkgs)"
}
want=$(candidates)
if grep -q '=$' <<<"$want"; then
	$sudo apt-get update -qq
	want=$(candidates)
fi
missing=$(sed -n 's/=$//p' <<<"$want")
[ -z "$missing" ] || { echo "sysroot: no arm64 package for:" $missing >&2; exit 1; }
stamp=$out/.armguest-sysroot
if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ]; then
	echo "sysroot: $out is up to date"
	exit 0
fi

mkdir -p "$cache"
fetch=()
while read -r pv; do
	[ -n "$pv" ] || continue
	p=${pv%%=*} v=${pv#*=}
	# apt-get download names files PKG_VERSION_ARCH.deb with ':' in the version as %3a.
	ls "$cache/${p}_${v//:/%3a}_"*.deb >/dev/null 2>&1 || fetch+=("$p:arm64=$v")
done <<<"$want"
if [ ${#fetch[@]} -gt 0 ]; then
	echo "sysroot: downloading ${#fetch[@]} arm64 packages into $cache"
	# apt's sandbox user must be able to write there, or apt warns and downloads as root.
	[ "$(id -u)" != 0 ] || chown _apt "$cache" 2>/dev/null || true
	(cd "$cache" && apt-get download -qq "${fetch[@]}")
fi

rm -rf "$out"
mkdir -p "$out"
while read -r pv; do
	[ -n "$pv" ] || continue
	p=${pv%%=*} v=${pv#*=}
	dpkg -x "$(ls "$cache/${p}_${v//:/%3a}_"*.deb | head -n 1)" "$out"
done <<<"$want"
echo "$want" > "$stamp"
echo "sysroot: $out ready ($(wc -l < "$stamp") packages)"
