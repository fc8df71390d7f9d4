#pragma once
// Lab 05, contention and false sharing: what you write, in
// starter/counters.cpp. The rest (counters_main.cpp) is given.
#include <cstddef>
#include <cstdint>

namespace lab05 {

// Given: the data, the same for a seed everywhere (splitmix64 of the index).
inline std::uint32_t datum(std::uint64_t seed, std::uint64_t i) {
  std::uint64_t z = seed + (i + 1) * 0x9E3779B97F4A7C15ull;
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
  return static_cast<std::uint32_t>((z ^ (z >> 31)) >> 32);
}

// Given: thread t's contiguous share [begin, end) of n elements, when
// `threads` threads split them (sizes differ by at most one).
struct Share {
  std::size_t begin, end;
};
inline Share share(std::size_t n, int t, int threads) {
  const auto k = static_cast<std::size_t>(threads);
  return {n * static_cast<std::size_t>(t) / k, n * static_cast<std::size_t>(t + 1) / k};
}

// TODO. How many of data[0..n) are below `limit`, counted by `threads`
// std::threads, each taking a contiguous share. Exact for every n and every
// thread count (more threads than elements too). The starter counts every
// match into one shared atomic: exact, and slower on more cores. The
// README walks through four ways; the fast one is yours to find.
std::uint64_t count_below(const std::uint32_t* data, std::size_t n, std::uint32_t limit, int threads);

}  // namespace lab05
