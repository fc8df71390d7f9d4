// libFuzzer harness: the image decoders (PNG through libpng, JPEG through
// libjpeg-turbo, PPM/PGM) on arbitrary bytes. Accepted outcomes: an image
// within the limits, or parlab::Error naming the input. A crash, a sanitizer
// report, an allocation over -malloc_limit_mb or a slow input is a finding.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <span>

#include "cpu/image/image_io.hpp"
#include "parlab/image.hpp"
#include "runtime/error.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  try {
    const parlab::Image img =
        parlab::image::decode_image(std::span(reinterpret_cast<const std::byte*>(data), size), "fuzz-input");
    if (img.width <= 0 || img.height <= 0 || img.channels < 1 || img.channels > 4 ||
        img.data.size() != img.pixels() * static_cast<std::size_t>(img.channels))
      std::abort();  // a decoded image must be well formed
    for (float v : img.data)
      if (!(v >= 0.0f && v <= 1.0f)) std::abort();  // samples are in [0, 1]
  } catch (const parlab::Error&) {
  }
  return 0;
}
