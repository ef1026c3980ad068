#!/bin/bash
# make install into a DESTDIR puts the command, the libraries (with their soname links), the
# headers, the .pc files, the module and the man pages where PREFIX, LIBDIR, INCLUDEDIR and
# MANDIR say, and make uninstall removes exactly that: nothing is left, and a file of someone
# else's in the same directories stays.
set -u
cd "$(dirname "$0")/.."
BUILD=${BUILD:-build}
[ -e "$BUILD/libarmguest.so.0" ] || { echo "no shared libraries in $BUILD (STATIC=1?)"; exit 77; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail=0
bad() { echo "FAIL: $*"; fail=1; }
# The build's own directories (another LIBDIR would recompile cli/xen_commands.c).
dirs=$(cat "$BUILD/obj/install-dirs")
read -r prefix libdir includedir <<<"$dirs"
vars=(BUILD="$BUILD" DEPS=0 DESTDIR="$tmp/root" PREFIX="$prefix" LIBDIR="$libdir"
	INCLUDEDIR="$includedir" MANDIR="$prefix/share/man")
mkdir -p "$tmp/root$prefix/bin" && touch "$tmp/root$prefix/bin/other-tool"
make --no-print-directory -s "${vars[@]}" install >"$tmp/log" 2>&1 || { cat "$tmp/log"; exit 1; }
r=$tmp/root
for f in "$prefix/bin/armguest" "$libdir/libarmguest.a" "$libdir/libarmguest.so" \
	"$libdir/libarmguest.so.0" "$includedir/armguest/armguest.h" "$libdir/pkgconfig/armguest.pc" \
	"$prefix/share/man/man1/armguest.1" "$prefix/share/man/man5/armguest-xlcfg.5"; do
	[ -e "$r$f" ] || bad "install did not write $f"
done
[ "$(readlink "$r$libdir/libarmguest.so.0")" = "$(basename "$(readlink -f "$BUILD/libarmguest.so.0")")" ] ||
	bad "libarmguest.so.0 does not point at the library"
if [ -e "$BUILD/armguest-xen-commands.so" ]; then
	[ -e "$r$libdir/armguest/armguest-xen-commands.so" ] || bad "install did not write the module"
	[ -e "$r$libdir/libarmguest-xen.so.0" ] || bad "install did not write libarmguest-xen.so.0"
fi
# The installed .pc file gives the installed directories.
PKG_CONFIG_PATH=$r$libdir/pkgconfig PKG_CONFIG_SYSROOT_DIR=$r pkg-config --cflags --libs armguest \
	>"$tmp/pc" 2>&1 || bad "pkg-config armguest: $(cat "$tmp/pc")"
grep -q -- "-I$r$includedir" "$tmp/pc" || bad "armguest.pc: $(cat "$tmp/pc")"
n=$(find "$r" -type f -o -type l | wc -l)
make --no-print-directory -s "${vars[@]}" uninstall >"$tmp/log" 2>&1 || { cat "$tmp/log"; exit 1; }
left=$(find "$r" \( -type f -o -type l \) ! -name other-tool)
[ -z "$left" ] || bad "uninstall left: $left"
[ -e "$r$prefix/bin/other-tool" ] || bad "uninstall removed a file it did not install"
[ -d "$r$includedir/armguest" ] && bad "uninstall left the empty include/armguest"
[ "$fail" = 0 ] && echo "installed $n files and links, uninstalled them all"
exit $fail
