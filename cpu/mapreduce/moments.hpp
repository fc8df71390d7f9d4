#pragma once
// The statistics of a float array, merged soundly: count, mean and M2 (the
// sum of squared deviations from the mean), with Chan, Golub and LeVeque's
// pairwise update. Why this and not a running sum of x and x^2: for data
// with a large mean and a small spread (1e6 + 1e-3 noise), sum(x^2) -
// n mean^2 subtracts two nearly equal numbers and loses every digit of the
// variance; M2 is a sum of small positive terms and loses none.
//
// Each block (4096 values) is done in two passes in float64: its mean, then
// the deviations from it (corrected by their own sum, which is 0 in exact
// arithmetic). Blocks are merged in order (mapreduce.hpp, map_blocks).
//
// NaN values are counted (`nan`) and left out of the mean, the variance,
// the minimum and the maximum. An infinity is a value: the mean is then
// +-infinity (NaN when both signs occur) and the variance NaN, as IEEE
// arithmetic gives them (numpy: mean inf, var nan).
#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdint>

namespace parlab::mapreduce {

struct Moments {
  std::uint64_t n = 0;    // values other than NaN
  std::uint64_t nan = 0;  // NaN values
  double mean = 0, m2 = 0;
  double min = HUGE_VAL, max = -HUGE_VAL;  // +-infinity (a macro: usable in device code too)

  // Chan et al.: the moments of the union of two sets from those of each.
  void merge(const Moments& o) {
    nan += o.nan;
    if (o.n == 0) return;
    if (n == 0) {
      const std::uint64_t keep = nan;
      *this = o;
      nan = keep;
      return;
    }
    const double na = static_cast<double>(n), nb = static_cast<double>(o.n), total = na + nb;
    if (!std::isfinite(mean) || !std::isfinite(o.mean)) {  // an infinity among the values
      mean += o.mean;  // inf + finite = inf, inf + inf = inf, inf - inf = NaN: IEEE's mean of the union
      m2 = NAN;        // the deviations include inf - inf
      n += o.n;
      min = std::min(min, o.min);
      max = std::max(max, o.max);
      return;
    }
    const double delta = o.mean - mean;
    mean += delta * (nb / total);
    m2 += o.m2 + delta * delta * (na * nb / total);
    n += o.n;
    min = std::min(min, o.min);
    max = std::max(max, o.max);
  }
};

// The two passes over values one at a time: the scalar block, and the
// values past the last whole SIMD batch.
struct FirstPass {
  std::uint64_t nan = 0;
  double sum = 0, min = HUGE_VAL, max = -HUGE_VAL;
  void add(const float* x, std::size_t from, std::size_t to) {
    for (std::size_t i = from; i < to; ++i) {
      const double v = x[i];
      if (std::isnan(v)) {
        ++nan;
        continue;
      }
      sum += v;
      min = std::min(min, v);
      max = std::max(max, v);
    }
  }
};
struct SecondPass {
  double sum_d = 0, sum_d2 = 0;  // of d = x - m over the values that are not NaN
  void add(const float* x, std::size_t from, std::size_t to, double m) {
    for (std::size_t i = from; i < to; ++i) {
      const double v = x[i];
      if (std::isnan(v)) continue;
      sum_d += v - m;
      sum_d2 += (v - m) * (v - m);
    }
  }
};

// Moments from a block's sums: count, sum, the sum of deviations d = x - m
// from a first estimate m of the mean, and the sum of d^2.
inline Moments block_moments(std::uint64_t n, std::uint64_t nan, double m, double sum_d, double sum_d2, double min,
                             double max) {
  Moments r;
  r.n = n;
  r.nan = nan;
  if (n == 0) return r;
  const double nd = static_cast<double>(n);
  if (!std::isfinite(m)) {  // an infinity among the values: the mean is +-inf (NaN with both signs),
    r.mean = m;             // as IEEE arithmetic gives sum / n, and the variance is NaN (inf - inf)
    r.m2 = NAN;
  } else {
    r.mean = m + sum_d / nd;
    const double m2 = sum_d2 - sum_d * sum_d / nd;
    r.m2 = m2 < 0 ? 0.0 : m2;  // rounding may make it slightly negative; a NaN stays NaN
  }
  r.min = min;
  r.max = max;
  return r;
}

}  // namespace parlab::mapreduce
