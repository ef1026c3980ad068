#!/bin/bash
# armguest_cache: print the directory that keeps armguest's downloads between runs (Debian's
# arm64 packages for the boot rig and the sysroot, the clean-root check's base image).  Sourced.
#
# It lives outside any clone, so that a fresh clone (CI's, a second worktree) reuses what an
# earlier one downloaded: $ARMGUEST_CACHE, else $XDG_CACHE_HOME/armguest, else ~/.cache/armguest.
armguest_cache() {
	local home=${HOME:-}
	[ -n "$home" ] || home=$(getent passwd "$(id -u)" | cut -d: -f6)
	echo "${ARMGUEST_CACHE:-${XDG_CACHE_HOME:-$home/.cache}/armguest}"
}
