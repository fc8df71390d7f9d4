#pragma once
// Amdahl's law: the speed-up of a job whose serial fraction f cannot run in
// parallel, S(n) = 1 / (f + (1 - f) / n), and f fitted to measured times.
// What `parlab scale` reports and the demos draw.
#include <utility>
#include <vector>

namespace parlab {

// times[i] = {threads, seconds}, with a run on 1 thread. Least squares on
// 1/S - 1/n = f (1 - 1/n), S = t1 / tn; returns the serial fraction f
// (clamped to [0, 1]), NaN with fewer than two thread counts or no 1-thread
// time.
double fit_serial_fraction(const std::vector<std::pair<int, double>>& times);
// Amdahl's speed-up at n threads for serial fraction f.
inline double amdahl(double f, int n) { return 1 / (f + (1 - f) / n); }

}  // namespace parlab
