#pragma once
// The one list of kernels. The CLI, the tests and the benchmarks iterate over
// it; adding a kernel is one entry here plus one function per backend.
#include <array>
#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "parlab/backend.hpp"
#include "parlab/cuda.hpp"
#include "parlab/filters.hpp"
#include "parlab/image.hpp"

namespace parlab {

// What a run is asked to do. Kernels read the fields they need.
struct Params {
  std::size_t size = 0;     // elements; 0 takes the kernel's default
  std::uint64_t seed = 42;  // stream of the counter-based generator
  int threads = 0;          // OpenMP threads; 0 takes OpenMP's default
  int width = 3840;         // images: the built-in image is width x height (4K UHD)
  int height = 2160;
  FilterParams filter;      // images: sigma, radius, amount
};

// Input or output of a kernel: an array, an image and/or a scalar.
struct Data {
  std::vector<float> values;        // arrays
  Image image;                      // float images (planar, include/parlab/image.hpp)
  std::vector<std::uint8_t> bytes;  // 8-bit images, interleaved; shape in image.width/height/channels
  double scalar = 0;
};

// What one element costs; turns a time into GB/s and GFLOP/s.
struct Cost {
  double bytes_read = 0;
  double bytes_written = 0;
  double flops = 0;
  double bytes() const { return bytes_read + bytes_written; }
};

// How a result is checked against the scalar reference.
enum class Check {
  relative,  // |got - ref| <= value * |ref|   (float kernels)
  absolute,  // max |got - ref| <= value       (images on [0,1])
  exact,     // bitwise equal, NaN equal to NaN (min/max, counts)
};
struct Tolerance {
  Check check = Check::exact;
  double value = 0;
};

// One backend's implementation: reads `in`, writes `out`. Must not allocate
// `in`; may reuse `out` between calls.
using Variant = void (*)(const Data& in, Data& out, const Params& p);
// The CUDA variant split into kernel-only and end-to-end times.
using DeviceTimer = cuda::Timing (*)(const Data& in, Data& out, const Params& p, int repeat);

struct Kernel {
  std::string_view name;     // "reduce_sum"
  std::string_view family;   // "reduce", "image"
  std::string_view summary;  // one line for `parlab list`
  Cost cost;
  Tolerance tolerance;
  std::size_t default_size;
  Data (*make_input)(const Params& p);                 // built-in data, from the seed
  std::array<Variant, kBackendCount> variants = {};    // indexed by Backend; nullptr: not written
  DeviceTimer device_timer = nullptr;

  Variant variant(Backend b) const { return variants[index(b)]; }
  bool has(Backend b) const { return variant(b) != nullptr; }
};

std::span<const Kernel> kernels();
// Elements a run over `p` processes: pixels for images, else p.size or the default.
std::size_t elements(const Kernel& k, const Params& p);
// Throws UsageError naming the kernel and the known names.
const Kernel& find_kernel(std::string_view name);

struct Verdict {
  bool ok = false;
  double error = 0;   // the measure the tolerance applies to
  std::string detail; // "relative error 3.1e-08 <= 1e-06"
};
Verdict verify(const Kernel& k, const Data& got, const Data& ref);

}  // namespace parlab
