// Lab 09's grader: the final grid at 1, 2, 3 and 4 ranks equal, byte for
// byte (by its hash), to the reference solution's on one process, for grids
// whose rows divide by no rank count; then the efficiency at 2 ranks.
#include <tuple>

#include "labs/grading/grader.hpp"
#include "runtime/mpi/ranks.hpp"

namespace parlab::labs {
namespace {

std::vector<std::string> args(int rows, int cols, int steps, const std::string& seed, int repeat) {
  return {"run", "--rows", std::to_string(rows), "--cols", std::to_string(cols), "--steps", std::to_string(steps),
          "--seed", seed, "--repeat", std::to_string(repeat)};
}

void correctness(Grader& g) {
  std::string fault, what;
  for (auto [rows, cols, steps] : {std::tuple{5, 3, 4}, std::tuple{static_cast<int>(37 + g.rng() % 40), static_cast<int>(1 + g.rng() % 70), 9}}) {
    const auto a = args(rows, cols, steps, g.seed_text(), 1);
    const std::string want = g.reference_ranks(1, a).at("hash").get<std::string>();
    for (int ranks = 1; ranks <= 4 && fault.empty(); ++ranks) {
      const std::string got = g.student_ranks(ranks, a).at("hash").get<std::string>();
      if (got != want)
        fault = std::to_string(rows) + " x " + std::to_string(cols) + ", " + std::to_string(steps) + " steps on " +
                std::to_string(ranks) + " ranks: grid hash " + got + ", one process " + want;
    }
    append(what, std::to_string(rows) + " x " + std::to_string(cols), " and ");
  }
  g.correct("grid_equal", fault.empty(), fault.empty() ? "equal at 1, 2, 3 and 4 ranks, " + what : fault,
            "one process's grid, byte for byte");
}

void performance(Grader& g) {
  g.rank_efficiency("efficiency", "halo_speed", 0.8, 2, args(512, 1024, 300, g.seed_text(), g.settings.repeat));
}

const RegisterLab kLab{{
    .number = 9,
    .slug = "09-halo",
    .title = "Halo exchange",
    .teaches = "MPI: an iterated stencil on row bands, halos exchanged without blocking while the interior is computed",
    .starter_fails = {"efficiency"},
    .unavailable = [](const Settings& s) {
      if (!mpi::compiled()) return "this build has no MPI (" + mpi::build_info() + ")";
      return s.cores < 2 ? std::string("needs 2 cores for its efficiency at 2 ranks") : std::string();
    },
    .correctness = correctness,
    .performance = performance,
}};

}  // namespace
}  // namespace parlab::labs
