// Google Benchmark binary generated from the kernel registry. Names are
//   <kernel>/<backend>/<items>      e.g. reduce_sum/openmp/67108864
// CPU backends are timed by the wall clock (UseRealTime: threads included).
// cuda is timed by the spans its variants report (CUDA events): `cuda` is the
// kernel alone, `cuda_e2e` includes the host<->device copies. Every benchmark
// checks its result first, so no figure stands without a correctness check.
//
// Counters: bytes_per_second and items_per_second (from the kernel's cost),
// and pct_of_limit: the shortest time the roofs measured at start-up allow
// (memory bandwidth or compute, whichever binds) over the measured time.
//
// Peers, in the same run: CUB's reduction and cuRAND's Philox (with CUDA),
// OpenCV's filters (when installed), one thread of std::mt19937_64 for the
// Monte Carlo kernels ("<kernel>/std_mt19937_64/<items>"), one thread of
// std::unordered_map for the word count ("wordcount/unordered_map/<bytes>").
//
// Own flags (before Google Benchmark's):
//   --parlab_sizes=65536,67108864   values of a kernel's size option (default:
//                                   2^16 in L2 and 2^26 in DRAM; 2^26 and 2^28 on the GPU)
//   --parlab_roofline=false         skip the roofline probes (no pct_of_limit)
#include <benchmark/benchmark.h>

#include <chrono>
#include <cstring>
#include <map>
#include <string>
#include <vector>

#include "bench/peers/peers.hpp"
#include "cpu/montecarlo/results.hpp"
#include "parlab/compare.hpp"
#include "parlab/error.hpp"
#include "parlab/machine.hpp"
#include "parlab/openmp.hpp"
#include "parlab/registry.hpp"
#include "parlab/roofline.hpp"
#include "parlab/simd.hpp"
#include "parlab/trace.hpp"

