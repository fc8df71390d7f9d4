#pragma once
// Philox4x32-10 on xsimd batches, for SIMD kernel bodies (*_isa.cpp): the
// same numbers as Random123's scalar Philox4x32 (cpu/montecarlo/philox.hpp), one
// counter per lane, tested against it and against Random123's published
// known answers.
//
// Each 32-bit word lives in the low half of a 64-bit lane. The round's
// 32 x 32 -> 64-bit multiply is then one instruction (pmuludq, 2, 4 or 8
// lanes), the high word one shift, and the lanes line up with the float64
// lanes the kernels compute in: no shuffles. Multiplies read only the low
// halves, so the high halves may hold garbage until the final mask.
#include <immintrin.h>

#include <array>
#include <cstdint>
#include <type_traits>
#include <xsimd/xsimd.hpp>

#include "simd/montecarlo/vector_math.hpp"

namespace parlab::montecarlo {

template <class A>
using U64 = xsimd::batch<std::uint64_t, A>;
template <class A>
using F64 = xsimd::batch<double, A>;

// Low 32 bits of a times low 32 bits of b, as 64-bit products. xsimd 8 has no
// widening multiply; every x86 ISA has this one.
template <class A>
inline U64<A> mul_32x32(U64<A> a, U64<A> b) noexcept {
  if constexpr (std::is_base_of_v<xsimd::avx512f, A>)
    return _mm512_mul_epu32(a, b);
  else if constexpr (std::is_base_of_v<xsimd::avx2, A>)
    return _mm256_mul_epu32(a, b);
  else
    return _mm_mul_epu32(a, b);
}

// 0, 1, 2, ... in the lanes.
template <class T, class A>
inline xsimd::batch<T, A> iota() noexcept {
  alignas(64) T v[xsimd::batch<T, A>::size];
  for (std::size_t i = 0; i < xsimd::batch<T, A>::size; ++i) v[i] = static_cast<T>(i);
  return xsimd::batch<T, A>::load_aligned(v);
}

// Philox4x32-10 of the counters {draw, index, index >> 32, stream} (index:
// one per lane) under the key `seed`: the four output words, one batch each.
// N independent batches at once: one batch's ten rounds are a chain of
// dependent multiplies (about 6 cycles a round), so the rounds of N batches
// are interleaved to keep the multipliers busy.
template <class A, std::size_t N = 1>
inline std::array<std::array<U64<A>, 4>, N> philox(std::uint64_t seed, const std::array<U64<A>, N>& index,
                                                   std::uint32_t draw, std::uint32_t stream) noexcept {
  const U64<A> m0(0xD2511F53u), m1(0xCD9E8D57u);
  std::array<std::array<U64<A>, 4>, N> c;
  for (std::size_t j = 0; j < N; ++j) c[j] = {U64<A>(draw), index[j], index[j] >> 32, U64<A>(stream)};
  std::uint32_t k0 = static_cast<std::uint32_t>(seed), k1 = static_cast<std::uint32_t>(seed >> 32);
  for (int round = 0; round < 10; ++round) {
    const U64<A> key0(k0), key1(k1);
    for (std::size_t j = 0; j < N; ++j) {
      const U64<A> p0 = mul_32x32(m0, c[j][0]), p1 = mul_32x32(m1, c[j][2]);
      // Its low half is the low word of the product: p1 and p0 go on as they are.
      c[j] = {(p1 >> 32) ^ c[j][1] ^ key0, p1, (p0 >> 32) ^ c[j][3] ^ key1, p0};
    }
    k0 += 0x9E3779B9u;  // the Weyl key schedule
    k1 += 0xBB67AE85u;
  }
  const U64<A> low(0xFFFFFFFFu);
  for (auto& w : c)
    for (auto& x : w) x &= low;
  return c;
}
template <class A>
inline std::array<U64<A>, 4> philox(std::uint64_t seed, U64<A> index, std::uint32_t draw,
                                    std::uint32_t stream) noexcept {
  return philox<A, 1>(seed, std::array<U64<A>, 1>{index}, draw, stream)[0];
}

// An integer below 2^52 as a double, exactly: the bits of 2^52 + x, minus 2^52.
template <class A>
inline F64<A> to_double(U64<A> x) noexcept {
  return xsimd::bitwise_cast<F64<A>>(x | U64<A>(0x4330000000000000u)) - F64<A>(0x1p52);
}

// random::uniform_open, lane by lane: (k + 1/2) / 2^52 from the top 52 bits k
// of (hi:lo), built as the bits of 1 + k / 2^52, less 1, plus 2^-53 (each
// step exact, so the same bits as the scalar form).
template <class A>
inline F64<A> uniform_open(U64<A> hi, U64<A> lo) noexcept {
  const U64<A> k = (hi << 20) | (lo >> 12);
  return (xsimd::bitwise_cast<F64<A>>(k | U64<A>(0x3FF0000000000000u)) - F64<A>(1.0)) + F64<A>(0x1p-53);
}

// random::box_muller, lane by lane (vector_math.hpp: log, sin and cos within 1 ULP).
template <class A>
inline std::pair<F64<A>, F64<A>> box_muller(F64<A> u1, F64<A> u2) noexcept {
  const F64<A> r = xsimd::sqrt(F64<A>(-2.0) * vmath::log<A>(u1));
  const auto [s, c] = vmath::sincos<A>(F64<A>(6.283185307179586476925286766559) * u2);
  return {r * c, r * s};
}
// Its first normal only (r cos t), for kernels that use one per draw: no sine.
template <class A>
inline F64<A> box_muller_first(F64<A> u1, F64<A> u2) noexcept {
  return xsimd::sqrt(F64<A>(-2.0) * vmath::log<A>(u1)) * vmath::cos<A>(F64<A>(6.283185307179586476925286766559) * u2);
}

}  // namespace parlab::montecarlo
