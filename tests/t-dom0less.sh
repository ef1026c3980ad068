#!/bin/bash
# armguest dom0less (docs/dom0less.md), offline, on a small board (tests/dom0less/host.dts):
#  * the edited tree's /chosen is tests/dom0less/expected-chosen.dts, and its properties are
#    what the configs say (fdtget: memory in KiB, cpus, vpl011, bootargs composed as xl does,
#    the p2m pool, no xen,enhanced without a dom0);
#  * every load address is 2 MiB aligned, in the host's RAM, at or above the load base, clear
#    of /memreserve/, of the module already in /chosen, of each other (with an Image's
#    image_size), and the reg of each module is its address and file size;
#  * a dom0 gives every guest xen,enhanced = "enabled" and puts its modules and command line
#    in /chosen; Xen's command line goes to /chosen/xen,xen-bootargs;
#  * the partial tree in dom0less form (xen,reg from iomem, xen,path from dtdev, the host
#    node's xen,passthrough), and the refusals that cannot be paired (iomem, dtdev, irqs);
#  * the U-Boot script and its mkimage'd boot.scr (byte-compared with mkimage when present);
#  * the type policy and limits of create (hvm refused, pv aliased or refused under --strict,
#    the vGICv2 vCPU limit from the host's GIC, maxmem > memory), and each key dom0less cannot
#    express as a warning at file:line:col naming it, an error under --exact;
#  * the dom0less key table covers every key armguest honours or calls a device, and
#    docs/dom0less.md's table is what it says.
set -u
cd "$(dirname "$0")/.."
root=$PWD
: "${ARMGUEST:=$root/build/armguest}"
: "${TESTBIN:=$root/build/tests}"
[ -x "$ARMGUEST" ] || { echo "no armguest binary at $ARMGUEST"; exit 77; }
command -v dtc >/dev/null && command -v fdtget >/dev/null || { echo "dtc/fdtget not installed"; exit 77; }

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
fail=0
bad() { echo "FAIL: $*"; fail=1; }
expect_eq() { # WHAT GOT WANT
	[ "$2" = "$3" ] || bad "$1: got '$2', want '$3'"
}

# The key table: complete, sorted, and the docs' copy of it.
"$TESTBIN/ag-keys" d0l-check || bad "the dom0less key table (ag-keys d0l-check)"
"$TESTBIN/ag-keys" d0l-md >"$work/table.md"
sed -n '/^<!-- Generated from xl-parse\/keys_dom0less.c/,/^$/p;/^| key | Xen 4.17 | Xen 4.20 | in dom0less |$/,/^$/p' \
	docs/dom0less.md | sed '/^$/d' >"$work/doc-table.md"
sed '/^$/d' "$work/table.md" | diff -u - "$work/doc-table.md" >"$work/table.diff" ||
	{ bad "docs/dom0less.md's key table differs from keys_dom0less.c (ag-keys d0l-md)"; head -20 "$work/table.diff"; }

