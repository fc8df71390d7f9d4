// The cuda column of the image family: built only with CUDA, so the kernels
// registered in cpu/image/image_kernels.cpp get a cuda variant only then.
#include "gpu/image/filters_cuda.hpp"

#include "cpu/image/image_variants.hpp"
#include "parlab/registry.hpp"

namespace parlab::image {
namespace {

// A float filter: every plane of "image" in, "image" out (gray: one plane out).
template <Filter f>
void on_device(const Data& in, Data& out, const Params& p, Spans& spans) {
  const Image& src = in.get<Image>("image");
  Image& dst = f == Filter::gray ? gray_output(src, out) : output(src, out);
  FilterJob job{.filter = f, .in = src.data.data(), .out = dst.data.data(),
                      .width = src.width, .height = src.height, .planes = src.channels};
  if (f == Filter::box) job.radius = box_radius(p);
  if (f == Filter::gaussian || f == Filter::unsharp) job.taps = taps(p);
  if (f == Filter::unsharp) job.amount = static_cast<float>(p.real("amount"));
  filter_on_device(job, spans);
}

void gray_u8_cuda(const Data& in, Data& out, const Params&, Spans& spans) {
  const Image8& src = in.get<Image8>("rgb8");
  Image8& dst = gray8_output(src, out);
  filter_on_device({.filter = Filter::gray_u8, .in = src.data.data(), .out = dst.data.data(),
                          .width = src.width, .height = src.height},
                         spans);
}

const RegisterVariant kGray{"gray", Backend::cuda, on_device<Filter::gray>};
const RegisterVariant kGrayU8{"gray_u8", Backend::cuda, gray_u8_cuda};
const RegisterVariant kBox{"box_blur", Backend::cuda, on_device<Filter::box>};
const RegisterVariant kGaussian{"gaussian_blur", Backend::cuda, on_device<Filter::gaussian>};
const RegisterVariant kSobel{"sobel", Backend::cuda, on_device<Filter::sobel>};
const RegisterVariant kUnsharp{"unsharp", Backend::cuda, on_device<Filter::unsharp>};

}  // namespace
}  // namespace parlab::image
