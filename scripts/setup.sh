#!/usr/bin/env bash
# Installs the Debian 12 packages parlab needs to build, test and benchmark
# (with --tests: also those only the test suite needs; with --tsan: what
# scripts/tsan_tbb.sh needs to build Debian's oneTBB source with TSan).
# Idempotent: packages already installed are skipped, and apt-get runs only
# when something is missing. Run as root (or through sudo).
set -euo pipefail

packages=(
  build-essential cmake git              # toolchain (g++ 12, CMake 3.25); git names the revision
  libxsimd-dev                            # SIMD kernels, one per ISA
  libcli11-dev                            # command-line parsing
  nlohmann-json3-dev                      # JSON reports
  librandom123-dev                        # Philox4x32-10 counter-based RNG
  libsleef-dev                            # SLEEF: vector exp, log, sincos in the option kernels
  libgtest-dev                            # unit tests
  libbenchmark-dev                        # benchmarks in bench/
  libpng-dev libjpeg-dev                  # image I/O (libpng, libjpeg-turbo)
  libabsl-dev                             # abseil's flat_hash_map: the word count's tables
  libuv1-dev pkg-config                   # libuv: the event loop of `parlab demo` (found with pkg-config)
  libtbb-dev                              # oneTBB: the flow graph of `parlab taskgraph`, the pipelines
  libboost-dev                            # Boost.Asio and Beast: `parlab serve`, and the coroutines of `parlab demo concurrency-models`
  wrk                                     # the HTTP load generator of scripts/bench_serve.sh
  liburing-dev                            # io_uring: the async read stage of `parlab pipeline`
  clang libclang-rt-14-dev                # the fuzz preset: libFuzzer with ASan + UBSan (fuzz/)
  libomp-14-dev                           # the tsan preset: LLVM's OpenMP and its Archer tool, which tells TSan of its barriers
  python3-matplotlib                      # `parlab report`: the charts
  libopenmpi-dev openmpi-bin              # MPI: `mpirun -n R parlab ...` (optional at build time, like CUDA)
)
# --tests: what only the test suite needs: the JSON Schema validator, a
# browser that renders the report page headless, SLURM with munge (the
# Slurm* tests start a one-node cluster on localhost and submit the job
# scripts of scripts/slurm/ to it), and QuantLib as an oracle.
if [ "${1:-}" = --tests ]; then
  packages+=(python3-jsonschema chromium slurm-wlm munge)
  packages+=(libquantlib0-dev)           # QuantLib: the option kernels' independent oracle (tests/quantlib_oracle_test.cpp)
fi
# --tsan: dpkg-dev unpacks a Debian source package, and apt needs deb-src
# entries for Debian's own archive (added beside the deb ones when missing).
tsan_sources=""
if [ "${1:-}" = --tsan ]; then
  packages+=(dpkg-dev)
  if ! grep -rqs '^ *\(deb-src\|Types: *deb-src\)' /etc/apt/sources.list /etc/apt/sources.list.d/; then
    tsan_sources=/etc/apt/sources.list.d/parlab-debian-src.sources
  fi
fi
# OpenCV, Halide and libvips are only benchmark peers (cpu/image/opencv_peer.cpp,
# halide_peer.cpp, vips_peer.cpp), built when present; PARLAB_NO_PEERS=1 skips
# their sizeable install.
if [ "${PARLAB_NO_PEERS:-0}" != 1 ]; then
  packages+=(libopencv-dev libhalide14-0-dev libvips-dev)
fi

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q '^install ok installed$' || missing+=("$p")
done

SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO=sudo
if [ -n "$tsan_sources" ]; then
  echo "setup: adding Debian's source archive to apt ($tsan_sources)"
  printf '%s\n' 'Types: deb-src' 'URIs: http://deb.debian.org/debian' 'Suites: bookworm bookworm-updates' \
    'Components: main' 'Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg' '' \
    'Types: deb-src' 'URIs: http://deb.debian.org/debian-security' 'Suites: bookworm-security' \
    'Components: main' 'Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg' | $SUDO tee "$tsan_sources" >/dev/null
  $SUDO apt-get update -qq
  updated=1
fi

if [ ${#missing[@]} -eq 0 ]; then
  echo "setup: all ${#packages[@]} packages already installed"
  exit 0
fi

echo "setup: installing ${missing[*]}"
[ -n "${updated:-}" ] || $SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
echo "setup: done"
