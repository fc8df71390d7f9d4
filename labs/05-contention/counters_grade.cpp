// Lab 05's grader: exact counts for many sizes and thread counts, against
// the count made here; then the student's count against the shared atomic
// (the starter's way) on every core: >= 5x.
#include "counters.hpp"
#include "labs/grading/grader.hpp"

namespace parlab::labs {
namespace {

constexpr std::uint64_t kTimed = 1 << 24;

void correctness(Grader& g) {
  const std::vector<std::size_t> sizes{0, 1, 2, 3, 17, 1000, 65537, 1000003, 1 + g.rng() % 5'000'000};
  std::string list;
  for (std::size_t n : sizes) append(list, std::to_string(n));
  const std::uint32_t limit = static_cast<std::uint32_t>(g.rng());
  std::string wrong;
  for (int threads : {1, 2, 3, 7}) {
    const json runs = g.student({"count", "--sizes", list, "--limit", std::to_string(limit), "--threads",
                                 std::to_string(threads), "--seed", g.seed_text()}).at("runs");
    for (std::size_t k = 0; k < sizes.size() && wrong.empty(); ++k) {
      std::uint64_t want = 0;
      for (std::size_t i = 0; i < sizes[k]; ++i) want += lab05::datum(g.settings.seed, i) < limit;
      const std::uint64_t got = k < runs.size() ? runs[k].at("count").get<std::uint64_t>() : ~0ull;
      if (got != want)
        wrong = "n = " + std::to_string(sizes[k]) + ", " + std::to_string(threads) + " threads: " + std::to_string(got) +
                ", exact " + std::to_string(want);
    }
  }
  g.correct("exact_count", wrong.empty(), wrong.empty() ? "every count exact" : wrong,
            "exact, for 9 sizes (0 to 5e6) on 1, 2, 3 and 7 threads");
}

void performance(Grader& g) {
  const std::vector<std::string> args{"--size", std::to_string(kTimed), "--limit", "2147483648", "--threads",
                                      std::to_string(g.settings.cores), "--seed", g.seed_text(), "--repeat",
                                      std::to_string(g.settings.repeat)};
  auto best = [](const json& j) { return j.at("runs").at(0).at("best_s").get<double>(); };
  auto task = [&](const char* t) {
    std::vector<std::string> a{t};
    a.insert(a.end(), args.begin(), args.end());
    return a;
  };
  const double mine = best(g.student(task("count"))), shared = best(g.reference(task("shared"))),
               ref = best(g.reference(task("count")));
  g.goal("vs_shared_counter", shared / mine >= 5,
         seconds_text(mine) + " vs " + seconds_text(shared) + " with one shared atomic: " + ratio_text(shared / mine) +
             " faster on " + std::to_string(g.settings.cores) + " threads",
         ">= 5x faster");
  g.speed("count_speed", mine, ref);
}

const RegisterLab kLab{{
    .number = 5,
    .slug = "05-contention",
    .title = "Contention and false sharing",
    .teaches = "a shared counter, an atomic, counters in one cache line, padded private counters: who waits for whom",
    .starter_fails = {"vs_shared_counter"},
    .correctness = correctness,
    .performance = performance,
}};

}  // namespace
}  // namespace parlab::labs
