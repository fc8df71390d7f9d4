#!/usr/bin/env python3
"""Draws parlab's saved results (`--save FILE`): one self-contained HTML page
and each figure as PNG and SVG.

    python3 scripts/parlab_report.py --out DIR A.json [B.json ...]

`parlab report` runs this script (it is built into the binary) after checking
the files; it can also be run by hand. Figures, each drawn when the files hold
what it needs:

  throughput   every kernel and backend against the time the measured roofs allow
  roofline     arithmetic intensity against GFLOP/s, under the measured memory
               and compute roofs of each machine, every kernel with
               floating-point work placed on it
  access       random reads per second against the table's size, one at a time
               and many in flight, and the update rate (`parlab roofline`),
               with the kernels they bind (histogram, wordcount) placed on them
  scaling      speed-up against threads (`parlab scale`), with Amdahl's law fitted
  ranks        strong and weak scaling across MPI ranks (`parlab scale --ranks`, or saved runs)
  cpu_vs_gpu   each kernel's fastest CPU backend against the GPU, kernel-only
               and end to end (files with cuda results only)

Only matplotlib (Debian: python3-matplotlib) and the standard library are used.
"""
import signal

# Ctrl-C ends the script quietly, by the signal, also during the slow imports
# below: parlab removes the half-made report (no traceback).
signal.signal(signal.SIGINT, signal.SIG_DFL)

import argparse  # noqa: E402
import html  # noqa: E402
import json  # noqa: E402
import os  # noqa: E402
import sys  # noqa: E402

import matplotlib  # noqa: E402

matplotlib.use("Agg")  # no display: files only
import matplotlib.pyplot as plt  # noqa: E402

# Reproducible files: no dates or random ids inside the PNG and SVG.
plt.rcParams["svg.hashsalt"] = "parlab"
plt.rcParams["svg.fonttype"] = "none"  # text stays text: smaller, searchable
PNG_META = {"Software": None}
SVG_META = {"Date": None, "Creator": None}

BACKEND_COLOURS = {"cuda": "#76b900", "openmp": "#1f77b4", "simd": "#ff7f0e", "scalar": "#7f7f7f"}
MARKERS = "osD^vP*X"


def label_of(doc, index):
    """'A: AMD EPYC, fma3+avx2, 2 threads': which file, made where."""
    c = doc["context"]
    gpu = c.get("gpu", {})
    where = f"{c.get('cpu', '?')}, {c.get('isa_dispatched', '?')}, {c.get('openmp_threads', '?')} threads"
    if gpu.get("usable"):
        where += f", {gpu.get('name', 'GPU')}"
    return f"{chr(ord('A') + index)}: {where}"


def save(fig, out, name):
    fig.savefig(os.path.join(out, name + ".png"), dpi=100, metadata=PNG_META, bbox_inches="tight")
    fig.savefig(os.path.join(out, name + ".svg"), metadata=SVG_META, bbox_inches="tight")
    plt.close(fig)
    return name


def rows(doc, table):
    v = doc.get(table)
    return v if isinstance(v, list) else []


def roofs(doc):
    """The measured roofs: copy bandwidth (GB/s) of all threads, the device's
    copy bandwidth, and fp32/fp64 GFLOP/s of all threads."""
    cpu_bw = dev_bw = fp32 = fp64 = None
    for r in rows(doc, "memory"):
        if r.get("threads") == "cuda device":
            dev_bw = r.get("copy")
        elif isinstance(r.get("copy"), (int, float)):
            cpu_bw = max(cpu_bw or 0, r["copy"])
    for r in rows(doc, "compute"):
        if isinstance(r.get("fp32_gflops"), (int, float)):
            fp32 = max(fp32 or 0, r["fp32_gflops"])
            fp64 = max(fp64 or 0, r["fp64_gflops"])
    return cpu_bw, dev_bw, fp32, fp64


