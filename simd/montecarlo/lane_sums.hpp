#pragma once
// Sums (cpu/montecarlo/montecarlo.hpp) kept lane by lane, for the SIMD option kernels
// (*_isa.cpp only: it needs the ISA's flags).
#include "cpu/montecarlo/montecarlo.hpp"
#include "simd/montecarlo/philox_lanes.hpp"

namespace parlab::montecarlo {

template <class A>
struct LaneSums : BasicSums<F64<A>> {
  // Adds the lanes where `live` (a last batch may run past the block's end).
  void add(F64<A> y1, F64<A> x1, xsimd::batch_bool<double, A> live) {
    const F64<A> zero(0.0);
    BasicSums<F64<A>>::add(xsimd::select(live, y1, zero), xsimd::select(live, x1, zero));
  }
  // The lanes added up; n counts the live lanes only.
  Sums total(std::uint64_t n) const {
    return {static_cast<double>(n), xsimd::hadd(this->y),  xsimd::hadd(this->yy), xsimd::hadd(this->x),
            xsimd::hadd(this->xx),  xsimd::hadd(this->d),  xsimd::hadd(this->dd), xsimd::hadd(this->dx)};
  }
};

}  // namespace parlab::montecarlo
