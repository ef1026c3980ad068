#!/bin/bash
# End-to-end tests of `armguest check`: the golden configs' verdicts and
# messages, bad inputs, exit codes, and the --json output (read back with
# python3's json module and compared field by field).
# Environment (tests/run.sh): ARMGUEST = the binary.
set -u
cd "$(dirname "$0")/.."
root=$PWD
: "${ARMGUEST:=$root/build/armguest}"
[ -x "$ARMGUEST" ] || { echo "no armguest binary at $ARMGUEST"; exit 77; }
command -v python3 >/dev/null || { echo "python3 is not installed"; exit 77; }

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
fail=0

bad() { echo "FAIL: $*"; fail=1; }

# run NAME EXPECTED_RC ARGS...: runs check in $work, keeps stdout/stderr.
run() {
	local name=$1 want=$2; shift 2
	# Xen 4.17's limits and messages unless a test names a release (a later --xen wins).
	(cd "$work" && timeout 20 "$ARMGUEST" check --xen 4.17 "$@" >"$work/out" 2>"$work/err")
	local rc=$?
	[ "$rc" = "$want" ] || { bad "$name: exit $rc, expected $want"; sed 's/^/    /' "$work/err"; }
}
# has NAME FILE TEXT: FILE (out/err) contains the exact line TEXT.
has() {
	grep -qxF -- "$3" "$work/$2" || { bad "$1: missing line in $2: $3"; sed 's/^/    /' "$work/$2"; }
}
empty() {
	[ ! -s "$work/$2" ] || { bad "$1: $2 not empty"; sed 's/^/    /' "$work/$2"; }
}