def throughput_figure(docs, labels, out):
    """Horizontal bars: the roofs' time / the kernel's, per kernel and backend."""
    panels = [(d, l) for d, l in zip(docs, labels) if any(isinstance(r.get("pct_of_limit"), (int, float)) for r in rows(d, "results"))]
    if not panels:
        return None
    heights = [max(2, 0.28 * len(rows(d, "results"))) for d, _ in panels]
    fig, axes = plt.subplots(len(panels), 1, figsize=(9, sum(heights) + 1), squeeze=False,
                             gridspec_kw={"height_ratios": heights})
    for ax, (doc, label) in zip(axes[:, 0], panels):
        rs = [r for r in rows(doc, "results") if isinstance(r.get("pct_of_limit"), (int, float))]
        rs.sort(key=lambda r: (r["kernel"], list(BACKEND_COLOURS).index(r["backend"]) if r["backend"] in BACKEND_COLOURS else 9))
        names = [f"{r['kernel']} · {r['backend']}" for r in rs]
        pct = [r["pct_of_limit"] for r in rs]
        ax.barh(range(len(rs)), pct, color=[BACKEND_COLOURS.get(r["backend"], "#333") for r in rs])
        ax.set_yticks(range(len(rs)), names, fontsize=8)
        ax.invert_yaxis()
        ax.axvline(100, color="black", lw=1, ls="--")
        for i, r in enumerate(rs):
            ax.text(pct[i], i, f" {pct[i]:.0f}% ({r.get('bound', '')})", va="center", fontsize=7)
        ax.set_xlim(0, max(110, max(pct) * 1.25))
        ax.set_title(label, fontsize=9, loc="left")
        ax.set_xlabel("% of the limit: the time the measured roofs allow / the kernel-only time")
    return save(fig, out, "throughput")


def roofline_figure(docs, labels, out):
    """Log-log: arithmetic intensity (flop/byte) against GFLOP/s."""
    measured = [(d, l) for d, l in zip(docs, labels) if roofs(d)[0]]
    if not measured:
        return None, []
    fig, ax = plt.subplots(figsize=(9, 6))
    points = [(r["flops"] / r["bytes"], r["GFLOP/s"], r, i)
              for i, (d, _) in enumerate(measured) for r in rows(d, "results")
              if r.get("flops", 0) > 0 and r.get("bytes", 0) > 0 and isinstance(r.get("GFLOP/s"), (int, float)) and r["GFLOP/s"] > 0]
    no_flops = sorted({r["kernel"] for d, _ in measured for r in rows(d, "results") if not r.get("flops")})
    xs = [p[0] for p in points] or [1.0]
    lo, hi = min(xs + [0.01]) / 4, max(xs + [100.0]) * 4
    grid = [lo * (hi / lo) ** (k / 200) for k in range(201)]
    for i, (doc, label) in enumerate(measured):
        cpu_bw, dev_bw, fp32, fp64 = roofs(doc)
        style = ["-", "--", ":", "-."][i % 4]
        tag = chr(ord("A") + docs.index(doc))
        for peak, name in ((fp32, "fp32"), (fp64, "fp64")):
            if peak:
                ax.plot(grid, [min(cpu_bw * x, peak) for x in grid], style, color="black" if name == "fp32" else "#999",
                        lw=1.2, label=f"{tag} CPU roof: {cpu_bw:.0f} GB/s copy, {peak:.0f} {name} GFLOP/s")
        if dev_bw:
            ax.plot(grid, [dev_bw * x for x in grid], style, color=BACKEND_COLOURS["cuda"], lw=1.2,
                    label=f"{tag} GPU memory roof: {dev_bw:.0f} GB/s copy (compute roof not measured)")
    # Every point is drawn; each kernel is named once per file, at its fastest backend.
    fastest = {}
    for x, y, r, i in points:
        ax.scatter(x, y, color=BACKEND_COLOURS.get(r["backend"], "#333"), marker=MARKERS[i % len(MARKERS)], s=30, zorder=3)
        if y > fastest.get((r["kernel"], i), (0, 0, 0))[1]:
            fastest[(r["kernel"], i)] = (x, y, i)
    for (kernel, _), (x, y, i) in fastest.items():
        ax.annotate(kernel + (f" ({chr(ord('A') + i)})" if len(measured) > 1 else ""), (x, y), fontsize=7,
                    xytext=(4, 3), textcoords="offset points")
    for b in sorted({p[2]["backend"] for p in points}, key=lambda b: list(BACKEND_COLOURS).index(b) if b in BACKEND_COLOURS else 9):
        ax.scatter([], [], color=BACKEND_COLOURS.get(b, "#333"), label=f"backend {b}")
    if len(measured) > 1:
        for i, (_, label) in enumerate(measured):
            ax.scatter([], [], color="#555", marker=MARKERS[i % len(MARKERS)], label=label)
    ax.set_xscale("log")
    ax.set_yscale("log")
    ax.set_xlim(lo, hi)
    ax.set_xlabel("arithmetic intensity (flop per byte moved)")
    ax.set_ylabel("GFLOP/s (kernel-only)")
    ax.set_title("Roofline: every kernel with floating-point work, under the roofs measured beside it", fontsize=10)
    ax.grid(True, which="both", lw=0.3)
    ax.legend(fontsize=7, loc="lower right")
    return save(fig, out, "roofline"), no_flops


