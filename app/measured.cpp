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

// The random-read roofs `jobs` need: up to four times the largest table a
// kernel declares (the smallest probed, 32 KiB, if none does), rather than
// the 1 GiB `parlab roofline` probes: faulting a table that size in takes
// seconds, twice per compare.
std::size_t largest_table(const std::vector<Job>& jobs) {
  double most = 0;
  for (const Job& j : jobs)
    if (j.kernel->cost) most = std::max(most, j.kernel->cost(j.run.params).table_bytes);
  return static_cast<std::size_t>(std::min(4 * most, double(std::size_t{1} << 30)));
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
  const std::size_t tables = std::max<std::size_t>(largest_table(jobs), 32 << 10);
  const Roofline before = measure_roofline(0, threads, roof_repeat, tables);
  const std::vector<Backend> usable = usable_backends();
  results.clear();
  for (const Job& j : jobs) {
    const auto r = compare(*j.kernel, usable, with_steps(j.run, std::string(j.kernel->name), steps), nullptr);
    results.insert(results.end(), r.begin(), r.end());
  }
  steps.next("roofline, after the kernels");
  const Roofline r = best_of(before, measure_roofline(0, threads, roof_repeat, tables));
  set_limits(results, r);
  return r;
}

}  // namespace parlab::cli
