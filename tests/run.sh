#!/bin/bash
# Run every test: the cmocka unit binaries, then the tests/t-*.sh scripts.
# A script exits 0 (pass), 77 (skip: says why) or anything else (fail).
# Environment: BUILD (build dir, default build), SAN=1 (sanitizer build),
# VALGRIND=1 (run unit binaries, and the CLI the scripts run, under valgrind,
# failing on any report), TEST_JOBS (tests run side by side; default: the cores).
set -u
cd "$(dirname "$0")/.."
BUILD=${BUILD:-build}
trap 'rm -rf "${logs:-}" "${vgdir:-}"' EXIT
export BUILD ARMGUEST="$PWD/$BUILD/armguest" TESTBIN="$PWD/$BUILD/tests"
pass=0 fail=0 skip=0 failed=()
# TEST_JOBS tests at a time (default: one per core). Each test keeps its own temporary files, so
# they can run side by side; results are reported in the order the tests are listed, whatever
# order they finish in, so two runs print the same report.
jobs=${TEST_JOBS:-$(nproc 2>/dev/null || echo 1)}
logs=$(mktemp -d)
names=()

start_one() { # name, command...: run in the background once fewer than $jobs are running
	local name=$1 i=${#names[@]}; shift
	while [ "$(jobs -rp | wc -l)" -ge "$jobs" ]; do wait -n; done
	names+=("$name")
	( "$@" >"$logs/$i.log" 2>&1; echo $? >"$logs/$i.rc" ) &
}

report_all() {
	wait
	for i in "${!names[@]}"; do
		local name=${names[$i]} rc
		rc=$(cat "$logs/$i.rc" 2>/dev/null || echo lost)
		case $rc in
		0) pass=$((pass + 1)); echo "PASS $name" ;;
		77) skip=$((skip + 1)); echo "SKIP $name: $(tail -n 1 "$logs/$i.log")" ;;
		*) fail=$((fail + 1)); failed+=("$name"); echo "FAIL $name (exit $rc)"; sed 's/^/    /' "$logs/$i.log" | tail -n 60 ;;
		esac
	done
}

vg=()
if [ "${VALGRIND:-}" = 1 ]; then
	vg=(valgrind -q --error-exitcode=99 --leak-check=full --errors-for-leak-kinds=definite,indirect)
	# The scripts run the CLI through $ARMGUEST: make that valgrind too, so
	# any report (exit 99 and text on stderr) fails the script's checks.
	vgdir=$(mktemp -d)
	printf '#!/bin/sh\nexec %s "%s" "$@"\n' "${vg[*]}" "$ARMGUEST" >"$vgdir/armguest"
	chmod +x "$vgdir/armguest"
	# t-keys runs the CLI about a thousand times to check the key table against the
	# commands; it takes the plain binary (ARMGUEST_PLAIN): its paths run under valgrind
	# in the other scripts and all of it under SAN=1.
	export ARMGUEST_PLAIN=$ARMGUEST
	ARMGUEST=$vgdir/armguest
fi

for t in "$BUILD"/tests/test_*; do
	[ -x "$t" ] || continue
	start_one "unit/$(basename "$t")" "${vg[@]}" "$t"
done
for s in tests/t-*.sh; do
	[ -f "$s" ] || continue
	start_one "script/$(basename "$s" .sh)" bash "$s"
done

report_all
echo
[ ${#failed[@]} -eq 0 ] || echo "failed: ${failed[*]}"
echo "$pass passed, $fail failed, $skip skipped"
[ "$fail" -eq 0 ]
