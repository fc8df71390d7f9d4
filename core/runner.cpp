#include "parlab/runner.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <string>

#include "parlab/machine.hpp"
#include "parlab/progress.hpp"
#include "parlab/timing.hpp"
#include "parlab/trace.hpp"
#include "runtime/error.hpp"
#include "runtime/mpi/ranks.hpp"
#include "runtime/openmp.hpp"
#include "runtime/simd/isa.hpp"

namespace parlab {

void check_fits(const Kernel& k, const Params& p) {
  // The kernel's footprint twice: the reference's run and the backend's.
  const double need = 2 * k.cost(p).footprint;
  const double have = static_cast<double>(available_memory());
  if (have > 0 && need > 0.9 * have) {
    std::string opts;
    for (const auto& [name, v] : p.values()) {
      opts += opts.empty() ? "--" : " --";  // appended piecewise: GCC 12 warns falsely on "--" + s
      opts += name;
      opts += ' ';
      opts += format_option(*k.option(name), v);
    }
    throw Error(opts + ": " + std::string(k.name) + " needs " + gib(need) + " of memory, but only " + gib(have) +
                " is available");
  }
}

Timed run_timed(const Kernel& k, Backend b, const Data& in, Data& out, const Params& p) {
  Timed t;
  // Across ranks: all start together, and the run takes as long as its
  // slowest rank (a barrier before, the largest time after).
  mpi::barrier();
  const std::int64_t start_ns = trace::enabled() ? trace::now_ns() : 0;
  const auto t0 = std::chrono::steady_clock::now();
  k.variant(b)(in, out, p, t.spans);
  t.wall_s = mpi::max(std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count());
  if (trace::enabled()) {
    // One span for the run, named after the kernel, on the calling thread;
    // the variant's own spans (a GPU's copies and kernel) inside it. Those
    // count from their first event, which follows the device allocations, so
    // they are placed to end where the run ends (only a return follows them).
    const std::int64_t end_ns = trace::now_ns();
    trace::record(trace::intern(k.name), trace::intern(to_string(b)), start_ns, end_ns);
    double last = 0;
    for (const Span& s : t.spans.list) last = std::max(last, s.end_s);
    for (const Span& s : t.spans.list)
      trace::record(trace::intern(s.name), "device", end_ns - static_cast<std::int64_t>((last - s.start_s) * 1e9),
                    end_ns - static_cast<std::int64_t>((last - s.end_s) * 1e9));
  }
  return t;
}

namespace {

// The non-bulk parts of an output: what a report prints.
Data printable(const Data& d) {
  Data out;
  for (const Part& part : d.parts())
    if (!is_bulk(part.value)) std::visit([&](const auto& v) { out.set(part.name, v); }, part.value);
  return out;
}

// Median kernel-only and end-to-end times over `repeat` runs after a warm-up.
struct Times {
  double kernel_s = 0, end_to_end_s = 0;
  std::vector<double> kernel = {}, whole = {};  // each run's
};
Times time_variant(const Kernel& k, Backend b, const Data& in, Data& out, const Params& p, int repeat) {
  run_timed(k, b, in, out, p);  // warm-up: page faults, caches, lazy initialisation
  std::vector<double> kernel, whole;
  for (int r = 0; r < std::max(repeat, 1); ++r) {
    evict_caches();  // from memory, as the roof was measured
    const Timed t = run_timed(k, b, in, out, p);
    kernel.push_back(t.kernel_s());
    whole.push_back(t.end_to_end_s());
  }
  return {median(kernel), median(whole), kernel, whole};
}

}  // namespace

namespace {

// A result without its verdict and speed-up.
Result result_of(const Kernel& k, Backend b, const Params& p, const Cost& cost, const Times& t, const Data& got) {
  Result r;
  r.kernel = k.name;
  r.backend = b;
  r.params = p;
  r.cost = cost;
  r.time_s = t.end_to_end_s;
  r.kernel_s = t.kernel_s;
  r.samples_s = t.whole.empty() ? std::vector<double>{t.end_to_end_s} : t.whole;
  r.kernel_samples_s = t.kernel.empty() ? std::vector<double>{t.kernel_s} : t.kernel;
  if (b == Backend::openmp) r.threads = openmp::threads(p.threads);
  if (b == Backend::simd || b == Backend::openmp) r.note = "ISA " + std::string(simd::active_isa());
  if (b == Backend::cuda) r.note = backend_status(b).reason;
  r.output = printable(got);
  if (r.kernel_s > 0) {
    r.gbps = cost.bytes() / r.kernel_s / 1e9;
    r.gflops = (cost.flops32 + cost.flops64) / r.kernel_s / 1e9;
  }
  return r;
}

Cost scaled(Cost c, double f) {
  // Items are whole (elements, pixels, samples): 10^13 x (4106354688 / 10^13)
  // is 4106354687.9999995 in doubles, and a partial run's size must be the
  // count it did.
  c.items = std::round(c.items * f);
  c.bytes_read *= f;
  c.bytes_written *= f;
  c.flops32 *= f;
  c.flops64 *= f;
  c.intops *= f;
  return c;
}

}  // namespace

std::vector<Result> compare(const Kernel& k, std::span<const Backend> backends, const RunOptions& opt,
                            const Roofline* roofline) {
  const Params& p = opt.params;
  check_fits(k, p);
  const Cost cost = k.cost(p);
  const Data input = k.generate ? k.generate(p) : Data{};
  Data reference;
  if (opt.starting) opt.starting(Backend::scalar);
  const Times ref_time = time_variant(k, Backend::scalar, input, reference, p, opt.repeat);

  std::vector<Result> out;
  for (Backend b : backends) {
    if (!k.has(b)) continue;
    Data got;
    Times t = ref_time;
    if (b == Backend::scalar) {
      got = reference;
    } else {
      if (opt.starting) opt.starting(b);
      t = time_variant(k, b, input, got, p, opt.repeat);
    }
    Result r = result_of(k, b, p, cost, t, got);
    r.verdict = verify(k, got, reference, p);
    r.speedup = r.time_s > 0 ? ref_time.end_to_end_s / r.time_s : 0;
    out.push_back(std::move(r));
  }
  if (roofline) set_limits(out, *roofline);
  return out;
}

namespace {

// The bytes of the streams of an input (its files), when known.
double stream_bytes(const Data& in) {
  double n = 0;
  for (const Part& part : in.parts())
    if (const auto* s = std::get_if<Stream>(&part.value); s && *s) n += static_cast<double>((*s)->size().value_or(0));
  return n;
}

}  // namespace

Result run_once(const Kernel& k, Backend b, const Params& p, const Data* input) {
  Data generated;
  if (!input) {
    check_fits(k, p);
    if (k.generate) generated = k.generate(p);
  }
  Data got;
  const Timed t = run_timed(k, b, input ? *input : generated, got, p);
  Cost cost = k.cost(p);
  // A kernel that streams its files costs in proportion to their bytes.
  if (input && cost.bytes_read > 0) cost = scaled(cost, stream_bytes(*input) / cost.bytes_read);
  Result r;
  if (progress::stop_requested()) {
    const double total = progress::total(), done = progress::done();
    r = result_of(k, b, p, scaled(cost, total > 0 ? done / total : 0), {t.kernel_s(), t.end_to_end_s()}, got);
    r.partial = true;
    char buf[128];
    std::snprintf(buf, sizeof buf, "partial: stopped after %.0f of %.0f", done, total);
    r.note = buf + (r.note.empty() ? std::string() : "; " + r.note);
  } else {
    r = result_of(k, b, p, cost, {t.kernel_s(), t.end_to_end_s()}, got);
  }
  r.verdict = verify_oracles(k, got, p);
  return r;
}

void set_limits(std::vector<Result>& results, const Roofline& r) {
  for (Result& x : results) x.limit = limit(x.cost, x.backend, r, x.threads);
}

}  // namespace parlab
