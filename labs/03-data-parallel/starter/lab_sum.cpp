// Lab 03: your code. Build: cmake --build build --target lab03-starter
// Grade: parlab lab check 3
#include "../lab_sum.hpp"

namespace lab03 {

double lab_sum(const float* x, std::size_t n) {
  // TODO: correct, but one core and one lane: each addition waits for the
  // one before it (a chain of float-to-double adds). Split the array over
  // the threads (OpenMP) and each share over SIMD lanes with several
  // accumulators (xsimd), then add the partial sums.
  double s = 0;
  for (std::size_t i = 0; i < n; ++i) s += x[i];
  return s;
}

}  // namespace lab03
