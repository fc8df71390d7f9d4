#pragma once
// Counter-based random numbers (Philox4x32-10, from Random123): the numbers
// for (seed, index) are the same on every backend, thread count and machine,
// so results can be compared exactly rather than statistically.
#include <cstdint>
#include <span>

namespace parlab {

// out[i] = the i-th uniform float in [lo, hi) of stream `seed`.
void fill_uniform(std::span<float> out, std::uint64_t seed, float lo, float hi);

}  // namespace parlab
