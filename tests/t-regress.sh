#!/bin/bash
# Fuzzer findings stay fixed: every input in tests/regress/NAME/ (each one
# crashed or broke an invariant of fuzz/fuzz_NAME.c once) and every seed in
# fuzz/corpus/NAME/ goes through the harness again, built without libFuzzer
# ($BUILD/fuzz/replay_NAME), under the build's sanitizers and, with
# VALGRIND=1, under valgrind (which also sees reads inside the system libfdt).
set -u
cd "$(dirname "$0")/.."
BUILD=${BUILD:-build}
vg=()
if [ "${VALGRIND:-}" = 1 ] && [ "${SAN:-}" != 1 ]; then
	vg=(valgrind -q --error-exitcode=99 --leak-check=full
	    --errors-for-leak-kinds=definite,indirect)
fi
fail=0 n=0
for dir in tests/regress/*/ fuzz/corpus/*/; do
	name=$(basename "$dir")
	bin=$BUILD/fuzz/replay_$name
	[ -n "$(ls -A "$dir")" ] || continue
	if [ ! -x "$bin" ]; then
		echo "FAIL: $bin missing for $dir"
		fail=1
		continue
	fi
	out=$("${vg[@]}" "$bin" "$dir" 2>&1)
	rc=$?
	count=$(grep -c '^ok ' <<<"$out")
	n=$((n + count))
	if [ $rc -ne 0 ] || grep -qv '^ok ' <<<"$out"; then
		echo "FAIL: $dir (exit $rc):"
		grep -v '^ok ' <<<"$out" | head -n 40
		fail=1
	else
		echo "ok: $dir: $count inputs"
	fi
done
[ $n -gt 0 ] || { echo "FAIL: no input replayed"; exit 1; }
exit $fail
