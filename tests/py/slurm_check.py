"""The job scripts of scripts/slurm/ on a real SLURM: a one-node cluster on
localhost (munged, slurmctld and slurmd from Debian's slurm-wlm and munge,
a slurm.conf generated in a temporary directory), each script submitted with
sbatch and waited for (the GPU script with --test-only where no GPU exists),
and each job's saved results checked. The daemons are stopped by their PIDs.

    slurm_check.py PARLAB SCRIPTS_DIR SCRIPT

Skipped (exit 77, the reason printed) where SLURM cannot start here."""
import glob
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time


def skip(why):
    print(f"SKIP: {why}")
    sys.exit(77)


def fail(msg):
    print("FAIL:", msg)
    sys.exit(1)


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


TERMINAL = {"COMPLETED", "FAILED", "CANCELLED", "TIMEOUT", "NODE_FAIL", "OUT_OF_MEMORY", "BOOT_FAIL",
            "DEADLINE", "PREEMPTED"}


def sbatch_wait(args, env, cwd, timeout):
    """What `sbatch --wait ARGS` returns (the job's exit code; an array's
    highest), polled every 0.2 s. sbatch --wait itself polls after 2 s, then
    10 s, then every 32 s: a 3-s job would take 10 s, a 12-s one 42 s.
    Returns (exit code, sbatch's and scontrol's messages)."""
    p = subprocess.run(["sbatch", "--parsable"] + args, capture_output=True, text=True, env=env, cwd=cwd)
    if p.returncode != 0:
        return p.returncode, p.stderr.strip()
    job = p.stdout.strip().split(";")[0]
    deadline = time.time() + timeout
    while time.time() < deadline:
        q = subprocess.run(["scontrol", "-o", "show", "job", job], capture_output=True, text=True, env=env)
        tasks = [dict(f.split("=", 1) for f in line.split() if "=" in f) for line in q.stdout.splitlines()]
        if q.returncode != 0 or not tasks:
            return 1, f"scontrol show job {job}: exit {q.returncode}: {q.stderr.strip()}"
        if all(t.get("JobState") in TERMINAL for t in tasks):
            # A job ended by a signal has exit code 0 and a state other than COMPLETED: that is 1.
            codes = [int(t.get("ExitCode", "1:0").split(":")[0]) or int(t["JobState"] != "COMPLETED") for t in tasks]
            states = sorted({t["JobState"] for t in tasks})
            return max(codes), f"job {job}: {', '.join(states)}"
        time.sleep(0.2)
    subprocess.run(["scancel", job], capture_output=True, env=env)
    return 1, f"job {job} still running after {timeout} s; cancelled"


class Cluster:
    """munged + slurmctld + slurmd in `root`, as long as the with-block."""

    def __init__(self, root, gpus=0):
        self.root, self.pids, self.gpus = root, [], gpus

    def __enter__(self):
        for prog in ("munged", "slurmctld", "slurmd", "sbatch"):
            if not shutil.which(prog) and not os.path.exists(f"/usr/sbin/{prog}"):
                skip(f"{prog} is not installed (apt-get install slurm-wlm munge; scripts/setup.sh --tests)")
        if os.geteuid() != 0:
            skip("slurmd must run as root to start jobs as their user (run the tests as root)")
        r = self.root
        for d in ("state", "spool", "log", "munge"):
            os.makedirs(f"{r}/{d}")
        with open(f"{r}/munge/key", "wb") as f:
            f.write(os.urandom(1024))
        os.chmod(f"{r}/munge/key", 0o400)
        os.chmod(f"{r}/munge", 0o700)
        self.start(["munged", f"--key-file={r}/munge/key", f"--socket={r}/munge/sock", f"--pid-file={r}/munge/pid",
                    f"--log-file={r}/munge/log", f"--seed-file={r}/munge/seed", "--force"], f"{r}/munge/pid")
        host = socket.gethostname().split(".")[0]
        cpus = os.cpu_count()
        mem = int(open("/proc/meminfo").read().split()[1]) // 1024 // 2
        conf = f"""ClusterName=parlabtest
SlurmctldHost={host}
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
AuthInfo=socket={r}/munge/sock
CredType=cred/munge
SlurmctldPort={free_port()}
SlurmdPort={free_port()}
StateSaveLocation={r}/state
SlurmdSpoolDir={r}/spool
SlurmctldPidFile={r}/slurmctld.pid
SlurmdPidFile={r}/slurmd.pid
SlurmctldLogFile={r}/log/slurmctld.log
SlurmdLogFile={r}/log/slurmd.log
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
SelectType=select/cons_tres
SelectTypeParameters=CR_Core
MpiDefault=none
ReturnToService=2
JobCompType=jobcomp/none
NodeName={host} CPUs={cpus} RealMemory={mem} State=UNKNOWN
PartitionName=debug Nodes={host} Default=YES MaxTime=INFINITE State=UP OverSubscribe=YES
"""
        with open(f"{r}/slurm.conf", "w") as f:
            f.write(conf)
        os.environ["SLURM_CONF"] = f"{r}/slurm.conf"
        self.start(["slurmctld", "-f", f"{r}/slurm.conf"], f"{r}/slurmctld.pid")
        self.start(["slurmd", "-f", f"{r}/slurm.conf"], f"{r}/slurmd.pid")
        deadline = time.time() + 30
        while time.time() < deadline:
            out = subprocess.run(["sinfo", "-h", "-o", "%t"], capture_output=True, text=True).stdout.strip()
            if out in ("idle", "mix", "alloc"):
                return self
            time.sleep(0.5)
        logs = "".join(open(p).read()[-800:] for p in glob.glob(f"{r}/log/*.log"))
        self.__exit__(None, None, None)
        skip(f"the one-node cluster did not come up (sinfo: {out!r}); logs: {logs}")

    def start(self, cmd, pidfile):
        prog = shutil.which(cmd[0]) or f"/usr/sbin/{cmd[0]}"
        p = subprocess.run([prog] + cmd[1:], capture_output=True, text=True)
        if p.returncode != 0:
            self.__exit__(None, None, None)
            skip(f"{cmd[0]} did not start: {p.stderr.strip()[-400:]}")
        for _ in range(100):
            if os.path.exists(pidfile) and open(pidfile).read().strip():
                self.pids.append(int(open(pidfile).read().strip()))
                return
            time.sleep(0.05)
        self.__exit__(None, None, None)
        skip(f"{cmd[0]} wrote no PID file")

    def __exit__(self, *exc):
        for pid in reversed(self.pids):
            try:
                os.kill(pid, signal.SIGTERM)
            except ProcessLookupError:
                pass
        for pid in self.pids:
            for _ in range(100):
                try:
                    os.kill(pid, 0)
                    time.sleep(0.05)
                except ProcessLookupError:
                    break
        self.pids = []


