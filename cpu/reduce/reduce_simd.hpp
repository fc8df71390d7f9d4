#pragma once
// The reduction's SIMD kernels (bodies in simd/reduce/reduce_isa.cpp, one
// per ISA).
#include <cstddef>

namespace parlab::reduce {

// Sum of x[0, n) in float32 partials of at most 32 elements, each added into
// float64 (error bound in cpu/reduce/reduce.hpp).
template <class Arch>
struct ReduceSum {
  static double run(const float* x, std::size_t n) noexcept;
};
// Min / max of x[0, n): NaN if any element is NaN; +Inf / -Inf when n == 0.
template <class Arch>
struct ReduceMin {
  static float run(const float* x, std::size_t n) noexcept;
};
template <class Arch>
struct ReduceMax {
  static float run(const float* x, std::size_t n) noexcept;
};

}  // namespace parlab::reduce
