// The stats kernel's blocks, one ISA at a time. xsimd 8 cannot widen float
// lanes to double lanes, so each ISA's own conversion is called.
#include <xsimd/xsimd.hpp>

#include "cpu/mapreduce/stats_simd.hpp"

namespace parlab::mapreduce {
namespace {

template <class A>
using F64 = xsimd::batch<double, A>;

template <class A, class Pick>
double reduce(F64<A> v, Pick pick) {
  alignas(64) double lane[F64<A>::size];
  v.store_aligned(lane);
  double r = lane[0];
  for (double x : lane) r = pick(r, x);
  return r;
}

// F64<A>::size floats from x (any alignment), as doubles. (T is float: a
// template parameter, so the other ISAs' intrinsics are looked up only when used.)
template <class A, class T>
F64<A> load_as_double(const T* x) {
  if constexpr (std::is_base_of_v<xsimd::avx512f, A>)
    return _mm512_cvtps_pd(_mm256_loadu_ps(x));
  else if constexpr (std::is_base_of_v<xsimd::avx, A>)
    return _mm256_cvtps_pd(_mm_loadu_ps(x));
  else
    return _mm_cvtps_pd(_mm_castsi128_ps(_mm_loadl_epi64(reinterpret_cast<const __m128i*>(x))));
}

}  // namespace

template <class Arch>
Moments BlockMoments<Arch>::run(const float* x, std::size_t n) noexcept {
  constexpr std::size_t L = F64<Arch>::size;
  const std::size_t full = n - n % L;
  const F64<Arch> zero(0.0), inf(std::numeric_limits<double>::infinity());
  // Pass 1: count, sum, minimum and maximum of the values that are not NaN.
  F64<Arch> sum = zero, lo = inf, hi = -inf, nans = zero;
  for (std::size_t i = 0; i < full; i += L) {
    const F64<Arch> v = load_as_double<Arch>(x + i);
    const auto bad = xsimd::isnan(v);
    nans += xsimd::select(bad, F64<Arch>(1.0), zero);
    sum += xsimd::select(bad, zero, v);
    lo = xsimd::min(lo, xsimd::select(bad, inf, v));
    hi = xsimd::max(hi, xsimd::select(bad, -inf, v));
  }
  FirstPass a;  // the lanes' results, then the values past the last whole batch
  a.sum = xsimd::hadd(sum);
  a.min = reduce<Arch>(lo, [](double x, double y) { return std::min(x, y); });
  a.max = reduce<Arch>(hi, [](double x, double y) { return std::max(x, y); });
  a.nan = static_cast<std::uint64_t>(xsimd::hadd(nans));
  a.add(x, full, n);
  const std::uint64_t nan = a.nan;
  const std::uint64_t count = n - nan;
  if (count == 0) return block_moments(0, nan, 0, 0, 0, a.min, a.max);
  const double m = a.sum / static_cast<double>(count);
  // Pass 2: deviations from that mean.
  F64<Arch> d1 = zero, d2 = zero;
  const F64<Arch> mean(m);
  for (std::size_t i = 0; i < full; i += L) {
    const F64<Arch> v = load_as_double<Arch>(x + i);
    const F64<Arch> d = xsimd::select(xsimd::isnan(v), zero, v - mean);
    d1 += d;
    d2 = xsimd::fma(d, d, d2);
  }
  SecondPass b{xsimd::hadd(d1), xsimd::hadd(d2)};
  b.add(x, full, n, m);
  return block_moments(count, nan, m, b.sum_d, b.sum_d2, a.min, a.max);
}

template struct BlockMoments<PARLAB_SIMD_ARCH>;

}  // namespace parlab::mapreduce
