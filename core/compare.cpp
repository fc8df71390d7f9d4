#include "parlab/compare.hpp"

#include <cmath>
#include <string>

#include "parlab/error.hpp"
#include "parlab/machine.hpp"
#include "parlab/openmp.hpp"
#include "parlab/simd.hpp"

namespace parlab {
double bandwidth_limit(const Kernel& k, Backend b, const Roofline& r) {
  if (b == Backend::cuda) return r.device_copy;
  const Bandwidth& bw = b == Backend::openmp ? r.all_threads : r.one_thread;
  return k.cost.bytes_written == 0 ? bw.read : bw.copy;
}

void check_fits(const Kernel& k, std::size_t size) {
  // The input, the backend's output and the reference's output.
  const double need = static_cast<double>(size) * (k.cost.bytes_read + 2 * k.cost.bytes_written);
  const double have = static_cast<double>(available_memory());
  if (have > 0 && need > 0.9 * have)
    throw Error("--size " + std::to_string(size) + ": " + std::string(k.name) + " needs " + gib(need) +
                " of memory, but only " + gib(have) + " is available");
}

std::vector<Result> compare(const Kernel& k, std::span<const Backend> backends, const RunOptions& opt,
                            const Roofline* roofline) {
  Params p = opt.params;
  p.size = elements(k, p);
  check_fits(k, p.size);
  const Data input = k.make_input(p);
  Data reference;
  const Timing ref_time = time_repeated(opt.repeat, [&] { k.variant(Backend::scalar)(input, reference, p); });

  std::vector<Result> out;
  for (Backend b : backends) {
    if (!k.has(b)) continue;
    Result r;
    r.kernel = k.name;
    r.backend = b;
    r.size = p.size;
    Data got;
    if (b == Backend::cuda && k.device_timer) {
      const cuda::Timing t = k.device_timer(input, got, p, opt.repeat);
      r.time_s = t.end_to_end_s;
      r.kernel_s = t.kernel_s;
      r.note = backend_status(b).reason;
    } else if (b == Backend::scalar) {
      got = reference;
      r.time_s = r.kernel_s = ref_time.median_s;
    } else {
      r.time_s = r.kernel_s = time_repeated(opt.repeat, [&] { k.variant(b)(input, got, p); }).median_s;
    }
    if (b == Backend::openmp) r.threads = openmp::threads(p.threads);
    if (b == Backend::simd || b == Backend::openmp) r.note = "ISA " + std::string(simd::best_isa());
    // Kernels that output an image or an array have no scalar to show.
    r.value = got.image.channels || !got.values.empty() ? NAN : got.scalar;
    r.verdict = verify(k, got, reference);
    r.gbps = r.kernel_s > 0 ? k.cost.bytes() * static_cast<double>(p.size) / r.kernel_s / 1e9 : 0;
    if (roofline) r.limit_gbps = bandwidth_limit(k, b, *roofline);
    r.speedup = r.time_s > 0 ? ref_time.median_s / r.time_s : 0;
    out.push_back(std::move(r));
  }
  return out;
}

}  // namespace parlab
