#pragma once
// Box blur by running sums (body in simd/image/box_isa.cpp).
namespace parlab::image {

// Rows [y0, y1) of the w x h output; scratch: w + 2r + 2 doubles of the caller's.
template <class Arch>
struct BoxRows {
  static void run(const float* in, float* out, int w, int h, int r, int y0, int y1, double* scratch) noexcept;
};

}  // namespace parlab::image
