#pragma once
// From the block sums of a run to the kernel's output, the same for every
// backend (the CUDA variants in gpu/montecarlo/ use these too).
#include <cstdint>

#include "cpu/montecarlo/montecarlo.hpp"
#include "parlab/data.hpp"
#include "parlab/options.hpp"

namespace parlab::montecarlo {

// The option as the kernel's parameters give it (steps and antithetic only
// where the kernel declares them).
OptionSpec option_spec(const Params& p);

// pi: "inside" (exact count), "samples", "pi" (4 inside / samples, with its
// binomial standard error).
void pi_output(std::uint64_t inside, std::uint64_t samples, Data& out);
// European: "call" and "put" (discounted mean payoffs with standard errors),
// and "call_bs", "put_bs" (Black-Scholes) beside them.
void european_output(const Sums& s, const OptionSpec& o, Data& out);
// Asian: "arithmetic" (plain Monte Carlo), "geometric" and "geometric_exact"
// (its closed form), "arithmetic_cv" (the arithmetic price with the geometric
// one as control variate), "variance_reduction" (plain variance / control
// variate variance).
void asian_output(const Sums& s, const OptionSpec& o, Data& out);

}  // namespace parlab::montecarlo
