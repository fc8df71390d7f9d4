#pragma once
// Running kernels: time one backend, check it, and set its speed against the
// limits measured on this machine.
#include <functional>
#include <span>
#include <string>
#include <vector>

#include "parlab/registry.hpp"
#include "parlab/roofs.hpp"

namespace parlab {

struct RunOptions {
  Params params;
  int repeat = 5;
  // Called as each backend's timing starts (the scalar reference first): for
  // a progress line. May be empty.
  std::function<void(Backend)> starting = {};
};

struct Result {
  std::string_view kernel;
  Backend backend{};
  Params params;            // every option's value, the seed and the threads asked for
  Cost cost;                // of the run: items (elements, pixels or samples), bytes, operations
  int threads = 1;          // threads the backend used (1 for scalar, simd, cuda)
  double time_s = 0;        // median end to end: for cuda, copies in and out included
  double kernel_s = 0;      // median of the "kernel" spans (equal to time_s when the variant reports none)
  std::vector<double> samples_s, kernel_samples_s;  // every timed run, in order: what the medians are of
  Data output;              // the parts that are not bulk (sums, counts, estimates, tables)
  Verdict verdict;
  double gbps = 0;          // the cost's bytes / kernel_s
  double gflops = 0;        // the cost's float32 + float64 operations / kernel_s
  Limit limit;              // the shortest time the measured roofs allow (seconds 0: not measured)
  double speedup = 0;       // scalar time / time (0: scalar not timed)
  std::string note;         // "ISA avx512bw", "device 0: NVIDIA H100"
  bool partial = false;     // stopped early on request (parlab/progress.hpp): the output covers cost.items
  double pct_of_limit() const { return limit.seconds > 0 && kernel_s > 0 ? 100 * limit.seconds / kernel_s : 0; }
};

// Refuses (Error naming the options) a run whose data would not fit in memory.
void check_fits(const Kernel& k, const Params& p);

// One run of a variant, timed: the wall clock around it, and its spans.
struct Timed {
  double wall_s = 0;
  Spans spans;
  // Kernel-only time: the "kernel" spans, or the wall time if there are none.
  double kernel_s() const { return spans.empty() ? wall_s : spans.total("kernel"); }
  // End to end: the spans' extent (device work with its copies, without
  // allocation), or the wall time if there are none.
  double end_to_end_s() const { return spans.empty() ? wall_s : spans.extent(); }
};
Timed run_timed(const Kernel& k, Backend b, const Data& in, Data& out, const Params& p);

// Runs `k` on each backend in turn (skipping those without a variant) on the
// kernel's built-in input, `repeat` times after a warm-up; every result is
// checked. `roofline` may be null (no limits; set_limits can add them later).
std::vector<Result> compare(const Kernel& k, std::span<const Backend> backends, const RunOptions& opt,
                            const Roofline* roofline);
// One run of `k` on `b`, timed, no warm-up, checked only against the
// kernel's closed forms (no scalar reference: that is compare's work). A run
// stopped early (parlab/progress.hpp) gives a partial result: its cost and
// output cover what was done. `input`: the user's files (read_file) instead
// of the built-in input; the cost then scales with their bytes.
Result run_once(const Kernel& k, Backend b, const Params& p, const Data* input = nullptr);
// Sets each result's limit from `r`.
void set_limits(std::vector<Result>& results, const Roofline& r);

}  // namespace parlab
