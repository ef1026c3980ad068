#!/bin/bash
# make test-svg: the memory maps `armguest explain --svg' draws, measured in headless Chromium
# (Debian's chromium; ci/install-deps.sh svg).  Each SVG goes inline into a page whose script
# (labels.js) measures every label with getBBox() and writes what is missing, outside the picture
# or overlapping into the DOM, read back with --dump-dom.  A map made broken on purpose must be
# caught.  The first map's screenshot is left in $BUILD/test-svg/explain-map.png
# (docs/explain-map.png is a copy: SCREENSHOT=docs/explain-map.png to refresh it).
set -u
cd "$(dirname "$0")/../.."
BUILD=${BUILD:-build}
ARMGUEST=${ARMGUEST:-$PWD/$BUILD/armguest}
CHROMIUM=${CHROMIUM:-chromium}
command -v "$CHROMIUM" >/dev/null || { echo "chromium is not installed (ci/install-deps.sh svg)"; exit 77; }
out=$BUILD/test-svg
rm -rf "$out" && mkdir -p "$out" || exit 2
fails=0
fail() { echo "FAIL $*"; fails=$((fails + 1)); }

# chromium as root needs --no-sandbox; a profile of its own keeps it off the user's.
chrome() {
	timeout 120 "$CHROMIUM" --headless --no-sandbox --disable-gpu --hide-scrollbars \
		--user-data-dir="$PWD/$out/profile" "$@" 2>>"$out/chromium.log"
}

# verdict SVG: the page's result line(s).
verdict() {
	{
		printf '<!DOCTYPE html><html><body style="margin:0">\n'
		cat "$1"
		printf '<pre id="result">not measured</pre>\n<script>\n'
		cat tests/svg/labels.js
		printf '</script></body></html>\n'
	} > "$1.html"
	chrome --dump-dom "file://$PWD/$1.html" | sed -n '/<pre id="result">/{:a;/<\/pre>/!{N;ba};p}' |
		sed -e 's/<[^>]*>//g'
}

tests/lib/fake-files.sh kernel tests/fixtures/linux-6.1.0-56-arm64.image "$out/kernel"
tests/lib/fake-files.sh ramdisk 987862 "$out/initrd"
cat > "$out/web.cfg" <<'CFG'
name = "web"
kernel = "kernel"
ramdisk = "initrd"
extra = "console=hvc0"
memory = 512
vcpus = 2
vuart = "sbsa_uart"
disk = [ "backendtype=standalone,specification=virtio,vdev=xvda,target=/dev/null" ]
CFG
cat > "$out/big.cfg" <<'CFG'
name = "big"
kernel = "kernel"
memory = 8192
vcpus = 4
CFG
maps=0
for g in "web.cfg --gic v3 --xen 4.17" "big.cfg --gic v2 --xen 4.20"; do
	set -- $g
	svg=$out/${1%.cfg}.svg
	if ! (cd "$out" && "$ARMGUEST" explain "$@" --svg "${svg##*/}" >/dev/null 2>"${1%.cfg}.err"); then
		fail "$1: explain failed: $(cat "$out/${1%.cfg}.err")"
		continue
	fi
	v=$(verdict "$svg")
	case $v in
	OK*) echo "ok   $1: $v"; maps=$((maps + 1)) ;;
	*) fail "$1: $v" ;;
	esac
done

# The test must see a broken map: two labels at the same place, and an empty one.
sed -e '0,/<\/text>/s//<\/text>\n<text class="l" x="12" y="24">a label on the title<\/text>\n<text x="40" y="90"><\/text>/' \
	"$out/web.svg" > "$out/broken.svg"
v=$(verdict "$out/broken.svg")
case $v in
FAIL*overlap*missing*|FAIL*missing*overlap*) echo "ok   a broken map is caught" ;;
*) fail "the broken map was not caught: $v" ;;
esac

size=$(sed -n '1s/.* width="\([0-9]*\)" height="\([0-9]*\)".*/\1,\2/p' "$out/web.svg")
chrome --screenshot="$PWD/$out/explain-map.png" --window-size="${size:-1100,620}" \
	"file://$PWD/$out/web.svg" >/dev/null
[ -s "$out/explain-map.png" ] || fail "no screenshot"
[ -n "${SCREENSHOT:-}" ] && cp "$out/explain-map.png" "$SCREENSHOT"
echo "test-svg: $maps maps measured, failures: $fails"
[ "$fails" = 0 ] && [ "$maps" = 2 ]
