#!/usr/bin/env python3
"""The table and the plot of `make bench` (docs/performance.md).

usage: bench/report.py OUT RELEASE...

Reads OUT/RELEASE/results/runs (TOOL CFG ROUND MS RC, one line per create, timed from outside
at 10 ms steps) and OUT/RELEASE/results/steps/TOOL.CFG.ROUND (the "timing STEP MS" lines of
armguest --timings and of the floor).  Prints, per release and guest, each tool's median create
time with its spread (min-max over the rounds), armguest/xl and armguest/floor as the median of
the per-round ratios with their spread, and the median of each step; writes OUT/report.md (the
same) and OUT/stages.svg (per release and guest, one bar per tool, split into its steps).
Exit 1 if a run failed (RC != 0) or a tool has no runs.
"""
import os
import statistics
import sys

TOOLS = ("armguest", "xl", "floor")
# Steps drawn in the plot: each tool's own, grouped into what they are for; the rest is "other".
GROUPS = [
    ("startup + config", ("startup", "load", "create_plan", "plan_files", "plan_build",
                          "plan_place", "plan_finalise", "open")),
    ("createdomain", ("xen_version", "name_check", "physinfo", "pool", "createdomain",
                      "llc_colors", "domaininfo", "max_vcpus", "affinity", "setmaxmem",
                      "evtchn", "paging_pool")),
    ("load files", ("kernel_load", "ramdisk_load", "dtb_load", "dom_allocate")),
    ("populate memory", ("xen_init", "rambase_init", "parse_image", "callback_irq", "build_dtb",
                         "mem_init", "boot_mem_init")),
    ("copy images", ("finalise_dtb", "build_image", "console_params", "boot_image", "gnttab")),
    ("devices + xenstore", ("vuart", "sched", "xenstore", "iomem", "irqs", "dtdev",
                            "state_file")),
    ("unpause", ("unpause",)),
]
COLOURS = ["#4e79a7", "#f28e2b", "#e15759", "#76b7b2", "#59a14f", "#edc948", "#b07aa1",
           "#9c755f", "#bab0ac"]


def read_runs(path):
    runs = []
    with open(path) as f:
        for line in f:
            parts = line.split()
            if len(parts) == 5:
                tool, cfg, rnd, ms, rc = parts
                runs.append((tool, cfg, int(rnd), float(ms), int(rc)))
    return runs


def read_steps(path):
    steps = {}
    try:
        with open(path) as f:
            for line in f:
                parts = line.split()
                if len(parts) == 3 and parts[0] == "timing":
                    steps[parts[1]] = float(parts[2])
    except FileNotFoundError:
        pass
    return steps


def spread(values):
    return f"{min(values):.0f}-{max(values):.0f}" if values else "-"


def ratio_text(values):
    if not values:
        return "-"
    return f"{statistics.median(values):.2f} ({min(values):.2f}-{max(values):.2f})"


def group_of(step):
    for name, members in GROUPS:
        if step in members:
            return name
    return "other"


def analyse(out, rel):
    base = os.path.join(out, rel, "results")
    runs = read_runs(os.path.join(base, "runs"))
    failed = [r for r in runs if r[4] != 0]
    cfgs = sorted({r[1] for r in runs})
    rows, bars = [], []
    for cfg in cfgs:
        by_tool = {t: {r[2]: r[3] for r in runs if r[0] == t and r[1] == cfg and r[4] == 0}
                   for t in TOOLS}
        rounds = sorted(set.intersection(*(set(v) for v in by_tool.values()))) \
            if all(by_tool.values()) else []
        vs_xl = [by_tool["armguest"][n] / by_tool["xl"][n] for n in rounds]
        vs_floor = [by_tool["armguest"][n] / by_tool["floor"][n] for n in rounds]
        rows.append((cfg, {t: list(by_tool[t].values()) for t in TOOLS}, vs_xl, vs_floor))
        for tool in ("armguest", "floor"):
            per_step = {}
            for n in by_tool[tool]:
                for step, ms in read_steps(os.path.join(base, "steps",
                                                        f"{tool}.{cfg}.{n}")).items():
                    if step != "total":
                        per_step.setdefault(step, []).append(ms)
            medians = {s: statistics.median(v) for s, v in per_step.items()}
            bars.append((cfg, tool, medians,
                         statistics.median(by_tool[tool].values()) if by_tool[tool] else 0))
        if by_tool["xl"]:
            bars.append((cfg, "xl", {}, statistics.median(by_tool["xl"].values())))
    return runs, failed, rows, bars