cp tests/dom0less/*.cfg "$work/"
cd "$work"
"$root/tests/lib/fake-files.sh" kernel "$root/tests/fixtures/linux-6.1.0-56-arm64.image" Image || exit 1
"$root/tests/lib/fake-files.sh" ramdisk 987861 initrd || exit 1
dtc -q -I dts -O dtb -o host.dtb "$root/tests/dom0less/host.dts" || { echo "dtc cannot compile host.dts"; exit 77; }
dtc -q -I dts -O dtb -o partial.dtb "$root/tests/dom0less/partial.dts" || exit 77
cp Image xen   # any arm64 Image stands in for Xen's
kernel_size=$(stat -c %s Image)
image_size=$(od -An -t u8 -j 16 -N 8 Image | tr -d ' ')

# --- the tree -------------------------------------------------------------------------
"$ARMGUEST" dom0less --host-dtb host.dtb -o out.dtb one.cfg two.cfg pt.cfg >layout.txt 2>err.txt
expect_eq "dom0less exit status" "$?" 0
dtc -q -I dtb -O dts out.dtb | sed -n '/^\tchosen {/,/^\t};/p' >chosen.dts
# The expected text goes through this machine's dtc too: dtc 1.7 (Debian 13) prints string
# lists as "a", "b" where 1.6 (Debian 12), which wrote the file, printed "a\0b".
{ printf '/dts-v1/;\n/ {\n'; cat "$root/tests/dom0less/expected-chosen.dts"; printf '};\n'; } |
	dtc -q -I dts -O dtb | dtc -q -I dtb -O dts | sed -n '/^\tchosen {/,/^\t};/p' >expected.dts
[ -s expected.dts ] || bad "dtc cannot read tests/dom0less/expected-chosen.dts"
diff -u expected.dts chosen.dts >chosen.diff ||
	{ bad "/chosen differs from tests/dom0less/expected-chosen.dts"; head -40 chosen.diff; }
expect_eq "domU1 compatible" "$(fdtget -t s out.dtb /chosen/domU1 compatible)" "xen,domain"
expect_eq "domU1 memory (KiB)" "$(fdtget -t u out.dtb /chosen/domU1 memory)" "0 131072"
expect_eq "domU2 memory (KiB)" "$(fdtget -t u out.dtb /chosen/domU2 memory)" "0 262144"
expect_eq "domU1 cpus" "$(fdtget -t u out.dtb /chosen/domU1 cpus)" 1
expect_eq "domU2 cpus" "$(fdtget -t u out.dtb /chosen/domU2 cpus)" 2
fdtget out.dtb /chosen/domU1 vpl011 >/dev/null 2>&1 || bad "domU1 (vuart) has no vpl011"
fdtget out.dtb /chosen/domU2 vpl011 >/dev/null 2>&1 && bad "domU2 (no vuart) has vpl011"
expect_eq "domU2 p2m pool" "$(fdtget -t u out.dtb /chosen/domU2 xen,domain-p2m-mem-mb)" 10
for n in 1 2 3; do
	fdtget out.dtb /chosen/domU$n xen,enhanced >/dev/null 2>&1 && bad "domU$n has xen,enhanced without a dom0"
done
addr() { awk -v w="$1" '$3 == w { print $1 }' layout.txt; }
size() { awk -v w="$1" '$3 == w { print $2 }' layout.txt; }
k1=$(addr domU1-kernel)
expect_eq "domU1 kernel bootargs" "$(fdtget -t s out.dtb "/chosen/domU1/module@${k1#0x}" bootargs)" "console=ttyAMA0"
k2=$(addr domU2-kernel)
expect_eq "domU2 kernel bootargs (root + extra)" \
	"$(fdtget -t s out.dtb "/chosen/domU2/module@${k2#0x}" bootargs)" "root=/dev/ram0 console=ttyAMA0 quiet"
expect_eq "domU1 kernel reg" "$(fdtget -t x out.dtb "/chosen/domU1/module@${k1#0x}" reg)" \
	"$(printf '0 %x 0 %x' "$k1" "$kernel_size")"
r1=$(addr domU1-ramdisk)
expect_eq "domU1 ramdisk reg" "$(fdtget -t x out.dtb "/chosen/domU1/module@${r1#0x}" reg)" \
	"$(printf '0 %x 0 %x' "$r1" 987861)"
expect_eq "domU1 ramdisk compatible" "$(fdtget -t s out.dtb "/chosen/domU1/module@${r1#0x}" compatible)" \
	"multiboot,ramdisk multiboot,module"

# The placement rules, on the addresses printed (the tree's regs were checked above).
base=$((0x40000000 + (256 << 20)))
check_place() { # LAYOUT
	python3 -c "$place_py" "$base" "$image_size" <"$1" >place.txt || bad "placement of $1: $(cat place.txt)"
}
place_py=$(cat <<'EOF'
import sys
base, image_size = int(sys.argv[1]), int(sys.argv[2])
ram = [(0x40000000, 0x40000000), (0x100000000, 0x40000000)]
busy = [(0x50000000, 0x100000), (0x52000000, 0x300000)]   # /memreserve/, /chosen/module@52000000
files = []
for line in sys.stdin:
    a, s, what, path = line.split(None, 3)
    a, s = int(a, 16), int(s, 16)
    need = max(s, image_size) if what.endswith("kernel") or what == "xen" else s
    if what == "device-tree":
        need = 2 << 20
    files.append((what, a, need))
bad = []
for what, a, need in files:
    if a % (2 << 20): bad.append(f"{what} at {a:#x} is not 2 MiB aligned")
    if a < base: bad.append(f"{what} at {a:#x} is below the load base")
    if not any(b <= a and a + need <= b + n for b, n in ram): bad.append(f"{what} is not inside RAM")
    for b, n in busy:
        if a < b + n and b < a + need: bad.append(f"{what} at {a:#x} overlaps {b:#x}")
for i, (w1, a1, n1) in enumerate(files):
    for w2, a2, n2 in files[i + 1:]:
        if a1 < a2 + n2 and a2 < a1 + n1: bad.append(f"{w1} and {w2} overlap")
print("; ".join(bad))
sys.exit(1 if bad else 0)
EOF
)
check_place layout.txt
[ "$image_size" -gt "$kernel_size" ] || bad "the fixture kernel's image_size is not larger than the file: the test proves nothing"

# --load-base, past the first bank: the files go to the second one.
"$ARMGUEST" dom0less --host-dtb host.dtb -o hi.dtb --load-base 0x7e000000 one.cfg >hi.txt 2>/dev/null
expect_eq "load base near the end of bank 0: the kernel" "$(awk '$3 == "domU1-kernel" { print $1 }' hi.txt)" 0x100000000
expect_eq "--load-base not 2 MiB aligned is a usage error" \
	"$("$ARMGUEST" dom0less --host-dtb host.dtb -o x.dtb --load-base 0x50001000 one.cfg >/dev/null 2>&1; echo $?)" 2

# --- dom0, Xen's command line, the script -------------------------------------------------
mkdir -p boot
SOURCE_DATE_EPOCH=1700000000 "$ARMGUEST" dom0less --host-dtb host.dtb -o boot/img.dtb \
	--xen-image xen --xen-cmdline "console=dtuart loglvl=all" --dom0-kernel Image \
	--dom0-ramdisk initrd --dom0-cmdline "console=hvc0" --uboot-script boot/boot.source \
	--load-cmd "load mmc 0:1" one.cfg two.cfg >dom0.txt 2>dom0.err
expect_eq "dom0less with a dom0: exit status" "$?" 0
# Xen first: at the load base but for /memreserve/ and the module of the host's /chosen.
expect_eq "the first file is Xen" "$(head -n 1 dom0.txt | awk '{ print $1, $3 }')" "0x52400000 xen"
check_place dom0.txt
for n in 1 2; do
	expect_eq "domU$n xen,enhanced with a dom0" "$(fdtget -t s boot/img.dtb /chosen/domU$n xen,enhanced 2>&1)" enabled
done
expect_eq "xen,xen-bootargs" "$(fdtget -t s boot/img.dtb /chosen xen,xen-bootargs)" "console=dtuart loglvl=all"
expect_eq "xen,dom0-bootargs" "$(fdtget -t s boot/img.dtb /chosen xen,dom0-bootargs)" "console=hvc0"
d0=$(awk '$3 == "dom0-kernel" { print $1 }' dom0.txt)
expect_eq "dom0 kernel module" "$(fdtget -t s boot/img.dtb "/chosen/module@${d0#0x}" compatible)" \
	"multiboot,kernel multiboot,module"
# The script: one load per file, in the layout's order, then booti Xen - tree.
awk '{ n = split($4, p, "/"); printf "load mmc 0:1 %s %s\n", $1, p[n] }' dom0.txt >want.scr
xa=$(awk '$3 == "xen" { print $1 }' dom0.txt); ta=$(awk '$3 == "device-tree" { print $1 }' dom0.txt)
echo "booti $xa - $ta" >>want.scr
grep -v '^#' boot/boot.source | diff -u want.scr - || bad "the U-Boot script is not the loads and booti of the layout"
[ -f boot/boot.scr ] || bad "no boot.scr beside the script"
expect_eq "boot.scr magic" "$(od -An -tx1 -N4 boot/boot.scr | tr -d ' ')" 27051956
if command -v mkimage >/dev/null; then
	SOURCE_DATE_EPOCH=1700000000 mkimage -A arm64 -O linux -T script -C none -n "armguest dom0less" \
		-d boot/boot.source mk.scr >/dev/null
	cmp -s mk.scr boot/boot.scr || bad "boot.scr differs from mkimage's"
fi
"$ARMGUEST" dom0less --host-dtb host.dtb -o x.dtb --uboot-script s.txt one.cfg >/dev/null 2>&1
expect_eq "--uboot-script without --xen-image" "$?" 2

# --- passthrough in dom0less form -----------------------------------------------------------
g=out-guest3.dtb
expect_eq "xen,reg" "$(fdtget -t x $g /passthrough/dev@23000000 xen,reg)" "0 9100000 0 1000 0 23000000"
expect_eq "xen,path" "$(fdtget -t s $g /passthrough/dev@23000000 xen,path)" "/soc/dev@9100000"
fdtget out.dtb /soc/dev@9100000 xen,passthrough >/dev/null 2>&1 || bad "the host node has no xen,passthrough"
p3=$(awk '$3 == "domU3-partial-tree" { print $1 }' layout.txt)
expect_eq "domU3 device-tree module" "$(fdtget -t s out.dtb "/chosen/domU3/module@${p3#0x}" compatible)" \
	"multiboot,device-tree multiboot,module"
# iomem alone (no dtdev): MMIO with no device, as xl's iomem without dtdev.
sed '/^dtdev/d;/^irqs/d' pt.cfg >pt-mmio.cfg
"$ARMGUEST" dom0less --host-dtb host.dtb -o mmio.dtb pt-mmio.cfg >/dev/null 2>&1
fdtget mmio-guest1.dtb /passthrough/dev@23000000 xen,force-assign-without-iommu >/dev/null 2>&1 ||
	bad "iomem without dtdev: no xen,force-assign-without-iommu"

# refused: file:line:col and the key
refused() { # NAME KEY-LINE-PATTERN CFG [OPTIONS]
	local name=$1 pat=$2 cfg=$3
	shift 3
	"$ARMGUEST" dom0less --host-dtb host.dtb -o r.dtb "$@" "$cfg" >/dev/null 2>r.err
	local rc=$?
	[ "$rc" = 1 ] || bad "$name: exit $rc, want 1"
	grep -q -- "$pat" r.err || { bad "$name: no '$pat' in:"; cat r.err; }
}
sed 's/^irqs.*/irqs = [ 73 ]/' pt.cfg >pt-irq.cfg
refused "an irq no dtdev node has" "pt-irq.cfg:7:8: error: irq 73" pt-irq.cfg
sed 's/^iomem.*/iomem = [ "9100,1@24000" ]/' pt.cfg >pt-iomem.cfg
refused "an iomem range no partial node covers" "pt-iomem.cfg:5:9: error: iomem range 0" pt-iomem.cfg
sed 's|^dtdev.*|dtdev = [ "/soc" ]|' pt.cfg >pt-dtdev.cfg
refused "a dtdev with no reg" "pt-dtdev.cfg:6:9: error: dtdev /soc" pt-dtdev.cfg
sed '/^device_tree/d' pt.cfg >pt-nodt.cfg
refused "iomem without a partial tree" "pt-nodt.cfg:4:9: error: \`iomem'" pt-nodt.cfg

