#!/bin/bash
# The release table (ci/xen-releases.sh) and what reads it: the host's default release from
# os-release, the sysroot's package lists, the Makefile's XEN= check, ci/check-deps.sh's check
# that the libxen found is the release asked for, and that the table names the releases the
# binary has profiles for.
set -u
cd "$(dirname "$0")/.." || exit 1
root=$PWD
ARMGUEST=${ARMGUEST:-$root/${BUILD:-build}/armguest}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
pass=0 failures=0
ok() { pass=$((pass + 1)); }
bad() { echo "FAIL $test: $*"; failures=$((failures + 1)); }

test="the table lists the releases armguest has profiles for"
profiles=$("$ARMGUEST" dtb --help | sed -n 's/.*--xen VERSION .*(\([0-9., ]*\);$/\1/p' | tr -d ',')
[ "$(ci/xen-releases.sh list)" = "4.17 4.20" ] && [ "$profiles" = "4.17 4.20" ] && ok ||
	bad "table '$(ci/xen-releases.sh list)', profiles '$profiles'"

test="the host's default release from os-release"
osr() { printf '%s\n' "$@" > "$tmp/os-release"; AG_OS_RELEASE=$tmp/os-release ci/xen-releases.sh default; }
[ "$(osr ID=debian VERSION_ID='"12"' VERSION_CODENAME=bookworm)" = 4.17 ] &&
	[ "$(osr ID=debian VERSION_ID='"13"' VERSION_CODENAME=trixie)" = 4.20 ] &&
	[ "$(osr ID=debian VERSION_CODENAME=trixie)" = 4.20 ] && ok || bad "Debian 12/13 not mapped"
test="no default on another system"
osr ID=ubuntu VERSION_ID='"24.04"' >/dev/null && bad "Ubuntu got a default" || ok
osr ID=debian VERSION_ID='"11"' VERSION_CODENAME=bullseye >/dev/null && bad "Debian 11 got a default" || ok

test="package lists per release"
p417=$(ci/xen-releases.sh packages 4.17) p420=$(ci/xen-releases.sh packages 4.20)
grep -qx libxenmisc4.17 <<<"$p417" && grep -qx linux-libc-dev <<<"$p417" &&
	grep -qx libxenmisc4.20 <<<"$p420" && grep -qx linux-libc-dev:all <<<"$p420" &&
	grep -qx libxen-dev <<<"$p420" && [ "$(ci/xen-releases.sh suite 4.20)" = trixie ] && ok ||
	bad "$p420"
ci/xen-releases.sh suite 4.18 >/dev/null 2>&1 && bad "4.18 has a suite" || ok

test="make refuses an unknown XEN= at once"
out=$(make -n XEN=4.19 2>&1) && bad "make -n XEN=4.19 passed" ||
	{ grep -qF 'XEN=4.19 is not a Xen release armguest builds for: use XEN=0 (no Xen), XEN=1' <<<"$out" &&
	  ok || bad "$out"; }

# check-deps with a pkg-config that has every module, at a given version.
cat > "$tmp/pkg-config" <<'EOF'
#!/bin/sh
case "$1" in --modversion) echo "$FAKE_XEN_VERSION" ;; esac
exit 0
EOF
chmod +x "$tmp/pkg-config"
deps() { FAKE_XEN_VERSION=$1 XEN=$2 PKG_CONFIG=$tmp/pkg-config ci/check-deps.sh 2>&1; }
test="check-deps: the libxen found must be XEN's release"
out=$(deps 4.17.0 4.20) && bad "XEN=4.20 against 4.17 passed" ||
	{ grep -qF 'make: XEN=4.20, but the libxen on this machine is Xen 4.17' <<<"$out" && ok || bad "$out"; }
out=$(deps 4.20.0 4.17) && bad "XEN=4.17 against 4.20 passed" ||
	{ grep -qF 'make: XEN=4.17, but the libxen on this machine is Xen 4.20' <<<"$out" && ok || bad "$out"; }
test="check-deps: XEN=1 takes a supported release, refuses another"
out=$(deps 4.20.0 1) && ok || bad "$out"
out=$(deps 4.18.2 1) && bad "4.18 passed" ||
	{ grep -qF 'the libxen on this machine is Xen 4.18; armguest builds for Xen 4.17, 4.20' <<<"$out" && ok ||
	  bad "$out"; }
test="check-deps: XEN=0 does not look at libxen"
out=$(deps 4.18.2 0) && ok || bad "$out"

echo "$pass passed, $failures failed"
[ "$failures" = 0 ]
