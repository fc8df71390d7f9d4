// The pi kernel on SIMD lanes: lane l takes Philox draw (first / 2 + l), whose
// four words are two points; lanes past the block's end are masked off.
#include "parlab/philox.hpp"
#include "simd/montecarlo/montecarlo_simd.hpp"
#include "simd/random/philox.hpp"

namespace parlab::simd {
namespace {

// random::in_quarter_circle, lane by lane: integers below 2^51, exact.
template <class A>
xsimd::batch_bool<double, A> in_quarter_circle(U64<A> a, U64<A> b) {
  const U64<A> one(1);
  const F64<A> x = to_double<A>(((a >> 8) << 1) | one), y = to_double<A>(((b >> 8) << 1) | one);
  return x * x + y * y <= F64<A>(0x1p50);
}

}  // namespace

template <class Arch>
std::uint64_t PiCount<Arch>::run(std::uint64_t seed, std::uint64_t first, std::uint64_t n) noexcept {
  // Batches in flight (simd/random/philox.hpp). Measured on a Zen 3 core
  // (AVX2), speed-up over the scalar reference: N = 1: 2.6x, 2: 3.6x, 3: 3.9x,
  // 4: 3.0x (16 registers no longer hold the state).
  constexpr std::size_t N = 3;
  constexpr std::uint64_t W = U64<Arch>::size;
  const U64<Arch> lane = iota<std::uint64_t, Arch>();
  const F64<Arch> two_lanes = F64<Arch>(2.0) * iota<double, Arch>();  // each lane's first sample, from the batch's
  const F64<Arch> one(1.0), zero(0.0);
  F64<Arch> inside(0.0);  // exact: at most 2 per lane per batch
  const std::uint64_t calls = (n + 1) / 2;
  for (std::uint64_t c = 0; c < calls; c += N * W) {
    std::array<U64<Arch>, N> index;
    for (std::size_t j = 0; j < N; ++j) index[j] = U64<Arch>(first / 2 + c + j * W) + lane;
    const auto r = philox<Arch, N>(seed, index, 0, random::pi_stream);
    for (std::size_t j = 0; j < N; ++j) {
      // Samples from this batch's first to the block's end (<= 0: the batch is past it).
      const F64<Arch> left(static_cast<double>(n) - 2.0 * static_cast<double>(c + j * W));
      inside += xsimd::select(in_quarter_circle<Arch>(r[j][0], r[j][1]) & (two_lanes < left), one, zero);
      inside += xsimd::select(in_quarter_circle<Arch>(r[j][2], r[j][3]) & (two_lanes + one < left), one, zero);
    }
  }
  return static_cast<std::uint64_t>(xsimd::hadd(inside));
}

template struct PiCount<PARLAB_SIMD_ARCH>;

}  // namespace parlab::simd
