// Bodies of the gray kernels (cpu/image/gray_simd.hpp), compiled once per ISA.
#include <immintrin.h>
#include <xsimd/xsimd.hpp>

#include <type_traits>

#include "cpu/image/gray_simd.hpp"

namespace parlab::image {

template <class Arch>
void GrayPlanar<Arch>::run(const float* r, const float* g, const float* b, float* out, std::size_t n) noexcept {
  using B = xsimd::batch<float, Arch>;
  const B wr(0.299f), wg(0.587f), wb(0.114f);
  std::size_t i = 0;
  for (; i + B::size <= n; i += B::size) {
    const B v = xsimd::fma(wb, B::load_unaligned(b + i), xsimd::fma(wg, B::load_unaligned(g + i), wr * B::load_unaligned(r + i)));
    v.store_unaligned(out + i);
  }
  for (; i < n; ++i) out[i] = 0.299f * r[i] + 0.587f * g[i] + 0.114f * b[i];
}

// 8-bit RGB -> luma, exactly the reference's 15-bit fixed point
// (cpu/image/gray_scalar.cpp): (9798 R + 19235 G + 3735 B + 16384) >> 15.
//
// Packed RGB has no lane layout xsimd offers, and a compiler vectorising the
// stride-3 loop spends most of its time shuffling. So AVX2 and AVX-512BW take
// the multiply-add route by hand, in four steps per 128-bit lane of 4 pixels:
//   1. move 12 bytes (4 pixels) into each 128-bit lane (one dword permute);
//   2. one byte shuffle spreads them into 16-bit pairs (R, G) and a second
//      into (B, 0); OR-ing 1 into the 0 gives (B, 1);
//   3. `pmaddwd` with the pairs (9798, 19235) and (3735, 16384) gives both
//      halves of the sum, rounding term included, as 32-bit integers;
//   4. add, shift by 15, and pack four vectors' results into bytes (one more
//      dword permute puts them back in pixel order).
// About 11 instructions per 8 pixels on AVX2, 16 on AVX-512, where the
// compiler's stride-3 loop takes several times that.
namespace {

// Steps 2 and 3 for one lane of 4 pixels (byte k of pixel j at 3j + k).
// -1 zeroes a byte.
#define PARLAB_RG_PAIRS 0, -1, 1, -1, 3, -1, 4, -1, 6, -1, 7, -1, 9, -1, 10, -1
#define PARLAB_B_PAIRS 2, -1, -1, -1, 5, -1, -1, -1, 8, -1, -1, -1, 11, -1, -1, -1
constexpr int kWeightsRG = 9798 | (19235 << 16);
constexpr int kWeightsB1 = 3735 | (16384 << 16);

// The pixels an explicit kernel leaves to the plain loop (returns the next one).
template <class A>
std::size_t gray_u8_avx2(const std::uint8_t* rgb, std::uint8_t* out, std::size_t n) noexcept {
  const __m256i spread = _mm256_setr_epi32(0, 1, 2, 0, 3, 4, 5, 0);  // 12 bytes per lane
  const __m256i rg = _mm256_setr_epi8(PARLAB_RG_PAIRS, PARLAB_RG_PAIRS);
  const __m256i b1 = _mm256_setr_epi8(PARLAB_B_PAIRS, PARLAB_B_PAIRS);
  const __m256i one = _mm256_set1_epi32(1 << 16);
  const __m256i wrg = _mm256_set1_epi32(kWeightsRG), wb1 = _mm256_set1_epi32(kWeightsB1);
  const __m256i order = _mm256_setr_epi32(0, 4, 1, 5, 2, 6, 3, 7);
  // 8 pixels from p: 32-bit lumas, lane 0 pixels 0-3, lane 1 pixels 4-7.
  const auto luma8 = [&](const std::uint8_t* p) {
    const __m256i v = _mm256_permutevar8x32_epi32(_mm256_loadu_si256(reinterpret_cast<const __m256i*>(p)), spread);
    const __m256i s = _mm256_add_epi32(_mm256_madd_epi16(_mm256_shuffle_epi8(v, rg), wrg),
                                       _mm256_madd_epi16(_mm256_or_si256(_mm256_shuffle_epi8(v, b1), one), wb1));
    return _mm256_srli_epi32(s, 15);
  };
  // 32 pixels per step; the last load reads 8 bytes past its 24.
  std::size_t i = 0;
  for (; 3 * i + 3 * 24 + 32 <= 3 * n; i += 32) {
    const std::uint8_t* p = rgb + 3 * i;
    const __m256i ab = _mm256_packs_epi32(luma8(p), luma8(p + 24));
    const __m256i cd = _mm256_packs_epi32(luma8(p + 48), luma8(p + 72));
    const __m256i bytes = _mm256_permutevar8x32_epi32(_mm256_packus_epi16(ab, cd), order);
    _mm256_storeu_si256(reinterpret_cast<__m256i*>(out + i), bytes);
  }
  return i;
}

template <class A>
std::size_t gray_u8_avx512(const std::uint8_t* rgb, std::uint8_t* out, std::size_t n) noexcept {
  const __m512i spread = _mm512_setr_epi32(0, 1, 2, 0, 3, 4, 5, 0, 6, 7, 8, 0, 9, 10, 11, 0);
  const __m512i rg = _mm512_broadcast_i32x4(_mm_setr_epi8(PARLAB_RG_PAIRS));
  const __m512i b1 = _mm512_broadcast_i32x4(_mm_setr_epi8(PARLAB_B_PAIRS));
  const __m512i one = _mm512_set1_epi32(1 << 16);
  const __m512i wrg = _mm512_set1_epi32(kWeightsRG), wb1 = _mm512_set1_epi32(kWeightsB1);
  const __m512i order = _mm512_setr_epi32(0, 4, 8, 12, 1, 5, 9, 13, 2, 6, 10, 14, 3, 7, 11, 15);
  // 16 pixels from p: 32-bit lumas, lane k holding pixels 4k to 4k+3.
  const auto luma16 = [&](const std::uint8_t* p) {
    const __m512i v = _mm512_permutexvar_epi32(spread, _mm512_loadu_si512(p));
    const __m512i s = _mm512_add_epi32(_mm512_madd_epi16(_mm512_shuffle_epi8(v, rg), wrg),
                                       _mm512_madd_epi16(_mm512_or_si512(_mm512_shuffle_epi8(v, b1), one), wb1));
    return _mm512_srli_epi32(s, 15);
  };
  // 64 pixels per step; the last load reads 16 bytes past its 48.
  std::size_t i = 0;
  for (; 3 * i + 3 * 48 + 64 <= 3 * n; i += 64) {
    const std::uint8_t* p = rgb + 3 * i;
    const __m512i ab = _mm512_packs_epi32(luma16(p), luma16(p + 48));
    const __m512i cd = _mm512_packs_epi32(luma16(p + 96), luma16(p + 144));
    _mm512_storeu_si512(out + i, _mm512_permutexvar_epi32(order, _mm512_packus_epi16(ab, cd)));
  }
  return i;
}
#undef PARLAB_RG_PAIRS
#undef PARLAB_B_PAIRS

}  // namespace

template <class Arch>
void GrayU8<Arch>::run(const std::uint8_t* rgb, std::uint8_t* out, std::size_t n) noexcept {
  std::size_t i = 0;
  if constexpr (std::is_base_of_v<xsimd::avx512bw, Arch>)
    i = gray_u8_avx512<Arch>(rgb, out, n);
  else if constexpr (std::is_base_of_v<xsimd::avx2, Arch>)
    i = gray_u8_avx2<Arch>(rgb, out, n);
  // The rest (and every pixel on other ISAs): the plain loop, which the
  // compiler vectorises with this ISA's flags.
  for (; i < n; ++i) {
    const std::uint32_t v = 9798u * rgb[3 * i] + 19235u * rgb[3 * i + 1] + 3735u * rgb[3 * i + 2];
    out[i] = static_cast<std::uint8_t>((v + 16384u) >> 15);
  }
}

template struct GrayPlanar<PARLAB_SIMD_ARCH>;
template struct GrayU8<PARLAB_SIMD_ARCH>;

}  // namespace parlab::image
