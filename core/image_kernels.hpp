#pragma once
// The image filters as registry variants: built-in inputs, and one filter on
// one backend over every plane of an image (core/image_kernels.cpp).
#include "parlab/registry.hpp"

namespace parlab::image_kernels {

using cuda::Filter;

Data gray_input(const Params& p);  // the test image, 1 channel
Data rgb_input(const Params& p);   // the test image, 3 channels
Data rgb8_input(const Params& p);  // the test image, interleaved 8-bit RGB

void run(Filter f, Backend b, const Data& in, Data& out, const Params& p);
cuda::Timing run_on_device(Filter f, const Data& in, Data& out, const Params& p, int repeat);

}  // namespace parlab::image_kernels
