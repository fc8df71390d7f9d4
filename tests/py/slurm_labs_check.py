#!/usr/bin/env python3
"""The labs' job scripts on a real SLURM (the one-node cluster of
slurm_check.py): every labs/NN-name/job.sbatch submitted with sbatch, waited for,
grading the lab's reference solution, which must pass, and
labs/grade_class.sbatch as an array over two students (the reference and the
starter of lab 1), whose grades must say passed and failed.

    slurm_labs_check.py PARLAB LABS_DIR

Exit 0 when all hold, 1 when not, 77 when SLURM cannot start here."""
import glob
import json
import os
import sys
import tempfile
import time

from slurm_check import Cluster, fail, sbatch_wait


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
                   LAB_ARGS="--solution",  # the grader's own repeats and attempts, as Lab*.SolutionPasses
                   OMPI_ALLOW_RUN_AS_ROOT="1", OMPI_ALLOW_RUN_AS_ROOT_CONFIRM="1",
                   OMPI_MCA_btl_vader_single_copy_mechanism="none")
        for script in sorted(glob.glob(f"{labs}/[0-9][0-9]-*/job.sbatch")):
            lab = os.path.basename(os.path.dirname(script))[:2]
            t0 = time.time()
            code, said = sbatch_wait([script], env, work, 900)
            outs = "".join(open(f).read() for f in sorted(glob.glob(f"{work}/lab{lab}-*.out")))
            saved = sorted(glob.glob(f"{work}/results/lab{lab}-*.json"))
            if code != 0 or not saved:
                fail(f"sbatch {script}: exit {code}, saved {saved}: {said}\njob output:\n{outs[-3000:]}")
            g = grade(saved[-1])
            if g["verdict"] not in ("passed", "skipped"):
                fail(f"lab {lab}'s job graded the reference {g['verdict']}: failed {g.get('failed')}\n{outs[-3000:]}")
            # Each job asks for 2 CPUs and the node has them: a lab skipped for
            # want of cores was run on fewer than SLURM gave (a pinned thread's mask).
            if g["verdict"] == "skipped" and "cores" in g["reason"] and len(os.sched_getaffinity(0)) >= 2:
                fail(f"lab {lab}'s job had 2 CPUs, yet the grade says {g['reason']} (it saw {g.get('cores')})")
            print(f"ok ({time.time() - t0:.1f} s): labs/{os.path.basename(os.path.dirname(script))}/job.sbatch: {g['verdict']}"
                  + (f" ({g['reason']})" if g["verdict"] == "skipped" else f", score {g['score']}"))
        # A class of two for lab 1: the reference passes, the starter fails; both are graded (exit 0).
        with open(f"{work}/students.txt", "w") as f:
            f.write(f"ada {bin_dir}/lab01-solution\nbob {bin_dir}/lab01-starter\n")
        code, said = sbatch_wait(["--array=0-1", f"{labs}/grade_class.sbatch", "1", f"{work}/students.txt"],
                                 dict(env, LAB_ARGS=""), work, 900)
        outs = "".join(open(f).read() for f in sorted(glob.glob(f"{work}/lab-class-*.out")))
        if code != 0:
            fail(f"sbatch --array=0-1 grade_class.sbatch: exit {code}: {said}\n{outs[-3000:]}")
        verdicts = {n: grade(f"{work}/results/lab01-{n}.json")["verdict"] for n in ("ada", "bob")}
        if verdicts != {"ada": "passed", "bob": "failed"}:
            fail(f"grade_class.sbatch graded {verdicts}, want ada passed and bob failed\n{outs[-3000:]}")
        print(f"ok: grade_class.sbatch graded a class of two: {verdicts}")


if __name__ == "__main__":
    main()
