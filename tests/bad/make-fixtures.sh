#!/bin/bash
# Make the files the bad-input cases name, in the current directory (a
# scratch copy of tests/bad made by tests/t-bad-input.sh): boot files, the
# special files (a directory, a FIFO, a dangling symlink), the partial device
# trees (compiled from pdt-src/, then damaged byte by byte as each case says)
# and the inputs too big to commit.  usage: make-fixtures.sh REPO_ROOT
set -euo pipefail
root=$1

"$root/tests/lib/fake-files.sh" kernel "$root/tests/fixtures/linux-6.1.0-56-arm64.image" Image
"$root/tests/lib/fake-files.sh" ramdisk 987861 initrd
# 1 GiB + 1 byte, sparse: one byte over libxenguest's limit for each.
cp Image Image-too-big
truncate -s 1073741825 Image-too-big
"$root/tests/lib/fake-files.sh" ramdisk 1073741825 initrd-too-big
printf 'this is a text file, not a kernel\n' > notimage
: > empty.img
mkdir kerneldir
mkfifo kernel.fifo
ln -s no-such-target dangling
# The config itself as a FIFO, a directory and a dangling symlink.
mkfifo config-fifo.cfg
mkdir config-dir.cfg
ln -s no-such-config config-dangling.cfg

for s in pdt-src/*.dts; do
	dtc -q -I dts -O dtb -o "$(basename "$s" .dts).dtb" "$s"
done

python3 - <<'PY'
import os
import struct

valid = open("valid.dtb", "rb").read()
be = lambda b, off: struct.unpack_from(">I", b, off)[0]

def header_set(blob, field, value):
    """Overwrite one 32-bit header field (by its offset) of a copy."""
    b = bytearray(blob)
    struct.pack_into(">I", b, field, value)
    return bytes(b)

TOTALSIZE, OFF_STRUCT, OFF_STRINGS, OFF_RSV, VERSION, LAST_COMP = 4, 8, 12, 16, 20, 24

def first_prop(blob):
    """Offset of the first FDT_PROP tag of the structure block."""
    off = be(blob, OFF_STRUCT)
    while be(blob, off) != 3:
        tag = be(blob, off)
        off += 4
        if tag == 1:                      # FDT_BEGIN_NODE: name, NUL, pad
            end = blob.index(b"\0", off)
            off = (end + 1 + 3) & ~3
    return off

out = {}
# Not a device tree at all, and nothing at all.
out["pdt-not-fdt"] = b"/dts-v1/; / { passthrough { }; };\n"
out["pdt-empty"] = b""
# Cut in half: the header's totalsize claims more than the file has.
out["pdt-truncated"] = valid[: len(valid) // 2]
# The strings block starts past the end of the tree.
out["pdt-bad-strings-offset"] = header_set(valid, OFF_STRINGS, be(valid, TOTALSIZE) + 16)
# The first property's name offset points far outside the strings block.
p = first_prop(valid)
out["pdt-bad-nameoff"] = header_set(valid, p + 8, 0x7FFF0000)
# The first property's length is -12: libfdt 1.6.1 would step back onto the
# same tag for ever (a fuzzer finding, tests/regress/partial/).
out["pdt-prop-len-loop"] = header_set(valid, p + 4, 0xFFFFFFF4)
# Format version 14 (a fuzzer finding: libfdt 1.6.1 dereferences NULL).
out["pdt-version14"] = header_set(header_set(valid, VERSION, 14), LAST_COMP, 2)
# The structure block moved 2 bytes, off its 4-byte alignment.
s = be(valid, OFF_STRUCT)
mis = bytearray(valid[:s] + b"\0\0" + valid[s:])
for field in (OFF_STRUCT, OFF_STRINGS, TOTALSIZE):
    struct.pack_into(">I", mis, field, be(valid, field) + 2)
out["pdt-misaligned"] = bytes(mis)
# One byte more than the 1 MiB a partial tree may have.
out["pdt-too-big"] = valid + b"\0" * (1024 * 1024 + 1 - len(valid))
for name, data in out.items():
    open(name + ".dtb", "wb").write(data)

# 33 levels of nodes under the root: one more than the 32 accepted.
dts = "/dts-v1/;\n/ {\n passthrough {\n"
dts += "".join(" n%d {\n" % i for i in range(32)) + " };" * 32 + "\n };\n};\n"
open("pdt-deep.dts", "w").write(dts)

# A config one byte over the 1 MiB limit (a valid config padded by a comment).
head = b'name = "bad"\nkernel = "Image"\nmemory = 256\n# '
open("config-too-big.cfg", "wb").write(head + b"x" * (1024 * 1024 + 1 - len(head) - 1) + b"\n")
# A command line of 1046000 bytes and 128 vCPUs: the config is within its
# 1 MiB, but the guest tree would pass the 1 MiB it may have.
extra = "console=hvc0 " + "x" * (1046000 - 13)
open("cmdline-overflow.cfg", "w").write(
    'name = "bad"\nkernel = "Image"\nmemory = 256\nmaxvcpus = 128\nextra = "%s"\n' % extra)
# A kernel that starts like gzip but is not.
open("gzip-garbage.img", "wb").write(
    b"\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\x03" + b"not deflate data" * 4 + b"\x00\x10\x00\x00")
# The golden Image with a text_offset that puts it far past the first RAM
# bank (the fuzz_kernel finding, whose end wrapped past 2^64, needs a small
# file: tests/regress/kernel/ and tests/unit/test_layout.c have it).
image = bytearray(open("Image", "rb").read(64))
struct.pack_into("<Q", image, 8, 0xfffffffbfff00200)
with open("Image", "rb") as src, open("Image-huge-offset", "wb") as dst:
    dst.write(image)
    dst.truncate(os.path.getsize("Image"))
# A long line that is fine: a 512 KiB command line builds.
extra = "console=hvc0 " + "y" * (512 * 1024 - 13)
open("long-value-ok.cfg", "w").write(
    'name = "bad"\nkernel = "Image"\nmemory = 256\nextra = "%s"\n' % extra)
# What a real create refused only once the domain was built (issue 16): a
# 256-byte name (255 is accepted), more iomem ranges and IRQs than create's
# undo stack holds.
open("name-256-bytes.cfg", "w").write('name = "%s"\nkernel = "Image"\n' % ("n" * 256))
open("name-255-bytes.cfg", "w").write('name = "%s"\nkernel = "Image"\n' % ("n" * 255))
open("iomem-257-ranges.cfg", "w").write('name = "bad"\nkernel = "Image"\niomem = [ %s ]\n'
    % ", ".join('"%x,1"' % (0x10000 + i) for i in range(257)))
open("iomem-256-ranges.cfg", "w").write('name = "ok"\nkernel = "Image"\niomem = [ %s ]\n'
    % ", ".join('"%x,1"' % (0x10000 + i) for i in range(256)))
open("irqs-989.cfg", "w").write('name = "bad"\nkernel = "Image"\nirqs = [ %s ]\n'
    % ", ".join(str(32 + i) for i in range(989)))
open("dtdev-129.cfg", "w").write('name = "bad"\nkernel = "Image"\ndtdev = [ %s ]\n'
    % ", ".join('"/soc/d%d"' % i for i in range(129)))
PY
dtc -q -I dts -O dtb -o pdt-deep.dtb pdt-deep.dts
rm -f pdt-deep.dts
