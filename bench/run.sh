#!/bin/bash
# `make bench`: armguest, xl and the floor creating the same guests in one boot per Xen release
# (docs/performance.md).  Not part of `make test` or CI: each release is one QEMU boot of
# several minutes.
#
#   bench/run.sh [RELEASE...]      (default: 4.17 4.20)
#
# Per release: the static arm64 armguest (`make cross XEN=REL`) and floor (`make bench-floor
# XEN=REL`) go into dom0 with bench/configs/*.cfg; bench/dom0-bench.sh creates and destroys
# each guest with each tool, BENCH_ROUNDS rounds (default 5), in the rig of tests/boot
# (boot-xen.sh: GICv3 board).  The results land in build/bench/REL/results; then
# bench/report.py prints the table and writes build/bench/report.md and build/bench/stages.svg.
#
# Environment: BENCH_ROUNDS, BENCH_OUT (default build/bench), and those of boot-xen.sh.
set -euo pipefail
cd "$(dirname "$0")/.."
top=$PWD
out=$(realpath -m "${BENCH_OUT:-build/bench}")
rels=("$@")
[ ${#rels[@]} -gt 0 ] || rels=(4.17 4.20)
for rel in "${rels[@]}"; do
	case $rel in
	4.17 | 4.20) ;;
	*) echo "bench: Xen $rel: the rig boots 4.17 or 4.20" >&2; exit 2 ;;
	esac
done

for rel in "${rels[@]}"; do
	echo "bench: Xen $rel: building armguest and the floor for arm64"
	make --no-print-directory cross XEN="$rel" >/dev/null
	make --no-print-directory bench-floor XEN="$rel" >/dev/null
	payload=$out/$rel/payload
	rm -rf "$payload" && mkdir -p "$payload/cfg"
	cp "build/aarch64-xen$rel/armguest" "build/aarch64-xen$rel/floor" "$payload/"
	cp bench/configs/*.cfg "$payload/cfg/"
	# dom0 sees only its payload, not this environment.
	echo "BENCH_ROUNDS=${BENCH_ROUNDS:-5}" >"$payload/bench.env"
	echo "bench: Xen $rel: booting (one boot, ${BENCH_ROUNDS:-5} rounds)"
	GUEST_INIT=$top/tests/boot/hello-init.sh \
		tests/boot/boot-xen.sh -x "$rel" -g 3 -m 3072 -t 2400 bench/dom0-bench.sh \
		"$payload" "$out/$rel"
	[ -s "$out/$rel/results/runs" ] || { echo "bench: Xen $rel: no runs recorded (see $out/$rel/serial.log)" >&2; exit 1; }
done
python3 bench/report.py "$out" "${rels[@]}"
