#!/bin/bash
# After `make cross`: is BIN a static aarch64 executable built for Xen REL?
#   ci/check-cross.sh BIN REL
# The release is asked of the binary itself (`--version`, under qemu-aarch64-static when it is
# installed), else looked for in it: --version prints one literal (cli/version.h AG_VERSION_LINE).
set -euo pipefail
[ $# = 2 ] || { echo "usage: $0 BIN REL" >&2; exit 2; }
bin=$1 rel=$2
file -L "$bin" | grep -q 'ARM aarch64.*statically linked' ||
	{ echo "cross: $bin is not a static aarch64 binary: $(file -L "$bin")" >&2; exit 1; }
want="(Xen $rel)"
if command -v qemu-aarch64-static >/dev/null; then
	got=$(qemu-aarch64-static "$bin" --version) || { echo "cross: $bin --version failed under qemu-user" >&2; exit 1; }
	how="--version under qemu-user"
else
	got=$(grep -aoE 'armguest [0-9.]+ \((Xen [0-9.]+|no Xen)\)' "$bin" | head -n 1 || true)
	how="its version string"
fi
case $got in
*"$want") ;;
*) echo "cross: $bin is not built for Xen $rel: $how says '$got'" >&2; exit 1 ;;
esac
echo "cross: $bin: static aarch64, Xen $rel ($how: $got), $(stat -L -c %s "$bin") bytes"
