#pragma once
// Peer libraries the benchmarks measure beside parlab's own kernels.
#include <cstdint>
#include <span>
#include <string_view>

#include "parlab/data.hpp"
#include "parlab/options.hpp"
#include "parlab/spans.hpp"

namespace parlab::peers {

// CUB's DeviceReduce::Sum over the same data, timed like parlab's own CUDA
// variants: "h2d", "kernel" and "d2h" spans from CUDA events. Only with CUDA.
bool cub_available();
double cub_reduce_sum(std::span<const float> x, Spans& spans);

// OpenCV's image filters against parlab's openmp backend (bench/peers/opencv_filters.cpp).
bool opencv_available();
void register_opencv();

// One thread of std::mt19937_64 with <random>'s distributions, computing a
// Monte Carlo kernel's output (bench/peers/std_random.cpp); null for the
// kernels it has no version of.
using StdPeer = void (*)(const Params& p, Data& out);
StdPeer std_random_peer(std::string_view kernel);

// One thread of std::unordered_map<std::string, size_t>, counting the words
// of the wordcount kernel's input (bench/peers/unordered_map_wordcount.cpp).
void unordered_map_wordcount(const Data& in, const Params& p, Data& out);

// cuRAND's Philox generator filling the device with uniforms, then a kernel
// counting the points in the quarter circle: the GPU peer of montecarlo_pi,
// with "kernel" spans for generation and counting. Only with CUDA.
bool curand_available();
std::uint64_t curand_pi_inside(std::uint64_t seed, std::uint64_t samples, Spans& spans);

}  // namespace parlab::peers