def access_figure(docs, labels, out):
    """Log-log: table size against G accesses/s: the random-read roofs of 1 and
    all threads, the update roofs, and the kernels that declare such work."""
    measured = [(i, d) for i, d in enumerate(docs) if rows(d, "access")]
    if not measured:
        return None
    fig, ax = plt.subplots(figsize=(9, 5.5))
    for n, (i, doc) in enumerate(measured):
        tag = chr(ord("A") + i)
        access = rows(doc, "access")
        for threads in sorted({r["threads"] for r in access}):
            rs = [r for r in access if r["threads"] == threads and isinstance(r.get("reads_g"), (int, float))]
            colour = "black" if threads == 1 else BACKEND_COLOURS["openmp"]
            style = ["-", "--", ":", "-."][n % 4]
            ax.plot([r["table_bytes"] for r in rs], [r["reads_g"] for r in rs], style, marker=".", color=colour,
                    label=f"{tag} random reads, {threads} thread{'s' if threads > 1 else ''}")
            upd = [r for r in access if r["threads"] == threads and isinstance(r.get("updates_g"), (int, float))]
            if upd:
                ax.axhline(upd[0]["updates_g"], color=colour, ls=style, lw=0.8, alpha=0.6)
                ax.annotate(f"{tag} update roof, {threads} thread{'s' if threads > 1 else ''}: "
                            f"{upd[0]['updates_g']:.2f} G/s", (upd[0]["table_bytes"], upd[0]["updates_g"]),
                            fontsize=7, xytext=(2, 3 + 9 * n), textcoords="offset points")
        for r in rows(doc, "results"):
            ms = r.get("kernel_ms")
            if not isinstance(ms, (int, float)) or ms <= 0:
                continue
            for work, x in (("updates", 4096), ("random_reads", r.get("table_bytes", 0))):
                if r.get(work, 0) > 0 and x > 0:
                    y = r[work] / (ms / 1e3) / 1e9
                    ax.scatter(x, y, color=BACKEND_COLOURS.get(r["backend"], "#333"), marker=MARKERS[n % len(MARKERS)],
                               s=30, zorder=3)
                    ax.annotate(f"{r['kernel']} {r['backend']} ({r['threads']})", (x, y), fontsize=7,
                                xytext=(4, -9), textcoords="offset points")
    ax.set_xscale("log", base=2)
    ax.set_yscale("log")
    ax.set_xlabel("table size (bytes)")
    ax.set_ylabel("G accesses/s (random reads, or increments)")
    ax.set_title("Access roofs: random reads by table size, increments into a small table; kernels placed on them",
                 fontsize=10)
    ax.grid(True, which="both", lw=0.3)
    ax.legend(fontsize=7, loc="lower left")
    return save(fig, out, "access")


