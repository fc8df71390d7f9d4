#!/usr/bin/env python3
"""scripts/check_layers.py finds what it promises to: a tree with one
violation of each rule fails, naming each; the same tree without them
passes; and the repository itself passes. Usage: check_layers_check.py ROOT"""
import atexit
import os
import shutil
import subprocess
import sys
import tempfile

root = sys.argv[1]
script = os.path.join(root, 'scripts', 'check_layers.py')


def tree(files):
    d = tempfile.mkdtemp(prefix='parlab_layers_')
    atexit.register(shutil.rmtree, d, ignore_errors=True)
    for path, text in files.items():
        os.makedirs(os.path.join(d, os.path.dirname(path)), exist_ok=True)
        with open(os.path.join(d, path), 'w') as f:
            f.write(text)
    return d


def run(d):
    p = subprocess.run([sys.executable, script, d], capture_output=True, text=True)
    return p.returncode, p.stdout


good = {
    'runtime/error.hpp': '#pragma once\n',
    'include/parlab/registry.hpp': '#include "runtime/error.hpp"\n',
    'core/registry.cpp': '#include "parlab/registry.hpp"\n',
    'cpu/blas/saxpy.hpp': '#include "parlab/registry.hpp"\nnamespace parlab::blas {\n}\n',
    'cpu/blas/saxpy_kernels.cpp': '#include "cpu/blas/saxpy.hpp"\nnamespace parlab::blas {\nnamespace {\n}\n}\n',
    'cpu/blas/saxpy_simd.hpp': '#include "cpu/blas/saxpy.hpp"\nnamespace parlab::blas {\n}\n',
    'simd/blas/saxpy_isa.cpp': '#include "cpu/blas/saxpy_simd.hpp"\nnamespace parlab::blas {\n}\n',
    'cpu/image/filters.hpp': '#include "parlab/registry.hpp"\nnamespace parlab::image {\n}\n',
    'pipelines/io/read.cpp': '#include "parlab/registry.hpp"\n',
    'app/commands/run.cpp': '#include "pipelines/io/read.cpp"\n#include "parlab/registry.hpp"\n',
    'tests/blas_test.cpp': '#include "cpu/blas/saxpy.hpp"\n#include "cpu/image/filters.hpp"\n',
    # A lab: its student file before and after (one name twice, on purpose), the grader under the program.
    'labs/01-sum/sum.hpp': '#pragma once\n',
    'labs/01-sum/starter/sum.cpp': '#include "../sum.hpp"\n',
    'labs/01-sum/solution/sum.cpp': '#include "../sum.hpp"\n',
    'labs/01-sum/sum_grade.cpp': '#include "parlab/registry.hpp"\n',
    'app/commands/lab.cpp': '#include "labs/01-sum/sum.hpp"\n',
}
code, out = run(tree(good))
assert code == 0, out

bad = dict(good)
bad['runtime/openmp.cpp'] = '#include "parlab/registry.hpp"\n'                       # 1. upward
bad['cpu/blas/gemm.cpp'] = '#include "cpu/image/filters.hpp"\nnamespace parlab::blas {\n}\n'  # 2. another family
bad['app/commands/list.cpp'] = '#include "cpu/blas/saxpy.hpp"\n'                     # 2. above the families
bad['core/a.hpp'] = '#include "core/b.hpp"\n'                                        # 3. a cycle
bad['core/b.hpp'] = '#include "core/a.hpp"\n'
bad['pipelines/io/registry.cpp'] = '\n'                                              # 4. a name twice
bad['app/commands/saxpy.cpp'] = '\n'                                                 # 4. a stem paired wrongly
bad['simd/blas/dot_isa.cpp'] = 'namespace parlab::simd {\n}\n'                       # 5. a family's namespace
bad['core/stale.cpp'] = '#include "parlab/gone.hpp"\n'                               # 6. a stale include
bad['simd/blas/lanes.hpp'] = '\n'                                                    # 2. cpu/<f> above simd/<f>
bad['cpu/blas/saxpy_openmp.cpp'] = '#include "simd/blas/lanes.hpp"\nnamespace parlab::blas {\n}\n'
bad['labs/01-sum/sum_main.cpp'] = '#include "cpu/image/filters.hpp"\n'              # 2. a lab through a family's header
bad['pipelines/io/uses_lab.cpp'] = '#include "labs/01-sum/sum.hpp"\n'              # 1. pipelines below the labs
code, out = run(tree(bad))
assert code == 1, out
for needle in ['runtime/openmp.cpp:1: includes include/parlab/registry.hpp, of the core layer, above its own (runtime)',
               'cpu/blas/gemm.cpp:1: includes cpu/image/filters.hpp: the family blas includes the family image',
               'app/commands/list.cpp:1: includes cpu/blas/saxpy.hpp: app reaches the blas family through the registry',
               'include cycle: core/a.hpp -> core/b.hpp -> core/a.hpp',
               'the name registry.cpp is also',
               'app/commands/saxpy.cpp: shares its stem with cpu/blas/saxpy.hpp',
               'simd/blas/dot_isa.cpp:1: namespace parlab::simd in the blas family',
               'core/stale.cpp:1: includes "parlab/gone.hpp", which is no file of the repository',
               'cpu/blas/saxpy_openmp.cpp:1: includes simd/blas/lanes.hpp: within the blas family only cpu/blas/',
               'labs/01-sum/sum_main.cpp:1: includes cpu/image/filters.hpp: labs reaches the image family through the registry',
               'pipelines/io/uses_lab.cpp:1: includes labs/01-sum/sum.hpp, of the labs layer, above its own (pipelines)']:
    assert needle in out, f'missing: {needle}\n{out}'

code, out = run(root)
assert code == 0, out
print('check_layers: every rule caught once, the clean tree and the repository pass')
