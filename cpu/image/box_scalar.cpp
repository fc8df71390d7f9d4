// Box blur, the reference: a vertical running sum per column, then a
// horizontal running sum per row, both in float64. Each step adds the sample
// entering the window and subtracts the one leaving it, so the cost per pixel
// does not depend on the radius.
#include <vector>

#include "cpu/image/clamp.hpp"
#include "cpu/image/filters.hpp"

namespace parlab::image {

void box_scalar(const float* in, float* out, int w, int h, int r) {
  const double inv = 1.0 / ((2.0 * r + 1) * (2.0 * r + 1));
  std::vector<double> col(w);  // sum of the window's column at the current row
  std::vector<double> rows(static_cast<std::size_t>(w) * h);
  for (int x = 0; x < w; ++x) {
    double s = 0;
    for (int k = -r; k <= r; ++k) s += in[static_cast<std::size_t>(clamp_index(k, h)) * w + x];
    for (int y = 0; y < h; ++y) {
      rows[static_cast<std::size_t>(y) * w + x] = s;
      s += in[static_cast<std::size_t>(clamp_index(y + r + 1, h)) * w + x] -
           in[static_cast<std::size_t>(clamp_index(y - r, h)) * w + x];
    }
  }
  for (int y = 0; y < h; ++y) {
    const double* c = rows.data() + static_cast<std::size_t>(y) * w;
    double s = 0;
    for (int k = -r; k <= r; ++k) s += c[clamp_index(k, w)];
    for (int x = 0; x < w; ++x) {
      out[static_cast<std::size_t>(y) * w + x] = static_cast<float>(s * inv);
      s += c[clamp_index(x + r + 1, w)] - c[clamp_index(x - r, w)];
    }
  }
}

}  // namespace parlab::image
