#pragma once
// The image family's files: reading and writing PNG, JPEG and PPM/PGM, and
// the built-in test image (cpu/image/image_io.cpp, cpu/image/test_image.cpp).
// 8-bit files map v -> v / 255, 16-bit v -> v / 65535.
#include <cstddef>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "parlab/image.hpp"
#include "parlab/source.hpp"

namespace parlab::image {

// Decodes PNG (8/16-bit; gray, gray+alpha, RGB, RGBA, palette), JPEG (gray or
// colour) and binary PPM/PGM (P6/P5, maxval up to 65535), told apart by their
// first bytes, not their names. Throws Error("<name>: <reason>").
Image decode_image(std::span<const std::byte> bytes, const std::string& name);
// The same checks on the header alone: width, height and channels as
// decode_image would give them, no pixels (data empty). Reads a few hundred
// bytes of a PNG or PPM, a JPEG up to its first scan.
Image decode_header(std::span<const std::byte> bytes, const std::string& name);
// Reads a whole Source (include/parlab/source.hpp) and decodes it; a file by name.
Image read_image(const Source& file);
Image read_image(const std::string& path);

// Writes by extension: .png (8-bit, 1-4 channels) or .ppm/.pgm (8-bit, 1 or 3
// channels). Values are clamped to [0, 1] and rounded. The file appears only
// when complete: it is written under a temporary name in the same directory
// and renamed. Throws Error("<path>: <reason>") and leaves nothing behind.
void write_image(const Image& img, const std::string& path);
// The bytes write_image writes to a file of this extension (".png", ".ppm",
// ".pgm"), in memory. Throws Error("<extension>: <reason>").
std::vector<std::byte> encode_image(const Image& img, std::string_view extension);
// Whether write_image knows the file name's extension (.png, .ppm, .pgm).
bool writable_extension(const std::string& path);

// The first three channels as interleaved 8-bit RGB (v * 255, rounded): the
// input of the 8-bit kernels. The image must have at least 3 channels.
Image8 to_rgb8(const Image& img);
// 8-bit samples back to floats (v / 255), planar.
Image to_float(const Image8& img);

// The built-in test image: gradients, hard edges (a disc, stripes, a checker
// board) and Philox noise, so filters have something to show on every scale.
Image make_test_image(int width, int height, int channels, std::uint64_t seed);

}  // namespace parlab::image
