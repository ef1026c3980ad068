#!/bin/bash
# armguest dtb as a command: options, exit codes, messages (file:line:col),
# atomic output, seed modes, the runtime-fact options, boot files (relative
# paths, gzip'd Image, partial device trees from tests/fdt/).
set -u
cd "$(dirname "$0")/.."
root=$PWD
BUILD=${BUILD:-build}
ARMGUEST=${ARMGUEST:-$root/$BUILD/armguest}
TESTBIN=${TESTBIN:-$root/$BUILD/tests}
for t in dtc gzip; do
	command -v $t >/dev/null || { echo "$t is not installed (ci/install-deps.sh)"; exit 77; }
done
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cd "$tmp"
pass=0 failures=0

ok() { pass=$((pass + 1)); }
bad() { echo "FAIL $test: $*"; failures=$((failures + 1)); }

# run EXPECTED_RC ARGS...: armguest dtb, stderr in $tmp/err.
run() {
	local want=$1 rc
	shift
	# Xen 4.17's trees and limits unless a test names a release (a later --xen wins).
	"$ARMGUEST" dtb --xen 4.17 "$@" 2>err >stdout
	rc=$?
	[ "$rc" = "$want" ] || { bad "exit $rc, expected $want: $(cat err)"; return 1; }
}

expect_err() { # exact stderr
	[ "$(cat err)" = "$1" ] || { bad "stderr was: $(cat err)"; return 1; }
}

dts_has() { # FILE TEXT: the dtc text contains TEXT
	dtc -q -I dtb -O dts "$1" 2>/dev/null | grep -qF -- "$2" || { bad "no '$2' in $1"; return 1; }
}

"$root/tests/lib/fake-files.sh" kernel "$root/tests/fixtures/linux-6.1.0-56-arm64.image" kernel
"$root/tests/lib/fake-files.sh" ramdisk 987861 ramdisk
# v3-basic with files relative to the config's directory
mkdir cfgdir
mv kernel ramdisk cfgdir/
cat > cfgdir/g.cfg <<'EOF'
name = "g"
kernel = "kernel"
ramdisk = "ramdisk"
extra = "console=hvc0 rdinit=/init"
memory = 256
vcpus = 2
EOF
golden=$root/tests/golden/v3-basic.dtb

test="relative paths from the config's directory give the golden tree"
run 0 cfgdir/g.cfg -o out.dtb --gic v3 && { cmp -s out.dtb "$golden" && ok || bad "differs from v3-basic.dtb"; }

test="the runtime-fact defaults are spelled out without changing the tree"
run 0 cfgdir/g.cfg -o out.dtb --gic v3 --xen 4.17 --arch arm64 --gpaddr-bits 40 \
	--clock-frequency 0 --rng-seed nop && { cmp -s out.dtb "$golden" && ok || bad "differs"; }

test="gpaddr-bits 44 (the oracle host's) gives the same tree"
run 0 cfgdir/g.cfg -o out.dtb --gic v3 --gpaddr-bits 44 && { cmp -s out.dtb "$golden" && ok || bad "differs"; }

test="a gzip'd Image is measured after gunzip"
gzip -c cfgdir/kernel > cfgdir/kernel.gz
sed 's/"kernel"/"kernel.gz"/' cfgdir/g.cfg > cfgdir/gz.cfg
run 0 cfgdir/gz.cfg -o out.dtb --gic v3 && { cmp -s out.dtb "$golden" && ok || bad "differs"; }

test="without gic_version or --gic the host decides: an error"
run 1 cfgdir/g.cfg -o out.dtb && expect_err "cfgdir/g.cfg: error: gic_version is not set: Xen gives the guest the host's GIC, which armguest dtb cannot see; pass --gic v2 or --gic v3 (the host's GIC), or set gic_version = \"v2\" or \"v3\" in the config" && ok

