// The Monte Carlo family on the GPU. Each thread draws with Random123's
// Philox (parlab/philox.hpp, the same numbers as every other backend) and
// applies the scalar reference's formulas in the same order; a CUDA block of
// 256 threads takes one Monte Carlo block (the CPU backends' blocks), and the
// block results are added on the host in block order. The pi count is an
// integer: added on the device with one 64-bit atomic per block, exact.
//
// Work goes in launches of kBlocksPerLaunch blocks, so that a run of any size
// reports progress and can stop between launches.
#include <cub/block/block_reduce.cuh>

#include <algorithm>
#include <vector>

#include "gpu/check.cuh"
#include "gpu/montecarlo/montecarlo.hpp"
#include "parlab/philox.hpp"
#include "parlab/progress.hpp"

namespace parlab::cuda {
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

struct DeviceSums {
  double n, y, yy, x, xx, xy;
};
struct AddSums {
  __device__ DeviceSums operator()(const DeviceSums& a, const DeviceSums& b) const {
    return {a.n + b.n, a.y + b.y, a.yy + b.yy, a.x + b.x, a.xx + b.xx, a.xy + b.xy};
  }
};

__device__ void add_sample(DeviceSums& s, double y, double x) {
  s.n += 1;
  s.y += y;
  s.yy += y * y;
  s.x += x;
  s.xx += x * x;
  s.xy += y * x;
}

__device__ void european_path(const OptionSpec& o, const PathConstants& c, std::uint64_t p, DeviceSums& s) {
  const auto r = random::philox(o.seed, p, 0, random::european_stream);
  const double z = random::box_muller(random::uniform_open(r[0], r[1]), random::uniform_open(r[2], r[3])).a;
  const double st = exp(c.ln_s0 + (c.drift + c.vol * z));
  double call = fmax(st - c.strike, 0.0), put = fmax(c.strike - st, 0.0);
  if (o.antithetic) {
    const double sa = exp(c.ln_s0 + (c.drift - c.vol * z));
    call = 0.5 * (call + fmax(sa - c.strike, 0.0));
    put = 0.5 * (put + fmax(c.strike - sa, 0.0));
  }
  add_sample(s, call, put);
}

struct Averages {
  double sum, sum_ln, ln_s;
  __device__ void step(const PathConstants& c, double z) {
    ln_s += c.drift + c.vol * z;
    sum += exp(ln_s);
    sum_ln += ln_s;
  }
};

__device__ void asian_path(const OptionSpec& o, const PathConstants& c, std::uint64_t p, DeviceSums& s) {
  Averages a[2] = {{0, 0, c.ln_s0}, {0, 0, c.ln_s0}};
  for (std::uint32_t j = 0; j < o.steps; j += 2) {
    const auto r = random::philox(o.seed, p, j / 2, random::asian_stream);
    const auto z = random::box_muller(random::uniform_open(r[0], r[1]), random::uniform_open(r[2], r[3]));
    a[0].step(c, z.a);
    if (o.antithetic) a[1].step(c, -z.a);
    if (j + 1 < o.steps) {
      a[0].step(c, z.b);
      if (o.antithetic) a[1].step(c, -z.b);
    }
  }
  const int tracks = o.antithetic ? 2 : 1;
  double arith = 0, geo = 0;
  for (int t = 0; t < tracks; ++t) {
    arith += fmax(a[t].sum * c.inv_steps - c.strike, 0.0);
    geo += fmax(exp(a[t].sum_ln * c.inv_steps) - c.strike, 0.0);
  }
  add_sample(s, arith / tracks, geo / tracks);
}

// Block b of the launch: paths [first + b block, ...) -> sums[b].
template <bool Asian>
__global__ void __launch_bounds__(kThreads) option_kernel(OptionSpec o, PathConstants c, std::uint64_t first,
                                                          std::uint64_t n, std::uint64_t block, DeviceSums* sums) {
  const std::uint64_t start = std::uint64_t(blockIdx.x) * block;
  const std::uint64_t count = min(block, n - start);
  DeviceSums mine{0, 0, 0, 0, 0, 0};
  for (std::uint64_t i = threadIdx.x; i < count; i += kThreads) {
    if constexpr (Asian)
      asian_path(o, c, first + start + i, mine);
    else
      european_path(o, c, first + start + i, mine);
  }
  using Reduce = cub::BlockReduce<DeviceSums, kThreads>;
  __shared__ typename Reduce::TempStorage scratch;
  const DeviceSums total = Reduce(scratch).Reduce(mine, AddSums{});
  if (threadIdx.x == 0) sums[blockIdx.x] = total;
}

// Launches over [0, n) in batches of kBlocksPerLaunch blocks of `block`
// items; `launch(first, items, blocks)` starts one; `collect(blocks)` copies
// its results back and adds them. Stops early when asked.
template <class Launch, class Collect>
std::uint64_t in_launches(std::uint64_t n, std::uint64_t block, Spans& spans, Launch launch, Collect collect) {
  SpanRecorder rec(spans);
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
  DeviceBuffer<DeviceSums> sums(kBlocksPerLaunch);
  std::vector<DeviceSums> host(kBlocksPerLaunch);
  SumsDone r;
  r.items = in_launches(
      n, block, spans,
      [&](std::uint64_t first, std::uint64_t items, unsigned blocks) {
        option_kernel<Asian><<<blocks, kThreads>>>(o, c, first, items, block, sums.get());
      },
      [&](unsigned blocks) {
        PARLAB_CUDA_CHECK(
            cudaMemcpy(host.data(), sums.get(), blocks * sizeof(DeviceSums), cudaMemcpyDeviceToHost));
        for (unsigned b = 0; b < blocks; ++b)
          r.sum += Sums{host[b].n, host[b].y, host[b].yy, host[b].x, host[b].xx, host[b].xy};
      });
  return r;
}

}  // namespace

PiDone pi_on_device(std::uint64_t seed, std::uint64_t n, Spans& spans) {
  DeviceBuffer<unsigned long long> inside(1);
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

}  // namespace parlab::cuda
