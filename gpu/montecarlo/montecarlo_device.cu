// The Monte Carlo family on the GPU. Each thread runs the scalar reference's
// own path functions (cpu/montecarlo/paths.hpp, __host__ __device__), which
// draw with Random123's Philox (cpu/montecarlo/philox.hpp); a CUDA block of
// 256 threads takes one Monte Carlo block (the CPU backends' blocks), and the
// block results are added on the host in block order. The pi count is an
// integer: added on the device with one 64-bit atomic per block, exact.
//
// Work goes in launches of kBlocksPerLaunch blocks, so that a run of any size
// reports progress and can stop between launches.
#include <cub/block/block_reduce.cuh>

#include <algorithm>
#include <vector>

#include "cpu/montecarlo/philox.hpp"
#include "gpu/montecarlo/montecarlo_cuda.hpp"
#include "parlab/progress.hpp"
#include "runtime/cuda/device_cuda.hpp"

namespace parlab::montecarlo {
namespace {

constexpr int kThreads = 256;
constexpr std::uint64_t kBlocksPerLaunch = 4096;

// ---- pi

__global__ void __launch_bounds__(kThreads) pi_kernel(std::uint64_t seed, std::uint64_t first, std::uint64_t n,
                                                      unsigned long long* inside) {
  // Block b: samples [first + b kPiBlock, ...), at most n - b kPiBlock of them.
  const std::uint64_t start = std::uint64_t(blockIdx.x) * kPiBlock;
  const std::uint64_t count = min(kPiBlock, n - start);
  unsigned long long mine = 0;
  for (std::uint64_t i = 2 * threadIdx.x; i < count; i += 2 * kThreads) {
    const auto r = random::philox(seed, (first + start + i) / 2, 0, random::pi_stream);
    mine += random::in_quarter_circle(r[0], r[1]);
    if (i + 1 < count) mine += random::in_quarter_circle(r[2], r[3]);
  }
  using Reduce = cub::BlockReduce<unsigned long long, kThreads>;
  __shared__ typename Reduce::TempStorage scratch;
  const unsigned long long total = Reduce(scratch).Sum(mine);
  if (threadIdx.x == 0) atomicAdd(inside, total);
}

// ---- options

struct AddSums {
  __device__ Sums operator()(Sums a, const Sums& b) const { return a += b; }
};

// Block b of the launch: paths [first + b block, ...) -> sums[b].
template <bool Asian>
__global__ void __launch_bounds__(kThreads) option_kernel(OptionSpec o, PathConstants c, std::uint64_t first,
                                                          std::uint64_t n, std::uint64_t block, Sums* sums) {
  const std::uint64_t start = std::uint64_t(blockIdx.x) * block;
  const std::uint64_t count = min(block, n - start);
  Sums mine;
  for (std::uint64_t i = threadIdx.x; i < count; i += kThreads) {
    const Payoffs pay = Asian ? asian_path(o, c, first + start + i) : european_path(o, c, first + start + i);
    mine.add(pay.y - c.shift_y, pay.x - c.shift_x);
  }
  using Reduce = cub::BlockReduce<Sums, kThreads>;
  __shared__ typename Reduce::TempStorage scratch;
  const Sums total = Reduce(scratch).Reduce(mine, AddSums{});
  if (threadIdx.x == 0) sums[blockIdx.x] = total;
}

// Launches over [0, n) in batches of kBlocksPerLaunch blocks of `block`
// items; `launch(first, items, blocks)` starts one; `collect(blocks)` copies
// its results back and adds them. Stops early when asked.
template <class Launch, class Collect>
std::uint64_t in_launches(std::uint64_t n, std::uint64_t block, Spans& spans, Launch launch, Collect collect) {
  cuda::SpanRecorder rec(spans);
  std::uint64_t done = 0;
  progress::begin(static_cast<double>(n));
  for (std::uint64_t first = 0; first < n && !progress::stop_requested(); first += block * kBlocksPerLaunch) {
    const std::uint64_t items = std::min(block * kBlocksPerLaunch, n - first);
    const unsigned blocks = static_cast<unsigned>((items + block - 1) / block);
    rec.begin("kernel");
    launch(first, items, blocks);
    PARLAB_CUDA_CHECK_LAUNCH();
    rec.begin("d2h");
    collect(blocks);  // synchronous copy: the launch has finished when it returns
    done += items;
    progress::advance(static_cast<double>(items));
  }
  rec.end();
  return done;
}

template <bool Asian>
SumsDone options_on_device(const OptionSpec& o, const PathConstants& c, std::uint64_t n, std::uint64_t block,
                           Spans& spans) {
  cuda::DeviceBuffer<Sums> sums(kBlocksPerLaunch);
  std::vector<Sums> host(kBlocksPerLaunch);
  SumsDone r;
  r.items = in_launches(
      n, block, spans,
      [&](std::uint64_t first, std::uint64_t items, unsigned blocks) {
        option_kernel<Asian><<<blocks, kThreads>>>(o, c, first, items, block, sums.get());
      },
      [&](unsigned blocks) {
        PARLAB_CUDA_CHECK(
            cudaMemcpy(host.data(), sums.get(), blocks * sizeof(Sums), cudaMemcpyDeviceToHost));
        for (unsigned b = 0; b < blocks; ++b) r.sum += host[b];
      });
  return r;
}

}  // namespace

PiDone pi_on_device(std::uint64_t seed, std::uint64_t n, Spans& spans) {
  cuda::DeviceBuffer<unsigned long long> inside(1);
  PARLAB_CUDA_CHECK(cudaMemset(inside.get(), 0, sizeof(unsigned long long)));
  PiDone r;
  r.items = in_launches(
      n, kPiBlock, spans,
      [&](std::uint64_t first, std::uint64_t items, unsigned blocks) {
        pi_kernel<<<blocks, kThreads>>>(seed, first, items, inside.get());
      },
      [&](unsigned) {
        unsigned long long v = 0;
        PARLAB_CUDA_CHECK(cudaMemcpy(&v, inside.get(), sizeof v, cudaMemcpyDeviceToHost));
        r.inside = v;  // the running total
      });
  return r;
}

SumsDone european_on_device(const OptionSpec& o, const PathConstants& c, std::uint64_t n, Spans& spans) {
  return options_on_device<false>(o, c, n, kEuropeanBlock, spans);
}
SumsDone asian_on_device(const OptionSpec& o, const PathConstants& c, std::uint64_t n, Spans& spans) {
  return options_on_device<true>(o, c, n, kAsianBlock, spans);
}

}  // namespace parlab::montecarlo
