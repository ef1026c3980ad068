# shellcheck shell=bash
# Host-side helpers of the goldens' recipe (tests/boot/goldens.sh, goldens-check.sh): reading
# a golden's files and comparing a regenerated golden with a committed one.  Sourced, not run;
# needs xxd and python3 (fdt-seed.py beside this file).  Tested by tests/t-goldens-lib.sh.

goldens_lib_dir=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)

# golden_input INPUTS KEY: KEY's value in a NAME.inputs file (empty when absent).
golden_input() { [ -f "$1" ] || return 0; sed -n "s/^$2=//p" "$1" | head -n 1; }

# xl_log_rc XLLOG: xl's exit status from the last line "ORACLE-XL NAME rc=N ...".
xl_log_rc() { sed -n 's/^ORACLE-XL [^ ]* rc=\([0-9]*\).*/\1/p' "$1" 2>/dev/null | tail -n 1; }

# xl_log_messages XLLOG: what xl said that a comparison holds to: errors, warnings and xl's
# own messages.  Dropped: the final line (timings), "Parsing config" and libxl's/libxc's
# detail and info chatter.  Domain ids depend on how many domains the boot made before, so
# "Domain 6:" becomes "Domain N:".
xl_log_messages() {
	grep -v -E '^(ORACLE-XL |Parsing config from |(libxl|xc): (detail|info|verbose|debug):)' "$1" 2>/dev/null |
		sed -E 's/Domain [0-9]+:/Domain N:/g'
}

# fdt_seed nop|mask IN OUT: see fdt-seed.py (1: no /chosen/rng-seed in IN).
fdt_seed() { python3 "$goldens_lib_dir/fdt-seed.py" "$@"; }

# guest_tree_is_libxls GUEST LIBXL: the tree the guest read back is libxl's blob with the
# rng-seed NOPed (Linux consumed it), or libxl's blob itself (acpi = 1: Linux never finds the
# seed).  Anything else means the tree was damaged on its way over the console.
guest_tree_is_libxls() {
	local t
	t=$(mktemp)
	if cmp -s "$1" "$2" || { fdt_seed nop "$2" "$t" && cmp -s "$1" "$t"; }; then
		rm -f "$t"
		return 0
	fi
	rm -f "$t"
	return 1
}

# has_seed DTB: DTB has a /chosen/rng-seed property.
has_seed() { fdt_seed mask "$1" /dev/null; }

# same_but_seed A B: two of libxl's blobs are identical once each one's 128 random rng-seed
# bytes are zeroed (or identical outright when neither has a seed).
same_but_seed() {
	local ta tb ra=0 rb=0
	ta=$(mktemp) tb=$(mktemp)
	fdt_seed mask "$1" "$ta" || ra=$?
	fdt_seed mask "$2" "$tb" || rb=$?
	[ "$ra" = 1 ] && cp "$1" "$ta"
	[ "$rb" = 1 ] && cp "$2" "$tb"
	local rc=1
	[ "$ra" -le 1 ] && [ "$rb" -le 1 ] && cmp -s "$ta" "$tb" && rc=0
	rm -f "$ta" "$tb"
	return $rc
}

