#!/usr/bin/env python3
"""The hand-out, end to end, as an instructor and a student go through it:
`cmake --install` into a fresh prefix, `parlab lab pack` from the installed
parlab, the students' tree configured with find_package(parlab) and built,
then `./grade 1` there: the starter graded against the compiled reference
(it fails, for its reasons), and the reference graded as a student (it
passes). The tree must hold no solution and no grading code.

    lab_pack_check.py BUILD_DIR

Exit 0 when all hold, 1 when not."""
import os
import subprocess
import sys
import tempfile


def fail(msg):
    print("FAIL:", msg)
    sys.exit(1)


def run(cmd, **kw):
    p = subprocess.run(cmd, capture_output=True, text=True, **kw)
    return p


def main():
    build = os.path.abspath(sys.argv[1])
    with tempfile.TemporaryDirectory(prefix="parlab-pack-") as tmp:
        prefix, tree = f"{tmp}/prefix", f"{tmp}/handout"
        p = run(["cmake", "--install", build, "--prefix", prefix])
        if p.returncode != 0:
            fail(f"cmake --install: {p.stderr[-2000:]}")
        parlab = f"{prefix}/bin/parlab"
        p = run([parlab, "lab", "pack", tree])
        if p.returncode != 0:
            fail(f"parlab lab pack: exit {p.returncode}: {p.stderr}")
        for d, _, files in os.walk(tree):
            if os.path.basename(d) == "solution" or any(f.endswith("_grade.cpp") for f in files):
                fail(f"the students' tree holds {d}: a solution or grading code")
        again = run([parlab, "lab", "pack", tree])
        if again.returncode != 2 or "not an empty directory" not in again.stderr:
            fail(f"pack into a full directory: exit {again.returncode}: {again.stderr}")
        p = run(["cmake", "-S", tree, "-B", f"{tree}/build", f"-DCMAKE_PREFIX_PATH={prefix}"])
        if p.returncode != 0:
            fail(f"configuring the students' tree with find_package(parlab): {p.stdout[-2000:]} {p.stderr[-2000:]}")
        p = run(["cmake", "--build", f"{tree}/build", "-j2", "--target", "lab01-starter", "lab03-starter"])
        if p.returncode != 0:
            fail(f"building the students' tree: {p.stdout[-3000:]} {p.stderr[-2000:]}")
        env = dict(os.environ, PARLAB=parlab)
        starter = run([f"{tree}/grade", "1", "--seed", "1", "--format", "json"], env=env)
        if starter.returncode != 1 or '"settled_outcomes"' not in starter.stdout:
            fail(f"./grade 1 on the starter: exit {starter.returncode}: {starter.stdout[-1500:]} {starter.stderr}")
        ref = run([parlab, "lab", "check", "1", "--student", f"{tree}/reference/lab01-solution",
                   "--reference", f"{tree}/reference/lab01-solution"], env=env)
        if ref.returncode != 0:
            fail(f"the packed reference graded as a student: exit {ref.returncode}: {ref.stdout[-1500:]}")
        # The installed headers and libraries serve a program of one's own, too.
        with open(f"{tmp}/own.cpp", "w") as f:
            f.write('#include "parlab/registry.hpp"\n#include <cstdio>\n'
                    'int main() { std::printf("%zu\\n", parlab::kernels().size()); }\n')
        os.makedirs(f"{tmp}/own")
        with open(f"{tmp}/own/CMakeLists.txt", "w") as f:
            f.write("cmake_minimum_required(VERSION 3.25)\nproject(own CXX)\nset(CMAKE_CXX_STANDARD 20)\n"
                    "find_package(parlab REQUIRED)\nadd_executable(own ../own.cpp)\n"
                    "target_link_libraries(own PRIVATE parlab::families)\n")
        p = run(["cmake", "-S", f"{tmp}/own", "-B", f"{tmp}/own/build", f"-DCMAKE_PREFIX_PATH={prefix}"])
        q = run(["cmake", "--build", f"{tmp}/own/build"]) if p.returncode == 0 else p
        n = run([f"{tmp}/own/build/own"]) if q.returncode == 0 else q
        if n.returncode != 0 or int(n.stdout.strip() or 0) < 10:
            fail(f"a project of one's own on find_package(parlab): {p.stderr[-800:]} {q.stdout[-1500:]} {n.stdout}")
        print(f"ok: installed, packed, built with find_package(parlab) and graded; {n.stdout.strip()} kernels registered "
              f"in a program of one's own")


if __name__ == "__main__":
    main()
