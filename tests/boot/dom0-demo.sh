# dom0 side of `make demo` (busybox sh, sourced by the rig's /init after dom0-lib.sh):
# start the example guest with `armguest create -c`, its console on dom0's console.
# DEMO_TOOL=xl in /payload/demo.env runs the real `xl create -c` instead (with its daemons).
cfg=/payload/cfg/hello.cfg
[ -f /payload/demo.env ] && . /payload/demo.env
tool=${DEMO_TOOL:-armguest}
[ "$tool" = xl ] && start_daemons
echo "@@DEMO-BEGIN@@"
echo "dom0# $tool create -c $(basename $cfg)"
t0=$(now)
timeout 300 $tool create -c $cfg </dev/null
rc=$?
t1=$(now)
# The monitor each tool leaves acts on on_poweroff (default destroy): give it a moment.
i=0
while [ $i -lt 50 ] && $tool list 2>/dev/null | awk '$1 == "hello" { f = 1 } END { exit !f }'; do
	sleep 0.1
	i=$((i + 1))
done
echo "dom0# $tool list"
$tool list
# Still there (a monitor-less create -e, or on_poweroff = "preserve"): destroy it.
if $tool list 2>/dev/null | awk '$1 == "hello" { f = 1 } END { exit !f }'; then
	echo "dom0# $tool destroy hello"
	$tool destroy hello
	echo "dom0# $tool list"
	$tool list
fi
echo "@@DEMO-END rc=$rc ms=$(ms_between $t0 $t1)@@"
echo "$rc $(ms_between $t0 $t1)" >/results/demo
