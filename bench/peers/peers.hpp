#pragma once
// Peer libraries the benchmarks measure beside parlab's own kernels.
#include <cstddef>
#include <span>

#include "parlab/cuda.hpp"

namespace parlab::peers {

// CUB's DeviceReduce::Sum over the same data, timed like parlab's own CUDA
// kernel (events; kernel only, and with the copies). Only with CUDA.
bool cub_available();
cuda::Timing cub_reduce_sum(std::span<const float> x, int repeat, double* result);

// OpenCV's image filters against parlab's openmp backend (bench/peers/opencv_filters.cpp).
bool opencv_available();
void register_opencv();

}  // namespace parlab::peers
