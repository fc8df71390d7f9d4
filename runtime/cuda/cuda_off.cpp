// Stands in for runtime/cuda/device.cu when CUDA is not compiled in: the probe says
// why, so the dispatch layer never offers the cuda backend (and no family
// registers cuda variants: their files are not built).
#include "runtime/cuda/probe.hpp"
#include "runtime/error.hpp"

#ifndef PARLAB_CUDA_OFF_REASON
#define PARLAB_CUDA_OFF_REASON "not compiled in"
#endif

namespace parlab::cuda {

Probe probe() {
  Probe p;
  p.reason = "not compiled in: " PARLAB_CUDA_OFF_REASON;
  return p;
}
double copy_bandwidth(std::size_t, int) { throw Error("cuda: not compiled in: " PARLAB_CUDA_OFF_REASON); }

}  // namespace parlab::cuda
