#!/usr/bin/env bash
# Runs parlab on bad inputs, one after another, and prints a Markdown table:
# what was typed, the exit code, the first line of stderr, and the seconds
# it took. docs/reliability.md holds its output.
#   scripts/bad_inputs.sh [path/to/parlab]     (default: build/release/app/parlab)
set -uo pipefail
exe=$(realpath "${1:-build/release/app/parlab}")
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$work"

# Inputs: a good PPM, a text file, an empty file, a truncated PNG, files that
# declare far more pixels than they hold, a named pipe, a directory.
printf 'P6\n7 5\n255\n' > in.ppm; head -c 105 /dev/urandom >> in.ppm
mkdir -p a b out adir
cp in.ppm a/pic.ppm; cp in.ppm b/pic.ppm
echo "this is not an image" > text.png
: > empty.png
"$exe" filter sobel -i in.ppm -o good.png >/dev/null 2>&1
head -c 40 good.png > truncated.png
python3 - <<'PY'
import struct, zlib
def chunk(t, d): return struct.pack('>I', len(d)) + t + d + struct.pack('>I', zlib.crc32(t + d))
ihdr = struct.pack('>IIBBBBB', 16000, 16000, 8, 2, 0, 0, 0)
open('bomb.png', 'wb').write(b'\x89PNG\r\n\x1a\n' + chunk(b'IHDR', ihdr) + chunk(b'IDAT', b'\x78\x9c\x03\x00') + chunk(b'IEND', b''))
open('bomb.ppm', 'wb').write(b'P6\n16000 16000\n255\n' + b'x' * 100)
PY
mkfifo fifo

