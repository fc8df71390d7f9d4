#pragma once
// What several demos measure with: pure CPU work of a chosen length, a
// thread's CPU time, and the process's resident memory.
#include <time.h>
#include <unistd.h>

#include <algorithm>
#include <cstdint>
#include <fstream>

#include "parlab/trace.hpp"

namespace parlab::demo {

// A dependent chain of multiply-adds: pure CPU, no memory traffic. The
// factors come through volatile reads, so the compiler cannot see the chain
// settle on a fixed point (with constants it proves the loop does nothing
// and drops it), and the result is kept.
inline double burn(std::uint64_t steps, double x = 1.0) {
  static volatile double factor = 0.9999999, offset = 1e-7;
  const double a = factor, b = offset;
  for (std::uint64_t i = 0; i < steps; ++i) x = x * a + b;
  return x;
}

// Steps of burn() that take about `seconds` here.
inline std::uint64_t calibrate(double seconds) {
  std::uint64_t steps = 1 << 20;
  for (;;) {
    const std::int64_t t0 = trace::now_ns();
    volatile double sink = burn(steps);
    (void)sink;
    const double took = static_cast<double>(trace::now_ns() - t0) * 1e-9;
    if (took > 0.02 || steps > (std::uint64_t{1} << 40))
      return static_cast<std::uint64_t>(static_cast<double>(steps) * seconds / std::max(took, 1e-9)) + 1;
    steps *= 4;
  }
}

// CPU time this thread has used: the same work costs the same CPU time
// whatever else the machine runs, where wall time does not.
inline double thread_cpu_seconds() {
  timespec t{};
  ::clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
  return static_cast<double>(t.tv_sec) + static_cast<double>(t.tv_nsec) * 1e-9;
}

// Resident memory of this process now, in bytes (/proc/self/statm).
inline double resident_bytes() {
  std::ifstream statm("/proc/self/statm");
  double size = 0, resident = 0;
  statm >> size >> resident;
  return resident * static_cast<double>(::sysconf(_SC_PAGESIZE));
}

}  // namespace parlab::demo
