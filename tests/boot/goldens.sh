#!/bin/bash
# `make goldens`: regenerate the golden device trees (tests/golden/ for Xen 4.17,
# tests/golden-4.20/ for 4.20) from the real `xl create` of Debian's Xen, booted under QEMU by
# the project's boot rig (boot-xen.sh + dom0-goldens.sh).
#
#   tests/boot/goldens.sh [NAME...]      (default: every NAME.cfg in GOLDENS_SRC)
#
# Each NAME.cfg (placeholders @KERNEL@, @RAMDISK@, @CFGDIR@) goes through `xl -vvv create`
# with LIBXL_DEBUG_DUMP_DTB; the guest prints the tree it was given (/sys/firmware/fdt) on
# its console, and the domain is destroyed before the next config.  Written per NAME into
# GOLDENS_OUT: NAME.dtb and .dts (the guest's tree; none when the guest did not boot),
# NAME.libxl.dtb (libxl's own blob, random rng-seed included), NAME.xl.log, NAME.inputs
# (generated), and NAME.cfg with the extra files it names when GOLDENS_OUT is not GOLDENS_SRC.
#
# What the tree depends on is pinned to the committed golden's NAME.inputs, so that only
# libxl can change it:
#  - the board: one boot per (host_gic, qemu_mem); a NAME without .inputs gets GICv2 when its
#    name starts with v2- or o-v2-, else GICv3, and 5120 MiB when its memory is over 1 GiB;
#  - ramdisk_size: the guest's ramdisk (built by the rig) is padded with NUL bytes to that size
#    (linux,initrd-end; Linux's initramfs unpacker skips NULs after an archive).  A ramdisk
#    that is already larger fails that golden, loudly.  For Xen 4.20 the ramdisk is xz'd
#    (GUEST_RD_COMPRESS=xz): Debian 13's busybox gzip'd is about 30 KB over the size the 4.17
#    goldens pin, xz'd it is under, so 4.20 goldens made from tests/golden's pins differ from
#    4.17's only where libxl does;
#  - the kernel: only its Image header and size reach the tree (module placement in guests
#    under 256 MiB).  The kernel the rig booted (Debian's current arm64 kernel) is compared
#    with the golden's fixture in GOLDENS_SRC/../fixtures; when they differ, a new fixture
#    linux-KRELEASE.image is written (into GOLDENS_OUT/fixtures, or into that same fixtures
#    directory when GOLDENS_OUT sits beside GOLDENS_SRC, as tests/golden-4.20 beside
#    tests/golden) and NAME.inputs names it.
#
# Environment:
#   GOLDENS_XEN   the Xen release: 4.17 (default; Debian 12's) or 4.20 (Debian 13's)
#   GOLDENS_OUT   output directory (default build/goldens, build/goldens-4.20 for 4.20);
#                 GOLDENS_SRC itself replaces the goldens
#   GOLDENS_SRC   where NAME.cfg and the committed NAME.inputs are (default tests/golden,
#                 tests/golden-4.20 for 4.20).  The 4.20 goldens were first made from the
#                 4.17 ones: GOLDENS_XEN=4.20 GOLDENS_SRC=tests/golden
#                 GOLDENS_OUT=tests/golden-4.20 (the configs copied, the 4.17 pins kept)
#   GOLDENS_WORK  the boots' directories: serial.log, results/ (default build/goldens-work,
#                 build/goldens-work-4.20 for 4.20)
#   GOLDEN_WAIT   seconds a guest may take to print its tree (default 150)
#   and boot-xen.sh's: BOOT_CACHE, BOOT_KERNEL_PKG, QEMU, BOOT_SMP.
# Exit 0 when every NAME was regenerated (whatever xl said), 1 otherwise.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)
cd "$top"
# shellcheck source=tests/boot/check-lib.sh
. "$here/check-lib.sh"
# shellcheck source=tests/boot/goldens-lib.sh
. "$here/goldens-lib.sh"

die() { echo "goldens: $*" >&2; exit 1; }

