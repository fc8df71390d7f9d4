#pragma once
// Wall-clock timing of repeated host work (threaded work included).
#include <functional>
#include <vector>

namespace parlab {

struct Timing {
  double median_s = 0;
  double best_s = 0;
  int repeats = 0;
};

// One untimed warm-up run, then `repeat` timed runs.
Timing time_repeated(int repeat, const std::function<void()>& fn);
double median(std::vector<double> v);

}  // namespace parlab
