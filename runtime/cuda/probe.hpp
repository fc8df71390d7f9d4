#pragma once
// What the rest of parlab knows of the CUDA device. Implemented in
// runtime/cuda/device.cu when CUDA is compiled in, and by runtime/cuda/cuda_off.cpp (which says
// why not) otherwise. Each family's CUDA kernels live in gpu/<family>/ and
// register their own variants.
#include <cstddef>
#include <string>

namespace parlab::cuda {

struct Probe {
  bool compiled = false;
  bool usable = false;
  std::string reason;  // "compiled in, but no CUDA driver (cudaErrorInsufficientDriver)"
  std::string name;    // of the device this process uses
  int device = 0;        // which: rank mod device_count under MPI, else 0
  int device_count = 0;
  int sm_count = 0;
  int cc_major = 0, cc_minor = 0;
  std::size_t memory_bytes = 0;
  int driver_version = 0, runtime_version = 0;  // 12080 = 12.8
};
// Asks the driver once; the answer is cached by backend_status().
Probe probe();

// Device-to-device copy bandwidth in GB/s (bytes read + bytes written).
double copy_bandwidth(std::size_t bytes, int repeat);

}  // namespace parlab::cuda
