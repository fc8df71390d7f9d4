#!/usr/bin/env bash
# `parlab serve` under a real client (wrk), on loopback only: for each model
# (loop, pool, threads) and each number of connections (1, 64, 1000 by
# default), heavy requests and light ones at the same time, from two wrk
# processes, so each kind has its own throughput and latency quantiles:
#   heavy: POST /filter/gaussian_blur with a 1280x720 image, back to back,
#          on min(connections, HEAVY) connections (default HEAVY 8: enough to
#          keep every core of a small machine filtering);
#   light: GET /health on the other connections (1 at 1 connection), each
#          pausing PAUSE_MS (default 100) between requests, as health checks
#          and dashboards do.
# Also: the server's CPU use (% of all cores) and every core's busy share
# (wrk included), the server's peak resident memory, and `parlab pipeline`'s
# images/s for the same image and filter on the same cores (what the
# server's filter throughput is set against).
# Usage: scripts/bench_serve.sh [BUILD_DIR] (default build/release)
# Environment: SECONDS_EACH (default 10), CONNECTIONS (default "1 64 1000"),
# MODELS (default "loop pool threads"), FILTER (default gaussian_blur),
# SIZE (default 1280x720), HEAVY (default 8), PAUSE_MS (default 100).
set -euo pipefail
build=${1:-build/release}
parlab="$build/app/parlab"
secs=${SECONDS_EACH:-10}
connections=${CONNECTIONS:-1 64 1000}
models=${MODELS:-loop pool threads}
filter=${FILTER:-gaussian_blur}
size=${SIZE:-1280x720}
heavy_max=${HEAVY:-8}
pause=${PAUSE_MS:-100}
here=$(cd "$(dirname "$0")" && pwd)
command -v wrk >/dev/null || { echo "bench_serve: wrk is not installed (apt-get install wrk; scripts/setup.sh)" >&2; exit 1; }
ulimit -n 65536 2>/dev/null || ulimit -n "$(ulimit -Hn)"
dir=$(mktemp -d)
server=""
trap '[ -n "$server" ] && kill "$server" 2>/dev/null; rm -rf "$dir"' EXIT

