#pragma once
// Separable Gaussian, rows [y0, y1) of the output, fused per row: the vertical
// pass makes one row of 2r+1-row weighted sums in scratch (padded by r on each
// side with the border values), the horizontal pass turns it into the output
// row. Each input row is read from cache 2r+1 times and from memory once; no
// intermediate image is written.
#include <xsimd/xsimd.hpp>

#include "simd/isa.hpp"
#include "simd/image/clamp.hpp"

namespace parlab::simd {

template <class Arch>
void Isa<Arch>::gaussian_rows(const float* in, float* out, int w, int h, const float* taps, int r, int y0, int y1,
                              float* scratch, const float** src) noexcept {
  using B = xsimd::batch<float, Arch>;
  constexpr int L = static_cast<int>(B::size);
  const std::size_t W = static_cast<std::size_t>(w);
  float* row = scratch + r;  // row[-r .. w+r)
  for (int y = y0; y < y1; ++y) {
    // Vertical: row[x] = sum_k taps[k] * src[k][x], src[k] = in[clamp(y + k - r)].
    for (int k = 0; k <= 2 * r; ++k) src[k] = in + clamp_row(y + k - r, h) * W;
    int x = 0;
    for (; x + L <= w; x += L) {
      B acc = B(taps[0]) * B::load_unaligned(src[0] + x);
      for (int k = 1; k <= 2 * r; ++k) acc = xsimd::fma(B(taps[k]), B::load_unaligned(src[k] + x), acc);
      acc.store_unaligned(row + x);
    }
    for (; x < w; ++x) {
      float acc = taps[0] * src[0][x];
      for (int k = 1; k <= 2 * r; ++k) acc += taps[k] * src[k][x];
      row[x] = acc;
    }
    for (int k = 1; k <= r; ++k) {  // clamp to edge
      row[-k] = row[0];
      row[w - 1 + k] = row[w - 1];
    }
    // Horizontal: out[y][x] = sum_k taps[k] * row[x + k - r].
    float* o = out + y * W;
    x = 0;
    for (; x + L <= w; x += L) {
      B acc = B(taps[0]) * B::load_unaligned(row + x - r);
      for (int k = 1; k <= 2 * r; ++k) acc = xsimd::fma(B(taps[k]), B::load_unaligned(row + x + k - r), acc);
      acc.store_unaligned(o + x);
    }
    for (; x < w; ++x) {
      float acc = taps[0] * row[x - r];
      for (int k = 1; k <= 2 * r; ++k) acc += taps[k] * row[x + k - r];
      o[x] = acc;
    }
  }
}

}  // namespace parlab::simd
