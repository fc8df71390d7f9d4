// The built-in test image: something for every filter to act on, made from
// the seed alone (no downloads).
#include <cmath>

#include "cpu/image/image_io.hpp"
#include "parlab/rng.hpp"
#include "runtime/error.hpp"

namespace parlab::image {

Image make_test_image(int width, int height, int channels, std::uint64_t seed) {
  if (width < 1 || height < 1 || width > kMaxImageSide || height > kMaxImageSide ||
      static_cast<std::size_t>(width) * height > kMaxImagePixels)
    throw UsageError("image size " + std::to_string(width) + "x" + std::to_string(height) + ": sides must be 1.." +
                     std::to_string(kMaxImageSide) + " and at most " + std::to_string(kMaxImagePixels) + " pixels");
  Image img;
  img.width = width;
  img.height = height;
  img.channels = channels;
  img.data.resize(img.pixels() * channels);
  fill_uniform(img.data, seed, -0.04f, 0.04f);  // noise, added to the scene below
  const double cx = 0.3 * width, cy = 0.5 * height, radius = 0.25 * std::min(width, height);
  for (int c = 0; c < channels; ++c) {
    float* p = img.plane(c);
#pragma omp parallel for schedule(static)
    for (int y = 0; y < height; ++y)
      for (int x = 0; x < width; ++x) {
        const double u = (x + 0.5) / width, v = (y + 0.5) / height;
        double s = 0.15 + 0.5 * (c % 2 ? v : u);                          // gradient, another per channel
        if (std::hypot(x - cx, y - cy) < radius) s = 0.9 - 0.2 * c;     // a disc with a hard edge
        if (u > 0.6 && u < 0.8) s = (static_cast<int>(v * 40) % 2) ? 0.95 : 0.05;  // stripes
        if (u >= 0.8) s = ((x / 16 + y / 16) % 2) ? 0.8 : 0.2;          // checker board
        float& px = p[static_cast<std::size_t>(y) * width + x];
        px = std::fmin(1.0f, std::fmax(0.0f, static_cast<float>(s) + px));
      }
  }
  return img;
}

}  // namespace parlab::image
