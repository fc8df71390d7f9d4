#!/usr/bin/env bash
# parlab's GPU proof: run.sh of the bundle scripts/gpu-bundle.sh writes.
#
#   ./run.sh OUT            (or OUT=dir ./run.sh)
#   ./run.sh OUT --quick    small sizes: checks that the bundle runs, measures little
#
# Writes at most 8 files into OUT (new or empty), in about 8 minutes at most:
#   log.txt        every step's command and output, in order
#   summary.txt    what a person reads first: the steps, failed tests, the
#                  sanitizer's findings, GPU against CPU time and copy bandwidth
#   tests.json     the CUDA tests (Google Test JSON)
#   sanitizer.txt  compute-sanitizer: memcheck and racecheck over CUDA tests
#   bench.json     the CUDA benchmarks and their peers (CUB, cuRAND), kernel-only
#                  (cuda, cub, curand) and end to end (*_e2e), Google Benchmark JSON
#   compare.json   parlab compare all --save (for parlab diff / parlab report)
#   demo_gpu.json  parlab demo gpu: where the GPU pays for its copies
#   scale.json     parlab scale at 1..16 threads: [reduce_sum, montecarlo_pi]
# Every step has its own time limit and the whole run a deadline; a step that
# fails or runs out of time is recorded and the rest still run. Without a
# usable GPU the CUDA steps say why and the CPU steps still run.
set -uo pipefail

here=$(cd "$(dirname "$0")" && pwd)
quick=0
out=${OUT:-}
for a in "$@"; do
  case "$a" in
    --quick) quick=1 ;;
    -h | --help) sed -n '2,24p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    -*) echo "run.sh: unknown option '$a' (--quick, --help)" >&2; exit 2 ;;
    *) out=$a ;;
  esac
done
[ -n "$out" ] || { echo "usage: run.sh OUT [--quick]   (or OUT=dir run.sh)" >&2; exit 2; }
if [ -e "$out" ] && [ -n "$(ls -A "$out" 2>/dev/null)" ]; then
  echo "run.sh: $out: not empty (the results go to a new or empty directory)" >&2
  exit 2
fi
mkdir -p "$out" || exit 1
out=$(cd "$out" && pwd)
log=$out/log.txt
work=$(mktemp -d "${TMPDIR:-/tmp}/parlab-gpu.XXXXXX") || exit 1
trap 'rm -rf "$work"' EXIT
: >"$log"

budget=470  # seconds: 8 minutes, less the summary's
reserve=10
begin=$(date +%s)
deadline=$((begin + budget))

# ---- the C runtime: the machine's own, or the bundle's where the machine's is older
need=$(awk '$1 == "glibc_min" {print $2}' "$here/MANIFEST")
have=$(getconf GNU_LIBC_VERSION 2>/dev/null | awk '{print $2}')
if [ -n "$have" ] && [ "$(printf '%s\n%s\n' "$need" "$have" | sort -V | head -1)" = "$need" ]; then
  libc_note="the machine's glibc $have"
  run_bin() { LD_LIBRARY_PATH="$here/lib${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}" "$@"; }
else
  libc_note="the bundle's glibc $need (the machine has ${have:-an unknown one})"
  loader=$(ls "$here"/lib/libc/ld-linux*.so* | head -1)
  run_bin() { "$loader" --library-path "$here/lib/libc:$here/lib${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}" "$@"; }
fi
export -f run_bin
export here loader out work

# ---- steps
: >"$work/steps"
note() { printf '%-12s %-40s %s\n' "$1" "$2" "$3" >>"$work/steps"; }
# step NAME LIMIT_S COMMAND: runs COMMAND (bash) with its output in the log
# and in $work/NAME.out; records ok, failed (exit N) or timed out.
step() {
  local name=$1 limit=$2 cmd=$3
  local left=$((deadline - $(date +%s) - reserve))
  if [ "$left" -lt 5 ]; then
    note "$name" "skipped: out of time" "(the run's $budget s were spent)"
    return 1
  fi
  [ "$limit" -gt "$left" ] && limit=$left
  printf '\n=== %s (limit %d s) ===\n$ %s\n' "$name" "$limit" "$cmd" >>"$log"
  local t0 rc
  t0=$(date +%s)
  timeout -k 5 "$limit" bash -c "$cmd" >"$work/$name.out" 2>&1
  rc=$?
  cat "$work/$name.out" >>"$log"
  local took=$(($(date +%s) - t0))
  case $rc in
    0) note "$name" "ok" "${took} s" ;;
    124 | 137) note "$name" "timed out after $limit s" "(its output so far is in log.txt)" ;;
    *) note "$name" "failed (exit $rc)" "${took} s" ;;
  esac
  return $rc
}
skip() { note "$1" "skipped: $2" ""; printf '\n=== %s: skipped: %s ===\n' "$1" "$2" >>"$log"; }

