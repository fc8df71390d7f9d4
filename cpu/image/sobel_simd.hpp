#pragma once
// Sobel gradient magnitude (body in simd/image/sobel_isa.cpp).
namespace parlab::image {

// Rows [y0, y1) of the w x h output.
template <class Arch>
struct SobelRows {
  static void run(const float* in, float* out, int w, int h, int y0, int y1) noexcept;
};

}  // namespace parlab::image
