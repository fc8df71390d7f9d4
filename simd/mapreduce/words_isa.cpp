// The word tokenizer, one ISA at a time. A byte c is in [lo, lo + N) when
// (c - lo) mod 256 < N, an unsigned compare; SSE2 and AVX2 compare only
// signed bytes, so both sides are shifted by 128: int8(c - lo - 128) < N - 128.
#include <cstring>
#include <xsimd/xsimd.hpp>

#include "cpu/mapreduce/words_simd.hpp"

namespace parlab::mapreduce {
namespace {

template <class A>
using I8 = xsimd::batch<std::int8_t, A>;

template <class A>
xsimd::batch_bool<std::int8_t, A> in_range(I8<A> c, int lo, int n) {
  return c - I8<A>(static_cast<std::int8_t>(lo + 128)) < I8<A>(static_cast<std::int8_t>(n - 128));
}

// One bit per lane, lane 0 in bit 0.
template <class A>
std::uint64_t bits(xsimd::batch_bool<std::int8_t, A> b) {
  if constexpr (std::is_base_of_v<xsimd::avx512bw, A>)
    return static_cast<typename xsimd::batch_bool<std::int8_t, A>::register_type>(b);  // a 64-bit mask register
  else if constexpr (std::is_base_of_v<xsimd::avx2, A>)
    return static_cast<std::uint32_t>(_mm256_movemask_epi8(b));
  else
    return static_cast<std::uint32_t>(_mm_movemask_epi8(b));
}

// 64 bytes at `in` (any alignment): the mask of word bytes, and the bytes
// lowered into `out`.
template <class A>
std::uint64_t classify64(const unsigned char* in, char* out) {
  constexpr std::size_t L = I8<A>::size;
  std::uint64_t mask = 0;
  for (std::size_t j = 0; j < 64; j += L) {
    const I8<A> c = I8<A>::load_unaligned(reinterpret_cast<const std::int8_t*>(in + j));
    const auto word = in_range<A>(c, '0', 10) || in_range<A>(c | I8<A>(0x20), 'a', 26) || (c < I8<A>(0));
    const auto upper = in_range<A>(c, 'A', 26);
    xsimd::select(upper, c | I8<A>(0x20), c).store_unaligned(reinterpret_cast<std::int8_t*>(out + j));
    mask |= bits<A>(word) << j;
  }
  return mask;
}

}  // namespace

template <class Arch>
std::size_t WordTokens<Arch>::run(const unsigned char* bytes, std::size_t n, char* lowered,
                                  std::uint32_t* bounds) noexcept {
  std::size_t starts = 0, ends = 0;
  std::uint64_t before = 0;  // 1 if the byte before this stride is a word byte
  auto emit = [&](std::uint64_t mask, std::size_t base) {
    const std::uint64_t prev = (mask << 1) | before;  // bit i: byte i - 1 is a word byte
    for (std::uint64_t s = mask & ~prev; s; s &= s - 1)
      bounds[2 * starts++] = static_cast<std::uint32_t>(base + __builtin_ctzll(s));
    for (std::uint64_t e = ~mask & prev; e; e &= e - 1)
      bounds[2 * ends++ + 1] = static_cast<std::uint32_t>(base + __builtin_ctzll(e));
    before = mask >> 63;
  };
  std::size_t at = 0;
  for (; at + 64 <= n; at += 64) emit(classify64<Arch>(bytes + at, lowered + at), at);
  if (at < n) {
    // The last bytes, padded with spaces (not word bytes) to a whole stride.
    alignas(64) unsigned char in[64];
    alignas(64) char out[64];
    std::memset(in, ' ', sizeof in);
    std::memcpy(in, bytes + at, n - at);
    const std::uint64_t mask = classify64<Arch>(in, out);
    std::memcpy(lowered + at, out, n - at);
    emit(mask, at);  // the padding ends a word that reaches the last byte, at n
  } else if (before) {
    bounds[2 * ends++ + 1] = static_cast<std::uint32_t>(n);
  }
  return starts;
}

template struct WordTokens<PARLAB_SIMD_ARCH>;

}  // namespace parlab::mapreduce
