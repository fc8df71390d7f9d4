#include "parlab/filter_file.hpp"

#include <chrono>

#include "parlab/error.hpp"

namespace parlab {

FileResult filter_file(const Kernel& k, Backend b, const Params& p, const std::string& input, const std::string& output) {
  if (k.family != "image") throw UsageError("kernel '" + std::string(k.name) + "' is not an image filter");
  Data in;
  in.image = read_image(input);
  const Image& src = in.image;
  if ((k.name == "gray" || k.name == "gray_u8") && src.channels < 3)
    throw Error(input + ": " + std::string(k.name) + " needs an RGB or RGBA image; this one has " +
                std::to_string(src.channels) + " channel(s)");
  const bool bytes = k.name == "gray_u8";  // the 8-bit kernel takes interleaved samples
  if (bytes) in.bytes = to_rgb8(src);

  Data out;
  const auto t0 = std::chrono::steady_clock::now();
  k.variant(b)(in, out, p);
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  if (bytes) {
    out.image.data.resize(out.bytes.size());
    for (std::size_t i = 0; i < out.bytes.size(); ++i) out.image.data[i] = out.bytes[i] / 255.0f;
  }
  write_image(out.image, output);
  return {out.image.width, out.image.height, out.image.channels, seconds};
}

}  // namespace parlab
