// The blocked reduction shared by the simd backend (one thread) and the
// openmp backend (threads + SIMD): the array is cut into fixed blocks of
// kReduceBlock elements, whatever the thread count, and the block results are
// combined in block order. simd and openmp therefore give bitwise-equal
// answers for any number of threads.
#include <algorithm>
#include <cmath>
#include <limits>
#include <vector>

#include "parlab/openmp.hpp"
#include "parlab/simd.hpp"
#include "simd/isa.hpp"

namespace parlab {

double simd::reduce(const Kernels& k, std::span<const float> x, ReduceOp op, int threads) {
  const float* data = x.data();
  const std::size_t n = x.size();
  const std::size_t blocks = (n + kReduceBlock - 1) / kReduceBlock;
  auto block_len = [&](std::size_t b) { return std::min(kReduceBlock, n - b * kReduceBlock); };

  if (op == ReduceOp::sum || op == ReduceOp::mean) {
    std::vector<double> partial(blocks);
#pragma omp parallel for schedule(static) num_threads(threads) if (threads > 1)
    for (std::size_t b = 0; b < blocks; ++b) partial[b] = k.sum(data + b * kReduceBlock, block_len(b));
    double s = 0;
    for (double p : partial) s += p;  // fixed order: independent of the thread count
    if (op == ReduceOp::sum) return s;
    return n == 0 ? std::numeric_limits<double>::quiet_NaN() : s / static_cast<double>(n);
  }

  // min and max are exact, so any order gives the same answer.
  auto kernel = op == ReduceOp::min ? k.min : k.max;
  float lo = std::numeric_limits<float>::infinity(), hi = -lo;
  bool nan = false;
#pragma omp parallel for schedule(static) num_threads(threads) if (threads > 1) \
    reduction(min : lo) reduction(max : hi) reduction(|| : nan)
  for (std::size_t b = 0; b < blocks; ++b) {
    const float v = kernel(data + b * kReduceBlock, block_len(b));
    nan = nan || std::isnan(v);
    lo = std::min(lo, v);
    hi = std::max(hi, v);
  }
  if (nan) return std::numeric_limits<double>::quiet_NaN();
  return op == ReduceOp::min ? lo : hi;
}

double reduce_openmp(std::span<const float> x, ReduceOp op, int threads) {
  return simd::reduce(simd::best(), x, op, openmp::threads(threads));
}

}  // namespace parlab
