#include "cpu/montecarlo/results.hpp"

#include <algorithm>
#include <cmath>

namespace parlab {
namespace {

// The mean of n samples with sum s and sum of squares ss, and its standard
// error (sample variance with n - 1), both times `scale` (the discount).
Estimate mean_of(double n, double s, double ss, double scale) {
  const double mean = s / n;
  const double var = n > 1 ? std::max(ss - s * mean, 0.0) / (n - 1) : 0.0;
  return {scale * mean, scale * std::sqrt(var / n), static_cast<std::uint64_t>(n)};
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
  out.set("call", mean_of(s.n, s.y, s.yy, df));
  out.set("put", mean_of(s.n, s.x, s.xx, df));
  out.set("call_bs", bs.call);
  out.set("put_bs", bs.put);
}

// Control variate: Y - beta (X - E[X]) with beta = cov(X, Y) / var(X), the
// choice that minimises the variance: var(Y) (1 - rho^2).
void asian_output(const Sums& s, const OptionSpec& o, Data& out) {
  const double df = std::exp(-o.rate * o.maturity);
  const double exact = geometric_asian_call(o);
  const Estimate arith = mean_of(s.n, s.y, s.yy, df), geo = mean_of(s.n, s.x, s.xx, df);
  const double n = s.n, my = s.y / n, mx = s.x / n;
  const double vy = n > 1 ? std::max(s.yy - s.y * my, 0.0) / (n - 1) : 0.0;
  const double vx = n > 1 ? std::max(s.xx - s.x * mx, 0.0) / (n - 1) : 0.0;
  const double cov = n > 1 ? (s.xy - s.x * my) / (n - 1) : 0.0;
  const double beta = vx > 0 ? cov / vx : 0.0;
  const double vcv = std::max(vy - 2 * beta * cov + beta * beta * vx, 0.0);
  out.set("arithmetic", arith);
  out.set("arithmetic_cv", Estimate{arith.value - beta * (geo.value - exact), df * std::sqrt(vcv / n), arith.samples});
  out.set("geometric", geo);
  out.set("geometric_exact", exact);
  // vcv == 0: a perfect control (one monitoring date: both averages are S(T)).
  out.set("variance_reduction", vcv > 0 ? vy / vcv : vy > 0 ? HUGE_VAL : 1.0);
}

}  // namespace parlab
