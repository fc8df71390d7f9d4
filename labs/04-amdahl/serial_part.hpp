#pragma once
// Lab 04, Amdahl and Gustafson: what you write, in starter/serial_part.cpp.
// The rest (serial_part_main.cpp) is given.
#include <utility>
#include <vector>

namespace lab04 {

// Given: one unit of work, the same cost on every call (some microseconds
// of arithmetic, no memory traffic).
double work(double x);

// TODO 1. Amdahl's serial fraction f, fitted to measured times: `times`
// holds (threads, seconds) pairs, one with 1 thread. Amdahl's law says
// T(n) = T(1) * (f + (1 - f) / n); fit f by least squares on
// 1/S(n) - 1/n = f * (1 - 1/n), where S(n) = T(1) / T(n). NaN when the
// times cannot give f (no 1-thread time, or no other thread count).
double fit_serial_fraction(const std::vector<std::pair<int, double>>& times);

// TODO 2. The job's chain: y[i] = y[i-1] + work(x[i]), with y[-1] = 0.
// Each y needs the one before it: as written (the starter) the whole chain,
// work() included, runs on one thread: the job's serial part. Keep the
// answer bit for bit, but take out of the chain what does not depend on it,
// so that it runs on `threads` threads.
void chain(const std::vector<double>& x, std::vector<double>& y, int threads);

}  // namespace lab04
