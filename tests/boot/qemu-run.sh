#!/bin/bash
# The boot rig of `armguest qemu` (cli/cmd_qemu.c runs it; docs/ci-boot.md): boots Xen under
# QEMU with a dom0 (tests/boot/boot-xen.sh) and starts the guests of the run in it
# (tests/boot/dom0-qemu.sh) for --via armguest and xl; boots them as boot-time guests in a
# boot of their own for --via dom0less (tests/boot/qemu-dom0less.sh).  Each guest's console
# is streamed here with its name as prefix.
#
# The command passes the run in the environment (it has checked every value):
#   AGQ_OUT      work directory: guests.tsv (NAME CFG KERNEL RAMDISK DTB per line, absolute
#                paths, "-" for none) in it; the rig leaves serial.log and
#                guests/NAME.VIA.{result,cons,log} there
#   AGQ_XEN AGQ_GIC AGQ_VIA AGQ_DOM0 AGQ_EXPECT AGQ_TIMEOUT AGQ_MEMORY AGQ_SMP
#   AGQ_XEN_IMAGE (empty: Debian's)  AGQ_HOOK (a directory whose hook.sh runs in dom0 after
#   the guests; empty: none)  AGQ_ARMGUEST (the static arm64 armguest, for --via armguest)
#   AGQ_PROGRESS (1: one line per long step on stderr)  QEMU
#   AGQ_SELF (this armguest, whose dom0less command describes the boot-time guests)
#   AGQ_LOADER (uboot or qemu: how the dom0less boot is loaded)
# Exit: 0 the boots ran (verdicts in guests/), 1 one did not get through (the guests without a
# verdict failed), 2 the test could not run (download failed, wrong --xen-image).
set -uo pipefail
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)
out=$AGQ_OUT rel=$AGQ_XEN

progress() { [ "${AGQ_PROGRESS:-0}" != 1 ] || echo "armguest qemu: $*" >&2; }
die() { echo "armguest qemu: $*" >&2; exit 2; }

# mawk, Debian's awk, reads a pipe in blocks: -W interactive has it take each line as it comes
# (the consoles are streamed, and a verdict must not wait for the next block)
line_awk=(awk)
awk -W version 2>/dev/null | grep -q '^mawk' && line_awk+=(-W interactive)

# has WAY: is WAY one of --via's?
has() { case ,$AGQ_VIA, in *,$1,*) return 0 ;; esac; return 1; }

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

# The serial line, as it comes: each guest's console lines with its name as prefix on stdout
# (NAME/VIA when several ways run), progress lines on stderr.
n_via=$(tr ',' '\n' <<<"$AGQ_VIA" | grep -c .)
many=0
[ "$n_via" = 1 ] || many=1
show() {
	"${line_awk[@]}" -v prog="${AGQ_PROGRESS:-0}" -v many=$many -v t0="$(date +%s)" '
		# (mawk, Debian'"'"'s awk, has no time functions: date tells the seconds)
		{ gsub(/\r/, "") }
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

# check_banner LOG: the hypervisor that booted must be the release asked for (a --xen-image of
# another release would run with the wrong tools in dom0, and describe its boot-time guests
# for the wrong release); 1 if it is not.  Records what booted in xen.txt (--keep).
check_banner() {
	local banner
	banner=$(sed -n 's/^(XEN) Xen version \([0-9]*\.[0-9]*\)[^ ]* .*/\1/p' "$1" | tr -d '\r' | head -n 1)
	printf 'image %s\nbanner %s\n' "${AGQ_XEN_IMAGE:-$tree/boot/xen-$rel-arm64}" \
		"$(tr -d '\r' <"$1" | grep -m1 '^(XEN) Xen version ')" >"$out/xen.txt"
	if [ -n "$banner" ] && [ "$banner" != "$rel" ]; then
		echo "armguest qemu: the hypervisor booted says Xen $banner, not $rel (--xen-image: '$AGQ_XEN_IMAGE'; --xen names its release)" >&2
		return 1
	fi
	[ -n "$banner" ] || echo "armguest qemu: Xen did not print its banner (see $1)" >&2
	return 0
}

# dom0_boot: --via armguest and xl, in dom0 (tests/boot/dom0-qemu.sh); 0 the boot ran, 1 it
# did not complete, 2 the wrong hypervisor.
dom0_boot() {
	# The payload: each guest's config with its kernel, ramdisk and device tree replaced by copies
	# in /payload/files/ (the host's paths mean nothing in dom0), one copy per file however many
	# guests name it (dom0's memory holds them all).
	payload=$out/payload
	rm -rf "$payload" && mkdir -p "$payload/qemu" "$payload/cfg" "$payload/files"
	: >"$payload/qemu/guests"
	local -A copied
	local name cfg kernel ramdisk dtb key f sedargs n_guests=0 n_files=0 n_dom0_ways w hook_time limit rc
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
			sedargs+=(-e "s|^\([[:space:]]*${key}[[:space:]]*=[[:space:]]*\)[\"'][^\"']*[\"']|\1\"${copied[$f]}\"|")
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
	n_dom0_ways=0
	for w in armguest xl; do has $w && n_dom0_ways=$((n_dom0_ways + 1)); done
	hook_time=0
	[ -z "$AGQ_HOOK" ] || hook_time=1800
	limit=$((600 + n_guests * n_dom0_ways * (AGQ_TIMEOUT + 60) + hook_time))

	progress "booting Xen $rel (GICv$AGQ_GIC, $AGQ_MEMORY MiB, $AGQ_SMP CPUs) under QEMU ..."
	BOOT_SMP=$AGQ_SMP BOOT_XEN_IMAGE=$AGQ_XEN_IMAGE \
		"$here/boot-xen.sh" -x "$rel" -g "$AGQ_GIC" -m "$AGQ_MEMORY" -t "$limit" -l \
		"$here/dom0-qemu.sh" "$payload" "$out" 2>&1 | show
	rc=${PIPESTATUS[0]}
	rm -rf "$out/work"
	check_banner "$out/serial.log" || return 2
	if [ "$rc" != 0 ] || [ ! -d "$out/results/guests" ]; then
		echo "armguest qemu: the boot did not complete (see $out/serial.log)" >&2
		return 1
	fi
	cp -a "$out/results/guests/." "$out/guests/"
}

rm -rf "$out/guests" && mkdir -p "$out/guests" || die "cannot create $out/guests"
status=0
if has armguest || has xl; then
	dom0_boot
	status=$?
fi
if has dom0less && [ "$status" != 2 ]; then
	# shellcheck source=tests/boot/qemu-dom0less.sh
	. "$here/qemu-dom0less.sh"
	dom0less_boot
	rc=$?
	[ "$rc" -le "$status" ] || status=$rc
fi
exit "$status"
