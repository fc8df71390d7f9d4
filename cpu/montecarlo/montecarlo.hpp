#pragma once
// The Monte Carlo family: pi by counting points in the quarter circle, and
// European and Asian options under geometric Brownian motion. Every backend
// draws the same numbers for the same (seed, sample) (cpu/montecarlo/philox.hpp), and
// splits the work into the same blocks, combined in block order.
//
// Plain C++ types only: nvcc reads this header too.
#include <cstdint>

#include "runtime/cuda/host_device.hpp"

namespace parlab::montecarlo {

// Samples per block of the pi kernel (even: a block starts at a sample of
// even index, the first point of a Philox draw); paths per block of the
// option kernels.
inline constexpr std::uint64_t kPiBlock = std::uint64_t{1} << 16;
inline constexpr std::uint64_t kEuropeanBlock = std::uint64_t{1} << 14;
inline constexpr std::uint64_t kAsianBlock = std::uint64_t{1} << 10;

// An option and how it is simulated.
struct OptionSpec {
  double s0 = 100;       // spot
  double strike = 100;   // K
  double rate = 0.05;    // risk-free rate r, continuous
  double sigma = 0.2;    // volatility
  double maturity = 1;   // T, years
  std::uint32_t steps = 252;  // monitoring dates of the Asian option, equally spaced, the last at T
  bool antithetic = false;    // each sample is the mean of the path for z and for -z
  std::uint64_t seed = 42;
};

// Sums over samples, added block by block. European: y = call payoff, x = put
// payoff. Asian: y = arithmetic-average payoff, x = geometric-average payoff
// (the control variate). Undiscounted. The moments of d = y - x are kept as
// well: the control variate's variance is computed from them, without the
// cancellation of var(y) - cov(x, y)^2 / var(x) when x and y are nearly equal
// (a low volatility).
// Written once for any number type with + and * (double here and in the
// CUDA kernels, which reduce it too; an xsimd batch in the SIMD kernels,
// simd/montecarlo/lane_sums.hpp).
template <class T>
struct BasicSums {
  T n = T(0), y = T(0), yy = T(0), x = T(0), xx = T(0), d = T(0), dd = T(0), dx = T(0);
  PARLAB_HOST_DEVICE void add(T y1, T x1) {
    const T d1 = y1 - x1;
    n += T(1);
    y += y1;
    yy += y1 * y1;
    x += x1;
    xx += x1 * x1;
    d += d1;
    dd += d1 * d1;
    dx += d1 * x1;
  }
  PARLAB_HOST_DEVICE BasicSums& operator+=(const BasicSums& o) {
    n += o.n;
    y += o.y;
    yy += o.yy;
    x += o.x;
    xx += o.xx;
    d += o.d;
    dd += o.dd;
    dx += o.dx;
    return *this;
  }
};
using Sums = BasicSums<double>;

// The scalar references, one block each: points [first, first + n) of pi
// (first even), paths [first, first + n) of an option.
std::uint64_t pi_count_scalar(std::uint64_t seed, std::uint64_t first, std::uint64_t n);
Sums european_scalar(const OptionSpec& o, std::uint64_t first, std::uint64_t n);
Sums asian_scalar(const OptionSpec& o, std::uint64_t first, std::uint64_t n);

// Closed forms.
struct CallPut {
  double call = 0, put = 0;
};
CallPut black_scholes(const OptionSpec& o);
// The geometric-average Asian call with `steps` equally spaced monitoring
// dates (the discrete Kemna-Vorst formula): ln G is normal.
double geometric_asian_call(const OptionSpec& o);

}  // namespace parlab::montecarlo
