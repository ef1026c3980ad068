#!/bin/bash
# The dom0less boot test: `armguest dom0less` describes examples/dom0less-*.cfg as boot-time
# guests in QEMU virt's own device tree, and Debian's Xen (4.17 on Debian 12's packages, 4.20
# on Debian 13's) boots them under QEMU, with no toolstack anywhere.
#
#   tests/boot/dom0less-test.sh [CASE...]      (`make dom0less-test` runs this)
#
# Cases (default: all three), one QEMU boot each serving both guests:
#   v3       GICv3 board, no dom0, U-Boot (Debian's u-boot-qemu) runs the boot.scr
#            `armguest dom0less --uboot-script` wrote, found on a FAT partition of a
#            virtio disk by U-Boot's standard boot scan;
#   v2-dom0  GICv2 board with a dom0 (Debian's kernel and a busybox initramfs), U-Boot as
#            above: the guests carry xen,enhanced;
#   direct   GICv3 board, no dom0, no bootloader: QEMU's -kernel (Xen) -dtb (the tree
#            `armguest dom0less --load-base 0x50000000` wrote) and one -device loader per
#            module at the address the tree gives it.
# Each guest's /init (dom0less-init.sh) prints, on its vpl011 console (which Xen shows as
# "(XEN) DOMn:" lines), a marker, its command line, its console, its device tree and
# /proc/interrupts.  The test checks, per guest, against what its config says: the vCPUs
# (online and in its tree), the memory (its tree's memory node), the console (ttyAMA0, the
# vpl011, with its interrupt), the command line (cmdline, else root= and extra as xl
# composes them), and /hypervisor in its tree exactly when the image has a dom0.
#
# Environment: BOOT_XEN (4.17, the default, or 4.20), ARMGUEST (default build/armguest),
# D0L_OUT (default build/dom0less-test[-RELEASE]), D0L_TIMEOUT (seconds per boot, default
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
uboot=${U_BOOT:-/usr/lib/u-boot/qemu_arm64/u-boot.bin}
cases=("$@")
[ ${#cases[@]} -gt 0 ] || cases=(v3 v2-dom0 direct)
for t in fdtget fdtput mformat mcopy python3 "$qemu"; do
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
xen=$tree/boot/xen-$rel-arm64
kimg=$tree/boot/vmlinuz-$kver
if [ "$(od -An -tx1 -N2 "$kimg" | tr -d ' ')" = 1f8b ]; then
	[ -f "$cache/Image" ] || gunzip -c "$kimg" >"$cache/Image"
	kimg=$cache/Image
fi

rm -rf "$out" && mkdir -p "$out"
start=$(date +%s)
fails=0
summary=()
note() { # STATUS WHAT
	summary+=("$(printf '%-4s %s' "$1" "$2")")
	[ "$1" != FAIL ] || fails=$((fails + 1))
}

# initramfs DIR INIT OUT: a busybox initramfs whose /init is INIT (fixed times and order).
initramfs() {
	rm -rf "$1" && mkdir -p "$1/bin" "$1/proc" "$1/sys" "$1/dev"
	cp "$busybox" "$1/bin/" && cp "$2" "$1/init" && chmod 755 "$1/init"
	find "$1" -exec touch -h -d @0 {} +
	(cd "$1" && find . | LC_ALL=C sort | cpio -o -H newc --quiet --reproducible | gzip -n -9) >"$3"
}

# The boot files, in one directory with the configs (their paths are relative to it).
files=$out/files
mkdir -p "$files"
cp "$kimg" "$files/Image"
cp "$xen" "$files/xen"
cp examples/dom0less-*.cfg "$files/"
initramfs "$out/guest-root" "$here/dom0less-init.sh" "$files/initrd.gz"
cat >"$out/dom0-init.sh" <<'EOF'
#!/bin/busybox sh
/bin/busybox --install -s /bin
mount -t proc proc /proc
echo "D0L-DOM0 up"
exec sleep 100000
EOF
initramfs "$out/dom0-root" "$out/dom0-init.sh" "$files/dom0-initrd.gz"
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

# host_tree GIC OUT [QEMU-ARGS...]: the board's tree, as QEMU builds it for the machine the
# case boots.  With firmware (-bios) QEMU's virt has no pl061 GPIO: a tree dumped without it
# gives dom0 a device that is not there (a synchronous external abort at boot).
host_tree() {
	local gic=$1 dtb=$2
	shift 2
	"$qemu" -machine "virt,virtualization=on,gic-version=$gic,dumpdtb=$dtb" -cpu cortex-a57 \
		-smp 2 -m 2048 -display none -nic none "$@" >/dev/null 2>&1
	[ -s "$dtb" ]
}

# boot LOG WANT QEMU-ARGS...: run QEMU until WANT lines of D0L-DONE/D0L-DOM0 appeared (then
# stop it: Xen runs on after its guests power off) or the time limit; prints the seconds.
boot() {
	local log=$1 want=$2 t0 pid n s0=$SECONDS
	shift 2
	t0=$(date +%s.%N)
	"$qemu" "$@" -display none -monitor none -serial "file:$log" -no-reboot </dev/null >"$log.qemu" 2>&1 &
	pid=$!
	while kill -0 "$pid" 2>/dev/null; do
		n=$(grep -a -c -e 'D0L-DONE' -e 'D0L-DOM0 up' "$log" 2>/dev/null)
		[ "${n:-0}" -ge "$want" ] && break
		grep -a -q -e 'end Kernel panic' -e 'Panic on CPU' "$log" 2>/dev/null && break
		[ $((SECONDS - s0)) -ge "$limit" ] && break
		sleep 0.5
	done
	kill "$pid" 2>/dev/null
	wait "$pid" 2>/dev/null
	echo "$(date +%s.%N) $t0" | awk '{ printf "%.1f", $1 - $2 }'
}

# fat_disk DIR IMG: a disk with an MBR and one bootable FAT partition holding DIR's files
# (U-Boot's standard boot scans virtio disks' bootable partitions for /boot.scr).
fat_disk() {
	local mb=$(( $(du -sm "$1" | cut -f1) + 32 ))
	rm -f "$2" && truncate -s "${mb}M" "$2"
	python3 - "$2" "$mb" <<'EOF'
import struct, sys
start, n = 2048, int(sys.argv[2]) * 2048 - 2048
with open(sys.argv[1], "r+b") as f:
    f.seek(446)
    f.write(struct.pack("<B3sB3sII", 0x80, b"\xfe\xff\xff", 0x0c, b"\xfe\xff\xff", start, n))
    f.write(b"\0" * 48 + b"\x55\xaa")
EOF
	mformat -i "$2@@1M" -F -v BOOT :: && mcopy -i "$2@@1M" "$1"/* ::
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
	local c=$1 gic=3 dom0=0 d=$out/$1 log args=() secs want
	case $c in
	v3 | direct) ;;
	v2-dom0) gic=2 dom0=1 ;;
	*) note FAIL "unknown case $c"; return ;;
	esac
	mkdir -p "$d"
	local fw=()
	[ "$c" = direct ] || fw=(-bios "$uboot")
	if ! host_tree "$gic" "$d/host.dtb" "${fw[@]}"; then
		note FAIL "$c: QEMU wrote no host tree"
		return
	fi
	local xen_args="console=dtuart dtuart=/pl011@9000000 loglvl=all guest_loglvl=all"
	args=(--host-dtb "$d/host.dtb" -o "$d/boot/host.dtb" --xen "$rel")
	[ "$dom0" = 1 ] && xen_args+=" dom0_mem=512M" &&
		args+=(--dom0-kernel "$files/Image" --dom0-ramdisk "$files/dom0-initrd.gz"
		       --dom0-cmdline "console=hvc0 rdinit=/init")
	args+=(--xen-cmdline "$xen_args")
	if [ "$c" = direct ]; then
		args+=(--load-base 0x50000000)
	else
		args+=(--xen-image "$files/xen" --uboot-script "$d/boot/boot.source")
	fi
	mkdir -p "$d/boot"
	if ! "$ag" dom0less "${args[@]}" "${cfgs[@]}" >"$d/layout.txt" 2>"$d/dom0less.err"; then
		note FAIL "$c: armguest dom0less failed: $(head -n 3 "$d/dom0less.err")"
		return
	fi
	note ok "$c: armguest dom0less wrote the tree ($(wc -l <"$d/layout.txt") files placed)"
	want=$(( ${#cfgs[@]} + dom0 ))
	log=$d/serial.log
	local machine=(-machine "virt,virtualization=on,gic-version=$gic" -cpu cortex-a57 -smp 2
		-m 2048 -nic none)
	if [ "$c" = direct ]; then
		local loaders=() addr size role path
		while read -r addr size role path; do
			[ "$role" = device-tree ] && continue
			loaders+=(-device "loader,file=$path,addr=$addr,force-raw=on")
		done <"$d/layout.txt"
		secs=$(boot "$log" "$want" "${machine[@]}" -kernel "$files/xen" -dtb "$d/boot/host.dtb" \
			"${loaders[@]}")
	else
		# The files the script loads, by their base names, beside boot.scr.
		local addr size role path
		while read -r addr size role path; do
			[ -f "$d/boot/$(basename "$path")" ] || cp "$path" "$d/boot/"
		done <"$d/layout.txt"
		fat_disk "$d/boot" "$d/disk.img" >/dev/null ||
			{ note FAIL "$c: cannot make the FAT disk"; return; }
		secs=$(boot "$log" "$want" "${machine[@]}" "${fw[@]}" \
			-drive "if=none,file=$d/disk.img,format=raw,id=boot" -device virtio-blk-device,drive=boot)
	fi
	if grep -q 'Xen dom0less mode detected' "$log"; then
		[ "$dom0" = 0 ] && note ok "$c: Xen booted in dom0less mode (no dom0)" ||
			note FAIL "$c: Xen says dom0less mode, but the image has a dom0"
	elif [ "$dom0" = 1 ]; then
		grep -q 'D0L-DOM0 up' "$log" && note ok "$c: dom0 up beside the boot-time guests" ||
			note FAIL "$c: dom0 did not come up"
	else
		note FAIL "$c: Xen did not boot in dom0less mode (see $log)"
	fi
	for cfg in "${cfgs[@]}"; do check_guest "$c" "$log" "$cfg" "$dom0"; done
	note info "$c: boot ${secs}s (QEMU TCG, until every guest powered off)"
}

for c in "${cases[@]}"; do run_case "$c"; done
echo
echo "dom0less boot test, Xen $rel (armguest dom0less; $(date +%s | awk -v s="$start" '{ print $1 - s }')s in all):"
printf '  %s\n' "${summary[@]}"
[ "$fails" = 0 ] && echo "dom0less-test: OK" || echo "dom0less-test: $fails check(s) failed"
[ "$fails" = 0 ]
