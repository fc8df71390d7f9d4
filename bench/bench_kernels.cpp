// Google Benchmark binary generated from the kernel registry. Names are
//   <kernel>/<backend>/<elements>      e.g. reduce_sum/openmp/67108864
// CPU backends are timed by the wall clock (UseRealTime: threads included).
// cuda is timed with CUDA events: `cuda` is the kernel alone, `cuda_e2e`
// includes the host<->device copies. Every benchmark checks its result against
// the scalar reference once, so no figure stands without a correctness check.
//
// Counters: bytes_per_second and items_per_second, and pct_of_limit: the
// throughput as a share of the bandwidth measured at start-up in the same run
// (parlab roofline: read or copy, one thread or all, or the device copy).
//
// Own flags (before Google Benchmark's):
//   --parlab_sizes=65536,67108864   element counts (default: 2^16 in L2, 2^26 in DRAM,
//                                   and 2^28 for the GPU)
//   --parlab_roofline=false         skip the bandwidth probe (no pct_of_limit)
#include <benchmark/benchmark.h>

#include <chrono>
#include <cstring>
#include <map>
#include <string>
#include <vector>

#include "bench/peers/peers.hpp"
#include "parlab/compare.hpp"
#include "parlab/error.hpp"
#include "parlab/machine.hpp"
#include "parlab/openmp.hpp"
#include "parlab/registry.hpp"
#include "parlab/roofline.hpp"

