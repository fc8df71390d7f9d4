"""parlab across ranks, as a user runs it: `mpirun -n R parlab ...` for R = 1,
2, 3 and 4 (oversubscribed on a small machine) must give what one process
gives, bit for bit, and fail as one process fails.

    mpi_check.py PARLAB CASE     CASE: montecarlo, reduce, stencils, files, failures, scale, info

Skipped (exit 77) when this build has no MPI or mpirun is missing."""
import json
import os
import random
import subprocess
import sys
import tempfile

from needs import program

RANKS = (1, 2, 3, 4)


def fail(msg):
    print("FAIL:", msg)
    sys.exit(1)


def launcher_env():
    env = dict(os.environ)
    if os.geteuid() == 0:  # CI runs as root; Open MPI refuses unless told
        env.update(OMPI_ALLOW_RUN_AS_ROOT="1", OMPI_ALLOW_RUN_AS_ROOT_CONFIRM="1")
    # Containers often forbid the cross-memory-attach single copy.
    env.setdefault("OMPI_MCA_btl_vader_single_copy_mechanism", "none")
    env.setdefault("OMPI_MCA_rmaps_base_oversubscribe", "1")
    # One node: shared memory (vader) and self, not the network transports
    # Open MPI would probe at every start (0.2 s of each launch here).
    env.setdefault("OMPI_MCA_pml", "ob1")
    env.setdefault("OMPI_MCA_btl", "self,vader")
    # Four ranks of two threads on a small machine: an OpenMP thread that
    # spins while it waits takes the core a working one needs.
    env.setdefault("OMP_WAIT_POLICY", "passive")
    env.pop("PARLAB_BACKEND", None)
    return env


def run(cmd, ranks=None, check=True):
    """(exit code, stdout, stderr) of parlab alone (ranks None) or under mpirun -n ranks."""
    if ranks is not None:
        cmd = [MPIRUN, "-n", str(ranks), "--oversubscribe"] + cmd
    p = subprocess.run(cmd, capture_output=True, text=True, env=ENV, timeout=300)
    if check and p.returncode != 0:
        fail(f"{' '.join(cmd)} exited {p.returncode}: {p.stderr.strip()[-600:]}")
    return p.returncode, p.stdout, p.stderr


def values(cmd, ranks=None):
    """Each result's backend and value (the parts printed: counts, estimates, sums)."""
    _, out, _ = run(cmd + ["--format", "json"], ranks)
    doc = json.loads(out)
    if ranks is not None and doc["context"]["ranks"] != ranks:
        fail(f"context says {doc['context']['ranks']} ranks, not {ranks}")
    return [(r["backend"], r["value"], r["check"].startswith("ok")) for r in doc["results"]]


def same_as_one_process(cmd):
    one = values(cmd)
    if not all(ok for _, _, ok in one):
        fail(f"{cmd}: a check failed in one process: {one}")
    for r in RANKS:
        got = values(cmd, r)
        # json floats print 17 significant digits: equal text is equal bits.
        if got != one:
            fail(f"{' '.join(cmd)} on {r} ranks: {got}\n  one process: {one}")
    print(f"ok: {' '.join(cmd[1:])}: the same on 1..{RANKS[-1]} ranks")


def montecarlo():
    # Sizes that divide by no rank count, and sizes smaller than a block.
    for cmd, backends in ((["run", "montecarlo_pi", "--samples", "3000017"], ("openmp", "scalar")),
                          (["run", "montecarlo_pi", "--samples", "7"], ("simd",)),
                          (["run", "option_european", "--paths", "50021", "--antithetic"], ("openmp",)),
                          (["run", "option_asian", "--paths", "3001", "--steps", "13"], ("simd",))):
        for backend in backends:
            same_as_one_process([PARLAB] + cmd + ["--backend", backend, "--threads", "2"])


def reduce():
    # Sizes: one not divisible by any rank count, fewer blocks than ranks, none.
    for kernel, size, backends in (("reduce_sum", "200003", ("openmp", "simd", "scalar")),
                                   ("reduce_sum", "1", ("openmp",)), ("reduce_sum", "0", ("simd",)),
                                   ("reduce_mean", "131075", ("openmp", "scalar")),
                                   ("reduce_min", "200003", ("openmp",)), ("reduce_min", "5", ("scalar",)),
                                   ("reduce_max", "200003", ("simd",))):
        for backend in backends:
            same_as_one_process([PARLAB, "run", kernel, "--size", size, "--backend", backend, "--threads", "2"])


