#!/usr/bin/env bash
# oneTBB built with ThreadSanitizer, for the tsan preset.
#
# Why: TSan sees only the synchronisation of code it instrumented. Debian's
# libtbb is not, so a task made on one thread and run on another, a flow-graph
# message or a pipeline token is a hand-off TSan cannot see, and every such
# hand-off would be reported as a race. This builds Debian's own source of the
# installed libtbb-dev (same version, Debian's patches applied) with oneTBB's
# TBB_SANITIZE=thread, into build/tsan-tbb/install, where the tsan preset's
# TBB_DIR points. Only libtbb is built (no tbbmalloc, no tests): half a minute.
#
# Usage: scripts/tsan_tbb.sh   (idempotent: does nothing when the install is
# there for the installed version). Needs the deb-src entries and dpkg-dev
# that `scripts/setup.sh --tsan` adds.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD/build/tsan-tbb
version=$(dpkg-query -W -f='${source:Version}' libtbb-dev 2>/dev/null) || {
  echo "tsan_tbb: libtbb-dev is not installed (run scripts/setup.sh)" >&2
  exit 1
}
stamp=$root/install/.debian-version
if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$version" ]; then
  echo "tsan_tbb: oneTBB $version with TSan already built in $root/install"
  exit 0
fi
command -v dpkg-source >/dev/null || {
  echo "tsan_tbb: dpkg-source is missing (run scripts/setup.sh --tsan)" >&2
  exit 1
}

rm -rf "$root"
mkdir -p "$root/src"
echo "tsan_tbb: fetching Debian's source of onetbb $version"
# apt-get source unpacks and applies Debian's patches; as root it warns that
# the download is not sandboxed, which is harmless here.
(cd "$root/src" && apt-get source -qq "onetbb=$version" 2>&1 | grep -v "unsandboxed\|^dpkg-source: info" || true)
src=$(find "$root/src" -mindepth 1 -maxdepth 1 -type d -name 'onetbb-*' | head -1)
[ -n "$src" ] || {
  echo "tsan_tbb: apt-get source onetbb=$version gave no source tree (are the deb-src entries there? scripts/setup.sh --tsan)" >&2
  exit 1
}
cmake -S "$src" -B "$root/build" -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DCMAKE_CXX_COMPILER=clang++ \
  -DCMAKE_CXX_FLAGS_RELWITHDEBINFO="-O1 -gline-tables-only -DNDEBUG" \
  -DTBB_SANITIZE=thread -DTBB_TEST=OFF -DTBBMALLOC_BUILD=OFF -DTBB_STRICT=OFF \
  -DCMAKE_INSTALL_PREFIX="$root/install" >"$root/configure.log"
cmake --build "$root/build" -j"$(nproc)" >"$root/build.log"
cmake --install "$root/build" >/dev/null
echo "$version" >"$stamp"
echo "tsan_tbb: oneTBB $version with TSan in $root/install"
