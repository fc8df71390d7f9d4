#!/usr/bin/env python3
"""A course lab's grader on the lab's own programs, as an instructor runs it.

    lab_check.py PARLAB LAB solution            the reference solution passes
    lab_check.py PARLAB LAB starter README      the starter fails, for the reasons its README states
    lab_check.py PARLAB LAB wrong PROGRAM NAME  a wrong answer fails the criterion NAME

The starter's check: exit 1, no crash (no failed `runs`), every criterion the
lab registers as the starter's failing (parlab lab list --format json) failed
and named in the README, and any other failure a speed score. Exit 0 when the
property holds, 1 when not, 77 when the lab cannot be graded here (its reason
printed)."""
import json
import os
import subprocess
import sys


def fail(msg):
    print("FAIL:", msg)
    sys.exit(1)


def check(parlab, lab, *extra):
    env = dict(os.environ, OMPI_ALLOW_RUN_AS_ROOT="1", OMPI_ALLOW_RUN_AS_ROOT_CONFIRM="1")
    p = subprocess.run([parlab, "lab", "check", lab, "--format", "json", *extra], capture_output=True, text=True,
                       env=env, timeout=600)
    try:
        doc = json.loads(p.stdout)
    except json.JSONDecodeError:
        fail(f"parlab lab check {lab} {' '.join(extra)}: exit {p.returncode}, no JSON: {p.stdout[-400:]} {p.stderr[-400:]}")
    summary = doc["lab"]
    if summary["verdict"] == "skipped":
        print("SKIP:", summary["reason"])
        sys.exit(77)
    for c in doc.get("criteria", []):
        print(f"  {c['criterion']:<22} {c['kind']:<12} {c['verdict']!s:<6} {c['measured']}")
    return p.returncode, summary, doc.get("criteria", [])


def main():
    parlab, lab, mode = sys.argv[1], sys.argv[2], sys.argv[3]
    if mode == "solution":
        code, summary, _ = check(parlab, lab, "--solution")
        if code != 0 or summary["verdict"] != "passed":
            fail(f"lab {lab}: the reference solution did not pass (exit {code}, failed: {summary['failed']})")
    elif mode == "starter":
        readme = open(sys.argv[4], encoding="utf-8").read()
        # A fixed seed: the starter's failures are then the same on every run.
        # One attempt: its goals are designed to fail, a retry would only repeat it.
        code, summary, criteria = check(parlab, lab, "--seed", "1", "--attempts", "1")
        listed = subprocess.run([parlab, "lab", "list", "--format", "json"], capture_output=True, text=True, check=True)
        expected = next(l for l in json.loads(listed.stdout)["labs"] if str(l["lab"]) == lab)["starter_fails"].split(", ")
        failed = {c["criterion"]: c for c in criteria if c["verdict"] is False}
        # A performance goal the starter is not designed to fail (lab 08's
        # efficiency: its flaw is the bits) can fail on a busy machine; the
        # grader would retry it (--attempts), so this check does once too.
        if any(n not in expected and c["kind"] == "goal" for n, c in failed.items()):
            print("  (a goal the starter is not designed to fail failed: graded once more)")
            code, summary, criteria = check(parlab, lab, "--seed", "1", "--attempts", "1")
            failed = {c["criterion"]: c for c in criteria if c["verdict"] is False}
        if code != 1:
            fail(f"lab {lab}: the starter exited {code}, not 1")
        if "runs" in failed:
            fail(f"lab {lab}: the starter crashed: {failed['runs']['measured']}")
        for name in expected:
            if name not in failed:
                fail(f"lab {lab}: the starter passed {name}, which its README says it fails")
            if f"`{name}`" not in readme:
                fail(f"lab {lab}: the README does not name `{name}`, which the starter fails")
        for name, c in failed.items():
            if name not in expected and c["kind"] != "speed":
                fail(f"lab {lab}: the starter also failed {name} ({c['measured']}), which its README does not say")
    elif mode == "wrong":
        program, name = sys.argv[4], sys.argv[5]
        code, summary, criteria = check(parlab, lab, "--student", program, "--attempts", "1", "--repeat", "1")
        failed = [c["criterion"] for c in criteria if c["verdict"] is False]
        if code != 1 or name not in failed:
            fail(f"lab {lab}: the wrong answer {os.path.basename(program)} was not failed on {name} (exit {code}, failed: {failed})")
    print(f"ok: lab {lab} {mode}")


if __name__ == "__main__":
    main()
