#!/bin/bash
# `nm -D --defined-only --with-symbol-versions` on stdin → one "name@NODE" a line, sorted,
# without the version nodes' own symbols (the format of abi/*.symbols).
awk 'NF == 3 { s = $3; sub(/@@/, "@", s); n = s; sub(/@.*/, "", n); v = s; sub(/.*@/, "", v); if (n != v) print s }' | LC_ALL=C sort
