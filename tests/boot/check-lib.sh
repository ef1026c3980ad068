# Host-side helpers of the boot rig: reading what came back over the serial line.
# Sourced by boot-xen.sh, boot-test.sh and tests/t-boot-lib.sh.

# section FILE BEGIN END: the lines of FILE strictly between the marker lines BEGIN and END
# (carriage returns dropped: consoles send CRLF).
section() {
	tr -d '\r' <"$1" | awk -v b="$2" -v e="$3" '$0 == b { f = 1; next } $0 == e { f = 0 } f'
}

# irq_events_total: reads /proc/interrupts text; prints the total count, over all CPUs, of
# the interrupt named "events" on GIC hwirq 31: Linux's name for Xen's event-channel upcall.
irq_events_total() {
	awk '
		$NF == "events" {
			for (i = 2; i <= NF; i++) if ($i !~ /^[0-9]+$/) break
			if ($(i + 1) != "31") next
			for (j = 2; j < i; j++) s += $j
		}
		END { print s + 0 }'
}

# events_count CONSOLE: irq_events_total of the /proc/interrupts a guest printed between
# IRQ-BEGIN and IRQ-END.
events_count() { section "$1" IRQ-BEGIN IRQ-END | irq_events_total; }

# list_names FILE: the domain names of an `xl list`/`armguest list` output, without the
# header and dom0.
list_names() {
	awk 'NR > 1 && $1 != "Domain-0" && $2 != "0" { print $1 }' "$1" 2>/dev/null
}

# results_from_serial SERIAL OUT: the archive dom0 sent (base64 lines between
# @@RESULTS-BEGIN@@ and @@RESULTS-END@@, then @@RESULTS-SHA256 <hex>@@) into OUT.
# Lines that are not base64 (Xen's messages, say) are dropped; the checksum tells whether
# what is left is intact.  Returns 0 ok, 1 no archive, 3 damaged.
results_from_serial() {
	local want got
	want=$(tr -d '\r' <"$1" | sed -n 's/^@@RESULTS-SHA256 \([0-9a-f]*\)@@$/\1/p' | tail -n 1)
	[ -n "$want" ] || return 1
	tr -d '\r' <"$1" | awk '
		/^@@RESULTS-BEGIN@@$/ { f = 1; next }
		/^@@RESULTS-END@@$/ { f = 0 }
		f && /^[A-Za-z0-9+\/=]+$/ { print }' | base64 -d >"$2" 2>/dev/null
	got=$(sha256sum <"$2" | cut -d' ' -f1)
	[ "$got" = "$want" ] || return 3
}
