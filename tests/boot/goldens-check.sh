#!/bin/bash
# `make goldens-check`: keep the goldens' recipe (`make goldens`, tests/boot/goldens.sh) from
# rotting without running it whole (that takes several boots).  Per Xen release, ONE boot
# regenerates one golden whose guest boots and one that Xen refuses, and compares them with
# the committed files:
#   NAME.dtb          byte-identical (the tree the guest read back)
#   NAME.libxl.dtb    identical once the 128 random rng-seed bytes are masked in both
#   NAME.xl.log       xl's exit status and its error/warning lines identical (not the timings,
#                     not the domain ids)
#   NAME.inputs       identical apart from source=
#
#   tests/boot/goldens-check.sh [RELEASE...]     (default: every release below)
#
# Environment:
#   GOLDENS_CHECK_OUT   where the regenerated goldens go (default build/goldens-check)
#   GOLDENS_REF         the committed goldens to compare with (default: the release's directory
#                       below); e.g. a scratch copy, to see the check fail
#   GOLDENS_CHECK_REUSE=1  no boot: compare what the last run regenerated again
# Exit 0 only when both goldens of every release match.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)
cd "$top"
# shellcheck source=tests/boot/goldens-lib.sh
. "$here/goldens-lib.sh"

# Per release: the goldens' directory, then a booting golden and a refused one that share a
# board (GICv3, 2048 MiB), so that one boot makes both.  o-v3-cmdline-extra also checks an
# xl warning; o-v3-tee-optee is refused by Xen itself (XEN_DOMCTL_createdomain, rc=3).
declare -A golden_dir=([4.17]=tests/golden [4.20]=tests/golden-4.20)
declare -A golden_pair=([4.17]="o-v3-cmdline-extra o-v3-tee-optee" [4.20]="o-v3-cmdline-extra o-v3-tee-optee")

releases=("$@")
[ ${#releases[@]} -gt 0 ] || mapfile -t releases < <(printf '%s\n' "${!golden_pair[@]}" | sort -V)
base=$(realpath -m "${GOLDENS_CHECK_OUT:-build/goldens-check}")
start=$(date +%s)
bad=0
for rel in "${releases[@]}"; do
	[ -n "${golden_pair[$rel]:-}" ] || { echo "goldens-check: no goldens are checked for Xen $rel (known: ${!golden_pair[*]})" >&2; exit 2; }
	ref=$(realpath "${GOLDENS_REF:-${golden_dir[$rel]}}")
	read -r -a pair <<<"${golden_pair[$rel]}"
	out=$base/$rel
	if [ "${GOLDENS_CHECK_REUSE:-}" = 1 ]; then
		echo "goldens-check: Xen $rel: GOLDENS_CHECK_REUSE=1: comparing ${pair[*]} as regenerated before, in $out, with $ref"
	else
		echo "goldens-check: Xen $rel: regenerating ${pair[*]} (one boot) and comparing with $ref"
		rm -rf "$out" && mkdir -p "$base"
		t0=$(date +%s)
		if ! GOLDENS_XEN=$rel GOLDENS_SRC=$ref GOLDENS_OUT=$out GOLDENS_WORK=$base/$rel-work \
			"$here/goldens.sh" "${pair[@]}"; then
			echo "goldens-check: FAIL: Xen $rel: the recipe itself failed (above; boots in $base/$rel-work)"
			bad=$((bad + 1))
			continue
		fi
		echo "goldens-check: Xen $rel: regenerated in $(($(date +%s) - t0)) s"
	fi
	echo
	moved=0 others=0
	for n in "${pair[@]}"; do
		echo "goldens-check: Xen $rel: $n"
		# Not in $(...): compare_golden sets golden_kernel_moved for this shell.
		if compare_golden "$ref" "$out" "$n" >"$base/$rel.report"; then
			cat "$base/$rel.report"
		else
			cat "$base/$rel.report"
			report=$(cat "$base/$rel.report")
			bad=$((bad + 1))
			[ "$golden_kernel_moved" = 0 ] || moved=1
			# Differences other than the kernel fixture's name.
			k=$(grep '^  DIFF' <<<"$report" |
				grep -c -v -E '\.inputs: committed kernel=[^;]*;regenerated kernel=[^;]*$' || true)
			others=$((others + k))
		fi
	done
	if [ "$moved" = 1 ]; then
		n=${pair[0]}
		k_old=$(golden_input "$ref/$n.inputs" kernel) k_new=$(golden_input "$out/$n.inputs" kernel)
		echo
		echo "goldens-check: Xen $rel: DEBIAN HAS MOVED ITS KERNEL, this is not libxl's doing."
		echo "  The rig boots Debian's current arm64 kernel ($(golden_input "$out/$n.inputs" source | sed 's/.*Debian kernel /linux /'));"
		echo "  its Image header or size differs from $k_old, the kernel of the committed goldens"
		echo "  (new fixture: $out/fixtures/$k_new)."
		if [ "$others" = 0 ]; then
			echo "  The trees and xl's messages did not change: only the fixture named in .inputs did."
		else
			echo "  Only that header and size reach the tree (where guests under 256 MiB get their modules"
			echo "  placed), so the tree differences above may come from the kernel rather than from libxl."
		fi
		echo "  Regenerate every golden against it (\`make goldens GOLDENS_XEN=$rel GOLDENS_OUT=${golden_dir[$rel]}\`"
		echo "  also writes tests/fixtures/$k_new) and commit them, or boot the old kernel while Debian"
		echo "  still has its package: BOOT_KERNEL_PKG=linux-image-... tests/boot/goldens-check.sh $rel."
	fi
	echo
done
wall=$(($(date +%s) - start))
echo "goldens-check: wall time ${wall} s"
if [ "$bad" != 0 ]; then
	echo "goldens-check: FAIL: $bad golden(s) regenerated with the real xl differ from the committed ones (above)."
	echo "  If libxl changed on purpose (a new Debian Xen), regenerate that release's goldens:"
	for rel in "${releases[@]}"; do echo "    make goldens GOLDENS_XEN=$rel GOLDENS_OUT=${golden_dir[$rel]}"; done
	exit 1
fi
echo "goldens-check: PASS: ${releases[*]}: the recipe regenerates the committed goldens"
