#pragma once
// The pi kernel's test of one point, apart from Random123 (philox.hpp), so
// that code drawing with another generator (cuRAND's device API, whose
// headers clash with Random123's) tests its points the same way.
#include <cstdint>

#include "runtime/cuda/host_device.hpp"

namespace parlab::montecarlo::random {

// A point of the unit square for the pi kernel: the centre (2x + 1) / 2^25 of
// one of 2^24 x 2^24 cells, from the top 24 bits of each word. Inside the
// quarter circle when (2x+1)^2 + (2y+1)^2 <= 2^50: every term is an integer
// below 2^51, exact in a double whatever the order or FMA contraction, so the
// count is the same on every backend.
PARLAB_HOST_DEVICE inline bool in_quarter_circle(std::uint32_t a, std::uint32_t b) {
  const double x = static_cast<double>(2 * (a >> 8) + 1), y = static_cast<double>(2 * (b >> 8) + 1);
  return x * x + y * y <= 0x1p50;
}

}  // namespace parlab::montecarlo::random
