# dom0 side of `make goldens` (busybox sh, sourced by the rig's /init after dom0-lib.sh).
#
# /payload/cfg/NAME.cfg  the configs, placeholders already replaced: the kernel is
#                        /guest/vmlinuz, the ramdisk /guest/initrd.gz, extra files in /cfg
# /payload/files/        the extra files the configs name (partial device trees)
# /payload/goldens.list  one line per config, in order: NAME RAMDISK_SIZE ("-": as built)
# /payload/goldens.env   settings (GOLDEN_WAIT)
#
# With xenstored and xenconsoled running, per config: the guest ramdisk padded with NUL bytes
# to RAMDISK_SIZE (only its size reaches the tree, as linux,initrd-end, and Linux skips NULs
# after a gzip'd cpio archive), `xl -vvv create` with LIBXL_DEBUG_DUMP_DTB, a wait for the
# guest's tree on its console (xenconsoled's log), then the domain destroyed before the next
# config, so that every guest sees the same free memory and the next domain id.
# Leaves in /results/g/: NAME.xl.log (debug lines dropped, then "ORACLE-XL NAME rc=N t0= t1="),
# NAME.xl.full.gz (all of it), NAME.cons, NAME.libxl.dtb, NAME.ramdisk_size, or NAME.toobig
# when the ramdisk as built is larger than the size asked for.
# And /results/: uname-r, uname-v, xl-info.txt, natural-ramdisk-size.

# /payload/goldens.env: GOLDEN_WAIT, seconds a guest may take to print its tree.
GOLDEN_WAIT=150
# shellcheck disable=SC1091
[ ! -f /payload/goldens.env ] || . /payload/goldens.env
mkdir -p /results/g /cfg /guest
cp /payload/cfg/*.cfg /cfg/
cp /payload/files/* /cfg/ 2>/dev/null
# A link, not a copy: the 30 MiB kernel need not sit twice in dom0's RAM.
ln -sf /srv/guests/vmlinuz /guest/vmlinuz
natural=$(wc -c </srv/guests/initrd.gz | tr -d ' ')
echo "$natural" >/results/natural-ramdisk-size
uname -r >/results/uname-r
uname -v >/results/uname-v

# gone NAME: the domain NAME no longer exists.
gone() { ! xl list 2>/dev/null | awk -v n="$1" '$1 == n { f = 1 } END { exit !f }'; }

# wait_guest NAME CONSOLE SECONDS: until the guest has printed everything (GUEST-DONE), has
# panicked (no ramdisk, say: then it never prints its tree), or its domain is gone.
wait_guest() {
	i=0
	while [ $i -lt $(($3 * 2)) ]; do
		grep -q -e '^GUEST-DONE' -e 'Kernel panic' "$2" 2>/dev/null && return 0
		gone "$1" && return 0
		sleep 0.5
		i=$((i + 1))
	done
	return 1
}

say "goldens: starting xenstored and xenconsoled"
start_daemons
xl info >/results/xl-info.txt 2>&1
# One name a line, no spaces: a word list is enough, and keeps xl away from the list on stdin.
# shellcheck disable=SC2013
for n in $(cut -d' ' -f1 /payload/goldens.list); do
	g=/results/g/$n tmp=/tmp/$n
	size=$(awk -v n="$n" '$1 == n { print $2 }' /payload/goldens.list)
	if [ "$size" != - ] && [ "$natural" -gt "$size" ]; then
		echo "$natural $size" >"$g.toobig"
		say "goldens: $n: the guest ramdisk is $natural bytes, more than the $size to pin: skipped"
		continue
	fi
	cp /srv/guests/initrd.gz /guest/initrd.gz
	[ "$size" = - ] || head -c $((size - natural)) /dev/zero >>/guest/initrd.gz
	wc -c </guest/initrd.gz | tr -d ' ' >"$g.ramdisk_size"
	say "goldens: xl -vvv create $n (ramdisk $(cat "$g.ramdisk_size") bytes)"
	cons=/var/log/xen/console/guest-$n.log
	t0=$(now)
	LIBXL_DEBUG_DUMP_DTB=$tmp.libxl.dtb xl -vvv create "/cfg/$n.cfg" >"$tmp.xl.full" 2>&1 </dev/null
	rc=$?
	t1=$(now)
	say "goldens:   rc=$rc in $(ms_between "$t0" "$t1") ms"
	if [ $rc = 0 ]; then
		wait_guest "$n" "$cons" "$GOLDEN_WAIT" || say "goldens:   $n: nothing more on its console after ${GOLDEN_WAIT}s"
		# Let the console backend drain and xl's monitor act on the poweroff first.
		i=0
		while ! gone "$n" && [ $i -lt 20 ]; do sleep 0.5; i=$((i + 1)); done
	fi
	gone "$n" || xl destroy "$n" >/dev/null 2>&1
	i=0
	while ! gone "$n" && [ $i -lt 30 ]; do sleep 0.5; i=$((i + 1)); done
	gone "$n" || say "goldens:   $n: domain still there after xl destroy"
	# The same filter as the goldens made before the project had this recipe.
	grep -v -E '^(libxl: debug|xencall:buffer|domainbuilder: detail)' "$tmp.xl.full" | head -n 40 >"$g.xl.log"
	echo "ORACLE-XL $n rc=$rc t0=$t0 t1=$t1" >>"$g.xl.log"
	gzip -c "$tmp.xl.full" >"$g.xl.full.gz"
	cp "$cons" "$g.cons" 2>/dev/null
	[ ! -s "$tmp.libxl.dtb" ] || cp "$tmp.libxl.dtb" "$g.libxl.dtb"
	rm -f "$tmp.libxl.dtb" "$tmp.xl.full"
done
xl list >/results/final.list 2>&1
say "goldens: dom0 script done"
