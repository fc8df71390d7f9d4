// A wrong lab 05 answer for the grader's tests: every thread adds to one
// plain (not atomic) counter, so increments are lost.
#include <thread>
#include <vector>

#include "labs/05-contention/counters.hpp"

namespace lab05 {

std::uint64_t count_below(const std::uint32_t* data, std::size_t n, std::uint32_t limit, int threads) {
  volatile std::uint64_t total = 0;  // volatile: each add is a load and a store, racing
  std::vector<std::thread> team;
  for (int t = 0; t < threads; ++t)
    team.emplace_back([&, t] {
      const auto [begin, end] = lab05::share(n, t, threads);
      for (std::size_t i = begin; i < end; ++i)
        if (data[i] < limit) total = total + 1;
    });
  for (std::thread& t : team) t.join();
  return total;
}

}  // namespace lab05
