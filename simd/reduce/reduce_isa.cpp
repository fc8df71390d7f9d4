// Bodies of the reduction kernels (cpu/reduce/reduce_simd.hpp), compiled
// once per ISA.
#include <xsimd/xsimd.hpp>

#include "cpu/reduce/reduce_simd.hpp"
#include "runtime/simd/stream_width.hpp"

namespace parlab::reduce {

// Four independent accumulators hide the latency of the vector add (4 cycles
// on current x86 cores, two adds issued per cycle). Each reads its own
// stream, a quarter of the array: one core keeps more cache misses in flight
// with four streams than with one (docs/results.md).
constexpr std::size_t kStreams = 4;
// Rounds of float32 additions per accumulator before the partials are flushed
// into float64: each flushed partial is a sum of kStreams * kRounds = 32
// elements, which bounds its rounding error (see cpu/reduce/reduce.hpp).
constexpr std::size_t kRounds = 8;

template <class Arch>
double ReduceSum<Arch>::run(const float* x, std::size_t n) noexcept {
  using B = xsimd::batch<float, Arch>;
  constexpr std::size_t L = B::size;
  constexpr std::size_t step = L * kRounds;  // one stream's share of a flush
  const std::size_t q = n / (kStreams * step) * step;  // each stream's length
  const float *s0 = x, *s1 = x + q, *s2 = x + 2 * q, *s3 = x + 3 * q;

  double lanes[L] = {};  // one float64 total per lane
  for (std::size_t i = 0; i < q; i += step) {
    B a0(0.f), a1(0.f), a2(0.f), a3(0.f);
    for (std::size_t r = 0; r < kRounds; ++r) {
      a0 += B::load_unaligned(s0 + i + r * L);
      a1 += B::load_unaligned(s1 + i + r * L);
      a2 += B::load_unaligned(s2 + i + r * L);
      a3 += B::load_unaligned(s3 + i + r * L);
    }
    alignas(64) float part[L];
    ((a0 + a1) + (a2 + a3)).store_aligned(part);
    for (std::size_t j = 0; j < L; ++j) lanes[j] += part[j];
  }
  double total = 0;
  for (std::size_t j = 0; j < L; ++j) total += lanes[j];
  for (std::size_t i = kStreams * q; i < n; ++i) total += x[i];  // tail: fewer than 4 steps, in float64
  return total;
}

namespace {

// Min and max share one body; Op picks the lane operation and the identity.
template <class Arch, class Op>
float extremum(const float* x, std::size_t n) noexcept {
  using B = xsimd::batch<float, Arch>;
  using M = xsimd::batch_bool<float, Arch>;
  constexpr std::size_t L = B::size;

  // x86 min/max instructions drop a NaN operand in one position, so NaNs are
  // tracked apart and decide the result at the end. Four streams, as in the
  // sum, each kRounds vectors deep per step: more loads in flight.
  constexpr std::size_t step = L * kRounds;
  const std::size_t q = n / (kStreams * step) * step;
  const float *s0 = x, *s1 = x + q, *s2 = x + 2 * q, *s3 = x + 3 * q;
  B a0(Op::identity), a1(Op::identity), a2(Op::identity), a3(Op::identity);
  M nan(false);
  for (std::size_t i = 0; i < q; i += step) {
    M bad(false);
    for (std::size_t r = 0; r < kRounds; ++r) {
      const B v0 = B::load_unaligned(s0 + i + r * L), v1 = B::load_unaligned(s1 + i + r * L);
      const B v2 = B::load_unaligned(s2 + i + r * L), v3 = B::load_unaligned(s3 + i + r * L);
      a0 = Op::apply(a0, v0);
      a1 = Op::apply(a1, v1);
      a2 = Op::apply(a2, v2);
      a3 = Op::apply(a3, v3);
      bad = bad | (xsimd::isnan(v0) | xsimd::isnan(v1)) | (xsimd::isnan(v2) | xsimd::isnan(v3));
    }
    nan = nan | bad;
  }
  alignas(64) float lanes[L];
  Op::apply(Op::apply(a0, a1), Op::apply(a2, a3)).store_aligned(lanes);
  bool any_nan = xsimd::any(nan);
  float r = Op::identity;
  for (std::size_t j = 0; j < L; ++j) r = Op::pick(r, lanes[j]);
  for (std::size_t i = kStreams * q; i < n; ++i) {
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

}  // namespace

template <class Arch>
float ReduceMin<Arch>::run(const float* x, std::size_t n) noexcept { return extremum<simd::StreamArch<Arch>, MinOp>(x, n); }
template <class Arch>
float ReduceMax<Arch>::run(const float* x, std::size_t n) noexcept { return extremum<simd::StreamArch<Arch>, MaxOp>(x, n); }

template struct ReduceSum<PARLAB_SIMD_ARCH>;
template struct ReduceMin<PARLAB_SIMD_ARCH>;
template struct ReduceMax<PARLAB_SIMD_ARCH>;

}  // namespace parlab::reduce
