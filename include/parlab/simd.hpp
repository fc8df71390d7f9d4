#pragma once
// The SIMD instruction sets compiled into this build and the one chosen.
#include <span>
#include <string_view>

#include "parlab/reduce.hpp"

namespace parlab::simd {

struct Kernels;  // simd/isa.hpp: one ISA's kernels

// Every compiled ISA, best first (runnable() says whether this CPU runs it).
std::span<const Kernels> compiled();
// Whether this CPU and its OS run k's ISA (simd/cpu_features.hpp).
bool runnable(const Kernels& k);
// The best ISA this CPU runs: the first runnable one of compiled(), chosen once.
const Kernels& best();
std::string_view best_isa();
// The kernels of a named ISA; throws UsageError when unknown or not runnable here.
const Kernels& by_name(std::string_view isa);

// The blocked reduction every CPU backend but scalar shares, with a given ISA.
double reduce(const Kernels& k, std::span<const float> x, ReduceOp op, int threads);

}  // namespace parlab::simd
