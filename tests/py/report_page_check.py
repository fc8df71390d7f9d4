#!/usr/bin/env python3
"""The report page, rendered in headless Chromium (Debian: chromium), is not blank.

    report_page_check.py PARLAB

Saves a small `compare`, draws the report, takes a screenshot of index.html
with Chromium, and checks that the screenshot shows the page: not one flat
colour, with dark pixels (text, axes) over a good part of it. Exit 77
(skipped) when chromium or matplotlib is missing here.
"""
import os
import shutil
import subprocess
import sys
import tempfile

import needs

chromium = needs.program("chromium", "chromium")
matplotlib_image = needs.module("matplotlib.image", "python3-matplotlib")

parlab = sys.argv[1]
tmp = tempfile.mkdtemp(prefix="parlab_page_")
saved, out, shot = os.path.join(tmp, "a.json"), os.path.join(tmp, "report"), os.path.join(tmp, "shot.png")
subprocess.run([parlab, "compare", "sobel", "--width", "640", "--height", "480", "--repeat", "3", "--roof-repeat", "1",
                "--save", saved], check=True, stdout=subprocess.DEVNULL)
subprocess.run([parlab, "report", saved, "--out", out], check=True)
# --no-sandbox: as root (CI) Chromium refuses to start otherwise.
p = subprocess.run([chromium, "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars",
                    "--window-size=1100,1400", f"--screenshot={shot}", "file://" + os.path.join(out, "index.html")],
                   capture_output=True, text=True, timeout=120, cwd=tmp)
if not os.path.exists(shot):
    print(f"FAIL no screenshot (chromium exit {p.returncode}): {p.stderr[-500:]}")
    sys.exit(1)
pixels = matplotlib_image.imread(shot)[..., :3]
h, w = pixels.shape[:2]
dark = float((pixels.mean(axis=2) < 0.5).mean())
spread = float(pixels.std())
print(f"screenshot {w}x{h}: {100 * dark:.1f}% dark pixels, standard deviation {spread:.3f}")
ok = w == 1100 and h == 1400 and spread > 0.05 and 0.002 < dark < 0.6
print("ok" if ok else "FAIL the screenshot looks blank")
if ok:
    shutil.rmtree(tmp)
sys.exit(0 if ok else 1)
