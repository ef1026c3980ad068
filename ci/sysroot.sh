#!/bin/bash
# Make an arm64 sysroot for a static cross build against one Xen release:
#   ci/sysroot.sh [--xen REL] OUTDIR
# REL is 4.17 (Debian 12's arm64 packages) or 4.20 (Debian 13's); default: this host's Debian
# release's (ci/xen-releases.sh default).  The package lists per release are in
# ci/xen-releases.sh.
#
# The host's own suite comes through the system apt, as any package does (arm64 is added as a
# foreign architecture if it is not one yet).  The other suite (trixie on a bookworm host,
# bookworm on a trixie host) comes through a private apt configuration kept in the download
# cache ($ARMGUEST_CACHE/apt-SUITE: its own sources list, package lists and archive cache, no
# dpkg status, arm64 only), from the Debian mirror this machine's apt sources already use,
# checked with the system's debian-archive-keyring.  Nothing of the system's apt state changes
# for it.
#
# Each package is downloaded with `apt-get download` into a cache and unpacked with `dpkg -x`.
# Idempotent: OUTDIR/.armguest-sysroot records the release and the package versions it was
# made from; when that still matches, nothing is done.
# Environment: SYSROOT_CACHE = where the .deb files are kept (default $ARMGUEST_CACHE/sysroot-debs:
# see ci/cache.sh, ~/.cache/armguest/sysroot-debs unless set).
set -euo pipefail
here=$(dirname "$0")
# shellcheck source=ci/cache.sh
. "$here/cache.sh"
# shellcheck source=ci/xen-releases.sh
. "$here/xen-releases.sh"

usage() { echo "usage: $0 [--xen $(xen_release_list | tr ' ' '|')] OUTDIR" >&2; exit 2; }
rel=
while [ $# -gt 0 ]; do
	case $1 in
	--xen) [ $# -ge 2 ] || usage; rel=$2; shift 2 ;;
	--xen=*) rel=${1#--xen=}; shift ;;
	-*) usage ;;
	*) break ;;
	esac
