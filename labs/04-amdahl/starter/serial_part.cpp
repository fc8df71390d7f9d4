// Lab 04: your code. Build: cmake --build build --target lab04-starter
// Grade: parlab lab check 4
#include <cmath>

#include "../serial_part.hpp"

namespace lab04 {

double fit_serial_fraction(const std::vector<std::pair<int, double>>& times) {
  // TODO 1: fit f (serial_part.hpp says how).
  (void)times;
  return NAN;
}

void chain(const std::vector<double>& x, std::vector<double>& y, int threads) {
  // TODO 2: the whole chain on one thread, work() included. Only the
  // additions need the previous y.
  (void)threads;
  double last = 0;
  for (std::size_t i = 0; i < x.size(); ++i) y[i] = last = last + work(x[i]);
}

}  // namespace lab04
