// Lab 02's grader: every job's result, delivered once, on the loop's
// thread; then the loop stays responsive (the 10 ms timer at most 5 ms late
// at the 99th percentile) while the jobs run on every core at once.
#include "labs/grading/grader.hpp"

namespace parlab::labs {
namespace {

// Jobs of 60..100 thousand numbers from 10^7..10^8: some tens of
// milliseconds each on one core.
std::vector<std::string> draw_jobs(Grader& g, int n) {
  std::string list;
  for (int i = 0; i < n; ++i) {
    const std::uint64_t lo = 10'000'000 + g.rng() % 90'000'000, len = 60'000 + g.rng() % 40'001;
    append(list, std::to_string(lo) + ":" + std::to_string(lo + len));
  }
  return {"run", "--jobs", list, "--threads", ""};
}

std::vector<std::string> with_threads(std::vector<std::string> args, int threads) {
  args.back() = std::to_string(threads);
  return args;
}

void correctness(Grader& g) {
  const auto jobs = with_threads(draw_jobs(g, 12), g.settings.cores);
  const json mine = g.student(jobs), ref = g.reference(jobs);
  const auto& delivered = mine.at("delivered");
  std::size_t once = 0;
  for (const json& d : delivered) once += d.get<int>() == 1;
  const bool all = once == delivered.size() && mine.at("unknown_jobs").get<int>() == 0;
  g.correct("every_result_once", all, std::to_string(once) + " of " + std::to_string(delivered.size()) + " jobs delivered once",
            "each job's result delivered exactly once");
  const bool same = mine.at("results") == ref.at("results");
  g.correct("results", same, same ? "every count equal to the reference's" : "counts differ from the reference's",
            "each job's prime count");
  const int off = mine.at("results_off_the_loop").get<int>();
  g.correct("results_on_the_loop", off == 0, std::to_string(off) + " results delivered off the loop's thread",
            "0 (the loop's data is not shared with the workers)");
}

// 64 jobs: over a second on two cores, so the 99th percentile of some 130
// ticks is not simply the worst one (a virtual machine's own pauses reach
// a few milliseconds now and then, with or without the jobs).
void performance(Grader& g) {
  const auto jobs = with_threads(draw_jobs(g, 64), g.settings.cores);
  const json mine = g.student(jobs), ref = g.reference(jobs);
  const double p99 = mine.at("lateness_p99_ms").get<double>();
  g.goal("timer_lateness", p99 <= 5,
         "p99 " + std::to_string(p99).substr(0, 5) + " ms late, max " +
             std::to_string(mine.at("lateness_max_ms").get<double>()).substr(0, 5) + " ms, over " +
             std::to_string(mine.at("ticks").get<int>()) + " ticks",
         "p99 <= 5 ms");
  const int peak = mine.at("peak_parallel_jobs").get<int>(), want = std::min(g.settings.cores, 64);
  g.goal("all_cores", peak >= want, std::to_string(peak) + " jobs at once", ">= " + std::to_string(want) + " (every core)");
  g.speed("jobs_speed", mine.at("wall_s").get<double>(), ref.at("wall_s").get<double>());
}

const RegisterLab kLab{{
    .number = 2,
    .slug = "02-responsive",
    .title = "Async is not parallel",
    .teaches = "CPU work on an event loop blocks it; a worker pool (oneTBB) keeps it responsive and uses every core",
    .starter_fails = {"timer_lateness", "all_cores"},
    .unavailable = [](const Settings& s) { return s.cores < 2 ? std::string("needs 2 cores (all_cores asks for every one)") : std::string(); },
    .correctness = correctness,
    .performance = performance,
}};

}  // namespace
}  // namespace parlab::labs
