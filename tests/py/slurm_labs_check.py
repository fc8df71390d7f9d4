#!/usr/bin/env python3
"""The labs' job scripts on a real SLURM (the one-node cluster of
slurm_check.py): every labs/NN-name/job.sbatch submitted with `sbatch --wait`
grading the lab's reference solution, which must pass, and
labs/grade_class.sbatch as an array over two students (the reference and the
starter of lab 1), whose grades must say passed and failed.

    slurm_labs_check.py PARLAB LABS_DIR

Exit 0 when all hold, 1 when not, 77 when SLURM cannot start here."""
import glob
import json
import os
import subprocess
import sys
import tempfile

from slurm_check import Cluster, fail


def grade(path):
    doc = json.load(open(path))
    return doc["lab"]


def main():
    parlab, labs = os.path.abspath(sys.argv[1]), os.path.abspath(sys.argv[2])
    bin_dir = os.path.join(os.path.dirname(os.path.dirname(parlab)), "labs")
    with tempfile.TemporaryDirectory(prefix="parlab-slurm-labs-") as root, Cluster(root):
        work = f"{root}/work"
        os.makedirs(work)
        env = dict(os.environ, PARLAB=parlab, PARLAB_RESULTS=f"{work}/results",
                   LAB_ARGS="--solution --repeat 2 --attempts 2",
                   OMPI_ALLOW_RUN_AS_ROOT="1", OMPI_ALLOW_RUN_AS_ROOT_CONFIRM="1",
                   OMPI_MCA_btl_vader_single_copy_mechanism="none")
        for script in sorted(glob.glob(f"{labs}/[0-9][0-9]-*/job.sbatch")):
            lab = os.path.basename(os.path.dirname(script))[:2]
            p = subprocess.run(["sbatch", "--wait", script], capture_output=True, text=True, env=env, cwd=work, timeout=900)
            outs = "".join(open(f).read() for f in sorted(glob.glob(f"{work}/lab{lab}-*.out")))
            saved = sorted(glob.glob(f"{work}/results/lab{lab}-*.json"))
            if p.returncode != 0 or not saved:
                fail(f"sbatch --wait {script}: exit {p.returncode}, saved {saved}: {p.stderr.strip()}\njob output:\n{outs[-3000:]}")
            g = grade(saved[-1])
            if g["verdict"] not in ("passed", "skipped"):
                fail(f"lab {lab}'s job graded the reference {g['verdict']}: failed {g.get('failed')}\n{outs[-3000:]}")
            print(f"ok: labs/{os.path.basename(os.path.dirname(script))}/job.sbatch: {g['verdict']}"
                  + (f" ({g['reason']})" if g["verdict"] == "skipped" else f", score {g['score']}"))
        # A class of two for lab 1: the reference passes, the starter fails; both are graded (exit 0).
        with open(f"{work}/students.txt", "w") as f:
            f.write(f"ada {bin_dir}/lab01-solution\nbob {bin_dir}/lab01-starter\n")
        p = subprocess.run(["sbatch", "--wait", "--array=0-1", f"{labs}/grade_class.sbatch", "1", f"{work}/students.txt"],
                           capture_output=True, text=True, env=dict(env, LAB_ARGS=""), cwd=work, timeout=900)
        outs = "".join(open(f).read() for f in sorted(glob.glob(f"{work}/lab-class-*.out")))
        if p.returncode != 0:
            fail(f"sbatch --array=0-1 grade_class.sbatch: exit {p.returncode}: {p.stderr.strip()}\n{outs[-3000:]}")
        verdicts = {n: grade(f"{work}/results/lab01-{n}.json")["verdict"] for n in ("ada", "bob")}
        if verdicts != {"ada": "passed", "bob": "failed"}:
            fail(f"grade_class.sbatch graded {verdicts}, want ada passed and bob failed\n{outs[-3000:]}")
        print(f"ok: grade_class.sbatch graded a class of two: {verdicts}")


if __name__ == "__main__":
    main()
