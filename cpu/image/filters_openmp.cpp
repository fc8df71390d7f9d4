// The simd and openmp backends of the image filters: the output rows are cut
// into one band per thread, and each band runs the SIMD kernel of the best ISA
// with scratch memory of its own. threads <= 1 is the simd backend.
#include <algorithm>
#include <vector>

#include "parlab/filters.hpp"
#include "parlab/openmp.hpp"
#include "parlab/simd.hpp"
#include "simd/isa.hpp"

namespace parlab {
namespace {

// Calls band(y0, y1) for contiguous row ranges covering [0, h), one per thread.
template <class Band>
void over_bands(int h, int threads, Band band) {
#pragma omp parallel num_threads(threads) if (threads > 1)
  {
    const int t = openmp::thread_index(), n = openmp::team_size();
    const int y0 = static_cast<int>(static_cast<long>(h) * t / n), y1 = static_cast<int>(static_cast<long>(h) * (t + 1) / n);
    if (y0 < y1) band(y0, y1);
  }
}

// Element-wise kernels: the same, over index ranges.
template <class Range>
void over_ranges(std::size_t n, int threads, Range range) {
#pragma omp parallel num_threads(threads) if (threads > 1)
  {
    const std::size_t t = openmp::thread_index(), k = openmp::team_size();
    const std::size_t i0 = n * t / k, i1 = n * (t + 1) / k;
    if (i0 < i1) range(i0, i1);
  }
}

}  // namespace

void gray_simd(const float* r, const float* g, const float* b, float* out, std::size_t n, int threads) {
  const simd::Kernels& k = simd::best();
  over_ranges(n, threads, [&](std::size_t i0, std::size_t i1) { k.gray(r + i0, g + i0, b + i0, out + i0, i1 - i0); });
}

void gray_u8_simd(const std::uint8_t* rgb, std::uint8_t* out, std::size_t n, int threads) {
  const simd::Kernels& k = simd::best();
  over_ranges(n, threads, [&](std::size_t i0, std::size_t i1) { k.gray_u8(rgb + 3 * i0, out + i0, i1 - i0); });
}

void box_simd(const float* in, float* out, int w, int h, int r, int threads) {
  const simd::Kernels& k = simd::best();
  over_bands(h, threads, [&](int y0, int y1) {
    std::vector<double> scratch(static_cast<std::size_t>(w) + 2 * r + 2);
    k.box_rows(in, out, w, h, r, y0, y1, scratch.data());
  });
}

void gaussian_simd(const float* in, float* out, int w, int h, const std::vector<float>& taps, int threads) {
  const simd::Kernels& k = simd::best();
  const int r = static_cast<int>(taps.size() / 2);
  over_bands(h, threads, [&](int y0, int y1) {
    std::vector<float> scratch(static_cast<std::size_t>(w) + 2 * r);
    std::vector<const float*> src(2 * r + 1);
    k.gaussian_rows(in, out, w, h, taps.data(), r, y0, y1, scratch.data(), src.data());
  });
}

void sobel_simd(const float* in, float* out, int w, int h, int threads) {
  const simd::Kernels& k = simd::best();
  over_bands(h, threads, [&](int y0, int y1) { k.sobel_rows(in, out, w, h, y0, y1); });
}

void unsharp_simd(const float* in, float* out, int w, int h, const std::vector<float>& taps, float amount, int threads) {
  const simd::Kernels& k = simd::best();
  const int r = static_cast<int>(taps.size() / 2);
  const std::size_t W = static_cast<std::size_t>(w);
  over_bands(h, threads, [&](int y0, int y1) {
    std::vector<float> scratch(W + 2 * r);
    std::vector<const float*> src(2 * r + 1);
    k.gaussian_rows(in, out, w, h, taps.data(), r, y0, y1, scratch.data(), src.data());
    k.sharpen(in + y0 * W, out + y0 * W, (y1 - y0) * W, amount);
  });
}

}  // namespace parlab
