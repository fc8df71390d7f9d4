#pragma once
// The image filters on the CUDA device (gpu/image/filters_device.cu), for the
// variants in gpu/image/filters_cuda.cpp. Plain C++ types only: this header is
// read by nvcc and by the host compiler.
#include <vector>

#include "runtime/spans.hpp"

namespace parlab::image {

// One filter over host images: float filters take `planes` planes of
// width x height floats, filtered one by one (gray: 3 planes in, 1 out);
// gray_u8 takes interleaved 8-bit RGB and gives 8-bit gray.
enum class Filter { gray, gray_u8, box, gaussian, sobel, unsharp };
struct FilterJob {
  Filter filter = Filter::gaussian;
  const void* in = nullptr;
  void* out = nullptr;
  int width = 0, height = 0, planes = 1;
  int radius = 0;           // box
  std::vector<float> taps = {};  // gaussian, unsharp
  float amount = 1;         // unsharp
};

// Copies in, filters, copies out; reports "h2d", "kernel" and "d2h" spans
// (CUDA events). Device allocation is not in any span.
void filter_on_device(const FilterJob& job, Spans& spans);

}  // namespace parlab::image
