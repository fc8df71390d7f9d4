#pragma once
// Box blur by running sums (body in simd/image/box_isa.cpp).
#include <cstddef>

namespace parlab::image {

// Doubles of scratch BoxRows::run needs for a w-wide image and radius r: the
// padded column sums (w + 2r + 2) and one row of window sums (w).
inline std::size_t box_scratch_size(int w, int r) {
  return 2 * static_cast<std::size_t>(w) + 2 * static_cast<std::size_t>(r) + 2;
}

// Rows [y0, y1) of the w x h output; scratch: box_scratch_size(w, r) doubles of the caller's.
template <class Arch>
struct BoxRows {
  static void run(const float* in, float* out, int w, int h, int r, int y0, int y1, double* scratch) noexcept;
};

}  // namespace parlab::image
