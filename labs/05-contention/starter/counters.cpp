// Lab 05: your code. Build: cmake --build build --target lab05-starter
// Grade: parlab lab check 5
#include <atomic>
#include <thread>
#include <vector>

#include "../counters.hpp"

namespace lab05 {

std::uint64_t count_below(const std::uint32_t* data, std::size_t n, std::uint32_t limit, int threads) {
  // TODO: exact, but every match is an atomic add to the same cache line,
  // which the cores pass between them one add at a time. (Try, and time,
  // the README's four ways before you settle on one.)
  std::atomic<std::uint64_t> total{0};
  std::vector<std::thread> team;
  for (int t = 0; t < threads; ++t)
    team.emplace_back([&, t] {
      const auto [begin, end] = lab05::share(n, t, threads);
      for (std::size_t i = begin; i < end; ++i)
        if (data[i] < limit) total.fetch_add(1, std::memory_order_relaxed);
    });
  for (std::thread& t : team) t.join();
  return total.load();
}

}  // namespace lab05
