// The cuda backend of the reduction: two passes, both deterministic.
//   pass 1: every block reduces a grid-stride share of the array (float4 loads,
//           several in flight per thread) to one partial;
//   pass 2: one block reduces the partials in a fixed order.
// Sums accumulate in float64 per thread (Hopper's FP64 rate is far above what
// HBM can feed a float32 reduction), so the sum is as accurate as the float64
// reference up to the order of additions. No atomics: the same input gives the
// same bits on every run.
#include <cmath>

#include "gpu/reduce/reduce_cuda.hpp"
#include "runtime/cuda/device_cuda.hpp"

namespace parlab::reduce {
namespace {

constexpr int kThreads = 256;
constexpr int kUnroll = 4;        // float4 loads in flight per thread per trip
constexpr int kBlocksPerSm = 8;   // 8 x 256 threads: a full Hopper SM

struct SumOp {
  using T = double;
  __device__ static T identity() { return 0.0; }
  __device__ static T combine(T a, T b) { return a + b; }
  __device__ static T of4(float4 v) { return (double(v.x) + double(v.y)) + (double(v.z) + double(v.w)); }
  __device__ static T of(float v) { return v; }
};
// fminf/fmaxf drop NaNs; the reduction's contract says a NaN wins.
struct MinOp {
  using T = float;
  __device__ static T identity() { return INFINITY; }
  __device__ static T combine(T a, T b) { return (isnan(a) || isnan(b)) ? NAN : fminf(a, b); }
  __device__ static T of4(float4 v) { return combine(combine(v.x, v.y), combine(v.z, v.w)); }
  __device__ static T of(float v) { return v; }
};
struct MaxOp {
  using T = float;
  __device__ static T identity() { return -INFINITY; }
  __device__ static T combine(T a, T b) { return (isnan(a) || isnan(b)) ? NAN : fmaxf(a, b); }
  __device__ static T of4(float4 v) { return combine(combine(v.x, v.y), combine(v.z, v.w)); }
  __device__ static T of(float v) { return v; }
};

template <class Op>
__device__ typename Op::T block_reduce(typename Op::T v) {
  using T = typename Op::T;
  __shared__ T warp_result[kThreads / 32];
  const int lane = threadIdx.x % 32, warp = threadIdx.x / 32;
  for (int offset = 16; offset > 0; offset /= 2) v = Op::combine(v, __shfl_down_sync(0xffffffffu, v, offset));
  if (lane == 0) warp_result[warp] = v;
  __syncthreads();
  if (warp == 0) {
    v = lane < kThreads / 32 ? warp_result[lane] : Op::identity();
    for (int offset = 16; offset > 0; offset /= 2) v = Op::combine(v, __shfl_down_sync(0xffffffffu, v, offset));
  }
  return v;  // valid in thread 0
}

template <class Op>
__global__ void __launch_bounds__(kThreads) reduce_pass1(const float* __restrict__ x, std::size_t n,
                                                         typename Op::T* __restrict__ partial) {
  typename Op::T acc = Op::identity();
  const std::size_t n4 = n / 4;
  const float4* x4 = reinterpret_cast<const float4*>(x);  // cudaMalloc aligns to 256 bytes
  const std::size_t stride = std::size_t(gridDim.x) * blockDim.x;
  std::size_t i = std::size_t(blockIdx.x) * blockDim.x + threadIdx.x;
  for (; i + (kUnroll - 1) * stride < n4; i += kUnroll * stride) {
    float4 v[kUnroll];
#pragma unroll
    for (int k = 0; k < kUnroll; ++k) v[k] = x4[i + k * stride];
#pragma unroll
    for (int k = 0; k < kUnroll; ++k) acc = Op::combine(acc, Op::of4(v[k]));
  }
  for (; i < n4; i += stride) acc = Op::combine(acc, Op::of4(x4[i]));
  const std::size_t tail = n4 * 4 + std::size_t(blockIdx.x) * blockDim.x + threadIdx.x;  // last n % 4
  if (tail < n) acc = Op::combine(acc, Op::of(x[tail]));
  acc = block_reduce<Op>(acc);
  if (threadIdx.x == 0) partial[blockIdx.x] = acc;
}

template <class Op>
__global__ void __launch_bounds__(kThreads) reduce_pass2(const typename Op::T* __restrict__ partial, int m,
                                                         typename Op::T* __restrict__ out) {
  typename Op::T acc = Op::identity();
  for (int i = threadIdx.x; i < m; i += blockDim.x) acc = Op::combine(acc, partial[i]);
  acc = block_reduce<Op>(acc);
  if (threadIdx.x == 0) *out = acc;
}

int grid_for(std::size_t n) {
  static const int sms = [] {
    int dev = 0, count = 0;
    PARLAB_CUDA_CHECK(cudaGetDevice(&dev));
    PARLAB_CUDA_CHECK(cudaDeviceGetAttribute(&count, cudaDevAttrMultiProcessorCount, dev));
    return count;
  }();
  const std::size_t wanted = (n / 4 + kThreads - 1) / kThreads;
  return static_cast<int>(std::max<std::size_t>(1, std::min<std::size_t>(wanted, std::size_t(sms) * kBlocksPerSm)));
}

// Device-side state of one reduction: the input and room for the partials and
// the result (sized for the widest accumulator, double).
struct Reduction {
  explicit Reduction(std::size_t n) : x(n), partial(kBlocksPerSm * 1024), out(1) {}
  cuda::DeviceBuffer<float> x;
  cuda::DeviceBuffer<double> partial;
  cuda::DeviceBuffer<double> out;

