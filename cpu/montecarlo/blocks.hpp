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
//
// Across ranks (mpirun -n R, runtime/mpi/ranks.hpp) a batch holds R times
// as many blocks, rank r computes the r-th contiguous share of them, and
// every rank gathers every block result of the batch and adds them all in
// block order: the same additions, in the same order, as one process, so
// the sums are bitwise those of one process for any R. Whether to stop is
// agreed once per batch, so every rank runs the same batches.
#include <algorithm>
#include <cstdint>
#include <span>
#include <vector>

#include "parlab/progress.hpp"
#include "parlab/trace.hpp"
#include "runtime/mpi/ranks.hpp"

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
  struct Done {  // one block's result, and its items (0: skipped)
    Acc sum{};
    std::uint64_t items = 0;
  };
  Blocks<Acc> total;
  const std::uint64_t per_batch = kBlocksPerBatch * static_cast<std::uint64_t>(mpi::size());
  std::vector<Done> part(kBlocksPerBatch);  // a rank's share of a batch: at most this many
  progress::begin(static_cast<double>(n) / mpi::size());
  for (std::uint64_t start = 0; start < n && !mpi::any(progress::stop_requested()); start += block * per_batch) {
    const std::uint64_t batch = std::min(block * per_batch, n - start);
    const mpi::Share mine = mpi::my_share((batch + block - 1) / block);
    const std::int64_t blocks = static_cast<std::int64_t>(mine.count);
#pragma omp parallel for schedule(dynamic, 1) num_threads(threads) if (threads > 1)
    for (std::int64_t b = 0; b < blocks; ++b) {
      part[b].items = 0;
      if (progress::stop_requested()) continue;
      const std::uint64_t first = start + (mine.first + static_cast<std::uint64_t>(b)) * block;
      const std::uint64_t count = std::min(block, n - first);
      const trace::Scope span("block", "work");
      part[b].sum = run(first, count);
      part[b].items = count;
      progress::advance(static_cast<double>(count));
    }
    auto add = [&](std::span<const Done> blocks_in_order) {
      for (const Done& d : blocks_in_order)
        if (d.items) {
          total.sum += d.sum;
          total.items += d.items;
        }
    };
    const std::span<const Done> done(part.data(), mine.count);
    if (mpi::distributed())
      add(mpi::allgather(done));  // every rank's blocks, in block order
    else
      add(done);
  }
  return total;
}

}  // namespace parlab::montecarlo
