#!/usr/bin/env python3
"""The GPU bundle, as a person with a few minutes on a GPU machine uses it:
scripts/gpu-bundle.sh packs this build, the bundle is moved to a fresh
directory (nothing may point back into the build tree), and run.sh runs
there with an environment empty apart from PATH and OUT. Without a GPU the
CUDA steps must say "no GPU" with the reason and the CPU steps still run;
with one, no CUDA step may be skipped. Also: the bundle fits 40 MiB, loads
only its own libraries (apart from the C runtime), runs on its own C runtime
when the machine's is older, and refuses a directory that is not empty.

    gpu_bundle_check.py SOURCE_DIR BUILD_DIR

Exit 0 when all hold, 1 when not, 77 (skipped) when the build has no CUDA."""
import json
import os
import shutil
import subprocess
import sys
import tempfile

EXPECTED = {"log.txt", "summary.txt", "tests.json", "sanitizer.txt", "compare.json", "demo_gpu.json", "scale.json"}
C_RUNTIME = ("linux-vdso", "ld-linux", "libc.so", "libm.so", "libpthread", "libdl.so", "librt.so")


def fail(msg):
    print("FAIL:", msg)
    sys.exit(1)


def run(cmd, **kw):
    return subprocess.run(cmd, capture_output=True, text=True, **kw)


def run_bundle(bundle, out, extra=()):
    env = {"PATH": "/usr/bin:/bin", "OUT": out}
    p = run([f"{bundle}/run.sh", "--quick", *extra], env=env, cwd="/", timeout=900)
    if p.returncode != 0:
        fail(f"run.sh exit {p.returncode}: {p.stderr[-2000:]}\n{p.stdout[-3000:]}")
    return p.stdout


def check_results(out, gpu):
    files = set(os.listdir(out))
    if len(files) > 8:
        fail(f"run.sh wrote {len(files)} files, more than 8: {sorted(files)}")
    missing = EXPECTED - files
    if missing:
        fail(f"run.sh did not write {sorted(missing)} (wrote {sorted(files)})")
    summary = open(f"{out}/summary.txt").read()
    steps = summary.split("\nSteps\n")[1].split("\n\n")[0].splitlines()
    names = [s.split()[0] for s in steps]
    for name in ("info", "cuda_tests", "bench", "compare", "demo_gpu", "scale_reduce", "scale_pi", "memcheck",
                 "racecheck"):
        if name not in names:
            fail(f"summary.txt has no step {name}: {steps}")
    for s in steps:
        name, verdict = s.split()[0], " ".join(s.split()[1:])
        if verdict.startswith("ok"):
            continue
        if not gpu and verdict.startswith("skipped: no GPU: ") and len(verdict) > len("skipped: no GPU: ") + 5:
            continue
        if name == "nvidia_smi" and "not found" in verdict and not gpu:
            continue
        fail(f"step {name}: {verdict}")
    tests = json.load(open(f"{out}/tests.json"))
    if tests["tests"] < 100 or tests["failures"] != 0:
        fail(f"CUDA tests: {tests['tests']} run, {tests['failures']} failed")
    skipped = sum(1 for suite in tests["testsuites"] for t in suite["testsuite"] if t.get("result") == "SKIPPED")
    if gpu and skipped:
        fail(f"{skipped} CUDA tests skipped on a machine with a GPU")
    if not gpu and skipped != tests["tests"]:
        fail(f"without a GPU, {tests['tests'] - skipped} CUDA tests did not skip")
    if not gpu and "no GPU: " not in summary:
        fail("summary.txt does not say why the CUDA steps did not measure")
    compare = json.load(open(f"{out}/compare.json"))
    backends = {r["backend"] for r in compare["results"]}
    if not {"scalar", "simd", "openmp"} <= backends or gpu != ("cuda" in backends):
        fail(f"compare.json has the backends {sorted(backends)}")
    scale = json.load(open(f"{out}/scale.json"))
    if len(scale) != 2 or None in scale:
        fail(f"scale.json: {str(scale)[:200]}")
    json.load(open(f"{out}/demo_gpu.json"))
    if gpu and "bench.json" not in files:
        fail("no bench.json on a machine with a GPU")
    return summary


def main():
    source, build = (os.path.abspath(a) for a in sys.argv[1:3])
    if not os.path.exists(f"{build}/bench/parlab_bench_gpu"):
        print("SKIP: this build has no CUDA (nvcc not found at configure time): there is no bundle to make")
        sys.exit(77)
    info = run([f"{build}/app/parlab", "info"]).stdout
    gpu = any(line.split()[:3] == ["cuda", "yes", "yes"] for line in info.splitlines())
    with tempfile.TemporaryDirectory(prefix="parlab-bundle-") as tmp:
        made = f"{tmp}/made"
        p = run([f"{source}/scripts/gpu-bundle.sh", made, "--from", build])
        if p.returncode != 0:
            fail(f"gpu-bundle.sh: exit {p.returncode}: {p.stderr}")
        print(p.stdout.strip())
        size = sum(os.path.getsize(os.path.join(d, f)) for d, _, fs in os.walk(made) for f in fs)
        if size > 40 * 2**20:
            fail(f"the bundle is {size / 2**20:.1f} MiB, over 40 MiB")
        # Moved, not copied: a path into the build tree or `made` would now fail.
        bundle = f"{tmp}/elsewhere/bundle"
        os.makedirs(os.path.dirname(bundle))
        shutil.move(made, bundle)
        env = {"PATH": "/usr/bin:/bin", "LD_LIBRARY_PATH": f"{bundle}/lib"}
        for b in os.listdir(f"{bundle}/bin"):
            for line in run(["ldd", f"{bundle}/bin/{b}"], env=env).stdout.splitlines():
                lib = os.path.basename(line.split()[0])
                where = line.split("=>")[1].split()[0] if "=>" in line else lib
                if "not found" in line:
                    fail(f"{b}: {line.strip()}")
                if not where.startswith(bundle) and not lib.startswith(C_RUNTIME):
                    fail(f"{b} loads {where}, from outside the bundle")

        summary = check_results_of(run_bundle, bundle, f"{tmp}/out", gpu)
        print(summary)
        p = run([f"{bundle}/run.sh", f"{tmp}/out", "--quick"], env={"PATH": "/usr/bin:/bin"})
        if p.returncode != 2 or "not empty" not in p.stderr:
            fail(f"run.sh into a full directory: exit {p.returncode}, {p.stderr!r}")
        p = run([f"{source}/scripts/gpu-bundle.sh", f"{tmp}/out", "--from", build])
        if p.returncode != 1 or "not empty" not in p.stderr:
            fail(f"gpu-bundle.sh into a full directory: exit {p.returncode}, {p.stderr!r}")

        # A machine whose glibc is older than the build's: the bundle's own C runtime.
        manifest = f"{bundle}/MANIFEST"
        text = open(manifest).read()
        open(manifest, "w").write("\n".join("glibc_min   99.0" if l.startswith("glibc_min") else l
                                            for l in text.splitlines()) + "\n")
        summary = check_results_of(run_bundle, bundle, f"{tmp}/out2", gpu)
        if "C runtime: the bundle's glibc 99.0" not in summary:
            fail("with an older machine glibc, run.sh did not use the bundle's C runtime")
    print("gpu bundle: ok")


def check_results_of(runner, bundle, out, gpu):
    runner(bundle, out)
    return check_results(out, gpu)


if __name__ == "__main__":
    main()
