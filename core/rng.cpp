#include "parlab/rng.hpp"

#include <string>

#include "runtime/error.hpp"

#include <Random123/philox.h>

namespace parlab {

void fill_uniform(std::span<float> out, std::uint64_t seed, float lo, float hi) { fill_uniform(out, seed, lo, hi, 0); }

void fill_uniform(std::span<float> out, std::uint64_t seed, float lo, float hi, std::uint64_t first) {
  if (first % 4 && !out.empty()) throw Error("fill_uniform: a slice must start at a multiple of 4 (" + std::to_string(first) + ")");
  using Philox = r123::Philox4x32;
  const Philox::key_type key = {{static_cast<std::uint32_t>(seed), static_cast<std::uint32_t>(seed >> 32)}};
  const std::size_t n = out.size();
  const std::size_t groups = (n + 3) / 4;  // one Philox call gives 4 numbers
  const float scale = hi - lo;
#pragma omp parallel for schedule(static)
  for (std::size_t g = 0; g < groups; ++g) {
    const std::uint64_t c = first / 4 + g;
    const Philox::ctr_type ctr = {{static_cast<std::uint32_t>(c), static_cast<std::uint32_t>(c >> 32), 0, 0}};
    const Philox::ctr_type r = Philox()(ctr, key);
    for (std::size_t k = 0; k < 4 && 4 * g + k < n; ++k) {
      // The top 24 bits make a float in [0, 1) exactly (24-bit mantissa).
      const float u = static_cast<float>(r.v[k] >> 8) * 0x1p-24f;
      out[4 * g + k] = lo + scale * u;
    }
  }
}

}  // namespace parlab