# compare_golden REFDIR NEWDIR NAME: the regenerated golden NEWDIR/NAME.* against the committed
# REFDIR/NAME.*: .inputs identical apart from source=; .dtb byte-identical; .libxl.dtb
# identical apart from the rng-seed bytes; xl's exit status and messages identical.  Prints
# one line per file ("same" or "DIFF" and why); returns 1 when anything differs.
# Sets golden_kernel_moved=1 when the kernel fixture changed (the rig booted a kernel with
# another Image header or size than the committed golden's).
compare_golden() {
	local ref=$1 new=$2 n=$3 bad=0 d a b
	# shellcheck disable=SC2034 # read by the callers
	golden_kernel_moved=0
	if [ ! -f "$new/$n.inputs" ]; then
		echo "  DIFF $n: nothing was regenerated ($new/$n.inputs missing)"
		return 1
	fi
	d=$(diff <(grep -v -e '^source=' -e '^#' "$ref/$n.inputs") <(grep -v -e '^source=' -e '^#' "$new/$n.inputs") |
		sed -n 's/^\([<>]\) /\1/p' | sed -e 's/^</committed /' -e 's/^>/regenerated /' | tr '\n' ';')
	if [ -z "$d" ]; then
		echo "  same $n.inputs (apart from source=)"
	else
		echo "  DIFF $n.inputs: ${d%;}"
		bad=1
		a=$(golden_input "$ref/$n.inputs" kernel) b=$(golden_input "$new/$n.inputs" kernel)
		# shellcheck disable=SC2034
		[ "$a" = "$b" ] || golden_kernel_moved=1
	fi

	if [ -f "$ref/$n.dtb" ] && [ -f "$new/$n.dtb" ]; then
		if cmp -s "$ref/$n.dtb" "$new/$n.dtb"; then
			echo "  same $n.dtb (byte-identical, $(stat -c %s "$new/$n.dtb") bytes)"
		elif has_seed "$ref/$n.dtb" && has_seed "$new/$n.dtb" && same_but_seed "$ref/$n.dtb" "$new/$n.dtb"; then
			# acpi = 1: Linux never finds the seed, so the guest's tree keeps libxl's
			# random bytes; only the rest can be compared.
			echo "  same $n.dtb (identical apart from the rng-seed the guest kept, $(stat -c %s "$new/$n.dtb") bytes)"
		else
			echo "  DIFF $n.dtb: $(cmp "$ref/$n.dtb" "$new/$n.dtb" 2>&1 | head -n 1); sizes $(stat -c %s "$ref/$n.dtb") and $(stat -c %s "$new/$n.dtb")"
			diff <(dtc -q -I dtb -O dts "$ref/$n.dtb" 2>/dev/null) <(dtc -q -I dtb -O dts "$new/$n.dtb" 2>/dev/null) |
				head -n 20 | sed 's/^/       /'
			bad=1
		fi
	elif [ -f "$ref/$n.dtb" ]; then
		echo "  DIFF $n.dtb: the committed golden has a guest tree, the regenerated guest printed none"
		bad=1
	elif [ -f "$new/$n.dtb" ]; then
		echo "  DIFF $n.dtb: the regenerated guest printed a tree, the committed golden has none"
		bad=1
	else
		echo "  same $n.dtb: absent in both (no guest booted)"
	fi

	if [ -f "$ref/$n.libxl.dtb" ] && [ -f "$new/$n.libxl.dtb" ]; then
		if same_but_seed "$ref/$n.libxl.dtb" "$new/$n.libxl.dtb"; then
			echo "  same $n.libxl.dtb (identical apart from the 128 rng-seed bytes)"
		else
			echo "  DIFF $n.libxl.dtb: differs beyond the rng-seed bytes ($(cmp "$ref/$n.libxl.dtb" "$new/$n.libxl.dtb" 2>&1 | head -n 1))"
			bad=1
		fi
	elif [ -f "$ref/$n.libxl.dtb" ]; then
		echo "  DIFF $n.libxl.dtb: committed, but libxl dumped no blob this time"
		bad=1
	elif [ -f "$new/$n.libxl.dtb" ]; then
		# The first goldens predate LIBXL_DEBUG_DUMP_DTB: not having one is no difference.
		echo "  note $n.libxl.dtb: regenerated only (the committed golden predates it)"
	else
		echo "  same $n.libxl.dtb: absent in both (libxl built no tree)"
	fi

	a=$(xl_log_rc "$ref/$n.xl.log") b=$(xl_log_rc "$new/$n.xl.log")
	if [ -z "$b" ] || [ "$a" != "$b" ]; then
		echo "  DIFF $n.xl.log: xl create exited ${b:-?}, the committed golden says ${a:-?}"
		bad=1
	elif ! grep -q '^Parsing config from ' "$ref/$n.xl.log"; then
		# xl always says this first: a log without it did not capture xl's output (some
		# of the first goldens hold only the last line).
		echo "  same $n.xl.log: rc=$b (the committed log holds no xl output: messages not compared)"
	else
		d=$(diff <(xl_log_messages "$ref/$n.xl.log") <(xl_log_messages "$new/$n.xl.log"))
		if [ -z "$d" ]; then
			echo "  same $n.xl.log: rc=$b, xl's messages identical ($(xl_log_messages "$new/$n.xl.log" | grep -c .) lines)"
		else
			echo "  DIFF $n.xl.log: rc=$b, but xl's messages differ (< committed, > regenerated):"
			printf '%s\n' "$d" | grep '^[<>]' | head -n 20 | sed 's/^/       /'
			bad=1
		fi
	fi
	return $bad
}
