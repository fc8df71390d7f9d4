// RGB -> luma, the reference: BT.601 weights (cpu/image/filters.hpp).
#include "cpu/image/filters.hpp"

namespace parlab::image {

void gray_scalar(const float* r, const float* g, const float* b, float* out, std::size_t n) {
  for (std::size_t i = 0; i < n; ++i) out[i] = static_cast<float>(0.299 * r[i] + 0.587 * g[i] + 0.114 * b[i]);
}

// 15-bit fixed point: the weights sum to 32768, +16384 rounds to nearest.
void gray_u8_scalar(const std::uint8_t* rgb, std::uint8_t* out, std::size_t n) {
  for (std::size_t i = 0; i < n; ++i) {
    const unsigned v = 9798u * rgb[3 * i] + 19235u * rgb[3 * i + 1] + 3735u * rgb[3 * i + 2];
    out[i] = static_cast<std::uint8_t>((v + 16384u) >> 15);
  }
}

}  // namespace parlab::image
