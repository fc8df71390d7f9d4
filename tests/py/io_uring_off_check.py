#!/usr/bin/env python3
"""parlab on a machine where io_uring cannot be set up (a seccomp filter, a
container, kernel.io_uring_disabled): left to itself it reads with the
blocking fallback and says why; asked for io_uring by name (--io io_uring,
PARLAB_IO=io_uring), like a --backend named, it fails with the reason
instead of falling back in silence.

io_uring is switched off for the whole machine through the sysctl
kernel.io_uring_disabled (Linux 6.6 and later) and switched back on at the
end, whatever happens: the test runs alone (RUN_SERIAL). Skipped (77) where
the sysctl is missing or cannot be written (not root).

    io_uring_off_check.py PARLAB

Exit 0 when all hold, 1 when not."""
import os
import subprocess
import sys
import tempfile

SYSCTL = "/proc/sys/kernel/io_uring_disabled"


def fail(msg):
    print("FAIL:", msg)
    sys.exit(1)


def run(cmd, env=None):
    e = dict(os.environ)
    e.pop("PARLAB_IO", None)
    e.update(env or {})
    return subprocess.run(cmd, capture_output=True, text=True, env=e, timeout=120)


def main():
    parlab = sys.argv[1]
    if not os.path.exists(SYSCTL) or not os.access(SYSCTL, os.W_OK):
        print(f"SKIP: {SYSCTL} is missing or not writable here (Linux >= 6.6, as root): io_uring cannot be switched off")
        sys.exit(77)
    before = open(SYSCTL).read().strip()
    with tempfile.TemporaryDirectory(prefix="parlab-uring-") as tmp:
        text = os.path.join(tmp, "t.txt")
        open(text, "w").write("one two two three three three\n")
        try:
            open(SYSCTL, "w").write("2\n")
            info = run([parlab, "info"]).stdout
            line = next((l for l in info.splitlines() if l.strip().startswith("file_reads")), "")
            if "blocking: io_uring cannot be set up here (" not in line:
                fail(f"parlab info does not say why io_uring is off: {line!r}")
            p = run([parlab, "wordcount", text, "--format", "json"])
            if p.returncode != 0 or '"unique"' not in p.stdout:
                fail(f"wordcount with --io left out: exit {p.returncode}: {p.stderr}")
            for cmd, env, label in (([parlab, "wordcount", text, "--io", "io_uring"], {}, "--io io_uring"),
                                    ([parlab, "wordcount", text], {"PARLAB_IO": "io_uring"}, "PARLAB_IO io_uring"),
                                    ([parlab, "pipeline", "-i", text, "--output-dir", os.path.join(tmp, "out"),
                                      "--filter", "sobel", "--io", "io_uring"], {}, "--io io_uring")):
                p = run(cmd, env)
                err = p.stderr.strip()
                if p.returncode != 1 or p.stdout or err.count("\n") != 0 or \
                        not err.startswith(f"parlab: {label}: io_uring cannot be set up here ("):
                    fail(f"{' '.join(cmd[1:])} {env}: exit {p.returncode}, stderr {err!r}, stdout {p.stdout[:200]!r}")
            if os.path.exists(os.path.join(tmp, "out")):
                fail("the pipeline that could not run made its output directory")
            p = run([parlab, "wordcount", text, "--io", "blocking"])
            if p.returncode != 0:
                fail(f"--io blocking: exit {p.returncode}: {p.stderr}")
        finally:
            open(SYSCTL, "w").write(before + "\n")
    print("io_uring off: the fallback says why, a named io_uring is an error")


if __name__ == "__main__":
    main()
