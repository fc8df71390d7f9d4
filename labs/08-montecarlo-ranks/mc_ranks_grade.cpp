// Lab 08's grader: at 1, 2, 3 and 4 ranks the same count and the same
// payoff bits as one process adding the blocks in order (computed here,
// from the given blocks), then the efficiency at as many ranks as cores.
#include <cstring>

#include "labs/grading/grader.hpp"
#include "mc_blocks.hpp"
#include "runtime/mpi/ranks.hpp"

namespace parlab::labs {
namespace {

std::string bits_of(double v) {
  std::uint64_t b = 0;
  std::memcpy(&b, &v, sizeof b);
  char hex[24];
  std::snprintf(hex, sizeof hex, "%016llx", static_cast<unsigned long long>(b));
  return hex;
}

std::vector<std::string> args(std::uint64_t blocks, const std::string& seed, int repeat) {
  return {"estimate", "--blocks", std::to_string(blocks), "--seed", seed, "--repeat", std::to_string(repeat)};
}

// Two problems, so that a sum that is merely lucky once (another grouping
// of the additions can round the same way) is caught by the other.
void correctness(Grader& g) {
  std::string count_fault, bits_fault, what;
  for (std::uint64_t blocks : {20 + g.rng() % 30, 50 + g.rng() % 50}) {
    const std::uint64_t seed = g.rng();
    std::uint64_t inside = 0;
    double sum = 0;
    for (std::uint64_t b = 0; b < blocks; ++b) {
      inside += lab08::pi_block(seed, b);
      sum += lab08::european_block(seed, b, lab08::Market{});
    }
    for (int ranks = 1; ranks <= 4; ++ranks) {
      const json out = g.student_ranks(ranks, args(blocks, std::to_string(seed), 1));
      const std::string where = std::to_string(blocks) + " blocks on " + std::to_string(ranks) + " ranks: ";
      if (count_fault.empty() && out.at("inside").get<std::uint64_t>() != inside)
        count_fault = where + std::to_string(out.at("inside").get<std::uint64_t>()) + " inside, one process " + std::to_string(inside);
      if (bits_fault.empty() && out.at("payoff_bits").get<std::string>() != bits_of(sum))
        bits_fault = where + "payoff sum bits " + out.at("payoff_bits").get<std::string>() + ", one process " + bits_of(sum);
    }
    append(what, std::to_string(blocks), " and ");
  }
  what = "equal at 1, 2, 3 and 4 ranks, " + what + " blocks";
  g.correct("pi_count", count_fault.empty(), count_fault.empty() ? what : count_fault, "one process's count, exactly");
  g.correct("price_bits", bits_fault.empty(), bits_fault.empty() ? what : bits_fault, "one process's payoff sum, bit for bit");
}

// At as many ranks as cores (oversubscribed ranks would measure the OS).
void performance(Grader& g) {
  g.rank_efficiency("efficiency", "ranks_speed", 0.85, g.settings.cores, args(128, g.seed_text(), g.settings.repeat));
}

const RegisterLab kLab{{
    .number = 8,
    .slug = "08-montecarlo-ranks",
    .title = "Monte Carlo across ranks",
    .teaches = "MPI: blocks shared out and combined in a fixed order give one process's bits on any rank count",
    .starter_fails = {"price_bits"},
    .unavailable = [](const Settings& s) {
      if (!mpi::compiled()) return "this build has no MPI (" + mpi::build_info() + ")";
      return s.cores < 2 ? std::string("needs 2 cores for its efficiency") : std::string();
    },
    .correctness = correctness,
    .performance = performance,
}};

}  // namespace
}  // namespace parlab::labs
