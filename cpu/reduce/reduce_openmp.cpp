// The openmp backend of the reduction: the blocks of the simd backend
// (cpu/reduce/reduce_simd.cpp) spread over threads, each block reduced with
// the SIMD kernel of the active ISA. The block sums are combined in block
// order afterwards, whatever the thread count, so the sum is bitwise the same
// as the simd backend's for any number of threads.
#include <algorithm>
#include <cmath>
#include <limits>
#include <vector>

#include "cpu/reduce/reduce.hpp"
#include "cpu/reduce/reduce_simd.hpp"
#include "parlab/trace.hpp"
#include "runtime/openmp.hpp"
#include "runtime/simd/dispatch.hpp"

namespace parlab::reduce {

std::vector<double> block_sums_openmp(std::span<const float> x, int threads) {
  threads = openmp::threads(threads);
  const auto sum = simd::kernel<ReduceSum>();
  const std::size_t n = x.size(), blocks = (n + kReduceBlock - 1) / kReduceBlock;
  std::vector<double> partial(blocks);
#pragma omp parallel num_threads(threads)
  {
    const trace::Scope span("blocks", "work");  // one span per thread
#pragma omp for schedule(static)
    for (std::size_t b = 0; b < blocks; ++b)
      partial[b] = sum(x.data() + b * kReduceBlock, std::min(kReduceBlock, n - b * kReduceBlock));
  }
  return partial;
}

double reduce_openmp(std::span<const float> x, ReduceOp op, int threads) {
  threads = openmp::threads(threads);
  const float* data = x.data();
  const std::size_t n = x.size();
  const std::size_t blocks = (n + kReduceBlock - 1) / kReduceBlock;
  auto block_len = [&](std::size_t b) { return std::min(kReduceBlock, n - b * kReduceBlock); };

  if (op == ReduceOp::sum || op == ReduceOp::mean) {
    const double s = in_order(block_sums_openmp(x, threads));
    if (op == ReduceOp::sum) return s;
    return n == 0 ? std::numeric_limits<double>::quiet_NaN() : s / static_cast<double>(n);
  }

  // min and max are exact, so any order gives the same answer.
  const auto kernel = op == ReduceOp::min ? simd::kernel<ReduceMin>() : simd::kernel<ReduceMax>();
  float lo = std::numeric_limits<float>::infinity(), hi = -lo;
  bool nan = false;
#pragma omp parallel num_threads(threads)
  {
    const trace::Scope span("blocks", "work");
#pragma omp for schedule(static) reduction(min : lo) reduction(max : hi) reduction(|| : nan)
    for (std::size_t b = 0; b < blocks; ++b) {
      const float v = kernel(data + b * kReduceBlock, block_len(b));
      nan = nan || std::isnan(v);
      lo = std::min(lo, v);
      hi = std::max(hi, v);
    }
  }
  if (nan) return std::numeric_limits<double>::quiet_NaN();
  return op == ReduceOp::min ? lo : hi;
}

}  // namespace parlab::reduce
