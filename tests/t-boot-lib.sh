#!/bin/bash
# The boot test's host-side readers (tests/boot/check-lib.sh) on real samples: the events
# interrupt count from guests' /proc/interrupts (GICv3 and GICv2 boards), a device tree sent
# over a CRLF console, and dom0's results archive with foreign lines in between.
set -u
cd "$(dirname "$0")/.."
. tests/boot/check-lib.sh
fx=tests/boot/fixtures
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fails=0
expect() { # NAME WANT GOT
	if [ "$2" = "$3" ]; then echo "ok   $1"; else echo "FAIL $1: want '$2', got '$3'"; fails=$((fails + 1)); fi
}

expect "events on GICv3, one vCPU" 43 "$(irq_events_total <$fx/interrupts-gicv3-1cpu.txt)"
expect "events on GICv2, summed over four vCPUs" 84 "$(irq_events_total <$fx/interrupts-gicv2-4cpus.txt)"
sed 's/ 31 Level     events/ 30 Level     events/' $fx/interrupts-gicv3-1cpu.txt >"$tmp/hw30"
expect "events on another hwirq does not count" 0 "$(irq_events_total <"$tmp/hw30")"
grep -v ' events$' $fx/interrupts-gicv3-1cpu.txt >"$tmp/none"
expect "no events line" 0 "$(irq_events_total <"$tmp/none")"
{ echo "[    1.0] noise"; echo IRQ-BEGIN; cat $fx/interrupts-gicv3-1cpu.txt; echo IRQ-END; } |
	sed 's/$/\r/' >"$tmp/cons"
expect "events from a CRLF console" 43 "$(events_count "$tmp/cons")"

{ echo "GUEST-INIT"; echo FDT-BEGIN; base64 tests/golden/v3-basic.dtb; echo FDT-END; echo GUEST-DONE; } |
	sed 's/$/\r/' >"$tmp/fdtcons"
section "$tmp/fdtcons" FDT-BEGIN FDT-END | base64 -d >"$tmp/got.dtb"
expect "tree from a CRLF console equals the sent one" same \
	"$(cmp -s "$tmp/got.dtb" tests/golden/v3-basic.dtb && echo same || echo differs)"

mkdir -p "$tmp/res/xl" && printf 'xl hello 1.00 2.50 0\n' >"$tmp/res/times" && echo 7 >"$tmp/res/xl/hello.domid"
tar -czf "$tmp/sent.tar.gz" -C "$tmp/res" .
sum=$(sha256sum <"$tmp/sent.tar.gz" | cut -d' ' -f1)
{
	echo "(XEN) d0v1 noise before"
	echo "@@RESULTS-BEGIN@@"
	base64 "$tmp/sent.tar.gz" | sed '2i (XEN) d1: a hypervisor line in between'
	echo "@@RESULTS-END@@"
	echo "@@RESULTS-SHA256 $sum@@"
} | sed 's/$/\r/' >"$tmp/serial"
results_from_serial "$tmp/serial" "$tmp/got.tar.gz"
expect "results archive through foreign lines: status" 0 $?
mkdir -p "$tmp/out" && tar -xzf "$tmp/got.tar.gz" -C "$tmp/out"
expect "results archive through foreign lines: content" 7 "$(cat "$tmp/out/xl/hello.domid")"
awk '/^@@RESULTS-BEGIN@@/ { print; getline; print "A" substr($0, 2); next } { print }' "$tmp/serial" >"$tmp/bad"
results_from_serial "$tmp/bad" "$tmp/bad.tar.gz"
expect "damaged results archive" 3 $?
grep -v SHA256 "$tmp/serial" >"$tmp/nosum"
results_from_serial "$tmp/nosum" "$tmp/nosum.tar.gz"
expect "no results archive" 1 $?

[ "$fails" = 0 ]