# Boot files: the golden kernel's header at its real size, and a ramdisk.
tests/lib/fake-files.sh kernel tests/fixtures/linux-6.1.0-56-arm64.image "$work/Image" || exit 1
tests/lib/fake-files.sh ramdisk 987861 "$work/initrd" || exit 1
for cfg in tests/golden/*.cfg; do
	sed -e 's|@KERNEL@|Image|' -e 's|@RAMDISK@|initrd|' "$cfg" >"$work/$(basename "$cfg")"
done

# --- the goldens: what the real xl 4.17 did, said before creation -----------
HVM='v3-hvm.cfg:2:8: error: type = "hvm" cannot work on Arm: Arm guests have no device model and no hvmloader (xl 4.17 accepts it, creates the domain, then fails looking for hvmloader); write type = "pvh"'
MAXMEM='v3-maxmem.cfg:6:10: error: maxmem (384 MiB) is more than memory (256 MiB): xl 4.17 caps the domain at memory, but the Arm builder populates maxmem and Arm has no populate-on-demand, so creation fails late with "can'"'"'t allocate low memory"; remove maxmem or make it equal to memory'
PVNOTE='v3-pv-alias.cfg:3:8: note: type = "pv": Arm has no PV guests, so this guest is built as PVH, exactly as xl 4.17 does; write type = "pvh"'
PVSTRICT='v3-pv-alias.cfg:3:8: error: type = "pv" is refused with --strict: Arm has no PV guests (xl 4.17 quietly builds them as PVH); write type = "pvh"'

for g in v2-basic v3-basic v3-maxvcpus v3-vuart; do
	run "$g" 0 "$g.cfg"
	empty "$g" err
	empty "$g" out
done
run v3-hvm 1 v3-hvm.cfg
has v3-hvm err "$HVM"
[ "$(wc -l <"$work/err")" = 1 ] || bad "v3-hvm: expected exactly one diagnostic"
run v3-maxmem 1 v3-maxmem.cfg
has v3-maxmem err "$MAXMEM"
[ "$(wc -l <"$work/err")" = 1 ] || bad "v3-maxmem: expected exactly one diagnostic"
run v3-pv-alias 0 v3-pv-alias.cfg
has v3-pv-alias err "$PVNOTE"
run v3-pv-alias-strict 1 --strict v3-pv-alias.cfg
has v3-pv-alias-strict err "$PVSTRICT"
run all-goldens 1 v2-basic.cfg v3-basic.cfg v3-hvm.cfg v3-maxmem.cfg v3-maxvcpus.cfg v3-pv-alias.cfg v3-vuart.cfg
has all-goldens err "$HVM"
has all-goldens err "$MAXMEM"
# x86_64, for comparison: HVM is a valid type there.
run x86-hvm 0 --arch x86_64 v3-hvm.cfg
empty x86-hvm err

# --- usage and I/O ------------------------------------------------------------
run no-file 2
has no-file err "armguest check: no config file given"
run bad-arch 2 --arch mips v2-basic.cfg
has bad-arch err "armguest check: unknown architecture 'mips' (use arm64, arm32 or x86_64)"
run arch-needs-arg 2 v2-basic.cfg --arch
has arch-needs-arg err "armguest check: option '--arch' needs an argument"
run unknown-option 2 --frobnicate v2-basic.cfg
has unknown-option err "armguest check: unknown option '--frobnicate'"
run bad-xen 2 --xen 4.19 v2-basic.cfg
has bad-xen err "armguest check: --xen: Xen 4.19 is not supported (supported: 4.17, 4.20)"
run xen-420-limits 1 --xen 4.20 v3-hvm.cfg
# The same refusal, saying what xl 4.20 does instead (it aborts: SIGABRT).
has xen-420-limits err "${HVM/xl 4.17 accepts it, creates the domain, then fails looking for hvmloader/xl 4.20 aborts on it: an assertion in libxl fails (SIGABRT) before any domain exists}"
run help 0 --help
has help out "usage: armguest check FILE... [--arch A] [--xen VERSION] [--strict] [--json] [--no-files]"
empty help err
run missing 2 nosuch.cfg
grep -q '^nosuch.cfg: error: ' "$work/err" || bad "missing: no error naming the file"
run missing-wins 2 v2-basic.cfg nosuch.cfg v3-hvm.cfg
has missing-wins err "$HVM"
run options-after-files 1 v3-pv-alias.cfg --strict
has options-after-files err "$PVSTRICT"

# --- bad configs ----------------------------------------------------------------
cat >"$work/nokernel.cfg" <<'EOF'
name = "g"
kernel = "vmlinuz-missing"
memory = 64
EOF
run missing-kernel 1 nokernel.cfg
has missing-kernel err "nokernel.cfg:2:10: error: cannot open kernel \"vmlinuz-missing\": No such file or directory"

mkdir "$work/sub"
cp "$work/v2-basic.cfg" "$work/sub/rel.cfg"
run relative-to-config-dir 1 sub/rel.cfg
has relative-to-config-dir err "sub/rel.cfg:2:10: error: cannot open kernel \"Image\" (\"sub/Image\"): No such file or directory"

mkfifo "$work/fifo"
printf 'name = "g"\nkernel = "fifo"\n' >"$work/fifo.cfg"
run fifo-kernel 1 fifo.cfg
has fifo-kernel err "fifo.cfg:2:10: error: kernel \"fifo\" is a FIFO, not a regular file"

cat >"$work/many.cfg" <<'EOF'
name = "many"
kernel = "Image"
memory = "abc"
vcpus = 16
gic_version = "v2"
vuart = "pl011"
irqs = [ 31 ]
memroy = 256
viridian = 1
EOF
run many-errors 1 many.cfg
has many-errors err "many.cfg:3:10: error: parameter \`memory' is not a valid number"
has many-errors err "many.cfg:4:9: error: vcpus = 16 is more than GICv2 allows (8 vCPUs): Xen refuses to create the domain; use at most 8 vCPUs or gic_version = \"v3\""
has many-errors err "many.cfg:6:9: error: invalid value \"pl011\" for \"vuart\": the only vuart is \"sbsa_uart\""
has many-errors err "many.cfg:7:10: error: irq 31 cannot be routed to an Arm guest: only SPIs (32 and up) can be, and Xen refuses the rest (\"IRQ can only be routed to an SPI\")"
has many-errors err "many.cfg:8:1: warning: unknown key \`memroy' (did you mean \`memory'?)"
has many-errors err "many.cfg:9:1: note: \`viridian' has no effect on Arm (x86 only)"
[ "$(wc -l <"$work/err")" = 6 ] || bad "many-errors: expected 6 diagnostics"
# In file order.
[ "$(cut -d: -f2 "$work/err" | tr '\n' ' ')" = "3 4 6 7 8 9 " ] || bad "many-errors: not in file order"

printf 'name = "g"\nkernel = "Image"\nmemory = \n' >"$work/syntax.cfg"
run syntax-error 1 syntax.cfg
grep -q '^syntax.cfg:3' "$work/err" || bad "syntax-error: no diagnostic on line 3"

printf 'name = "g"\nkernel = "Image"\ncolour = "blue"\n' >"$work/unknown.cfg"
run unknown-key 0 unknown.cfg
has unknown-key err "unknown.cfg:3:1: warning: unknown key \`colour'"

# --- JSON -------------------------------------------------------------------------
cat >"$work/json.cfg" <<'EOF'
name = "j"
type = "pv"
kernel = "Image"
memory = 0x100
disk = [ "phy:/dev/vg/j,xvda,w", "file:/j.img,xvdb,r" ]
memory = 128
EOF
run json-one 0 --json json.cfg
empty json-one err
python3 - "$work/out" <<'EOF' || bad "json-one: wrong JSON"
import json, sys
r = json.load(open(sys.argv[1]))
assert list(r) == ["file", "ok", "type", "settings", "diagnostics"], list(r)
assert r["file"] == "json.cfg"
assert r["ok"] is True
assert r["type"] == "pvh"
assert r["settings"] == {
    "name": "j", "type": "pv", "kernel": "Image", "memory": "128",
    "disk": ["phy:/dev/vg/j,xvda,w", "file:/j.img,xvdb,r"],
}, r["settings"]
assert list(r["settings"]) == ["name", "type", "kernel", "memory", "disk"]
nobackend = ('would not be created: armguest runs no disk back end; '
             'armguest create refuses it unless --without-devices')
assert r["diagnostics"] == [{
    "severity": "note", "line": 2, "column": 8, "key": "type",
    "message": 'type = "pv": Arm has no PV guests, so this guest is built as '
               'PVH, exactly as xl 4.17 does; write type = "pvh"',
}, {
    "severity": "warning", "line": 5, "column": 10, "key": "disk",
    "message": 'disk device "phy:/dev/vg/j,xvda,w" ' + nobackend,
}, {
    "severity": "warning", "line": 5, "column": 34, "key": "disk",
    "message": 'disk device "file:/j.img,xvdb,r" ' + nobackend,
}], r["diagnostics"]
EOF

run json-many 2 --json v3-hvm.cfg syntax.cfg nosuch.cfg v3-maxvcpus.cfg nokernel.cfg
python3 - "$work/out" <<'EOF' || bad "json-many: wrong JSON"
import json, sys
rs = json.load(open(sys.argv[1]))
assert [r["file"] for r in rs] == ["v3-hvm.cfg", "syntax.cfg", "nosuch.cfg",
                                   "v3-maxvcpus.cfg", "nokernel.cfg"]
hvm, syn, nos, mv, nok = rs
assert hvm["ok"] is False and hvm["type"] is None
assert hvm["settings"]["type"] == "hvm" and hvm["settings"]["vcpus"] == "1"
assert [d["severity"] for d in hvm["diagnostics"]] == ["error"]
assert (hvm["diagnostics"][0]["line"], hvm["diagnostics"][0]["column"],
        hvm["diagnostics"][0]["key"]) == (2, 8, "type")
assert syn["ok"] is False and syn["settings"] is None and syn["type"] is None
assert syn["diagnostics"] and syn["diagnostics"][0]["severity"] == "error"
assert nos["ok"] is False and nos["settings"] is None and nos["type"] is None
assert nos["diagnostics"][0]["line"] is None
assert mv == {"file": "v3-maxvcpus.cfg", "ok": True, "type": "pvh",
              "settings": {"name": "v3-maxvcpus", "kernel": "Image",
                           "ramdisk": "initrd",
                           "cmdline": "console=hvc0 rdinit=/init",
                           "memory": "256", "vcpus": "2", "maxvcpus": "4"},
              "diagnostics": []}, mv
assert nok["ok"] is False and nok["type"] == "pvh"
assert nok["diagnostics"] == [{
    "severity": "error", "line": 2, "column": 10, "key": "kernel",
    "message": 'cannot open kernel "vmlinuz-missing": '
               'No such file or directory'}], nok["diagnostics"]
EOF

printf 'name = "caf\xe9"\nkernel = "Image"\n' >"$work/latin1.cfg"
run json-bytes 0 --json latin1.cfg
python3 - "$work/out" <<'EOF' || bad "json-bytes: wrong JSON"
import json, sys
r = json.load(open(sys.argv[1], encoding="utf-8"))
assert r["settings"]["name"] == "caf\ufffd", r["settings"]["name"]
EOF

# --no-files: the config alone, for linting away from the guest's host.
printf 'name = "g"\nkernel = "/nonexistent/Image"\nramdisk = "gone.gz"\n' >"$work/nofiles.cfg"
run no-files 0 --no-files nofiles.cfg
empty no-files err
run files-checked 1 nofiles.cfg
has files-checked err 'nofiles.cfg:2:10: error: cannot open kernel "/nonexistent/Image": No such file or directory'

exit $fail
