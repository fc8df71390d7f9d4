// Body of BoxRows (cpu/image/box_simd.hpp), compiled once per ISA: box blur
// by running sums, rows [y0, y1) of the output.
//
// Vertical: a float64 sum per column of the window, updated row by row (one
// sample in, one out). Horizontal: a running sum along the padded row of
// column sums, sum[x + 1] = sum[x] + col[x + r + 1] - col[x - r], made N
// lanes at a time: the prefix sum of N differences inside a register, plus
// the total so far. That total is the only chain from one block to the next
// (one add), so the row is not one long chain of dependent scalar adds.
// Only the start of each band and each row costs O(r); every other pixel
// costs the same for any radius.
//
// The vertical update and the float conversion are plain C++ loops that the
// compiler vectorises with this ISA's flags; the prefix sum uses xsimd's
// lane permutes.
#include <xsimd/xsimd.hpp>

#include <cstddef>
#include <cstdint>

#include "cpu/image/box_simd.hpp"
#include "simd/image/clamp_row.hpp"

namespace parlab::image {
namespace {

template <std::size_t K>
struct FromLaneBelow {  // lane i takes lane i - K (lanes below K: masked to 0)
  static constexpr std::uint64_t get(std::size_t i, std::size_t) { return i >= K ? i - K : 0; }
};
template <std::size_t K>
struct LaneBelow {
  static constexpr bool get(std::size_t i, std::size_t) { return i < K; }
};
struct LastLane {
  static constexpr std::uint64_t get(std::size_t, std::size_t n) { return n - 1; }
};

// Inclusive prefix sum across the lanes: log2(N) steps of "add the batch
// moved up K lanes".
template <class Arch, std::size_t K = 1>
xsimd::batch<double, Arch> prefix_sum(xsimd::batch<double, Arch> v) noexcept {
  using B = xsimd::batch<double, Arch>;
  if constexpr (K < B::size) {
    const B up = xsimd::swizzle(v, xsimd::make_batch_constant<xsimd::batch<std::uint64_t, Arch>, FromLaneBelow<K>>());
    return prefix_sum<Arch, 2 * K>(v + xsimd::select(xsimd::make_batch_bool_constant<B, LaneBelow<K>>(), B(0.0), up));
  } else {
    return v;
  }
}

}  // namespace

template <class Arch>
void BoxRows<Arch>::run(const float* in, float* out, int w, int h, int r, int y0, int y1, double* scratch) noexcept {
  using B = xsimd::batch<double, Arch>;
  constexpr int N = static_cast<int>(B::size);
  const double inv = 1.0 / ((2.0 * r + 1) * (2.0 * r + 1));
  const std::size_t W = static_cast<std::size_t>(w);
  double* col = scratch + r + 1;  // col[-r-1 .. w+r]: column sums with clamped padding
  double* sum = col + w + r + 1;  // sum[0 .. w): the window sums of one output row
  for (int x = 0; x < w; ++x) col[x] = 0;
  for (int k = -r; k <= r; ++k) {
    const float* row = in + clamp_row(y0 + k, h) * W;
    for (int x = 0; x < w; ++x) col[x] += row[x];
  }
  for (int y = y0; y < y1; ++y) {
    if (y > y0) {  // slide the window down one row
      const float* add = in + clamp_row(y + r, h) * W;
      const float* sub = in + clamp_row(y - r - 1, h) * W;
      for (int x = 0; x < w; ++x) col[x] += static_cast<double>(add[x]) - static_cast<double>(sub[x]);
    }
    for (int k = 1; k <= r + 1; ++k) {  // clamp to edge: repeat the border columns
      col[-k] = col[0];
      col[w - 1 + k] = col[w - 1];
    }
    double a = 0;
    for (int k = -r; k <= r; ++k) a += col[k];
    sum[0] = a;
    B total(a);
    int x = 0;
    for (; x + N <= w - 1; x += N) {
      const B s = prefix_sum<Arch>(B::load_unaligned(col + x + r + 1) - B::load_unaligned(col + x - r));
      (total + s).store_unaligned(sum + x + 1);
      total += xsimd::swizzle(s, xsimd::make_batch_constant<xsimd::batch<std::uint64_t, Arch>, LastLane>());
    }
    for (a = sum[x]; x < w - 1; ++x) {  // the last w - 1 mod N sums, and narrow rows
      a += col[x + r + 1] - col[x - r];
      sum[x + 1] = a;
    }
    float* o = out + y * W;
    for (int i = 0; i < w; ++i) o[i] = static_cast<float>(sum[i] * inv);
  }
}

template struct BoxRows<PARLAB_SIMD_ARCH>;

}  // namespace parlab::image
