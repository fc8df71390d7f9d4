#!/usr/bin/env python3
"""`parlab report` builds a page and its figures from saved results, and
refuses bad saved files.

    report_check.py PARLAB

Saves a small `compare` and a `scale`, draws the report, and checks that
index.html is there and holds every figure inline, that each figure is a valid
non-empty PNG (decoded: not one flat colour) and SVG (parsed as XML), and that
the CPU-vs-GPU figure is left out with its reason when there are no GPU
results. Then: missing, non-JSON and wrong-version files give one line and exit
1 without making the output directory; without matplotlib parlab says how to
install it. Exit 77 (skipped) when matplotlib is missing here.
"""
import json
import os
import shutil
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET

import needs

matplotlib_image = needs.module("matplotlib.image", "python3-matplotlib")

parlab = sys.argv[1]
tmp = tempfile.mkdtemp(prefix="parlab_report_")
failures = []


def check(ok, what):
    print(("ok   " if ok else "FAIL ") + what)
    if not ok:
        failures.append(what)


def run(args, env=None):
    return subprocess.run([parlab] + args, capture_output=True, text=True, env=dict(os.environ, **(env or {})))


a, s = os.path.join(tmp, "a.json"), os.path.join(tmp, "s.json")
for args in (["compare", "reduce_sum", "--size", "2^18", "--repeat", "3", "--roof-repeat", "1", "--save", a],
             ["scale", "gaussian_blur", "--width", "640", "--height", "480", "--threads", "1,2", "--repeat", "2", "--save", s]):
    p = run(args)
    check(p.returncode == 0, " ".join(args[:2]) + " --save: exit 0 " + p.stderr.strip()[-200:])

out = os.path.join(tmp, "report")
p = run(["report", a, s, "--out", out])
check(p.returncode == 0, f"report: exit 0 ({p.stderr.strip()[-300:]})")
check(p.stdout == "", "report prints nothing on stdout")
page = open(os.path.join(out, "index.html"), encoding="utf-8").read()
for name in ("throughput", "roofline", "access", "scaling"):
    png, svg = os.path.join(out, name + ".png"), os.path.join(out, name + ".svg")
    with open(png, "rb") as f:
        check(f.read(8) == b"\x89PNG\r\n\x1a\n", f"{name}.png is a PNG")
    pixels = matplotlib_image.imread(png)
    check(pixels.shape[0] > 100 and pixels.shape[1] > 100, f"{name}.png is {pixels.shape[1]}x{pixels.shape[0]}")
    check(float(pixels[..., :3].std()) > 0.01, f"{name}.png is not one flat colour")
    root = ET.parse(svg).getroot()
    check(root.tag.endswith("svg") and len(list(root.iter())) > 50, f"{name}.svg parses, {len(list(root.iter()))} elements")
    check(f"{name}.png" in page, f"the page links {name}.png")
check(page.count("<svg") == 4, f"the page holds the 4 figures inline ({page.count('<svg')})")
check("no GPU results" in page and not os.path.exists(os.path.join(out, "cpu_vs_gpu.png")),
      "no CPU-vs-GPU figure without GPU results, and the page says why")
check("reduce_sum" in page and "gaussian_blur" in page, "the page names the kernels")
check(not [n for n in os.listdir(tmp) if n.startswith(".parlab_report_")], "no temporary directory left")

# Runs saved at two rank counts (made up from one: no MPI needed): the ranks figure.
with open(a, encoding="utf-8") as f:
    one = json.load(f)
two = json.loads(json.dumps(one))
one["context"]["ranks"], two["context"]["ranks"] = 1, 2
for r in two["results"]:
    r["time_ms"] = r["time_ms"] / 1.8
r1, r2 = os.path.join(tmp, "r1.json"), os.path.join(tmp, "r2.json")
for path, doc in ((r1, one), (r2, two)):
    with open(path, "w") as f:
        json.dump(doc, f)
