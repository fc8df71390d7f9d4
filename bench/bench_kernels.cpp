// Google Benchmark binary generated from the registry: every kernel on every
// usable backend, and every peer and sweep the families register beside
// their kernels (parlab/benchmarks.hpp). Nothing here names a kernel.
//
//   <kernel>/<backend>/<items>                  e.g. reduce_sum/openmp/67108864
//   <kernel>/<peer>/<items>                     a peer at the kernel's sizes (reduce_sum/cub/...)
//   vs_<peer>/<case>/<threads>/{parlab,<peer>}  a peer at named settings, beside the backend it is set against
//   <sweep>/<value>/<threads>/parlab            one option over a list of values
//
// CPU backends and peers are timed by the wall clock (UseRealTime: threads
// included). cuda is timed by the spans its variants report (CUDA events):
// `cuda` is the kernel alone, `cuda_e2e` includes the host<->device copies,
// and a device peer likewise (`cub`, `cub_e2e`). Every benchmark checks its
// result first, so no figure stands without a correctness check; a peer
// reports `max_diff`, its largest error against the scalar reference.
//
// Counters: bytes_per_second and items_per_second (from the kernel's cost),
// and pct_of_limit: the shortest time the roofs measured at start-up allow
// (memory bandwidth or compute, whichever binds) over the measured time.
//
// Own flags (before Google Benchmark's):
//   --parlab_sizes=65536,67108864   values of a kernel's size option (default:
//                                   2^16 in L2 and 2^26 in DRAM; 2^26 and 2^28 on the GPU)
//   --parlab_roofline=false         skip the roofline probes (no pct_of_limit)
#include <benchmark/benchmark.h>

#include <chrono>
#include <cmath>
#include <cstring>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "parlab/benchmarks.hpp"
#include "parlab/machine.hpp"
#include "parlab/registry.hpp"
#include "parlab/roofs.hpp"
#include "parlab/runner.hpp"
#include "parlab/trace.hpp"
#include "runtime/error.hpp"
#include "runtime/openmp.hpp"
#include "runtime/simd/isa.hpp"

