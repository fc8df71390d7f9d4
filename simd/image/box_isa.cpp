// Body of BoxRows (cpu/image/box_simd.hpp), compiled once per ISA: box blur
// by running sums, rows [y0, y1) of the output.
//
// Vertical: a float64 sum per column of the window, updated row by row (one
// sample in, one out). Horizontal: a running sum along the padded row of
// column sums. The row is cut into four segments whose running sums advance
// together: four independent dependency chains instead of one, so the adds
// overlap. Only the start of each band and of each segment costs O(r); every
// other pixel costs the same for any radius.
//
// The loops are plain C++ on float64: compiled with this ISA's flags, the
// compiler vectorises the column update (float -> double conversions) itself.
#include <xsimd/xsimd.hpp>

#include <cstddef>

#include "cpu/image/box_simd.hpp"
#include "simd/image/clamp_row.hpp"

namespace parlab::image {

template <class Arch>
void BoxRows<Arch>::run(const float* in, float* out, int w, int h, int r, int y0, int y1, double* scratch) noexcept {
  const double inv = 1.0 / ((2.0 * r + 1) * (2.0 * r + 1));
  const std::size_t W = static_cast<std::size_t>(w);
  double* col = scratch + r + 1;  // col[-r-1 .. w+r]: column sums with clamped padding
  for (int x = 0; x < w; ++x) col[x] = 0;
  for (int k = -r; k <= r; ++k) {
    const float* row = in + clamp_row(y0 + k, h) * W;
    for (int x = 0; x < w; ++x) col[x] += row[x];
  }
  constexpr int kSegments = 4;
  for (int y = y0; y < y1; ++y) {
    if (y > y0) {  // slide the window down one row
      const float* add = in + clamp_row(y + r, h) * W;
      const float* sub = in + clamp_row(y - r - 1, h) * W;
      for (int x = 0; x < w; ++x) col[x] += static_cast<double>(add[x]) - static_cast<double>(sub[x]);
    }
    for (int k = 1; k <= r + 1; ++k) {  // clamp to edge: repeat the border columns
      col[-k] = col[0];
      col[w - 1 + k] = col[w - 1];
    }
    float* o = out + y * W;
    const int len = w / kSegments;
    double acc[kSegments];
    for (int s = 0; s < kSegments; ++s) {
      acc[s] = 0;
      for (int k = -r; k <= r; ++k) acc[s] += col[s * len + k];
    }
    for (int i = 0; i < len; ++i)
      for (int s = 0; s < kSegments; ++s) {
        const int x = s * len + i;
        o[x] = static_cast<float>(acc[s] * inv);
        acc[s] += col[x + r + 1] - col[x - r];
      }
    // The last segment's remainder (w % kSegments pixels), and narrow rows.
    double a = acc[kSegments - 1];
    if (len == 0) {
      a = 0;
      for (int k = -r; k <= r; ++k) a += col[k];
    }
    for (int x = kSegments * len; x < w; ++x) {
      o[x] = static_cast<float>(a * inv);
      a += col[x + r + 1] - col[x - r];
    }
  }
}

template struct BoxRows<PARLAB_SIMD_ARCH>;

}  // namespace parlab::image