# --- the type policy, limits, keys dom0less cannot express ----------------------------------
printf 'type = "hvm"\n' | cat - one.cfg >hvm.cfg
refused "type = hvm" 'hvm.cfg:1:.*error' hvm.cfg
printf 'type = "pv"\n' | cat - one.cfg >pv.cfg
"$ARMGUEST" dom0less --host-dtb host.dtb -o pv.dtb pv.cfg >/dev/null 2>pv.err
expect_eq "type = pv: aliased" "$?" 0
refused "type = pv under --strict" 'pv.cfg:1:.*error' pv.cfg --strict
sed 's/^memory.*/memory = 128\nmaxmem = 256/' one.cfg >maxmem.cfg
refused "maxmem > memory" 'maxmem.cfg:.*error: maxmem' maxmem.cfg
sed 's/^vcpus.*/vcpus = 9/' one.cfg >nine.cfg
sed 's/arm,gic-v3/arm,cortex-a15-gic/' "$root/tests/dom0less/host.dts" | dtc -q -I dts -O dtb -o host-v2.dtb -
"$ARMGUEST" dom0less --host-dtb host-v2.dtb -o n.dtb nine.cfg >/dev/null 2>n.err
expect_eq "9 vCPUs on a GICv2 host: exit" "$?" 1
grep -q 'nine.cfg:5:.*error: 9 vCPUs' n.err || { bad "9 vCPUs on GICv2: not refused at vcpus"; cat n.err; }
"$ARMGUEST" dom0less --host-dtb host.dtb -o n.dtb nine.cfg >/dev/null 2>&1
expect_eq "9 vCPUs on a GICv3 host" "$?" 0

