// Sobel gradient magnitude, the reference: the two 3x3 operators written out.
#include <cmath>

#include "cpu/image/clamp.hpp"
#include "cpu/image/filters.hpp"

namespace parlab::image {

void sobel_scalar(const float* in, float* out, int w, int h) {
  auto at = [&](int x, int y) -> double {
    return in[static_cast<std::size_t>(clamp_index(y, h)) * w + clamp_index(x, w)];
  };
  for (int y = 0; y < h; ++y)
    for (int x = 0; x < w; ++x) {
      const double gx = (at(x + 1, y - 1) + 2 * at(x + 1, y) + at(x + 1, y + 1)) -
                        (at(x - 1, y - 1) + 2 * at(x - 1, y) + at(x - 1, y + 1));
      const double gy = (at(x - 1, y + 1) + 2 * at(x, y + 1) + at(x + 1, y + 1)) -
                        (at(x - 1, y - 1) + 2 * at(x, y - 1) + at(x + 1, y - 1));
      out[static_cast<std::size_t>(y) * w + x] = static_cast<float>(std::sqrt(gx * gx + gy * gy));
    }
}

}  // namespace parlab::image
