// The simd backend of the reduction: one thread, the active ISA. The array is
// cut into blocks of kReduceBlock elements and the block sums are added in
// block order: the openmp backend (cpu/reduce/reduce_openmp.cpp) spreads the
// same blocks over threads and adds them in the same order, so both give the
// same bits.
#include <algorithm>
#include <cmath>
#include <limits>

#include "cpu/reduce/reduce_simd.hpp"
#include "cpu/reduce/reduce.hpp"
#include "runtime/simd/dispatch.hpp"

namespace parlab::reduce {

std::vector<double> block_sums_simd(std::span<const float> x) {
  const auto sum = simd::kernel<ReduceSum>();
  const std::size_t n = x.size();
  std::vector<double> sums;
  sums.reserve((n + kReduceBlock - 1) / kReduceBlock);
  for (std::size_t b = 0; b < n; b += kReduceBlock) sums.push_back(sum(x.data() + b, std::min(kReduceBlock, n - b)));
  return sums;
}

double in_order(std::span<const double> sums) {
  double s = 0;
  for (double v : sums) s += v;  // fixed order: independent of threads and ranks
  return s;
}

double reduce_simd(std::span<const float> x, ReduceOp op) {
  const std::size_t n = x.size();
  if (op == ReduceOp::min) return simd::kernel<ReduceMin>()(x.data(), n);  // exact: no blocks needed
  if (op == ReduceOp::max) return simd::kernel<ReduceMax>()(x.data(), n);
  const double s = in_order(block_sums_simd(x));
  if (op == ReduceOp::sum) return s;
  return n == 0 ? std::numeric_limits<double>::quiet_NaN() : s / static_cast<double>(n);
}

}  // namespace parlab::reduce
