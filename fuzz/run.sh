#!/bin/bash
# Run libFuzzer harnesses, FUZZ_JOBS at a time (docs/fuzzing.md).
# usage: fuzz/run.sh HARNESS...        (names: xlcfg resolve dtb partial kernel dom0less)
# Environment:
#   FUZZ_BUILD    where make fuzz-build put the binaries (build-fuzz)
#   FUZZ_SECONDS  time per harness (300)
#   FUZZ_RUNS     executions per harness instead of a time (unset: time only)
#   FUZZ_NICE     nice level of the fuzzer (0)
#   FUZZ_ARGS     extra libFuzzer options
#   FUZZ_JOBS     harnesses run side by side (the number of cores)
# The committed seeds (fuzz/corpus/NAME) are read, never written: new inputs
# go to $FUZZ_BUILD/corpus/NAME, a crash to $FUZZ_BUILD/artifacts/.  Every harness
# runs; the exit status is 1 if any found a crash, leak, timeout or invariant failure.
set -u
cd "$(dirname "$0")/.."
FUZZ_BUILD=${FUZZ_BUILD:-build-fuzz}
FUZZ_SECONDS=${FUZZ_SECONDS:-300}
FUZZ_NICE=${FUZZ_NICE:-0}

# Longest input per harness: one byte past the input's documented bound
# (docs/limits.md), so the refusal of an oversized input is exercised too.
max_len() {
	case $1 in
	xlcfg | resolve) echo 1048577 ;;   # XLCFG_MAX_FILE_SIZE + 1
	dtb) echo 65536 ;;                 # configs that build trees; 64 KiB is ample
	partial) echo 1048577 ;;           # profile fdt_max_size + 1
	kernel) echo 65548 ;;              # size field + AG_KERNEL_PROBE_BYTES + ISIZE
	dom0less) echo 65536 ;;            # host trees: QEMU virt's is 8 KiB packed
	*) echo 4096 ;;
	esac
}

dict_for() {
	case $1 in
	xlcfg | resolve | dtb) echo "-dict=fuzz/xlcfg.dict" ;;
	partial) echo "-dict=fuzz/fdt.dict" ;;
	esac
}

[ $# -gt 0 ] || { echo "usage: $0 HARNESS..." >&2; exit 2; }
mkdir -p "$FUZZ_BUILD/artifacts"
# One harness: its result line goes to $FUZZ_BUILD/fuzz_NAME.result, exit 0 for no finding.
run_harness() {
	local h=$1 bin=$FUZZ_BUILD/fuzz_$1 log=$FUZZ_BUILD/fuzz_$1.log start rc secs execs corpus
	mkdir -p "$FUZZ_BUILD/corpus/$h"
	local limit=(-max_total_time="$FUZZ_SECONDS")
	[ -n "${FUZZ_RUNS:-}" ] && limit+=(-runs="$FUZZ_RUNS")
	echo "fuzz: $h for ${FUZZ_RUNS:+$FUZZ_RUNS runs or }${FUZZ_SECONDS}s (log $log)"
	start=$(date +%s)
	# shellcheck disable=SC2046,SC2086
	nice -n "$FUZZ_NICE" "$bin" "${limit[@]}" -max_len="$(max_len "$h")" \
		$(dict_for "$h") -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 \
		-artifact_prefix="$FUZZ_BUILD/artifacts/$h-" ${FUZZ_ARGS:-} \
		"$FUZZ_BUILD/corpus/$h" "fuzz/corpus/$h" >"$log" 2>&1
	rc=$?
	secs=$(($(date +%s) - start))
	execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -n 1)
	corpus=$(find "$FUZZ_BUILD/corpus/$h" "fuzz/corpus/$h" -type f | wc -l)
	if [ $rc -ne 0 ]; then
		{ echo "fuzz: $h FAILED (exit $rc) after ${execs:-?} executions in ${secs}s:"
		  grep -E 'ERROR|invariant|SUMMARY|Test unit written' "$log" | head -n 20 | sed 's/^/    /'
		} >"$FUZZ_BUILD/fuzz_$h.result"
		return 1
	fi
	echo "fuzz: $h: ${execs:-?} executions in ${secs}s, corpus $corpus files, no finding" \
		>"$FUZZ_BUILD/fuzz_$h.result"
}

for h in "$@"; do
	[ -x "$FUZZ_BUILD/fuzz_$h" ] || { echo "fuzz: $FUZZ_BUILD/fuzz_$h is missing (make fuzz-build)" >&2; exit 2; }
done
# FUZZ_JOBS harnesses at a time (default: one per core); each is one libFuzzer process.
jobs=${FUZZ_JOBS:-$(nproc 2>/dev/null || echo 1)}
for h in "$@"; do
	while [ "$(jobs -rp | wc -l)" -ge "$jobs" ]; do wait -n; done
	rm -f "$FUZZ_BUILD/fuzz_$h.result"
	run_harness "$h" &
done
wait
status=0 passed=0
for h in "$@"; do
	cat "$FUZZ_BUILD/fuzz_$h.result" 2>/dev/null || echo "fuzz: $h: no result"
	if grep -q "no finding" "$FUZZ_BUILD/fuzz_$h.result" 2>/dev/null; then
		passed=$((passed + 1))
	else
		status=1
	fi
done
echo "fuzz: $passed passed, $((${#}-passed)) failed"
exit $status