def files():
    """wordcount, histogram, stats over files split across ranks: the same
    counts, tables and (float) moments; a bad path reported once."""
    import struct
    rnd = random.Random(7)
    words = ["alpha", "Beta", "gamma", "DELTA", "eps", "zeta", "eta", "theta", "x" * 300]
    with tempfile.TemporaryDirectory() as d:
        os.makedirs(f"{d}/t")
        for i in range(9):  # uneven sizes, two empty files, a word across any 4 KiB border
            n = rnd.choice([0, 1, 5, 3000, 20000])
            open(f"{d}/t/{i}.txt", "w").write(" ".join(rnd.choice(words) for _ in range(n)))
        for i in range(5):
            values = [rnd.gauss(1e4, 1) for _ in range(rnd.choice([1, 999, 70001]))]
            open(f"{d}/v{i}.f32", "wb").write(struct.pack(f"{len(values)}f", *values))
        vs = [f"{d}/v{i}.f32" for i in range(5)]
        for cmd in (["wordcount", f"{d}/t", "--top", "20"], ["histogram", f"{d}/t"], ["stats"] + vs):
            for backend in ("openmp", "scalar"):
                same_as_one_process([PARLAB] + cmd + ["--backend", backend, "--threads", "2"])
        # A path that does not exist: reported once, the rest counted, exit 1, on every rank count.
        for r in (None, 3):
            code, out, err = run([PARLAB, "wordcount", f"{d}/t", f"{d}/missing", "--format", "json"], r, check=False)
            named = [l for l in err.splitlines() if "missing" in l and "No such file" in l]
            if code != 1 or len(named) != 1 or json.loads(out)["results"][0]["value"]["words"] == 0:
                fail(f"wordcount with a missing path on {r or 1} rank(s): exit {code}, lines {named}")
    print("ok: files split across ranks give one process's counts and moments")
    large_files()


