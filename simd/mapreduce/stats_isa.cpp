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

// Pass 1 of a batch: count the NaNs, add the others up, keep their extremes.
// `Clean`: the block is taken to hold no NaN, and no NaN test is made (the
// adds and extremes are then those of the careful form, bit for bit).
template <class A>
struct Extent {
  F64<A> sum, lo, hi, nans;
  template <bool Clean>
  void add(F64<A> v) {
    if constexpr (Clean) {
      sum += v;
      lo = xsimd::min(lo, v);
      hi = xsimd::max(hi, v);
    } else {
      const F64<A> zero(0.0), inf(std::numeric_limits<double>::infinity());
      const auto bad = xsimd::isnan(v);
      nans += xsimd::select(bad, F64<A>(1.0), zero);
      sum += xsimd::select(bad, zero, v);
      lo = xsimd::min(lo, xsimd::select(bad, inf, v));
      hi = xsimd::max(hi, xsimd::select(bad, -inf, v));
    }
  }
  void merge(const Extent& o) {
    sum += o.sum;
    nans += o.nans;
    lo = xsimd::min(lo, o.lo);
    hi = xsimd::max(hi, o.hi);
  }
};
// Pass 2 of a batch: the deviations from the mean and their squares.
template <class A>
struct Deviations {
  F64<A> d1, d2;
  template <bool Clean>
  void add(F64<A> v, F64<A> mean) {
    const F64<A> d = Clean ? v - mean : xsimd::select(xsimd::isnan(v), F64<A>(0.0), v - mean);
    d1 += d;
    d2 = xsimd::fma(d, d, d2);
  }
  void merge(const Deviations& o) {
    d1 += o.d1;
    d2 += o.d2;
  }
};

// Each pass keeps K sets of lane accumulators, fed in turn: one set would
// make every batch wait for the previous add (4 cycles) and leave the core's
// vector units idle. The sets are merged in a fixed order, so a block's bits
// depend on its values only, never on the thread that runs it.
constexpr std::size_t K = 4;

template <class A, bool Clean>
Extent<A> first_pass(const float* x, std::size_t full) {
  constexpr std::size_t L = F64<A>::size;
  const F64<A> zero(0.0), inf(std::numeric_limits<double>::infinity());
  Extent<A> e[K];
  for (auto& one : e) one = {zero, inf, -inf, zero};
  std::size_t i = 0;
  for (; i + K * L <= full; i += K * L)
    for (std::size_t k = 0; k < K; ++k) e[k].template add<Clean>(load_as_double<A>(x + i + k * L));
  for (; i < full; i += L) e[0].template add<Clean>(load_as_double<A>(x + i));
  for (std::size_t k = 1; k < K; ++k) e[0].merge(e[k]);
  return e[0];
}

template <class A, bool Clean>
Deviations<A> second_pass(const float* x, std::size_t full, double m) {
  constexpr std::size_t L = F64<A>::size;
  const F64<A> zero(0.0), mean(m);
  Deviations<A> d[K];
  for (auto& one : d) one = {zero, zero};
  std::size_t i = 0;
  for (; i + K * L <= full; i += K * L)
    for (std::size_t k = 0; k < K; ++k) d[k].template add<Clean>(load_as_double<A>(x + i + k * L), mean);
  for (; i < full; i += L) d[0].template add<Clean>(load_as_double<A>(x + i), mean);
  for (std::size_t k = 1; k < K; ++k) d[0].merge(d[k]);
  return d[0];
}

}  // namespace

// Most blocks hold no NaN, so pass 1 first runs without NaN tests; a NaN
// (or +inf and -inf together) leaves a NaN in the sum, and only then is the
// block read again with the tests. Either way the results are the careful
// form's, bit for bit.
template <class Arch>
Moments BlockMoments<Arch>::run(const float* x, std::size_t n) noexcept {
  const std::size_t full = n - n % F64<Arch>::size;
  Extent<Arch> e = first_pass<Arch, true>(x, full);
  const bool clean = !xsimd::any(xsimd::isnan(e.sum));
  if (!clean) e = first_pass<Arch, false>(x, full);
  FirstPass a;  // the lanes' results, then the values past the last whole batch
  a.sum = xsimd::hadd(e.sum);
  a.min = reduce<Arch>(e.lo, [](double x, double y) { return std::min(x, y); });
  a.max = reduce<Arch>(e.hi, [](double x, double y) { return std::max(x, y); });
  a.nan = static_cast<std::uint64_t>(xsimd::hadd(e.nans));
  a.add(x, full, n);
  const std::uint64_t nan = a.nan;
  const std::uint64_t count = n - nan;
  if (count == 0) return block_moments(0, nan, 0, 0, 0, a.min, a.max);
  const double m = a.sum / static_cast<double>(count);
  // Pass 2: deviations from that mean (the block is in L1 by now).
  const Deviations<Arch> d = clean ? second_pass<Arch, true>(x, full, m) : second_pass<Arch, false>(x, full, m);
  SecondPass b{xsimd::hadd(d.d1), xsimd::hadd(d.d2)};
  b.add(x, full, n, m);
  return block_moments(count, nan, m, b.sum_d, b.sum_d2, a.min, a.max);
}

template struct BlockMoments<PARLAB_SIMD_ARCH>;

}  // namespace parlab::mapreduce
