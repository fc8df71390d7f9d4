// Gaussian blur and unsharp mask, the reference: separable, a horizontal then
// a vertical pass, float64 accumulation, clamp to edge.
#include <algorithm>
#include <cmath>
#include <string>
#include <vector>

#include "cpu/image/clamp.hpp"
#include "cpu/image/filters.hpp"
#include "runtime/error.hpp"

namespace parlab::image {

int gaussian_radius(double sigma, int radius) {
  return radius >= 0 ? radius : static_cast<int>(std::ceil(3 * sigma));
}

std::vector<float> gaussian_taps(double sigma, int radius) {
  if (!(sigma > 0) || !std::isfinite(sigma)) throw UsageError("sigma must be a positive number");
  std::vector<double> w(2 * radius + 1);
  double sum = 0;
  for (int k = -radius; k <= radius; ++k) {
    // k / sigma first: for a sigma so small that sigma^2 underflows to 0,
    // k^2 / (2 sigma^2) would be 0 / 0 at the centre; this way the centre is
    // exp(0) = 1 and the rest exp(-inf) = 0, the identity the limit is.
    const double t = k / sigma;
    sum += w[k + radius] = std::exp(-0.5 * t * t);
  }
  std::vector<float> taps(w.size());
  for (std::size_t i = 0; i < w.size(); ++i) taps[i] = static_cast<float>(w[i] / sum);
  return taps;
}

void gaussian_scalar(const float* in, float* out, int w, int h, const std::vector<float>& taps) {
  const int r = static_cast<int>(taps.size() / 2);
  std::vector<float> tmp(static_cast<std::size_t>(w) * h);
  for (int y = 0; y < h; ++y)
    for (int x = 0; x < w; ++x) {
      double s = 0;
      for (int k = -r; k <= r; ++k) s += taps[k + r] * static_cast<double>(in[static_cast<std::size_t>(y) * w + clamp_index(x + k, w)]);
      tmp[static_cast<std::size_t>(y) * w + x] = static_cast<float>(s);
    }
  for (int y = 0; y < h; ++y)
    for (int x = 0; x < w; ++x) {
      double s = 0;
      for (int k = -r; k <= r; ++k) s += taps[k + r] * static_cast<double>(tmp[static_cast<std::size_t>(clamp_index(y + k, h)) * w + x]);
      out[static_cast<std::size_t>(y) * w + x] = static_cast<float>(s);
    }
}

void unsharp_scalar(const float* in, float* out, int w, int h, const std::vector<float>& taps, float amount) {
  gaussian_scalar(in, out, w, h, taps);
  const std::size_t n = static_cast<std::size_t>(w) * h;
  for (std::size_t i = 0; i < n; ++i) out[i] = std::clamp(in[i] + amount * (in[i] - out[i]), 0.0f, 1.0f);
}

}  // namespace parlab::image
