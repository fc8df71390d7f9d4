#include "core/image_kernels.hpp"

#include <algorithm>

#include "parlab/error.hpp"
#include "parlab/openmp.hpp"

namespace parlab::image_kernels {
namespace {

// Output shape: gray makes one channel, the others keep the input's.
void shape_output(Filter f, const Data& in, Data& out) {
  const Image& src = in.image;
  Image& dst = out.image;
  if ((f == Filter::gray || f == Filter::gray_u8) && src.channels < 3)
    throw Error("gray: needs an RGB or RGBA image; this one has " + std::to_string(src.channels) + " channel(s)");
  dst.width = src.width;
  dst.height = src.height;
  dst.channels = f == Filter::gray ? 1 : src.channels;
  if (f == Filter::gray_u8) {
    dst.channels = 1;
    out.bytes.resize(src.pixels());
    dst.data.clear();
  } else {
    dst.data.resize(dst.pixels() * dst.channels);
  }
}

cuda::FilterJob job_for(Filter f, const Data& in, Data& out, const Params& p) {
  cuda::FilterJob job;
  job.filter = f;
  job.width = in.image.width;
  job.height = in.image.height;
  job.planes = in.image.channels;
  if (f == Filter::gray_u8) {
    job.in = in.bytes.data();
    job.out = out.bytes.data();
  } else {
    job.in = in.image.data.data();
    job.out = out.image.data.data();
  }
  job.radius = box_radius(p.filter);
  if (f == Filter::gaussian || f == Filter::unsharp) job.taps = gaussian_taps(p.filter.sigma, gaussian_radius(p.filter));
  job.amount = static_cast<float>(p.filter.amount);
  return job;
}

// One plane through the CPU backends (scalar, or SIMD on `threads` threads).
void plane(Filter f, bool scalar, const float* in, float* out, int w, int h, const Params& p, int threads) {
  switch (f) {
    case Filter::box:
      return scalar ? box_scalar(in, out, w, h, box_radius(p.filter))
                    : box_simd(in, out, w, h, box_radius(p.filter), threads);
    case Filter::gaussian: {
      const auto taps = gaussian_taps(p.filter.sigma, gaussian_radius(p.filter));
      return scalar ? gaussian_scalar(in, out, w, h, taps) : gaussian_simd(in, out, w, h, taps, threads);
    }
    case Filter::unsharp: {
      const auto taps = gaussian_taps(p.filter.sigma, gaussian_radius(p.filter));
      const float a = static_cast<float>(p.filter.amount);
      return scalar ? unsharp_scalar(in, out, w, h, taps, a) : unsharp_simd(in, out, w, h, taps, a, threads);
    }
    case Filter::sobel:
      return scalar ? sobel_scalar(in, out, w, h) : sobel_simd(in, out, w, h, threads);
    case Filter::gray:
    case Filter::gray_u8:
      break;  // not plane by plane
  }
}

Data from_image(Image img) {
  Data d;
  d.image = std::move(img);
  return d;
}

}  // namespace

Data gray_input(const Params& p) { return from_image(make_test_image(p.width, p.height, 1, p.seed)); }
Data rgb_input(const Params& p) { return from_image(make_test_image(p.width, p.height, 3, p.seed)); }

Data rgb8_input(const Params& p) {
  Data d = rgb_input(p);
  d.bytes = to_rgb8(d.image);
  d.image.data.clear();  // the shape stays; the floats are not the input
  return d;
}

void run(Filter f, Backend b, const Data& in, Data& out, const Params& p) {
  shape_output(f, in, out);
  const Image& src = in.image;
  Image& dst = out.image;
  if (b == Backend::cuda) {
    cuda::filter(job_for(f, in, out, p), 0);
    return;
  }
  const bool scalar = b == Backend::scalar;
  const int threads = b == Backend::openmp ? openmp::threads(p.threads) : 1;
  if (f == Filter::gray_u8) {
    if (scalar)
      gray_u8_scalar(in.bytes.data(), out.bytes.data(), src.pixels());
    else
      gray_u8_simd(in.bytes.data(), out.bytes.data(), src.pixels(), threads);
  } else if (f == Filter::gray) {
    if (scalar)
      gray_scalar(src.plane(0), src.plane(1), src.plane(2), dst.plane(0), src.pixels());
    else
      gray_simd(src.plane(0), src.plane(1), src.plane(2), dst.plane(0), src.pixels(), threads);
  } else {
    for (int c = 0; c < src.channels; ++c) plane(f, scalar, src.plane(c), dst.plane(c), src.width, src.height, p, threads);
  }
}

cuda::Timing run_on_device(Filter f, const Data& in, Data& out, const Params& p, int repeat) {
  shape_output(f, in, out);
  return cuda::filter(job_for(f, in, out, p), repeat);
}

}  // namespace parlab::image_kernels
