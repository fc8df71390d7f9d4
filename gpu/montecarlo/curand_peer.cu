// cuRAND's Philox4_32_10 generator and a counting kernel: pi the way the
// cuRAND host API suggests (generate a buffer of uniforms, then consume it),
// beside parlab's own kernel, which draws and counts in registers. The
// buffer is generated and counted in pieces of at most 2^27 points (2 GiB of
// doubles).
#include <cub/block/block_reduce.cuh>
#include <curand.h>

#include <algorithm>
#include <string>

#include "cpu/montecarlo/results.hpp"
#include "parlab/benchmarks.hpp"
#include "runtime/cuda/device_cuda.hpp"

#define PARLAB_CURAND_CHECK(call)                                                               \
  do {                                                                                          \
    const curandStatus_t s_ = (call);                                                           \
    if (s_ != CURAND_STATUS_SUCCESS)                                                            \
      throw ::parlab::Error(std::string(#call) + ": cuRAND status " + std::to_string(int(s_))); \
  } while (0)

namespace parlab::montecarlo {
namespace {

constexpr int kThreads = 256;
constexpr std::uint64_t kPiece = std::uint64_t{1} << 27;

__global__ void count_inside(const double* xy, std::uint64_t points, unsigned long long* inside) {
  unsigned long long mine = 0;
  for (std::uint64_t i = std::uint64_t(blockIdx.x) * kThreads + threadIdx.x; i < points;
       i += std::uint64_t(gridDim.x) * kThreads) {
    const double x = xy[2 * i], y = xy[2 * i + 1];
    mine += x * x + y * y <= 1.0;
  }
  using Reduce = cub::BlockReduce<unsigned long long, kThreads>;
  __shared__ typename Reduce::TempStorage scratch;
  const unsigned long long total = Reduce(scratch).Sum(mine);
  if (threadIdx.x == 0) atomicAdd(inside, total);
}

struct Generator {
  curandGenerator_t g{};
  explicit Generator(std::uint64_t seed) {
    PARLAB_CURAND_CHECK(curandCreateGenerator(&g, CURAND_RNG_PSEUDO_PHILOX4_32_10));
    PARLAB_CURAND_CHECK(curandSetPseudoRandomGeneratorSeed(g, seed));
  }
  ~Generator() { curandDestroyGenerator(g); }
};

std::uint64_t curand_pi_inside(std::uint64_t seed, std::uint64_t samples, Spans& spans) {
  const std::uint64_t piece = std::min(samples, kPiece);
  cuda::DeviceBuffer<double> xy(2 * piece);
  cuda::DeviceBuffer<unsigned long long> inside(1);
  PARLAB_CUDA_CHECK(cudaMemset(inside.get(), 0, sizeof(unsigned long long)));
  Generator gen(seed);
  cuda::SpanRecorder rec(spans);
  for (std::uint64_t done = 0; done < samples; done += piece) {
    const std::uint64_t points = std::min(piece, samples - done);
    rec.begin("kernel");
    PARLAB_CURAND_CHECK(curandGenerateUniformDouble(gen.g, xy.get(), 2 * points));
    count_inside<<<1024, kThreads>>>(xy.get(), points, inside.get());
    PARLAB_CUDA_CHECK_LAUNCH();
  }
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
                            .summary = "cuRAND's Philox4_32_10 filling a buffer, then a counting kernel",
                            .beside = Backend::cuda,
                            .run = curand_pi,
                            .oracles_only = true}};

}  // namespace
}  // namespace parlab::montecarlo
