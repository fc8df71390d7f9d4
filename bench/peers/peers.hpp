#pragma once
// Peer libraries the benchmarks measure beside parlab's own kernels.
#include <span>

#include "parlab/spans.hpp"

namespace parlab::peers {

// CUB's DeviceReduce::Sum over the same data, timed like parlab's own CUDA
// variants: "h2d", "kernel" and "d2h" spans from CUDA events. Only with CUDA.
bool cub_available();
double cub_reduce_sum(std::span<const float> x, Spans& spans);

// OpenCV's image filters against parlab's openmp backend (bench/peers/opencv_filters.cpp).
bool opencv_available();
void register_opencv();

}  // namespace parlab::peers