def scaling_figure(docs, labels, out):
    """Speed-up against threads, the ideal line and Amdahl's law fitted."""
    sweeps = [(d, l) for d, l in zip(docs, labels) if rows(d, "scale")]
    if not sweeps:
        return None
    fig, ax = plt.subplots(figsize=(8, 5))
    top = 1
    for i, (doc, label) in enumerate(sweeps):
        rs = [r for r in rows(doc, "scale") if isinstance(r.get("speedup"), (int, float))]
        if not rs:
            continue
        n = [r["threads"] for r in rs]
        top = max(top, max(n))
        name = rs[0].get("kernel", "?")
        line, = ax.plot(n, [r["speedup"] for r in rs], MARKERS[i % len(MARKERS)] + "-", label=f"{name}, measured ({label[:1]})")
        f = doc.get("fit", {}).get("serial_fraction")
        if isinstance(f, (int, float)):
            grid = [1 + (max(n) - 1) * k / 100 for k in range(101)]
            ax.plot(grid, [1 / (f + (1 - f) / x) for x in grid], ":", color=line.get_color(),
                    label=f"{name}, Amdahl fit: serial fraction {f:.3f}")
    ax.plot([1, top], [1, top], color="#999", lw=1, label="ideal (speed-up = threads)")
    ax.set_xlabel("OpenMP threads")
    ax.set_ylabel("speed-up over 1 thread")
    ax.set_title("Scaling (parlab scale)", fontsize=10)
    ax.grid(True, lw=0.3)
    ax.legend(fontsize=7)
    return save(fig, out, "scaling")


def ranks_figure(docs, labels, out):
    """Across MPI ranks: speed-up (strong) and efficiency (weak) against ranks,
    from `parlab scale --ranks` tables, or from separate saved runs whose
    contexts differ in their rank count (a SLURM job array)."""
    series = []  # (label, ranks, speed-up or efficiency, kind)
    for doc, label in zip(docs, labels):
        rs = rows(doc, "scale_ranks")
        for mode in ("strong", "weak"):
            for t in sorted({r["threads"] for r in rs if r.get("mode") == mode}):
                pts = [r for r in rs if r.get("mode") == mode and r["threads"] == t and isinstance(r.get("efficiency"), (int, float))]
                if pts:
                    y = [r["speedup"] if mode == "strong" else r["efficiency"] for r in pts]
                    series.append((f"{pts[0].get('mode')} x {t} thread(s) ({label[:1]})", [r["ranks"] for r in pts], y, mode))
    # Saved runs of one kernel at several rank counts: speed-up over the fewest ranks.
    by_kernel = {}
    for doc in docs:
        ranks = doc.get("context", {}).get("ranks")
        for r in rows(doc, "results"):
            if isinstance(ranks, int) and isinstance(r.get("time_ms"), (int, float)) and r["time_ms"] > 0:
                by_kernel.setdefault((r.get("kernel"), r.get("backend")), {})[ranks] = r["time_ms"]
    for (kernel, backend), times in by_kernel.items():
        if len(times) > 1:
            n = sorted(times)
            series.append((f"{kernel} on {backend}, saved runs", n, [times[n[0]] / times[k] * n[0] for k in n], "strong"))
    if not series:
        return None
    fig, (sx, wx) = plt.subplots(1, 2, figsize=(10, 4.5))
    top = 1
    for i, (label, n, y, mode) in enumerate(series):
        ax = sx if mode == "strong" else wx
        ax.plot(n, y, MARKERS[i % len(MARKERS)] + "-", label=label)
        top = max(top, max(n))
    sx.plot([1, top], [1, top], color="#999", lw=1, label="ideal")
    wx.plot([1, top], [1, 1], color="#999", lw=1, label="ideal")
    sx.set_xlabel("MPI ranks")
    sx.set_ylabel("speed-up (the same problem)")
    wx.set_xlabel("MPI ranks")
    wx.set_ylabel("efficiency (problem grown with the ranks)")
    sx.set_title("Strong scaling across ranks", fontsize=10)
    wx.set_title("Weak scaling across ranks", fontsize=10)
    wx.set_ylim(0, 1.1)
    for ax in (sx, wx):
        ax.grid(True, lw=0.3)
        ax.legend(fontsize=7)
    return save(fig, out, "ranks")


