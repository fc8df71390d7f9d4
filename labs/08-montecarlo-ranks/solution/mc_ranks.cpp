// Lab 08, the reference solution.
#include <vector>

#include "labs/common/lab_mpi.hpp"
#include "../mc_ranks.hpp"

namespace lab08 {

using parlab::lab::mpi_check;

// Each rank computes its contiguous share of the blocks and keeps every
// block's payoff sum; rank 0 gathers them all (in rank order, which is
// block order) and adds them one by one from block 0, as a single process
// does: the same additions in the same order, so the same bits for any
// number of ranks. The counts are integers: MPI_SUM adds them exactly.
Answer estimate(MPI_Comm comm, std::uint64_t blocks, std::uint64_t seed, const Market& m) {
  int rank = 0, size = 1;
  mpi_check(MPI_Comm_rank(comm, &rank), "MPI_Comm_rank");
  mpi_check(MPI_Comm_size(comm, &size), "MPI_Comm_size");
  auto first = [&](int r) { return blocks * static_cast<std::uint64_t>(r) / static_cast<std::uint64_t>(size); };
  std::uint64_t inside = 0;
  std::vector<double> sums;
  for (std::uint64_t b = first(rank); b < first(rank + 1); ++b) {
    inside += pi_block(seed, b);
    sums.push_back(european_block(seed, b, m));
  }
  std::vector<int> counts(static_cast<std::size_t>(size)), offsets(static_cast<std::size_t>(size));
  for (int r = 0; r < size; ++r) {
    counts[static_cast<std::size_t>(r)] = static_cast<int>(first(r + 1) - first(r));
    offsets[static_cast<std::size_t>(r)] = static_cast<int>(first(r));
  }
  std::vector<double> all(rank == 0 ? blocks : 0);
  mpi_check(MPI_Gatherv(sums.data(), static_cast<int>(sums.size()), MPI_DOUBLE, all.data(), counts.data(), offsets.data(),
                    MPI_DOUBLE, 0, comm), "MPI_Gatherv");
  Answer a;
  mpi_check(MPI_Reduce(&inside, &a.inside, 1, MPI_UINT64_T, MPI_SUM, 0, comm), "MPI_Reduce");
  for (double s : all) a.payoff_sum += s;  // block order, on rank 0
  return a;
}

}  // namespace lab08
