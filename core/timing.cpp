#include "parlab/timing.hpp"

#include <sys/mman.h>

#include <algorithm>
#include <chrono>
#include <cstdlib>
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
  // In 2 MiB pages where the kernel has them (transparent huge pages on
  // request): 32 page faults for 64 MiB instead of 16 384, which took most
  // of a small `parlab run` (0.13 of its 0.16 s) and more under mpirun, one
  // buffer per rank.
  constexpr std::size_t kHuge = std::size_t{2} << 20;
  static const std::size_t bytes =
      (std::max<std::size_t>(2 * last_level_cache(), std::size_t{64} << 20) + kHuge - 1) / kHuge * kHuge;
  static const std::size_t n = bytes / sizeof(double);
  static const std::unique_ptr<double, decltype(&std::free)> buffer = [] {
    auto* b = static_cast<double*>(std::aligned_alloc(kHuge, bytes));
    if (!b) throw std::bad_alloc();
    madvise(b, bytes, MADV_HUGEPAGE);  // advice only: without it, 4 KiB pages as before
#pragma omp parallel for schedule(static)
    for (std::size_t i = 0; i < n; ++i) b[i] = 1.0;
    return std::unique_ptr<double, decltype(&std::free)>(b, &std::free);
  }();
  double sum = 0;
#pragma omp parallel for schedule(static) reduction(+ : sum)
  for (std::size_t i = 0; i < n; i += 8) sum += buffer.get()[i];  // one read per 64-byte line
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
