// The reference of the European option: one Philox draw per path gives the
// two uniforms of one Box-Muller normal z; S(T) = S0 exp(drift + vol z).
#include <algorithm>

#include "cpu/montecarlo/paths.hpp"
#include "parlab/philox.hpp"

namespace parlab {

Sums european_scalar(const OptionSpec& o, std::uint64_t first, std::uint64_t n) {
  const PathConstants c = path_constants(o, 1);
  Sums s;
  for (std::uint64_t p = first; p < first + n; ++p) {
    const auto r = random::philox(o.seed, p, 0, random::european_stream);
    const double z = random::box_muller(random::uniform_open(r[0], r[1]), random::uniform_open(r[2], r[3])).a;
    const double st = std::exp(c.ln_s0 + (c.drift + c.vol * z));
    double call = std::max(st - c.strike, 0.0), put = std::max(c.strike - st, 0.0);
    if (o.antithetic) {
      const double sa = std::exp(c.ln_s0 + (c.drift - c.vol * z));
      call = 0.5 * (call + std::max(sa - c.strike, 0.0));
      put = 0.5 * (put + std::max(c.strike - sa, 0.0));
    }
    s.n += 1;
    s.y += call;
    s.yy += call * call;
    s.x += put;
    s.xx += put * put;
    s.xy += call * put;
  }
  return s;
}

}  // namespace parlab
