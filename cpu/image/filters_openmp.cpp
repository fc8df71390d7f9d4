// The openmp backend of the image filters: the output rows are cut into one
// band per thread, and each band runs the SIMD kernel of the active ISA with
// scratch memory of its own. Bands of a blur read a few rows beyond their
// edges, which is why bands and not tiles: no halo exchange is needed.
#include <vector>

#include "cpu/image/box_simd.hpp"
#include "cpu/image/gaussian_simd.hpp"
#include "cpu/image/gray_simd.hpp"
#include "cpu/image/image_variants.hpp"
#include "cpu/image/sobel_simd.hpp"
#include "parlab/trace.hpp"
#include "runtime/openmp.hpp"
#include "runtime/simd/dispatch.hpp"

namespace parlab::image {
namespace {

// Calls band(y0, y1) for contiguous row ranges covering [0, h), one per thread.
template <class Band>
void over_bands(int h, int threads, Band band) {
#pragma omp parallel num_threads(threads)
  {
    const long t = openmp::thread_index(), n = openmp::team_size();
    const int y0 = static_cast<int>(h * t / n), y1 = static_cast<int>(h * (t + 1) / n);
    const trace::Scope span("band", "work");
    if (y0 < y1) band(y0, y1);
  }
}

// Element-wise kernels: the same over index ranges.
template <class Range>
void over_ranges(std::size_t n, int threads, Range range) {
#pragma omp parallel num_threads(threads)
  {
    const std::size_t t = openmp::thread_index(), k = openmp::team_size();
    const trace::Scope span("range", "work");
    if (n * t / k < n * (t + 1) / k) range(n * t / k, n * (t + 1) / k);
  }
}

}  // namespace

void gray_openmp(const Data& in, Data& out, const Params& p, Spans&) {
  const Image& src = in.get<Image>("image");
  Image& dst = gray_output(src, out);
  const auto gray = simd::kernel<GrayPlanar>();
  over_ranges(src.pixels(), openmp::threads(p.threads), [&](std::size_t i0, std::size_t i1) {
    gray(src.plane(0) + i0, src.plane(1) + i0, src.plane(2) + i0, dst.plane(0) + i0, i1 - i0);
  });
}

void gray_u8_openmp(const Data& in, Data& out, const Params& p, Spans&) {
  const Image8& src = in.get<Image8>("rgb8");
  Image8& dst = gray8_output(src, out);
  const auto gray = simd::kernel<GrayU8>();
  over_ranges(src.pixels(), openmp::threads(p.threads),
              [&](std::size_t i0, std::size_t i1) { gray(src.data.data() + 3 * i0, dst.data.data() + i0, i1 - i0); });
}

void box_openmp(const Data& in, Data& out, const Params& p, Spans&) {
  const Image& src = in.get<Image>("image");
  Image& dst = output(src, out);
  const int r = box_radius(p);
  const auto box = simd::kernel<BoxRows>();
  for (int c = 0; c < src.channels; ++c)
    over_bands(src.height, openmp::threads(p.threads), [&](int y0, int y1) {
      std::vector<double> scratch(box_scratch_size(src.width, r));
      box(src.plane(c), dst.plane(c), src.width, src.height, r, y0, y1, scratch.data());
    });
}

// The Gaussian on the bands (and, sharpen not null, the unsharp mask row by row).
void gaussian_bands(const Image& src, Image& dst, const Params& p, const float* sharpen) {
  const std::vector<float> t = taps(p);
  const int r = static_cast<int>(t.size() / 2);
  const auto blur = simd::kernel<GaussianRows>();
  for (int c = 0; c < src.channels; ++c)
    over_bands(src.height, openmp::threads(p.threads), [&](int y0, int y1) {
      std::vector<float> scratch(static_cast<std::size_t>(src.width) + 2 * r);
      std::vector<const float*> rows(t.size());
      blur(src.plane(c), dst.plane(c), src.width, src.height, t.data(), r, y0, y1, scratch.data(), rows.data(), sharpen);
    });
}

void gaussian_openmp(const Data& in, Data& out, const Params& p, Spans&) {
  const Image& src = in.get<Image>("image");
  gaussian_bands(src, output(src, out), p, nullptr);
}

void sobel_openmp(const Data& in, Data& out, const Params& p, Spans&) {
  const Image& src = in.get<Image>("image");
  Image& dst = output(src, out);
  const auto sobel = simd::kernel<SobelRows>();
  for (int c = 0; c < src.channels; ++c)
    over_bands(src.height, openmp::threads(p.threads),
               [&](int y0, int y1) { sobel(src.plane(c), dst.plane(c), src.width, src.height, y0, y1); });
}

void unsharp_openmp(const Data& in, Data& out, const Params& p, Spans&) {
  const Image& src = in.get<Image>("image");
  const float amount = static_cast<float>(p.real("amount"));
  gaussian_bands(src, output(src, out), p, &amount);
}

}  // namespace parlab::image
