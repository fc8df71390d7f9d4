#include "parlab/timing.hpp"

#include <algorithm>
#include <chrono>
#include <memory>

#include "parlab/machine.hpp"

namespace parlab {

double median(std::vector<double> v) {
  if (v.empty()) return 0;
  std::sort(v.begin(), v.end());
  const std::size_t m = v.size() / 2;
  return v.size() % 2 ? v[m] : 0.5 * (v[m - 1] + v[m]);
}

void evict_caches() {
  static const std::size_t n = std::max<std::size_t>(2 * last_level_cache(), std::size_t{64} << 20) / sizeof(double);
  static const std::unique_ptr<double[]> buffer = [] {
    std::unique_ptr<double[]> b(new double[n]);
#pragma omp parallel for schedule(static)
    for (std::size_t i = 0; i < n; ++i) b[i] = 1.0;
    return b;
  }();
  double sum = 0;
#pragma omp parallel for schedule(static) reduction(+ : sum)
  for (std::size_t i = 0; i < n; i += 8) sum += buffer[i];  // one read per 64-byte line
  volatile double sink = sum;
  (void)sink;
}

Timing time_repeated(int repeat, const std::function<void()>& fn) {
  using clock = std::chrono::steady_clock;
  fn();  // warm-up: page faults, caches, lazy initialisation
  std::vector<double> s;
  for (int r = 0; r < std::max(repeat, 1); ++r) {
    const auto t0 = clock::now();
    fn();
    s.push_back(std::chrono::duration<double>(clock::now() - t0).count());
  }
  return {median(s), *std::min_element(s.begin(), s.end()), static_cast<int>(s.size())};
}

}  // namespace parlab