xen=${GOLDENS_XEN:-4.17}
# What boot-xen.sh boots: Debian 12's Xen 4.17, Debian 13's 4.20.
case $xen in
4.17) sfx= ;;
4.20) sfx=-$xen ;;
*) die "Xen $xen: the boot rig boots Xen 4.17 or 4.20" ;;
esac
src=$(realpath "${GOLDENS_SRC:-tests/golden$sfx}")
fixsrc=$(realpath -m "$src/../fixtures")
out=$(realpath -m "${GOLDENS_OUT:-build/goldens$sfx}")
work=$(realpath -m "${GOLDENS_WORK:-build/goldens-work$sfx}")
# A new kernel fixture goes where the tests look for it (SRC/../fixtures) when the goldens
# are written into SRC or beside it; elsewhere into OUT/fixtures.
if [ "$out" = "$src" ] || [ "$(dirname "$out")" = "$(dirname "$src")" ]; then fixout=$fixsrc; else fixout=$out/fixtures; fi
# The guest ramdisk's compression: gzip as the 4.17 goldens were made; xz from 4.20 on, so
# that Debian 13's bigger busybox still fits under the pinned ramdisk_size.
[ "$xen" = 4.17 ] || export GUEST_RD_COMPRESS=${GUEST_RD_COMPRESS:-xz}
wait_s=${GOLDEN_WAIT:-150}
[[ $wait_s =~ ^[1-9][0-9]*$ ]] || die "GOLDEN_WAIT=$wait_s is not a number of seconds"
for t in qemu-system-aarch64 dtc xxd python3 cpio; do
	command -v "$t" >/dev/null || die "$t is not installed (ci/install-deps.sh boot)"
done

