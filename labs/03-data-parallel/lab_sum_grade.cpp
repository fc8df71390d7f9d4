// Lab 03's grader: the sum of parlab's uniform floats in [-1, 1) at sizes
// around lanes, blocks and threads, against the exact sum computed here
// (long double, which holds every partial sum of these floats within 2^-64
// of its magnitude), then the memory roof measured in the same run.
#include <cmath>
#include <vector>

#include "labs/grading/grader.hpp"
#include "parlab/rng.hpp"
#include "parlab/roofs.hpp"

namespace parlab::labs {
namespace {

constexpr double kBound = 1e-6;          // |sum - exact| <= kBound * sum of |x|
constexpr std::size_t kTimed = 1 << 25;  // 128 MiB of floats: far beyond any cache

void correctness(Grader& g) {
  std::vector<std::size_t> sizes{0, 1, 2, 3, 7, 8, 15, 16, 17, 31, 33, 63, 64, 65, 255, 257, 1000, 4097, 65537, 1000003};
  for (int i = 0; i < 4; ++i) sizes.push_back(1 + g.rng() % 3'000'000);
  std::string list;
  for (std::size_t n : sizes) append(list, std::to_string(n));
  const json sums = g.student({"check", "--sizes", list, "--seed", g.seed_text()}).at("sums");
  std::string worst = "every size within the bound";
  bool ok = sums.size() == sizes.size();
  if (!ok) worst = std::to_string(sums.size()) + " sums for " + std::to_string(sizes.size()) + " sizes";
  double worst_ratio = 0;
  for (std::size_t k = 0; ok && k < sizes.size(); ++k) {
    std::vector<float> x(sizes[k]);
    fill_uniform(x, g.settings.seed, -1.0f, 1.0f);
    long double exact = 0, magnitude = 0;
    for (float v : x) {
      exact += v;
      magnitude += std::fabs(v);
    }
    const double got = sums[k].is_number() ? sums[k].get<double>() : NAN;
    const double err = std::fabs(static_cast<double>(got - exact)), bound = kBound * static_cast<double>(magnitude);
    if (!(err <= bound)) {
      ok = false;
      char buf[200];
      std::snprintf(buf, sizeof buf, "n = %zu: sum %.17g, exact %.17Lg, error %.3g > bound %.3g", sizes[k], got, exact, err, bound);
      worst = buf;
    } else if (bound > 0) {
      worst_ratio = std::max(worst_ratio, err / bound);
    }
  }
  if (ok) worst += " (worst: " + percent_text(worst_ratio) + " of it)";
  g.correct("sums", ok, worst, "|sum - exact| <= 1e-6 * sum |x| at " + std::to_string(sizes.size()) + " sizes, 0 to 3e6");
}

void performance(Grader& g) {
  // The roof first: the best of read, copy and triad on every core, as
  // parlab roofline measures it (STREAM's way: bytes read plus written).
  const Roofline r = measure_roofline(kTimed, g.settings.cores, std::min(g.settings.repeat, 3));
  const double roof = std::max({r.all_threads.read, r.all_threads.copy, r.all_threads.triad});
  const std::vector<std::string> args{"time", "--size", std::to_string(kTimed), "--seed", g.seed_text(),
                                      "--repeat", std::to_string(g.settings.repeat)};
  const json mine = g.student(args), ref = g.reference(args);
  const double gbs = mine.at("bytes").get<double>() / mine.at("best_s").get<double>() * 1e-9;
  char buf[160];
  std::snprintf(buf, sizeof buf, "%.1f GB/s of the %.1f GB/s roof (%d threads)", gbs, roof, mine.at("threads").get<int>());
  g.goal("memory_roof", gbs >= 0.7 * roof, std::string(buf) + ": " + percent_text(gbs / roof), ">= 70% of the memory roof");
  g.speed("sum_speed", mine.at("best_s").get<double>(), ref.at("best_s").get<double>());
}

const RegisterLab kLab{{
    .number = 3,
    .slug = "03-data-parallel",
    .title = "Data parallelism",
    .teaches = "a reduction on every lane (xsimd) and every core (OpenMP), within its error bound, at the memory roof",
    .starter_fails = {"memory_roof"},
    .correctness = correctness,
    .performance = performance,
}};

}  // namespace
}  // namespace parlab::labs
