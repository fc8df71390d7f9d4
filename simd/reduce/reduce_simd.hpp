#pragma once
// SIMD reduction kernels, written once for every xsimd architecture.
#include <xsimd/xsimd.hpp>

#include "simd/isa.hpp"

namespace parlab::simd {

// Four independent accumulators hide the latency of the vector add (4 cycles
// on current x86 cores, two adds issued per cycle).
inline constexpr std::size_t kAccumulators = 4;
// Rounds of float32 additions per accumulator before the partials are flushed
// into float64: each flushed partial is a sum of kAccumulators * kRounds = 32
// elements, which bounds its rounding error (see include/parlab/reduce.hpp).
inline constexpr std::size_t kRounds = 8;

template <class Arch>
double Isa<Arch>::sum(const float* x, std::size_t n) noexcept {
  using B = xsimd::batch<float, Arch>;
  constexpr std::size_t L = B::size;
  constexpr std::size_t chunk = L * kAccumulators * kRounds;

  double lanes[L] = {};  // one float64 total per lane
  std::size_t i = 0;
  for (; i + chunk <= n; i += chunk) {
    B a0(0.f), a1(0.f), a2(0.f), a3(0.f);
    for (std::size_t r = 0; r < kRounds; ++r) {
      const float* p = x + i + r * kAccumulators * L;
      a0 += B::load_unaligned(p);
      a1 += B::load_unaligned(p + L);
      a2 += B::load_unaligned(p + 2 * L);
      a3 += B::load_unaligned(p + 3 * L);
    }
    alignas(64) float part[L];
    ((a0 + a1) + (a2 + a3)).store_aligned(part);
    for (std::size_t j = 0; j < L; ++j) lanes[j] += part[j];
  }
  double total = 0;
  for (std::size_t j = 0; j < L; ++j) total += lanes[j];
  for (; i < n; ++i) total += x[i];  // tail: fewer than `chunk` elements, in float64
  return total;
}

// Min and max share one body; Op picks the lane operation and the identity.
template <class Arch, class Op>
float extremum(const float* x, std::size_t n) noexcept {
  using B = xsimd::batch<float, Arch>;
  using M = xsimd::batch_bool<float, Arch>;
  constexpr std::size_t L = B::size;
  constexpr std::size_t step = L * kAccumulators;

  // x86 min/max instructions drop a NaN operand in one position, so NaNs are
  // tracked apart and decide the result at the end.
  B a0(Op::identity), a1(Op::identity), a2(Op::identity), a3(Op::identity);
  M nan(false);
  std::size_t i = 0;
  for (; i + step <= n; i += step) {
    const B v0 = B::load_unaligned(x + i), v1 = B::load_unaligned(x + i + L);
    const B v2 = B::load_unaligned(x + i + 2 * L), v3 = B::load_unaligned(x + i + 3 * L);
    a0 = Op::apply(a0, v0);
    a1 = Op::apply(a1, v1);
    a2 = Op::apply(a2, v2);
    a3 = Op::apply(a3, v3);
    nan = nan | xsimd::isnan(v0) | xsimd::isnan(v1) | xsimd::isnan(v2) | xsimd::isnan(v3);
  }
  alignas(64) float lanes[L];
  Op::apply(Op::apply(a0, a1), Op::apply(a2, a3)).store_aligned(lanes);
  bool any_nan = xsimd::any(nan);
  float r = Op::identity;
  for (std::size_t j = 0; j < L; ++j) r = Op::pick(r, lanes[j]);
  for (; i < n; ++i) {
    any_nan |= x[i] != x[i];
    r = Op::pick(r, x[i]);
  }
  return any_nan ? __builtin_nanf("") : r;
}

struct MinOp {
  static constexpr float identity = __builtin_inff();
  template <class B>
  static B apply(const B& a, const B& b) noexcept { return xsimd::min(a, b); }
  static float pick(float a, float b) noexcept { return b < a ? b : a; }
};
struct MaxOp {
  static constexpr float identity = -__builtin_inff();
  template <class B>
  static B apply(const B& a, const B& b) noexcept { return xsimd::max(a, b); }
  static float pick(float a, float b) noexcept { return b > a ? b : a; }
};

template <class Arch>
float Isa<Arch>::min(const float* x, std::size_t n) noexcept { return extremum<Arch, MinOp>(x, n); }
template <class Arch>
float Isa<Arch>::max(const float* x, std::size_t n) noexcept { return extremum<Arch, MaxOp>(x, n); }

// Eight independent float adds per step: far more than memory can feed, so
// the loop measures how fast one core streams data in.
template <class Arch>
float Isa<Arch>::read_probe(const float* x, std::size_t n) noexcept {
  using B = xsimd::batch<float, Arch>;
  constexpr std::size_t L = B::size;
  constexpr std::size_t step = 8 * L;
  B a[8] = {B(0.f), B(0.f), B(0.f), B(0.f), B(0.f), B(0.f), B(0.f), B(0.f)};
  std::size_t i = 0;
  for (; i + step <= n; i += step)
    for (std::size_t k = 0; k < 8; ++k) a[k] += B::load_unaligned(x + i + k * L);
  B s = ((a[0] + a[1]) + (a[2] + a[3])) + ((a[4] + a[5]) + (a[6] + a[7]));
  float r = xsimd::hadd(s);
  for (; i < n; ++i) r += x[i];
  return r;
}

}  // namespace parlab::simd
