#pragma once
// One path of geometric Brownian motion, written once for the scalar
// reference and the CUDA kernels (the SIMD kernels follow it operation for
// operation on lanes):
//   ln S(t + dt) = ln S(t) + ((r - sigma^2 / 2) dt + sigma sqrt(dt) z)
// The constants are computed once on the host and handed to every backend,
// so they all start from the same bits.
#include "cpu/montecarlo/montecarlo.hpp"
#include "cpu/montecarlo/philox.hpp"
#include "runtime/cuda/host_device.hpp"

namespace parlab::montecarlo {

struct PathConstants {
  double ln_s0 = 0;
  double drift = 0;      // (r - sigma^2 / 2) dt per step
  double vol = 0;        // sigma sqrt(dt) per step
  double strike = 0;
  double inv_steps = 1;  // 1 / steps: the average's weight
  // Subtracted from the payoffs before they are summed (Sums): their
  // expected values from the closed forms, so that the sums of squares hold
  // the spread, not the level (a put struck at 10^6 on a spot of 100 would
  // otherwise lose its standard error to cancellation).
  double shift_y = 0, shift_x = 0;
};

// European: one step of length T, shifted by the Black-Scholes prices.
// Asian: `steps` steps of T / steps, both averages shifted by the geometric price.
PathConstants european_constants(const OptionSpec& o);
PathConstants asian_constants(const OptionSpec& o);

// What one path (or, antithetic, the mean of a path and its mirror) pays.
// European: y = call, x = put. Asian: y = arithmetic average, x = geometric.
struct Payoffs {
  double y = 0, x = 0;
};

// One Philox draw per path: the first normal of its Box-Muller pair.
PARLAB_HOST_DEVICE inline Payoffs european_path(const OptionSpec& o, const PathConstants& c, std::uint64_t p) {
  const auto r = random::philox(o.seed, p, 0, random::european_stream);
  const double z = random::box_muller(random::uniform_open(r[0], r[1]), random::uniform_open(r[2], r[3])).a;
  const double st = exp(c.ln_s0 + (c.drift + c.vol * z));
  Payoffs pay{fmax(st - c.strike, 0.0), fmax(c.strike - st, 0.0)};
  if (o.antithetic) {
    const double sa = exp(c.ln_s0 + (c.drift - c.vol * z));
    pay = {0.5 * (pay.y + fmax(sa - c.strike, 0.0)), 0.5 * (pay.x + fmax(c.strike - sa, 0.0))};
  }
  return pay;
}

// The running sums of one Asian path; the log-price is accumulated, so the
// geometric average costs nothing more.
struct Averages {
  double sum = 0, sum_ln = 0, ln_s = 0;
  PARLAB_HOST_DEVICE void step(const PathConstants& c, double z) {
    ln_s += c.drift + c.vol * z;
    sum += exp(ln_s);
    sum_ln += ln_s;
  }
};

// Path p draws its normals two at a time (Box-Muller's pair) from Philox
// draws 0, 1, ... of its own counter.
PARLAB_HOST_DEVICE inline Payoffs asian_path(const OptionSpec& o, const PathConstants& c, std::uint64_t p) {
  Averages a[2] = {{0, 0, c.ln_s0}, {0, 0, c.ln_s0}};  // the path, and its mirror when antithetic
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
  const int tracks = o.antithetic ? 2 : 1;
  Payoffs pay;
  for (int t = 0; t < tracks; ++t) {
    pay.y += fmax(a[t].sum * c.inv_steps - c.strike, 0.0);
    pay.x += fmax(exp(a[t].sum_ln * c.inv_steps) - c.strike, 0.0);
  }
  return {pay.y / tracks, pay.x / tracks};
}

}  // namespace parlab::montecarlo
