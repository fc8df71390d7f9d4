// libvips's filters, the image family's third benchmark peer
// (parlab/benchmarks.hpp): `gaussblur` and a Sobel on the same built-in float
// image, at one thread and at all threads beside the openmp backend
// (vips_concurrency_set):
//   vs_vips/<case>/<threads>/{parlab,vips}
// libvips is demand-driven: the operation builds a pipeline, and
// vips_sink_disc pulls its tiles through it on libvips's own threads, in
// order, into parlab's output buffer (one copy per tile, as any libvips saver
// makes). Its operation cache is switched off so that every run computes.
//
// Where libvips's definitions differ from parlab's (docs/results.md):
//  - gaussblur builds its own mask, as wide as the Gaussian stays above
//    `min_ampl`; the min_ampl of each case is chosen so that the mask has
//    parlab's taps (5 at sigma 1, 15 at sigma 2.3), and with precision
//    "float" it is not rounded to integers;
//  - its `sobel` gives |gx| + |gy| where parlab gives sqrt(gx^2 + gy^2): the
//    peer is the same masks through `conv` and the modulus (sobel_l2 below);
//  - colourspace to B_W goes through linear light (sRGB -> XYZ -> gamma
//    again), not the Rec. 601 weights of gray_u8 on the encoded values, so it
//    is not a peer of gray_u8 and is not timed.
// Each case is checked against the scalar reference first, as every peer is:
// a border or a mask that differs shows as a failed check, not a time.
// Built when Debian's libvips-dev is found (cpu/image/CMakeLists.txt).
#include <vips/vips.h>

#include <cmath>
#include <cstring>
#include <mutex>
#include <string>

#include "cpu/image/filters.hpp"
#include "cpu/image/image_variants.hpp"
#include "parlab/benchmarks.hpp"
#include "runtime/error.hpp"

namespace parlab::image {
namespace {

[[noreturn]] void vips_failed(const char* what) {
  std::string why = vips_error_buffer();
  vips_error_clear();
  while (!why.empty() && why.back() == '\n') why.pop_back();
  throw Error(std::string("libvips: ") + what + ": " + why);
}

void start(int threads) {
  static std::once_flag once;
  std::call_once(once, [] {
    if (vips_init("parlab") != 0) vips_failed("vips_init");
    vips_cache_set_max(0);  // every run computes; none is answered from the cache
  });
  vips_concurrency_set(threads > 0 ? threads : 0);  // 0: libvips's default, one per CPU
}

// An owned VipsImage, released once.
struct Owned {
  VipsImage* p = nullptr;
  ~Owned() {
    if (p) g_object_unref(p);
  }
};

// Copies each tile libvips computes into the output plane.
int copy_tile(VipsRegion* region, VipsRect* area, void* to) {
  auto* dst = static_cast<Image*>(to);
  for (int y = area->top; y < area->top + area->height; ++y)
    std::memcpy(dst->data.data() + static_cast<std::size_t>(y) * dst->width + area->left,
                VIPS_REGION_ADDR(region, area->left, y), static_cast<std::size_t>(area->width) * sizeof(float));
  return 0;
}

// Runs `op(in, &out)` on the one-channel float image and writes its result
// into the kernel's output.
template <class Op>
void float_filter(const Data& in, Data& out, const Params& p, Op op) {
  const Image& src = in.get<Image>("image");
  Image& dst = output(src, out);
  start(p.threads);
  Owned from, result;
  from.p = vips_image_new_from_memory(src.data.data(), src.data.size() * sizeof(float), src.width, src.height, 1,
                                      VIPS_FORMAT_FLOAT);
  if (!from.p) vips_failed("image from memory");
  if (op(from.p, &result.p) != 0) vips_failed("the operation");
  if (result.p->BandFmt != VIPS_FORMAT_FLOAT || result.p->Bands != 1 || result.p->Xsize != src.width ||
      result.p->Ysize != src.height)
    throw Error("libvips: the result is not a float image of the input's size");
  if (vips_sink_disc(result.p, copy_tile, &dst) != 0) vips_failed("computing the image");
}

// min_ampl between the Gaussian's value at r and at r + 1 (relative to its
// peak), so that libvips's mask has 2r + 1 taps.
double min_ampl(double sigma, int r) {
  auto at = [&](int x) { return std::exp(-x * x / (2 * sigma * sigma)); };
  return std::sqrt(at(r) * at(r + 1));
}

void gaussian(const Data& in, Data& out, const Params& p, Spans&) {
  const double sigma = p.real("sigma");
  const int r = gaussian_radius(sigma, static_cast<int>(p.integer("radius")));
  float_filter(in, out, p, [&](VipsImage* a, VipsImage** b) {
    return vips_gaussblur(a, b, sigma, "min_ampl", min_ampl(sigma, r), "precision", VIPS_PRECISION_FLOAT, nullptr);
  });
}

// libvips's own `sobel` returns |gx| + |gy|; parlab's (and OpenCV's
// `magnitude`) is sqrt(gx^2 + gy^2). What matches is the same masks through
// libvips's `conv` (precision float) and the modulus of gx + i gy
// (`complexform`, then `abs`), all of it one libvips pipeline.
int sobel_l2(VipsImage* in, VipsImage** out) {
  static const double kX[9] = {-1, 0, 1, -2, 0, 2, -1, 0, 1}, kY[9] = {-1, -2, -1, 0, 0, 0, 1, 2, 1};
  Owned mx, my, gx, gy, z;
  mx.p = vips_image_new_matrix_from_array(3, 3, kX, 9);
  my.p = vips_image_new_matrix_from_array(3, 3, kY, 9);
  if (!mx.p || !my.p) return -1;
  if (vips_conv(in, &gx.p, mx.p, "precision", VIPS_PRECISION_FLOAT, nullptr) != 0 ||
      vips_conv(in, &gy.p, my.p, "precision", VIPS_PRECISION_FLOAT, nullptr) != 0 ||
      vips_complexform(gx.p, gy.p, &z.p, nullptr) != 0)
    return -1;
  return vips_abs(z.p, out, nullptr);
}

void sobel(const Data& in, Data& out, const Params& p, Spans&) { float_filter(in, out, p, sobel_l2); }

std::string about() {
  return std::string("libvips ") + vips_version_string() + ", demand-driven tiles, its own thread pool";
}

Peer vips(std::string_view kernel, Variant run, std::vector<Peer::Case> cases, std::string_view summary) {
  return {.name = "vips", .kernel = kernel, .summary = summary, .beside = Backend::openmp, .run = run,
          .cases = std::move(cases), .about = about};
}

const RegisterPeer kGaussian{vips("gaussian_blur", gaussian,
                                  {{"gaussian_sigma1_5taps", {{"sigma", 1.0}, {"radius", 2}}},
                                   {"gaussian_sigma2.3_15taps", {{"sigma", 2.3}, {"radius", 7}}}},
                                  "libvips's gaussblur, precision float, min_ampl set to parlab's taps")};
const RegisterPeer kSobel{vips("sobel", sobel, {{"sobel_3x3", {}}},
                               "libvips's conv with the Sobel masks, precision float, then |gx + i gy|")};

}  // namespace
}  // namespace parlab::image
