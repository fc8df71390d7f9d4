// The Monte Carlo family's kernels: pi, a European and an Asian option. No
// input data: the numbers come from the seed (cpu/montecarlo/philox.hpp). Every
// backend runs the same blocks (blocks.hpp) and shares the output code
// (results.hpp).
#include <cmath>
#include <numbers>

#include "cpu/montecarlo/blocks.hpp"
#include "cpu/montecarlo/montecarlo_simd.hpp"
#include "cpu/montecarlo/results.hpp"
#include "parlab/registry.hpp"
#include "runtime/openmp.hpp"
#include "runtime/simd/dispatch.hpp"

namespace parlab::montecarlo {
namespace {

// ---- Options.

Option count_option(std::string_view name, double fallback, std::string_view help) {
  return {.name = name, .type = OptionType::count, .fallback = fallback, .min = 1, .max = kMaxCount, .help = help,
          .scales = true};
}
Option real_option(std::string_view name, double fallback, double min, double max, bool exclusive,
                   std::string_view help) {
  return {.name = name, .type = OptionType::real, .fallback = fallback, .min = min, .max = max, .help = help,
          .min_exclusive = exclusive};
}

// The ranges the simulation prices correctly. sigma sqrt(T) <= 1.58 keeps the
// payoff's tail light enough for the sample standard error of 1000 paths to
// be trusted (the lognormal's relative variance e^(sigma^2 T) - 1 <= 11):
// measured, sigma = 1 and T = 10 (3.2) missed Black-Scholes by more than 4
// standard errors for 8 seeds of 20 at 1000 paths; sigma = 1, T = 2.5 for
// none of 40. Prices and payoffs stay far from overflow. At the other end,
// sigma >= 0.01 and T >= 0.001 (about 9 hours): as sigma sqrt(T) -> 0 every
// path ends at the forward price, an at-the-money payoff is the difference
// of two nearly equal numbers, and the backends' last-bit differences in exp
// become relative errors of order 1 (measured at sigma = T = 1e-323).
std::vector<Option> option_options(bool asian) {
  std::vector<Option> v = {
      count_option("paths", asian ? 50000 : 1000000, "simulated paths"),
      real_option("s0", 100, 0, 1e6, true, "spot price S0"),
      real_option("strike", 100, 0, 1e6, true, "strike K"),
      real_option("rate", 0.05, -0.2, 0.5, false, "risk-free rate r (continuous, per year)"),
      real_option("volatility", 0.2, 0.01, 1, false, "volatility sigma (per sqrt(year))"),
      real_option("maturity", 1, 0.001, 2.5, false, "maturity T (years)"),
      {.name = "antithetic", .type = OptionType::flag, .fallback = 0, .min = 0, .max = 1,
       .help = "average each path with its mirror (z -> -z)"}};
  if (asian)
    v.push_back({.name = "steps", .type = OptionType::integer, .fallback = 252, .min = 1, .max = 100000,
                 .help = "monitoring dates M, equally spaced up to T"});
  return v;
}

// ---- Costs: the work per sample, counted once here (docs/montecarlo.md).
// A Philox4x32-10 draw: 10 rounds of two 32x32->64-bit multiplies, each
// counted as two 32-bit multiplies (the high and the low word): 40.
constexpr double kPhiloxIntops = 40;
// Float64 operations of the transcendental functions, as polynomial
// evaluations count them (about what xsimd's and glibc's take).
constexpr double kExpFlops = 30, kLogFlops = 30, kSinCosFlops = 40;

Cost pi_cost(const Params& p) {
  const double n = static_cast<double>(p.count("samples"));
  return {.items = n, .flops64 = 3 * n, .intops = kPhiloxIntops / 2 * n};
}
Cost european_cost(const Params& p) {
  const double n = static_cast<double>(p.count("paths")), tracks = p.flag("antithetic") ? 2 : 1;
  return {.items = n,
          .flops64 = n * (kLogFlops + kSinCosFlops + 4 + tracks * (kExpFlops + 8)),
          .intops = n * kPhiloxIntops};
}
Cost asian_cost(const Params& p) {
  const double n = static_cast<double>(p.count("paths")), m = static_cast<double>(p.integer("steps"));
  const double tracks = p.flag("antithetic") ? 2 : 1, draws = std::ceil(m / 2);
  return {.items = n,
          .flops64 = n * (draws * (kLogFlops + kSinCosFlops + 4) + tracks * m * (kExpFlops + 4)),
          .intops = n * draws * kPhiloxIntops};
}

// ---- Variants: scalar, simd and openmp differ only by the block function
// and the threads.

struct PiAcc {
  std::uint64_t inside = 0;
  PiAcc& operator+=(const PiAcc& o) {
    inside += o.inside;
    return *this;
  }
};

template <class Count>
void pi_run(const Params& p, int threads, Count count, Data& out) {
  const auto r = over_blocks<PiAcc>(p.count("samples"), kPiBlock, threads, [&](std::uint64_t first, std::uint64_t n) {
    return PiAcc{count(p.seed, first, n)};
  });
  pi_output(r.sum.inside, r.items, out);
}
void pi_scalar(const Data&, Data& out, const Params& p, Spans&) { pi_run(p, 1, pi_count_scalar, out); }
void pi_simd(const Data&, Data& out, const Params& p, Spans&) { pi_run(p, 1, simd::kernel<PiCount>(), out); }
void pi_openmp(const Data&, Data& out, const Params& p, Spans&) {
  pi_run(p, openmp::threads(p.threads), simd::kernel<PiCount>(), out);
}

// Option kernels: `Block` maps (spec, constants, first, n) to Sums.
template <bool Asian, class Block>
void option_run(const Params& p, int threads, Block block, Data& out) {
  const OptionSpec o = option_spec(p);
  const PathConstants c = Asian ? asian_constants(o) : european_constants(o);
  const auto r = over_blocks<Sums>(p.count("paths"), Asian ? kAsianBlock : kEuropeanBlock, threads,
                                   [&](std::uint64_t first, std::uint64_t n) { return block(o, c, first, n); });
  if constexpr (Asian)
    asian_output(r.sum, o, out);
  else
    european_output(r.sum, o, out);
}
Sums european_ref(const OptionSpec& o, const PathConstants&, std::uint64_t first, std::uint64_t n) {
  return european_scalar(o, first, n);
}
Sums asian_ref(const OptionSpec& o, const PathConstants&, std::uint64_t first, std::uint64_t n) {
  return asian_scalar(o, first, n);
}

template <bool Asian>
struct OptionVariants {
  static auto simd_block() {
    if constexpr (Asian)
      return simd::kernel<AsianSums>();
    else
      return simd::kernel<EuropeanSums>();
  }
  static void scalar(const Data&, Data& out, const Params& p, Spans&) {
    option_run<Asian>(p, 1, Asian ? asian_ref : european_ref, out);
  }
  static void simd(const Data&, Data& out, const Params& p, Spans&) { option_run<Asian>(p, 1, simd_block(), out); }
  static void openmp(const Data&, Data& out, const Params& p, Spans&) {
    option_run<Asian>(p, openmp::threads(p.threads), simd_block(), out);
  }
};

// ---- Oracles: the closed forms the statistical checks compare with.

Data pi_oracle(const Params&) {
  Data d;
  d.set("pi", std::numbers::pi);
  return d;
}
Data european_oracle(const Params& p) {
  const CallPut bs = black_scholes(option_spec(p));
  Data d;
  d.set("call", bs.call);
  d.set("put", bs.put);
  return d;
}
Data asian_oracle(const Params& p) {
  Data d;
  d.set("geometric", geometric_asian_call(option_spec(p)));
  return d;
}

// Cross-backend bound of the option prices: the backends draw the same
// normals and add the same blocks in the same order, but glibc, xsimd and
// CUDA round exp, log, sin and cos within a few ulp of each other, and the
// compilers may fuse a multiply and an add (docs/montecarlo.md).
constexpr double kOptionRelative = 1e-9;
constexpr double kStandardErrors = 4;
// A price is judged statistically from 1000 paths on: below, the sample
// standard error of a skewed payoff is itself too uncertain (at sigma = 1,
// T = 2.5, 1 seed of 40 missed by more than 4 at 100 and at 300 paths).
constexpr std::uint64_t kOptionMinPaths = 1000;

const Register kPi{{.name = "montecarlo_pi",
                    .family = "montecarlo",
                    .summary = "pi from random points in the unit square (an exact count)",
                    .options = {count_option("samples", 1e7, "random points")},
                    .cost = pi_cost,
                    .checks = {{Check::exact, 0, "inside"},
                               {Check::statistical, kStandardErrors, "pi", pi_oracle}},
                    .command = "montecarlo pi",
                    .variants = variants({{Backend::openmp, pi_openmp},
                                          {Backend::simd, pi_simd},
                                          {Backend::scalar, pi_scalar}})}};

using European = OptionVariants<false>;
const Register kEuropean{{.name = "option_european",
                          .family = "montecarlo",
                          .summary = "European call and put under geometric Brownian motion, beside Black-Scholes",
                          .options = option_options(false),
                          .cost = european_cost,
                          .checks = {{Check::relative, kOptionRelative},
                                     {Check::statistical, kStandardErrors, {}, european_oracle, kOptionMinPaths}},
                          .command = "montecarlo european",
                          .variants = variants({{Backend::openmp, European::openmp},
                                                {Backend::simd, European::simd},
                                                {Backend::scalar, European::scalar}})}};

using Asian = OptionVariants<true>;
const Register kAsian{{.name = "option_asian",
                       .family = "montecarlo",
                       .summary = "arithmetic Asian call, the geometric one as control variate",
                       .options = option_options(true),
                       .cost = asian_cost,
                       .checks = {{Check::relative, kOptionRelative},
                                  {Check::statistical, kStandardErrors, {}, asian_oracle, kOptionMinPaths}},
                       .command = "montecarlo asian",
                       .variants = variants({{Backend::openmp, Asian::openmp},
                                             {Backend::simd, Asian::simd},
                                             {Backend::scalar, Asian::scalar}})}};

}  // namespace
}  // namespace parlab::montecarlo
