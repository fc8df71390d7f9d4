#pragma once
// Raw Philox words from the SIMD generator, for tests and for anyone who
// wants the bits (body in simd/montecarlo/philox_isa.cpp, one per ISA).
#include <cstdint>

namespace parlab::montecarlo {

// out[4 i + w] = word w of Philox4x32-10 at counter {draw, first + i, stream}, key seed; i < n.
template <class Arch>
struct PhiloxWords {
  static void run(std::uint64_t seed, std::uint64_t first, std::uint32_t draw, std::uint32_t stream, std::uint64_t n,
                  std::uint32_t* out) noexcept;
};

// The transforms on the draws of counters {draw, first + i, stream}:
// u[i] = uniform_open(word 0, word 1), and the Box-Muller pair of
// (u[i], uniform_open(word 2, word 3)) in a[i], b[i]; i < n.
template <class Arch>
struct NormalPairs {
  static void run(std::uint64_t seed, std::uint64_t first, std::uint32_t draw, std::uint32_t stream, std::uint64_t n,
                  double* u, double* a, double* b) noexcept;
};

}  // namespace parlab::montecarlo
