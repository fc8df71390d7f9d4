#pragma once
// What a path of geometric Brownian motion needs, computed once on the host
// and handed to every backend, so they all start from the same constants.
//   ln S(t + dt) = ln S(t) + (r - sigma^2 / 2) dt + sigma sqrt(dt) z
#include <cmath>

#include "parlab/montecarlo.hpp"

namespace parlab {

struct PathConstants {
  double ln_s0 = 0;
  double drift = 0;      // (r - sigma^2 / 2) dt per step
  double vol = 0;        // sigma sqrt(dt) per step
  double strike = 0;
  double inv_steps = 1;  // 1 / steps: the average's weight
};

// European: one step of length T. Asian: `steps` steps of T / steps.
inline PathConstants path_constants(const OptionSpec& o, unsigned steps) {
  const double dt = o.maturity / steps;
  return {std::log(o.s0), (o.rate - 0.5 * o.sigma * o.sigma) * dt, o.sigma * std::sqrt(dt), o.strike, 1.0 / steps};
}

}  // namespace parlab
