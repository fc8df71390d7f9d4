// The prices the simulations are checked against.
#include <cmath>

#include "parlab/montecarlo.hpp"

namespace parlab {
namespace {

double normal_cdf(double x) { return 0.5 * std::erfc(-x / std::sqrt(2.0)); }

}  // namespace

// Black-Scholes: d1 = (ln(S0/K) + (r + sigma^2/2) T) / (sigma sqrt T), d2 = d1 - sigma sqrt T.
CallPut black_scholes(const OptionSpec& o) {
  const double sd = o.sigma * std::sqrt(o.maturity);
  const double d1 = (std::log(o.s0 / o.strike) + (o.rate + 0.5 * o.sigma * o.sigma) * o.maturity) / sd;
  const double d2 = d1 - sd;
  const double df = std::exp(-o.rate * o.maturity);
  return {o.s0 * normal_cdf(d1) - o.strike * df * normal_cdf(d2),
          o.strike * df * normal_cdf(-d2) - o.s0 * normal_cdf(-d1)};
}

// With n dates t_k = k T / n: ln G = (1/n) sum ln S(t_k) is normal with
//   mean     ln S0 + (r - sigma^2/2) T (n + 1) / (2n)
//   variance sigma^2 T (n + 1)(2n + 1) / (6 n^2)
// (the double sum of min(t_i, t_j) over n^2), so
//   price = e^{-rT} (e^{m + v/2} N(d1) - K N(d2)), d2 = (m - ln K) / sqrt v, d1 = d2 + sqrt v.
double geometric_asian_call(const OptionSpec& o) {
  const double n = o.steps;
  const double m = std::log(o.s0) + (o.rate - 0.5 * o.sigma * o.sigma) * o.maturity * (n + 1) / (2 * n);
  const double v = o.sigma * o.sigma * o.maturity * (n + 1) * (2 * n + 1) / (6 * n * n);
  const double d2 = (m - std::log(o.strike)) / std::sqrt(v), d1 = d2 + std::sqrt(v);
  return std::exp(-o.rate * o.maturity) * (std::exp(m + 0.5 * v) * normal_cdf(d1) - o.strike * normal_cdf(d2));
}

}  // namespace parlab
