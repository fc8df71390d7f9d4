// What users write first: one thread, std::mt19937_64 and <random>'s
// distributions, computing the same estimators as parlab's Monte Carlo
// kernels (and printed by the same code, cpu/montecarlo/results.hpp). Its
// numbers differ from Philox's, so it is checked against the closed forms
// only (verify_oracles).
#include <algorithm>
#include <cmath>
#include <random>
#include <string_view>

#include "bench/peers/peers.hpp"
#include "cpu/montecarlo/paths.hpp"
#include "cpu/montecarlo/results.hpp"

namespace parlab::peers {
namespace {

void pi(const Params& p, Data& out) {
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

void european(const Params& p, Data& out) {
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

void asian(const Params& p, Data& out) {
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

}  // namespace

StdPeer std_random_peer(std::string_view kernel) {
  if (kernel == "montecarlo_pi") return pi;
  if (kernel == "option_european") return european;
  if (kernel == "option_asian") return asian;
  return nullptr;
}

}  // namespace parlab::peers
