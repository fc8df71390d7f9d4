#include "cpu/montecarlo/results.hpp"

#include "cpu/montecarlo/paths.hpp"

#include <algorithm>
#include <cmath>

namespace parlab::montecarlo {
namespace {

// The mean of n samples with sum s and sum of squares ss taken after
// subtracting `shift` from each, and its standard error (sample variance
// with n - 1), both times `scale` (the discount).
Estimate mean_of(double n, double s, double ss, double shift, double scale) {
  const double mean = s / n;
  const double var = n > 1 ? std::max(ss - s * mean, 0.0) / (n - 1) : 0.0;
  return {scale * (shift + mean), scale * std::sqrt(var / n), static_cast<std::uint64_t>(n)};
}

}  // namespace

OptionSpec option_spec(const Params& p) {
  OptionSpec o;
  o.s0 = p.real("s0");
  o.strike = p.real("strike");
  o.rate = p.real("rate");
  o.sigma = p.real("volatility");
  o.maturity = p.real("maturity");
  if (p.has("steps")) o.steps = static_cast<std::uint32_t>(p.integer("steps"));
  o.antithetic = p.has("antithetic") && p.flag("antithetic");
  o.seed = p.seed;
  return o;
}

void pi_output(std::uint64_t inside, std::uint64_t samples, Data& out) {
  const double n = static_cast<double>(samples), q = samples ? inside / n : 0;
  out.set("inside", inside);
  out.set("samples", samples);
  out.set("pi", Estimate{4 * q, samples ? 4 * std::sqrt(q * (1 - q) / n) : 0, samples});
}

void european_output(const Sums& s, const OptionSpec& o, Data& out) {
  const double df = std::exp(-o.rate * o.maturity);
  const CallPut bs = black_scholes(o);
  const PathConstants c = european_constants(o);
  out.set("call", mean_of(s.n, s.y, s.yy, c.shift_y, df));
  out.set("put", mean_of(s.n, s.x, s.xx, c.shift_x, df));
  out.set("call_bs", bs.call);
  out.set("put_bs", bs.put);
}

// Control variate: Y - beta (X - E[X]) with beta = cov(X, Y) / var(X), the
// choice that minimises the variance. With D = Y - X:
//   beta = 1 + cov(D, X) / var(X),  var(Y - beta X) = var(D) - cov(D, X)^2 / var(X),
// computed from D's own moments (Sums), so that a control that explains
// almost all of Y (var(Y - beta X) << var(Y)) loses no digits.
void asian_output(const Sums& s, const OptionSpec& o, Data& out) {
  const double df = std::exp(-o.rate * o.maturity);
  const double exact = geometric_asian_call(o);
  const PathConstants c = asian_constants(o);
  const Estimate arith = mean_of(s.n, s.y, s.yy, c.shift_y, df), geo = mean_of(s.n, s.x, s.xx, c.shift_x, df);
  const double n = s.n, mx = s.x / n, md = s.d / n;
  const double vy = n > 1 ? std::max(s.yy - s.y * (s.y / n), 0.0) / (n - 1) : 0.0;
  const double vx = n > 1 ? std::max(s.xx - s.x * mx, 0.0) / (n - 1) : 0.0;
  const double vd = n > 1 ? std::max(s.dd - s.d * md, 0.0) / (n - 1) : 0.0;
  const double cdx = n > 1 ? (s.dx - s.d * mx) / (n - 1) : 0.0;
  const double beta = vx > 0 ? 1 + cdx / vx : 0.0;
  const double vcv = vx > 0 ? std::max(vd - cdx * cdx / vx, 0.0) : vy;
  out.set("arithmetic", arith);
  out.set("arithmetic_cv", Estimate{arith.value - beta * (geo.value - exact), df * std::sqrt(vcv / n), arith.samples});
  out.set("geometric", geo);
  out.set("geometric_exact", exact);
  // vcv == 0: a perfect control (one monitoring date: both averages are S(T)).
  out.set("variance_reduction", vcv > 0 ? vy / vcv : vy > 0 ? HUGE_VAL : 1.0);
}

}  // namespace parlab::montecarlo
