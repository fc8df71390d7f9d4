// `parlab demo gpu`: where the GPU stops paying off. One kernel (the sum of
// a float array) at sizes from 4 KiB to 256 MiB: the GPU kernel alone, the
// GPU with the copies to and from the device, and the CPU (openmp). A GPU
// computes fast but sits behind a bus: for small inputs the copies and the
// launch cost more than the CPU takes for the whole job.
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <string>

#include "parlab/backend.hpp"
#include "parlab/machine.hpp"
#include "parlab/registry.hpp"
#include "parlab/runner.hpp"
#include "pipelines/demos/demos.hpp"

namespace parlab::demo {
namespace {

constexpr int kRepeat = 5;

// Medians over kRepeat runs after a warm-up: kernel-only and end to end.
std::pair<double, double> median_times(const Kernel& k, Backend b, const Data& in, const Params& p) {
  Data out;
  run_timed(k, b, in, out, p);
  std::vector<double> kernel, end_to_end;
  for (int r = 0; r < kRepeat; ++r) {
    const Timed t = run_timed(k, b, in, out, p);
    kernel.push_back(t.kernel_s());
    end_to_end.push_back(t.end_to_end_s());  // with the copies in and out
  }
  std::nth_element(kernel.begin(), kernel.begin() + kRepeat / 2, kernel.end());
  std::nth_element(end_to_end.begin(), end_to_end.begin() + kRepeat / 2, end_to_end.end());
  return {kernel[kRepeat / 2], end_to_end[kRepeat / 2]};
}

std::string size_name(std::uint64_t bytes) {
  char s[32];
  if (bytes >= (1u << 20))
    std::snprintf(s, sizeof s, "%llu MiB", static_cast<unsigned long long>(bytes >> 20));
  else
    std::snprintf(s, sizeof s, "%llu KiB", static_cast<unsigned long long>(bytes >> 10));
  return s;
}

Report run(const Settings& s) {
  const Kernel& k = find_kernel("reduce_sum");
  Report r;
  r.title = "gpu: " + std::string(k.name) + " on the GPU (kernel alone, and with its copies) vs the CPU, by size";
  const BackendStatus gpu = backend_status(Backend::cuda);
  if (!gpu.usable || !k.has(Backend::cuda)) {
    r.shows = "Skipped: no usable GPU here (" + gpu.reason + ").";
    r.takeaway = "Run `parlab demo gpu` on a machine with an NVIDIA GPU and the CUDA build to see where it pays off.";
    return r;
  }
  r.shows = "The sum of n floats, n from 2^10 (4 KiB) to 2^26 (256 MiB) at scale 1. GPU end to end: copy in, "
            "kernel, copy out (timed with CUDA events).";
  const auto largest = static_cast<std::uint64_t>(std::clamp(std::log2(s.scale) + 26, 12.0, 28.0));
  std::uint64_t pays_kernel = 0, pays_end_to_end = 0;
  for (std::uint64_t e = 10; e <= largest; e += 2) {
    Params p = k.defaults();
    p.set("size", static_cast<double>(std::uint64_t{1} << e));
    p.threads = s.threads;
    check_fits(k, p);
    const Data in = k.generate(p);
    const auto [gpu_kernel, gpu_total] = median_times(k, Backend::cuda, in, p);
    const double cpu = median_times(k, Backend::openmp, in, p).second;
    const std::string at = size_name((std::uint64_t{1} << e) * sizeof(float));
    r.numbers.push_back({at + ": cpu (openmp)", cpu, "s"});
    r.numbers.push_back({at + ": gpu kernel only", gpu_kernel, "s"});
    r.numbers.push_back({at + ": gpu end to end", gpu_total, "s"});
    r.numbers.push_back({at + ": cpu / gpu end to end", cpu / gpu_total, "x"});
    if (!pays_kernel && gpu_kernel < cpu) pays_kernel = e;
    if (!pays_end_to_end && gpu_total < cpu) pays_end_to_end = e;
  }
  auto at = [](std::uint64_t e) { return e ? size_name((std::uint64_t{1} << e) * sizeof(float)) : std::string("never"); };
  r.takeaway = "The GPU kernel alone beat the CPU from " + at(pays_kernel) + "; with its copies, from " +
               at(pays_end_to_end) +
               ". Below that, moving the data and launching cost more than the CPU's whole run: keep data on the "
               "GPU across kernels, or leave small jobs on the CPU.";
  return r;
}

const Register kGpu{{.name = "gpu",
                     .summary = "one kernel on the GPU with and without its copies, by size: where the GPU pays off",
                     .order = 6,
                     .run = run}};

}  // namespace
}  // namespace parlab::demo
