#!/bin/bash
# The boot rig of `armguest qemu` (cli/cmd_qemu.c runs it; docs/ci-boot.md): boots Xen under
# QEMU with a dom0 (tests/boot/boot-xen.sh) and starts the guests of the run in it
# (tests/boot/dom0-qemu.sh), streaming their consoles here with each guest's name as prefix.
#
# The command passes the run in the environment (it has checked every value):
#   AGQ_OUT      work directory: guests.tsv (NAME CFG KERNEL RAMDISK DTB per line, absolute
#                paths, "-" for none) in it; the rig leaves serial.log and
#                guests/NAME.VIA.{result,cons,log} there
#   AGQ_XEN AGQ_GIC AGQ_VIA AGQ_DOM0 AGQ_EXPECT AGQ_TIMEOUT AGQ_MEMORY AGQ_SMP
#   AGQ_XEN_IMAGE (empty: Debian's)  AGQ_HOOK (a directory whose hook.sh runs in dom0 after
#   the guests; empty: none)  AGQ_ARMGUEST (the static arm64 armguest, for --via armguest)
#   AGQ_PROGRESS (1: one line per long step on stderr)  QEMU
# Exit: 0 the boot ran (verdicts in guests/), 1 it did not get through (the guests without a
# verdict failed), 2 the test could not run (download failed, wrong --xen-image).
set -uo pipefail
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)
out=$AGQ_OUT rel=$AGQ_XEN

progress() { [ "${AGQ_PROGRESS:-0}" != 1 ] || echo "armguest qemu: $*" >&2; }
die() { echo "armguest qemu: $*" >&2; exit 2; }

case ,$AGQ_VIA, in
*,dom0less,*) die "--via dom0less: this rig does not boot dom0less guests yet (make dom0less-test does, for the project's examples)" ;;
esac
[ "$AGQ_DOM0" = 1 ] || die "--no-dom0: only with --via dom0less, which this rig does not boot yet"

# The release's Debian packages first: a failed download is "could not run" (2), and the
# progress line says why the first run takes minutes.
# shellcheck source=ci/cache.sh
. "$top/ci/cache.sh"
# shellcheck source=tests/boot/fetch.sh
. "$here/fetch.sh"
cache=$(realpath -m "${BOOT_CACHE:-$(armguest_cache)/boot-$rel}")
mkdir -p "$cache" || die "cannot create the cache $cache (ARMGUEST_CACHE)"
[ -f "$cache/tree.stamp" ] || progress "downloading Debian's Xen $rel packages and kernel into $cache (once) ..."
fetch_boot_packages "$cache" "$rel" >"$out/fetch.log" 2>&1 ||
	die "could not get Debian's Xen $rel packages (see $out/fetch.log): $(tail -n 2 "$out/fetch.log" | tr '\n' ' ')"

# The payload: each guest's config with its kernel, ramdisk and device tree replaced by copies
# in /payload/files/ (the host's paths mean nothing in dom0), one copy per file however many
# guests name it (dom0's memory holds them all).
payload=$out/payload
rm -rf "$payload" "$out/guests" && mkdir -p "$payload/qemu" "$payload/cfg" "$payload/files" "$out/guests"
: >"$payload/qemu/guests"
declare -A copied
n_guests=0 n_files=0
while IFS=$'\t' read -r name cfg kernel ramdisk dtb; do
	sedargs=()
	for key in kernel ramdisk device_tree; do
		case $key in
		kernel) f=$kernel ;;
		ramdisk) f=$ramdisk ;;
		device_tree) f=$dtb ;;
		esac
		[ "$f" != - ] || continue
		if [ -z "${copied[$f]:-}" ]; then
			n_files=$((n_files + 1))
			copied[$f]=/payload/files/$n_files-$(basename "$f")
			cp "$f" "$payload/files/$n_files-$(basename "$f")" || die "cannot copy $f"
		fi
		sedargs+=(-e "s|^\([[:space:]]*$key[[:space:]]*=[[:space:]]*\)[\"'][^\"']*[\"']|\1\"${copied[$f]}\"|")
	done
	sed "${sedargs[@]}" "$cfg" >"$payload/cfg/$name.cfg"
	echo "$name" >>"$payload/qemu/guests"
	n_guests=$((n_guests + 1))
