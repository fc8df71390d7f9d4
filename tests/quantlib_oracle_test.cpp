// QuantLib as an independent oracle for the option kernels: its analytic
// Black-Scholes (BlackCalculator) and its analytic discrete geometric-average
// Asian engine price eight parameter sets; parlab's closed forms must agree
// with them to 1e-9, and every backend's Monte Carlo estimate must lie within
// 4 standard errors of them. Built when Debian's libquantlib0-dev is present
// (tests/quantlib_oracle_off_test.cpp says why it is skipped otherwise).
#include <gtest/gtest.h>
#include <ql/exercise.hpp>
#include <ql/instruments/asianoption.hpp>
#include <ql/instruments/payoffs.hpp>
#include <ql/pricingengines/asian/analytic_discr_geom_av_price.hpp>
#include <ql/pricingengines/blackcalculator.hpp>

#include <cmath>
#include <vector>

#include "backend_param.hpp"
#include "cpu/montecarlo/montecarlo.hpp"
#include "cpu/montecarlo/quantlib_market.hpp"
#include "parlab/registry.hpp"

namespace parlab::test {
namespace {

namespace ql = QuantLib;
using montecarlo::OptionSpec;

// Maturities in whole days (Actual/365 Fixed), the dates every `days / steps`
// days: QuantLib's Asian engine takes dates, parlab's kernel times t_k = kT/n.
struct Case {
  const char* what;
  double s0, strike, rate, volatility;
  int days, steps;
  bool antithetic;
  double maturity() const { return days / 365.0; }
};
constexpr Case kCases[] = {
    {"at the money, daily dates", 100, 100, 0.05, 0.2, 365, 365, false},
    {"in the money, weekly", 120, 100, 0.03, 0.25, 182, 26, false},
    {"out of the money", 80, 100, 0.05, 0.3, 365, 73, false},
    {"high volatility", 100, 90, 0.02, 0.9, 730, 10, false},
    {"four days", 100, 101, 0.05, 0.2, 4, 4, false},
    {"one date", 100, 100, 0.05, 0.2, 365, 1, false},
    {"negative rate, antithetic", 100, 95, -0.01, 0.4, 912, 24, true},
    {"deep in the money, low volatility", 150, 100, 0.1, 0.05, 365, 5, false},
};

struct Prices {
  double call, put, geometric_asian_call;
};

Prices quantlib_prices(const Case& c) {
  const double T = c.maturity(), df = std::exp(-c.rate * T), sd = c.volatility * std::sqrt(T);
  const double forward = c.s0 / df;
  Prices p{};
  p.call = ql::BlackCalculator(ql::Option::Call, c.strike, forward, sd, df).value();
  p.put = ql::BlackCalculator(ql::Option::Put, c.strike, forward, sd, df).value();

  const ql::Date today = montecarlo::quantlib_today();
  const auto process = montecarlo::quantlib_process(c.s0, c.rate, c.volatility);
  std::vector<ql::Date> dates;
  for (int k = 1; k <= c.steps; ++k) dates.push_back(today + k * (c.days / c.steps));
  ql::DiscreteAveragingAsianOption asian(ql::Average::Geometric, 1.0, 0, dates,
                                         ql::ext::make_shared<ql::PlainVanillaPayoff>(ql::Option::Call, c.strike),
                                         ql::ext::make_shared<ql::EuropeanExercise>(dates.back()));
  asian.setPricingEngine(ql::ext::make_shared<ql::AnalyticDiscreteGeometricAveragePriceAsianEngine>(process));
  p.geometric_asian_call = asian.NPV();
  return p;
}

OptionSpec spec(const Case& c) {
  OptionSpec o{c.s0, c.strike, c.rate, c.volatility, c.maturity()};
  o.steps = static_cast<std::uint32_t>(c.steps);
  return o;
}

Params params(const Kernel& k, const Case& c, double paths) {
  Params p = k.defaults();
  p.set("paths", paths).set("s0", c.s0).set("strike", c.strike).set("rate", c.rate);
  p.set("volatility", c.volatility).set("maturity", c.maturity()).set("antithetic", c.antithetic);
  if (p.has("steps")) p.set("steps", c.steps);
  return p;
}

Data run(const Kernel& k, Backend b, const Params& p) {
  Data out;
  Spans spans;
  k.variant(b)(Data{}, out, p, spans);
  return out;
}

// Plus 1e-12 of the spot: an option no path reaches (the deep in-the-money
// put) is estimated as exactly 0 with an error of 0, and QuantLib prices it at
// 0 to rounding (-7e-15).
void expect_within(const Estimate& e, double want, const Case& c, Backend b, const char* part) {
  EXPECT_LE(std::fabs(e.value - want), 4 * e.std_error + 1e-12 * c.s0)
      << c.what << ", " << to_string(b) << ": " << part << " " << e.value << " +- " << e.std_error << ", QuantLib " << want;
}

// Two closed forms written apart: parlab's Black-Scholes and geometric Asian
// against QuantLib's.
TEST(QuantLibOracle, ClosedFormsAgreeWithQuantLib) {
  for (const Case& c : kCases) {
    const Prices ql = quantlib_prices(c);
    const montecarlo::CallPut bs = montecarlo::black_scholes(spec(c));
    EXPECT_NEAR(bs.call, ql.call, 1e-9 * std::max(1.0, ql.call)) << c.what;
    EXPECT_NEAR(bs.put, ql.put, 1e-9 * std::max(1.0, ql.put)) << c.what;
    EXPECT_NEAR(montecarlo::geometric_asian_call(spec(c)), ql.geometric_asian_call,
                1e-9 * std::max(1.0, ql.geometric_asian_call))
        << c.what;
  }
}

// Every backend's simulation against QuantLib's analytic prices.
TEST(QuantLibOracle, EveryBackendsEstimatesAreWithinFourStandardErrorsOfQuantLib) {
  const Kernel& european = find_kernel("option_european");
  const Kernel& asian = find_kernel("option_asian");
  for (Backend b : {Backend::scalar, Backend::simd, Backend::openmp, Backend::cuda}) {
    if (!backend_status(b).usable) {
      std::cout << "[ SKIPPED  ] " << to_string(b) << ": " << backend_status(b).reason << "\n";
      continue;
    }
    for (const Case& c : kCases) {
      const Prices ql = quantlib_prices(c);
      const Data e = run(european, b, params(european, c, 200000));
      expect_within(e.get<Estimate>("call"), ql.call, c, b, "call");
      expect_within(e.get<Estimate>("put"), ql.put, c, b, "put");
      const Data a = run(asian, b, params(asian, c, c.steps > 100 ? 5000 : 20000));
      expect_within(a.get<Estimate>("geometric"), ql.geometric_asian_call, c, b, "geometric Asian call");
    }
  }
}

}  // namespace
}  // namespace parlab::test