  template <class Op>
  void launch(std::size_t n) {
    using T = typename Op::T;
    const int grid = grid_for(n);
    reduce_pass1<Op><<<grid, kThreads>>>(x.get(), n, reinterpret_cast<T*>(partial.get()));
    PARLAB_CUDA_CHECK_LAUNCH();
    reduce_pass2<Op><<<1, kThreads>>>(reinterpret_cast<T*>(partial.get()), grid, reinterpret_cast<T*>(out.get()));
    PARLAB_CUDA_CHECK_LAUNCH();
  }
  void launch(ReduceOp op, std::size_t n) {
    switch (op) {
      case ReduceOp::sum:
      case ReduceOp::mean: return launch<SumOp>(n);
      case ReduceOp::min: return launch<MinOp>(n);
      case ReduceOp::max: return launch<MaxOp>(n);
    }
  }
  // Copies the result back (synchronous) and finishes the mean on the host.
  double result(ReduceOp op, std::size_t n) {
    if (op == ReduceOp::min || op == ReduceOp::max) {
      float v = 0;
      PARLAB_CUDA_CHECK(cudaMemcpy(&v, out.get(), sizeof v, cudaMemcpyDeviceToHost));
      return v;
    }
    double s = 0;
    PARLAB_CUDA_CHECK(cudaMemcpy(&s, out.get(), sizeof s, cudaMemcpyDeviceToHost));
    if (op == ReduceOp::sum) return s;
    return n == 0 ? NAN : s / static_cast<double>(n);
  }
  void upload(std::span<const float> host) {
    if (!host.empty())
      PARLAB_CUDA_CHECK(cudaMemcpy(x.get(), host.data(), host.size_bytes(), cudaMemcpyHostToDevice));
  }
};

}  // namespace

double reduce_on_device(std::span<const float> host, ReduceOp op, Spans& spans) {
  const std::size_t n = host.size();
  Reduction r(n);
  cuda::SpanRecorder rec(spans);
  rec.begin("h2d");
  r.upload(host);
  rec.begin("kernel");
  r.launch(op, n);
  rec.begin("d2h");
  const double result = r.result(op, n);
  rec.end();
  return result;
}

}  // namespace parlab::reduce
