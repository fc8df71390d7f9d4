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

// Pushes every kernel's data out of the caches by reading a buffer twice the
// size of the last-level cache (at least 64 MiB) on all threads, so the run
// timed next reads its data from memory, as the bandwidth probes do: results
// are then comparable with the memory roof (the same reason NVBench flushes
// the GPU's L2 before each measurement).
void evict_caches();

// One untimed warm-up run, then `repeat` timed runs.
Timing time_repeated(int repeat, const std::function<void()>& fn);
double median(std::vector<double> v);

}  // namespace parlab
