#!/bin/bash
# The bad-input matrix: every case of tests/bad/MANIFEST runs `armguest check`
# or `armguest dtb` on a hostile config (and the files it names) and must give
# exactly the expected exit status and stderr lines, print nothing on stdout,
# and leave nothing behind: no output tree from a failed dtb, no new file
# anywhere in the case directory, no temporary file.  A case that runs longer
# than 30 s (a FIFO read that blocks, a loop) fails.
#
# MANIFEST: one case a line, fields separated by '|':
#   NAME[=CONFIG]|COMMAND [OPTIONS]|EXIT|STDERR LINE|STDERR LINE...
# The config is CONFIG.cfg (NAME.cfg without =CONFIG, which lets one hostile
# config be run through several commands); it runs from a scratch copy of
# tests/bad in which make-fixtures.sh made the boot files, special files and
# large inputs.  `dtb` cases write to out/NAME.dtb; `create` cases are dry
# runs (-n, never a real domain, even on a Xen host) and must leave the
# --dtb-out they were given and the run directory untouched.  Lines starting
# with '#' are comments.
set -u
cd "$(dirname "$0")/.."
root=$PWD
ARMGUEST=${ARMGUEST:-$root/build/armguest}
[ -x "$ARMGUEST" ] || { echo "no $ARMGUEST"; exit 1; }
for t in dtc python3 mkfifo; do
	command -v $t >/dev/null || { echo "$t is not installed"; exit 77; }
done

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cp -r tests/bad "$work/cases"
cd "$work/cases" || exit 1
./make-fixtures.sh "$root" || { echo "FAIL: make-fixtures.sh"; exit 1; }
mkdir out "$work/tmp"
export TMPDIR=$work/tmp
# create keeps its state files here: a refused create must not write one.
export ARMGUEST_RUN_DIR=$work/run

snapshot() { find . -path ./out -prune -o -print | LC_ALL=C sort; }

pass=0 fail=0
while IFS= read -r line; do
	case $line in '' | '#'*) continue ;; esac
	IFS='|' read -r -a f <<<"$line"
	name=${f[0]%%=*} cfg=${f[0]#*=} cmd=${f[1]} want_rc=${f[2]}
	expected=("${f[@]:3}")
	[ -e "$cfg.cfg" ] || [ -L "$cfg.cfg" ] || { echo "FAIL $name: no $cfg.cfg"; fail=$((fail + 1)); continue; }
	read -r -a words <<<"$cmd"
	if [ "${words[0]}" = create ] && [[ " $cmd " != *" -n "* ]]; then
		echo "FAIL $name: create cases must be dry runs (-n)"; fail=$((fail + 1)); continue
	fi
	# The matrix's messages are Xen 4.17's (its limits, xl 4.17's behaviour): said so, since
	# a binary's default release is the one it is built for.
	args=("${words[0]}")
	[[ " $cmd " == *" --xen "* ]] || args+=(--xen 4.17)
	args+=("${words[@]:1}" "$cfg.cfg")
	if [ "${words[0]}" = dtb ] && [[ " $cmd " != *" -o "* ]]; then
		args+=(-o "out/$name.dtb")
	fi
	before=$(snapshot)
	timeout 30 "$ARMGUEST" "${args[@]}" >"$work/stdout" 2>"$work/stderr" </dev/null
	rc=$?
	problems=()
	[ "$rc" = "$want_rc" ] || problems+=("exit $rc, expected $want_rc")
	mapfile -t got <"$work/stderr"
	same=1
	[ ${#got[@]} = ${#expected[@]} ] || same=0
	for i in "${!expected[@]}"; do
		[ "${got[$i]-}" = "${expected[$i]}" ] || same=0
	done
	[ $same = 1 ] || problems+=("stderr differs")
	[ -s "$work/stdout" ] && problems+=("output on stdout")
	[ "$(snapshot)" = "$before" ] || problems+=("files appeared or vanished: $(diff <(echo "$before") <(snapshot) | grep '^[<>]' | head -3 | tr '\n' ' ')")
	if [ "$rc" != 0 ] && [ -n "$(ls -A out)" ]; then
		problems+=("a failed run left $(ls -A out)")
	elif [ "$rc" = 0 ] && [ "${words[0]}" = dtb ]; then
		[ "$(ls -A out)" = "$name.dtb" ] || problems+=("out/ holds: $(ls -A out)")
		dtc -q -I dtb -O dts -o /dev/null "out/$name.dtb" 2>/dev/null ||
			problems+=("dtc cannot read the tree written")
	fi
	[ -z "$(ls -A "$TMPDIR")" ] || problems+=("temporary files left: $(ls -A "$TMPDIR")")
	[ ! -e "$ARMGUEST_RUN_DIR" ] || problems+=("the run directory was created: $(ls -A "$ARMGUEST_RUN_DIR")")
	if [ ${#problems[@]} -eq 0 ]; then
		pass=$((pass + 1))
	else
		fail=$((fail + 1))
		echo "FAIL $name ($cmd): ${problems[*]}"
		printf '    expected: %s\n' "${expected[@]}"
		sed 's/^/    got:      /' "$work/stderr" | cut -c1-400
	fi
	rm -rf out/* "$TMPDIR"/* "$ARMGUEST_RUN_DIR" 2>/dev/null
done <MANIFEST

cases=$(grep -cv '^#\|^$' MANIFEST)
echo "bad-input matrix: $pass passed, $fail failed of $cases cases"
[ "$fail" -eq 0 ] && [ "$pass" -eq "$cases" ]