n=0
row() {  # row "shown command" command...
  local shown=$1; shift
  n=$((n + 1))
  local t0 t1 code msg
  t0=$(date +%s.%N)
  # The first line of stderr; the rest is read too, so a command that writes
  # more lines (a batch's summary) does not die of SIGPIPE.
  msg=$("$@" 2>&1 >/dev/null | { IFS= read -r first; cat >/dev/null; printf '%s' "$first"; })
  code=${PIPESTATUS[0]}
  t1=$(date +%s.%N)
  code=$(cat code 2>/dev/null || echo "$code"); rm -f code
  msg=${msg//|/\\|}
  printf '| %d | `%s` | %s | %s | %.1f |\n' "$n" "$shown" "$code" "${msg:0:150}" "$(echo "$t1 - $t0" | bc)"
}
p() { "$exe" "$@"; echo $? > code; }
pe() { local env=$1; shift; env "$env" "$exe" "$@"; echo $? > code; }
full() { "$exe" "$@" > /dev/full; echo $? > code; }

echo '| # | input | exit | message (stderr, first line) | s |'
echo '|---|---|---|---|---|'
row "parlab frobnicate" p frobnicate
row "parlab run reduce_median" p run reduce_median
row "run reduce_sum --size -1" p run reduce_sum --size -1
row "run reduce_sum --size lots" p run reduce_sum --size lots
row "run reduce_sum --size 2.5" p run reduce_sum --size 2.5
row "run reduce_sum --size 2^10^" p run reduce_sum --size '2^10^'
row "run reduce_sum --size 1e99" p run reduce_sum --size 1e99
row "run reduce_sum --threads 0" p run reduce_sum --threads 0
row "run reduce_sum --threads 5000" p run reduce_sum --threads 5000
row "run reduce_sum --repeat 0" p run reduce_sum --repeat 0
row "list --format xml" p list --format xml
row "run reduce_sum --backend opencl" p run reduce_sum --backend opencl
row "PARLAB_BACKEND=gpu run reduce_sum" pe PARLAB_BACKEND=gpu run reduce_sum
row "run reduce_sum --isa avx1024" p run reduce_sum --isa avx1024
row "run gaussian_blur --sigma 0" p run gaussian_blur --sigma 0
row "run gaussian_blur --sigma 1e10" p run gaussian_blur --sigma 1e10
row "run gaussian_blur --sigma ''" p run gaussian_blur --sigma ''
row "run gaussian_blur --sigma nan" p run gaussian_blur --sigma nan
row "run gaussian_blur --radius 50000" p run gaussian_blur --radius 50000
row "run gaussian_blur --radius -2" p run gaussian_blur --radius -2
row "run box_blur --radius 70000" p run box_blur --radius 70000
row "run unsharp --amount 1000" p run unsharp --amount 1000
row "run gray --width 0" p run gray --width 0
row "run gray --size 10" p run gray --size 10
row "run reduce_sum --seed -1" p run reduce_sum --seed -1
row "run reduce_sum --seed 18446744073709551616" p run reduce_sum --seed 18446744073709551616
row "run reduce_sum --seed 1.5" p run reduce_sum --seed 1.5
row "OMP_NUM_THREADS=100000 run sobel" pe OMP_NUM_THREADS=100000 run sobel --width 64 --height 64
row "montecarlo european --volatility -0.1" p montecarlo european --volatility -0.1
row "montecarlo european --maturity 0" p montecarlo european --maturity 0
row "montecarlo asian --steps 0" p montecarlo asian --steps 0
row "montecarlo pi --samples 0" p montecarlo pi --samples 0
row "montecarlo binomial" p montecarlo binomial
row "filter sobel -o out.png (no input)" p filter sobel -o out.png
row "filter reduce_sum -i in.ppm -o x.png" p filter reduce_sum -i in.ppm -o x.png
row "filter sobel -i in.ppm -i in.ppm -o out.png" p filter sobel -i in.ppm -i in.ppm -o out.png
row "filter sobel -i in.ppm -o in.ppm" p filter sobel -i in.ppm -o in.ppm
row "filter sobel -i a/pic.ppm b/pic.ppm --output-dir out" p filter sobel -i a/pic.ppm b/pic.ppm --output-dir out
row "filter sobel -i missing.png -o out.png" p filter sobel -i missing.png -o out.png
row "filter sobel -i adir -o out.png" p filter sobel -i adir -o out.png
row "filter sobel -i empty.png -o out.png" p filter sobel -i empty.png -o out.png
row "filter sobel -i text.png -o out.png" p filter sobel -i text.png -o out.png
row "filter sobel -i truncated.png -o out.png" p filter sobel -i truncated.png -o out.png
row "filter sobel -i bomb.png -o out.png (61 bytes, declares 16000x16000)" p filter sobel -i bomb.png -o out.png
row "filter sobel -i bomb.ppm -o out.png" p filter sobel -i bomb.ppm -o out.png
row "filter sobel -i /dev/zero -o out.png" p filter sobel -i /dev/zero -o out.png
row "filter sobel -i fifo -o out.png (no writer)" p filter sobel -i fifo -o out.png
row "filter sobel -i in.ppm -o no/dir/out.png" p filter sobel -i in.ppm -o no/dir/out.png
row "filter sobel -i in.ppm -o out.bmp" p filter sobel -i in.ppm -o out.bmp
row "run reduce_sum --size 1e6 > /dev/full" full run reduce_sum --size 1e6
row "run gaussian_blur --width 65535 --height 65535" p run gaussian_blur --width 65535 --height 65535
row "roofline --size 2^40" p roofline --size '2^40'
mkdir -p loop && echo "some words" > loop/a.txt && ln -sfn . loop/self
row "wordcount missing.txt" p wordcount missing.txt
row "wordcount fifo (no writer)" p wordcount fifo
row "wordcount /dev/null" p wordcount /dev/null
row "wordcount loop (holds a link to itself)" p wordcount loop
row "wordcount adir (empty directory)" p wordcount adir
row "stats text.png (21 bytes: not whole floats)" p stats text.png
row "wordcount --top -1" p wordcount --top -1
row "wordcount in.ppm --size 10" p wordcount in.ppm --size 10
mkdir -p batch && cp in.ppm batch/a.ppm && cp text.png batch/b.png && cp truncated.png batch/c.png
row "pipeline -i batch --output-dir out (a text, a truncated and a good file)" p pipeline -i batch --output-dir out --filter sobel
row "pipeline -i in.ppm --output-dir /proc" p pipeline -i in.ppm --output-dir /proc --filter sobel
row "pipeline -i in.ppm --output-dir in.ppm" p pipeline -i in.ppm --output-dir in.ppm --filter sobel
row "pipeline -i missing.ppm --output-dir out" p pipeline -i missing.ppm --output-dir out --filter sobel
row "pipeline ... --filter wordcount" p pipeline -i in.ppm --output-dir out --filter wordcount
row "pipeline ... --in-flight 0" p pipeline -i in.ppm --output-dir out --filter sobel --in-flight 0
row "PARLAB_IO=aio pipeline ..." pe PARLAB_IO=aio pipeline -i in.ppm --output-dir out --filter sobel
row "run reduce_sum --trace no/dir/t.json" p run reduce_sum --trace no/dir/t.json
row "scale reduce_sum --threads 4,2" p scale reduce_sum --threads 4,2
row "taskgraph --scale 0" p taskgraph --scale 0
"$exe" run reduce_sum --size 1000 --repeat 5 --save good.json >/dev/null
sed 's/"schema_version": 1/"schema_version": 9/' good.json > v9.json
row "run reduce_sum --save no/dir/r.json" p run reduce_sum --save no/dir/r.json
row "run reduce_sum --save out (a directory)" p run reduce_sum --save out
row "diff good.json missing.json" p diff good.json missing.json
row "diff text.png good.json (not JSON)" p diff text.png good.json
row "diff good.json v9.json (schema version 9)" p diff good.json v9.json
row "diff good.json (one file)" p diff good.json
row "report missing.json --out rep" p report missing.json --out rep
row "report good.json --out in.ppm (a file)" p report good.json --out in.ppm
row "PARLAB_PYTHON=/bin/false report good.json --out rep" pe PARLAB_PYTHON=/bin/false report good.json --out rep
echo
echo "Files left in the working folder besides the inputs: $(ls -A out | wc -l) in out/, $(ls -A | grep -c '^\.' ) hidden."
