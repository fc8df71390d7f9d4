#!/usr/bin/env bash
# Large loads, one after another, each with its wall time, peak RSS and exit
# code, as a Markdown table (docs/reliability.md holds its output):
#   100 000 small files through wordcount, stats and pipeline; 1 GiB of text;
#   a 20 GiB sparse file (holes read as zeros); 10^12 Monte Carlo samples,
#   stopped by SIGINT after SECONDS (default 20) to show the progress and the
#   clean stop.
#   scripts/loads.sh [path/to/parlab] [SECONDS]   (default: build/release/app/parlab)
# Needs about 1.2 GiB of disk in $TMPDIR (the sparse file takes no space).
set -uo pipefail
exe=$(realpath "${1:-build/release/app/parlab}")
stop_after=${2:-20}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$work"

echo "making the inputs in $work ..." >&2
mkdir -p many_text many_values many_images out
python3 - <<'PY'
import os, struct
for i in range(100_000):
    with open(f"many_text/t{i:06d}.txt", "w") as f:
        f.write(f"alpha beta gamma w{i}\n")
    with open(f"many_values/v{i:06d}.bin", "wb") as f:
        f.write(struct.pack("<4d", i, i + 0.5, -i, 1e-3 * i))
    with open(f"many_images/m{i:06d}.pgm", "wb") as f:
        f.write(b"P5\n4 3\n255\n" + bytes((i + k) % 256 for k in range(12)))
words = [b"lorem", b"ipsum", b"dolor", b"sit", b"amet", b"parallel", b"concurrent", b"kernel"]
with open("text_1g.txt", "wb") as f:
    line = b" ".join(words * 8) + b"\n"
    block = line * ((1 << 20) // len(line) + 1)
    written = 0
    while written < (1 << 30):
        take = block[: (1 << 30) - written]
        f.write(take)
        written += len(take)
PY
truncate -s 20G sparse_20g.bin

echo "| load | command | exit | wall s | peak RSS MiB | last line of stderr |"
echo "|---|---|---|---|---|---|"
row() {  # row "load" "shown command" command...
  local load=$1 shown=$2; shift 2
  /usr/bin/time -f "%e %M" -o time.txt "$@" >out.txt 2>err.txt
  local code=$?
  read -r wall kib < <(tail -n 1 time.txt)  # after "Command exited with non-zero status N"
  local last
  last=$(grep -v '^\s*$' err.txt | tail -n 1 | tr '|' '/' | cut -c1-120)
  printf '| %s | `%s` | %s | %s | %s | %s |\n' "$load" "$shown" "$code" "$wall" "$((kib / 1024))" "$last"
}
row "100 000 files" "parlab wordcount many_text/" "$exe" wordcount many_text/
row "100 000 files" "parlab stats many_values/" "$exe" stats many_values/
row "100 000 files" "parlab pipeline -i many_images/ --output-dir out/ --filter sobel" \
  "$exe" pipeline -i many_images/ --output-dir out/ --filter sobel
row "1 GiB of text" "parlab wordcount text_1g.txt" "$exe" wordcount text_1g.txt
row "20 GiB sparse file" "parlab histogram sparse_20g.bin" "$exe" histogram sparse_20g.bin
row "20 GiB sparse file" "parlab wordcount sparse_20g.bin" "$exe" wordcount sparse_20g.bin
row "10^12 samples, SIGINT after ${stop_after} s" "parlab montecarlo pi --samples 1e12" \
  timeout --preserve-status -s INT "$stop_after" "$exe" montecarlo pi --samples 1e12
echo >&2
echo "the Monte Carlo run's output when stopped:" >&2
cat out.txt >&2
