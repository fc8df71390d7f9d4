// What runtime/mpi/ranks.hpp answers alike with and without MPI.
#include <unistd.h>

#include <cstdlib>

#include "runtime/mpi/ranks.hpp"

namespace parlab::mpi {

bool launched() {
  // Open MPI's mpirun, PMIx (srun --mpi=pmix, prrte), Hydra/PMI (MPICH, srun --mpi=pmi2).
  for (const char* v : {"OMPI_COMM_WORLD_SIZE", "PMIX_RANK", "PMI_RANK", "PMI_SIZE"})
    if (const char* s = std::getenv(v); s && *s) return true;
  return false;
}

std::string host() {
  char name[256] = {};
  gethostname(name, sizeof name - 1);
  return name;
}

std::vector<std::string> allgather(const std::string& mine) {
  std::vector<std::string> all;
  for (const auto& part : allgather_bytes(std::as_bytes(std::span(mine.data(), mine.size()))))
    all.emplace_back(reinterpret_cast<const char*>(part.data()), part.size());
  return all;
}

double in_turn(double initial, double (*step)(double carry, const void* arg), const void* arg) {
  double carry = initial;
  if (!distributed()) return step(carry, arg);
  {
    Exchange from;
    if (rank() > 0) from.receive(std::as_writable_bytes(std::span(&carry, 1)), rank() - 1, 11);
    from.wait();
  }
  carry = step(carry, arg);
  {
    Exchange to;
    if (rank() + 1 < size()) to.send(std::as_bytes(std::span(&carry, 1)), rank() + 1, 11);
    to.wait();
  }
  const auto last = broadcast_bytes(std::as_bytes(std::span(&carry, 1)), size() - 1);
  std::memcpy(&carry, last.data(), sizeof carry);
  return carry;
}

}  // namespace parlab::mpi