def table(rel, rows, bars):
    lines = [f"### Xen {rel}", "",
             "| guest | armguest ms | xl ms | floor ms | armguest/xl | armguest/floor |",
             "|---|---|---|---|---|---|"]
    for cfg, per_tool, vs_xl, vs_floor in rows:
        cells = []
        for t in TOOLS:
            v = per_tool[t]
            cells.append(f"{statistics.median(v):.0f} ({spread(v)})" if v else "-")
        lines.append(f"| {cfg} | " + " | ".join(cells) +
                     f" | {ratio_text(vs_xl)} | {ratio_text(vs_floor)} |")
    lines += ["", "Median of each step, ms (the tools' own clocks):", "",
              "| guest | tool | steps |", "|---|---|---|"]
    for cfg, tool, medians, _ in bars:
        if medians:
            top = sorted(medians.items(), key=lambda kv: -kv[1])
            lines.append(f"| {cfg} | {tool} | " +
                         ", ".join(f"{s} {ms:.1f}" for s, ms in top if ms >= 1.0) + " |")
    return lines


def svg(results):
    """Horizontal bars: per release and guest, one bar per tool split into step groups."""
    names = [g[0] for g in GROUPS] + ["other", "xl (total only)"]
    bar_rows = [(rel, cfg, tool, medians, total)
                for rel, bars in results for (cfg, tool, medians, total) in bars]
    scale_max = max([b[4] for b in bar_rows] + [1.0])
    left, width, row_h = 190, 620, 18
    height = 60 + len(bar_rows) * (row_h + 4) + 20 * len(names)
    out = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{left + width + 40}" '
           f'height="{height}" font-family="sans-serif" font-size="11">',
           f'<text x="10" y="18" font-size="14">Create time by step, median of the rounds '
           f'(ms; full bar = {scale_max:.0f} ms)</text>']
    y = 34
    for rel, cfg, tool, medians, total in bar_rows:
        out.append(f'<text x="10" y="{y + 13}">Xen {rel} {cfg} {tool}</text>')
        x = float(left)
        if medians:
            sums = {}
            for step, ms in medians.items():
                sums[group_of(step)] = sums.get(group_of(step), 0.0) + ms
            for i, name in enumerate(names[:-1]):
                w = sums.get(name, 0.0) / scale_max * width
                if w > 0:
                    out.append(f'<rect x="{x:.1f}" y="{y}" width="{w:.1f}" height="{row_h}" '
                               f'fill="{COLOURS[i]}"><title>{name}: {sums[name]:.0f} ms'
                               f'</title></rect>')
                    x += w
        else:
            w = total / scale_max * width
            out.append(f'<rect x="{x:.1f}" y="{y}" width="{w:.1f}" height="{row_h}" '
                       f'fill="{COLOURS[len(names) - 1]}"/>')
            x += w
        out.append(f'<text x="{x + 4:.1f}" y="{y + 13}">{total:.0f}</text>')
        y += row_h + 4
    y += 10
    for i, name in enumerate(names):
        out.append(f'<rect x="10" y="{y}" width="12" height="12" fill="{COLOURS[i]}"/>'
                   f'<text x="28" y="{y + 10}">{name}</text>')
        y += 20
    out.append("</svg>")
    return "\n".join(out) + "\n"


def main():
    if len(sys.argv) < 3:
        print(__doc__, file=sys.stderr)
        return 2
    out, rels = sys.argv[1], sys.argv[2:]
    report, results, status = ["# make bench", ""], [], 0
    for rel in rels:
        runs, failed, rows, bars = analyse(out, rel)
        for f in failed:
            print(f"bench: Xen {rel}: {f[0]} create of {f[1]} failed in round {f[2]} "
                  f"(rc {f[4]}; see {out}/{rel}/results/steps/{f[0]}.{f[1]}.{f[2]})")
            status = 1
        for cfg, per_tool, _, _ in rows:
            for t in TOOLS:
                if not per_tool[t]:
                    print(f"bench: Xen {rel}: {cfg}: no successful {t} run")
                    status = 1
        report += table(rel, rows, bars) + [""]
        results.append((rel, bars))
    text = "\n".join(report)
    print(text)
    with open(os.path.join(out, "report.md"), "w") as f:
        f.write(text)
    with open(os.path.join(out, "stages.svg"), "w") as f:
        f.write(svg(results))
    print(f"bench: wrote {out}/report.md and {out}/stages.svg")
    return status


if __name__ == "__main__":
    sys.exit(main())
