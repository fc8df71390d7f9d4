// Stands in for gpu/*.cu when CUDA is not compiled in: the probe says why, and
// the entry points (never reached: the dispatch layer refuses the backend)
// fail with the same reason.
#include "parlab/cuda.hpp"
#include "parlab/error.hpp"

#ifndef PARLAB_CUDA_OFF_REASON
#define PARLAB_CUDA_OFF_REASON "not compiled in"
#endif

namespace parlab {
namespace cuda {
namespace {
[[noreturn]] void off() { throw Error("cuda: not compiled in: " PARLAB_CUDA_OFF_REASON); }
}  // namespace

Probe probe() {
  Probe p;
  p.reason = "not compiled in: " PARLAB_CUDA_OFF_REASON;
  return p;
}
double copy_bandwidth(std::size_t, int) { off(); }
Timing reduce_timed(std::span<const float>, ReduceOp, int, double*) { off(); }
Timing filter(const FilterJob&, int) { off(); }
}  // namespace cuda

double reduce_cuda(std::span<const float>, ReduceOp) { cuda::off(); }

}  // namespace parlab
