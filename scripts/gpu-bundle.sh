#!/usr/bin/env bash
# Builds a relocatable bundle that proves the CUDA backend on a machine with
# an NVIDIA GPU in one command (docs/gpu.md):
#
#   scripts/gpu-bundle.sh DIR                 build the release preset with CUDA for sm_90, then bundle
#   scripts/gpu-bundle.sh DIR --from BUILD    bundle an existing build tree (its CUDA compiled in)
#
# then, on the GPU machine:  DIR/run.sh OUT
#
# DIR holds bin/ (parlab, parlab_tests, parlab_bench), lib/ (every shared
# library they load apart from the C runtime and the NVIDIA driver, found
# with ldd), lib/libc/ (the C runtime, used only where the machine's glibc is
# older than the one the bundle was built against), run.sh and MANIFEST.
# DIR must not exist or be empty; it is written under a temporary name and
# renamed when complete.
set -euo pipefail

usage() {
  echo "usage: scripts/gpu-bundle.sh DIR [--from BUILD_DIR]" >&2
  exit 2
}
die() {
  echo "gpu-bundle: $*" >&2
  exit 1
}

[ $# -ge 1 ] || usage
dir=$1
shift
from=""
while [ $# -gt 0 ]; do
  case "$1" in
    --from) [ $# -ge 2 ] || usage; from=$2; shift 2 ;;
    -h | --help) sed -n '2,16p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "gpu-bundle: unknown argument '$1'" >&2; usage ;;
  esac
done
if [ -e "$dir" ] && [ -n "$(ls -A "$dir" 2>/dev/null)" ]; then
  die "$dir: not empty (the bundle is written to a new or empty directory)"
fi
root=$(cd "$(dirname "$0")/.." && pwd)
start=$(date +%s)

if [ -z "$from" ]; then
  command -v nvcc >/dev/null || [ -x /usr/local/cuda/bin/nvcc ] || die "nvcc not found: the bundle needs the CUDA toolkit to build"
  cd "$root"
  cmake --preset release -DPARLAB_CUDA=ON -DCMAKE_CUDA_ARCHITECTURES=90 >/dev/null
  cmake --build --preset release -j"$(nproc)" --target parlab parlab_tests parlab_bench_gpu
  from=$root/build/release
fi
from=$(cd "$from" && pwd)
parlab=$from/app/parlab
tests=$from/tests/parlab_tests
bench=$from/bench/parlab_bench_gpu
for f in "$parlab" "$tests" "$bench"; do
  [ -x "$f" ] || die "$f: not built (the build needs CUDA: cmake --preset release -DPARLAB_CUDA=ON)"
done
# The architectures nvcc was given, as the build files have them.
archs=$(grep -rhos -- '--generate-code=[^ ]*' "$from"/cpu/*/CMakeFiles/*/flags.make | sort -u | tr '\n' ' ')
case "$archs" in
  *sm_90*) ;;
  *) die "$from: not built for sm_90 (found: ${archs:-no CUDA code}; configure with -DCMAKE_CUDA_ARCHITECTURES=90)" ;;
esac

# ---- the tree, under a temporary name beside DIR
mkdir -p "$(dirname "$dir")"
tmp=$(mktemp -d "$(dirname "$dir")/.gpu-bundle.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
mkdir -p "$tmp/bin" "$tmp/lib/libc"
cp "$parlab" "$tmp/bin/parlab"
cp "$tests" "$tmp/bin/parlab_tests"
cp "$bench" "$tmp/bin/parlab_bench"
# Symbols stay for compute-sanitizer's backtraces; only what no one reads goes.
strip --strip-unneeded "$tmp"/bin/*

# The C runtime: the machine's own where it is new enough (run.sh decides).
is_libc() {
  case "$(basename "$1")" in
    ld-linux*.so* | libc.so* | libm.so* | libpthread.so* | libdl.so* | librt.so* | libutil.so* | libresolv.so* | \
      libmvec.so*) return 0 ;;
  esac
  return 1
}
# The NVIDIA driver's libraries come from the GPU machine, never from here.
is_driver() {
  case "$(basename "$1")" in
    libcuda.so* | libnvidia-*.so* | libnvcuvid.so* | libcudadebugger.so*) return 0 ;;
  esac
  return 1
}
ldd "$tmp"/bin/* | awk '$2 == "=>" && $3 ~ /^\// {print $3} $1 ~ /^\// && $2 ~ /^\(0x/ {print $1}' | sort -u |
  while read -r lib; do
    if is_driver "$lib"; then continue; fi
    if is_libc "$lib"; then cp -L "$lib" "$tmp/lib/libc/$(basename "$lib")"; else cp -L "$lib" "$tmp/lib/"; fi
  done
if ldd "$tmp"/bin/* | grep -q "not found"; then
  ldd "$tmp"/bin/* | grep "not found" >&2
  die "a library the binaries load is missing here"
fi

cp "$root/scripts/gpu-bundle-run.sh" "$tmp/run.sh"
chmod +x "$tmp/run.sh"
glibc=$(getconf GNU_LIBC_VERSION | awk '{print $2}')
{
  echo "parlab GPU bundle"
  echo "revision    $(git -C "$root" rev-parse --short=12 HEAD 2>/dev/null || echo unknown)"
  echo "built       $(date -u +%Y-%m-%dT%H:%M:%SZ) on $(uname -n), glibc $glibc"
  nvcc_version=$(sed -n 's/^set(CMAKE_CUDA_COMPILER_VERSION "\(.*\)")/\1/p' "$from"/CMakeFiles/*/CMakeCUDACompiler.cmake | awk 'NR == 1')
  echo "cuda        nvcc ${nvcc_version:-unknown}, $archs"
  echo "glibc_min   $glibc"
  echo "files"
  (cd "$tmp" && find . -type f ! -name MANIFEST | sort | xargs ls -l | awk '{printf "  %10d  %s\n", $5, $9}')
} >"$tmp/MANIFEST"

chmod 755 "$tmp"
[ -d "$dir" ] && rmdir "$dir"
mv "$tmp" "$dir"
trap - EXIT
size=$(du -sm "$dir" | cut -f1)
echo "gpu-bundle: $dir: ${size} MiB in $(find "$dir" -type f | wc -l) files, built in $(($(date +%s) - start)) s"
echo "gpu-bundle: on the GPU machine: $dir/run.sh OUT   (docs/gpu.md)"
