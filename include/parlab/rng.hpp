#pragma once
// Counter-based random numbers (Philox4x32-10, from Random123): the numbers
// for (seed, index) are the same on every backend, thread count and machine,
// so results can be compared exactly rather than statistically.
#include <cstdint>
#include <span>

namespace parlab {

// out[i] = the i-th uniform float in [lo, hi) of stream `seed`.
void fill_uniform(std::span<float> out, std::uint64_t seed, float lo, float hi);
// Elements [first, first + out.size()) of the same sequence (first a multiple
// of 4): a rank's slice of an array, equal to that slice of the whole.
void fill_uniform(std::span<float> out, std::uint64_t seed, float lo, float hi, std::uint64_t first);

}  // namespace parlab