test="gic_version in the config wins over --gic, with a warning"
{ cat cfgdir/g.cfg; echo 'gic_version = "v3"'; } > cfgdir/v3.cfg
run 0 cfgdir/v3.cfg -o out.dtb --gic v2 &&
	expect_err 'cfgdir/v3.cfg:7:15: warning: gic_version = v3 overrides --gic v2' &&
	{ cmp -s out.dtb "$golden" && ok || bad "not the v3 tree"; }

test="--gic v2 gives the GICv2 tree"
run 0 cfgdir/g.cfg -o out.dtb --gic v2 &&
	{ cmp -s out.dtb "$root/tests/golden/v2-basic.dtb" && ok || bad "differs from v2-basic.dtb"; }

test="a kernel that is not an arm64 Image is refused at its line"
sed 's/^kernel = "kernel"/kernel = "ramdisk"/' cfgdir/g.cfg > cfgdir/notimage.cfg
run 1 cfgdir/notimage.cfg -o out.dtb --gic v3 &&
	expect_err 'cfgdir/notimage.cfg:2:10: error: cfgdir/ramdisk: kernel is not an arm64 Image' && ok

test="a failed run leaves an existing output untouched"
echo precious > keep.dtb
run 1 cfgdir/notimage.cfg -o keep.dtb --gic v3 && { [ "$(cat keep.dtb)" = precious ] && ok || bad "keep.dtb changed"; }

test="a failed run creates no output file and no temporary"
rm -f out.dtb
run 1 cfgdir/notimage.cfg -o out.dtb --gic v3 &&
	{ [ -z "$(ls | grep -E '^out\.dtb')" ] && ok || bad "left: $(ls | grep out)"; }

test="an unwritable output is an I/O error (exit 2)"
run 2 cfgdir/g.cfg -o nodir/out.dtb --gic v3 &&
	expect_err 'nodir/out.dtb: error: cannot write the tree: No such file or directory' && ok

test="9 vCPUs on vGICv2 are refused at the vcpus line"
sed 's/^vcpus = 2/vcpus = 9/' cfgdir/g.cfg > cfgdir/nine.cfg
run 1 cfgdir/nine.cfg -o out.dtb --gic v2 &&
	grep -qx 'cfgdir/nine.cfg:6:9: error: 9 vCPUs: a vGICv2 guest has at most 8 on Xen 4.17' err && ok ||
	bad "$(cat err)"

test="--rng-seed none writes no rng-seed"
run 0 cfgdir/g.cfg -o none.dtb --gic v3 --rng-seed none &&
	{ dtc -q -I dtb -O dts none.dtb | grep -q rng-seed && bad "rng-seed present" || ok; }

test="--rng-seed random: fresh bytes each time, NOPed they give the guest's tree"
run 0 cfgdir/g.cfg -o r1.dtb --gic v3 --rng-seed random &&
	run 0 cfgdir/g.cfg -o r2.dtb --gic v3 --rng-seed random && {
	s1=$("$TESTBIN/fdt-get-seed" r1.dtb) s2=$("$TESTBIN/fdt-get-seed" r2.dtb)
	"$TESTBIN/fdt-nop-seed" r1.dtb r1-nop.dtb
	if [ "$s1" = "$s2" ]; then bad "same seed twice"
	elif ! cmp -s r1-nop.dtb "$golden"; then bad "NOPed differs from the golden"
	else ok; fi
}

test="--rng-seed hex pins the seed"
seed=$(printf '%02x' $(seq 255 -1 128))
run 0 cfgdir/g.cfg -o hex.dtb --gic v3 --rng-seed "hex:$seed" &&
	{ [ "$("$TESTBIN/fdt-get-seed" hex.dtb)" = "$seed" ] && ok || bad "seed not kept"; }

test="--clock-frequency adds the timer's clock-frequency"
run 0 cfgdir/g.cfg -o clk.dtb --gic v3 --clock-frequency 62500000 &&
	dts_has clk.dtb 'clock-frequency = <0x3b9aca0>;' && ok

