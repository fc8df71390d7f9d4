#pragma once
// RGB -> luma (BT.601), float planes and 8-bit interleaved.
#include <xsimd/xsimd.hpp>

#include "simd/isa.hpp"

namespace parlab::simd {

template <class Arch>
void Isa<Arch>::gray(const float* r, const float* g, const float* b, float* out, std::size_t n) noexcept {
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
void Isa<Arch>::gray_u8(const std::uint8_t* rgb, std::uint8_t* out, std::size_t n) noexcept {
  for (std::size_t i = 0; i < n; ++i) {
    const std::uint32_t v = 9798u * rgb[3 * i] + 19235u * rgb[3 * i + 1] + 3735u * rgb[3 * i + 2];
    out[i] = static_cast<std::uint8_t>((v + 16384u) >> 15);
  }
}

template <class Arch>
void Isa<Arch>::sharpen(const float* in, float* out, std::size_t n, float amount) noexcept {
  using B = xsimd::batch<float, Arch>;
  const B a(amount), zero(0.0f), one(1.0f);
  std::size_t i = 0;
  for (; i + B::size <= n; i += B::size) {
    const B x = B::load_unaligned(in + i);
    const B v = xsimd::fma(a, x - B::load_unaligned(out + i), x);
    xsimd::min(xsimd::max(v, zero), one).store_unaligned(out + i);
  }
  for (; i < n; ++i) {
    const float v = in[i] + amount * (in[i] - out[i]);
    out[i] = v < 0.0f ? 0.0f : v > 1.0f ? 1.0f : v;
  }
}

}  // namespace parlab::simd