echo "parlab GPU proof: $(date -u +%Y-%m-%dT%H:%M:%SZ), $(uname -n), ${libc_note}" >>"$log"
cat "$here/MANIFEST" >>"$log"

# 1. The machine: the driver's view, then parlab's (GPU, SMs, memory, runtime).
if command -v nvidia-smi >/dev/null; then
  step nvidia_smi 20 "nvidia-smi"
else
  skip nvidia_smi "nvidia-smi not found on the PATH"
fi
step info 30 'run_bin "$here/bin/parlab" info'
gpu_usable=$(awk '$1 == "cuda" && $2 == "yes" {print $3}' "$work/info.out")
gpu_reason=$(awk '$1 == "cuda" && $2 == "yes" {$1 = $2 = $3 = ""; sub(/^ +/, ""); print}' "$work/info.out")
[ -n "$gpu_reason" ] || gpu_reason="parlab info did not say (see log.txt)"
no_gpu="no GPU: $gpu_reason"

# 2. Every CUDA test. Without a GPU they load and skip, each with the reason.
cuda_tests='*cuda*:*Cuda*:*Gpu*'
step cuda_tests 90 "run_bin \"\$here/bin/parlab_tests\" --gtest_filter='$cuda_tests' --gtest_output=json:\"\$out/tests.json\""

# 3. The CUDA benchmarks with their peers, then parlab's own comparisons.
if [ "$gpu_usable" = yes ]; then
  min_time=0.2
  [ $quick = 1 ] && min_time=0.01
  step bench 90 "run_bin \"\$here/bin/parlab_bench\" --benchmark_filter='/(cuda|cub|curand)' \
    --benchmark_min_time=$min_time --benchmark_out=\"\$out/bench.json\" --benchmark_out_format=json"
else
  skip bench "$no_gpu"
fi
sizes=""
[ $quick = 1 ] && sizes="--width 257 --height 131 --size 100003 --samples 100003 --paths 1001 --roof-repeat 2"
step compare 90 "run_bin \"\$here/bin/parlab\" compare all $sizes --save \"\$out/compare.json\""
if [ "$gpu_usable" = yes ]; then
  scale_demo=""
  [ $quick = 1 ] && scale_demo="--scale 0.01"
  step demo_gpu 40 "run_bin \"\$here/bin/parlab\" demo gpu $scale_demo --format json >\"\$out/demo_gpu.json\""
else
  step demo_gpu 40 "run_bin \"\$here/bin/parlab\" demo gpu --format json >\"\$out/demo_gpu.json\""
fi

# 4. CPU scaling beyond this project's 2-core machines: a memory-bound and a compute-bound kernel.
threads=1,2,4,8,16
[ $quick = 1 ] && threads=1,2
small_reduce="" small_pi=""
[ $quick = 1 ] && small_reduce="--size 100003" small_pi="--samples 100003"
step scale_reduce 35 "run_bin \"\$here/bin/parlab\" scale reduce_sum --threads $threads $small_reduce --save \"\$work/scale_reduce.json\""
step scale_pi 35 "run_bin \"\$here/bin/parlab\" scale montecarlo_pi --threads $threads $small_pi --save \"\$work/scale_pi.json\""
{
  printf '['
  [ -s "$work/scale_reduce.json" ] && cat "$work/scale_reduce.json" || printf 'null'
  printf ','
  [ -s "$work/scale_pi.json" ] && cat "$work/scale_pi.json" || printf 'null'
  printf ']\n'
} >"$out/scale.json"

