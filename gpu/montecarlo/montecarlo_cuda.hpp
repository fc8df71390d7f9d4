#pragma once
// The Monte Carlo family on the CUDA device (gpu/montecarlo/montecarlo_device.cu),
// for the variants in montecarlo_cuda.cpp. The same blocks as the CPU
// backends (cpu/montecarlo/blocks.hpp): a CUDA block of threads per
// Monte Carlo block, block results added on the host in block order.
#include <cstdint>

#include "cpu/montecarlo/montecarlo.hpp"
#include "cpu/montecarlo/paths.hpp"
#include "runtime/spans.hpp"

namespace parlab::montecarlo {

// Samples or paths done (all of n unless a stop was requested,
// parlab/progress.hpp) and what they gave.
struct PiDone {
  std::uint64_t inside = 0, items = 0;
};
struct SumsDone {
  Sums sum;
  std::uint64_t items = 0;
};

// Report "kernel" and "d2h" spans (CUDA events), one pair per launch.
PiDone pi_on_device(std::uint64_t seed, std::uint64_t n, Spans& spans);
SumsDone european_on_device(const OptionSpec& o, const PathConstants& c, std::uint64_t n, Spans& spans);
SumsDone asian_on_device(const OptionSpec& o, const PathConstants& c, std::uint64_t n, Spans& spans);

}  // namespace parlab::montecarlo
