// Lab 08's program (given): estimate() on every rank, timed by the slowest
// rank between barriers; rank 0 prints the answer.
//
//   mpirun -n 2 lab08-starter estimate --blocks 64 --seed 7
#include <mpi.h>

#include <cstdio>
#include <cstring>

#include "labs/common/lab_mpi.hpp"
#include "labs/common/lab_program.hpp"
#include "mc_ranks.hpp"

namespace {

using parlab::lab::json;

json run(std::uint64_t blocks, std::uint64_t seed, int repeat) {
  int size = 1;
  parlab::lab::mpi_check(MPI_Comm_size(MPI_COMM_WORLD, &size), "MPI_Comm_size");
  lab08::Answer a;
  const double best = parlab::lab::slowest_best(MPI_COMM_WORLD, repeat, [&] {
    a = lab08::estimate(MPI_COMM_WORLD, blocks, seed, lab08::Market{});
  });
  std::uint64_t bits = 0;
  std::memcpy(&bits, &a.payoff_sum, sizeof bits);
  char hex[24];
  std::snprintf(hex, sizeof hex, "%016llx", static_cast<unsigned long long>(bits));
  const double samples = static_cast<double>(blocks * lab08::kBlock);
  return json{{"ranks", size}, {"blocks", blocks}, {"inside", a.inside}, {"pi", 4.0 * static_cast<double>(a.inside) / samples},
              {"payoff_sum", a.payoff_sum}, {"payoff_bits", hex}, {"price", a.payoff_sum / samples}, {"best_s", best}};
}

}  // namespace

int main(int argc, char** argv) {
  parlab::lab::mpi_start(&argc, &argv);
  int rank = 0;
  MPI_Comm_rank(MPI_COMM_WORLD, &rank);
  parlab::lab::Program program("lab 08: Monte Carlo across ranks. pi and a European call, the same bits on any rank count");
  program.prints = rank == 0;
  std::string blocks = "64", seed = "1";
  int repeat = 1;
  CLI::App* t = program.task("estimate", "pi and the call's price from --blocks blocks of 65536 samples", [&] {
    return run(parlab::lab::count("--blocks", blocks, std::uint64_t{1} << 24), parlab::lab::count("--seed", seed, UINT64_MAX), repeat);
  });
  t->add_option("--blocks", blocks, "Blocks of 65536 samples");
  t->add_option("--seed", seed, "The stream");
  t->add_option("--repeat", repeat, "Timed runs; the best counts")->check(CLI::Range(1, 1000));
  const int code = program.main(argc, argv);
  // A rank that failed ends them all: the others would wait for it forever.
  if (code != 0) MPI_Abort(MPI_COMM_WORLD, code);
  MPI_Finalize();
  return code;
}
