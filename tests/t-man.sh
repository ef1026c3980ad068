#!/bin/bash
# The man pages: armguest-xlcfg(5) is what the key table says (tests/helpers/ag-keys.c
# writes it, as docs/keys.md); armguest(1) has a section for every command `armguest --help`
# lists and names every long option each command's --help lists; both render under
# `groff -ww -z -man` without a warning.
set -u
cd "$(dirname "$0")/.."
BUILD=${BUILD:-build}
ARMGUEST=${ARMGUEST:-$PWD/$BUILD/armguest}
TESTBIN=${TESTBIN:-$PWD/$BUILD/tests}
command -v groff >/dev/null || { echo "groff is not installed (ci/install-deps.sh)"; exit 77; }
[ -x "$TESTBIN/ag-keys" ] || { echo "no ag-keys helper"; exit 77; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail=0
bad() { echo "FAIL: $*"; fail=1; }

"$TESTBIN/ag-keys" man >"$tmp/xlcfg.5"
diff -u man/armguest-xlcfg.5 "$tmp/xlcfg.5" >"$tmp/diff" ||
	{ bad "man/armguest-xlcfg.5 differs from the table: run $TESTBIN/ag-keys man >man/armguest-xlcfg.5"
	  head -20 "$tmp/diff"; }
for page in man/armguest.1 man/armguest-xlcfg.5; do
	warn=$(groff -ww -z -man "$page" 2>&1)
	[ -z "$warn" ] || bad "$page: groff warns: $warn"
done
# Each key of the table has its entry.
keys=$("$TESTBIN/ag-keys" tsv | cut -f1)
for k in $keys; do
	grep -qx ".B $k" man/armguest-xlcfg.5 || bad "armguest-xlcfg.5 has no entry for $k"
done

commands=$("$ARMGUEST" --help | sed -n 's/^  \([a-z0-9]*\) .*/\1/p')
[ -n "$commands" ] || bad "armguest --help lists no command"
n=0
for c in $commands; do
	n=$((n + 1))
	grep -q "^\.SS \"armguest $c\b" man/armguest.1 || { bad "armguest.1 has no section for $c"; continue; }
	# --help: the usage on standard output, exit 0 (as every command's usage says)
	"$ARMGUEST" "$c" --help >"$tmp/help.out" 2>"$tmp/help.err" ||
		bad "armguest $c --help exits $?: $(head -n 1 "$tmp/help.err")"
	grep -q "^usage: armguest $c\b" "$tmp/help.out" || bad "armguest $c --help prints no usage on stdout"
	for o in $("$ARMGUEST" "$c" --help 2>&1 | grep -oE -- '--[a-z][a-z0-9-]+' | sort -u); do
		[ "$o" = --help ] && continue
		grep -qF -- "${o//-/\\-}" man/armguest.1 || bad "armguest.1 does not name $c's $o"
	done
done
[ "$fail" = 0 ] && echo "$n commands and $(echo "$keys" | wc -l) keys documented"
exit $fail
