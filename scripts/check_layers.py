#!/usr/bin/env python3
"""Checks that parlab's layers go one way, from the code's own #include lines.

The layers, bottom up (docs/architecture.md):
  runtime     runtime/                                    the backend runtime
  core        core/, include/parlab/                      the hub
  families    cpu/<f>/, simd/<f>/, gpu/<f>/ (one per f)   the workloads
  pipelines   pipelines/                                  concurrency and pipelines, on the registry
  labs        labs/                                       the course labs: their programs and the grader
  app, bench  app/, bench/                                the program and the benchmarks
  tests, fuzz tests/, fuzz/                               may include anything

Rules, each a failure with the file, the line and the reason:
  1. a file includes only its own layer or those below it;
  2. a family includes no other family's headers, and the layers above the
     families (pipelines, labs, app, bench) include none at all: they reach the
     kernels through the registry. Within a family, cpu/<f>/ is the base:
     it includes nothing of simd/<f>/ or gpu/<f>/ (the drivers reach the
     SIMD bodies through simd::kernel<K>() and the declarations in
     cpu/<f>/*_simd.hpp), and simd/<f>/ and gpu/<f>/ not each other;
  3. no include cycle;
  4. no two source files share a name, and a header shares its stem only
     with the source beside it (or, for include/parlab/X.hpp, core/X.cpp):
     a reader takes X.hpp and X.cpp for one pair. A lab's starter/X.cpp and
     solution/X.cpp are one file before and after the student's work, both
     implementing the lab's X.hpp beside them;
  5. a family's code is in its own namespace, parlab::<family>;
  6. every quoted include names a file that exists (a stale path after a move).
Usage: scripts/check_layers.py [ROOT]   (default: the repository holding this script)
Exit 0 when every rule holds, 1 otherwise (each violation on a line of its own).
"""
import os
import re
import sys

SOURCE = ('.cpp', '.hpp', '.cu', '.cuh', '.h', '.in')
SKIP_DIRS = {'build', '.git', 'docs', 'out'}
GENERATED = {'simd_archs.hpp': 'runtime/simd/archs.hpp.in'}  # written by CMake into the runtime's build folder
RANK = {'runtime': 0, 'core': 1, 'family': 2, 'pipelines': 3, 'labs': 4, 'app': 5, 'bench': 5, 'tests': 6, 'fuzz': 6}
STUDENT_DIRS = ('starter', 'solution')  # labs/NN-name/<these>/: the student's file, before and after
FAMILY_ROOTS = ('cpu', 'simd', 'gpu')


def layer(path):
    """(layer, family) of a repository path; None for files outside every layer."""
    top, _, rest = path.partition('/')
    if top in FAMILY_ROOTS and '/' in rest:
        return 'family', rest.split('/')[0]
    if top == 'include' and rest.startswith('parlab/'):
        return 'core', None
    if top in RANK:
        return top, None
    return None


def sources(root):
    for d, dirs, files in os.walk(root):
        dirs[:] = sorted(x for x in dirs if x not in SKIP_DIRS and not x.startswith('.'))
        for f in sorted(files):
            if f.endswith(SOURCE) and not f.startswith('.'):
                yield os.path.relpath(os.path.join(d, f), root)


INCLUDE = re.compile(r'^\s*#\s*include\s+"([^"]+)"')


def includes(root, path, known):
    """(line number, text as written, resolved repository path or None) of each quoted include."""
    out = []
    with open(os.path.join(root, path), encoding='utf-8', errors='replace') as f:
        for n, line in enumerate(f, 1):
            m = INCLUDE.match(line)
            if not m:
                continue
            inc = m.group(1)
            here = os.path.normpath(os.path.join(os.path.dirname(path), inc))
            for cand in (here, os.path.normpath('include/' + inc), os.path.normpath(inc), GENERATED.get(inc)):
                if cand in known:
                    out.append((n, inc, cand))
                    break
            else:
                out.append((n, inc, None))
    return out


NAMESPACE = re.compile(r'^\s*namespace\s+([A-Za-z_][\w:]*)\s*\{')


