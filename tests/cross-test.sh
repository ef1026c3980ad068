#!/bin/bash
# The offline tests again, with the static arm64 build (CROSS_BIN, default build/aarch64/armguest:
# `make cross`; `make cross-test XEN=REL` passes build/aarch64-xenREL/armguest) run under
# qemu-user: the goldens, dtb, check, create -n and the bad-input matrix must give the same
# results on arm64 as on the build host, whichever release the binary is built for (the tests
# name the release they expect with --xen).
set -u
cd "$(dirname "$0")/.."
bin=$(realpath -m "${CROSS_BIN:-build/aarch64/armguest}")
[ -x "$bin" ] || { echo "cross-test: no $bin (run make cross)" >&2; exit 2; }
command -v qemu-aarch64-static >/dev/null || { echo "cross-test: qemu-aarch64-static missing (ci/install-deps.sh cross)" >&2; exit 2; }
wrap=$(mktemp -d)
trap 'rm -rf "$wrap"' EXIT
# qemu-user's default CPU ("max") has SVE, which it emulates one instruction at a time, and Debian
# 13's glibc picks SVE string functions when it sees it: its static binary then runs ten times
# slower than on the cores BSPs ship (t-check's 262,000-line config took 26 s against 0.6 s as
# a Cortex-A72), and a test's timeout measures qemu instead of armguest. QEMU_CPU overrides.
cpu=${QEMU_CPU:-cortex-a72}
printf '#!/bin/sh\nexec qemu-aarch64-static -cpu %s %s "$@"\n' "$cpu" "$bin" >"$wrap/armguest"
chmod +x "$wrap/armguest"
export ARMGUEST=$wrap/armguest TESTBIN=$PWD/${BUILD:-build}/tests
pass=0 fail=0
for t in t-golden t-dtb t-check t-create-dryrun t-bad-input; do
	if bash "tests/$t.sh" >"$wrap/$t.log" 2>&1; then
		pass=$((pass + 1)); echo "PASS arm64/$t: $(tail -n 1 "$wrap/$t.log")"
	else
		fail=$((fail + 1)); echo "FAIL arm64/$t"; sed 's/^/    /' "$wrap/$t.log" | tail -n 40
	fi
done
echo "$pass passed, $fail failed"
[ $fail = 0 ]
