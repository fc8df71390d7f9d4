// The Asian option on SIMD lanes: lane l simulates path first + i + l through
// every monitoring date, with the scalar reference's formulas in the same
// order (asian_path in cpu/montecarlo/paths.hpp), with vector_math.hpp's exp, log and
// sincos for <cmath>'s. All lanes step together: the dates are the inner loop.
#include "cpu/montecarlo/montecarlo_simd.hpp"
#include "cpu/montecarlo/philox.hpp"
#include "simd/montecarlo/lane_sums.hpp"
#include "simd/montecarlo/philox_lanes.hpp"

namespace parlab::montecarlo {
namespace {

template <class A>
struct Averages {
  F64<A> sum, sum_ln, ln_s;
  void step(const PathConstants& c, F64<A> z) {
    ln_s += F64<A>(c.drift) + F64<A>(c.vol) * z;
    sum += vmath::exp<A>(ln_s);
    sum_ln += ln_s;
  }
};

// One batch of paths: the arithmetic and geometric payoffs, each the mean of
// the path and its antithetic twin when `Antithetic`.
template <class A, bool Antithetic>
std::pair<F64<A>, F64<A>> payoffs(const OptionSpec& o, const PathConstants& c, U64<A> paths) {
  using F = F64<A>;
  const F start(c.ln_s0), zero(0.0);
  Averages<A> a{zero, zero, start}, b{zero, zero, start};
  for (std::uint32_t j = 0; j < o.steps; j += 2) {
    const auto r = philox<A>(o.seed, paths, j / 2, random::asian_stream);
    const auto [z0, z1] = box_muller<A>(uniform_open<A>(r[0], r[1]), uniform_open<A>(r[2], r[3]));
    a.step(c, z0);
    if constexpr (Antithetic) b.step(c, -z0);
    if (j + 1 < o.steps) {
      a.step(c, z1);
      if constexpr (Antithetic) b.step(c, -z1);
    }
  }
  const F inv(c.inv_steps), strike(c.strike);
  F arith = xsimd::max(a.sum * inv - strike, zero), geo = xsimd::max(vmath::exp<A>(a.sum_ln * inv) - strike, zero);
  if constexpr (Antithetic) {
    const F half(0.5);
    arith = half * (arith + xsimd::max(b.sum * inv - strike, zero));
    geo = half * (geo + xsimd::max(vmath::exp<A>(b.sum_ln * inv) - strike, zero));
  }
  return {arith, geo};
}

}  // namespace

template <class Arch>
Sums AsianSums<Arch>::run(const OptionSpec& o, const PathConstants& c, std::uint64_t first, std::uint64_t n) noexcept {
  using F = F64<Arch>;
  constexpr std::uint64_t W = U64<Arch>::size;
  const U64<Arch> lane = iota<std::uint64_t, Arch>();
  const F lanes = iota<double, Arch>();
  LaneSums<Arch> sums;
  for (std::uint64_t i = 0; i < n; i += W) {
    const U64<Arch> paths = U64<Arch>(first + i) + lane;
    const auto [arith, geo] = o.antithetic ? payoffs<Arch, true>(o, c, paths) : payoffs<Arch, false>(o, c, paths);
    sums.add(arith - F(c.shift_y), geo - F(c.shift_x), lanes < F(static_cast<double>(n - i)));
  }
  return sums.total(n);
}

template struct AsianSums<PARLAB_SIMD_ARCH>;

}  // namespace parlab::montecarlo
