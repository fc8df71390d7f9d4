// The European option on SIMD lanes: lane l simulates path first + i + l, with
// the scalar reference's formulas in the same order (european_path in cpu/montecarlo/paths.hpp).
#include "cpu/montecarlo/montecarlo_simd.hpp"
#include "cpu/montecarlo/philox.hpp"
#include "simd/montecarlo/lane_sums.hpp"
#include "simd/montecarlo/philox_lanes.hpp"

namespace parlab::montecarlo {

template <class Arch>
Sums EuropeanSums<Arch>::run(const OptionSpec& o, const PathConstants& c, std::uint64_t first,
                             std::uint64_t n) noexcept {
  using F = F64<Arch>;
  constexpr std::uint64_t W = U64<Arch>::size;
  const U64<Arch> lane = iota<std::uint64_t, Arch>();
  const F lanes = iota<double, Arch>(), zero(0.0), half(0.5);
  const F ln_s0(c.ln_s0), drift(c.drift), vol(c.vol), strike(c.strike);
  LaneSums<Arch> sums;
  for (std::uint64_t i = 0; i < n; i += W) {
    const auto r = philox<Arch>(o.seed, U64<Arch>(first + i) + lane, 0, random::european_stream);
    const F z = box_muller_first<Arch>(uniform_open<Arch>(r[0], r[1]), uniform_open<Arch>(r[2], r[3]));
    const F st = vmath::exp<Arch>(ln_s0 + (drift + vol * z));
    F call = xsimd::max(st - strike, zero), put = xsimd::max(strike - st, zero);
    if (o.antithetic) {
      const F sa = vmath::exp<Arch>(ln_s0 + (drift - vol * z));
      call = half * (call + xsimd::max(sa - strike, zero));
      put = half * (put + xsimd::max(strike - sa, zero));
    }
    sums.add(call - F(c.shift_y), put - F(c.shift_x), lanes < F(static_cast<double>(n - i)));
  }
  return sums.total(n);
}

template struct EuropeanSums<PARLAB_SIMD_ARCH>;

}  // namespace parlab::montecarlo
