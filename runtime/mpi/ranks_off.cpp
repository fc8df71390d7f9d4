// Stands in for runtime/mpi/ranks_mpi.cpp when MPI is not compiled in: one
// rank, collectives that return what they are given, and the reason.
#include <cstdlib>
#include <iostream>

#include "runtime/error.hpp"
#include "runtime/mpi/ranks.hpp"

#ifndef PARLAB_MPI_OFF_REASON
#define PARLAB_MPI_OFF_REASON "not compiled in"
#endif

namespace parlab::mpi {

bool compiled() { return false; }
std::string build_info() { return "not compiled in: " PARLAB_MPI_OFF_REASON; }
std::string library_version() { return ""; }
void init(int*, char***) {
  // Started by a launcher with several ranks, a build without MPI would run
  // R copies of the same single-process work, each printing: refuse instead.
  if (!launched()) return;
  for (const char* v : {"OMPI_COMM_WORLD_SIZE", "PMI_SIZE", "SLURM_STEP_NUM_TASKS"})
    if (const char* n = std::getenv(v); n && std::atoi(n) > 1)
      throw Error("started by an MPI launcher with " + std::string(n) + " ranks, but this build has no MPI (" PARLAB_MPI_OFF_REASON
                  "): rebuild with libopenmpi-dev installed");
}
void finalize() {}
bool initialised() { return false; }
void silence_other_ranks() {}
int rank() { return 0; }
int size() { return 1; }
void barrier() {}
std::vector<std::vector<std::byte>> allgather_bytes(std::span<const std::byte> mine) {
  return {std::vector<std::byte>(mine.begin(), mine.end())};
}
std::vector<std::byte> broadcast_bytes(std::span<const std::byte> mine, int) { return {mine.begin(), mine.end()}; }
double max(double v) { return v; }
double min(double v) { return v; }
std::uint64_t sum(std::uint64_t v) { return v; }
bool any(bool v) { return v; }
Exchange::~Exchange() = default;
void Exchange::receive(std::span<std::byte>, int, int) { throw Error("MPI: not compiled in: " PARLAB_MPI_OFF_REASON); }
void Exchange::send(std::span<const std::byte>, int, int) { throw Error("MPI: not compiled in: " PARLAB_MPI_OFF_REASON); }
void Exchange::wait() {}
Ending agree_on_exit(int code, const std::string& message, double) { return {code, message}; }
void abort(int code) {
  std::cerr.flush();
  std::_Exit(code);
}
double ping_pong_seconds(std::size_t, int) { throw Error("MPI ping-pong: not compiled in: " PARLAB_MPI_OFF_REASON); }

}  // namespace parlab::mpi
