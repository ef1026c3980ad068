#!/bin/bash
# The dom0less boot test: `armguest qemu --via dom0less` boots examples/dom0less-*.cfg as
# boot-time guests of Debian's Xen (4.17 on Debian 12's packages, 4.20 on Debian 13's) under
# QEMU, with no toolstack anywhere: the command runs `armguest dom0less` on QEMU virt's own
# device tree and boots the result (tests/boot/qemu-dom0less.sh).
#
#   tests/boot/dom0less-test.sh [CASE...]      (`make dom0less-test` runs this)
#
# Cases (default: all three), one QEMU boot each serving both guests:
#   v3       GICv3 board, no dom0 (--no-dom0), U-Boot (Debian's u-boot-qemu, --loader uboot)
#            runs the boot.scr `armguest dom0less --uboot-script` wrote, found on a FAT
#            partition of a virtio disk by U-Boot's standard boot scan;
#   v2-dom0  GICv2 board with a dom0 (--dom0: Debian's kernel and a busybox initramfs), U-Boot
#            as above: the guests carry xen,enhanced;
#   direct   GICv3 board, no dom0, no bootloader (--loader qemu): QEMU's -kernel (Xen) -dtb
#            (the tree armguest dom0less wrote, its files from 0x50000000, the default load
#            base on virt, which the test checks) and one -device loader per module.
# Each guest's /init (dom0less-init.sh) prints, on its vpl011 console (which Xen shows as
# "(XEN) DOMn:" lines), a marker, its command line, its console, its device tree and
# /proc/interrupts, then D0L-DONE, the command's --expect (exit 0, a JUnit pass per guest),
# then powers off.
# The test then checks, per guest, against what its config says: the vCPUs (online and in its
# tree), the memory (its tree's memory node), the console (ttyAMA0, the vpl011, with its
# interrupt), the command line (cmdline, else root= and extra as xl composes them), and
# /hypervisor in its tree exactly when the image has a dom0.
#
# Environment: BOOT_XEN (4.17, the default, or 4.20), ARMGUEST (default build/armguest),
# D0L_OUT (default build/dom0less-test[-RELEASE]), D0L_TIMEOUT (seconds per guest, default
# 300), QEMU (default qemu-system-aarch64), U_BOOT (default Debian's
# /usr/lib/u-boot/qemu_arm64/u-boot.bin).  Run one at a time on a machine: each case boots
# one QEMU.
set -uo pipefail
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)
cd "$top"
rel=${BOOT_XEN:-4.17}
case $rel in
4.17 | 4.20) ;;
*) echo "dom0less-test: BOOT_XEN=$rel: the rig boots Xen 4.17 or 4.20" >&2; exit 2 ;;
esac
ag=$(realpath -m "${ARMGUEST:-build/armguest}")
if [ "$rel" = 4.17 ]; then out=$(realpath -m "${D0L_OUT:-build/dom0less-test}")
else out=$(realpath -m "${D0L_OUT:-build/dom0less-test-$rel}"); fi
limit=${D0L_TIMEOUT:-300}
qemu=${QEMU:-qemu-system-aarch64}
cases=("$@")
[ ${#cases[@]} -gt 0 ] || cases=(v3 v2-dom0 direct)
for t in fdtget python3 "$qemu"; do
	command -v "$t" >/dev/null || { echo "dom0less-test: $t is missing (ci/install-deps.sh boot)" >&2; exit 2; }
done
[ -x "$ag" ] || { echo "dom0less-test: no armguest at $ag (make)" >&2; exit 2; }

# The release's Debian packages: Xen, the kernel, busybox (tests/boot/fetch.sh, cached).
# shellcheck source=ci/cache.sh
. "$top/ci/cache.sh"
# shellcheck source=tests/boot/fetch.sh
. "$here/fetch.sh"
cache=$(realpath -m "${BOOT_CACHE:-$(armguest_cache)/boot-$rel}")
mkdir -p "$cache"
fetch_boot_packages "$cache" "$rel" || exit 1
busybox=$tree/bin/busybox
[ -f "$busybox" ] || busybox=$tree/usr/bin/busybox
# shellcheck source=tests/boot/guest-lib.sh
. "$here/guest-lib.sh"
kimg=$(boot_kernel_image "$cache" "$tree/boot/vmlinuz-$kver")

rm -rf "$out" && mkdir -p "$out"
start=$(date +%s)
fails=0
summary=()
note() { # STATUS WHAT
	summary+=("$(printf '%-4s %s' "$1" "$2")")
	[ "$1" != FAIL ] || fails=$((fails + 1))
}

# The boot files, in one directory with the configs (their paths are relative to it).
files=$out/files
mkdir -p "$files"
cp "$kimg" "$files/Image"
cp examples/dom0less-*.cfg "$files/"
guest_initramfs "$busybox" "$here/dom0less-init.sh" "$out/guest-root" "$files/initrd.gz" ||
	{ echo "dom0less-test: cannot build the guests' initramfs" >&2; exit 2; }
cfgs=()
for c in "$files"/dom0less-*.cfg; do cfgs+=("$c"); done

# expect CFG: "<marker> <vcpus> <memory MiB> <command line>" from the config, as xl reads it:
# the command line is cmdline, else "root=ROOT EXTRA" (tools/xl/xl_parse.c: parse_config_data,
# stable-4.17).
expect() {
	"$ag" check --json --xen "$rel" "$1" | python3 -c '
import json, re, sys
s = json.load(sys.stdin)["settings"]
cmd = s.get("cmdline")
if cmd is None:
    parts = []
    if "root" in s: parts.append("root=" + s["root"])
    if "extra" in s: parts.append(s["extra"])
    cmd = " ".join(parts)
m = re.search(r"d0l\.marker=(\S+)", cmd).group(1)
print(m, s.get("vcpus", "1"), s.get("memory", "128"), cmd)'
}

# whole LINES: the guest's lines that Xen did not cut with another console's output (the
# guest prints each of them three times).
whole() { grep -v -e '(XEN)' -e 'DOM[0-9]*:' "$1"; }

# d0l_fdt MARKER LINES OUT: the guest's tree from its three numbered copies
# (dom0less-init.sh): each base64 line from a copy where it is whole (76 characters but the
# last), the most frequent such candidate, checked against the guest's own md5 sum.
d0l_fdt() {
	python3 - "$@" <<-'EOF'
		import base64, collections, hashlib, re, sys
		m, lines, out = sys.argv[1:]
		pat = re.compile(r"^D0L-FDT %s ([123]) ([0-9]+) ([A-Za-z0-9+/=]+)$" % re.escape(m))
		cands, want = collections.defaultdict(collections.Counter), None
		for l in open(lines, errors="replace"):
		    l = l.rstrip("\n")
		    s = re.match(r"^D0L-FDT-SUM %s ([0-9a-f]{32})$" % re.escape(m), l)
		    if s:
		        want = s.group(1)
		    g = pat.match(l)
		    if g:
		        cands[int(g.group(2))][g.group(3)] += 1
		if not cands or not want:
		    sys.exit(1)
		n = max(cands)
		text = ""
		for i in range(1, n + 1):
		    ok = [(c, v) for v, c in cands[i].items() if i == n or len(v) == 76]
		    if not ok:
		        sys.exit(1)
		    text += max(ok)[1]
		try:
		    blob = base64.b64decode(text, validate=True)
		except ValueError:
		    sys.exit(1)
		if hashlib.md5(blob).hexdigest() != want:
		    sys.exit(1)
		open(out, "wb").write(blob)
	EOF
}

# check_guest CASE LOG CFG DOM0: the guest of CFG reported what its config said.
check_guest() {
	local c=$1 log=$2 cfg=$3 dom0=$4 m vcpus mem cmd what fdt got mnode reg size
	read -r m vcpus mem cmd < <(expect "$cfg")
	what="$c/$(basename "$cfg" .cfg)"
	# The guest's lines, without Xen's prefix ("(XEN) DOMn: " on 4.17).
	tr -d '\r' <"$log" | sed -n 's/^.*\(D0L-[A-Z0-9-]* '"$m"'\b\)/\1/p' >"$out/$c-$m.lines"
	if ! grep -q "^D0L-DONE $m" "$out/$c-$m.lines"; then
		note FAIL "$what: the guest did not reach its init's end (see $log)"
		return
	fi
	fdt=$out/$c-$m.fdt
	d0l_fdt "$m" "$out/$c-$m.lines" "$fdt" ||
		note FAIL "$what: no copy of its tree came through whole (see $log)"
	got=$(whole "$out/$c-$m.lines" | sed -n "s/^D0L-GUEST $m up cpus=\([0-9]*\) memtotal_kb=[0-9]*$/\1/p" | head -n 1)
	[ "$got" = "$vcpus" ] && note ok "$what: $got vCPU(s) online" ||
		note FAIL "$what: $got vCPU(s) online, the config says $vcpus"
	got=$(fdtget -l "$fdt" /cpus 2>/dev/null | grep -c '^cpu@')
	[ "$got" = "$vcpus" ] && note ok "$what: $got cpu node(s) in its tree" ||
		note FAIL "$what: $got cpu node(s) in its tree, the config says $vcpus"
	mnode=$(fdtget -l "$fdt" / 2>/dev/null | grep -m1 '^memory@')
	reg=($(fdtget -t u "$fdt" "/$mnode" reg 2>/dev/null))
	size=$(( ${reg[2]:-0} * 4294967296 + ${reg[3]:-0} ))
	[ "$size" = $((mem << 20)) ] && note ok "$what: $mem MiB of RAM in its tree" ||
		note FAIL "$what: /$mnode is $size bytes, the config says $mem MiB"
	got=$(whole "$out/$c-$m.lines" | sed -n "s/^D0L-CMDLINE $m //p" | head -n 1)
	[ "$got" = "$cmd" ] && note ok "$what: command line \"$got\"" ||
		note FAIL "$what: command line \"$got\", the config says \"$cmd\""
	got=$(whole "$out/$c-$m.lines" | sed -n "s/^D0L-CONSOLE $m //p" | head -n 1)
	if [ "$got" = ttyAMA0 ] && grep -q "^D0L-IRQ $m .*uart-pl011" "$out/$c-$m.lines"; then
		note ok "$what: console ttyAMA0 (vuart = \"sbsa_uart\": the vpl011), its interrupt listed"
	else
		note FAIL "$what: console '$got', or no uart-pl011 in /proc/interrupts"
	fi
	if fdtget -l "$fdt" / 2>/dev/null | grep -q '^hypervisor$'; then got=1; else got=0; fi
	if [ "$got" = "$dom0" ]; then
		note ok "$what: /hypervisor $([ "$dom0" = 1 ] && echo present: xen,enhanced with a dom0 || echo absent: no dom0, no xen,enhanced)"
	else
		note FAIL "$what: /hypervisor present=$got, expected $dom0"
	fi
}

run_case() {
	local c=$1 d=$out/$1 dom0=0 rc secs low
	# (--expect: the init's last line; a guest with xen,enhanced may take long to power off,
	# its kernel waiting for a xenstore nobody runs)
	local args=(--xen "$rel" --via dom0less --timeout "$limit" --expect '^D0L-DONE ')
	case $c in
	v3) args+=(--gic v3 --no-dom0 --loader uboot) ;;
	v2-dom0) args+=(--gic v2 --dom0 --loader uboot) dom0=1 ;;
	direct) args+=(--gic v3 --no-dom0 --loader qemu) ;;
	*) note FAIL "unknown case $c"; return ;;
	esac
	rm -rf "$d"
	ARMGUEST_PROGRESS=1 QEMU=$qemu "$ag" qemu "${args[@]}" --keep "$d" --junit "$d/junit.xml" \
		"${cfgs[@]}" >"$d.out" 2>"$d.err"
	rc=$?
	# the last guest's verdict, seconds after Xen started them (JUnit's per-guest times)
	secs=$(sed -n 's/^<testcase .* time="\([0-9.]*\)".*/\1/p' "$d/junit.xml" 2>/dev/null | sort -n | tail -n 1)
	if [ "$rc" = 0 ] && [ "$(grep -c '<testcase ' "$d/junit.xml" 2>/dev/null)" = "${#cfgs[@]}" ] &&
		! grep -q '<failure' "$d/junit.xml"; then
		note ok "$c: armguest qemu ${args[*]}: exit 0, every guest passed"
	else
		note FAIL "$c: armguest qemu ${args[*]}: exit $rc (see $d.out, $d.err): $(grep -m 2 -e FAIL -e 'armguest qemu: ' "$d.out" "$d.err" | tr '\n' ' ')"
		[ -s "$d/serial-dom0less.log" ] || return
	fi
	log=$d/serial-dom0less.log
	if [ "$c" = direct ]; then
		low=$(sort "$d/dom0less/layout.txt" | head -n 1 | cut -d' ' -f1)
		[ "$low" = 0x50000000 ] && note ok "$c: the files are loaded from 0x50000000" ||
			note FAIL "$c: the lowest file is at $low, not 0x50000000"
		# the tree booted is the one `armguest dom0less --load-base 0x50000000` writes
		"$ag" dom0less --xen "$rel" --host-dtb "$d/dom0less/board.dtb" -o "$d/load-base.dtb" \
			--load-base 0x50000000 --xen-cmdline "$(fdtget "$d/dom0less/boot/host.dtb" /chosen xen,xen-bootargs)" \
			"${cfgs[@]}" >/dev/null 2>&1 &&
			cmp -s "$d/load-base.dtb" "$d/dom0less/boot/host.dtb" &&
			note ok "$c: the tree booted is armguest dom0less --load-base 0x50000000's, byte for byte" ||
			note FAIL "$c: armguest dom0less --load-base 0x50000000 writes another tree than the one booted"
	else
		grep -q '^load virtio 0:1 ' "$d/dom0less/boot.source" && [ -s "$d/dom0less/boot.scr" ] &&
			note ok "$c: U-Boot ran the boot.scr armguest dom0less wrote ($(grep -c '^load ' "$d/dom0less/boot.source") loads)" ||
			note FAIL "$c: no U-Boot script in $d/dom0less"
	fi
	if grep -q 'Xen dom0less mode detected' "$log"; then
		[ "$dom0" = 0 ] && note ok "$c: Xen booted in dom0less mode (no dom0)" ||
			note FAIL "$c: Xen says dom0less mode, but the image has a dom0"
	elif [ "$dom0" = 1 ]; then
		grep -q '@@DOM0-UP@@' "$log" && note ok "$c: dom0 up beside the boot-time guests" ||
			note FAIL "$c: dom0 did not come up"
	else
		note FAIL "$c: Xen did not boot in dom0less mode (see $log)"
	fi
	for cfg in "${cfgs[@]}"; do check_guest "$c" "$log" "$cfg" "$dom0"; done
	note info "$c: boot $(tr -d '\r' <"$d.err" | sed -n 's/.*Xen up.*(\([0-9]*\) s)$/\1/p' | head -n 1)s to Xen, the guests' verdicts within ${secs}s, QEMU TCG"
}

for c in "${cases[@]}"; do run_case "$c"; done
echo
echo "dom0less boot test, Xen $rel (armguest qemu --via dom0less; $(date +%s | awk -v s="$start" '{ print $1 - s }')s in all):"
printf '  %s\n' "${summary[@]}"
[ "$fails" = 0 ] && echo "dom0less-test: OK" || echo "dom0less-test: $fails check(s) failed"
[ "$fails" = 0 ]
