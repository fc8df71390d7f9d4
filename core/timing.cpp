#include "parlab/timing.hpp"

#include <algorithm>
#include <chrono>

namespace parlab {

double median(std::vector<double> v) {
  if (v.empty()) return 0;
  std::sort(v.begin(), v.end());
  const std::size_t m = v.size() / 2;
  return v.size() % 2 ? v[m] : 0.5 * (v[m - 1] + v[m]);
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
