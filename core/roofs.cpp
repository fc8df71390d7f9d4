// The roofline probes: STREAM-like read, copy and triad over arrays far larger
// than the last-level cache, and FMA / integer-multiply chains that keep the
// execution units busy; on one thread and on all threads.
#include "parlab/roofs.hpp"

#include "core/access_probes.hpp"

#include <algorithm>
#include <bit>
#include <cmath>
#include <memory>

#include "parlab/machine.hpp"
#include "parlab/registry.hpp"
#include "parlab/timing.hpp"
#include "parlab/trace.hpp"
#include "runtime/cuda/probe.hpp"
#include "runtime/error.hpp"
#include "runtime/openmp.hpp"
#include "runtime/simd/dispatch.hpp"
#include "runtime/simd/probes_isa.hpp"

namespace parlab {
namespace {

// The probes split the arrays the same way every time, so each thread touches
// the pages it first wrote: on NUMA machines they stay local.
struct Arrays {
  explicit Arrays(std::size_t n) : n(n), a(new float[n]), b(new float[n]), c(new float[n]) {}
  std::size_t n;
  std::unique_ptr<float[]> a, b, c;
};

// Calls part(lo, hi) on each thread for its contiguous share of [0, n).
template <class Part>
void shares(std::size_t n, int threads, Part part) {
#pragma omp parallel num_threads(threads)
  {
    const auto t = static_cast<std::size_t>(openmp::thread_index());
    const auto T = static_cast<std::size_t>(openmp::team_size());
    part(n * t / T, n * (t + 1) / T);
  }
}

void first_touch(Arrays& m, int threads) {
  shares(m.n, threads, [&](std::size_t lo, std::size_t hi) {
    std::fill(m.a.get() + lo, m.a.get() + hi, 1.0f);
    std::fill(m.b.get() + lo, m.b.get() + hi, 2.0f);
    std::fill(m.c.get() + lo, m.c.get() + hi, 0.5f);
  });
}

Bandwidth memory_probes(Arrays& m, int threads, int repeat) {
  const std::size_t n = m.n;
  float *a = m.a.get(), *b = m.b.get(), *c = m.c.get();
  const double bytes = static_cast<double>(n) * sizeof(float);
  const auto read = simd::kernel<simd::ReadProbe>();
  const auto copy = simd::kernel<simd::CopyProbe>();
  const auto triad = simd::kernel<simd::TriadProbe>();
  volatile float sink = 0;
  Bandwidth bw;
  bw.read = bytes / time_repeated(repeat, [&] {
                      const trace::Scope span("read probe", "roofline");
                      float s = 0;
#pragma omp parallel num_threads(threads) reduction(+ : s)
                      {
                        const auto t = static_cast<std::size_t>(openmp::thread_index());
                        const auto T = static_cast<std::size_t>(openmp::team_size());
                        s += read(a + n * t / T, n * (t + 1) / T - n * t / T);
                      }
                      sink = s;
                    }).best_s / 1e9;
  bw.copy = 2 * bytes / time_repeated(repeat, [&] {
                          const trace::Scope span("copy probe", "roofline");
                          shares(n, threads, [&](std::size_t lo, std::size_t hi) { copy(a + lo, b + lo, hi - lo); });
                        }).best_s / 1e9;
  bw.triad = 3 * bytes / time_repeated(repeat, [&] {
                           const trace::Scope span("triad probe", "roofline");
                           shares(n, threads, [&](std::size_t lo, std::size_t hi) {
                             triad(a + lo, b + lo, c + lo, 3.0f, hi - lo);
                           });
                         }).best_s / 1e9;
  (void)sink;
  return bw;
}

// ---- Compute. Every chain is exact (runtime/simd/probes_isa.hpp), so the result
// must equal its closed form.
constexpr std::uint64_t kIterations = std::uint64_t{1} << 18;  // per call; at most 2^20 keeps the FMAs exact
constexpr int kCallsPerRun = 32;  // ~15 ms per timed run with AVX2: long enough to ride out a preemption

[[noreturn]] void wrong(const char* probe, double got, double want) {
  throw Error(std::string("roofline: the ") + probe + " probe returned " + std::to_string(got) + ", expected " +
              std::to_string(want) + ": the compiler or the CPU did not do the work it was timed for");
}

template <class T>
double fma_closed_form(const T* start, double lanes) {
  double s = 0;
  for (int j = 0; j < simd::kChains; ++j) s += lanes * (start[j] + static_cast<double>(kIterations) * 0x1p-20);
  return s;
}

std::uint32_t power(std::uint32_t m, std::uint64_t n) {  // m^n mod 2^32
  std::uint32_t r = 1;
  for (; n; n >>= 1, m *= m)
    if (n & 1) r *= m;
  return r;
}

// Giga operations/s of `probe` run by every thread at once, `ops` per call;
// every call's result must be `want` (checked outside the parallel region:
// an exception must not leave one).
template <class Probe>
double rate(int threads, int repeat, const char* name, double ops, double want, Probe probe) {
  int team = 1;
  bool bad = false;
  double got = want;
  const Timing t = time_repeated(repeat, [&] {
#pragma omp parallel num_threads(threads)
    {
      const trace::Scope span(name, "roofline");  // one per thread: all run at once
      if (openmp::thread_index() == 0) team = openmp::team_size();
      for (int c = 0; c < kCallsPerRun; ++c) {
        const double r = probe();
        if (r != want) {
#pragma omp critical(parlab_probe)
          {
            bad = true;
            got = r;
          }
        }
      }
    }
  });
  if (bad) wrong(name, got, want);
  return ops * kCallsPerRun * team / t.best_s / 1e9;
}

Compute compute_probes(int threads, int repeat) {
  const double lanes = static_cast<double>(simd::kernel<simd::Lanes>()());
  const auto f32 = simd::kernel<simd::FmaProbe32>();
  const auto f64 = simd::kernel<simd::FmaProbe64>();
  const auto mul = simd::kernel<simd::MulProbe32>();
  float s32[simd::kChains];
  double s64[simd::kChains];
  std::uint32_t si[simd::kChains];
  for (int j = 0; j < simd::kChains; ++j) {
    s32[j] = 1.0f + j / 1024.0f;  // distinct starts: no two chains the compiler could merge
    s64[j] = 1.0 + j / 1024.0;
    si[j] = 2 * j + 1;
  }
  const std::uint32_t m = 0x9E3779B1u;
  double want_mul = 0;
  for (int j = 0; j < simd::kChains; ++j) want_mul += lanes * static_cast<double>(si[j] * power(m, kIterations));
  const double steps = static_cast<double>(kIterations) * simd::kChains;

  Compute c;
  c.fp32 = rate(threads, repeat, "fp32 FMA", 2 * steps * lanes, fma_closed_form(s32, lanes),
                [&] { return f32(s32, 1.0f, 0x1p-20f, kIterations); });
  c.fp64 = rate(threads, repeat, "fp64 FMA", 2 * steps * lanes / 2, fma_closed_form(s64, lanes / 2),
                [&] { return f64(s64, 1.0, 0x1p-20, kIterations); });
  c.int32_mul = rate(threads, repeat, "int32 multiply", steps * lanes, want_mul,
                     [&] { return static_cast<double>(mul(si, m, kIterations)); });
  return c;
}

// G reads/s into a table of `bytes`: between two probed sizes, interpolated
// on log scales (rate against size); outside them, the nearest one's; 0 if
// none was probed.
double random_read_rate(const Access& a, double bytes) {
  const std::vector<RandomReads>& v = a.random;
  if (v.empty()) return 0;
  if (bytes <= static_cast<double>(v.front().footprint)) return v.front().reads;
  for (std::size_t i = 1; i < v.size(); ++i)
    if (bytes <= static_cast<double>(v[i].footprint)) {
      const double x0 = std::log(static_cast<double>(v[i - 1].footprint)), x1 = std::log(static_cast<double>(v[i].footprint));
      const double f = (std::log(bytes) - x0) / (x1 - x0);
      return std::exp(std::log(v[i - 1].reads) + f * (std::log(v[i].reads) - std::log(v[i - 1].reads)));
    }
  return v.back().reads;
}

}  // namespace

Roofline measure_roofline(std::size_t elements, int threads, int repeat, std::size_t largest_table) {
  Roofline r;
  const std::size_t n = elements ? elements : std::size_t{1} << 26;
  r.array_bytes = n * sizeof(float);
  r.threads = openmp::threads(threads);
  r.isa = std::string(simd::active_isa());
  const double need = 3.0 * static_cast<double>(r.array_bytes), have = static_cast<double>(available_memory());
  if (have > 0 && need > 0.9 * have)
    throw Error("roofline: 3 arrays of " + std::to_string(n) + " floats need " + gib(need) + " of memory, but only " +
                gib(have) + " is available");
  {
    Arrays m(n);
    first_touch(m, r.threads);
    r.one_thread = memory_probes(m, 1, repeat);
    r.all_threads = r.threads > 1 ? memory_probes(m, r.threads, repeat) : r.one_thread;
  }
  r.compute_one_thread = compute_probes(1, repeat);
  r.compute_all_threads = r.threads > 1 ? compute_probes(r.threads, repeat) : r.compute_one_thread;
  r.access_one_thread.updates = access::update_rate(1, repeat);
  r.access_all_threads.updates = r.threads > 1 ? access::update_rate(r.threads, repeat) : r.access_one_thread.updates;
  const std::size_t table = largest_table ? largest_table : std::min<std::size_t>(4 * r.array_bytes, std::size_t{1} << 30);
  std::size_t largest = std::bit_floor(std::max<std::size_t>(table, 32 << 10));
  while (have > 0 && largest > (32 << 10) && 1.1 * static_cast<double>(largest) > 0.5 * have) largest /= 2;
  access::random_reads(largest, r.threads, repeat, r.access_one_thread, r.access_all_threads);

  const BackendStatus& gpu = backend_status(Backend::cuda);
  if (gpu.usable)
    r.device_copy = cuda::copy_bandwidth(std::size_t{1} << 30, repeat);
  else
    r.device_note = gpu.reason;
  return r;
}

Roofline best_of(const Roofline& a, const Roofline& b) {
  auto bw = [](const Bandwidth& x, const Bandwidth& y) {
    return Bandwidth{std::max(x.read, y.read), std::max(x.copy, y.copy), std::max(x.triad, y.triad)};
  };
  auto ops = [](const Compute& x, const Compute& y) {
    return Compute{std::max(x.fp32, y.fp32), std::max(x.fp64, y.fp64), std::max(x.int32_mul, y.int32_mul)};
  };
  Roofline r = a;
  r.one_thread = bw(a.one_thread, b.one_thread);
  r.all_threads = bw(a.all_threads, b.all_threads);
  r.compute_one_thread = ops(a.compute_one_thread, b.compute_one_thread);
  r.compute_all_threads = ops(a.compute_all_threads, b.compute_all_threads);
  auto access = [](const Access& x, const Access& y) {
    Access best = x;
    best.updates = std::max(x.updates, y.updates);
    for (std::size_t i = 0; i < best.random.size() && i < y.random.size(); ++i) {
      best.random[i].reads = std::max(x.random[i].reads, y.random[i].reads);
      best.random[i].latency_ns = std::min(x.random[i].latency_ns, y.random[i].latency_ns);
    }
    return best;
  };
  r.access_one_thread = access(a.access_one_thread, b.access_one_thread);
  r.access_all_threads = access(a.access_all_threads, b.access_all_threads);
  r.device_copy = std::max(a.device_copy, b.device_copy);
  return r;
}

Limit limit(const Cost& c, Backend b, const Roofline& r, int threads) {
  double memory = 0, compute = 0;
  Limit l;
  if (b == Backend::cuda) {
    if (r.device_copy > 0) memory = c.bytes() / (r.device_copy * 1e9);
  } else {
    const bool all = b == Backend::openmp && threads != 1;
    const Bandwidth& bw = all ? r.all_threads : r.one_thread;
    const Compute& peak = all ? r.compute_all_threads : r.compute_one_thread;
    if (const double best = std::max({bw.read, bw.copy, bw.triad}); best > 0) memory = c.bytes() / (best * 1e9);
    // The compute roofs: the time each kind of work needs at its peak, added
    // (they share the core's execution ports).
    const double t32 = peak.fp32 > 0 ? c.flops32 / (peak.fp32 * 1e9) : 0;
    const double t64 = peak.fp64 > 0 ? c.flops64 / (peak.fp64 * 1e9) : 0;
    const double tint = peak.int32_mul > 0 ? c.intops / (peak.int32_mul * 1e9) : 0;
    compute = t32 + t64 + tint;
    l.roof = t32 >= t64 && t32 >= tint ? "fp32" : t64 >= tint ? "fp64" : "int32 mul";
  }
  if (memory >= compute) l.roof = "memory";
  l.seconds = std::max(memory, compute);
  if (b != Backend::cuda) {
    const Access& a = b == Backend::openmp && threads != 1 ? r.access_all_threads : r.access_one_thread;
    const double updates = a.updates > 0 ? c.updates / (a.updates * 1e9) : 0;
    if (updates > l.seconds) l = {updates, "updates"};
    if (const double rate = random_read_rate(a, c.table_bytes); rate > 0 && c.random_reads / (rate * 1e9) > l.seconds)
      l = {c.random_reads / (rate * 1e9), "random reads"};
  }
  return l;
}

}  // namespace parlab
