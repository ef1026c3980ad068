#!/bin/bash
# The libraries' ABI: each exports exactly the symbols committed in abi/NAME.symbols (name and
# version node), every function its public header declares is among them, and Debian's symbols
# file (debian/NAME0.symbols) lists the same; the armguest binary needs no Xen library (its Xen
# commands are a module, cli/xen_commands.h).  An accidental export, a removal or a forgotten
# header fails here.  To accept a deliberate change: update api/NAME.map, then
#   nm -D --defined-only --with-symbol-versions build/NAME.so | tests/lib/abi-list.sh >abi/NAME.symbols
set -u
cd "$(dirname "$0")/.."
BUILD=${BUILD:-build}
fail=0 checked=0
bad() { echo "FAIL: $*"; fail=1; }

# lib header debian-package
check_lib() {
	local lib=$1 header=$2 pkg=$3 so=$BUILD/$1.so.0 got want
	[ -e "$so" ] || return 0
	checked=$((checked + 1))
	got=$(nm -D --defined-only --with-symbol-versions "$so" | tests/lib/abi-list.sh)
	want=$(grep -v '^#' "abi/$lib.symbols")
	[ "$got" = "$want" ] || bad "$so exports another list than abi/$lib.symbols:
$(diff <(echo "$want") <(echo "$got") | sed -n 's/^[<>]/  &/p')"
	readelf -d "$so" | grep -q "Library soname: \[$lib.so.0\]" || bad "$so: soname is not $lib.so.0"
	# Every function the header declares is exported, and nothing else.
	local declared
	declared=$(grep -oE '\barmguest_[a-z0-9_]+\(' "$header" | tr -d '(' | sort -u)
	[ "$declared" = "$(echo "$want" | cut -d@ -f1 | sort -u)" ] ||
		bad "$header declares another set of functions than abi/$lib.symbols lists:
$(diff <(echo "$declared") <(echo "$want" | cut -d@ -f1 | sort -u) | sed -n 's/^[<>]/  &/p')"
	# Debian's symbols file: the same names and nodes (dpkg-gensymbols checks it at build time).
	if [ -f "debian/$pkg.symbols" ]; then
		# (less the version nodes' own symbols, NODE@NODE, which dpkg-gensymbols lists)
		[ "$(sed -n 's/^ \([^ ]*\) .*/\1/p' "debian/$pkg.symbols" |
			awk -F@ '$1 != $2' | LC_ALL=C sort)" = "$want" ] ||
			bad "debian/$pkg.symbols and abi/$lib.symbols differ"
	fi
}
check_lib libarmguest include/armguest/armguest.h libarmguest0
check_lib libarmguest-xen include/armguest/armguest-xen.h libarmguest-xen0

# The module exports its table only.
if [ -e "$BUILD/armguest-xen-commands.so" ]; then
	checked=$((checked + 1))
	got=$(nm -D --defined-only "$BUILD/armguest-xen-commands.so" | awk '{print $3}')
	[ "$got" = ag_xen_commands ] || bad "armguest-xen-commands.so exports: $got"
	# The dynamic binary loads no Xen library at startup.
	needed=$(readelf -d "$BUILD/armguest" | sed -n 's/.*Shared library: \[\(.*\)\]/\1/p')
	echo "$needed" | grep -q '^libxen' && bad "$BUILD/armguest needs Xen libraries: $needed"
fi
[ "$checked" -gt 0 ] || { echo "no shared library in $BUILD (STATIC=1?)"; exit 77; }
echo "$checked objects checked"
exit $fail
