// Bodies of the gray kernels (cpu/image/gray_simd.hpp), compiled once per ISA.
#include <xsimd/xsimd.hpp>

#include "cpu/image/gray_simd.hpp"

namespace parlab::image {

template <class Arch>
void GrayPlanar<Arch>::run(const float* r, const float* g, const float* b, float* out, std::size_t n) noexcept {
  using B = xsimd::batch<float, Arch>;
  const B wr(0.299f), wg(0.587f), wb(0.114f);
  std::size_t i = 0;
  for (; i + B::size <= n; i += B::size) {
    const B v = xsimd::fma(wb, B::load_unaligned(b + i), xsimd::fma(wg, B::load_unaligned(g + i), wr * B::load_unaligned(r + i)));
    v.store_unaligned(out + i);
  }
  for (; i < n; ++i) out[i] = 0.299f * r[i] + 0.587f * g[i] + 0.114f * b[i];
}

// Interleaved RGB is awkward for explicit lanes (three-way shuffles that differ
// per ISA); this plain loop is compiled with each ISA's flags and the compiler
// vectorises the stride-3 loads itself.
template <class Arch>
void GrayU8<Arch>::run(const std::uint8_t* rgb, std::uint8_t* out, std::size_t n) noexcept {
  for (std::size_t i = 0; i < n; ++i) {
    const std::uint32_t v = 9798u * rgb[3 * i] + 19235u * rgb[3 * i + 1] + 3735u * rgb[3 * i + 2];
    out[i] = static_cast<std::uint8_t>((v + 16384u) >> 15);
  }
}

template struct GrayPlanar<PARLAB_SIMD_ARCH>;
template struct GrayU8<PARLAB_SIMD_ARCH>;

}  // namespace parlab::image
