#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Differential test of armguest's xl.cfg parser against the real libxlutil.

usage: compare.py XLU_REF AG_DUMP DIFF_DIR

corpus/*.cfg      both programs must print the same thing (see xlu-ref.c),
                  except the line number of a syntax error at a NEWLINE token
                  (libxlutil: one less than the true line) or at $end
                  (libxlutil: the line of the token before).  A file whose
                  name starts with ok- must parse, err- must fail.
deliberate/*.cfg  where armguest deliberately differs: ag-dump -p must print
                  NAME.expected exactly, and libxlutil must really differ.
                  A line "# keys: K..." names the keys to look up.
Prints the agreement figures; exits 1 on any disagreement.
"""
import os
import re
import subprocess
import sys
import tempfile

# Keys xl reads that the corpus should be probed with, whatever it contains.
COMMON_KEYS = """name type builder pvh kernel ramdisk cmdline root extra memory
maxmem vcpus maxvcpus disk vif device_tree gic_version vuart tee dtdev iomem
irqs passthrough acpi on_crash on_reboot on_poweroff uuid shadow_memory
bootloader firmware a b c d l n s x""".split()
MAX_KEYS = 400
ERR = re.compile(r"^report: (.*):(-?\d+): (config parsing error near .*)$")


def run(argv, may_fail=False):
    r = subprocess.run(argv, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    if r.returncode != 0 and may_fail:
        return ["exit %d" % r.returncode]
    if r.returncode != 0:
        raise RuntimeError("%s exited %d: %s" % (argv[0], r.returncode,
                                                  r.stderr.decode("latin-1")))
    # split on \n only: messages may hold a raw \r
    return r.stdout.decode("latin-1").split("\n")


def keys_for(ag_dump, path):
    keys = [k for k in run([ag_dump, "-k", path]) if k]
    keys += COMMON_KEYS
    with open(path, "rb") as f:
        keys += [w.decode() for w in re.findall(rb"[a-z][._0-9a-z]*", f.read())]
    seen, out = set(), []
    for k in keys:
        if k not in seen:
            seen.add(k)
            out.append(k)
    return out[:MAX_KEYS]


def compare(ref, ours, notes):
    """None if the outputs agree (line rules above), else the first difference."""
    if len(ref) != len(ours):
        return "%d lines from libxlutil, %d from armguest" % (len(ref), len(ours))
    for a, b in zip(ref, ours):
        if a == b:
            continue
        ma, mb = ERR.match(a), ERR.match(b)
        if ma and mb and ma.group(1) == mb.group(1) and ma.group(3) == mb.group(3):
            la, lb = int(ma.group(2)), int(mb.group(2))
            if "syntax error, unexpected NEWLINE" in ma.group(3) and la == lb - 1:
                notes["newline"] += 1
                continue
            if "syntax error, unexpected $end" in ma.group(3):
                notes["end"] += 1
                continue
        return "libxlutil: %r\n      armguest:  %r" % (a, b)
    return None


def check_corpus(xlu_ref, ag_dump, corpus):
    files = sorted(f for f in os.listdir(corpus) if f.endswith(".cfg"))
    agree = keys = messages = 0
    outcome = {"ok": 0, "error": 0}
    notes = {"newline": 0, "end": 0}
    failures = []
    for name in files:
        path = os.path.join(corpus, name)
        klist = keys_for(ag_dump, path)
        ref = run([xlu_ref, path] + klist)
        ours = run([ag_dump, path] + klist)
        why = compare(ref, ours, notes)
        status = ref[0].split()[-1]
        if why is None and name.startswith("ok-") and status != "ok":
            why = "named ok- but libxlutil rejects it"
        if why is None and name.startswith("err-") and status != "error":
            why = "named err- but libxlutil accepts it"
        if why:
            failures.append("%s: %s" % (name, why))
            continue
        agree += 1
        outcome[status] += 1
        keys += len(klist)
        messages += sum(1 for line in ref if line.startswith("report: "))
    print("corpus: %d files, %d agree (%d accepted, %d rejected by both); "
          "%d key look-ups and %d messages compared"
          % (len(files), agree, outcome["ok"], outcome["error"], keys, messages))
    print("corpus: line numbers differing by design: %d syntax errors at a "
          "NEWLINE (libxlutil: line - 1), %d at $end" % (notes["newline"], notes["end"]))
    return failures


def file_keys(path):
    with open(path, "rb") as f:
        for line in f.read().split(b"\n"):
            if line.startswith(b"# keys:"):
                return line[len(b"# keys:"):].decode().split()
    return []


def check_one_deliberate(xlu_ref, ag_dump, path, expected_path, reason):
    klist = file_keys(path)
    ours = run([ag_dump, "-p", path] + klist)
    with open(expected_path, "rb") as f:
        want = f.read().decode("latin-1").split("\n")
    if ours != want:
        diff = [l for l in ours if l not in want][:3] + ["(expected)"] + \
               [l for l in want if l not in ours][:3]
        return "output differs from %s:\n      %s" % (
            os.path.basename(expected_path), "\n      ".join(diff))
    plain = run([ag_dump, path] + klist)
    ref = run([xlu_ref, path] + klist, may_fail=True)   # it may abort
    if compare(ref, plain, {"newline": 0, "end": 0}) is None:
        return "libxlutil reads it the same way: move it to corpus/"
    print("  deliberate %-32s %s" % (os.path.basename(path), reason))
    return None


def reason_of(path):
    with open(path, "rb") as f:
        first = f.read().split(b"\n")[0]
    m = re.match(rb"# deliberate: (.*?)\r?$", first)
    return m.group(1).decode() if m else "(no reason given)"


def check_deliberate(xlu_ref, ag_dump, ddir):
    files = sorted(f for f in os.listdir(ddir) if f.endswith(".cfg"))
    failures = []
    for name in files:
        path = os.path.join(ddir, name)
        why = check_one_deliberate(xlu_ref, ag_dump, path, path[:-4] + ".expected",
                                   reason_of(path))
        if why:
            failures.append("%s: %s" % (name, why))
    # Too big to keep in git: made here.  libxlutil reads it; we refuse it.
    with tempfile.TemporaryDirectory() as tmp:
        big = os.path.join(tmp, "too-big.cfg")
        with open(big, "wb") as f:
            f.write(b"a = 1\n" + b"#" * (1024 * 1024) + b"\n")
        want = os.path.join(tmp, "too-big.expected")
        with open(want, "w") as f:
            f.write("parse: error\nreport: %s: config file is 1048583 bytes; "
                    "armguest reads at most 1048576\n  at 0:0 key -\n" % big)
        why = check_one_deliberate(xlu_ref, ag_dump, big, want,
                                   "files over 1 MiB are refused (resource bound)")
        if why:
            failures.append("too-big.cfg (generated): %s" % why)
    print("deliberate: %d files (+1 generated), %d as expected"
          % (len(files), len(files) + 1 - len(failures)))
    return failures


def main():
    xlu_ref, ag_dump, ddir = sys.argv[1:4]
    failures = check_corpus(xlu_ref, ag_dump, os.path.join(ddir, "corpus"))
    failures += check_deliberate(xlu_ref, ag_dump, os.path.join(ddir, "deliberate"))
    for f in failures:
        print("DISAGREE " + f)
    if failures:
        print("%d disagreements" % len(failures))
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