def cpu_vs_gpu_figure(docs, labels, out):
    """Per kernel: the fastest CPU backend, the GPU kernel-only and end to end."""
    bars = []  # (kernel, cpu_ms, gpu_kernel_ms, gpu_e2e_ms)
    for doc, label in zip(docs, labels):
        by_kernel = {}
        for r in rows(doc, "results"):
            by_kernel.setdefault(r["kernel"], []).append(r)
        for kernel, rs in sorted(by_kernel.items()):
            gpu = [r for r in rs if r["backend"] == "cuda"]
            cpu = [r["kernel_ms"] for r in rs if r["backend"] != "cuda"]
            if gpu and cpu:
                bars.append((f"{kernel} ({label[:1]})", min(cpu), gpu[0]["kernel_ms"], gpu[0]["time_ms"]))
    if not bars:
        return None
    fig, ax = plt.subplots(figsize=(9, max(3, 0.45 * len(bars) + 1)))
    w = 0.27
    for k, (name, colour, idx) in enumerate((("fastest CPU backend", BACKEND_COLOURS["openmp"], 1),
                                             ("GPU, kernel only", BACKEND_COLOURS["cuda"], 2),
                                             ("GPU, end to end (with copies)", "#3a5f00", 3))):
        ax.barh([i + (k - 1) * w for i in range(len(bars))], [b[idx] for b in bars], height=w, color=colour, label=name)
    ax.set_yticks(range(len(bars)), [b[0] for b in bars], fontsize=8)
    ax.invert_yaxis()
    ax.set_xscale("log")
    ax.set_xlabel("ms (median; lower is faster)")
    ax.set_title("CPU against GPU", fontsize=10)
    ax.legend(fontsize=7)
    return save(fig, out, "cpu_vs_gpu")


CONTEXT_FIELDS = ["cpu", "logical_cpus", "isa_dispatched", "openmp_threads", "omp_proc_bind", "gpu", "os", "kernel",
                  "compiler", "flags", "parlab_version", "git_revision", "date", "command_line"]


def context_html(doc):
    c = doc["context"]
    out = []
    for k in CONTEXT_FIELDS:
        v = c.get(k)
        if k == "gpu" and isinstance(v, dict):
            v = (f"{v.get('name')}, {v.get('sms')} SMs, driver {v.get('driver')}" if v.get("usable")
                 else f"none: {v.get('reason', '')}")
        elif isinstance(v, list):
            v = " ".join(str(x) for x in v)
        out.append(f"<tr><th>{html.escape(k)}</th><td>{html.escape(str(v))}</td></tr>")
    return "<table class=kv>" + "".join(out) + "</table>"


def results_html(doc):
    rs = rows(doc, "results")
    if not rs:
        return ""
    cols = ["kernel", "backend", "threads", "kernel_ms", "time_ms", "GB/s", "GFLOP/s", "pct_of_limit", "bound", "check"]
    head = "".join(f"<th>{html.escape(c)}</th>" for c in cols)

    def cell(v):
        if isinstance(v, float):
            return f"{v:.4g}"
        return html.escape(str(v))

    body = "".join("<tr>" + "".join(f"<td>{cell(r.get(c, '-'))}</td>" for c in cols) + "</tr>" for r in rs)
    return f"<table><tr>{head}</tr>{body}</table>"


def inline_svg(out, name):
    with open(os.path.join(out, name + ".svg"), encoding="utf-8") as f:
        text = f.read()
    return text[text.find("<svg"):]  # drop the XML prologue: the page holds the drawing itself


