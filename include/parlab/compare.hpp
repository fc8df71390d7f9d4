#pragma once
// Running kernels: time one backend, check it against the scalar reference,
// and set its throughput against the bandwidth measured on this machine.
#include <optional>
#include <span>
#include <vector>

#include "parlab/registry.hpp"
#include "parlab/roofline.hpp"
#include "parlab/timing.hpp"

namespace parlab {

struct RunOptions {
  Params params;
  int repeat = 5;
};

struct Result {
  std::string_view kernel;
  Backend backend{};
  std::size_t size = 0;
  int threads = 1;          // threads the backend used (1 for scalar, simd, cuda)
  double time_s = 0;        // median; for cuda the end-to-end time with copies (CUDA events)
  double kernel_s = 0;      // median kernel-only time (equal to time_s on the CPU)
  double value = 0;         // the scalar output, if the kernel has one
  Verdict verdict;
  double gbps = 0;          // cost.bytes() * size / kernel_s
  double limit_gbps = 0;    // the measured bandwidth this backend can reach (0: not measured)
  double speedup = 0;       // scalar time / time (0: scalar not timed)
  std::string note;         // "ISA avx512bw", "device 0: NVIDIA H100"
};

// The bandwidth backend b can at best reach for kernel k (GB/s, 0: not
// measured): read bandwidth for read-only kernels, copy for kernels that
// write; one thread for scalar/simd, all threads for openmp, device copy for cuda.
double bandwidth_limit(const Kernel& k, Backend b, const Roofline& r);

// Refuses (Error naming the size) a run whose data would not fit in memory.
void check_fits(const Kernel& k, std::size_t size);

// Runs `k` on each backend in turn (skipping those without a variant) on the
// kernel's built-in input; every result is verified against the scalar
// reference. `roofline` may be null (no % of limit).
std::vector<Result> compare(const Kernel& k, std::span<const Backend> backends, const RunOptions& opt,
                            const Roofline* roofline);

}  // namespace parlab
