#pragma once
// Lab 03, data parallelism: what you write, in starter/lab_sum.cpp.
// The rest (lab_sum_main.cpp) is given.
#include <cstddef>

namespace lab03 {

// TODO. The sum of x[0..n), on every core (OpenMP) and every SIMD lane of
// each (xsimd), within the error bound the grader holds you to:
//
//     |lab_sum(x, n) - exact sum| <= 1e-6 * (|x[0]| + ... + |x[n-1]|)
//
// for any n from 0 up, including sizes that are no multiple of the lanes,
// the threads or anything else. A float accumulator that adds millions of
// values drifts far beyond it; accumulate in double, or in float over short
// blocks added into a double (the README shows the arithmetic).
double lab_sum(const float* x, std::size_t n);

}  // namespace lab03