test="--gpaddr-bits 36 cuts the bank 1 extended region"
run 0 cfgdir/g.cfg -o ipa.dtb --gic v3 --gpaddr-bits 36 &&
	dts_has ipa.dtb 'reg = <0x00 0x38000000 0x00 0x1000000 0x00 0x50000000 0x00 0xb0000000 0x02 0x00 0x0e 0x00>;' && ok

test="a partial device tree's /passthrough and /aliases are appended"
dtc -q -I dts -O dtb -o cfgdir/good.dtb "$root/tests/fdt/partial-good.dts"
{ cat cfgdir/g.cfg; echo 'device_tree = "good.dtb"'; } > cfgdir/pt.cfg
run 0 cfgdir/pt.cfg -o pt.dtb --gic v3 &&
	dts_has pt.dtb 'ethernet@10000000 {' && dts_has pt.dtb 'net = "/passthrough/ethernet@10000000";' && ok

test="a partial tree claiming the GIC's phandle is refused"
dtc -q -I dts -O dtb -o cfgdir/gic.dtb "$root/tests/fdt/partial-gic-phandle.dts"
{ cat cfgdir/g.cfg; echo 'device_tree = "gic.dtb"'; } > cfgdir/ptgic.cfg
run 1 cfgdir/ptgic.cfg -o out.dtb --gic v3 &&
	expect_err 'cfgdir/ptgic.cfg:7:15: error: cfgdir/gic.dtb: partial device tree: node "/passthrough/fake-gic" has phandle 65000, which the toolstack reserves for the GIC; use another value' && ok

test="a partial tree without /passthrough is refused"
dtc -q -I dts -O dtb -o cfgdir/nopt.dtb "$root/tests/fdt/partial-no-passthrough.dts"
{ cat cfgdir/g.cfg; echo 'device_tree = "nopt.dtb"'; } > cfgdir/nopt.cfg
run 1 cfgdir/nopt.cfg -o out.dtb --gic v3 &&
	expect_err 'cfgdir/nopt.cfg:7:15: error: cfgdir/nopt.dtb: Can'"'"'t copy the node "/passthrough" from the partial FDT: the node found is "/passthrough@0"; it must be named exactly "passthrough"' && ok

test="a file that is no device tree is refused as libxl refuses it"
{ cat cfgdir/g.cfg; echo 'device_tree = "g.cfg"'; } > cfgdir/junk.cfg
run 1 cfgdir/junk.cfg -o out.dtb --gic v3 &&
	expect_err 'cfgdir/junk.cfg:7:15: error: cfgdir/g.cfg: Partial FDT is not a valid Flat Device Tree' && ok

test="a tree over 1 MiB is an error, not a truncated tree"
{
	echo '/dts-v1/; / { passthrough { big = "'
	head -c 1047000 /dev/zero | tr '\0' x
	echo '"; }; };'
} > big.dts
dtc -q -I dts -O dtb -o cfgdir/big.dtb big.dts
{ cat cfgdir/g.cfg; echo 'device_tree = "big.dtb"'; } > cfgdir/big.cfg
run 1 cfgdir/big.cfg -o out.dtb --gic v3 &&
	expect_err "cfgdir/big.cfg:7:15: error: cfgdir/big.dtb: the device tree does not fit in 1048576 bytes (Xen 4.17's limit), at the partial device tree's nodes: the partial device tree alone is 1047112 bytes" &&
	{ [ ! -e out.dtb ] && ok || bad "output written"; }

test="acpi = 1 adds module@20000000 with the tables' length"
{ sed 's/^vcpus = 2/vcpus = 1/' cfgdir/g.cfg; echo 'acpi = 1'; } > cfgdir/acpi.cfg
run 0 cfgdir/acpi.cfg -o acpi.dtb --gic v3 && dts_has acpi.dtb 'reg = <0x00 0x20000000 0x00 0x1430>;' && ok

