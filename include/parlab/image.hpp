#pragma once
// Images: the in-memory layout and reading/writing files.
//
// Layout: planar float32, values in [0, 1]. Channel c, row y, column x is
//   data[(c * height + y) * width + x]
// so every filter runs over one contiguous plane at a time, and SIMD lanes and
// CUDA threads take neighbouring pixels of one channel. Channels: 1 gray,
// 2 gray+alpha, 3 RGB, 4 RGBA. 8-bit files map v -> v / 255, 16-bit v -> v / 65535.
#include <cstddef>
#include <cstdint>
#include <string>
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
};

// Larger images are refused before any pixel is decoded: a corrupt or hostile
// header cannot make parlab allocate more than 1 GiB per float channel.
inline constexpr int kMaxImageSide = 65535;
inline constexpr std::size_t kMaxImagePixels = std::size_t{1} << 28;

// Reads PNG (8/16-bit; gray, gray+alpha, RGB, RGBA, palette), JPEG (gray or
// colour) and binary PPM/PGM (P6/P5, maxval up to 65535), told apart by their
// first bytes, not their names. Throws Error("<path>: <reason>").
Image read_image(const std::string& path);

// Writes by extension: .png (8-bit, 1-4 channels) or .ppm/.pgm (8-bit, 1 or 3
// channels). Values are clamped to [0, 1] and rounded. The file appears only
// when complete: it is written under a temporary name in the same directory
// and renamed. Throws Error("<path>: <reason>") and leaves nothing behind.
void write_image(const Image& img, const std::string& path);
// Whether write_image knows the file name's extension (.png, .ppm, .pgm).
bool writable_extension(const std::string& path);

// The first three channels as interleaved 8-bit RGB (v * 255, rounded):
// the input of the 8-bit kernels. The image must have at least 3 channels.
std::vector<std::uint8_t> to_rgb8(const Image& img);

// The built-in test image: gradients, hard edges (a disc, stripes, a checker
// board) and Philox noise, so filters have something to show on every scale.
Image make_test_image(int width, int height, int channels, std::uint64_t seed);

}  // namespace parlab
