#pragma once
// What `parlab compare` and the showcase measure: kernels on every usable
// backend, each checked against the scalar reference, between two roofline
// measurements whose best sets every result's limit (parlab/roofs.hpp,
// best_of: a shared machine's bandwidth drifts, and a kernel that ran in a
// fast moment must not be set against a slow moment's roof).
#include <vector>

#include "app/progress_line.hpp"
#include "parlab/roofs.hpp"
#include "parlab/runner.hpp"

namespace parlab::cli {

// A kernel and its parameters (validated before anything runs).
struct Job {
  const Kernel* kernel;
  RunOptions run;
};

// `run`, with each backend's start a step of `steps`: "<label> on openmp".
RunOptions with_steps(RunOptions run, std::string label, Steps& steps);

// Runs `jobs` on every usable backend between the two roofline
// measurements (`roof_repeat` repeats of each probe, `threads` for the
// all-threads row, 0: all); returns the best roofline, and the results in
// `results`. `shown`: a progress line on stderr.
Roofline measured_around(int threads, int roof_repeat, const std::vector<Job>& jobs, std::vector<Result>& results,
                         bool shown);

}  // namespace parlab::cli