def saved(path):
    doc = json.load(open(path))
    results = doc["results"]
    if not results or not all(r["check"].startswith("ok") for r in results):
        fail(f"{path}: results not all checked ok: {[r['check'] for r in results]}")
    return doc


def main():
    parlab, scripts, script = os.path.abspath(sys.argv[1]), sys.argv[2], sys.argv[3]
    mpi = json.loads(subprocess.run([parlab, "info", "--format", "json"], capture_output=True, text=True,
                                    check=True).stdout)["machine"]["mpi"]
    if mpi.startswith("not compiled in") and ("mpi" in script or "array" in script or "gpu" in script):
        skip(f"{script} runs MPI ranks, and this build has no MPI ({mpi})")
    with tempfile.TemporaryDirectory(prefix="parlab-slurm-") as root, Cluster(root):
        work = f"{root}/work"
        os.makedirs(work)
        env = dict(os.environ, PARLAB=parlab, PARLAB_RESULTS=f"{work}/results",
                   OMPI_ALLOW_RUN_AS_ROOT="1", OMPI_ALLOW_RUN_AS_ROOT_CONFIRM="1",
                   OMPI_MCA_btl_vader_single_copy_mechanism="none")
        path = f"{scripts}/{script}"
        gpu = "gpu" in script
        has_gpu = shutil.which("nvidia-smi") and subprocess.run(["nvidia-smi", "-L"], capture_output=True).returncode == 0
        if gpu and not has_gpu:
            # No GPU here: SLURM checks the request without running it. The
            # node declares no GRES, so the answer must name the missing GPU.
            p = subprocess.run(["sbatch", "--test-only", path], capture_output=True, text=True, env=env, cwd=work)
            said = (p.stdout + p.stderr).strip()
            if p.returncode == 0 or "gres" not in said.lower() and "configuration" not in said.lower():
                fail(f"sbatch --test-only {script}: exit {p.returncode}: {said}")
            print(f"SKIP: no GPU here: sbatch --test-only parsed {script} and refused it for the reason "
                  f"expected on a node without GPUs: {said}")
            sys.exit(77)
        code, said = sbatch_wait([path], env, work, 600)
        outs = "".join(open(f).read() for f in sorted(glob.glob(f"{work}/*.out")))
        if code != 0:
            fail(f"sbatch {script}: exit {code}: {said}\njob output:\n{outs[-3000:]}")
        files = sorted(glob.glob(f"{work}/results/*.json"))
        if not files:
            fail(f"{script}: no results saved\njob output:\n{outs[-3000:]}")
        docs = [saved(f) for f in files]
        ranks = sorted(d["context"]["ranks"] for d in docs)
        if "mpi" in script and ranks != [2]:
            fail(f"{script}: saved with ranks {ranks}, want [2]")
        if "omp" in script and (ranks != [1] or docs[0]["results"][0]["threads"] != 2):
            fail(f"{script}: saved with ranks {ranks}, threads {docs[0]['results'][0]['threads']}; want 1 rank, 2 threads")
        if "array" in script:
            if ranks != [1, 2]:
                fail(f"{script}: the sweep saved ranks {ranks}, want [1, 2]")
            values = {json.dumps(d["results"][0]["value"], sort_keys=True) for d in docs}
            if len(values) != 1:
                fail(f"{script}: 1 and 2 ranks gave different answers: {values}")
            try:
                import matplotlib  # noqa: F401
            except ImportError:
                print("note: python3-matplotlib missing: the report of the sweep was not drawn")
            else:
                rp = subprocess.run([parlab, "report", "--out", f"{work}/report"] + files, capture_output=True, text=True)
                if rp.returncode != 0 or not os.path.exists(f"{work}/report/index.html"):
                    fail(f"parlab report on the sweep: exit {rp.returncode}: {rp.stderr.strip()}")
        print(f"ok: {script} ran on slurmctld/slurmd; saved {[os.path.basename(f) for f in files]} with ranks {ranks}")


if __name__ == "__main__":
    main()
