#!/bin/bash
# Every citation must be one a reader of this repository can follow: Xen's
# source by path and function at the release branch (e.g.
# `tools/libs/light/libxl_arm.c: make_chosen_node (stable-4.17)`) or the
# project's own docs.  No tracked file may cite a section (the section sign) of a
# document kept elsewhere, or a path under the shared directory beside it.
set -u
cd "$(dirname "$0")/.."
command -v git >/dev/null && git rev-parse --git-dir >/dev/null 2>&1 ||
	{ echo "not a git checkout"; exit 77; }

# The patterns are spelt so that this script does not match itself.
sect=$'\xc2\xa7' dir=shar'ed'
hits=$(git grep -n -I -e "$sect" -e "\.\./$dir" -e "$dir/" -- .)
if [ -n "$hits" ]; then
	echo "citations of documents outside the repository:"
	printf '%s\n' "$hits"
	exit 1
fi
echo "citations: none outside the repository"
