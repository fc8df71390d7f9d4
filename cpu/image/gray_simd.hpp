#pragma once
// RGB -> luma (BT.601), float planes and 8-bit interleaved (bodies in
// simd/image/gray_isa.cpp).
#include <cstddef>
#include <cstdint>

namespace parlab::image {

template <class Arch>
struct GrayPlanar {
  static void run(const float* r, const float* g, const float* b, float* out, std::size_t n) noexcept;
};
template <class Arch>
struct GrayU8 {
  static void run(const std::uint8_t* rgb, std::uint8_t* out, std::size_t n) noexcept;
};

}  // namespace parlab::image
