#pragma once
// Lab 02, async is not parallel: what you write, in starter/responsive.cpp.
// The rest (responsive_main.cpp) is given.
#include <uv.h>

#include <cstddef>
#include <cstdint>
#include <functional>
#include <vector>

namespace lab02 {

// A CPU-bound job: count the primes in [lo, hi). Each takes tens of
// milliseconds of one core, and waits for nothing.
struct Job {
  std::uint64_t lo = 0, hi = 0;
};
// Given: does the counting (on whatever thread calls it).
std::uint64_t count_primes(std::uint64_t lo, std::uint64_t hi);

// Called with each job's index and result, on the loop's thread.
using Done = std::function<void(std::size_t job, std::uint64_t primes)>;

// TODO. Runs every job and reports each result through `done`, on the
// loop's thread, while the loop stays responsive: a timer due every 10 ms
// must fire on time (at most 5 ms late at the 99th percentile), and the jobs
// must use every core (`threads` of them at once).
//
// submit() returns before the jobs are done; the caller then runs `loop`
// (uv_run) on this thread, and stops it after the last result. Whatever
// handle you add to the loop must be initialised here, on the loop's thread.
void submit(uv_loop_t* loop, const std::vector<Job>& jobs, int threads, Done done);

}  // namespace lab02