def check(root):
    problems = []
    files = list(sources(root))
    known = set(files)
    graph = {}
    # 4. Names. A lab's student file counts once, as if beside its header.
    def as_named(f):
        parts = f.split('/')
        if len(parts) == 4 and parts[0] == 'labs' and parts[2] in STUDENT_DIRS:
            return '/'.join(parts[:2] + parts[3:])
        return f
    named = sorted({as_named(f) for f in files})
    by_name = {}
    for f in named:
        by_name.setdefault(os.path.basename(f), []).append(f)
    for name, where in sorted(by_name.items()):
        if len(where) > 1 and not name.startswith('CMakeLists'):
            problems.append(f'{where[1]}: the name {name} is also {", ".join(w for w in where if w != where[1])}')
    by_stem = {}
    for f in named:
        by_stem.setdefault(os.path.splitext(os.path.basename(f))[0], []).append(f)
    for stem, where in sorted(by_stem.items()):
        headers = [w for w in where if w.endswith(('.hpp', '.h', '.cuh'))]
        for h in headers:
            for other in where:
                if other in headers or os.path.dirname(other) == os.path.dirname(h):
                    continue
                if h.startswith('include/parlab/') and other.startswith('core/'):
                    continue
                problems.append(f'{other}: shares its stem with {h}, which it does not implement (rename one)')
    for f in files:
        lf = layer(f)
        graph[f] = []
        for n, inc, target in includes(root, f, known):
            if target is None:
                problems.append(f'{f}:{n}: includes "{inc}", which is no file of the repository')
                continue
            graph[f].append(target)
            lt = layer(target)
            if lf is None or lt is None or lf[0] in ('tests', 'fuzz'):
                continue
            what = f'{f}:{n}: includes {target}'
            if RANK[lt[0]] > RANK[lf[0]]:
                problems.append(f'{what}, of the {lt[0]} layer, above its own ({lf[0]})')
            elif lt[0] == 'family' and lf[0] == 'family' and lt[1] != lf[1]:
                problems.append(f'{what}: the family {lf[1]} includes the family {lt[1]}')
            elif lt[0] == 'family' and lf[0] != 'family':
                problems.append(f'{what}: {lf[0]} reaches the {lt[1]} family through the registry, not its headers')
            elif lt[0] == 'family' and f.split('/')[0] != target.split('/')[0] and target.split('/')[0] != 'cpu':
                problems.append(f'{what}: within the {lf[1]} family only cpu/{lf[1]}/ is included from its other '
                                f'folders (the SIMD kernels are declared in cpu/{lf[1]}/*_simd.hpp)')
        # 5. A family's namespace.
        if lf and lf[0] == 'family':
            with open(os.path.join(root, f), encoding='utf-8', errors='replace') as src:
                for n, line in enumerate(src, 1):
                    m = NAMESPACE.match(line)
                    if m and m.group(1) != 'parlab::' + lf[1] and not m.group(1).startswith('parlab::' + lf[1] + '::') \
                            and m.group(1) not in ('cv', 'std'):
                        problems.append(f'{f}:{n}: namespace {m.group(1)} in the {lf[1]} family '
                                        f'(its code is in parlab::{lf[1]})')
    # 3. Cycles (depth-first search; each cycle reported once, by its files).
    state, stack, seen = {}, [], set()

    def visit(f):
        state[f] = 1
        stack.append(f)
        for t in graph.get(f, []):
            if state.get(t) == 1:
                cycle = stack[stack.index(t):]
                key = frozenset(cycle)
                if key not in seen:
                    seen.add(key)
                    problems.append('include cycle: ' + ' -> '.join(cycle + [t]))
            elif t in graph and state.get(t) is None:
                visit(t)
        stack.pop()
        state[f] = 2

    sys.setrecursionlimit(10000)
    for f in files:
        if state.get(f) is None:
            visit(f)
    return problems


def main():
    root = os.path.abspath(sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(__file__), '..'))
    problems = check(root)
    for p in problems:
        print('layers: ' + p)
    if problems:
        print(f'layers: {len(problems)} problem(s); the rules are in docs/architecture.md')
        return 1
    n = sum(1 for _ in sources(root))
    print(f'layers: {n} source files, every include one way, no cycle, no name twice')
    return 0


if __name__ == '__main__':
    sys.exit(main())
