#pragma once
// One block of the stats kernel on SIMD lanes (body in
// simd/mapreduce/stats_isa.cpp): the two passes of cpu/mapreduce/moments.hpp,
// four or eight float64 lanes.
#include <cstddef>

#include "cpu/mapreduce/moments.hpp"

namespace parlab::mapreduce {

template <class Arch>
struct BlockMoments {
  static Moments run(const float* x, std::size_t n) noexcept;
};

}  // namespace parlab::mapreduce
