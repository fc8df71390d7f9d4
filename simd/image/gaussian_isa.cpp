// Bodies of GaussianRows and Sharpen (cpu/image/gaussian_simd.hpp), compiled
// once per ISA.
//
// Separable Gaussian, rows [y0, y1) of the output, fused per row: the vertical
// pass makes one row of 2r+1-row weighted sums in scratch (padded by r on each
// side with the border values), the horizontal pass turns it into the output
// row. Each input row is read from cache 2r+1 times and from memory once; no
// intermediate image is written.
//
// Both passes work on four vectors of pixels at once: each output vector is a
// chain of 2r+1 dependent FMAs (4 cycles each), so one chain at a time would
// leave the FMA units idle most of the time. Four chains keep them busy.
#include <xsimd/xsimd.hpp>

#include "cpu/image/gaussian_simd.hpp"
#include "simd/image/clamp_row.hpp"

namespace parlab::image {

namespace {
// out[x .. x + 4L) = sum_k taps[k] * src[k][x ..], for 4 vectors at once
// (src[k] = rows for the vertical pass, shifted row pointers for the horizontal).
template <class B>
void fma4(const float* const* src, const float* taps, int n, int x, float* out) noexcept {
  constexpr int L = static_cast<int>(B::size);
  B a0 = B(taps[0]) * B::load_unaligned(src[0] + x), a1 = B(taps[0]) * B::load_unaligned(src[0] + x + L);
  B a2 = B(taps[0]) * B::load_unaligned(src[0] + x + 2 * L), a3 = B(taps[0]) * B::load_unaligned(src[0] + x + 3 * L);
  for (int k = 1; k < n; ++k) {
    const B t(taps[k]);
    a0 = xsimd::fma(t, B::load_unaligned(src[k] + x), a0);
    a1 = xsimd::fma(t, B::load_unaligned(src[k] + x + L), a1);
    a2 = xsimd::fma(t, B::load_unaligned(src[k] + x + 2 * L), a2);
    a3 = xsimd::fma(t, B::load_unaligned(src[k] + x + 3 * L), a3);
  }
  a0.store_unaligned(out + x);
  a1.store_unaligned(out + x + L);
  a2.store_unaligned(out + x + 2 * L);
  a3.store_unaligned(out + x + 3 * L);
}

// The same for the pixels left over: one vector, then one pixel at a time.
template <class B>
void fma_rest(const float* const* src, const float* taps, int n, int x, int w, float* out) noexcept {
  constexpr int L = static_cast<int>(B::size);
  for (; x + L <= w; x += L) {
    B a = B(taps[0]) * B::load_unaligned(src[0] + x);
    for (int k = 1; k < n; ++k) a = xsimd::fma(B(taps[k]), B::load_unaligned(src[k] + x), a);
    a.store_unaligned(out + x);
  }
  for (; x < w; ++x) {
    float a = taps[0] * src[0][x];
    for (int k = 1; k < n; ++k) a += taps[k] * src[k][x];
    out[x] = a;
  }
}
}  // namespace

template <class Arch>
void GaussianRows<Arch>::run(const float* in, float* out, int w, int h, const float* taps, int r, int y0, int y1,
                              float* scratch, const float** src, const float* sharpen) noexcept {
  using B = xsimd::batch<float, Arch>;
  constexpr int L = static_cast<int>(B::size);
  const std::size_t W = static_cast<std::size_t>(w);
  const int n = 2 * r + 1;
  float* row = scratch + r;  // row[-r .. w+r)
  for (int y = y0; y < y1; ++y) {
    // Vertical: row[x] = sum_k taps[k] * in[clamp(y + k - r)][x].
    for (int k = 0; k < n; ++k) src[k] = in + clamp_row(y + k - r, h) * W;
    int x = 0;
    for (; x + 4 * L <= w; x += 4 * L) fma4<B>(src, taps, n, x, row);
    fma_rest<B>(src, taps, n, x, w, row);
    for (int k = 1; k <= r; ++k) {  // clamp to edge
      row[-k] = row[0];
      row[w - 1 + k] = row[w - 1];
    }
    // Horizontal: out[y][x] = sum_k taps[k] * row[x + k - r]: the same sums
    // over the row shifted by k - r.
    for (int k = 0; k < n; ++k) src[k] = row + k - r;
    float* o = out + y * W;
    for (x = 0; x + 4 * L <= w; x += 4 * L) fma4<B>(src, taps, n, x, o);
    fma_rest<B>(src, taps, n, x, w, o);
    if (sharpen) Sharpen<Arch>::run(in + y * W, o, W, *sharpen);
  }
}

template <class Arch>
void Sharpen<Arch>::run(const float* in, float* out, std::size_t n, float amount) noexcept {
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

template struct GaussianRows<PARLAB_SIMD_ARCH>;
template struct Sharpen<PARLAB_SIMD_ARCH>;

}  // namespace parlab::image
