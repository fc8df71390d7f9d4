#!/usr/bin/env bash
# The map-reduce figures of docs/results.md, in one run on this machine:
#   1. every backend on the built-in inputs, beside std::unordered_map (parlab_bench);
#   2. the kernels on a 256 MiB file of their input, warm and cold, beside reading it alone (parlab_bench_files);
#   3. the coreutils pipeline tr | sort | uniq -c on the same file;
#   4. a 1 GiB text file counted by `parlab wordcount` and `parlab histogram`: time and peak RSS.
# Usage: scripts/bench_mapreduce.sh [BUILD_DIR] (default build/release). Needs GNU time (/usr/bin/time).
set -euo pipefail
build=${1:-build/release}
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
text="$dir/wordcount.input"  # the word count's built-in text, written by parlab_bench_files

echo "## parlab_bench: built-in inputs"
"$build/bench/parlab_bench" --benchmark_filter='histogram|wordcount|stats' \
  --benchmark_repetitions=3 --benchmark_report_aggregates_only=true

echo "## parlab_bench_files: a 256 MiB text file, warm and cold"
"$build/bench/parlab_bench_files" --parlab_file_mib=256 --parlab_keep="$dir" \
  --benchmark_repetitions=3 --benchmark_report_aggregates_only=true

echo "## coreutils: tr | tr | sort | uniq -c | sort -rn on the same file"
start=$(date +%s%N)
tr -cs 'A-Za-z0-9\200-\377' '\n' <"$text" | tr 'A-Z' 'a-z' | LC_ALL=C sort | uniq -c | LC_ALL=C sort -rn >"$dir/top.txt"
head -3 "$dir/top.txt"
end=$(date +%s%N)
echo "coreutils pipeline: $(( (end - start) / 1000000 )) ms for 256 MiB"

echo "## 1 GiB: wall time and peak RSS"
for i in 1 2 3 4; do cat "$text"; done >"$dir/text_1g.txt"
rm -f "$text"
for k in wordcount histogram; do
  /usr/bin/time -f "$k 1 GiB: %e s, peak RSS %M KiB" "$build/app/parlab" "$k" "$dir/text_1g.txt" --format csv >/dev/null
done
