#pragma once
// The image family: filters on one float32 plane (include/parlab/image.hpp),
// on every backend. Multi-channel images are filtered channel by channel.
// Registered as kernels in cpu/image/image_kernels.cpp; docs/images.md.
//
// Borders: clamp to edge (the pixel beyond the border repeats the border
// pixel; OpenCV's BORDER_REPLICATE).
//
//  gray      RGB -> luma with the BT.601 weights 0.299 R + 0.587 G + 0.114 B
//            (what JPEG and OpenCV's RGB2GRAY use). gray_u8 does the same on
//            interleaved 8-bit RGB with 15-bit fixed-point weights
//            (9798, 19235, 3735, summing to 32768; rounded to nearest), the
//            constants OpenCV's 8-bit path uses, so both give the same bytes.
//  box       mean over the (2r+1) x (2r+1) window, by running sums: the cost per
//            pixel does not depend on r. Sums are kept in float64, so every
//            backend agrees to float32 rounding.
//  gaussian  separable; radius ceil(3 sigma) unless given; weights
//            exp(-k^2 / (2 sigma^2)) normalised to sum 1.
//  sobel     gradient magnitude sqrt(gx^2 + gy^2) of the 3x3 Sobel operators
//            (unnormalised, as OpenCV's Sobel with ksize 3): 0 to 4*sqrt(2).
//  unsharp   in + amount * (in - gaussian(in)), clamped to [0, 1].
#include <cstddef>
#include <cstdint>
#include <vector>

namespace parlab::image {

// The Gaussian's radius: `radius` when >= 0, else ceil(3 sigma).
int gaussian_radius(double sigma, int radius);
// 2r+1 normalised weights, centre at index r. Throws Error for sigma <= 0 or
// non-finite.
std::vector<float> gaussian_taps(double sigma, int radius);

// The reference of each filter: plainest correct code, float64 accumulation.
void gray_scalar(const float* r, const float* g, const float* b, float* out, std::size_t n);
void gray_u8_scalar(const std::uint8_t* rgb, std::uint8_t* out, std::size_t n);
void box_scalar(const float* in, float* out, int w, int h, int r);
void gaussian_scalar(const float* in, float* out, int w, int h, const std::vector<float>& taps);
void sobel_scalar(const float* in, float* out, int w, int h);
void unsharp_scalar(const float* in, float* out, int w, int h, const std::vector<float>& taps, float amount);

}  // namespace parlab::image