"$parlab" info | grep -E '^  (cpu|logical_cpus|simd_isa|git_revision) ' || true
w=${size%x*} h=${size#*x}
python3 - "$dir/image.ppm" "$w" "$h" <<'PY'
import random, sys
path, w, h = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
rng = random.Random(7)
with open(path, "wb") as f:
    f.write(b"P6\n%d %d\n255\n" % (w, h) + rng.randbytes(w * h * 3))
PY
image="$dir/image.ppm"

# The same filter through `parlab pipeline`: 64 copies of the image, simd
# on every worker, as the server runs it.
mkdir -p "$dir/in" "$dir/out"
for i in $(seq 64); do cp "$image" "$dir/in/$i.ppm"; done
t0=$(date +%s%N)
"$parlab" pipeline -i "$dir/in" --output-dir "$dir/out" --filter "$filter" --backend simd >/dev/null
t1=$(date +%s%N)
pipeline_rate=$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.1f", 64 / ((b - a) / 1e9) }')
echo "pipeline: $filter on 64 images of $size: $pipeline_rate images/s (end to end, one process)"

cpu_ticks() {  # "busy total" per core from /proc/stat
  awk '/^cpu[0-9]/ { busy = $2 + $3 + $4 + $7 + $8; total = busy + $5 + $6; print busy, total }' /proc/stat
}

field() { sed -n "s/.*$1=\([0-9.]*\).*/\1/p" "$2"; }

server_ticks() { awk '{ print $14 + $15 }' "/proc/$1/stat"; }
hz=$(getconf CLK_TCK) cores=$(nproc)

printf '\n| model | conns heavy+light | heavy 2xx/s | heavy p50/p99/p99.9 ms | heavy non-2xx | light req/s | light p50/p99/p99.9 ms | server CPU %% of all cores | busy per core %% | peak RSS MiB |\n'
printf '|---|---|---|---|---|---|---|---|---|---|\n'
for model in $models; do
  for c in $connections; do
    heavy=$(( c < heavy_max ? c : heavy_max ))
    light=$(( c - heavy > 0 ? c - heavy : 1 ))
    "$parlab" serve --port 0 --model "$model" --max-connections $((c + 64)) --timeout 60 > "$dir/serve.out" 2>&1 &
    server=$!
    for _ in $(seq 100); do grep -q listening "$dir/serve.out" && break; sleep 0.05; done
    port=$(sed -n 's/.*127\.0\.0\.1:\([0-9]*\)\/.*/\1/p' "$dir/serve.out")
    before=$(cpu_ticks) ticks0=$(server_ticks "$server") t0=$(date +%s%N)
    threads=$(( heavy < 2 ? 1 : 2 ))
    PARLAB_BENCH_IMAGE="$image" wrk -t"$threads" -c"$heavy" -d"${secs}s" --timeout 30s -s "$here/serve_mix.lua" \
      "http://127.0.0.1:$port/filter/$filter" > "$dir/heavy.txt" 2>&1 &
    wrk_heavy=$!
    threads=$(( light < 2 ? 1 : 2 ))
    PARLAB_BENCH_IMAGE="" PARLAB_BENCH_PAUSE_MS="$pause" wrk -t"$threads" -c"$light" -d"${secs}s" --timeout 30s -s "$here/serve_mix.lua" \
      "http://127.0.0.1:$port/health" > "$dir/light.txt" 2>&1
    wait "$wrk_heavy"
    after=$(cpu_ticks) ticks1=$(server_ticks "$server") t1=$(date +%s%N)
    server_cpu=$(awk -v a="$ticks0" -v b="$ticks1" -v hz="$hz" -v n="$cores" -v t0="$t0" -v t1="$t1" \
      'BEGIN { printf "%.0f", 100 * (b - a) / hz / ((t1 - t0) / 1e9) / n }')
    busy=$(paste <(echo "$before") <(echo "$after") |
      awk '{ printf "%s%.0f", (NR > 1 ? " " : ""), 100 * ($3 - $1) / (($4 - $2) > 0 ? ($4 - $2) : 1) }')
    rss=$(awk '/VmHWM/ { printf "%.1f", $2 / 1024 }' "/proc/$server/status")
    kill -TERM "$server"
    wait "$server" || true
    server=""
    q() {  # answered 2xx/s, p50/p99/p99.9 in ms, non-2xx of one wrk output
      local n s e
      n=$(field requests "$1") s=$(field seconds "$1") e=$(field status_errors "$1")
      printf '%s | %s/%s/%s | %s' "$(awk -v n="$n" -v e="$e" -v s="$s" 'BEGIN { printf "%.1f", (n - e) / s }')" \
        "$(awk -v u="$(field p50_us "$1")" 'BEGIN { printf "%.2f", u / 1000 }')" \
        "$(awk -v u="$(field p99_us "$1")" 'BEGIN { printf "%.2f", u / 1000 }')" \
        "$(awk -v u="$(field p999_us "$1")" 'BEGIN { printf "%.2f", u / 1000 }')" \
        "$(field status_errors "$1")"
    }
    if ! grep -q RESULT "$dir/heavy.txt" || ! grep -q RESULT "$dir/light.txt"; then
      echo "bench_serve: wrk gave no result for $model at $c connections:" >&2
      cat "$dir/heavy.txt" "$dir/light.txt" >&2
      exit 1
    fi
    light_cols=$(q "$dir/light.txt")
    printf '| %s | %s+%s | %s | %s | %s | %s | %s |\n' "$model" "$heavy" "$light" "$(q "$dir/heavy.txt")" \
      "${light_cols% | *}" "$server_cpu" "$busy" "$rss"
  done
done
