# dom0 side of `make bench` (busybox sh, sourced by the rig's /init after dom0-lib.sh; see
# bench/run.sh).  With xenstored and xenconsoled running, as xl needs them, each round starts
# every config's guest with each tool in turn, the first tool changing from round to round, and
# destroys it at once:
#   armguest  `armguest create --timings CFG` (its steps from its own clock)
#   xl        `xl create CFG`
#   floor     /payload/floor: the calls any create must make, with the tree and paging pool
#             `armguest create -n` planned for the same config
# Every run is timed the same way from outside (uptime before and after, 10 ms steps) and leaves
# a line in /results/runs: TOOL CFG ROUND MS RC; the tools' own step lines go to
# /results/steps/TOOL.CFG.ROUND.
BENCH_ROUNDS=5
[ ! -f /payload/bench.env ] || . /payload/bench.env
ROUNDS=$BENCH_ROUNDS
mkdir -p /results/steps /tmp/floor
: >/results/runs
start_daemons
xl info >/results/xl-info.txt 2>&1

# wait_gone NAME: until no domain of that name is left (10 s at most).
wait_gone() {
	i=0
	while [ $i -lt 100 ]; do
		xl list 2>/dev/null | awk -v n="$1" '$1 == n { f = 1 } END { exit !f }' || return 0
		sleep 0.1
		i=$((i + 1))
	done
	return 1
}

# The floor's inputs per config, from armguest's plan of it.
for c in /payload/cfg/*.cfg; do
	n=$(basename "$c" .cfg)
	armguest create -n --dtb-out /tmp/floor/$n.dtb "$c" >/tmp/floor/$n.plan 2>/tmp/floor/$n.err ||
		say "bench: armguest create -n $n failed: $(cat /tmp/floor/$n.err)"
	{
		echo "-k $(awk '$1 == "kernel" { print $NF }' /tmp/floor/$n.plan)"
		rd=$(awk '$1 == "ramdisk" { print $NF }' /tmp/floor/$n.plan)
		[ -z "$rd" ] || echo "-r $rd"
		echo "-d /tmp/floor/$n.dtb"
		echo "-m $(awk '$1 == "mem_init" { print $2 }' /tmp/floor/$n.plan)"
		echo "-c $(sed -n 's/.*max_vcpus \([0-9]*\).*/\1/p' /tmp/floor/$n.plan)"
		echo "-P $(awk '$1 == "paging" { print $3 }' /tmp/floor/$n.plan)"
		echo "-g 3"
	} >/tmp/floor/$n.args
done

# run TOOL CFG ROUND: one create, timed, then its domain destroyed.
run() {
	tool=$1 c=$2 round=$3 n=$(basename "$2" .cfg)
	steps=/results/steps/$tool.$n.$round
	t0=$(now)
	case $tool in
	armguest) armguest create --timings "$c" >/dev/null 2>"$steps" </dev/null ;;
	xl) xl create "$c" >"$steps" 2>&1 </dev/null ;;
	floor)
		# shellcheck disable=SC2046
		floor $(cat /tmp/floor/$n.args) >/tmp/floor/$n.out 2>"$steps" </dev/null ;;
	esac
	rc=$?
	t1=$(now)
	echo "$tool $n $round $(ms_between "$t0" "$t1") $rc" >>/results/runs
	case $tool in
	floor) d=$(awk '$1 == "domid" { print $2 }' /tmp/floor/$n.out); [ -z "$d" ] || xl destroy "$d" ;;
	*) xl destroy "$n" >/dev/null 2>&1 ;;
	esac
	wait_gone "$n" || say "bench: $n is still there after destroy"
	# The floor's domain has no name: wait until only dom0 is left.
	i=0
	while [ "$(xl list 2>/dev/null | wc -l)" -gt 2 ] && [ $i -lt 100 ]; do sleep 0.1; i=$((i + 1)); done
}

r=1
while [ $r -le "$ROUNDS" ]; do
	case $((r % 3)) in
	1) order="armguest xl floor" ;;
	2) order="xl floor armguest" ;;
	0) order="floor armguest xl" ;;
	esac
	for c in /payload/cfg/*.cfg; do
		for tool in $order; do
			run "$tool" "$c" "$r"
		done
	done
	say "bench: round $r of $ROUNDS done"
	r=$((r + 1))
done
xl list >/results/final.list 2>&1
