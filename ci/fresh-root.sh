#!/bin/bash
# The clean-machine check: README's two commands, in order, on a fresh Debian root.
#
#   ci/fresh-root.sh [SUITE]          (SUITE: bookworm, the default; as root)
#
# A green CI on a machine where someone installed packages by hand proves little: this makes a
# new minimal Debian root (mmdebstrap --variant=minbase, plus only make, git, sudo and
# ca-certificates), clones the commit under test into it (HEAD, from a git bundle: uncommitted
# changes are not tested), and runs `make demo` and then `make test` inside it with chroot, as a
# new user would after `git clone`.  Either failing fails the check.  Before them, a plain `make`
# on the bare root must stop with one line naming what is missing (ci/check-deps.sh).  Nothing of this machine's
# but the kernel is visible inside: no packages, no armguest cache, nothing beside the clone.
#
# The Debian mirrors are the ones this machine's apt uses (read from /etc/apt/sources.list and
# /etc/apt/sources.list.d), so the repository names no host.
#
# Cached between runs, under $(armguest_cache)/fresh-root (ci/cache.sh): the minbase tarball
# (remade when older than FRESH_ROOT_MAX_AGE days, default 7, or when the mirrors change) and,
# unless FRESH_ROOT_APT_CACHE=0, the .deb files apt downloads inside the root (apt still resolves
# and installs everything from scratch; the armguest cache inside the root starts empty).
#
# Environment: FRESH_ROOT_OUT (logs, default build/fresh-root), FRESH_ROOT_KEEP=1 (keep the root
# after a run, for a look inside; the mounts are undone either way), FRESH_ROOT_TIMEOUT (seconds
# for the two commands, default 3600), TMPDIR (where the root is made, default /var/tmp).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/.." && pwd)
suite=${1:-bookworm}
case $suite in
bookworm | trixie) ;;
*) echo "usage: $0 [bookworm|trixie]" >&2; exit 2 ;;
esac
[ "$(id -u)" = 0 ] || { echo "fresh-root: must run as root (mmdebstrap, mounts, chroot)" >&2; exit 2; }
for t in mmdebstrap git; do
	command -v "$t" >/dev/null || { echo "fresh-root: $t is missing: run 'ci/install-deps.sh fresh'" >&2; exit 2; }
done
# shellcheck source=ci/cache.sh
. "$here/cache.sh"
cache=$(armguest_cache)/fresh-root
out=$(realpath -m "${FRESH_ROOT_OUT:-$top/build/fresh-root}")
mkdir -p "$cache" "$out"
log=$out/$suite.log
t_start=$(date +%s)
say() { echo "fresh-root: $*"; }

# --- The mirrors: the ones this machine's apt uses (ci/apt-sources.sh).
# shellcheck source=ci/apt-sources.sh
. "$here/apt-sources.sh"
debian_sources "$suite" || exit 2

# --- The base image: minbase plus the four packages README's reader is assumed to have.
tarball=$cache/$suite-minbase.tar
stamp=$tarball.sources
max_age=${FRESH_ROOT_MAX_AGE:-7}
if [ ! -f "$tarball" ] || [ "$(cat "$stamp" 2>/dev/null)" != "${sources[*]}" ] ||
	[ -n "$(find "$tarball" -mtime "+$max_age" 2>/dev/null)" ]; then
	say "making a $suite minbase root with mmdebstrap (cached in $cache) ..."
	rm -rf "$tarball" "$tarball.tmp" "$stamp"
	mmdebstrap --quiet --format=tar --variant=minbase --include=make,git,sudo,ca-certificates \
		"$suite" "$tarball.tmp" "${sources[@]}" >"$out/mmdebstrap-$suite.log" 2>&1 ||
		{ tail -n 20 "$out/mmdebstrap-$suite.log" >&2; echo "fresh-root: mmdebstrap failed" >&2; exit 1; }
	mv "$tarball.tmp" "$tarball" && echo "${sources[*]}" >"$stamp"
fi