test="--strict refuses type = \"pv\""
{ cat cfgdir/g.cfg; echo 'type = "pv"'; } > cfgdir/pv.cfg
run 1 cfgdir/pv.cfg -o out.dtb --gic v3 --strict && grep -q '^cfgdir/pv.cfg:7:8: error: ' err && ok ||
	bad "$(cat err)"

test="--help prints the usage"
run 0 --help && { grep -q '^usage: armguest dtb CFG -o OUT.dtb' stdout && ok || bad "no usage"; }

test="usage errors exit 2"
for args in "" "cfgdir/g.cfg" "cfgdir/g.cfg -o o.dtb --gic v4" "cfgdir/g.cfg -o o.dtb --xen 4.18" \
	    "cfgdir/g.cfg -o o.dtb --arch x86_64" "cfgdir/g.cfg -o o.dtb --rng-seed hex:00" \
	    "cfgdir/g.cfg -o o.dtb --rng-seed sometimes" "cfgdir/g.cfg -o o.dtb --gpaddr-bits 0" \
	    "cfgdir/g.cfg -o o.dtb --gpaddr-bits 65" "cfgdir/g.cfg -o o.dtb --clock-frequency -1" \
	    "cfgdir/g.cfg cfgdir/g.cfg -o o.dtb" "cfgdir/g.cfg -o o.dtb --bogus" "cfgdir/g.cfg -o"; do
	# shellcheck disable=SC2086
	run 2 $args || continue
	grep -q "Try 'armguest dtb --help'" err || { bad "[$args] no hint: $(cat err)"; continue; }
	ok
done
[ -e o.dtb ] && bad "usage error wrote o.dtb"

test="--xen 4.18 names the supported versions"
run 2 cfgdir/g.cfg -o o.dtb --xen 4.18 &&
	grep -qx 'armguest dtb: --xen: Xen 4.18 is not supported (supported: 4.17, 4.20)' err && ok || bad "$(cat err)"

# --- releases ------------------------------------------------------------------
# libxl 4.20 writes 4.17's tree but for the three version strings (same length: no offset moves).
to420() { perl -0777 -pe 's/(XENVM-|xen,xenvm-|xen,xen-)4\.17\0/${1}4.20\0/g' "$1" > "$2"; }
test="--xen 4.20: 4.17's tree with 4.20's version strings"
run 0 cfgdir/g.cfg -o r417.dtb --gic v3 && run 0 cfgdir/g.cfg -o r420.dtb --gic v3 --xen 4.20 && {
	to420 r417.dtb want420.dtb
	[ "$(cmp -l r417.dtb r420.dtb | wc -l)" = 6 ] && cmp -s r420.dtb want420.dtb && ok ||
		bad "$(cmp -l r417.dtb r420.dtb | head -n 8)"
}
test="--xen 4.20 in the limits' messages"
run 1 cfgdir/nine.cfg -o o.dtb --gic v2 --xen 4.20 &&
	grep -qx 'cfgdir/nine.cfg:6:9: error: 9 vCPUs: a vGICv2 guest has at most 8 on Xen 4.20' err && ok ||
	bad "$(cat err)"
# Without --xen: the release the binary is built for, the newest in a build without Xen.
test="the default release is the built one"
built=$("$ARMGUEST" --version | sed -n 's/^armguest [^ ]* (Xen \(.*\))$/\1/p; s/^armguest [^ ]* (no Xen)$/4.20/p')
"$ARMGUEST" dtb cfgdir/g.cfg -o rdef.dtb --gic v3 2>err && [ -n "$built" ] &&
	dtc -q -I dtb -O dts rdef.dtb | grep -qF "model = \"XENVM-$built\";" && ok ||
	bad "built for '$built': $(cat err)"

echo "$pass passed, $failures failed"
[ "$failures" = 0 ]
