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
      const std::size_t begin = n * static_cast<std::size_t>(t) / static_cast<std::size_t>(threads);
      const std::size_t end = n * static_cast<std::size_t>(t + 1) / static_cast<std::size_t>(threads);
      for (std::size_t i = begin; i < end; ++i)
        if (data[i] < limit) total = total + 1;
    });
  for (std::thread& t : team) t.join();
  return total;
}

}  // namespace lab05