cat one.cfg - >lost.cfg <<'EOF'
gic_version = "v2"
disk = [ "phy:/dev/vg/d,xvda,w" ]
vpmu = 1
maxvcpus = 2
on_crash = "preserve"
EOF
"$ARMGUEST" dom0less --host-dtb host.dtb -o lost.dtb lost.cfg >/dev/null 2>lost.err
expect_eq "keys dom0less cannot express: still written" "$?" 0
for kl in gic_version:8 disk:9 vpmu:10 maxvcpus:11 on_crash:12; do
	k=${kl%:*} l=${kl#*:}
	grep -q "lost.cfg:$l:1: warning: \`$k' cannot be expressed in dom0less" lost.err ||
		{ bad "no warning at lost.cfg:$l for $k"; cat lost.err; }
done
"$ARMGUEST" dom0less --host-dtb host.dtb -o lost.dtb --exact lost.cfg >/dev/null 2>lost.err
expect_eq "--exact: exit" "$?" 1
expect_eq "--exact: one error per lost key" "$(grep -c 'error: .* cannot be expressed in dom0less' lost.err)" 5
sed 's/^gic_version.*/gic_version = "v3"/' lost.cfg >same-gic.cfg
"$ARMGUEST" dom0less --host-dtb host.dtb -o s.dtb same-gic.cfg >/dev/null 2>s.err
grep -q gic_version s.err && bad "gic_version = the host's: warned"
printf 'vnc = 1\n' | cat one.cfg - >vnc.cfg
refused "--exact: a key the main table warns about" 'vnc.cfg:8:1: error: `vnc' vnc.cfg --exact

# Properties by release: Xen reads the grant limits from 4.18 and passthrough from 4.19.
printf 'max_grant_frames = 32\npassthrough = "enabled"\n' | cat one.cfg - >grant.cfg
"$ARMGUEST" dom0less --xen 4.20 --host-dtb host.dtb -o g.dtb grant.cfg >/dev/null 2>g.err
expect_eq "4.20: max_grant_frames" "$(fdtget -t u g.dtb /chosen/domU1 max_grant_frames 2>&1)" 32
expect_eq "4.20: passthrough" "$(fdtget -t s g.dtb /chosen/domU1 passthrough 2>&1)" enabled
grep -q warning g.err && { bad "4.20: grant keys warned"; cat g.err; }
"$ARMGUEST" dom0less --xen 4.17 --host-dtb host.dtb -o g.dtb grant.cfg >/dev/null 2>g.err
fdtget g.dtb /chosen/domU1 max_grant_frames >/dev/null 2>&1 && bad "4.17: max_grant_frames written"
grep -q "grant.cfg:8:1: warning: \`max_grant_frames' cannot be expressed in dom0less (Xen 4.17)" g.err ||
	{ bad "4.17: max_grant_frames not warned"; cat g.err; }
grep -q "grant.cfg:9:1: warning: \`passthrough' cannot be expressed in dom0less (Xen 4.17)" g.err ||
	{ bad "4.17: passthrough not warned"; cat g.err; }

# 4.20's Arm keys: nr_spis, sve, llc-colors written; virtio lost; all refused by 4.17.
printf 'nr_spis = 64\nsve = 256\nllc_colors = [ "0-3", "8" ]\nvirtio = [ "type=virtio,device22,transport=mmio" ]\n' |
	cat one.cfg - >new420.cfg
"$ARMGUEST" dom0less --xen 4.20 --host-dtb host.dtb -o n.dtb new420.cfg >/dev/null 2>n.err
expect_eq "4.20 keys: exit" "$?" 0
expect_eq "4.20: nr_spis" "$(fdtget -t u n.dtb /chosen/domU1 nr_spis 2>&1)" 64
expect_eq "4.20: sve" "$(fdtget -t u n.dtb /chosen/domU1 sve 2>&1)" 256
expect_eq "4.20: llc-colors" "$(fdtget -t s n.dtb /chosen/domU1 llc-colors 2>&1)" "0-3,8"
grep -q "new420.cfg:11:1: warning: \`virtio' cannot be expressed in dom0less" n.err ||
	{ bad "4.20: virtio not warned"; cat n.err; }
"$ARMGUEST" dom0less --xen 4.17 --host-dtb host.dtb -o n.dtb new420.cfg >/dev/null 2>n.err
expect_eq "4.20 keys with --xen 4.17: exit" "$?" 1
expect_eq "4.20 keys with --xen 4.17: errors" "$(grep -c 'was added in Xen 4.' n.err)" 4

# --- the host tree ------------------------------------------------------------------------------
echo junk >junk.dtb
"$ARMGUEST" dom0less --host-dtb junk.dtb -o j.dtb one.cfg >/dev/null 2>j.err
expect_eq "a host tree that is not a tree: exit" "$?" 1
grep -q 'junk.dtb: error: the host tree is not a flattened device tree' j.err || { bad "junk host tree"; cat j.err; }

exit $fail
