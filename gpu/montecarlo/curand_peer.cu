// cuRAND's Philox4_32_10 through its device API (curand_kernel.h, header
// only): the same kernel shape as parlab's own (each thread draws four 32-bit
// words per call and tests two points in registers, CUB adds a block's
// counts, one atomic per block), with cuRAND's implementation of Philox and
// its per-thread subsequences instead of Random123's counters. The host API
// (curandGenerate into a buffer, then a counting kernel) would measure a
// round trip through memory parlab's kernel does not make, and needs the
// 130 MiB libcurand.so at run time; the device API needs nothing.
#include <cub/block/block_reduce.cuh>
#include <curand_kernel.h>

#include <algorithm>

#include "cpu/montecarlo/quarter_circle.hpp"
#include "cpu/montecarlo/results.hpp"
#include "parlab/benchmarks.hpp"
#include "runtime/cuda/device_cuda.hpp"

namespace parlab::montecarlo {
namespace {

constexpr int kThreads = 256;
constexpr unsigned kBlocks = 1024;

// Thread t owns pairs of points t, t + stride, ...: its own cuRAND
// subsequence, so no two threads draw the same numbers.
__global__ void __launch_bounds__(kThreads) curand_pi_kernel(std::uint64_t seed, std::uint64_t samples,
                                                             unsigned long long* inside) {
  const std::uint64_t thread = std::uint64_t(blockIdx.x) * kThreads + threadIdx.x;
  const std::uint64_t stride = std::uint64_t(gridDim.x) * kThreads;
  curandStatePhilox4_32_10_t state;
  curand_init(seed, thread, 0, &state);
  unsigned long long mine = 0;
  for (std::uint64_t i = 2 * thread; i < samples; i += 2 * stride) {
    const uint4 r = curand4(&state);
    mine += random::in_quarter_circle(r.x, r.y);
    if (i + 1 < samples) mine += random::in_quarter_circle(r.z, r.w);
  }
  using Reduce = cub::BlockReduce<unsigned long long, kThreads>;
  __shared__ typename Reduce::TempStorage scratch;
  const unsigned long long total = Reduce(scratch).Sum(mine);
  if (threadIdx.x == 0) atomicAdd(inside, total);
}

std::uint64_t curand_pi_inside(std::uint64_t seed, std::uint64_t samples, Spans& spans) {
  cuda::DeviceBuffer<unsigned long long> inside(1);
  PARLAB_CUDA_CHECK(cudaMemset(inside.get(), 0, sizeof(unsigned long long)));
  cuda::SpanRecorder rec(spans);
  rec.begin("kernel");
  const std::uint64_t pairs = (samples + 1) / 2;
  const auto blocks = static_cast<unsigned>(std::clamp<std::uint64_t>((pairs + kThreads - 1) / kThreads, 1, kBlocks));
  curand_pi_kernel<<<blocks, kThreads>>>(seed, samples, inside.get());
  PARLAB_CUDA_CHECK_LAUNCH();
  rec.begin("d2h");
  unsigned long long v = 0;
  PARLAB_CUDA_CHECK(cudaMemcpy(&v, inside.get(), sizeof v, cudaMemcpyDeviceToHost));
  rec.end();
  return v;
}

// Its numbers are cuRAND's, not Philox's as parlab draws them: checked
// against pi only.
void curand_pi(const Data&, Data& out, const Params& p, Spans& spans) {
  const std::uint64_t n = p.count("samples");
  pi_output(curand_pi_inside(p.seed, n, spans), n, out);
}

const RegisterPeer kCurand{{.name = "curand",
                            .kernel = "montecarlo_pi",
                            .summary = "cuRAND's Philox4_32_10 (device API), drawn and counted in registers",
                            .beside = Backend::cuda,
                            .run = curand_pi,
                            .oracles_only = true}};

}  // namespace
}  // namespace parlab::montecarlo
