#!/bin/bash
# Sourced: the Debian mirrors this machine's apt uses, for a new root of another suite, so that
# the repository names no host (ci/fresh-root.sh, ci/package-test.sh).
#   debian_sources SUITE   sets the array `sources` ("deb URI SUITE main" lines: the suite, its
#                          updates and, when the host has one, its security archive); returns 1
#                          with a message when the host's apt names no Debian mirror.

# The URIs of the host's Debian main and security archives (deb822 .sources files and one-line
# sources.list entries alike).
apt_uris() { # print "URI SUITE" per source entry
	local f
	for f in /etc/apt/sources.list /etc/apt/sources.list.d/*.list; do
		[ -f "$f" ] || continue
		awk '$1 == "deb" { i = 2; if ($2 ~ /^\[/) { while ($i !~ /\]$/) i++; i++ } print $i, $(i + 1) }' "$f"
	done
	for f in /etc/apt/sources.list.d/*.sources; do
		[ -f "$f" ] || continue
		awk 'function flush() { if (u != "" && s != "") { n = split(u, U, " "); m = split(s, S, " ");
				for (a = 1; a <= n; a++) for (b = 1; b <= m; b++) print U[a], S[b] } u = s = "" }
			/^[ \t]*$/ { flush(); next }
			/^URIs:/ { sub(/^URIs:[ \t]*/, ""); u = $0 }
			/^Suites:/ { sub(/^Suites:[ \t]*/, ""); s = $0 }
			END { flush() }' "$f"
	done
}
debian_sources() { # SUITE
	local suite=$1 host_suite main_uri sec_uri
	# The host's Debian release names its suites (bookworm, bookworm-security); the same URIs
	# serve every release, so a bookworm host can make a trixie root.
	# shellcheck source=/dev/null
	host_suite=$(. /etc/os-release && echo "${VERSION_CODENAME:-}")
	main_uri=$(apt_uris | awk -v s="$host_suite" '$2 == s { print $1; exit }')
	sec_uri=$(apt_uris | awk -v s="$host_suite-security" '$2 == s { print $1; exit }')
	[ -n "$main_uri" ] || { echo "no Debian mirror for '$host_suite' in this machine's apt sources" >&2; return 1; }
	sources=("deb $main_uri $suite main" "deb $main_uri $suite-updates main")
	[ -z "$sec_uri" ] || sources+=("deb $sec_uri $suite-security main")
}
