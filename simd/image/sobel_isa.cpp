// Body of SobelRows (cpu/image/sobel_simd.hpp), compiled once per ISA.
// Sobel gradient magnitude, rows [y0, y1): lanes over x for the interior, the
// two border columns (clamped) one by one.
#include <xsimd/xsimd.hpp>

#include "cpu/image/sobel_simd.hpp"

namespace parlab::image {

// Internal linkage: every ISA's translation unit keeps its own copy, compiled
// with its own flags (an inline function would be merged across them).
namespace {
float at(const float* row, int x, int w) { return row[x < 0 ? 0 : x >= w ? w - 1 : x]; }
float sobel_at(const float* u, const float* m, const float* d, int x, int w) {
  const float gx = (at(u, x + 1, w) + 2 * at(m, x + 1, w) + at(d, x + 1, w)) - (at(u, x - 1, w) + 2 * at(m, x - 1, w) + at(d, x - 1, w));
  const float gy = (at(d, x - 1, w) + 2 * at(d, x, w) + at(d, x + 1, w)) - (at(u, x - 1, w) + 2 * at(u, x, w) + at(u, x + 1, w));
  return __builtin_sqrtf(gx * gx + gy * gy);
}
}  // namespace

template <class Arch>
void SobelRows<Arch>::run(const float* in, float* out, int w, int h, int y0, int y1) noexcept {
  using B = xsimd::batch<float, Arch>;
  constexpr int L = static_cast<int>(B::size);
  const std::size_t W = static_cast<std::size_t>(w);
  const B two(2.0f);
  for (int y = y0; y < y1; ++y) {
    const float* u = in + (y > 0 ? y - 1 : 0) * W;
    const float* m = in + y * W;
    const float* d = in + (y + 1 < h ? y + 1 : h - 1) * W;
    float* o = out + y * W;
    o[0] = sobel_at(u, m, d, 0, w);
    int x = 1;
    for (; x + L + 1 <= w; x += L) {  // lanes x .. x+L-1 read x-1 .. x+L
      auto ld = [&](const float* p, int dx) { return B::load_unaligned(p + x + dx); };
      const B gx = (ld(u, 1) + xsimd::fma(two, ld(m, 1), ld(d, 1))) - (ld(u, -1) + xsimd::fma(two, ld(m, -1), ld(d, -1)));
      const B gy = (ld(d, -1) + xsimd::fma(two, ld(d, 0), ld(d, 1))) - (ld(u, -1) + xsimd::fma(two, ld(u, 0), ld(u, 1)));
      xsimd::sqrt(xsimd::fma(gx, gx, gy * gy)).store_unaligned(o + x);
    }
    for (; x < w; ++x) o[x] = sobel_at(u, m, d, x, w);
  }
}

template struct SobelRows<PARLAB_SIMD_ARCH>;

}  // namespace parlab::image