def large_files():
    """One large file cut into byte ranges across ranks (the cuts fall at
    1, 2 and 3 MiB for a 5 MiB file on 2..4 ranks): a word that straddles a
    cut counts once, also a word longer than a whole range (no place of its
    own), a cut just after a space, on a space, inside a UTF-8 character; and
    float32 moments bitwise those of one process, a range's blocks folded on
    from the range before; with every reader of the async stage."""
    import struct
    M = 1 << 20
    rnd = random.Random(11)
    words = ["alpha", "Beta", "gamma", "DELTA", "eps", "zeta", "eta", "theta", "caf\u00e9"]

    def text(n):
        out = bytearray()
        while len(out) < n:
            out += (rnd.choice(words) + rnd.choice([" ", "  ", "\n", ", "])).encode()
        return out[:n]

    with tempfile.TemporaryDirectory() as d:
        a = text(5 * M)
        a[int(0.9 * M):int(2.2 * M)] = b"q" * (int(2.2 * M) - int(0.9 * M))  # across the cuts at 1 and 2 MiB
        a[3 * M - 5:3 * M + 5] = b"abcdefghij"
        open(f"{d}/a.txt", "wb").write(a)
        b = text(5 * M)
        b[M - 1:M + 4] = b" word"                 # the cut just after a space
        b[2 * M - 3:2 * M + 1] = b"end "           # the cut on a space
        b[3 * M - 1:3 * M + 1] = "\u00e9".encode()  # the cut inside a character
        open(f"{d}/b.txt", "wb").write(b)
        values = [rnd.gauss(1e4, 1) for _ in range(5 * M // 4 + 3)]  # not a whole number of blocks
        open(f"{d}/v.f32", "wb").write(struct.pack(f"{len(values)}f", *values))
        for cmd in (["wordcount", f"{d}/a.txt", "--top", "5"], ["wordcount", f"{d}/b.txt", "--top", "5"],
                    ["histogram", f"{d}/a.txt"], ["stats", f"{d}/v.f32"]):
            for backend in ("openmp", "scalar"):
                same_as_one_process([PARLAB] + cmd + ["--backend", backend, "--threads", "2"])
        for method in ("blocking", "sequential"):
            ENV["PARLAB_IO"] = method
            try:
                same_as_one_process([PARLAB, "wordcount", f"{d}/a.txt", f"{d}/b.txt", "--backend", "simd"])
            finally:
                del ENV["PARLAB_IO"]
    print("ok: large files cut into byte ranges give one process's counts and moments")


def write_ppm(path, w, h, seed):
    rnd = random.Random(seed)
    with open(path, "wb") as f:
        f.write(b"P6 %d %d 255\n" % (w, h) + bytes(rnd.randrange(256) for _ in range(w * h * 3)))


def stencils():
    with tempfile.TemporaryDirectory() as d:
        # Awkward shapes: rows not divisible by any rank count, fewer rows than
        # ranks x halo (3 rows, halo up to 6), a single row, a single column.
        shapes = [(37, 23), (5, 3), (64, 1), (1, 19)]
        for i, (w, h) in enumerate(shapes):
            write_ppm(f"{d}/in{i}.ppm", w, h, i)
        inputs = sum((["-i", f"{d}/in{i}.ppm"] for i in range(len(shapes))), [])
        for kernel, it in ((["gaussian_blur", "--sigma", "2"], "1"), (["gaussian_blur", "--sigma", "2"], "3"),
                           (["box_blur", "--radius", "3"], "1"), (["sobel"], "2"), (["unsharp"], "1")):
            os.makedirs(f"{d}/ref", exist_ok=True)
            run([PARLAB, "filter"] + kernel + inputs + ["--output-dir", f"{d}/ref", "--iterations", it])
            for r in RANKS:
                os.makedirs(f"{d}/r{r}", exist_ok=True)
                run([PARLAB, "filter"] + kernel + inputs + ["--output-dir", f"{d}/r{r}", "--iterations", it], r)
                for i, shape in enumerate(shapes):
                    if open(f"{d}/r{r}/in{i}.png", "rb").read() != open(f"{d}/ref/in{i}.png", "rb").read():
                        fail(f"filter {' '.join(kernel)} --iterations {it} on {shape} x {r} ranks: "
                             "output differs from one process")
            print(f"ok: filter {' '.join(kernel)} --iterations {it}: byte for byte on 1..{RANKS[-1]} ranks, "
                  f"shapes {shapes}")
        # Iterations change the picture (the test above would pass on a no-op otherwise).
        run([PARLAB, "filter", "gaussian_blur", "-i", f"{d}/in0.ppm", "-o", f"{d}/one.png"])
        run([PARLAB, "filter", "gaussian_blur", "-i", f"{d}/in0.ppm", "-o", f"{d}/three.png", "--iterations", "3"])
        if open(f"{d}/one.png", "rb").read() == open(f"{d}/three.png", "rb").read():
            fail("--iterations 3 gave the output of one pass")


def failures():
    for r in (2, 3):
        # A usage error: every rank exits 2, one line from rank 0.
        code, out, err = run([PARLAB, "run", "nosuch"], r, check=False)
        lines = [l for l in err.splitlines() if l.startswith("parlab:")]
        if code == 0 or len(lines) != 1 or "rank 0" not in lines[0] or "nosuch" not in lines[0]:
            fail(f"unknown kernel on {r} ranks: exit {code}, parlab lines {lines}")
        # A file that cannot be read: named once, the rest of the batch still done, exit non-zero.
        with tempfile.TemporaryDirectory() as d:
            write_ppm(f"{d}/a.ppm", 9, 7, 1)
            os.makedirs(f"{d}/out")
            code, out, err = run([PARLAB, "filter", "gaussian_blur", "-i", f"{d}/missing.png", "-i", f"{d}/a.ppm",
                                  "--output-dir", f"{d}/out"], r, check=False)
            named = [l for l in err.splitlines() if "missing.png" in l]
            if code != 1 or len(named) != 1 or not os.path.exists(f"{d}/out/a.png"):
                fail(f"missing file on {r} ranks: exit {code}, lines naming it {named}, a.png written "
                     f"{os.path.exists(d + '/out/a.png')}")
            if os.path.exists(f"{d}/out/missing.png"):
                fail("an output was written for the missing input")
    print("ok: failures end every rank with one line from rank 0")


def scale():
    """parlab scale --ranks launches mpirun itself: strong and weak rows, each checked."""
    env_launcher = dict(ENV, MPIEXEC=MPIRUN)
    p = subprocess.run([PARLAB, "scale", "montecarlo_pi", "--ranks", "1,2,3", "--samples", "300007", "--repeat", "1",
                        "--format", "json"], capture_output=True, text=True, env=env_launcher, timeout=300)
    if p.returncode != 0:
        fail(f"scale --ranks exited {p.returncode}: {p.stderr.strip()[-600:]}")
    doc = json.loads(p.stdout)
    rows = doc["scale_ranks"]
    got = [(r["mode"], r["ranks"], r["size"]) for r in rows]
    want = [("strong", 1, 300007), ("strong", 2, 300007), ("strong", 3, 300007),
            ("weak", 1, 300007), ("weak", 2, 600014), ("weak", 3, 900021)]
    if got != want or not all(r["check"].startswith("ok") for r in rows):
        fail(f"scale --ranks rows {got}, checks {[r['check'] for r in rows]}")
    if rows[0]["speedup"] != 1.0 or not isinstance(doc["fit"]["serial_fraction"], (int, float)):
        fail(f"scale --ranks: speedup at 1 rank {rows[0]['speedup']}, fit {doc['fit']}")
    print("ok: scale --ranks: strong and weak rows, checked, fitted")


def info():
    for r in (1, 3):
        _, out, _ = run([PARLAB, "info", "--format", "json"], r)
        rows = json.loads(out)["ranks"]
        if [row["rank"] for row in rows] != list(range(r)) or any(row["omp_threads"] < 1 for row in rows):
            fail(f"info on {r} ranks: {rows}")
    print("ok: info shows every rank")


if __name__ == "__main__":
    PARLAB, case = sys.argv[1], sys.argv[2]
    ENV = launcher_env()
    out = subprocess.run([PARLAB, "info", "--format", "json"], capture_output=True, text=True, check=True).stdout
    mpi = json.loads(out)["machine"]["mpi"]
    if mpi.startswith("not compiled in"):
        print(f"SKIP: this build has no MPI ({mpi}); install libopenmpi-dev (scripts/setup.sh) and rebuild")
        sys.exit(77)
    MPIRUN = program("mpirun", "openmpi-bin")
    {"montecarlo": montecarlo, "reduce": reduce, "stencils": stencils, "files": files, "failures": failures,
     "scale": scale, "info": info}[case]()
