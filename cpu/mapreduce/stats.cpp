// Count, mean, variance, minimum and maximum of float32 values, in blocks
// merged in order (moments.hpp says how and why). scalar: one value at a
// time; simd: float64 lanes; openmp: the simd blocks on every thread.
#include <cmath>
#include <cstring>

#include "cpu/mapreduce/mapreduce.hpp"
#include "cpu/mapreduce/moments.hpp"
#include "cpu/mapreduce/split_map_reduce.hpp"
#include "cpu/mapreduce/stats_simd.hpp"
#include "runtime/openmp.hpp"
#include "runtime/simd/dispatch.hpp"

namespace parlab::mapreduce {
namespace {

Moments block_scalar(const float* x, std::size_t n) {
  FirstPass a;
  a.add(x, 0, n);
  const std::uint64_t count = n - a.nan;
  const double m = count ? a.sum / static_cast<double>(count) : 0;
  SecondPass b;
  b.add(x, 0, n, m);
  return block_moments(count, a.nan, m, b.sum_d, b.sum_d2, a.min, a.max);
}

// The block's values as floats: in place when aligned (chunk buffers are),
// else copied (a chunk border at an odd offset).
template <class Block>
Moments on_floats(mapreduce::Bytes bytes, Block block) {
  const std::size_t n = bytes.size() / sizeof(float);
  if (reinterpret_cast<std::uintptr_t>(bytes.data()) % alignof(float) == 0)
    return block(reinterpret_cast<const float*>(bytes.data()), n);
  thread_local std::vector<float> copy;
  copy.resize(n);
  std::memcpy(copy.data(), bytes.data(), n * sizeof(float));
  return block(copy.data(), n);
}

template <class Block>
void run(const Data& in, Data& out, int threads, Block block) {
  const Moments m = mapreduce::map_blocks<Moments>(*in.get<Stream>("values"), threads, kStatsBlock * sizeof(float),
                                                   sizeof(float),
                                                   [&](mapreduce::Bytes b) { return on_floats(b, block); });
  stats_output(m, out);
}

Moments block_simd(const float* x, std::size_t n) { return simd::kernel<BlockMoments>()(x, n); }

}  // namespace

void stats_output(const Moments& m, Data& out) {
  out.set("count", m.n + m.nan);
  out.set("nan", m.nan);
  // With no values (or one) the mean (the variance) is undefined: NaN.
  out.set("mean", m.n ? m.mean : NAN);
  out.set("variance", m.n > 1 ? m.m2 / static_cast<double>(m.n - 1) : NAN);
  out.set("min", m.n ? m.min : NAN);
  out.set("max", m.n ? m.max : NAN);
}

void stats_scalar(const Data& in, Data& out, const Params&, Spans&) { run(in, out, 1, block_scalar); }
void stats_simd(const Data& in, Data& out, const Params&, Spans&) { run(in, out, 1, block_simd); }
void stats_openmp(const Data& in, Data& out, const Params& p, Spans&) {
  run(in, out, openmp::threads(p.threads), block_simd);
}

}  // namespace parlab::mapreduce
