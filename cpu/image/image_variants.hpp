#pragma once
// Inside the image family: how its kernels unpack their data, and the
// variants of each backend (registered in cpu/image/image_kernels.cpp).
//
// Parts: the float kernels take "image" (Image) and give "image"; gray_u8
// takes "rgb8" (Image8, interleaved RGB) and gives "gray8" (Image8).
#include <vector>

#include "parlab/registry.hpp"

namespace parlab::image {

// The output image, shaped like `src` with `channels` channels (0: as many as
// `src`); its buffer is reused from the last run.
Image& output(const Image& src, Data& out, int channels = 0);
// gray's output: one float channel the size of `src`, which must be RGB(A).
Image& gray_output(const Image& src, Data& out);
// gray_u8's output: one 8-bit channel the size of `src`, which must be RGB(A).
Image8& gray8_output(const Image8& src, Data& out);
// The options as the filters take them.
int box_radius(const Params& p);
std::vector<float> taps(const Params& p);  // the Gaussian's weights

// simd backend: one thread, the active ISA (cpu/image/filters_simd.cpp).
void gray_simd(const Data& in, Data& out, const Params& p, Spans&);
void gray_u8_simd(const Data& in, Data& out, const Params& p, Spans&);
void box_simd(const Data& in, Data& out, const Params& p, Spans&);
void gaussian_simd(const Data& in, Data& out, const Params& p, Spans&);
void sobel_simd(const Data& in, Data& out, const Params& p, Spans&);
void unsharp_simd(const Data& in, Data& out, const Params& p, Spans&);

// openmp backend: bands of rows over threads, each running the simd kernel
// (cpu/image/filters_openmp.cpp).
void gray_openmp(const Data& in, Data& out, const Params& p, Spans&);
void gray_u8_openmp(const Data& in, Data& out, const Params& p, Spans&);
void box_openmp(const Data& in, Data& out, const Params& p, Spans&);
void gaussian_openmp(const Data& in, Data& out, const Params& p, Spans&);
void sobel_openmp(const Data& in, Data& out, const Params& p, Spans&);
void unsharp_openmp(const Data& in, Data& out, const Params& p, Spans&);

}  // namespace parlab::image
