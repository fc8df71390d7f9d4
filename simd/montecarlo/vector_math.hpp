#pragma once
// exp, log, cos and sincos on xsimd float64 batches for the option kernels'
// SIMD bodies (*_isa.cpp): per ISA, xsimd 8.1's own function or SLEEF's
// 1.0-ULP ("u10") one, whichever made the kernels faster.
//
// Each function alone, on one Zen 4 core (2,000,000 values over the kernels'
// input ranges; errors against long double; ns per value in a loop of
// independent calls):
//
//          max error (ULP)        sse2 (ns)       avx2 (ns)       avx512 (ns)
//          xsimd  SLEEF  glibc    xsimd  SLEEF    xsimd  SLEEF    xsimd  SLEEF
//   exp    0.85   0.86   0.51     5.34   3.34     2.59   1.18     0.53   0.60
//   log    0.75   0.76   0.52     4.79   9.32     2.29   2.83     0.69   0.77
//   cos    1.41   0.73   0.52    10.74   7.00     1.44   2.08     0.70   1.02
//
// In the kernels the picture differs: Debian's SLEEF 3.5.1 has no inline
// headers, so each call goes through the shared library and spills the
// kernel's live vector registers (all are caller-saved). With SLEEF's exp
// (and cos) the European kernel fell from 73 to 64-71 M paths/s on AVX2 and
// from 178 to 155 on AVX-512; on SSE2 it rose from 20.4 to 22.5 and the
// Asian one from 158 to 176 k paths/s (docs/montecarlo.md). So SLEEF's exp,
// cos and sincos serve SSE2, xsimd's the wider ISAs, and log is xsimd's
// everywhere. Every choice is within 1 ULP but xsimd's cos (1.41 ULP), so a
// lane differs from glibc's scalar result (the reference's <cmath>) by under
// 2.5 ULP per call: about 1e-16 relative in a price, where the tests allow
// 1e-12.
//
// SLEEF declares each width's functions only when the translation unit is
// compiled for that ISA; SSE2's are always there.
#include <sleef.h>

#include <type_traits>
#include <utility>
#include <xsimd/xsimd.hpp>

namespace parlab::montecarlo::vmath {

inline __m128d sleef_exp(__m128d x) { return Sleef_expd2_u10sse2(x); }
inline __m128d sleef_cos(__m128d x) { return Sleef_cosd2_u10sse2(x); }
inline Sleef___m128d_2 sleef_sincos(__m128d x) { return Sleef_sincosd2_u10sse2(x); }

template <class A>
using F64 = xsimd::batch<double, A>;

template <class A>
inline constexpr bool kSleef = std::is_same_v<A, xsimd::sse2>;

template <class A>
inline F64<A> exp(F64<A> x) noexcept {
  if constexpr (kSleef<A>)
    return sleef_exp(x.data);
  else
    return xsimd::exp(x);
}
template <class A>
inline F64<A> log(F64<A> x) noexcept {
  return xsimd::log(x);
}
template <class A>
inline F64<A> cos(F64<A> x) noexcept {
  if constexpr (kSleef<A>)
    return sleef_cos(x.data);
  else
    return xsimd::cos(x);
}
// (sin x, cos x).
template <class A>
inline std::pair<F64<A>, F64<A>> sincos(F64<A> x) noexcept {
  if constexpr (kSleef<A>) {
    const auto r = sleef_sincos(x.data);
    return {F64<A>(r.x), F64<A>(r.y)};
  } else {
    return xsimd::sincos(x);
  }
}

}  // namespace parlab::montecarlo::vmath