done
[ $# = 1 ] || usage
out=$(realpath -m "$1")
if [ -z "$rel" ]; then
	rel=$(xen_release_default) || {
		echo "sysroot: this host is not Debian 12 or 13: name the release (--xen $(xen_release_list | tr ' ' '|'))" >&2
		exit 2
	}
fi
suite=$(xen_release_suite "$rel") || {
	echo "sysroot: no Xen $rel: armguest builds for Xen $(xen_release_list | sed 's/ /, /g')" >&2
	exit 2
}
cache=$(realpath -m "${SYSROOT_CACHE:-$(armguest_cache)/sysroot-debs}")
host_suite=$(sed -n 's/^VERSION_CODENAME=//p' /etc/os-release 2>/dev/null | tr -d '"')
sudo=; [ "$(id -u)" = 0 ] || sudo=sudo

# The apt request for each package: NAME:arm64, or NAME for one that is Architecture: all.
pkgs=$(xen_release_packages "$rel")
request() { local p; for p in $pkgs; do [ "${p%:all}" != "$p" ] && echo "${p%:all}" || echo "$p:arm64"; done; }

# The Debian mirror this machine's apt sources use for its own suite (deb822 .sources files and
# one-line .list files alike): the other suite comes from the same place.
host_mirror() {
	local f
	for f in /etc/apt/sources.list.d/*.sources; do
		[ -f "$f" ] || continue
		awk -v s="$host_suite" '
			function flush() { if (deb && hit && uri != "") { print uri; found = 1; exit } deb = hit = 0; uri = "" }
			/^[[:space:]]*$/ { flush(); next }
			/^Types:/ { for (i = 2; i <= NF; i++) if ($i == "deb") deb = 1 }
			/^URIs:/ { uri = $2 }
			/^Suites:/ { for (i = 2; i <= NF; i++) if ($i == s) hit = 1 }
			END { if (!found) flush(); exit !found }' "$f" && return 0
	done
	cat /etc/apt/sources.list /etc/apt/sources.list.d/*.list 2>/dev/null |
		awk -v s="$host_suite" '$1 == "deb" { sub(/^deb +(\[[^]]*\] +)?/, ""); if ($2 == s) { print $1; found = 1; exit } }
			END { exit !found }'
}

apt_opts=()
if [ "$suite" != "$host_suite" ]; then
	aptdir=$(armguest_cache)/apt-$suite
	mirror=$(host_mirror) || {
		echo "sysroot: no Debian mirror for '$host_suite' in this machine's apt sources, to fetch $suite's packages from" >&2
		exit 1
	}
	mkdir -p "$aptdir/lists/partial" "$aptdir/cache/archives/partial"
	echo "deb [arch=arm64 signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] $mirror $suite main" \
		>"$aptdir/sources.list"
	# As root, apt fetches as its sandbox user, which must be able to write there.
	[ "$(id -u)" != 0 ] || chown -R _apt "$aptdir/lists" "$aptdir/cache" 2>/dev/null || true
	apt_opts=(-o "Dir::Etc::sourcelist=$aptdir/sources.list" -o Dir::Etc::sourceparts=/nonexistent
		-o "Dir::State::Lists=$aptdir/lists" -o "Dir::Cache=$aptdir/cache"
		-o Dir::State::status=/dev/null -o APT::Architectures::=arm64)
	update() { echo "sysroot: apt-get update for $suite (arm64) in $aptdir"; apt-get "${apt_opts[@]}" update -qq; }
	ls "$aptdir/lists/"*_Packages* >/dev/null 2>&1 || update
else
	if ! dpkg --print-foreign-architectures | grep -qx arm64; then
		$sudo dpkg --add-architecture arm64
		$sudo apt-get update -qq
	fi
	update() { $sudo apt-get update -qq; }
fi

# The stamp names the release and each package with the version apt would fetch now, so a
# point release in the archive gives a fresh sysroot.
candidates() { # one line PKG=VERSION per package, in the order of $pkgs
	# shellcheck disable=SC2046 # one word per package
	apt-cache "${apt_opts[@]}" policy $(request) 2>/dev/null | awk '
		/^[^ ]/ { p = $1; sub(/:$/, "", p); sub(/:arm64$/, "", p) }
		/^ *Candidate:/ && $2 != "(none)" { v[p] = $2 }
		END { n = split(list, l, " "); for (i = 1; i <= n; i++) print l[i] "=" v[l[i]] }' \
		list="$(request | sed 's/:arm64$//' | tr '\n' ' ')"
}
want=$(candidates)
if grep -q '=$' <<<"$want"; then
	update
	want=$(candidates)
fi
missing=$(sed -n 's/=$//p' <<<"$want")
[ -z "$missing" ] || { echo "sysroot: no arm64 package in $suite for:" $missing >&2; exit 1; }
want="xen=$rel
$want"
stamp=$out/.armguest-sysroot
if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ]; then
	echo "sysroot: $out (Xen $rel, $suite) is up to date"
	exit 0
fi

deb_of() { ls "$cache/${1}_${2//:/%3a}_"*.deb 2>/dev/null | head -n 1; }
mkdir -p "$cache"
fetch=()
while read -r pv; do
	p=${pv%%=*} v=${pv#*=}
	[ "$p" != xen ] || continue
	# apt-get download names files PKG_VERSION_ARCH.deb with ':' in the version as %3a.
	[ -n "$(deb_of "$p" "$v")" ] || fetch+=("$(request | grep -x "$p\(:arm64\)\?")=$v")
done <<<"$want"
if [ ${#fetch[@]} -gt 0 ]; then
	echo "sysroot: downloading ${#fetch[@]} arm64 packages of $suite into $cache"
	# apt's sandbox user must be able to write there, or apt warns and downloads as root.
	[ "$(id -u)" != 0 ] || chown _apt "$cache" 2>/dev/null || true
	(cd "$cache" && apt-get "${apt_opts[@]}" download -qq "${fetch[@]}")
fi

rm -rf "$out"
mkdir -p "$out"
while read -r pv; do
	p=${pv%%=*} v=${pv#*=}
	[ "$p" != xen ] || continue
	dpkg -x "$(deb_of "$p" "$v")" "$out"
done <<<"$want"
echo "$want" > "$stamp"
echo "sysroot: $out ready (Xen $rel, $(($(wc -l < "$stamp") - 1)) packages of $suite)"
