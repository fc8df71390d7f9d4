// Lab 03, the reference solution.
#include <omp.h>

#include <algorithm>
#include <xsimd/xsimd.hpp>

#include "../lab_sum.hpp"

namespace lab03 {

// The array in blocks of 64 batches. In a block, four float accumulators
// per lane (four independent chains keep the adder busy, and a cache miss
// in one stream does not stall the others), each taking 16 additions: a
// float sum of 16 terms errs by at most 16 * 2^-24 of its terms' magnitudes
// (< 1e-6), and adding the block sums in double keeps that bound for the
// whole array. The blocks are shared by the threads (schedule(static): each
// thread a contiguous part, read as one stream).
double lab_sum(const float* x, std::size_t n) {
  using batch = xsimd::batch<float>;
  constexpr std::size_t L = batch::size;
  constexpr std::size_t kBlock = 16 * 4 * L;
  const std::size_t blocks = (n + kBlock - 1) / kBlock;
  double total = 0;
#pragma omp parallel for schedule(static) reduction(+ : total)
  for (std::size_t b = 0; b < blocks; ++b) {
    const float* p = x + b * kBlock;
    const std::size_t m = std::min(kBlock, n - b * kBlock);
    batch a0(0.0f), a1(0.0f), a2(0.0f), a3(0.0f);
    std::size_t i = 0;
    for (; i + 4 * L <= m; i += 4 * L) {
      a0 += batch::load_unaligned(p + i);
      a1 += batch::load_unaligned(p + i + L);
      a2 += batch::load_unaligned(p + i + 2 * L);
      a3 += batch::load_unaligned(p + i + 3 * L);
    }
    double s = xsimd::hadd((a0 + a1) + (a2 + a3));
    for (; i < m; ++i) s += p[i];  // the tail of the last block
    total += s;
  }
  return total;
}

}  // namespace lab03
