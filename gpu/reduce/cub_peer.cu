// CUB's device-wide sum: the peer of parlab's own CUDA reduction
// (parlab/benchmarks.hpp), timed the same way: "h2d", "kernel" and "d2h"
// spans from CUDA events.
#include <cub/device/device_reduce.cuh>

#include "parlab/benchmarks.hpp"
#include "runtime/cuda/device_cuda.hpp"

namespace parlab::reduce {
namespace {

double cub_reduce_sum(std::span<const float> x, Spans& spans) {
  const std::size_t n = x.size();
  cuda::DeviceBuffer<float> in(n);
  cuda::DeviceBuffer<float> out(1);
  std::size_t temp_bytes = 0;
  PARLAB_CUDA_CHECK(cub::DeviceReduce::Sum(nullptr, temp_bytes, in.get(), out.get(), n));
  cuda::DeviceBuffer<unsigned char> temp(temp_bytes);
  cuda::SpanRecorder rec(spans);
  rec.begin("h2d");
  PARLAB_CUDA_CHECK(cudaMemcpy(in.get(), x.data(), x.size_bytes(), cudaMemcpyHostToDevice));
  rec.begin("kernel");
  PARLAB_CUDA_CHECK(cub::DeviceReduce::Sum(temp.get(), temp_bytes, in.get(), out.get(), n));
  rec.begin("d2h");
  float s = 0;
  PARLAB_CUDA_CHECK(cudaMemcpy(&s, out.get(), sizeof s, cudaMemcpyDeviceToHost));
  rec.end();
  return s;
}

void cub_sum(const Data& in, Data& out, const Params&, Spans& spans) {
  out.set("sum", cub_reduce_sum(in.get<Floats>("x"), spans));
}

const RegisterPeer kCub{{.name = "cub",
                         .kernel = "reduce_sum",
                         .summary = "CUB's cub::DeviceReduce::Sum",
                         .beside = Backend::cuda,
                         .run = cub_sum}};

}  // namespace
}  // namespace parlab::reduce
