// Bodies of the roofline probes (runtime/simd/probes_isa.hpp), compiled once per ISA.
#include <xsimd/xsimd.hpp>

#include "runtime/simd/probes_isa.hpp"
#include "runtime/simd/stream_width.hpp"

namespace parlab::simd {

// Reads eight streams at once: each block of 1 MiB is cut into eight parts
// read side by side, one vector from each per step. One core keeps more
// cache misses in flight with several streams than with one, and streams
// close together read faster than streams far apart (docs/results.md): the
// probe is meant to find the most one core can read. Eight independent adds
// per step are far more than memory can feed.
template <class Arch>
float ReadProbe<Arch>::run(const float* x, std::size_t n) noexcept {
  using B = xsimd::batch<float, StreamArch<Arch>>;  // runtime/simd/stream_width.hpp
  constexpr std::size_t L = B::size;
  constexpr std::size_t kBlock = std::size_t{1} << 18, kPart = kBlock / 8;  // floats
  B a[8] = {B(0.f), B(0.f), B(0.f), B(0.f), B(0.f), B(0.f), B(0.f), B(0.f)};
  std::size_t b = 0;
  for (; b + kBlock <= n; b += kBlock)
    for (std::size_t i = 0; i < kPart; i += L)
      for (std::size_t k = 0; k < 8; ++k) a[k] += B::load_unaligned(x + b + k * kPart + i);
  B sum = ((a[0] + a[1]) + (a[2] + a[3])) + ((a[4] + a[5]) + (a[6] + a[7]));
  float r = xsimd::hadd(sum);
  for (; b < n; ++b) r += x[b];  // the last partial block
  return r;
}

template <class Arch>
void CopyProbe<Arch>::run(const float* a, float* b, std::size_t n) noexcept {
  using B = xsimd::batch<float, StreamArch<Arch>>;  // runtime/simd/stream_width.hpp
  constexpr std::size_t L = B::size;
  std::size_t i = 0;
  for (; i + 4 * L <= n; i += 4 * L)
    for (std::size_t k = 0; k < 4; ++k) B::load_unaligned(a + i + k * L).store_unaligned(b + i + k * L);
  for (; i < n; ++i) b[i] = a[i];
}

template <class Arch>
void TriadProbe<Arch>::run(float* a, const float* b, const float* c, float s, std::size_t n) noexcept {
  using B = xsimd::batch<float, StreamArch<Arch>>;  // runtime/simd/stream_width.hpp
  constexpr std::size_t L = B::size;
  const B bs(s);
  std::size_t i = 0;
  for (; i + L <= n; i += L) xsimd::fma(bs, B::load_unaligned(c + i), B::load_unaligned(b + i)).store_unaligned(a + i);
  for (; i < n; ++i) a[i] = b[i] + s * c[i];
}

namespace {
// One body for both float widths.
template <class T, class Arch>
double fma_chains(const T* start, T one, T step, std::uint64_t iterations) noexcept {
  using B = xsimd::batch<T, Arch>;
  B acc[kChains];
  for (int j = 0; j < kChains; ++j) acc[j] = B(start[j]);
  const B x(one), y(step);
  for (std::uint64_t i = 0; i < iterations; ++i)
    for (int j = 0; j < kChains; ++j) acc[j] = xsimd::fma(acc[j], x, y);
  double total = 0;
  for (int j = 0; j < kChains; ++j) {
    alignas(64) T lanes[B::size];
    acc[j].store_aligned(lanes);
    for (std::size_t l = 0; l < B::size; ++l) total += lanes[l];
  }
  return total;
}
}  // namespace

template <class Arch>
double FmaProbe32<Arch>::run(const float* start, float one, float step, std::uint64_t iterations) noexcept {
  return fma_chains<float, Arch>(start, one, step, iterations);
}
template <class Arch>
double FmaProbe64<Arch>::run(const double* start, double one, double step, std::uint64_t iterations) noexcept {
  return fma_chains<double, Arch>(start, one, step, iterations);
}

template <class Arch>
std::uint64_t MulProbe32<Arch>::run(const std::uint32_t* start, std::uint32_t m, std::uint64_t iterations) noexcept {
  using B = xsimd::batch<std::uint32_t, Arch>;
  B acc[kChains];
  for (int j = 0; j < kChains; ++j) acc[j] = B(start[j]);
  const B mul(m);
  for (std::uint64_t i = 0; i < iterations; ++i)
    for (int j = 0; j < kChains; ++j) acc[j] = acc[j] * mul;
  std::uint64_t total = 0;
  for (int j = 0; j < kChains; ++j) {
    alignas(64) std::uint32_t lanes[B::size];
    acc[j].store_aligned(lanes);
    for (std::size_t l = 0; l < B::size; ++l) total += lanes[l];
  }
  return total;
}

template <class Arch>
std::size_t Lanes<Arch>::run() noexcept {
  return xsimd::batch<float, Arch>::size;
}

template struct ReadProbe<PARLAB_SIMD_ARCH>;
template struct CopyProbe<PARLAB_SIMD_ARCH>;
template struct TriadProbe<PARLAB_SIMD_ARCH>;
template struct FmaProbe32<PARLAB_SIMD_ARCH>;
template struct FmaProbe64<PARLAB_SIMD_ARCH>;
template struct MulProbe32<PARLAB_SIMD_ARCH>;
template struct Lanes<PARLAB_SIMD_ARCH>;

}  // namespace parlab::simd
