// What users write first: one thread, std::mt19937_64 and <random>'s
// distributions, computing the same estimators as parlab's Monte Carlo
// kernels (and printed by the same code, cpu/montecarlo/results.hpp). Its
// numbers differ from Philox's, so it is checked against the closed forms
// only (verify_oracles). Registered as the Monte Carlo kernels' peer
// std_mt19937_64 (parlab/benchmarks.hpp), timed beside the scalar backend.
#include <algorithm>
#include <cmath>
#include <random>
#include <string_view>

#include "cpu/montecarlo/paths.hpp"
#include "cpu/montecarlo/results.hpp"
#include "parlab/benchmarks.hpp"

namespace parlab::montecarlo {
namespace {

void pi(const Data&, Data& out, const Params& p, Spans&) {
  std::mt19937_64 gen(p.seed);
  std::uniform_real_distribution<double> u(0.0, 1.0);
  const std::uint64_t n = p.count("samples");
  std::uint64_t inside = 0;
  for (std::uint64_t i = 0; i < n; ++i) {
    const double x = u(gen), y = u(gen);
    inside += x * x + y * y <= 1.0;
  }
  pi_output(inside, n, out);
}

void european(const Data&, Data& out, const Params& p, Spans&) {
  const OptionSpec o = option_spec(p);
  std::mt19937_64 gen(p.seed);
  std::normal_distribution<double> z;
  const double drift = (o.rate - 0.5 * o.sigma * o.sigma) * o.maturity, vol = o.sigma * std::sqrt(o.maturity);
  const PathConstants c = european_constants(o);  // the shifts the output expects (cpu/montecarlo/paths.hpp)
  Sums s;
  for (std::uint64_t i = 0, n = p.count("paths"); i < n; ++i) {
    const double st = o.s0 * std::exp(drift + vol * z(gen));
    s.add(std::max(st - o.strike, 0.0) - c.shift_y, std::max(o.strike - st, 0.0) - c.shift_x);
  }
  european_output(s, o, out);
}

void asian(const Data&, Data& out, const Params& p, Spans&) {
  const OptionSpec o = option_spec(p);
  std::mt19937_64 gen(p.seed);
  std::normal_distribution<double> z;
  const double dt = o.maturity / o.steps, drift = (o.rate - 0.5 * o.sigma * o.sigma) * dt;
  const double vol = o.sigma * std::sqrt(dt);
  const PathConstants c = asian_constants(o);
  Sums s;
  for (std::uint64_t i = 0, n = p.count("paths"); i < n; ++i) {
    double ln_s = std::log(o.s0), sum = 0, sum_ln = 0;
    for (std::uint32_t k = 0; k < o.steps; ++k) {
      ln_s += drift + vol * z(gen);
      sum += std::exp(ln_s);
      sum_ln += ln_s;
    }
    s.add(std::max(sum / o.steps - o.strike, 0.0) - c.shift_y,
          std::max(std::exp(sum_ln / o.steps) - o.strike, 0.0) - c.shift_x);
  }
  asian_output(s, o, out);
}

Peer std_random(std::string_view kernel, Variant run) {
  return {.name = "std_mt19937_64", .kernel = kernel, .summary = "one thread of std::mt19937_64 and <random>",
          .beside = Backend::scalar, .run = run, .oracles_only = true};
}

const RegisterPeer kPi{std_random("montecarlo_pi", pi)};
const RegisterPeer kEuropean{std_random("option_european", european)};
const RegisterPeer kAsian{std_random("option_asian", asian)};

}  // namespace
}  // namespace parlab::montecarlo
