// The SIMD Philox's raw words (cpu/montecarlo/philox_simd.hpp), compiled once per ISA.
#include "cpu/montecarlo/philox_simd.hpp"

#include "simd/montecarlo/philox_lanes.hpp"

namespace parlab::montecarlo {

template <class Arch>
void PhiloxWords<Arch>::run(std::uint64_t seed, std::uint64_t first, std::uint32_t draw, std::uint32_t stream,
                            std::uint64_t n, std::uint32_t* out) noexcept {
  constexpr std::size_t W = U64<Arch>::size;
  const U64<Arch> lane = iota<std::uint64_t, Arch>();
  alignas(64) std::uint64_t words[4][W];
  for (std::uint64_t i = 0; i < n; i += W) {
    const auto r = philox<Arch>(seed, U64<Arch>(first + i) + lane, draw, stream);
    for (int w = 0; w < 4; ++w) r[w].store_aligned(words[w]);
    for (std::size_t l = 0; l < W && i + l < n; ++l)
      for (int w = 0; w < 4; ++w) out[4 * (i + l) + w] = static_cast<std::uint32_t>(words[w][l]);
  }
}

template <class Arch>
void NormalPairs<Arch>::run(std::uint64_t seed, std::uint64_t first, std::uint32_t draw, std::uint32_t stream,
                            std::uint64_t n, double* u, double* a, double* b) noexcept {
  constexpr std::size_t W = U64<Arch>::size;
  const U64<Arch> lane = iota<std::uint64_t, Arch>();
  alignas(64) double out[3][W];
  for (std::uint64_t i = 0; i < n; i += W) {
    const auto r = philox<Arch>(seed, U64<Arch>(first + i) + lane, draw, stream);
    const F64<Arch> u1 = uniform_open<Arch>(r[0], r[1]);
    const auto [z0, z1] = box_muller<Arch>(u1, uniform_open<Arch>(r[2], r[3]));
    u1.store_aligned(out[0]);
    z0.store_aligned(out[1]);
    z1.store_aligned(out[2]);
    for (std::size_t l = 0; l < W && i + l < n; ++l) {
      u[i + l] = out[0][l];
      a[i + l] = out[1][l];
      b[i + l] = out[2][l];
    }
  }
}

template struct PhiloxWords<PARLAB_SIMD_ARCH>;
template struct NormalPairs<PARLAB_SIMD_ARCH>;

}  // namespace parlab::montecarlo
