#!/bin/bash
# The Xen releases armguest builds for, and the Debian release that ships each: one table for
# the Makefile, ci/sysroot.sh and ci/check-deps.sh.
#
#   ci/xen-releases.sh list             the releases, oldest first ("4.17 4.20")
#   ci/xen-releases.sh default          this host's release: its Debian release's Xen (read from
#                                       /etc/os-release, or $AG_OS_RELEASE); exit 1 if not Debian 12/13
#   ci/xen-releases.sh suite REL        the Debian suite that ships REL ("trixie")
#   ci/xen-releases.sh packages REL     the arm64 packages of a sysroot for REL, one a line;
#                                       "NAME:all" marks a package that is Architecture: all there
#
# Sourced, it defines the same as functions (xen_release_list, xen_release_default, ...).

# release  Debian  suite     what differs between the suites' package lists
xen_release_table() {
	cat <<'EOF'
4.17       12      bookworm  libxenmisc4.17 linux-libc-dev
4.20       13      trixie    libxenmisc4.20 linux-libc-dev:all
EOF
}

# Headers and static archives armguest links (docs/building.md explains the order): the same
# names in both suites.
xen_release_common_packages="libxen-dev libxencall1 libxendevicemodel1 libxenevtchn1
libxenforeignmemory1 libxengnttab1 libxenhypfs1 libxenstore4 libxentoolcore1 libxentoollog1
libfdt-dev libfdt1 libjansson-dev libjansson4 libc6-dev libc6
zlib1g-dev zlib1g liblzma-dev libzstd-dev libbz2-dev"

xen_release_list() { xen_release_table | awk '{ printf "%s%s", sep, $1; sep = " " } END { print "" }'; }

xen_release_row() { # REL: the table's row, or exit 1
	xen_release_table | awk -v r="$1" '$1 == r { print; found = 1 } END { exit !found }'
}

xen_release_suite() { xen_release_row "$1" | awk '{ print $3 }'; }

xen_release_packages() {
	local row
	row=$(xen_release_row "$1") || return 1
	# shellcheck disable=SC2086,SC2046 # one word per package
	printf '%s\n' $xen_release_common_packages $(awk '{ for (i = 4; i <= NF; i++) print $i }' <<<"$row")
}

# The host's Debian release by number or by code name (testing and sid have no VERSION_ID).
xen_release_default() {
	local f=${AG_OS_RELEASE:-/etc/os-release} id ver name
	[ -r "$f" ] || return 1
	id=$(sed -n 's/^ID=//p' "$f" | tr -d '"')
	ver=$(sed -n 's/^VERSION_ID=//p' "$f" | tr -d '"')
	name=$(sed -n 's/^VERSION_CODENAME=//p' "$f" | tr -d '"')
	[ "$id" = debian ] || return 1
	xen_release_table | awk -v v="$ver" -v n="$name" '
		($2 == v && v != "") || ($3 == n && n != "") { print $1; found = 1; exit }
		END { exit !found }'
}

if [ "${BASH_SOURCE[0]}" = "$0" ]; then
	set -euo pipefail
	case "${1:-}" in
	list) xen_release_list ;;
	default) xen_release_default ;;
	suite) [ $# = 2 ] && xen_release_suite "$2" ;;
	packages) [ $# = 2 ] && xen_release_packages "$2" ;;
	*) echo "usage: $0 list | default | suite REL | packages REL" >&2; exit 2 ;;
	esac
fi
