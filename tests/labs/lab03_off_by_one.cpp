// A wrong lab 03 answer for the grader's tests: the last element is left out.
#include <omp.h>

#include "labs/03-data-parallel/lab_sum.hpp"

namespace lab03 {

double lab_sum(const float* x, std::size_t n) {
  double s = 0;
  const std::size_t last = n == 0 ? 0 : n - 1;
#pragma omp parallel for reduction(+ : s)
  for (std::size_t i = 0; i < last; ++i) s += x[i];
  return s;
}

}  // namespace lab03
