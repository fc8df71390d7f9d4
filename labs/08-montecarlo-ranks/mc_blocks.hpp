#pragma once
// Lab 08: the samples, given. The program and the grader compute the same
// blocks from these lines.
#include <Random123/philox.h>

#include <cmath>
#include <cstdint>

namespace lab08 {

// The samples come in blocks of kBlock; block b holds samples
// b * kBlock .. (b + 1) * kBlock - 1.
inline constexpr std::uint64_t kBlock = std::uint64_t{1} << 16;

struct Market {
  double s0 = 100, strike = 100, rate = 0.05, volatility = 0.2, maturity = 1;
};

// Given: the four Philox4x32-10 words of sample i of stream `seed`: the
// same on every rank, machine and run.
inline r123::Philox4x32::ctr_type words(std::uint64_t seed, std::uint64_t i) {
  r123::Philox4x32 philox;
  const r123::Philox4x32::ctr_type ctr{{static_cast<std::uint32_t>(i), static_cast<std::uint32_t>(i >> 32), 0, 0}};
  const r123::Philox4x32::key_type key{{static_cast<std::uint32_t>(seed), static_cast<std::uint32_t>(seed >> 32)}};
  return philox(ctr, key);
}

// Given: block b's points inside the quarter circle (x^2 + y^2 < 1).
inline std::uint64_t pi_block(std::uint64_t seed, std::uint64_t b) {
  std::uint64_t inside = 0;
  for (std::uint64_t i = b * kBlock; i < (b + 1) * kBlock; ++i) {
    const auto w = words(seed, i);
    const double x = w[0] * 0x1p-32, y = w[1] * 0x1p-32;
    inside += x * x + y * y < 1;
  }
  return inside;
}

// Given: block b's European call payoffs, discounted, summed in order
// (one path per sample: the end price from one normal draw, Box-Muller).
inline double european_block(std::uint64_t seed, std::uint64_t b, const Market& m) {
  const double drift = (m.rate - 0.5 * m.volatility * m.volatility) * m.maturity;
  const double vol = m.volatility * std::sqrt(m.maturity), discount = std::exp(-m.rate * m.maturity);
  double sum = 0;
  for (std::uint64_t i = b * kBlock; i < (b + 1) * kBlock; ++i) {
    const auto w = words(seed, i);
    const double u1 = (w[2] + 0.5) * 0x1p-32, u2 = w[3] * 0x1p-32;
    const double z = std::sqrt(-2 * std::log(u1)) * std::cos(6.283185307179586 * u2);
    const double end = m.s0 * std::exp(drift + vol * z);
    sum += discount * std::fmax(end - m.strike, 0.0);
  }
  return sum;
}

}  // namespace lab08
