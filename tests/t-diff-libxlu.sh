#!/bin/bash
# Differential test: armguest's xl.cfg parser against the real libxlutil 4.17
# (Debian libxen-dev) over tests/diff/corpus, and our deliberate differences
# over tests/diff/deliberate.  See tests/diff/compare.py and docs/xlcfg.md.
set -u
cd "$(dirname "$0")/.."
TESTBIN=${TESTBIN:-$PWD/${BUILD:-build}/tests}
ref=$TESTBIN/xlu-ref
if [ ! -x "$ref" ] || ! "$ref" /dev/null >/dev/null 2>&1; then
	echo "libxlutil is not installed (xlu-ref not built or not runnable)"
	exit 77
fi
exec python3 tests/diff/compare.py "$ref" "$TESTBIN/ag-dump" tests/diff