namespace parlab::bench {
namespace {

Roofline g_roofline;
bool g_have_roofline = false;

// Inputs and references are made once per (generator, size) and shared by
// every backend.
const Data& input(const Kernel& k, std::size_t n) {
  static std::map<std::pair<void*, std::size_t>, Data> cache;
  auto key = std::make_pair(reinterpret_cast<void*>(k.make_input), n);
  auto it = cache.find(key);
  if (it == cache.end()) {
    Params p;
    p.size = n;
    it = cache.emplace(key, k.make_input(p)).first;
  }
  return it->second;
}

const Data& reference(const Kernel& k, std::size_t n) {
  static std::map<std::pair<std::string_view, std::size_t>, Data> cache;
  auto key = std::make_pair(k.name, n);
  auto it = cache.find(key);
  if (it == cache.end()) {
    Params p;
    p.size = n;
    Data ref;
    k.variant(Backend::scalar)(input(k, n), ref, p);
    it = cache.emplace(key, std::move(ref)).first;
  }
  return it->second;
}

double limit_gbps(const Kernel& k, Backend b) { return g_have_roofline ? bandwidth_limit(k, b, g_roofline) : 0; }

// `seconds`: the time of all iterations, as the benchmark itself measured it.
void counters(benchmark::State& s, const Kernel& k, Backend b, std::size_t n, double seconds) {
  const double bytes = k.cost.bytes() * static_cast<double>(n) * static_cast<double>(s.iterations());
  s.SetBytesProcessed(static_cast<int64_t>(bytes));
  s.SetItemsProcessed(static_cast<int64_t>(n) * s.iterations());
  if (const double lim = limit_gbps(k, b); lim > 0 && seconds > 0)
    s.counters["pct_of_limit"] = 100 * bytes / seconds / (lim * 1e9);
}

bool checked(benchmark::State& s, const Kernel& k, const Data& got, std::size_t n) {
  const Verdict v = verify(k, got, reference(k, n));
  if (!v.ok) s.SkipWithError(("differs from the scalar reference: " + v.detail).c_str());
  return v.ok;
}

void host_backend(benchmark::State& s, const Kernel& k, Backend b, std::size_t n) {
  Params p;
  p.size = n;
  const Data& in = input(k, n);
  Data out;
  k.variant(b)(in, out, p);
  if (!checked(s, k, out, n)) return;
  const auto t0 = std::chrono::steady_clock::now();
  for (auto _ : s) {
    k.variant(b)(in, out, p);
    benchmark::DoNotOptimize(out);
  }
  counters(s, k, b, n, std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count());
}

// Device work timed by CUDA events: `run` returns both times, kernel_only
// picks which one the benchmark reports.
template <class Run>
void device_loop(benchmark::State& s, const Kernel& k, std::size_t n, bool kernel_only, Run run) {
  Data out;
  double total = 0;
  try {
    for (auto _ : s) {
      const cuda::Timing t = run(out);
      const double one = kernel_only ? t.kernel_s : t.end_to_end_s;
      s.SetIterationTime(one);
      total += one;
    }
  } catch (const Error& e) {
    s.SkipWithError(e.what());
    return;
  }
  if (checked(s, k, out, n)) counters(s, k, Backend::cuda, n, total);
}

void device_backend(benchmark::State& s, const Kernel& k, std::size_t n, bool kernel_only) {
  Params p;
  p.size = n;
  const Data& in = input(k, n);
  device_loop(s, k, n, kernel_only, [&](Data& out) { return k.device_timer(in, out, p, 1); });
}

void cub_peer(benchmark::State& s, const Kernel& k, std::size_t n, bool kernel_only) {
  const Data& in = input(k, n);
  device_loop(s, k, n, kernel_only, [&](Data& out) { return peers::cub_reduce_sum(in.values, 1, &out.scalar); });
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

void register_all(const std::vector<std::size_t>& cpu_sizes, const std::vector<std::size_t>& gpu_sizes) {
  for (const Kernel& k : kernels()) {
    for (Backend b : kBackends) {
      if (!k.has(b) || !backend_status(b).usable) continue;
      const std::string base = std::string(k.name) + "/";
      // Images run on the built-in 3840x2160 image; their size is its pixel count.
      const std::vector<std::size_t> image_size{elements(k, Params{})};
      const bool image = k.family == "image";
      if (b == Backend::cuda) {
        for (std::size_t n : image ? image_size : gpu_sizes) {
          for (bool only : {true, false}) {
            const std::string name = base + (only ? "cuda/" : "cuda_e2e/") + std::to_string(n);
            benchmark::RegisterBenchmark(name.c_str(), [&k, n, only](benchmark::State& s) { device_backend(s, k, n, only); })
                ->UseManualTime()->Unit(benchmark::kMillisecond);
            if (k.name == "reduce_sum" && peers::cub_available() && n > 0) {
              const std::string peer = base + (only ? "cub/" : "cub_e2e/") + std::to_string(n);
              benchmark::RegisterBenchmark(peer.c_str(), [&k, n, only](benchmark::State& s) { cub_peer(s, k, n, only); })
                  ->UseManualTime()->Unit(benchmark::kMillisecond);
            }
          }
        }
        continue;
      }
      for (std::size_t n : image ? image_size : cpu_sizes) {
        const std::string name = base + std::string(to_string(b)) + "/" + std::to_string(n);
        benchmark::RegisterBenchmark(name.c_str(), [&k, b, n](benchmark::State& s) { host_backend(s, k, b, n); })
            ->UseRealTime()->Unit(benchmark::kMicrosecond);
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
  benchmark::AddCustomContext("roofline_read_1_thread", gb(g_roofline.one_thread.read));
  benchmark::AddCustomContext("roofline_read_all_threads", gb(g_roofline.all_threads.read));
  benchmark::AddCustomContext("roofline_copy_1_thread", gb(g_roofline.one_thread.copy));
  benchmark::AddCustomContext("roofline_copy_all_threads", gb(g_roofline.all_threads.copy));
  benchmark::AddCustomContext("roofline_triad_all_threads", gb(g_roofline.all_threads.triad));
  benchmark::AddCustomContext("roofline_device_copy", g_roofline.device_copy > 0 ? gb(g_roofline.device_copy) : g_roofline.device_note);
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
    if (roofline) {
      g_roofline = parlab::measure_roofline(0, 0, 10);
      g_have_roofline = true;
    }
    add_context();
    register_all(cpu, gpu);
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
