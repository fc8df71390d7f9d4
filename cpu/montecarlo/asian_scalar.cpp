// The reference of the Asian option. Path p draws its normals two at a time
// (Box-Muller's pair) from Philox draws 0, 1, ... of its own counter; the
// log-price is accumulated, so the geometric average costs nothing more.
#include <algorithm>

#include "cpu/montecarlo/paths.hpp"
#include "parlab/philox.hpp"

namespace parlab {
namespace {

// One path's two averages (the antithetic path's too, in the second slot).
struct Averages {
  double sum = 0, sum_ln = 0, ln_s = 0;
  void step(const PathConstants& c, double z) {
    ln_s += c.drift + c.vol * z;
    sum += std::exp(ln_s);
    sum_ln += ln_s;
  }
};

}  // namespace

Sums asian_scalar(const OptionSpec& o, std::uint64_t first, std::uint64_t n) {
  const PathConstants c = path_constants(o, o.steps);
  const int tracks = o.antithetic ? 2 : 1;
  Sums s;
  for (std::uint64_t p = first; p < first + n; ++p) {
    Averages a[2] = {{0, 0, c.ln_s0}, {0, 0, c.ln_s0}};
    for (std::uint32_t j = 0; j < o.steps; j += 2) {
      const auto r = random::philox(o.seed, p, j / 2, random::asian_stream);
      const auto z = random::box_muller(random::uniform_open(r[0], r[1]), random::uniform_open(r[2], r[3]));
      a[0].step(c, z.a);
      if (o.antithetic) a[1].step(c, -z.a);
      if (j + 1 < o.steps) {
        a[0].step(c, z.b);
        if (o.antithetic) a[1].step(c, -z.b);
      }
    }
    double arith = 0, geo = 0;
    for (int t = 0; t < tracks; ++t) {
      arith += std::max(a[t].sum * c.inv_steps - c.strike, 0.0);
      geo += std::max(std::exp(a[t].sum_ln * c.inv_steps) - c.strike, 0.0);
    }
    arith /= tracks;
    geo /= tracks;
    s.n += 1;
    s.y += arith;
    s.yy += arith * arith;
    s.x += geo;
    s.xx += geo * geo;
    s.xy += arith * geo;
  }
  return s;
}

}  // namespace parlab
