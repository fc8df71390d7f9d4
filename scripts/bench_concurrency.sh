#!/usr/bin/env bash
# The concurrency figures of docs/results.md, in one run on this machine:
#   1. the cost of one trace span (parlab_bench trace/span);
#   2. the cost of an empty task: oneTBB flow graph, taskgraph::run, task_group, OpenMP tasks;
#   3. tracing on against off on `parlab compare all`, runs alternated (RUNS pairs, default 5);
#   4. every demo and the task graph at scale 1.
# Usage: scripts/bench_concurrency.sh [BUILD_DIR] (default build/release).
set -euo pipefail
build=${1:-build/release}
runs=${RUNS:-5}
parlab="$build/app/parlab"
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT

"$parlab" info | grep -E '^  (cpu|logical_cpus|simd_isa|openmp_threads|git_revision) '

echo "## span cost"
"$build/bench/parlab_bench" --parlab_roofline=false --benchmark_filter='trace' \
  --benchmark_repetitions=3 --benchmark_report_aggregates_only=true

echo "## empty tasks"
"$build/bench/parlab_bench_tasks" --benchmark_repetitions=3 --benchmark_report_aggregates_only=true

echo "## tracing on vs off: parlab compare all --repeat 3 --roof-repeat 3, $runs runs each, alternated"
seconds() {  # wall seconds of "$@"
  local t0 t1
  t0=$(date +%s%N)
  "$@" >/dev/null
  t1=$(date +%s%N)
  awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.3f", (b - a) / 1e9 }'
}
off=() on=()
for i in $(seq "$runs"); do
  off+=("$(seconds "$parlab" compare all --repeat 3 --roof-repeat 3)")
  on+=("$(seconds "$parlab" compare all --repeat 3 --roof-repeat 3 --trace "$dir/t.json")")
done
median() { printf '%s\n' "$@" | sort -n | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR+1)/2] : (a[NR/2] + a[NR/2+1]) / 2}'; }
m_off=$(median "${off[@]}") m_on=$(median "${on[@]}")
echo "off: ${off[*]} s (median $m_off)"
echo "on:  ${on[*]} s (median $m_on)"
echo "on / off: $(awk -v a="$m_on" -v b="$m_off" 'BEGIN { printf "%.4f", a / b }')"
echo "spans in one trace: $(grep -c '"ph": "X"' "$dir/t.json")"

echo "## demos and task graph at scale 1"
"$parlab" demo
"$parlab" taskgraph
"$parlab" taskgraph --threads 1
