#pragma once
// The reduce family: sum, min, max and mean of a float32 array, on every
// backend. Registered as kernels in cpu/reduce/reduce_kernels.cpp.
//
// Defined behaviour, the same on every backend:
//  - empty input: sum 0, mean NaN, min +Inf, max -Inf (the identities);
//  - any NaN in the input makes every result NaN;
//  - +Inf and -Inf follow IEEE arithmetic (sum of +Inf and -Inf is NaN; min/max
//    treat them as ordinary values).
//
// Accuracy: the scalar reference accumulates in float64. The other backends add
// at most 32 floats in float32 before each partial is added into float64 (see
// cpu/reduce/reduce_simd.hpp), so their error is at most about 9 float32
// roundings, 9 * 2^-24 * sum(|x|) ~= 5.4e-7 * sum(|x|), plus the float64
// accumulation (n * 2^-53). For data of one sign that is a relative error
// below 1e-6 at any size, 10^8 included. Partial sums beyond FLT_MAX (3.4e38)
// overflow to Inf there, where the float64 reference would not.
#include <cstddef>
#include <span>
#include <string_view>
#include <vector>

namespace parlab::reduce {

enum class ReduceOp { sum, min, max, mean };
std::string_view to_string(ReduceOp op);

// The reference: the plainest correct code.
double reduce_scalar(std::span<const float> x, ReduceOp op);
// One thread, the best ISA this CPU runs (runtime/simd/dispatch.cpp).
double reduce_simd(std::span<const float> x, ReduceOp op);
// All threads (or `threads` when > 0), each running the SIMD kernel on blocks.
double reduce_openmp(std::span<const float> x, ReduceOp op, int threads);

// The sums of x's blocks, in block order: what simd and openmp add up (in
// float64, in this order) for sum and mean. Across ranks each rank computes
// its share of the blocks and all of them are added in the same order.
std::vector<double> block_sums_simd(std::span<const float> x);
std::vector<double> block_sums_openmp(std::span<const float> x, int threads);
// Their sum, in order.
double in_order(std::span<const double> sums);

// Elements per block of the blocked reduction. simd and openmp split the array
// into the same blocks and add the block sums in the same order, so their
// results are bitwise equal for any thread count.
inline constexpr std::size_t kReduceBlock = std::size_t{1} << 16;

}  // namespace parlab::reduce
