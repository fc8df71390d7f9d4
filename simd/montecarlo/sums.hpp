#pragma once
// Sums (parlab/montecarlo.hpp) kept lane by lane, for the SIMD option kernels
// (*_isa.cpp only: it needs the ISA's flags).
#include "parlab/montecarlo.hpp"
#include "simd/random/philox.hpp"

namespace parlab::simd {

template <class A>
struct LaneSums {
  F64<A> y = F64<A>(0.0), yy = y, x = y, xx = y, d = y, dd = y, dx = y;  // (braces would take an initializer list)
  // Adds the lanes where `live` (a last batch may run past the block's end).
  void add(F64<A> y1, F64<A> x1, xsimd::batch_bool<double, A> live) {
    const F64<A> zero(0.0);
    y1 = xsimd::select(live, y1, zero);
    x1 = xsimd::select(live, x1, zero);
    const F64<A> d1 = y1 - x1;
    y += y1;
    yy += y1 * y1;
    x += x1;
    xx += x1 * x1;
    d += d1;
    dd += d1 * d1;
    dx += d1 * x1;
  }
  Sums total(std::uint64_t n) const {
    return {static_cast<double>(n), xsimd::hadd(y),  xsimd::hadd(yy), xsimd::hadd(x),
            xsimd::hadd(xx),        xsimd::hadd(d),  xsimd::hadd(dd), xsimd::hadd(dx)};
  }
};

}  // namespace parlab::simd
