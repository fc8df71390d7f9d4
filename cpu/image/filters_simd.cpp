// The simd backend of the image filters: one thread, the SIMD kernel of the
// active ISA over every row of every plane.
#include <vector>

#include "cpu/image/box_simd.hpp"
#include "cpu/image/gaussian_simd.hpp"
#include "cpu/image/gray_simd.hpp"
#include "cpu/image/image_variants.hpp"
#include "cpu/image/sobel_simd.hpp"
#include "runtime/simd/dispatch.hpp"

namespace parlab::image {

void gray_simd(const Data& in, Data& out, const Params&, Spans&) {
  const Image& src = in.get<Image>("image");
  Image& dst = gray_output(src, out);
  simd::kernel<GrayPlanar>()(src.plane(0), src.plane(1), src.plane(2), dst.plane(0), src.pixels());
}

void gray_u8_simd(const Data& in, Data& out, const Params&, Spans&) {
  const Image8& src = in.get<Image8>("rgb8");
  Image8& dst = gray8_output(src, out);
  simd::kernel<GrayU8>()(src.data.data(), dst.data.data(), src.pixels());
}

void box_simd(const Data& in, Data& out, const Params& p, Spans&) {
  const Image& src = in.get<Image>("image");
  Image& dst = output(src, out);
  const int r = box_radius(p);
  std::vector<double> scratch(box_scratch_size(src.width, r));
  for (int c = 0; c < src.channels; ++c)
    simd::kernel<BoxRows>()(src.plane(c), dst.plane(c), src.width, src.height, r, 0, src.height, scratch.data());
}

namespace {
// The Gaussian, then (sharpen not null) the unsharp mask, row by row.
void gaussian_rows(const Data& in, Data& out, const Params& p, const float* sharpen) {
  const Image& src = in.get<Image>("image");
  Image& dst = output(src, out);
  const std::vector<float> t = taps(p);
  const int r = static_cast<int>(t.size() / 2);
  std::vector<float> scratch(static_cast<std::size_t>(src.width) + 2 * r);
  std::vector<const float*> rows(t.size());
  for (int c = 0; c < src.channels; ++c)
    simd::kernel<GaussianRows>()(src.plane(c), dst.plane(c), src.width, src.height, t.data(), r, 0, src.height,
                                 scratch.data(), rows.data(), sharpen);
}
}  // namespace

void gaussian_simd(const Data& in, Data& out, const Params& p, Spans&) { gaussian_rows(in, out, p, nullptr); }

void sobel_simd(const Data& in, Data& out, const Params&, Spans&) {
  const Image& src = in.get<Image>("image");
  Image& dst = output(src, out);
  for (int c = 0; c < src.channels; ++c)
    simd::kernel<SobelRows>()(src.plane(c), dst.plane(c), src.width, src.height, 0, src.height);
}

void unsharp_simd(const Data& in, Data& out, const Params& p, Spans&) {
  const float amount = static_cast<float>(p.real("amount"));
  gaussian_rows(in, out, p, &amount);
}

}  // namespace parlab::image