def page(out, docs, labels, names, figures, no_flops):
    parts = ["<!doctype html><html lang=en><head><meta charset=utf-8><title>parlab report</title><style>",
             "body{font-family:sans-serif;max-width:1000px;margin:2em auto;color:#222}"
             "table{border-collapse:collapse;font-size:12px;margin:.5em 0}td,th{border:1px solid #ccc;padding:2px 6px}"
             "th{background:#f2f2f2;text-align:left}svg{max-width:100%;height:auto}figure{margin:1em 0}"
             "figcaption{font-size:13px;color:#555}",
             "</style></head><body><h1>parlab report</h1>"]
    parts.append("<p>Made by <code>parlab report</code> from " + ", ".join(f"<code>{html.escape(n)}</code>" for n in names) +
                 ". Every figure is also beside this page as PNG and SVG.</p>")
    captions = {
        "throughput": "How close each kernel comes to the shortest time this machine's measured roofs allow "
                      "(memory bandwidth or compute, whichever binds): 100% is at the roof.",
        "roofline": "Arithmetic intensity against GFLOP/s. Lines: the roofs measured beside the kernels "
                    "(copy bandwidth, fp32 and fp64 throughput of all threads). A kernel under the sloped line "
                    "is memory-bound, under the flat one compute-bound.",
        "access": "What bounds kernels that neither stream nor compute. Lines: random reads per second into a "
                  "table of each size (many in flight; the level of the memory hierarchy it lives in), 1 and all "
                  "threads; flat lines: increments at random indices into 4 KiB of tables. Points: histogram's "
                  "increments and wordcount's hash-table lookups per second, at their tables' sizes.",
        "scaling": "Speed-up over one thread, with Amdahl's law fitted to the measured times.",
        "ranks": "Across MPI ranks: speed-up on the same problem (strong) and efficiency with the problem grown "
                 "with the ranks (weak), from `parlab scale --ranks` or from saved runs at several rank counts.",
        "cpu_vs_gpu": "The fastest CPU backend against the GPU, kernel-only and with its copies in and out.",
    }
    for name in ("throughput", "roofline", "access", "scaling", "ranks", "cpu_vs_gpu"):
        parts.append(f"<h2>{name.replace('_', ' ')}</h2>")
        if figures.get(name):
            caption = captions[name]
            if name == "roofline" and no_flops:
                caption += " Not placed (no floating-point work; see the throughput chart): " + ", ".join(no_flops) + "."
            parts.append(f"<figure>{inline_svg(out, name)}<figcaption>{html.escape(caption)} "
                         f"(<a href='{name}.png'>PNG</a>, <a href='{name}.svg'>SVG</a>)</figcaption></figure>")
        else:
            why = {"throughput": "no results with a measured limit (save them from `parlab compare`)",
                   "roofline": "no roofline measurement (save `parlab compare` or `parlab roofline`)",
                   "access": "no access roofs (save `parlab compare` or `parlab roofline`)",
                   "scaling": "no thread sweep (save one with `parlab scale KERNEL --save FILE`)",
                   "ranks": "no rank sweep (save one with `parlab scale KERNEL --ranks 1,2,4 --save FILE`, "
                            "or runs saved at several rank counts)",
                   "cpu_vs_gpu": "no GPU results in these files"}[name]
            parts.append(f"<p class=none>Not drawn: {html.escape(why)}.</p>")
    for doc, label, name in zip(docs, labels, names):
        parts.append(f"<h2>{html.escape(label)}</h2><p><code>{html.escape(name)}</code></p>")
        parts.append(context_html(doc))
        parts.append(results_html(doc))
    parts.append("</body></html>\n")
    return "".join(parts)


def main():
    ap = argparse.ArgumentParser(description="Draw parlab's saved results as an HTML page with PNG and SVG figures.")
    ap.add_argument("--out", required=True, help="directory for index.html and the figures (must exist)")
    ap.add_argument("files", nargs="+", help="files written by parlab --save")
    args = ap.parse_args()
    out_dir = args.out
    os.makedirs(out_dir, exist_ok=True)
    docs = []
    for path in args.files:
        with open(path, encoding="utf-8") as f:
            docs.append(json.load(f))
    labels = [label_of(d, i) for i, d in enumerate(docs)]
    figures = {"throughput": throughput_figure(docs, labels, out_dir),
               "access": access_figure(docs, labels, out_dir),
               "scaling": scaling_figure(docs, labels, out_dir),
               "ranks": ranks_figure(docs, labels, out_dir),
               "cpu_vs_gpu": cpu_vs_gpu_figure(docs, labels, out_dir)}
    figures["roofline"], no_flops = roofline_figure(docs, labels, out_dir)
    with open(os.path.join(out_dir, "index.html"), "w", encoding="utf-8") as f:
        f.write(page(out_dir, docs, labels, [os.path.basename(p) for p in args.files], figures, no_flops))


if __name__ == "__main__":
    try:
        sys.exit(main())
    except (KeyError, TypeError, ValueError, AttributeError, IndexError, ZeroDivisionError) as e:
        # A file that passed parlab's checks but holds fields of other types
        # (written by hand, or by another tool): one line, exit 3, which
        # `parlab report` passes on as a failure without adding its own.
        print(f"parlab: report: a file holds what cannot be drawn ({type(e).__name__}: {e})", file=sys.stderr)
        sys.exit(3)
