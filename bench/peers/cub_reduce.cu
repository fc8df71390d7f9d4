// CUB's device-wide sum: the peer for parlab's own CUDA reduction.
#include <cub/device/device_reduce.cuh>
#include <vector>

#include "bench/peers/peers.hpp"
#include "gpu/check.cuh"
#include "parlab/timing.hpp"

namespace parlab::peers {

bool cub_available() { return true; }

cuda::Timing cub_reduce_sum(std::span<const float> x, int repeat, double* result) {
  const std::size_t n = x.size();
  cuda::DeviceBuffer<float> in(n);
  cuda::DeviceBuffer<float> out(1);
  std::size_t temp_bytes = 0;
  PARLAB_CUDA_CHECK(cub::DeviceReduce::Sum(nullptr, temp_bytes, in.get(), out.get(), n));
  cuda::DeviceBuffer<unsigned char> temp(temp_bytes);
  cuda::EventTimer timer;
  std::vector<double> kernel, e2e;
  for (int k = 0; k <= repeat; ++k) {  // k == 0 warms up
    float sum = 0;
    timer.start();
    PARLAB_CUDA_CHECK(cudaMemcpy(in.get(), x.data(), x.size_bytes(), cudaMemcpyHostToDevice));
    PARLAB_CUDA_CHECK(cub::DeviceReduce::Sum(temp.get(), temp_bytes, in.get(), out.get(), n));
    PARLAB_CUDA_CHECK(cudaMemcpy(&sum, out.get(), sizeof sum, cudaMemcpyDeviceToHost));
    timer.stop();
    const double whole = timer.seconds();
    timer.start();
    PARLAB_CUDA_CHECK(cub::DeviceReduce::Sum(temp.get(), temp_bytes, in.get(), out.get(), n));
    timer.stop();
    const double only = timer.seconds();
    *result = sum;
    if (k > 0) {
      kernel.push_back(only);
      e2e.push_back(whole);
    }
  }
  return {median(kernel), median(e2e)};
}

}  // namespace parlab::peers
