#pragma once
// Separable Gaussian blur, and the unsharp mask built on it (bodies in
// simd/image/gaussian_isa.cpp).
#include <cstddef>

namespace parlab::image {

// Rows [y0, y1) of the w x h output, with 2r+1 taps. scratch: w + 2r floats;
// src: 2r + 1 row pointers; both the caller's, so bands of rows can run on
// several threads at once. sharpen: null for the blur alone; else each output
// row becomes the unsharp mask with that amount (Sharpen, below) while it is
// still in L1, so unsharp reads its input once and writes its output once.
template <class Arch>
struct GaussianRows {
  static void run(const float* in, float* out, int w, int h, const float* taps, int r, int y0, int y1, float* scratch,
                  const float** src, const float* sharpen) noexcept;
};

// out = clamp(in + amount * (in - out), 0, 1): turns a blur into unsharp masking.
template <class Arch>
struct Sharpen {
  static void run(const float* in, float* out, std::size_t n, float amount) noexcept;
};

}  // namespace parlab::image
