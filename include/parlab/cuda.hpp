#pragma once
// What the rest of parlab knows of the CUDA backend. Implemented in gpu/*.cu
// when CUDA is compiled in, and by gpu/cuda_off.cpp (which says why) otherwise.
#include <cstddef>
#include <span>
#include <string>
#include <vector>

#include "parlab/reduce.hpp"

namespace parlab::cuda {

struct Probe {
  bool compiled = false;
  bool usable = false;
  std::string reason;  // "compiled in, but no CUDA driver (cudaErrorInsufficientDriver)"
  std::string name;    // device 0
  int sm_count = 0;
  int cc_major = 0, cc_minor = 0;
  std::size_t memory_bytes = 0;
  int driver_version = 0, runtime_version = 0;  // 12080 = 12.8
};
// Asks the driver once; the answer is cached by backend_status().
Probe probe();

// Times of one device operation, from CUDA events: the kernel alone, and the
// whole round trip with host<->device copies. Medians over the repeats.
struct Timing {
  double kernel_s = 0;
  double end_to_end_s = 0;
};

// Device-to-device copy bandwidth in GB/s (bytes read + bytes written).
double copy_bandwidth(std::size_t bytes, int repeat);

Timing reduce_timed(std::span<const float> x, ReduceOp op, int repeat, double* result);

// An image filter (include/parlab/filters.hpp) on host images, run on the
// device: copy in, filter, copy out. Float filters take `planes` planes of
// width x height floats, filtered one by one (gray: 3 planes in, 1 out);
// gray_u8 takes interleaved 8-bit RGB and gives 8-bit gray.
enum class Filter { gray, gray_u8, box, gaussian, sobel, unsharp };
struct FilterJob {
  Filter filter = Filter::gaussian;
  const void* in = nullptr;
  void* out = nullptr;
  int width = 0, height = 0, planes = 1;
  int radius = 0;           // box
  std::vector<float> taps;  // gaussian, unsharp
  float amount = 1;         // unsharp
};
// repeat == 0: one untimed run.
Timing filter(const FilterJob& job, int repeat);

}  // namespace parlab::cuda
