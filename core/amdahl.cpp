// Amdahl's serial fraction, fitted to measured times (parlab/amdahl.hpp).
#include "parlab/amdahl.hpp"

#include <algorithm>
#include <cmath>

namespace parlab {

double fit_serial_fraction(const std::vector<std::pair<int, double>>& times) {
  double t1 = 0;
  for (const auto& [n, t] : times)
    if (n == 1) t1 = t;
  double sxy = 0, sxx = 0;
  int points = 0;
  for (const auto& [n, t] : times) {
    if (n <= 1 || t <= 0) continue;
    const double x = 1 - 1.0 / n, y = t / t1 - 1.0 / n;  // 1/S = t_n / t_1
    sxy += x * y;
    sxx += x * x;
    ++points;
  }
  if (t1 <= 0 || points == 0) return NAN;
  return std::clamp(sxy / sxx, 0.0, 1.0);
}

}  // namespace parlab
