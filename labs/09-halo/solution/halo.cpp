// Lab 09, the reference solution.
#include <cstring>

#include "labs/common/lab_mpi.hpp"
#include "../halo.hpp"

namespace lab09 {

using parlab::lab::mpi_check;

// Rank r holds rows first(r) .. first(r+1)-1 in a buffer with one halo row
// above and below. Each step: post the receives of both halos and the sends
// of both edge rows, compute the rows that need no halo (2 .. n-1) while the
// messages travel, wait, then compute rows 1 and n. At the grid's top and
// bottom the halo is a copy of the edge row, as in one process. Every
// value is computed by the same expression from the same inputs as in one
// process: the same bits.
std::vector<float> run(MPI_Comm comm, std::uint64_t seed, int rows, int cols, int steps) {
  int rank = 0, size = 1;
  mpi_check(MPI_Comm_rank(comm, &rank), "MPI_Comm_rank");
  mpi_check(MPI_Comm_size(comm, &size), "MPI_Comm_size");
  auto first = [&](int r) { return static_cast<int>(static_cast<long long>(rows) * r / size); };
  const int n = first(rank + 1) - first(rank);
  const std::size_t w = static_cast<std::size_t>(cols);
  std::vector<float> a((static_cast<std::size_t>(n) + 2) * w), b(a.size());
  initial_rows(seed, cols, first(rank), n, a.data() + w);
  const int up = rank > 0 ? rank - 1 : MPI_PROC_NULL, down = rank + 1 < size ? rank + 1 : MPI_PROC_NULL;
  for (int s = 0; s < steps; ++s) {
    float* top_halo = a.data();
    float* bottom_halo = a.data() + (static_cast<std::size_t>(n) + 1) * w;
    MPI_Request req[4];
    mpi_check(MPI_Irecv(top_halo, cols, MPI_FLOAT, up, 0, comm, &req[0]), "MPI_Irecv");
    mpi_check(MPI_Irecv(bottom_halo, cols, MPI_FLOAT, down, 1, comm, &req[1]), "MPI_Irecv");
    mpi_check(MPI_Isend(a.data() + w, cols, MPI_FLOAT, up, 1, comm, &req[2]), "MPI_Isend");
    mpi_check(MPI_Isend(a.data() + static_cast<std::size_t>(n) * w, cols, MPI_FLOAT, down, 0, comm, &req[3]), "MPI_Isend");
    if (n > 2) step_rows(a.data(), b.data(), cols, 2, n);  // the interior, while the halos travel
    mpi_check(MPI_Waitall(4, req, MPI_STATUSES_IGNORE), "MPI_Waitall");
    if (up == MPI_PROC_NULL) std::memcpy(top_halo, a.data() + w, w * sizeof(float));
    if (down == MPI_PROC_NULL) std::memcpy(bottom_halo, a.data() + static_cast<std::size_t>(n) * w, w * sizeof(float));
    step_rows(a.data(), b.data(), cols, 1, 2);
    if (n > 1) step_rows(a.data(), b.data(), cols, n, n + 1);
    a.swap(b);
  }
  std::vector<int> counts(static_cast<std::size_t>(size)), offsets(static_cast<std::size_t>(size));
  for (int r = 0; r < size; ++r) {
    counts[static_cast<std::size_t>(r)] = (first(r + 1) - first(r)) * cols;
    offsets[static_cast<std::size_t>(r)] = first(r) * cols;
  }
  std::vector<float> grid(rank == 0 ? static_cast<std::size_t>(rows) * w : 0);
  mpi_check(MPI_Gatherv(a.data() + w, n * cols, MPI_FLOAT, grid.data(), counts.data(), offsets.data(), MPI_FLOAT, 0, comm),
        "MPI_Gatherv");
  return grid;
}

}  // namespace lab09
