#pragma once
// The Monte Carlo family's SIMD kernels (bodies in simd/montecarlo/*_isa.cpp,
// one per ISA): the same blocks as the scalar references (cpu/montecarlo/montecarlo.hpp), one
// sample or path per float64 lane.
#include <cstdint>

#include "cpu/montecarlo/montecarlo.hpp"
#include "cpu/montecarlo/paths.hpp"

namespace parlab::montecarlo {

template <class Arch>
struct PiCount {
  static std::uint64_t run(std::uint64_t seed, std::uint64_t first, std::uint64_t n) noexcept;
};
template <class Arch>
struct EuropeanSums {
  static Sums run(const OptionSpec& o, const PathConstants& c, std::uint64_t first, std::uint64_t n) noexcept;
};
template <class Arch>
struct AsianSums {
  static Sums run(const OptionSpec& o, const PathConstants& c, std::uint64_t first, std::uint64_t n) noexcept;
};

}  // namespace parlab::montecarlo