namespace parlab::bench {
namespace {

Roofline g_roofline;
bool g_have_roofline = false;

// Inputs and references are made once per (kernel, parameters) and shared by
// every backend and peer.
struct Prepared {
  Data input, reference;
};
const Prepared& prepared(const Kernel& k, const Params& p) {
  static std::map<std::string, Prepared> cache;
  std::string key = std::string(k.name) + " " + std::to_string(p.seed);
  for (const auto& [n, v] : p.values()) key += " " + n + "=" + std::to_string(v);
  auto it = cache.find(key);
  if (it == cache.end()) {
    Prepared x;
    x.input = k.generate ? k.generate(p) : Data{};
    Spans spans;
    k.variant(Backend::scalar)(x.input, x.reference, p, spans);
    it = cache.emplace(key, std::move(x)).first;
  }
  return it->second;
}

// `seconds`: the time of all iterations, as the benchmark itself measured it.
void counters(benchmark::State& s, const Kernel& k, Backend b, const Params& p, double seconds) {
  const Cost c = k.cost(p);
  const double iters = static_cast<double>(s.iterations());
  s.SetBytesProcessed(static_cast<int64_t>(c.bytes() * iters));
  s.SetItemsProcessed(static_cast<int64_t>(c.items * iters));
  if (!g_have_roofline || seconds <= 0) return;
  const Limit l = limit(c, b, g_roofline, p.threads);  // openmp at 1 thread: the one-thread roofs
  if (l.seconds > 0) s.counters["pct_of_limit"] = 100 * l.seconds * iters / seconds;
}

// What a benchmark runs each iteration: a variant or a peer.
struct Run {
  const Kernel* kernel;
  Backend timed_as;           // its timing and its roof
  Variant variant;
  bool oracles_only = false;  // a peer with other random numbers: checked against the closed forms only
  bool report_error = false;  // a peer: its largest error as the counter max_diff
};

// The first run's output checked (against the reference, or the closed
// forms); false and the benchmark skipped with the reason if it fails.
bool checked(benchmark::State& s, const Run& r, const Data& got, const Params& p) {
  const Verdict v = r.oracles_only ? verify_oracles(*r.kernel, got, p)
                                   : verify(*r.kernel, got, prepared(*r.kernel, p).reference, p);
  if (!v.ok) s.SkipWithError(("check failed: " + v.detail).c_str());
  if (v.ok && r.report_error && !r.oracles_only) s.counters["max_diff"] = v.error;
  return v.ok;
}

// On the host: the wall clock around every iteration.
void on_host(benchmark::State& s, const Run& r, const Params& p) {
  const Data& in = prepared(*r.kernel, p).input;
  Data out;
  Spans spans;
  try {
    r.variant(in, out, p, spans);
  } catch (const Error& e) {
    s.SkipWithError(e.what());
    return;
  }
  if (!checked(s, r, out, p)) return;
  const auto t0 = std::chrono::steady_clock::now();
  for (auto _ : s) {
    r.variant(in, out, p, spans);
    benchmark::DoNotOptimize(out);
  }
  counters(s, *r.kernel, r.timed_as, p, std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count());
}

// On the device: the spans the run reports, the kernel alone or end to end.
void on_device(benchmark::State& s, const Run& r, const Params& p, bool kernel_only) {
  const Data& in = prepared(*r.kernel, p).input;
  Data out;
  double total = 0;
  try {
    for (auto _ : s) {
      Spans spans;
      r.variant(in, out, p, spans);
      const double one = kernel_only ? spans.total("kernel") : spans.extent();
      s.SetIterationTime(one);
      total += one;
    }
  } catch (const Error& e) {
    s.SkipWithError(e.what());
    return;
  }
  if (checked(s, r, out, p)) counters(s, *r.kernel, Backend::cuda, p, total);
}

// Registers <before><stem><after> running `r` at `p`: two benchmarks on the
// device (<stem> the kernel alone, <stem>_e2e with the copies), one on the host.
void add(const std::string& before, const std::string& stem, const std::string& after, const Run& r, const Params& p,
         benchmark::TimeUnit unit = benchmark::kMicrosecond) {
  if (r.timed_as == Backend::cuda) {
    for (bool only : {true, false})
      benchmark::RegisterBenchmark((before + stem + (only ? "" : "_e2e") + after).c_str(),
                                   [r, p, only](benchmark::State& s) { on_device(s, r, p, only); })
          ->UseManualTime()
          ->Unit(benchmark::kMillisecond);
    return;
  }
  benchmark::RegisterBenchmark((before + stem + after).c_str(), [r, p](benchmark::State& s) { on_host(s, r, p); })
      ->UseRealTime()
      ->Unit(unit);
}

// The cost of one span (two clock reads and a push into this thread's
// buffer): the trace recorder's overhead per span (parlab/trace.hpp).
void trace_span(benchmark::State& s) {
  trace::clear();
  trace::enable();
  std::uint64_t n = 0;
  for (auto _ : s) {
    trace::Scope span("span", "bench");
    if (++n % (1 << 20) == 0) {  // the buffer would grow without end
      s.PauseTiming();
      trace::clear();
      s.ResumeTiming();
    }
  }
  trace::enable(false);
  s.SetItemsProcessed(s.iterations());
  trace::clear();
}

std::vector<std::size_t> parse_sizes(const char* list) {
  std::vector<std::size_t> v;
  for (const char* p = list; *p;) {
    char* end = nullptr;
    v.push_back(std::strtoull(p, &end, 10));
    if (end == p) throw UsageError(std::string("--parlab_sizes='") + list + "': not a comma-separated list of counts");
    p = *end == ',' ? end + 1 : end;
  }
  return v;
}

// The parameter sets a kernel is measured at: its defaults, or, for a kernel
// whose problem size is one count option, each of `sizes`.
std::vector<Params> settings(const Kernel& k, const std::vector<std::size_t>& sizes) {
  const Option* size = k.size_option();
  if (!size) return {k.defaults()};
  std::vector<Params> v;
  for (std::size_t n : sizes) {
    Params p = k.defaults().set(size->name, static_cast<double>(n));
    const Cost c = k.cost(p);
    // Sizes that would take minutes a run on the scalar backend are left out
    // (the Asian option's 2^26 paths x 252 dates): 2e10 operations, about 10 s.
    if (c.flops32 + c.flops64 + c.intops <= 2e10 || v.empty()) v.push_back(p);
  }
  return v;
}

// "/<items>", the end of a benchmark's name. (Appended piecewise: GCC 12
// warns falsely of "/" + std::string.)
std::string items_of(const Kernel& k, const Params& p) {
  std::string s = "/";
  s += std::to_string(static_cast<long long>(k.cost(p).items));
  return s;
}

// One thread, and every thread when there are more.
std::vector<int> thread_counts() {
  const int all = openmp::threads();
  return all > 1 ? std::vector<int>{1, all} : std::vector<int>{1};
}

struct Sizes {
  std::vector<std::size_t> cpu, gpu;
  const std::vector<std::size_t>& of(Backend b) const { return b == Backend::cuda ? gpu : cpu; }
};

void register_kernels(const Sizes& sizes) {
  for (const Kernel& k : kernels())
    for (Backend b : kBackends) {
      if (!k.has(b) || !backend_status(b).usable) continue;
      for (const Params& p : settings(k, sizes.of(b)))
        add(std::string(k.name) + "/", std::string(to_string(b)), items_of(k, p), {&k, b, k.variant(b)}, p);
    }
}

void register_peers(const Sizes& sizes) {
  for (const Peer& peer : peers()) {
    if (!backend_status(peer.beside).usable) continue;
    const Kernel& k = find_kernel(peer.kernel);
    const Run theirs{&k, peer.beside, peer.run, peer.oracles_only, true};
    if (peer.cases.empty()) {
      for (const Params& p : settings(k, sizes.of(peer.beside)))
        add(std::string(k.name) + "/", std::string(peer.name), items_of(k, p), theirs, p);
      continue;
    }
    const Run ours{&k, peer.beside, k.variant(peer.beside)};
    for (int t : thread_counts())
      for (const Peer::Case& c : peer.cases) {
        Params p = k.defaults();
        p.threads = t;
        for (const auto& [option, value] : c.settings) p.set(option, value);
        const std::string base = "vs_" + std::string(peer.name) + "/" + std::string(c.label) + "/" + std::to_string(t) + "/";
        add(base, "parlab", "", ours, p, benchmark::kMillisecond);
        add(base, std::string(peer.name), "", theirs, p, benchmark::kMillisecond);
      }
  }
}

void register_sweeps() {
  for (const Sweep& sw : sweeps()) {
    if (!backend_status(sw.backend).usable) continue;
    const Kernel& k = find_kernel(sw.kernel);
    for (double v : sw.values) {
      Params p = k.defaults().set(sw.option, v);
      p.threads = openmp::threads();
      char value[32];
      std::snprintf(value, sizeof value, "%g", v);
      add(std::string(sw.name) + "/" + value + "/" + std::to_string(p.threads) + "/", "parlab", "",
          {&k, sw.backend, k.variant(sw.backend)}, p, benchmark::kMillisecond);
    }
  }
}

void add_context() {
  const MachineInfo m = machine_info();
  benchmark::AddCustomContext("parlab_cpu", m.cpu_model);
  benchmark::AddCustomContext("parlab_simd_isa", m.simd_isa);
  benchmark::AddCustomContext("parlab_omp_threads", std::to_string(m.omp_threads));
  benchmark::AddCustomContext("parlab_omp_proc_bind", m.omp_proc_bind);
  benchmark::AddCustomContext("parlab_gpu", backend_status(Backend::cuda).reason);
  benchmark::AddCustomContext("parlab_compiler", m.compiler + " " + m.flags);
  benchmark::AddCustomContext("parlab_git_revision", m.git_revision);
  std::string names;
  std::set<std::string_view> told;  // a peer of several kernels says who it is once
  for (const Peer& peer : peers()) {
    names += (names.empty() ? "" : ", ") + std::string(peer.name) + " (" + std::string(peer.kernel) + ")";
    if (peer.about && told.insert(peer.name).second)
      benchmark::AddCustomContext("peer_" + std::string(peer.name), peer.about());
  }
  benchmark::AddCustomContext("parlab_peers", names.empty() ? "none built" : names);
  if (!g_have_roofline) return;
  // One roof, on one thread and on all threads.
  auto both = [](const std::string& name, double one, double all, const char* unit) {
    benchmark::AddCustomContext("roofline_" + name + "_1_thread", std::to_string(one) + unit);
    benchmark::AddCustomContext("roofline_" + name + "_all_threads", std::to_string(all) + unit);
  };
  const Roofline& r = g_roofline;
  both("read", r.one_thread.read, r.all_threads.read, " GB/s");
  both("copy", r.one_thread.copy, r.all_threads.copy, " GB/s");
  both("triad", r.one_thread.triad, r.all_threads.triad, " GB/s");
  both("fp32", r.compute_one_thread.fp32, r.compute_all_threads.fp32, " GFLOP/s");
  both("fp64", r.compute_one_thread.fp64, r.compute_all_threads.fp64, " GFLOP/s");
  both("int32_mul", r.compute_one_thread.int32_mul, r.compute_all_threads.int32_mul, " Gop/s");
  both("updates", r.access_one_thread.updates, r.access_all_threads.updates, " G/s");
  benchmark::AddCustomContext("roofline_device_copy",
                              r.device_copy > 0 ? std::to_string(r.device_copy) + " GB/s" : r.device_note);
}

}  // namespace
}  // namespace parlab::bench

