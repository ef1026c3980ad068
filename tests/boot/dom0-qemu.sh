# dom0 side of `armguest qemu` (busybox sh, sourced by the rig's /init after dom0-lib.sh;
# tests/boot/qemu-run.sh builds the payload).
#
# /payload/qemu/env      AGQ_VIA (armguest,xl), AGQ_TIMEOUT (seconds per guest)
# /payload/qemu/expect   the --expect pattern (extended regex; empty: the guest must power off)
# /payload/qemu/guests   NAME per line, in the order given; /payload/cfg/NAME.cfg is its config
# /payload/hook/hook.sh  optional: the project's own checks, run after the guests (--dom0-hook)
#
# Per way and guest: the create with its console attached, every console line on the serial
# line as "@@C NAME.VIA@@TEXT" and into /results/guests/NAME.VIA.cons, and the verdict in
# /results/guests/NAME.VIA.result: "STATUS SECONDS MESSAGE", STATUS pass, fail, timeout or
# refused.  armguest's guests come first, with no xenstored and no xenconsoled (armguest
# needs neither); then xl's, with them.
. /payload/qemu/env
expect=$(cat /payload/qemu/expect)
mkdir -p /results/guests

# listed TOOL NAME: is NAME in TOOL's domain list?
listed() { $1 list 2>/dev/null | awk -v n="$2" '$1 == n { f = 1 } END { exit !f }'; }

# poweroff_reason TOOL NAME LOG: "poweroff" when the guest shut down with reason poweroff,
# else what it did.  xl create -F says "Domain N has shut down, reason code R" on stderr
# (SHUTDOWN_poweroff is 0), and so does an armguest whose create has -F; an armguest without
# it leaves a shut-down domain for `armguest destroy` and shows its state, reason included
# (armguest list: "---s-" for poweroff).
poweroff_reason() {
	[ "$1" = armguest ] && [ -z "$ag_fg" ] || wait_file_grep "$3" 'has shut down, reason code' 10
	r=$(sed -n 's/.*has shut down, reason code \([0-9]*\).*/\1/p' "$3" | head -n 1)
	case $r in
	0) echo poweroff; return ;;
	?*) echo "shut down with reason code $r (0 is poweroff)"; return ;;
	esac
	if [ "$1" = xl ]; then echo "xl did not report a shutdown"; return; fi
	st=$(armguest list 2>/dev/null | awk -v n="$2" '$1 == n { print $5 }')
	case $st in
	???s-?) echo poweroff ;;
	???s?*) echo "shut down with reason ${st#????} (armguest list: $st)" ;;
	'') echo "the domain is gone without a shutdown state" ;;
	*) echo "still running after its console closed (state $st)" ;;
	esac
}

# run_guest VIA NAME: start one guest, stream its console, decide.
run_guest() {
	via=$1 n=$2 tag=$2.$1
	cons=/results/guests/$tag.cons log=/results/guests/$tag.log
	case $via in
	armguest) cmd="armguest create -c$ag_fg" ;;
	xl) cmd="xl create -F -c" ;;
	esac
	: >"$cons"
	rm -f /tmp/agq.seen /tmp/agq.timedout /tmp/agq.rc
	echo "@@G-START $n $via@@"
	t0=$(now)
	# The watchdog ends a guest that outlives --timeout by destroying it, which ends its
	# console; `timeout` is the backstop for a create that never gets that far.
	(sleep "$AGQ_TIMEOUT" && : >/tmp/agq.timedout && $via destroy "$n" >/dev/null 2>&1) &
	wd=$!
	(timeout $((AGQ_TIMEOUT + 30)) $cmd "/payload/cfg/$n.cfg" </dev/null 2>"$log"; echo $? >/tmp/agq.rc) |
		while IFS= read -r l; do
			printf '%s\n' "$l" >>"$cons"
			printf '@@C %s@@%s\n' "$tag" "$l"
			if [ -n "$expect" ] && [ ! -f /tmp/agq.seen ] &&
				printf '%s\n' "$l" | tr -d '\r' | grep -qE -- "$expect"; then
				: >/tmp/agq.seen
				# seen: the guest has passed; ending it ends the console
				$via destroy "$n" >/dev/null 2>&1 &
			fi
		done
	kill $wd 2>/dev/null
	rc=$(cat /tmp/agq.rc 2>/dev/null || echo none)
	secs=$(awk -v a="$t0" -v b="$(now)" 'BEGIN { printf "%.1f", b - a }')
	if [ -f /tmp/agq.seen ]; then
		res="pass $secs a console line matched --expect"
	elif [ -f /tmp/agq.timedout ]; then
		res="timeout $secs no verdict within --timeout $AGQ_TIMEOUT s"
	elif [ "$rc" != 0 ] && [ ! -s "$cons" ]; then
		res="refused $secs $via create exited $rc: $(grep -v -e '^$' -e '^Parsing' "$log" | head -n 2 | tr '\n' ' ')"
	elif [ -n "$expect" ]; then
		res="fail $secs the console ended (create exited $rc) without a line matching --expect"
	else
		why=$(poweroff_reason "$via" "$n" "$log")
		if [ "$why" = poweroff ]; then
			res="pass $secs the guest powered off"
		else
			res="fail $secs $why"
		fi
	fi
	# Whatever the verdict, the domain goes; one that stays is a failure of its own.
	listed $via "$n" && $via destroy "$n" >/dev/null 2>&1
	if ! wait_unlisted $via "$n"; then
		res="fail $secs ${res#* * } - and the domain was still listed 15 s after $via destroy"
	fi
	echo "$res" >"/results/guests/$tag.result"
	echo "@@G-END $n $via ${res%% *}@@"
}

# wait_unlisted TOOL NAME: until TOOL no longer lists NAME (xl create -F tears its domain
# down itself); 1 if it still does after 15 s.
wait_unlisted() {
	i=0
	while listed $1 "$2"; do
		[ $i -lt 150 ] || return 1
		sleep 0.1
		i=$((i + 1))
	done
}

# An armguest that acts on on_poweroff itself (create -F, as xl's) stays in the foreground
# and reports the shutdown as xl does.
ag_fg=
if [ -x /payload/armguest ] && armguest create --help 2>&1 | grep -q '^  -F '; then ag_fg=" -F"; fi
for via in armguest xl; do
	case ",$AGQ_VIA," in *,$via,*) ;; *) continue ;; esac
	[ "$via" = xl ] && start_daemons
	say "armguest qemu: guests via $via"
	for n in $(cat /payload/qemu/guests); do run_guest "$via" "$n"; done
done
if [ -f /payload/hook/hook.sh ]; then
	mkdir -p /results/hook
	say "armguest qemu: the dom0 hook"
	(cd /payload/hook && . ./hook.sh)
fi
say "dom0 script done"