rout = os.path.join(tmp, "ranks_report")
p = run(["report", r1, r2, "--out", rout])
check(p.returncode == 0, f"report of runs at 1 and 2 ranks: exit 0 ({p.stderr.strip()[-300:]})")
rpage = open(os.path.join(rout, "index.html"), encoding="utf-8").read() if p.returncode == 0 else ""
check(os.path.exists(os.path.join(rout, "ranks.png")) and "ranks.png" in rpage, "runs at 1 and 2 ranks draw the ranks figure")
check("no rank sweep" in page, "without rank data the page says why there is no ranks figure")

# With GPU results (made up here: no GPU needed): the CPU-vs-GPU figure and the GPU's memory roof.
with open(a, encoding="utf-8") as f:
    doc = json.load(f)
gpu_row = dict(doc["results"][0], backend="cuda", threads=1, kernel_ms=doc["results"][0]["kernel_ms"] / 10,
               time_ms=doc["results"][0]["kernel_ms"] * 3, note="device 0: a made-up GPU")
doc["results"].append(gpu_row)
doc["memory"].append({"threads": "cuda device", "read": "-", "copy": 3000.0, "triad": "-"})
doc["context"]["gpu"] = {"usable": True, "name": "Made-up GPU", "sms": 132, "compute_capability": "9.0",
                         "memory_bytes": 80 << 30, "driver": "13.0", "runtime": "13.0"}
g = os.path.join(tmp, "gpu.json")
with open(g, "w") as f:
    json.dump(doc, f)
out_gpu = os.path.join(tmp, "report_gpu")
p = run(["report", a, g, "--out", out_gpu])
check(p.returncode == 0, f"report with GPU results: exit 0 ({p.stderr.strip()[-300:]})")
if p.returncode == 0:
    pixels = matplotlib_image.imread(os.path.join(out_gpu, "cpu_vs_gpu.png"))
    check(float(pixels[..., :3].std()) > 0.01, "cpu_vs_gpu.png drawn, not one flat colour")
    page = open(os.path.join(out_gpu, "index.html"), encoding="utf-8").read()
    check("GPU memory roof" in page and "Made-up GPU" in page, "the roofline has the GPU's memory roof; the page names the GPU")

# Bad saved files: one line each, exit 1; nothing drawn when none is good.
bad_json = os.path.join(tmp, "bad.json")
with open(bad_json, "w") as f:
    f.write("{ not json")
other_version = os.path.join(tmp, "v2.json")
with open(a, encoding="utf-8") as f:
    doc = json.load(f)
doc["schema_version"] = 2
with open(other_version, "w") as f:
    json.dump(doc, f)
binary = os.path.join(tmp, "binary.json")  # a program's first bytes (a whole sanitizer build is over 64 MiB)
with open(parlab, "rb") as src, open(binary, "wb") as f:
    f.write(src.read(1 << 16))
for path, needle in ((os.path.join(tmp, "missing.json"), "cannot open"), (bad_json, "not JSON"),
                     (other_version, "schema version 2"), (binary, "not JSON")):
    target = os.path.join(tmp, "never")
    p = run(["report", path, "--out", target])
    lines = p.stderr.strip().split("\n")
    check(p.returncode == 1 and needle in lines[0] and len(lines) == 1 and not os.path.exists(target),
          f"report {os.path.basename(path)}: exit 1, '{needle}', nothing made ({p.returncode}: {p.stderr.strip()})")
# A file that passes parlab's checks but holds fields of other types: one line, exit 1, nothing made.
with open(a, encoding="utf-8") as f:
    doc = json.load(f)
doc["results"][0]["pct_of_limit"] = {"not": "a number"}
doc["results"][0]["kernel"] = 7
doc["context"]["gpu"] = {"usable": "yes"}
odd = os.path.join(tmp, "odd.json")
with open(odd, "w") as f:
    json.dump(doc, f)
