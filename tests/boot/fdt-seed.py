#!/usr/bin/env python3
"""/chosen/rng-seed in a flattened device tree, found by walking the structure block.

usage: fdt-seed.py nop|mask IN OUT

  nop   OUT = IN with the whole rng-seed property (its 12-byte header and its data)
        overwritten by FDT_NOP tokens: what Linux's fdt_nop_property() leaves in the tree
        the guest reads back.
  mask  OUT = IN with the seed's data bytes zeroed: two of libxl's blobs that differ only in
        their random seed become identical.

Exit 1 (OUT not written) when /chosen has no rng-seed.  libfdt's own look-up is not used on
purpose: it stops at /chosen's first subnode, and with acpi = 1 libxl writes the seed after
the module@20000000 subnode (tests/golden/README.md), so libfdt would not find it.
"""
import struct
import sys

FDT_MAGIC = 0xD00DFEED
BEGIN_NODE, END_NODE, PROP, NOP, END = 1, 2, 3, 4, 9


def find_seed(blob):
    """(offset of the property's header, data length) of /chosen/rng-seed, or None."""
    if len(blob) < 40:
        raise ValueError("too short for a device tree header")
    magic, total, off_struct, off_strings = struct.unpack_from(">IIII", blob, 0)
    size_struct = struct.unpack_from(">I", blob, 36)[0]
    if magic != FDT_MAGIC or total > len(blob):
        raise ValueError("not a flattened device tree")
    path = []
    pos, end = off_struct, off_struct + size_struct
    while pos < end:
        tok = struct.unpack_from(">I", blob, pos)[0]
        start = pos
        pos += 4
        if tok == BEGIN_NODE:
            nul = blob.index(b"\0", pos)
            path.append(blob[pos:nul].decode("ascii", "replace"))
            pos = (nul + 1 + 3) & ~3
        elif tok == END_NODE:
            path.pop()
        elif tok == PROP:
            length, nameoff = struct.unpack_from(">II", blob, pos)
            pos += 8
            nstart = off_strings + nameoff
            name = blob[nstart:blob.index(b"\0", nstart)].decode("ascii", "replace")
            if path == ["", "chosen"] and name == "rng-seed":
                return start, length
            pos = (pos + length + 3) & ~3
        elif tok == NOP:
            pass
        elif tok == END:
            break
        else:
            raise ValueError("bad token %#x at %#x" % (tok, start))
    return None


def main():
    if len(sys.argv) != 4 or sys.argv[1] not in ("nop", "mask"):
        sys.stderr.write(__doc__.split("\n\n")[1] + "\n")
        return 2
    mode, src, dst = sys.argv[1:]
    with open(src, "rb") as f:
        blob = bytearray(f.read())
    try:
        found = find_seed(blob)
    except (ValueError, struct.error) as e:
        sys.stderr.write("fdt-seed: %s: %s\n" % (src, e))
        return 2
    if found is None:
        return 1
    off, length = found
    if mode == "nop":
        span = 12 + ((length + 3) & ~3)
        blob[off:off + span] = struct.pack(">I", NOP) * (span // 4)
    else:
        blob[off + 12:off + 12 + length] = bytes(length)
    with open(dst, "wb") as f:
        f.write(blob)
    return 0


if __name__ == "__main__":
    sys.exit(main())
