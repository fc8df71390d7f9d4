#pragma once
// How every CPU backend of the Monte Carlo family splits its work: items
// [0, n) in blocks of `block`, a block's result from `run(first, count)`,
// block results added in block order. The scalar and simd backends run the
// blocks one after another; the openmp backend spreads them over threads.
// The sum is the same whatever the thread count, and the blocks are those of
// the CUDA backend, so backends differ only by what each block computes.
//
// Blocks go in batches (a batch per thread team). Each block reports its
// items as done (parlab/progress.hpp) and, once a stop is requested, the
// blocks not yet started are skipped: the result then covers the blocks that
// ran, still added in block order. The memory held is one batch's block
// results, whatever n is.
#include <algorithm>
#include <cstdint>
#include <vector>

#include "parlab/progress.hpp"
#include "parlab/trace.hpp"

namespace parlab::montecarlo {

inline constexpr std::uint64_t kBlocksPerBatch = 256;

// What a run of blocks gives: the sum of the block results and how many
// items it covers (all n, unless stopped early).
template <class Acc>
struct Blocks {
  Acc sum{};
  std::uint64_t items = 0;
};

template <class Acc, class Run>
Blocks<Acc> over_blocks(std::uint64_t n, std::uint64_t block, int threads, Run run) {
  Blocks<Acc> total;
  std::vector<Acc> part(kBlocksPerBatch);
  std::vector<std::uint64_t> items(kBlocksPerBatch);  // of each block that ran; 0: skipped
  progress::begin(static_cast<double>(n));
  for (std::uint64_t start = 0; start < n && !progress::stop_requested(); start += block * kBlocksPerBatch) {
    const std::uint64_t batch = std::min(block * kBlocksPerBatch, n - start);
    const std::int64_t blocks = static_cast<std::int64_t>((batch + block - 1) / block);
#pragma omp parallel for schedule(dynamic, 1) num_threads(threads) if (threads > 1)
    for (std::int64_t b = 0; b < blocks; ++b) {
      items[b] = 0;
      if (progress::stop_requested()) continue;
      const std::uint64_t first = start + static_cast<std::uint64_t>(b) * block, count = std::min(block, n - first);
      const trace::Scope span("block", "work");
      part[b] = run(first, count);
      items[b] = count;
      progress::advance(static_cast<double>(count));
    }
    for (std::int64_t b = 0; b < blocks; ++b)
      if (items[b]) {
        total.sum += part[b];
        total.items += items[b];
      }
  }
  return total;
}

}  // namespace parlab::montecarlo