# --- The root, its mounts, and the clean-up that undoes them on every exit path.
root=$(mktemp -d "${TMPDIR:-/var/tmp}/armguest-fresh-$suite.XXXXXX")
mounts=() runner=
cleanup() {
	local rc=$? m i
	trap - EXIT INT TERM HUP
	[ -z "${runner:-}" ] || kill "$runner" 2>/dev/null
	# Whatever still runs inside (a QEMU left by an interrupted demo) goes first.
	for p in /proc/[0-9]*; do
		[ "$(readlink "$p/root" 2>/dev/null)" = "$root" ] && kill -9 "${p#/proc/}" 2>/dev/null
	done
	for ((i = ${#mounts[@]} - 1; i >= 0; i--)); do
		m=${mounts[$i]}
		umount -R "$m" 2>/dev/null || umount -R -l "$m" 2>/dev/null || true
	done
	if findmnt -R -n -o TARGET "$root" >/dev/null 2>&1 || grep -q " $root/" /proc/self/mounts; then
		echo "fresh-root: mounts under $root remain; not removing it" >&2
	elif [ "${FRESH_ROOT_KEEP:-0}" = 1 ]; then
		say "kept the root at $root"
	else
		rm -rf --one-file-system "$root"
	fi
	exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM
trap 'exit 129' HUP

bind() { # SRC DST-inside-root
	mkdir -p "$root$2"
	mount --rbind "$1" "$root$2" && mount --make-rslave "$root$2"
	mounts+=("$root$2")
}
tar -C "$root" -xf "$tarball"
cp -L /etc/resolv.conf "$root/etc/resolv.conf"
bind /proc /proc
bind /sys /sys
bind /dev /dev # recursive: /dev/pts and /dev/shm come with it
if [ "${FRESH_ROOT_APT_CACHE:-1}" = 1 ]; then
	mkdir -p "$cache/apt-$suite"
	bind "$cache/apt-$suite" /var/cache/apt/archives
fi

# The commit under test.
[ -z "$(git -C "$top" status --porcelain --untracked-files=no)" ] ||
	say "note: uncommitted changes are not tested (the root gets HEAD)"
git -C "$top" bundle create --quiet "$root/root/armguest.bundle" HEAD
rev=$(git -C "$top" rev-parse --short HEAD)

cat >"$root/root/run.sh" <<'EOF'
#!/bin/bash
# Inside the fresh root: a new user's session, from `git clone` on.
set -uo pipefail
cd /root
git clone --quiet armguest.bundle armguest && rm armguest.bundle && cd armguest || exit 1
# Before anything is installed, plain `make` must stop with one line saying what is missing
# and how to install it, not with a compiler error (ci/check-deps.sh).
t0=$(date +%s)
echo "@@FRESH-BEGIN make (nothing installed)"
msg=$(make 2>&1)
rc=$?
if [ "$rc" != 0 ] && [ "$(grep -c '^make: missing ' <<<"$msg")" = 1 ] &&
	grep -q "run 'ci/install-deps.sh build'" <<<"$msg" && ! grep -q 'error:' <<<"$msg"; then
	echo "$msg" | grep '^make: missing '
	echo "@@FRESH-END make (nothing installed) rc=0 seconds=$(($(date +%s) - t0))"
else
	echo "$msg"
	echo "fresh-root: plain make on a bare root did not stop with one 'make: missing' line" >&2
	echo "@@FRESH-END make (nothing installed) rc=1 seconds=$(($(date +%s) - t0))"
	exit 1
fi
for cmd in "make demo" "make test"; do
	echo "@@FRESH-BEGIN $cmd"
	t0=$(date +%s)
	$cmd
	rc=$?
	echo "@@FRESH-END $cmd rc=$rc seconds=$(($(date +%s) - t0))"
	[ "$rc" = 0 ] || exit "$rc"
done
EOF
chmod 755 "$root/root/run.sh"

say "$suite root at $root; running README's commands on $rev (log: $log) ..."
# In the background, and waited for: a signal to this script then runs the clean-up at once
# (bash defers traps while a foreground command runs, and `timeout` puts the commands in a
# process group of their own, out of reach of the terminal's Ctrl-C).
timeout --kill-after=30 "${FRESH_ROOT_TIMEOUT:-3600}" \
	chroot "$root" /usr/bin/env -i HOME=/root USER=root LOGNAME=root TERM=dumb LANG=C.UTF-8 \
	PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin /root/run.sh \
	</dev/null >"$log" 2>&1 &
runner=$!
tail -n +1 -f --pid="$runner" "$log" 2>/dev/null |
	grep --line-buffered -E '^(@@FRESH|make: missing|demo: |PASS |FAIL |SKIP |[0-9]+ passed)' &
viewer=$!
rc=0
wait "$runner" || rc=$?
runner=
wait "$viewer" || true

# The figures: each command's time, and the whole check's.
summary=$(sed -n 's/^@@FRESH-END \(.*\) rc=\([0-9]*\) seconds=\([0-9]*\)$/\1: exit \2, \3 s/p' "$log" | paste -sd ';' -)
if [ "$rc" = 0 ] && [ "$(grep -c '^@@FRESH-END .* rc=0 ' "$log")" = 3 ]; then
	say "OK: $suite: ${summary//;/; } ($(($(date +%s) - t_start)) s in all)"
else
	[ "$rc" != 124 ] || echo "fresh-root: the commands took longer than ${FRESH_ROOT_TIMEOUT:-3600} s" >&2
	echo "fresh-root: FAILED on $suite (exit $rc): ${summary:-nothing finished}; last lines of $log:" >&2
	tail -n 40 "$log" | sed 's/^/    /' >&2
	exit 1
fi
