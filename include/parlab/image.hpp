#pragma once
// Images in memory: the two layouts kernels take and give.
//
// Image: planar float32, values in [0, 1]. Channel c, row y, column x is
//   data[(c * height + y) * width + x]
// so every filter runs over one contiguous plane at a time, and SIMD lanes and
// CUDA threads take neighbouring pixels of one channel. Channels: 1 gray,
// 2 gray+alpha, 3 RGB, 4 RGBA.
//
// Image8: interleaved 8-bit samples (RGBRGB...), as files and cameras store
// them: the layout of the 8-bit kernels.
//
// Reading and writing files: cpu/image/image_io.hpp (the image family).
#include <cstddef>
#include <cstdint>
#include <vector>

namespace parlab {

struct Image {
  int width = 0;
  int height = 0;
  int channels = 0;
  std::vector<float> data;

  std::size_t pixels() const { return static_cast<std::size_t>(width) * static_cast<std::size_t>(height); }
  float* plane(int c) { return data.data() + c * pixels(); }
  const float* plane(int c) const { return data.data() + c * pixels(); }
  bool operator==(const Image&) const = default;
};

struct Image8 {
  int width = 0;
  int height = 0;
  int channels = 0;
  std::vector<std::uint8_t> data;  // pixels() * channels samples, interleaved

  std::size_t pixels() const { return static_cast<std::size_t>(width) * static_cast<std::size_t>(height); }
  bool operator==(const Image8&) const = default;
};

// Larger images are refused before any pixel is decoded or generated: a
// corrupt or hostile header cannot make parlab allocate more than 1 GiB per
// float channel.
inline constexpr int kMaxImageSide = 65535;
inline constexpr std::size_t kMaxImagePixels = std::size_t{1} << 28;

}  // namespace parlab