done <"$out/guests.tsv"
printf 'AGQ_VIA=%s\nAGQ_TIMEOUT=%s\n' "$AGQ_VIA" "$AGQ_TIMEOUT" >"$payload/qemu/env"
printf '%s\n' "$AGQ_EXPECT" >"$payload/qemu/expect"
case ,$AGQ_VIA, in *,armguest,*) cp "$AGQ_ARMGUEST" "$payload/armguest" ;; esac
if [ -n "$AGQ_HOOK" ]; then
	mkdir -p "$payload/hook" && cp -a "$AGQ_HOOK/." "$payload/hook/" || die "cannot copy the hook $AGQ_HOOK"
fi

# QEMU's limit: the boot, each guest's timeout, and the hook's own time.
n_via=$(tr ',' '\n' <<<"$AGQ_VIA" | grep -c .)
hook_time=0
[ -z "$AGQ_HOOK" ] || hook_time=1800
limit=$((600 + n_guests * n_via * (AGQ_TIMEOUT + 60) + hook_time))

# The serial line, as it comes: each guest's console lines with its name as prefix on stdout
# (NAME/VIA when several ways run), progress lines on stderr.
many=0
[ "$n_via" = 1 ] || many=1
show() {
	tr -d '\r' | awk -v prog="${AGQ_PROGRESS:-0}" -v many=$many -v t0="$(date +%s)" '
		# (mawk, Debian'"'"'s awk, has no time functions: date tells the seconds)
		function say(s,  now) {
			if (prog != 1) return
			"date +%s" | getline now; close("date +%s")
			printf "armguest qemu: %s (%d s)\n", s, now - t0 > "/dev/stderr"; fflush("/dev/stderr")
		}
		/^\(XEN\) Xen version / && !x { x = 1; say("Xen up: " $4) }
		/^@@DOM0-UP/ { say("dom0 up") }
		/^@@G-START / { sub(/@@$/, ""); say("guest " ++g " started: " $2 " via " $3) }
		/^@@C [^@]*@@/ {
			tag = substr($0, 5); tag = substr(tag, 1, index(tag, "@@") - 1)
			text = substr($0, 5 + length(tag) + 2)
			if (!many) sub(/\.[^.]*$/, "", tag); else sub(/\./, "/", tag)
			print tag "| " text; fflush()
		}
		/^boot-xen: / && !/^boot-xen: done/ { print "armguest qemu: " substr($0, 11) > "/dev/stderr" }'
}
progress "booting Xen $rel (GICv$AGQ_GIC, $AGQ_MEMORY MiB, $AGQ_SMP CPUs) under QEMU ..."
rc=0
BOOT_SMP=$AGQ_SMP BOOT_XEN_IMAGE=$AGQ_XEN_IMAGE \
	"$here/boot-xen.sh" -x "$rel" -g "$AGQ_GIC" -m "$AGQ_MEMORY" -t "$limit" -l \
	"$here/dom0-qemu.sh" "$payload" "$out" 2>&1 | show
rc=${PIPESTATUS[0]}
rm -rf "$out/work"

# The hypervisor that booted must be the release asked for (a --xen-image of another
# release would run with the wrong tools in dom0).
banner=$(tr -d '\r' <"$out/serial.log" | sed -n 's/^(XEN) Xen version \([0-9]*\.[0-9]*\)[^ ]* .*/\1/p' | head -n 1)
# What booted, for the record (--keep): the image and the banner it printed.
printf 'image %s\nbanner %s\n' "${AGQ_XEN_IMAGE:-$tree/boot/xen-$rel-arm64}" \
	"$(tr -d '\r' <"$out/serial.log" | grep -m1 '^(XEN) Xen version ')" >"$out/xen.txt"
if [ -n "$banner" ] && [ "$banner" != "$rel" ]; then
	die "the hypervisor booted says Xen $banner, not $rel (--xen-image: '$AGQ_XEN_IMAGE'; --xen names its release)"
fi
[ -n "$banner" ] || echo "armguest qemu: Xen did not print its banner (see $out/serial.log)" >&2
if [ "$rc" != 0 ] || [ ! -d "$out/results/guests" ]; then
	echo "armguest qemu: the boot did not complete (see $out/serial.log)" >&2
	exit 1
fi
cp -a "$out/results/guests/." "$out/guests/"
exit 0
