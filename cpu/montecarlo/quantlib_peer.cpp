// QuantLib's Monte Carlo European engine (MCEuropeanEngine with
// PseudoRandom: Mersenne Twister and the inverse normal CDF, one step a
// path, which for a Black-Scholes process is the exact log-normal step) on
// the European option's parameters: what a quant reaches for first. Its
// random numbers are not Philox's, so it is checked against the closed forms
// only. Registered as the option_european peer quantlib_mc, timed beside the
// scalar backend: one thread, `paths` paths, antithetic when asked.
//
// The engine prices one payoff a run, so the call is priced by the engine
// and the put follows by put-call parity from the call's estimate (same
// standard error): one engine run per benchmark iteration, as parlab prices
// both from one set of paths.
#include <ql/exercise.hpp>
#include <ql/instruments/vanillaoption.hpp>
#include <ql/pricingengines/vanilla/mceuropeanengine.hpp>
#include <ql/version.hpp>

#include <cmath>
#include <string>
#include <string_view>

#include "cpu/montecarlo/paths.hpp"
#include "cpu/montecarlo/quantlib_market.hpp"
#include "cpu/montecarlo/results.hpp"
#include "parlab/benchmarks.hpp"
#include "runtime/error.hpp"

namespace parlab::montecarlo {
namespace {

namespace ql = QuantLib;

void european(const Data&, Data& out, const Params& p, Spans&) {
  const OptionSpec o = option_spec(p);
  // QuantLib counts time in dates: the maturity must be whole days of
  // Actual/365 Fixed, or the two would price different options.
  const double days = std::round(o.maturity * 365.0);
  if (days < 1 || std::fabs(days / 365.0 - o.maturity) > 1e-12)
    throw Error("quantlib_mc: the maturity must be a whole number of days (T * 365)");
  const std::uint64_t n = p.count("paths");
  if (n < 2) throw Error("quantlib_mc: needs at least 2 paths for a standard error");

  const auto process = quantlib_process(o.s0, o.rate, o.sigma);
  const ql::Date expiry = quantlib_today() + static_cast<ql::Integer>(days);
  ql::VanillaOption call(ql::ext::make_shared<ql::PlainVanillaPayoff>(ql::Option::Call, o.strike),
                         ql::ext::make_shared<ql::EuropeanExercise>(expiry));
  call.setPricingEngine(ql::MakeMCEuropeanEngine<ql::PseudoRandom>(process)
                            .withSteps(1)
                            .withSamples(static_cast<ql::Size>(n))
                            .withAntitheticVariate(o.antithetic)
                            .withSeed(static_cast<ql::BigNatural>(p.seed % 4294967295u + 1)));
  const Estimate c{call.NPV(), call.errorEstimate(), n};
  const double df = std::exp(-o.rate * o.maturity);
  const CallPut bs = black_scholes(o);
  out.set("call", c);
  out.set("put", Estimate{c.value - (o.s0 - o.strike * df), c.std_error, c.samples});
  out.set("call_bs", bs.call);
  out.set("put_bs", bs.put);
}

std::string about() { return std::string("QuantLib ") + QL_PACKAGE_VERSION + ", MCEuropeanEngine<PseudoRandom>"; }

const RegisterPeer kEuropean{{.name = "quantlib_mc",
                              .kernel = "option_european",
                              .summary = "one thread of QuantLib's MCEuropeanEngine (Mersenne Twister, one step a path)",
                              .beside = Backend::scalar,
                              .run = european,
                              .oracles_only = true,
                              .about = about}};

}  // namespace
}  // namespace parlab::montecarlo