# 5. compute-sanitizer, last: the slowest step, cut short by the deadline
#    before anything else is. memcheck over one awkward size of every CUDA
#    kernel; racecheck over the kernels that share memory within a block.
sanitizer=$(command -v compute-sanitizer || ls -d /usr/local/cuda*/bin/compute-sanitizer /opt/nvidia/*/compute-sanitizer 2>/dev/null | sort -V | tail -1)
memcheck_tests='Registry/EveryKernel.*_cuda_n17:Contenders/ImageKernels.*/cuda_*_17x13:Contenders/ReduceSizes.*/cuda_n513'
racecheck_tests='Registry/EveryKernel.*_cuda_n1000:Contenders/ImageKernels.*/cuda_gauss_sigma1_1000x999'
if [ "$gpu_usable" != yes ]; then
  skip memcheck "$no_gpu"
  skip racecheck "$no_gpu"
  echo "compute-sanitizer did not run: $no_gpu" >"$out/sanitizer.txt"
elif [ -z "$sanitizer" ]; then
  skip memcheck "compute-sanitizer not found (PATH, /usr/local/cuda*/bin)"
  skip racecheck "compute-sanitizer not found (PATH, /usr/local/cuda*/bin)"
  echo "compute-sanitizer not found (PATH, /usr/local/cuda*/bin)" >"$out/sanitizer.txt"
else
  export sanitizer
  step memcheck 120 "run_bin \"\$sanitizer\" --tool memcheck --leak-check full --error-exitcode 1 \
    \"\$here/bin/parlab_tests\" --gtest_filter='$memcheck_tests'"
  step racecheck 60 "run_bin \"\$sanitizer\" --tool racecheck --racecheck-report hazard --error-exitcode 1 \
    \"\$here/bin/parlab_tests\" --gtest_filter='$racecheck_tests'"
  { echo "== memcheck"; cat "$work/memcheck.out" 2>/dev/null; echo "== racecheck"; cat "$work/racecheck.out" 2>/dev/null; } >"$out/sanitizer.txt"
fi

# ---- summary.txt
took=$(($(date +%s) - begin))
{
  echo "parlab GPU proof, $(date -u +%Y-%m-%dT%H:%M:%SZ) on $(uname -n): $took s of the $budget s budget"
  grep -E '^(revision|cuda) ' "$here/MANIFEST"
  echo "C runtime: $libc_note"
  grep -E '^  (gpu|cpu|logical_cpus|memory_available) ' "$work/info.out" 2>/dev/null
  [ "$gpu_usable" = yes ] || echo "  => $no_gpu: the CUDA steps did not measure anything"
  echo
  echo "Steps"
  cat "$work/steps"
  echo
  echo "CUDA tests"
  if [ -s "$work/cuda_tests.out" ]; then
    grep -E '^\[==========\] [0-9]+ tests? from' "$work/cuda_tests.out" | tail -1
    grep -E '^\[  PASSED  \]|^\[  SKIPPED \] [0-9]+ tests?' "$work/cuda_tests.out"
    failed=$(grep -E '^\[  FAILED  \] [^0-9]' "$work/cuda_tests.out" | sort -u)
    if [ -n "$failed" ]; then echo "failed:"; echo "$failed"; else echo "failed: none"; fi
    [ "$gpu_usable" = yes ] || awk '/: Skipped$/ {getline; print "skipped because: " $0; exit}' "$work/cuda_tests.out"
  else
    echo "did not run (see log.txt)"
  fi
  echo
  echo "compute-sanitizer"
  if [ -s "$work/memcheck.out" ] || [ -s "$work/racecheck.out" ]; then
    grep -h -E 'ERROR SUMMARY|RACECHECK SUMMARY|Invalid|Race reported|Hazard' "$work/memcheck.out" "$work/racecheck.out" 2>/dev/null | sort | uniq -c | head -20
  else
    head -1 "$out/sanitizer.txt"
  fi
  echo
  echo "GPU against CPU (parlab compare all; time_ms includes the copies, kernel_ms does not;"
  echo "% limit: the time the binding roof allows, the device's copy and memory bandwidth for cuda)"
  if [ -s "$work/compare.out" ]; then
    awk '/^Memory bandwidth/,/^$/' "$work/compare.out"
    awk '/^Every usable backend/{on = 1} /^Checks and values/{on = 0} on' "$work/compare.out"
  else
    echo "did not run (see log.txt)"
  fi
  if [ -s "$work/bench.out" ]; then
    echo "CUDA benchmarks (kernel-only: cuda, cub, curand; end to end: *_e2e)"
    grep -E '/(cuda|cub|curand)' "$work/bench.out" | awk '{print "  " $0}' | head -60
  fi
  echo
  echo "Files: $(cd "$out" && ls | tr '\n' ' ')"
} >"$out/summary.txt"
cat "$out/summary.txt"
