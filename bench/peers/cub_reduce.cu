// CUB's device-wide sum: the peer for parlab's own CUDA reduction.
#include <cub/device/device_reduce.cuh>

#include "bench/peers/peers.hpp"
#include "gpu/check.cuh"

namespace parlab::peers {

bool cub_available() { return true; }

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

}  // namespace parlab::peers
