// Memory bandwidth probes (STREAM-like): read, copy and triad over arrays far
// larger than the last-level cache, on one thread and on all threads.
#include "parlab/roofline.hpp"

#include <memory>
#include <vector>

#include "parlab/cuda.hpp"
#include "parlab/backend.hpp"
#include "parlab/openmp.hpp"
#include "parlab/simd.hpp"
#include "parlab/timing.hpp"
#include "simd/isa.hpp"

namespace parlab {
namespace {

// The probes split the arrays the same way every time (schedule(static)), so
// each thread touches the pages it first wrote: on NUMA machines they stay local.
struct Arrays {
  explicit Arrays(std::size_t n) : n(n), a(new float[n]), b(new float[n]), c(new float[n]) {}
  std::size_t n;
  std::unique_ptr<float[]> a, b, c;
};

void first_touch(Arrays& m, int threads) {
  float *a = m.a.get(), *b = m.b.get(), *c = m.c.get();
#pragma omp parallel for schedule(static) num_threads(threads)
  for (std::size_t i = 0; i < m.n; ++i) {
    a[i] = 1.0f;
    b[i] = 2.0f;
    c[i] = 0.5f;
  }
}

Bandwidth probe(Arrays& m, int threads, int repeat) {
  const std::size_t n = m.n;
  float *a = m.a.get(), *b = m.b.get(), *c = m.c.get();
  const double bytes = static_cast<double>(n) * sizeof(float);
  const simd::Kernels& k = simd::best();
  volatile float sink = 0;
  Bandwidth bw;

  // Read: every thread streams its contiguous share through the SIMD read probe.
  const Timing read = time_repeated(repeat, [&] {
    float s = 0;
#pragma omp parallel num_threads(threads) reduction(+ : s)
    {
      const auto t = static_cast<std::size_t>(openmp::thread_index());
      const auto T = static_cast<std::size_t>(openmp::team_size());
      const std::size_t lo = n * t / T, hi = n * (t + 1) / T;
      s += k.read_probe(a + lo, hi - lo);
    }
    sink = s;
  });
  bw.read = bytes / read.best_s / 1e9;

  const Timing copy = time_repeated(repeat, [&] {
#pragma omp parallel for simd schedule(static) num_threads(threads)
    for (std::size_t i = 0; i < n; ++i) b[i] = a[i];
  });
  bw.copy = 2 * bytes / copy.best_s / 1e9;

  const float scalar = 3.0f;
  const Timing triad = time_repeated(repeat, [&] {
#pragma omp parallel for simd schedule(static) num_threads(threads)
    for (std::size_t i = 0; i < n; ++i) a[i] = b[i] + scalar * c[i];
  });
  bw.triad = 3 * bytes / triad.best_s / 1e9;
  (void)sink;
  return bw;
}

}  // namespace

Roofline measure_roofline(std::size_t elements, int threads, int repeat) {
  Roofline r;
  const std::size_t n = elements ? elements : std::size_t{1} << 26;
  r.array_bytes = n * sizeof(float);
  r.threads = openmp::threads(threads);
  Arrays m(n);
  first_touch(m, r.threads);
  r.one_thread = probe(m, 1, repeat);
  r.all_threads = r.threads > 1 ? probe(m, r.threads, repeat) : r.one_thread;

  const BackendStatus& gpu = backend_status(Backend::cuda);
  if (gpu.usable)
    r.device_copy = cuda::copy_bandwidth(std::size_t{1} << 30, repeat);
  else
    r.device_note = gpu.reason;
  return r;
}

}  // namespace parlab
