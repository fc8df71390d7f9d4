#!/usr/bin/env bash
# The async read stage and pipeline figures of docs/results.md, in one run:
#   1. parlab_bench_io: io_uring, blocking and sequential reads of 10 000
#      files of 4 KiB and 16 files of 64 MiB, warm and cold; the pipeline and
#      each of its stages alone;
#   2. the peer: Debian's fio with its io_uring engine on the same files,
#      warm (--invalidate=0) and cold (--invalidate=1: posix_fadvise DONTNEED).
# Usage: scripts/bench_io.sh [BUILD_DIR] (default build/release). Needs fio
# (apt-get install fio). The files stay in $TMPDIR/parlab_bench_io (1.1 GiB).
set -euo pipefail
build=${1:-build/release}
dir="${TMPDIR:-/tmp}/parlab_bench_io"
command -v fio >/dev/null || { echo "bench_io: fio is not installed (apt-get install fio)" >&2; exit 1; }

"$build/app/parlab" info | grep -E '^  (cpu|logical_cpus|simd_isa|file_reads|git_revision) '

echo "## parlab_bench_io"
"$build/bench/parlab_bench_io" --parlab_io_dir="$dir" --benchmark_repetitions=3 \
  --benchmark_report_aggregates_only=true 2>&1 | grep -E '^(read|pipeline).*_median|Run on'

echo "## fio, io_uring engine, the same files (median of 3: runtime ms, MB/s, files/s)"
fio_run() {  # set, block size, queue depth, invalidate
  local files; files=$(find "$dir/$1" -type f | wc -l)
  for i in 1 2 3; do
    fio --name="$1" --opendir="$dir/$1" --rw=read --bs="$2" --ioengine=io_uring --iodepth="$3" --thread \
      --invalidate="$4" --openfiles=64 --output-format=terse --terse-version=3 2>/dev/null |
      awk -F';' -v n="$files" '$1 == 3 { printf "%d %.1f %.0f\n", $9, $7 * 1.024 / 1000, n * 1000 / $9 }'
  done | sort -n | sed -n 2p
}
for set in small large; do
  bs=4k; [ "$set" = large ] && bs=256k
  echo "fio $set warm: $(fio_run "$set" "$bs" 64 0)"
  echo "fio $set cold: $(fio_run "$set" "$bs" 64 1)"
done
