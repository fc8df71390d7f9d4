// The reference of the pi kernel: one Philox draw gives two points.
#include "cpu/montecarlo/montecarlo.hpp"
#include "cpu/montecarlo/philox.hpp"

namespace parlab::montecarlo {

std::uint64_t pi_count_scalar(std::uint64_t seed, std::uint64_t first, std::uint64_t n) {
  std::uint64_t inside = 0;
  for (std::uint64_t i = first; i < first + n; i += 2) {
    const auto r = random::philox(seed, i / 2, 0, random::pi_stream);
    inside += random::in_quarter_circle(r[0], r[1]);
    if (i + 1 < first + n) inside += random::in_quarter_circle(r[2], r[3]);
  }
  return inside;
}

}  // namespace parlab::montecarlo