int main(int argc, char** argv) {
  parlab::openmp::unpin_initial_thread();
  using namespace parlab::bench;
  Sizes sizes{{std::size_t{1} << 16, std::size_t{1} << 26}, {std::size_t{1} << 26, std::size_t{1} << 28}};
  bool roofline = true;
  try {
    std::vector<char*> rest;
    for (int i = 0; i < argc; ++i) {
      if (std::strncmp(argv[i], "--parlab_sizes=", 15) == 0) {
        sizes.cpu = sizes.gpu = parse_sizes(argv[i] + 15);
      } else if (std::strcmp(argv[i], "--parlab_roofline=false") == 0) {
        roofline = false;
      } else {
        rest.push_back(argv[i]);
      }
    }
    argc = static_cast<int>(rest.size());
    benchmark::Initialize(&argc, rest.data());
    if (benchmark::ReportUnrecognizedArguments(argc, rest.data())) return 2;
    parlab::openmp::check_default_threads();
    if (const char* isa = std::getenv("PARLAB_ISA"); isa && *isa) parlab::simd::use_isa(parlab::simd::find_isa(isa));
    if (roofline) {
      g_roofline = parlab::measure_roofline(0, 0, 20);
      g_have_roofline = true;
    }
    add_context();
    register_kernels(sizes);
    register_peers(sizes);
    register_sweeps();
    benchmark::RegisterBenchmark("trace/span", trace_span);
    benchmark::RunSpecifiedBenchmarks();
    benchmark::Shutdown();
  } catch (const parlab::UsageError& e) {
    std::fprintf(stderr, "parlab_bench: %s\n", e.what());
    return 2;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "parlab_bench: %s\n", e.what());
    return 1;
  }
  return 0;
}
