#!/bin/bash
# Check, before anything is compiled, that the libraries armguest builds against are there, and
# stop with one line naming what is missing and the command that installs it.  Run by `make`.
#
#   ci/check-deps.sh [test]          (`test`: also what the unit tests link, cmocka)
#
# Environment (set by the Makefile): CC, PKG_CONFIG, XEN (0: no Xen libraries; 1: whichever
# supported release is there; 4.17, 4.20: that release's), SYSROOT (look in the target's sysroot,
# as a cross build does, instead of on this machine).
#
# pkg-config modules where Debian ships a .pc file; a header test for libfdt, whose Debian
# package ships none.  The message names Debian packages, since ci/install-deps.sh is what
# installs them.
set -uo pipefail
cc=${CC:-cc} pc=${PKG_CONFIG:-pkg-config} xen=${XEN:-1} sysroot=${SYSROOT:-}
missing=() hint="ci/install-deps.sh build"

if ! command -v "${cc%% *}" >/dev/null 2>&1; then
	missing+=("$cc (build-essential)")
fi
if ! command -v "$pc" >/dev/null 2>&1; then
	missing+=("$pc (pkg-config)")
else
	if [ -n "$sysroot" ]; then
		# The target's .pc files only, with their paths moved under the sysroot.
		PKG_CONFIG_LIBDIR=$(printf '%s:' "$sysroot"/usr/lib/*-linux-gnu/pkgconfig \
			"$sysroot/usr/lib/pkgconfig" "$sysroot/usr/share/pkgconfig")
		export PKG_CONFIG_SYSROOT_DIR=$sysroot PKG_CONFIG_LIBDIR
		hint="ci/sysroot.sh $sysroot"
	fi
	mods="jansson:libjansson-dev zlib:zlib1g-dev"
	if [ "$xen" != 0 ]; then
		for m in xencontrol xenguest xenstore xencall xenevtchn xenforeignmemory \
			xendevicemodel xengnttab xenhypfs xentoollog xentoolcore; do
			mods+=" $m:libxen-dev"
		done
	fi
	[ "${1:-}" != test ] || mods+=" cmocka:libcmocka-dev"
	# Grouped by package: "libxen-dev (xencontrol.pc, xenguest.pc)".
	declare -A lost=()
	order=()
	for mp in $mods; do
		m=${mp%%:*} p=${mp#*:}
		"$pc" --exists "$m" 2>/dev/null && continue
		[ -n "${lost[$p]:-}" ] || order+=("$p")
		lost[$p]+="${lost[$p]:+, }$m.pc"
	done
	for p in "${order[@]}"; do missing+=("$p (${lost[$p]})"); done
	# The libxen there must be the release asked for: its headers decide the domctl ABI.
	if [ "$xen" != 0 ] && found=$("$pc" --modversion xencontrol 2>/dev/null); then
		found=$(echo "$found" | cut -d. -f1,2)
		# shellcheck source=ci/xen-releases.sh
		. "$(dirname "$0")/xen-releases.sh"
		where="on this machine"; [ -z "$sysroot" ] || where="in $sysroot"
		if [ "$xen" = 1 ] && ! xen_release_row "$found" >/dev/null; then
			echo "make: the libxen $where is Xen $found; armguest builds for Xen" \
			     "$(xen_release_list | sed 's/ /, /g') (or XEN=0 for none)" >&2
			exit 1
		fi
		if [ "$xen" != 1 ] && [ "$found" != "$xen" ]; then
			fix="ci/sysroot.sh --xen $xen DIR and SYSROOT=DIR, or make cross XEN=$xen"
			[ -z "$sysroot" ] || fix="ci/sysroot.sh --xen $xen $sysroot"
			echo "make: XEN=$xen, but the libxen $where is Xen $found: build with" \
			     "XEN=$found (or XEN=1), or against $xen's libraries ($fix)" >&2
			exit 1
		fi
	fi
fi
if command -v "${cc%% *}" >/dev/null 2>&1; then
	sysflag=()
	[ -z "$sysroot" ] || sysflag=(--sysroot="$sysroot" -isystem "$sysroot/usr/include")
	# shellcheck disable=SC2086 # CC may carry flags (e.g. "gcc -m64")
	if ! echo '#include <libfdt.h>' | $cc "${sysflag[@]}" -E -x c - >/dev/null 2>&1; then
		missing+=("libfdt-dev (libfdt.h)")
	fi
fi

[ ${#missing[@]} -eq 0 ] && exit 0
[ "${1:-}" != test ] || [ -n "$sysroot" ] || hint="ci/install-deps.sh test"
list=$(printf '%s, ' "${missing[@]}")
echo "make: missing ${list%, }: run '$hint' (as root, or with sudo), or see docs/building.md" >&2
exit 1
