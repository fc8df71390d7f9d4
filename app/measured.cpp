#include "app/measured.hpp"


namespace parlab::cli {
namespace {

std::vector<Backend> usable_backends() {
  std::vector<Backend> usable;
  for (Backend b : kBackends)
    if (backend_status(b).usable) usable.push_back(b);
  return usable;
}

// The timings `compare` makes of `k`: the scalar reference, then each other usable backend.
int timings_of(const Kernel& k) {
  int n = 1;
  for (Backend b : usable_backends()) n += b != Backend::scalar && k.has(b);
  return n;
}

}  // namespace

RunOptions with_steps(RunOptions run, std::string label, Steps& steps) {
  run.starting = [&steps, label = std::move(label)](Backend b) { steps.next(label + " on " + std::string(to_string(b))); };
  return run;
}

Roofline measured_around(int threads, int roof_repeat, const std::vector<Job>& jobs, std::vector<Result>& results,
                         bool shown) {
  ProgressLine line("compare", shown);
  Steps steps{line, 2};
  for (const Job& j : jobs) steps.total += timings_of(*j.kernel);
  steps.next("roofline, before the kernels");
  const Roofline before = measure_roofline(0, threads, roof_repeat);
  const std::vector<Backend> usable = usable_backends();
  results.clear();
  for (const Job& j : jobs) {
    const auto r = compare(*j.kernel, usable, with_steps(j.run, std::string(j.kernel->name), steps), nullptr);
    results.insert(results.end(), r.begin(), r.end());
  }
  steps.next("roofline, after the kernels");
  const Roofline r = best_of(before, measure_roofline(0, threads, roof_repeat));
  set_limits(results, r);
  return r;
}

}  // namespace parlab::cli
