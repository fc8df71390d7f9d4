// Lab 09's program (given): run() on every rank, timed by the slowest rank
// between barriers; rank 0 prints a hash of the final grid.
//
//   mpirun -n 2 lab09-starter run --rows 512 --cols 1024 --steps 200 --seed 7
#include <cstring>
#include <stdexcept>

#include "halo.hpp"
#include "labs/common/lab_mpi.hpp"
#include "labs/common/lab_program.hpp"

namespace lab09 {

void initial_rows(std::uint64_t seed, int cols, int first, int count, float* out) {
  for (std::int64_t k = 0; k < static_cast<std::int64_t>(count) * cols; ++k) {
    std::uint64_t z = seed + (static_cast<std::uint64_t>(first) * static_cast<std::uint64_t>(cols) + static_cast<std::uint64_t>(k) + 1) * 0x9E3779B97F4A7C15ull;
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    out[k] = static_cast<float>((z ^ (z >> 31)) >> 40) * 0x1p-24f;
  }
}

void step_rows(const float* in, float* out, int cols, int r0, int r1) {
  const std::size_t w = static_cast<std::size_t>(cols);
  for (int r = r0; r < r1; ++r) {
    const float* up = in + (static_cast<std::size_t>(r) - 1) * w;
    const float* mid = up + w;
    const float* down = mid + w;
    float* o = out + static_cast<std::size_t>(r) * w;
    for (std::size_t c = 0; c < w; ++c) {
      const std::size_t l = c == 0 ? 0 : c - 1, rt = c + 1 == w ? c : c + 1;
      o[c] = 0.25f * mid[c] + 0.125f * (up[c] + down[c] + mid[l] + mid[rt]) +
             0.0625f * (up[l] + up[rt] + down[l] + down[rt]);
    }
  }
}

}  // namespace lab09

namespace {

using parlab::lab::json;

json run(int rows, int cols, int steps, std::uint64_t seed, int repeat) {
  int rank = 0, size = 1;
  parlab::lab::mpi_check(MPI_Comm_rank(MPI_COMM_WORLD, &rank), "MPI_Comm_rank");
  parlab::lab::mpi_check(MPI_Comm_size(MPI_COMM_WORLD, &size), "MPI_Comm_size");
  if (rows < size) throw std::invalid_argument("--rows " + std::to_string(rows) + ": fewer rows than ranks (" + std::to_string(size) + ")");
  std::vector<float> grid;
  const double best = parlab::lab::slowest_best(MPI_COMM_WORLD, repeat, [&] {
    grid = lab09::run(MPI_COMM_WORLD, seed, rows, cols, steps);
  });
  if (rank != 0) return json::object();
  if (grid.size() != static_cast<std::size_t>(rows) * static_cast<std::size_t>(cols))
    throw std::runtime_error("run() gave rank 0 " + std::to_string(grid.size()) + " values, not rows x cols = " +
                             std::to_string(static_cast<std::size_t>(rows) * static_cast<std::size_t>(cols)));
  std::uint64_t hash = 1469598103934665603ull;  // FNV-1a over the grid's bytes
  const auto* bytes = reinterpret_cast<const unsigned char*>(grid.data());
  for (std::size_t i = 0; i < grid.size() * sizeof(float); ++i) hash = (hash ^ bytes[i]) * 1099511628211ull;
  char hex[24];
  std::snprintf(hex, sizeof hex, "%016llx", static_cast<unsigned long long>(hash));
  return json{{"ranks", size}, {"rows", rows}, {"cols", cols}, {"steps", steps}, {"hash", hex},
              {"centre", grid[static_cast<std::size_t>(rows / 2) * static_cast<std::size_t>(cols) + static_cast<std::size_t>(cols / 2)]},
              {"best_s", best}};
}

}  // namespace

int main(int argc, char** argv) {
  parlab::lab::mpi_start(&argc, &argv);
  int rank = 0;
  MPI_Comm_rank(MPI_COMM_WORLD, &rank);
  parlab::lab::Program program("lab 09: halo exchange. An iterated stencil on row bands");
  program.prints = rank == 0;
  int rows = 512, cols = 1024, steps = 200, repeat = 1;
  std::string seed = "1";
  CLI::App* t = program.task("run", "The stencil --steps times over a --rows x --cols grid", [&] {
    return run(rows, cols, steps, parlab::lab::count("--seed", seed, UINT64_MAX), repeat);
  });
  t->add_option("--rows", rows, "Rows (at least the ranks)")->check(CLI::Range(1, 1 << 20));
  t->add_option("--cols", cols, "Columns")->check(CLI::Range(1, 1 << 20));
  t->add_option("--steps", steps, "Steps")->check(CLI::Range(0, 1 << 20));
  t->add_option("--seed", seed, "The starting grid's seed");
  t->add_option("--repeat", repeat, "Timed runs; the best counts")->check(CLI::Range(1, 1000));
  const int code = program.main(argc, argv);
  if (code != 0) MPI_Abort(MPI_COMM_WORLD, code);  // the other ranks would wait forever
  MPI_Finalize();
  return code;
}
