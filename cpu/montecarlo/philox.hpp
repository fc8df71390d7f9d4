#pragma once
// The random numbers of every backend: Philox4x32-10 (Random123), a
// counter-based generator. A number is a pure function of (seed, counter), so
// sample i is the same on every backend, ISA, thread count and machine: no
// generator state is carried from one sample to the next, and work can be
// split anywhere.
//
// Layout of the 128-bit counter, the same in the scalar, SIMD
// (simd/montecarlo/philox_lanes.hpp) and CUDA code:
//   word 0: the draw within a sample (a monitoring date of a path: 0, 1, ...)
//   words 1-2: the 64-bit sample or path index (low word first)
//   word 3: the stream, so that kernels never share numbers
// Key: the 64-bit seed (low word first).
//
// This header is read by the host compiler and by nvcc (the functions are
// then __host__ __device__).
#include <Random123/philox.h>

#include <cmath>
#include <cstdint>

#include "cpu/montecarlo/quarter_circle.hpp"
#include "runtime/cuda/host_device.hpp"

namespace parlab::montecarlo::random {

using Philox = r123::Philox4x32;  // 10 rounds

// The streams: one per kernel that draws numbers.
enum Stream : std::uint32_t { pi_stream = 0x5049u, european_stream = 0x4555u, asian_stream = 0x4153u };

PARLAB_HOST_DEVICE inline Philox::ctr_type philox(std::uint64_t seed, std::uint64_t index, std::uint32_t draw,
                                                  std::uint32_t stream) {
  const Philox::ctr_type ctr = {{draw, static_cast<std::uint32_t>(index), static_cast<std::uint32_t>(index >> 32),
                                 stream}};
  const Philox::key_type key = {{static_cast<std::uint32_t>(seed), static_cast<std::uint32_t>(seed >> 32)}};
  return Philox()(ctr, key);
}

// A double in (0, 1) from two 32-bit words: the top 52 bits k of (hi:lo) give
// (k + 1/2) / 2^52, the centre of one of 2^52 equal cells. Every step is
// exact (k < 2^52), so every backend gets the same bits, and the value is
// never 0 or 1 (log(u) is finite). The SIMD code builds the same value from
// the bits of 1 + k/2^52 (simd/montecarlo/philox_lanes.hpp).
PARLAB_HOST_DEVICE inline double uniform_open(std::uint32_t hi, std::uint32_t lo) {
  const std::uint64_t k = (static_cast<std::uint64_t>(hi) << 20) | (lo >> 12);
  return (static_cast<double>(k) + 0.5) * 0x1p-52;
}

// Box-Muller: two independent standard normals from two uniforms in (0, 1),
// r = sqrt(-2 ln u1), (r cos 2 pi u2, r sin 2 pi u2). No a * b + c in it, so
// FMA contraction cannot change it; the math libraries (glibc, xsimd, CUDA)
// round log, cos and sin within a few units in the last place of each other.
// u1 >= 2^-53 bounds |z| by sqrt(2 * 53 ln 2) = 8.57.
struct NormalPair {
  double a = 0, b = 0;
};
inline constexpr double kTwoPi = 6.283185307179586476925286766559;
PARLAB_HOST_DEVICE inline NormalPair box_muller(double u1, double u2) {
  const double r = sqrt(-2.0 * log(u1)), t = kTwoPi * u2;
  return {r * cos(t), r * sin(t)};
}

}  // namespace parlab::montecarlo::random