target = os.path.join(tmp, "odd_report")
p = run(["report", odd, "--out", target])
check(p.returncode == 1 and len(p.stderr.strip().split("\n")) == 1 and "cannot be drawn" in p.stderr
      and not os.path.exists(target), f"fields of other types: one line, exit 1, nothing made ({p.returncode}: {p.stderr.strip()})")
p = run(["diff", odd, a])
check(p.returncode in (0, 1) and "Traceback" not in p.stderr and "terminate" not in p.stderr,
      f"diff on it: a table or one line ({p.returncode}: {p.stderr.strip()[:200]})")

# One bad among good ones: that one named, the rest drawn, exit 1.
p = run(["report", a, bad_json, "--out", os.path.join(tmp, "mixed")])
check(p.returncode == 1 and "not JSON" in p.stderr and os.path.exists(os.path.join(tmp, "mixed", "index.html")),
      f"a bad file among good ones: exit 1, the rest drawn ({p.returncode})")
# --out that is a file.
p = run(["report", a, "--out", a])
check(p.returncode == 1 and "not a directory" in p.stderr, f"--out a file: exit 1 ({p.stderr.strip()})")
# No matplotlib.
p = run(["report", a, "--out", os.path.join(tmp, "nompl")], env={"PARLAB_PYTHON": "/bin/false"})
check(p.returncode == 1 and "apt-get install python3-matplotlib" in p.stderr and len(p.stderr.strip().split("\n")) == 1,
      f"without matplotlib: how to install it, exit 1 ({p.stderr.strip()})")

# A Python that passes any probe by exiting 0: nothing is claimed.
p = run(["report", a, "--out", os.path.join(tmp, "true")], env={"PARLAB_PYTHON": "/bin/true"})
check(p.returncode == 1 and "matplotlib" in p.stderr and not os.path.exists(os.path.join(tmp, "true")),
      f"PARLAB_PYTHON=/bin/true: no report claimed ({p.returncode}: {p.stderr.strip()})")

# Saved files whose names look like options are files: "-h", "--out=DIR".
names = os.path.join(tmp, "names")
os.makedirs(names)
for n in ("-h", "--out=" + os.path.join(tmp, "hijacked")):
    shutil.copy(a, os.path.join(names, n.replace("/", "_")))
p = subprocess.run([os.path.abspath(parlab), "report", "--out", os.path.join(tmp, "named"), "--", "-h",
                    "--out=" + os.path.join(tmp, "hijacked").replace("/", "_")],
                   capture_output=True, text=True, cwd=names)
check(p.returncode == 0 and os.path.getsize(os.path.join(tmp, "named", "index.html")) > 0
      and not os.path.exists(os.path.join(tmp, "hijacked")),
      f"files named -h and --out=...: drawn as files ({p.returncode}: {p.stderr.strip()[-300:]})")

# Ctrl-C while the script draws: no half-made report, no traceback, ended by the signal.
import signal
import time
ctrl = os.path.join(tmp, "ctrl")
os.makedirs(ctrl)
proc = subprocess.Popen([parlab, "report", a, s, "--out", os.path.join(ctrl, "r")], stderr=subprocess.PIPE, text=True)
deadline = time.time() + 60
while time.time() < deadline and not any(n.startswith(".parlab_report_") for n in os.listdir(ctrl)):
    time.sleep(0.02)
time.sleep(0.3)  # the script is importing matplotlib or drawing
proc.send_signal(signal.SIGINT)
err = proc.communicate(timeout=60)[1]
check(proc.returncode == -signal.SIGINT and "Traceback" not in err and os.listdir(ctrl) == [],
      f"Ctrl-C during report: ended by SIGINT, nothing left ({proc.returncode}, {os.listdir(ctrl)}, {err.strip()[-300:]})")

print(f"{len(failures)} failed")
if not failures:
    shutil.rmtree(tmp)
sys.exit(1 if failures else 0)
