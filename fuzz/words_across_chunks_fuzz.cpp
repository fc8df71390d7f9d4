// The word tokenizer across chunk borders: any bytes, read in chunks of any
// size (the first byte picks it), counted by every CPU backend (openmp on 1
// and 3 threads), must give the scalar reference's counts exactly. A word
// cut by a chunk border, a chunk of one byte, UTF-8 cut in half, NULs: all
// counted once.
#include <cstddef>
#include <cstdint>
#include <utility>
#include <vector>

#include "parlab/data.hpp"
#include "parlab/registry.hpp"
#include "parlab/source.hpp"
#include "runtime/error.hpp"

namespace {

parlab::Data count(parlab::Backend b, const std::vector<std::byte>& text, std::size_t chunk, int threads) {
  const parlab::Kernel& k = parlab::find_kernel("wordcount");
  parlab::Params p = k.defaults();
  p.threads = threads;
  p.set("all", 1);
  parlab::Data out;
  parlab::Spans spans;
  k.variant(b)(k.read_file(parlab::memory_source("fuzz", text, chunk), p), out, p, spans);
  return out;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  const std::size_t chunk = 1 + data[0] % 64;  // small chunks: many borders in a short input
  const std::vector<std::byte> text(reinterpret_cast<const std::byte*>(data + 1),
                                    reinterpret_cast<const std::byte*>(data + size));
  const parlab::Data want = count(parlab::Backend::scalar, text, 1 << 20, 1);
  const auto& all = want.get<parlab::KeyCounts>("all");
  // simd and scalar run on one thread whatever is asked: only openmp is run on 1 and 3.
  const std::pair<parlab::Backend, int> runs[] = {{parlab::Backend::simd, 1},
                                                  {parlab::Backend::scalar, 1},
                                                  {parlab::Backend::openmp, 1},
                                                  {parlab::Backend::openmp, 3}};
  for (const auto& [b, threads] : runs) {
    const parlab::Data got = count(b, text, chunk, threads);
    if (got.get<parlab::KeyCounts>("all") != all || got.get<std::uint64_t>("words") != want.get<std::uint64_t>("words"))
      __builtin_trap();  // a word lost, split or counted twice
  }
  return 0;
}
