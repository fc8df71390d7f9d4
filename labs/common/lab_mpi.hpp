#pragma once
// What the MPI labs' programs share: MPI started with errors returned (so
// that every call can be checked and its failure said in one line), every
// call checked, and a run timed by its slowest rank.
#include <mpi.h>

#include <algorithm>
#include <stdexcept>
#include <string>

namespace parlab::lab {

// Throws std::runtime_error naming the call when it failed.
inline void mpi_check(int rc, const char* what) {
  if (rc == MPI_SUCCESS) return;
  char text[MPI_MAX_ERROR_STRING];
  int length = 0;
  MPI_Error_string(rc, text, &length);
  throw std::runtime_error(std::string(what) + " failed: " + std::string(text, static_cast<std::size_t>(length)));
}

// MPI_Init, then errors returned to the caller instead of ending the job.
inline void mpi_start(int* argc, char*** argv) {
  MPI_Init(argc, argv);
  mpi_check(MPI_Comm_set_errhandler(MPI_COMM_WORLD, MPI_ERRORS_RETURN), "MPI_Comm_set_errhandler");
}

// The best of `repeat` runs of fn, each timed from a barrier to the end of
// its slowest rank (MPI_Wtime, the maximum over ranks); valid on rank 0.
template <class F>
double slowest_best(MPI_Comm comm, int repeat, F&& fn) {
  double best = 0;
  for (int r = 0; r < std::max(repeat, 1); ++r) {
    mpi_check(MPI_Barrier(comm), "MPI_Barrier");
    const double t0 = MPI_Wtime();
    fn();
    double mine = MPI_Wtime() - t0, slowest = 0;
    mpi_check(MPI_Reduce(&mine, &slowest, 1, MPI_DOUBLE, MPI_MAX, 0, comm), "MPI_Reduce");
    best = r == 0 ? slowest : std::min(best, slowest);
  }
  return best;
}

}  // namespace parlab::lab