namespace parlab::bench {
namespace {

Roofline g_roofline;
bool g_have_roofline = false;

// Inputs and references are made once per (kernel, parameters) and shared by
// every backend.
struct Prepared {
  Data input, reference;
};
const Prepared& prepared(const Kernel& k, const Params& p) {
  static std::map<std::string, Prepared> cache;
  const std::string key = std::string(k.name) + " " + std::to_string(p.seed);
  std::string values;
  for (const auto& [n, v] : p.values()) values += n + "=" + std::to_string(v) + " ";
  auto it = cache.find(key + values);
  if (it == cache.end()) {
    Prepared x;
    x.input = k.generate ? k.generate(p) : Data{};
    Spans spans;
    k.variant(Backend::scalar)(x.input, x.reference, p, spans);
    it = cache.emplace(key + values, std::move(x)).first;
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
  const Limit l = limit(c, b, g_roofline);
  if (l.seconds > 0) s.counters["pct_of_limit"] = 100 * l.seconds * iters / seconds;
}

// A peer that draws other random numbers than parlab (`oracles_only`) can
// only be checked against the closed forms.
bool checked(benchmark::State& s, const Kernel& k, const Data& got, const Params& p, bool oracles_only = false) {
  const Verdict v = oracles_only ? verify_oracles(k, got, p) : verify(k, got, prepared(k, p).reference, p);
  if (!v.ok) s.SkipWithError(("check failed: " + v.detail).c_str());
  return v.ok;
}

void host_backend(benchmark::State& s, const Kernel& k, Backend b, const Params& p) {
  const Data& in = prepared(k, p).input;
  Data out;
  Spans spans;
  k.variant(b)(in, out, p, spans);
  if (!checked(s, k, out, p)) return;
  const auto t0 = std::chrono::steady_clock::now();
  for (auto _ : s) {
    k.variant(b)(in, out, p, spans);
    benchmark::DoNotOptimize(out);
  }
  counters(s, k, b, p, std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count());
}

// Device work timed by its spans: `run` fills them and the output.
template <class Run>
void device_loop(benchmark::State& s, const Kernel& k, const Params& p, bool kernel_only, Run run,
                 bool oracles_only = false) {
  Data out;
  double total = 0;
  try {
    for (auto _ : s) {
      Spans spans;
      run(out, spans);
      const double one = kernel_only ? spans.total("kernel") : spans.extent();
      s.SetIterationTime(one);
      total += one;
    }
  } catch (const Error& e) {
    s.SkipWithError(e.what());
    return;
  }
  if (checked(s, k, out, p, oracles_only)) counters(s, k, Backend::cuda, p, total);
}

void device_backend(benchmark::State& s, const Kernel& k, const Params& p, bool kernel_only) {
  const Data& in = prepared(k, p).input;
  device_loop(s, k, p, kernel_only, [&](Data& out, Spans& spans) { k.variant(Backend::cuda)(in, out, p, spans); });
}

void cub_peer(benchmark::State& s, const Kernel& k, const Params& p, bool kernel_only) {
  const Data& in = prepared(k, p).input;
  device_loop(s, k, p, kernel_only,
              [&](Data& out, Spans& spans) { out.set("sum", peers::cub_reduce_sum(in.get<Floats>("x"), spans)); });
}

void curand_peer(benchmark::State& s, const Kernel& k, const Params& p, bool kernel_only) {
  const std::uint64_t n = p.count("samples");
  device_loop(
      s, k, p, kernel_only,
      [&](Data& out, Spans& spans) { pi_output(peers::curand_pi_inside(p.seed, n, spans), n, out); }, true);
}

// One thread of <random> (bench/peers/std_random.cpp), timed like a CPU backend.
void std_peer(benchmark::State& s, const Kernel& k, const Params& p, peers::StdPeer run) {
  Data out;
  run(p, out);
  if (!checked(s, k, out, p, true)) return;
  const auto t0 = std::chrono::steady_clock::now();
  for (auto _ : s) {
    run(p, out);
    benchmark::DoNotOptimize(out);
  }
  counters(s, k, Backend::scalar, p, std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count());
}

// A peer that reads the kernel's input, checked against the reference.
void input_peer(benchmark::State& s, const Kernel& k, const Params& p,
                void (*run)(const Data&, const Params&, Data&)) {
  const Data& in = prepared(k, p).input;
  Data out;
  run(in, p, out);
  if (!checked(s, k, out, p)) return;
  const auto t0 = std::chrono::steady_clock::now();
  for (auto _ : s) {
    run(in, p, out);
    benchmark::DoNotOptimize(out);
  }
  counters(s, k, Backend::scalar, p, std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count());
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
  const Option* size = nullptr;
  int scaling = 0;
  for (const Option& o : k.options)
    if (o.scales) {
      ++scaling;
      size = &o;
    }
  if (scaling != 1 || size->type != OptionType::count) return {k.defaults()};
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

void register_all(const std::vector<std::size_t>& cpu_sizes, const std::vector<std::size_t>& gpu_sizes) {
  for (const Kernel& k : kernels()) {
    for (Backend b : kBackends) {
      if (!k.has(b) || !backend_status(b).usable) continue;
      const std::string base = std::string(k.name) + "/";
      for (const Params& p : settings(k, b == Backend::cuda ? gpu_sizes : cpu_sizes)) {
        const std::string items = std::to_string(static_cast<long long>(k.cost(p).items));
        if (b == Backend::cuda) {
          for (bool only : {true, false}) {
            const std::string name = base + (only ? "cuda/" : "cuda_e2e/") + items;
            benchmark::RegisterBenchmark(name.c_str(), [&k, p, only](benchmark::State& s) { device_backend(s, k, p, only); })
                ->UseManualTime()->Unit(benchmark::kMillisecond);
            if (k.name == "reduce_sum" && peers::cub_available()) {
              const std::string peer = base + (only ? "cub/" : "cub_e2e/") + items;
              benchmark::RegisterBenchmark(peer.c_str(), [&k, p, only](benchmark::State& s) { cub_peer(s, k, p, only); })
                  ->UseManualTime()->Unit(benchmark::kMillisecond);
            }
            if (k.name == "montecarlo_pi" && peers::curand_available()) {
              const std::string peer = base + (only ? "curand/" : "curand_e2e/") + items;
              benchmark::RegisterBenchmark(peer.c_str(), [&k, p, only](benchmark::State& s) { curand_peer(s, k, p, only); })
                  ->UseManualTime()->Unit(benchmark::kMillisecond);
            }
          }
          continue;
        }
        const std::string name = base + std::string(to_string(b)) + "/" + items;
        benchmark::RegisterBenchmark(name.c_str(), [&k, b, p](benchmark::State& s) { host_backend(s, k, b, p); })
            ->UseRealTime()->Unit(benchmark::kMicrosecond);
        if (const auto peer = peers::std_random_peer(k.name); peer && b == Backend::scalar) {
          const std::string peer_name = base + "std_mt19937_64/" + items;
          benchmark::RegisterBenchmark(peer_name.c_str(), [&k, p, peer](benchmark::State& s) { std_peer(s, k, p, peer); })
              ->UseRealTime()->Unit(benchmark::kMicrosecond);
        }
        if (k.name == "wordcount" && b == Backend::scalar) {
          const std::string peer_name = base + "unordered_map/" + items;
          benchmark::RegisterBenchmark(peer_name.c_str(), [&k, p](benchmark::State& s) {
            input_peer(s, k, p, peers::unordered_map_wordcount);
          })->UseRealTime()->Unit(benchmark::kMicrosecond);
        }
      }
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
  benchmark::AddCustomContext("parlab_opencv_peer", peers::opencv_available() ? "built" : "not built (no OpenCV)");
  if (!g_have_roofline) return;
  auto gb = [](double v) { return std::to_string(v) + " GB/s"; };
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
  benchmark::AddCustomContext("roofline_device_copy", r.device_copy > 0 ? gb(r.device_copy) : r.device_note);
}

}  // namespace
}  // namespace parlab::bench

int main(int argc, char** argv) {
  using namespace parlab::bench;
  std::vector<std::size_t> cpu{std::size_t{1} << 16, std::size_t{1} << 26}, gpu{std::size_t{1} << 26, std::size_t{1} << 28};
  bool roofline = true;
  try {
    std::vector<char*> rest;
    for (int i = 0; i < argc; ++i) {
      if (std::strncmp(argv[i], "--parlab_sizes=", 15) == 0) {
        cpu = gpu = parse_sizes(argv[i] + 15);
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
    register_all(cpu, gpu);
    benchmark::RegisterBenchmark("trace/span", trace_span);
    parlab::peers::register_opencv();
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
