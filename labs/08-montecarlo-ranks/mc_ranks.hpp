#pragma once
// Lab 08, Monte Carlo across ranks: what you write, in starter/mc_ranks.cpp.
// The rest (mc_ranks_main.cpp, and the blocks below) is given.
#include <mpi.h>

#include "mc_blocks.hpp"

namespace lab08 {

struct Answer {
  std::uint64_t inside = 0;  // every block's pi_block, added
  double payoff_sum = 0;     // every block's european_block, added in block order: 0, 1, 2, ...
};

// TODO. The answer for blocks 0 .. blocks-1, each rank computing its share,
// correct on rank 0 (the others may return anything). The same bits for
// every number of ranks: the single process adds the payoff sums in block
// order, and so must you.
Answer estimate(MPI_Comm comm, std::uint64_t blocks, std::uint64_t seed, const Market& m);

}  // namespace lab08
