#!/bin/bash
# Materialise stand-ins for a guest's boot files from recorded facts, so tests
# need neither the Debian kernel package nor the oracle's ramdisk:
#   fake-files.sh kernel FIXTURE OUT   a sparse file of the recorded size whose
#                                      first 64 bytes are the recorded Image header
#   fake-files.sh ramdisk SIZE OUT     a sparse file of SIZE bytes
# Only the header and the sizes reach the device tree (tools/libs/guest/
# xg_dom_arm.c: meminit, xg_dom_armzimageloader.c, stable-4.17).
set -euo pipefail
case ${1:-} in
kernel)
	size=$(sed -n 's/^size=//p' "$2")
	head=$(sed -n 's/^head=//p' "$2")
	[ -n "$size" ] && [ ${#head} = 128 ] || { echo "fake-files: bad fixture $2" >&2; exit 2; }
	printf '%s' "$head" | xxd -r -p > "$3"
	truncate -s "$size" "$3"
	;;
ramdisk)
	: > "$3"
	truncate -s "$2" "$3"
	;;
*)
	echo "usage: $0 kernel FIXTURE OUT | ramdisk SIZE OUT" >&2
	exit 2
	;;
esac