names=()
if [ $# = 0 ]; then
	for c in "$src"/*.cfg; do names+=("$(basename "$c" .cfg)"); done
else
	for a in "$@"; do names+=("$(basename "$a" .cfg)"); done
fi
[ ${#names[@]} -gt 0 ] || die "no configs in $src"

# The board and pinned facts of each golden, and the boots they make.
declare -A gic mem rdsize oldkernel files groups
for n in "${names[@]}"; do
	cfg=$src/$n.cfg inputs=$src/$n.inputs
	[ -f "$cfg" ] || die "$n: no $cfg"
	# dom0 finds the guest's console log and destroys the domain by this name.
	grep -Eq "^[[:space:]]*name[[:space:]]*=[[:space:]]*\"$n\"" "$cfg" ||
		die "$n: $cfg must say name = \"$n\""
	g=$(golden_input "$inputs" host_gic) m=$(golden_input "$inputs" qemu_mem)
	if [ -z "$g" ]; then
		case $n in v2-* | o-v2-*) g=2 ;; *) g=3 ;; esac
	fi
	if [ -z "$m" ]; then
		# dom0 has 768 MiB of a 2048 MiB board; a guest over 1 GiB needs the big board.
		mib=$(sed -n 's/^[[:space:]]*memory[[:space:]]*=[[:space:]]*\([0-9]*\).*/\1/p' "$cfg" | head -n 1)
		if [ "${mib:-0}" -gt 1024 ]; then m=5120; else m=2048; fi
	fi
	gic[$n]=$g mem[$n]=$m
	rdsize[$n]=$(golden_input "$inputs" ramdisk_size)
	oldkernel[$n]=$(golden_input "$inputs" kernel)
	# The extra files are the ones the config names under @CFGDIR@.
	files[$n]=$({ grep -o '@CFGDIR@/[^"]*' "$cfg" || true; } | sed 's|^@CFGDIR@/||' | sort -u | tr '\n' ' ')
	for f in ${files[$n]}; do
		[ -f "$src/$f" ] || die "$n: $cfg names @CFGDIR@/$f, which is not in $src"
	done
	groups["$g $m"]+="$n "
done

start=$(date +%s)
failed=() done_names=()
declare -A note
mkdir -p "$work"
# fail NAME WHY
fail() { failed+=("$1"); note[$1]="FAILED: $2"; echo "goldens: $1: $2" >&2; }

# fixture_matches FIXTURE SIZE HEAD: the kernel fixture records that Image header and size.
fixture_matches() {
	[ -f "$1" ] && [ "$(sed -n 's/^size=//p' "$1")" = "$2" ] && [ "$(sed -n 's/^head=//p' "$1")" = "$3" ]
}

# kernel_fixture NAME RUN: the fixture (file name) recording the kernel this boot ran: the
# golden's own when header and size still match, else any matching one, else a new one.
kernel_fixture() {
	local n=$1 run=$2 kimg size head sha krel kdeb f new
	kimg=$run/guest-Image
	size=$(stat -L -c %s "$kimg")
	head=$(head -c 64 "$kimg" | xxd -p | tr -d '\n')
	if [ -n "${oldkernel[$n]}" ] && fixture_matches "$fixsrc/${oldkernel[$n]}" "$size" "$head"; then
		echo "${oldkernel[$n]}"
		return
	fi
	for f in "$fixsrc"/*.image "$fixout"/*.image; do
		if fixture_matches "$f" "$size" "$head"; then
			basename "$f"
			return
		fi
	done
	krel=$(cat "$run/results/uname-r")
	kdeb=$(sed -n 's/.*Debian \([^ ]*\).*/\1/p' "$run/results/uname-v")
	new=$fixout/linux-$krel.image
	[ ! -f "$new" ] || die "$new exists but records another header or size than the kernel booted ($kimg)"
	sha=$(sha256sum <"$kimg" | cut -d' ' -f1)
	mkdir -p "$fixout"
	{
		echo "# The golden kernel, recorded so tests need not download it: Debian"
		echo "# linux-image-$krel $kdeb, /boot/vmlinuz-$krel (an uncompressed arm64 Image)."
		echo "# Only its first 64 bytes (the Image header) and its size reach the device tree."
		echo "size=$size"
		echo "head=$head"
		echo "sha256=$sha"
	} >"$new"
	echo "goldens: the kernel booted (linux $krel, Debian $kdeb) has another Image header or size than $fixsrc/${oldkernel[$n]:-(none)}: new fixture $new" >&2
	basename "$new"
}

for key in $(printf '%s\n' "${!groups[@]}" | sort -r | tr ' ' ':'); do
	g=${key%:*} m=${key#*:}
	read -r -a gn <<<"${groups["$g $m"]}"
	run=$work/gic$g-m$m payload=$work/gic$g-m$m/payload
	rm -rf "$run" && mkdir -p "$payload/cfg" "$payload/files"
	: >"$payload/goldens.list"
	# dom0 does not inherit this environment: settings go in the payload.
	echo "GOLDEN_WAIT=$wait_s" >"$payload/goldens.env"
	for n in "${gn[@]}"; do
		# The same paths as every golden so far: they show in xl's log ("Parsing config
		# from /cfg/NAME.cfg").
		sed -e 's|@KERNEL@|/guest/vmlinuz|g' -e 's|@RAMDISK@|/guest/initrd.gz|g' -e 's|@CFGDIR@|/cfg|g' \
			"$src/$n.cfg" >"$payload/cfg/$n.cfg"
		for f in ${files[$n]}; do cp "$src/$f" "$payload/files/"; done
		echo "$n ${rdsize[$n]:--}" >>"$payload/goldens.list"
	done
	echo "goldens: GICv$g board, $m MiB: booting Xen $xen + dom0 under QEMU for ${#gn[@]} config(s): ${gn[*]}"
	t0=$(date +%s)
	if ! GUEST_INIT=$here/guest-init.sh \
		"$here/boot-xen.sh" -x "$xen" -g "$g" -m "$m" -t $((300 + 100 * ${#gn[@]} + wait_s * ${#gn[@]})) "$here/dom0-goldens.sh" "$payload" "$run"; then
		for n in "${gn[@]}"; do fail "$n" "the boot did not complete (see $run/serial.log)"; done
		continue
	fi
	res=$run/results
	echo "goldens: GICv$g board, $m MiB: boot took $(($(date +%s) - t0)) s"
	xmaj=$(sed -n 's/^xen_major *: *//p' "$res/xl-info.txt") xmin=$(sed -n 's/^xen_minor *: *//p' "$res/xl-info.txt")
	xextra=$(sed -n 's/^xen_extra *: *//p' "$res/xl-info.txt")
	if [ "$xmaj.$xmin" != "$xen" ]; then
		for n in "${gn[@]}"; do fail "$n" "the rig booted Xen '$xmaj.$xmin', not $xen (see $res/xl-info.txt)"; done
		continue
	fi
	krel=$(cat "$res/uname-r")
	kdeb=$(sed -n 's/.*Debian \([^ ]*\).*/\1/p' "$res/uname-v")
	source="make goldens $(date -u +%F): Xen $xmaj.$xmin$xextra, Debian kernel $krel $kdeb"
	stage=$run/stage
	mkdir -p "$stage"
	for n in "${gn[@]}"; do
		r=$res/g
		if [ -f "$r/$n.toobig" ]; then
			read -r have want <"$r/$n.toobig"
			fail "$n" "the guest ramdisk the rig builds is $have bytes, more than the $want this golden pins (ramdisk_size): padding cannot make it smaller; its size is in the tree, so this golden needs a new ramdisk_size (remove the line from $src/$n.inputs and regenerate)"
			continue
		fi
		[ -f "$r/$n.xl.log" ] || { fail "$n" "dom0 did not run xl create for it (see $run/serial.log)"; continue; }
		rc=$(xl_log_rc "$r/$n.xl.log")
		cp "$r/$n.xl.log" "$stage/$n.xl.log"
		rm -f "$stage/$n.dtb" "$stage/$n.dts" "$stage/$n.libxl.dtb"
		[ ! -f "$r/$n.libxl.dtb" ] || cp "$r/$n.libxl.dtb" "$stage/$n.libxl.dtb"
		if [ -f "$r/$n.cons" ] && grep -q '^FDT-END' <(tr -d '\r' <"$r/$n.cons"); then
			section "$r/$n.cons" FDT-BEGIN FDT-END | base64 -d >"$stage/$n.dtb" 2>/dev/null || true
			if ! dtc -q -I dtb -O dts -o "$stage/$n.dts" "$stage/$n.dtb" 2>/dev/null; then
				fail "$n" "the tree on the guest's console does not decompile (see $r/$n.cons)"
				continue
			fi
			if [ -f "$stage/$n.libxl.dtb" ] && ! guest_tree_is_libxls "$stage/$n.dtb" "$stage/$n.libxl.dtb"; then
				fail "$n" "the guest's tree is not libxl's blob with the rng-seed NOPed: damaged on the console? (see $r/$n.cons)"
				continue
			fi
		elif [ "$rc" = 0 ]; then
			note[$n]="the guest printed no tree (did not boot: see $r/$n.cons)"
		fi
		size=$(cat "$r/$n.ramdisk_size")
		if [ -n "${rdsize[$n]}" ] && [ "$size" != "${rdsize[$n]}" ]; then
			fail "$n" "the ramdisk was $size bytes, not the ${rdsize[$n]} pinned"
			continue
		fi
		fx=$(kernel_fixture "$n" "$run")
		{
			echo "# inputs of the real xl create that produced this golden (see README.md)"
			echo "source=$source"
			echo "xen=$xen"
			echo "host_gic=$g"
			echo "kernel=$fx"
			echo "ramdisk_size=$size"
			# shellcheck disable=SC2086 # a list of plain file names
			[ -z "${files[$n]}" ] || echo "files=$(echo ${files[$n]} | tr ' ' ',')"
			[ "$m" = 2048 ] || echo "qemu_mem=$m"
			echo "xl_rc=$rc"
		} >"$stage/$n.inputs"
		# Into GOLDENS_OUT: the old files of NAME go first (a guest that no longer boots
		# must not keep its old tree).
		mkdir -p "$out"
		rm -f "$out/$n.inputs" "$out/$n.dtb" "$out/$n.dts" "$out/$n.libxl.dtb" "$out/$n.xl.log"
		cp "$stage/$n".* "$out/"
		if [ "$out" != "$src" ]; then
			cp "$src/$n.cfg" "$out/"
			for f in ${files[$n]}; do
				cp "$src/$f" "$out/"
				# The source of a partial tree goes with it.
				[ ! -f "$src/${f%.dtb}.dts" ] || cp "$src/${f%.dtb}.dts" "$out/"
			done
		fi
		done_names+=("$n")
		if [ "$fx" != "${oldkernel[$n]}" ] && [ -n "${oldkernel[$n]}" ]; then
			note[$n]="${note[$n]:+${note[$n]}; }kernel fixture changed: ${oldkernel[$n]} -> $fx"
		fi
	done
	if [ -n "${oldkernel[${gn[0]}]:-}" ] && fixture_matches "$fixsrc/${oldkernel[${gn[0]}]}" \
		"$(stat -L -c %s "$run/guest-Image")" "$(head -c 64 "$run/guest-Image" | xxd -p | tr -d '\n')" &&
		[ "$(sed -n 's/^sha256=//p' "$fixsrc/${oldkernel[${gn[0]}]}")" != "$(sha256sum <"$run/guest-Image" | cut -d' ' -f1)" ]; then
		echo "goldens: note: the rig booted linux $krel (Debian $kdeb), not the kernel of ${oldkernel[${gn[0]}]}, but with the same Image header and size: the trees cannot tell them apart"
	fi
done

echo
echo "==== goldens (Xen $xen) into $out ===="
for n in "${names[@]}"; do
	if [ -f "$out/$n.inputs" ] && [[ " ${done_names[*]} " == *" $n "* ]]; then
		t="no tree"
		[ ! -f "$out/$n.dtb" ] || t="tree $(stat -c %s "$out/$n.dtb") bytes"
		l="no libxl blob"
		[ ! -f "$out/$n.libxl.dtb" ] || l="libxl blob $(stat -c %s "$out/$n.libxl.dtb") bytes"
		printf '  %-32s GICv%s %5s MiB  rc=%s  %-17s %-24s %s\n' "$n" "${gic[$n]}" "${mem[$n]}" \
			"$(golden_input "$out/$n.inputs" xl_rc)" "$t" "$l" "${note[$n]:-}"
	else
		printf '  %-32s GICv%s %5s MiB  %s\n' "$n" "${gic[$n]}" "${mem[$n]}" "${note[$n]:-FAILED}"
	fi
done
wall=$(($(date +%s) - start))
echo "goldens: wall time ${wall} s ($((wall / 60)) min $((wall % 60)) s)"
if [ ${#failed[@]} -gt 0 ]; then
	echo "goldens: FAILED for ${#failed[@]} of ${#names[@]}: ${failed[*]}"
	exit 1
fi
echo "goldens: ${#names[@]} regenerated into $out"
