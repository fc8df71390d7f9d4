#!/usr/bin/env python3
"""Every command's JSON holds to docs/results.schema.json.

    schema_check.py PARLAB SCHEMA [--no-showcase]

Runs each command the way a user would, small, with --format json, and
validates what it prints (and what --save writes) with jsonschema (Debian:
python3-jsonschema). Exit 0 all valid, 1 a failure, 77 skipped (no jsonschema).
"""
import json
import os
import shutil
import subprocess
import sys
import tempfile

import needs

jsonschema = needs.module("jsonschema", "python3-jsonschema")
import jsonschema.validators  # noqa: E402

parlab, schema_path = sys.argv[1], sys.argv[2]
showcase = "--no-showcase" not in sys.argv
with open(schema_path, encoding="utf-8") as f:
    schema = json.load(f)
jsonschema.Draft202012Validator.check_schema(schema)
# JSON Schema calls 2.0 an integer; parlab promises integers written as
# integers, so here "integer" means an int as parsed, never a float.
strict_ints = jsonschema.Draft202012Validator.TYPE_CHECKER.redefine(
    "integer", lambda checker, x: isinstance(x, int) and not isinstance(x, bool))
Validator = jsonschema.validators.extend(jsonschema.Draft202012Validator, type_checker=strict_ints)
validator = Validator(schema)

tmp = tempfile.mkdtemp(prefix="parlab_schema_")
img = os.path.join(tmp, "in.ppm")
with open(img, "wb") as f:  # a 5x3 colour image
    f.write(b"P6\n5 3\n255\n" + bytes(range(45)))
text = os.path.join(tmp, "words.txt")
with open(text, "w") as f:
    f.write("the cat and the hat\nthe end\n")
os.mkdir(os.path.join(tmp, "out"))
a, b = os.path.join(tmp, "a.json"), os.path.join(tmp, "b.json")

commands = [
    "info",
    "list",
    "list gaussian_blur",
    "run reduce_sum --size 1000 --repeat 3",
    f"run sobel --width 33 --height 17 --repeat 5 --save {a}",
    f"run sobel --width 33 --height 17 --repeat 5 --backend scalar --save {b}",
    f"diff {a} {b}",
    f"diff {a} {b} --best",
    "compare reduce_max --size 4097 --repeat 2 --roof-repeat 1",
    "roofline --size 2^16 --repeat 1",
    f"filter gaussian_blur -i {img} --output-dir {os.path.join(tmp, 'out')}",
    "demo waits cpu contention --scale 0.01",
    "taskgraph --scale 0.01",
    f"pipeline -i {img} --output-dir {os.path.join(tmp, 'out')} --filter sobel",
    "scale reduce_sum --size 2^16 --threads 1,2 --repeat 2",
    "montecarlo pi --samples 100000",
    "montecarlo european --paths 10000",
    f"wordcount {text}",
    "histogram --size 10000",
    "stats --size 10000",
    "lab list",
    f"lab check 1 --solution --attempts 1 --save {os.path.join(tmp, 'lab.json')}",
]
if showcase:
    commands.append("")  # the showcase: parlab with no command

failed = 0
for c in commands:
    args = [parlab] + c.split() + ["--format", "json"]
    p = subprocess.run(args, capture_output=True, text=True, env=dict(os.environ, OMP_NUM_THREADS="2"))
    name = c or "(showcase)"
    if p.returncode != 0:
        print(f"FAIL {name}: exit {p.returncode}: {p.stderr.strip()}")
        failed += 1
        continue
    docs = [("stdout", json.loads(p.stdout))]
    if "--save" in c:
        with open(c.split("--save ")[1].split()[0], encoding="utf-8") as f:
            docs.append(("--save", json.load(f)))
    for where, doc in docs:
        errors = sorted(validator.iter_errors(doc), key=lambda e: list(e.path))
        for e in errors[:3]:
            print(f"FAIL {name} ({where}): at {'/'.join(map(str, e.path))}: {e.message[:200]}")
        failed += bool(errors)
        if not errors:
            print(f"ok   {name} ({where}): {', '.join(k for k in doc if k not in ('schema', 'schema_version', 'context'))}")
# The check can fail: a saved file with its thread count written as 2.0, or
# with another schema version, is refused.
with open(a, encoding="utf-8") as f:
    doc = json.load(f)
for mutate, what in ((lambda d: d["results"][0].update(threads=2.0), "threads 2.0"),
                     (lambda d: d.update(schema_version=2), "schema_version 2"),
                     (lambda d: d["context"].pop("cpu"), "no context.cpu")):
    bad = json.loads(json.dumps(doc))
    mutate(bad)
    if validator.is_valid(bad):
        print(f"FAIL the schema accepts a document with {what}")
        failed += 1
print(f"{len(commands)} commands, {failed} failed")
if not failed:
    shutil.rmtree(tmp)
sys.exit(1 if failed else 0)
