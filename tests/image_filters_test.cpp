// Every image kernel on every backend against the scalar reference, on random
// images of awkward shapes and with awkward parameters; and the properties a
// filter must have whatever its implementation.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <numeric>
#include <tuple>

#include "backend_param.hpp"
#include "cpu/image/filters.hpp"
#include "parlab/registry.hpp"
#include "parlab/rng.hpp"
#include "runtime/error.hpp"
#include "runtime/simd/isa.hpp"

namespace parlab::test {
using namespace parlab::image;  // the family under test
namespace {

struct Shape {
  int w, h;
};
const Shape kShapes[] = {{1, 1}, {1, 37}, {37, 1}, {17, 13}, {1000, 999}};

struct Setting {
  const char* option;
  double value;
};
struct Case {
  const char* kernel;
  std::vector<Setting> settings;
  const char* label;
};
const Case kCases[] = {
    {"gray", {}, "gray"},
    {"gray_u8", {}, "gray_u8"},
    {"box_blur", {{"radius", 0}}, "box_r0"},
    {"box_blur", {{"radius", 1}}, "box_r1"},
    {"box_blur", {{"radius", 4}}, "box_r4"},
    {"box_blur", {{"radius", 40}}, "box_r40_beyond_small_images"},
    {"gaussian_blur", {{"sigma", 0.2}}, "gauss_tiny_sigma"},
    {"gaussian_blur", {{"sigma", 1.0}}, "gauss_sigma1"},
    {"gaussian_blur", {{"sigma", 2.3}}, "gauss_sigma2_3"},
    {"gaussian_blur", {{"sigma", 12.0}}, "gauss_large_sigma"},
    {"gaussian_blur", {{"sigma", 1.0}, {"radius", 0}}, "gauss_radius0"},
    {"sobel", {}, "sobel"},
    {"unsharp", {{"sigma", 1.0}, {"amount", 1.5}}, "unsharp"},
};

Params params_of(const Kernel& k, const std::vector<Setting>& settings) {
  Params p = k.defaults();
  for (const Setting& s : settings) p.set(s.option, s.value);
  return p;
}

Image random_image(int w, int h, int channels, std::uint64_t seed) {
  Image img{w, h, channels, {}};
  img.data.resize(img.pixels() * channels);
  fill_uniform(img.data, seed, 0.0f, 1.0f);
  return img;
}

// A random image (not the built-in scene): uniform noise on [0, 1].
Data random_input(const Kernel& k, Shape s, std::uint64_t seed) {
  Data d;
  if (k.name == "gray_u8") {
    Image8& rgb = d.put<Image8>("rgb8");
    rgb = {s.w, s.h, 3, std::vector<std::uint8_t>(static_cast<std::size_t>(s.w) * s.h * 3)};
    const Image f = random_image(s.w, s.h, 3, seed);
    for (std::size_t i = 0; i < rgb.data.size(); ++i) rgb.data[i] = static_cast<std::uint8_t>(f.data[i] * 255.0f);
  } else {
    const int channels = k.name == "gray" ? 3 : 2;  // 2: filters run per channel
    d.set("image", random_image(s.w, s.h, channels, seed));
  }
  return d;
}

Data run(const Kernel& k, Backend b, const Data& in, const Params& p) {
  Data out;
  Spans spans;
  k.variant(b)(in, out, p, spans);
  return out;
}

class ImageKernels : public ::testing::TestWithParam<std::tuple<Backend, std::size_t, std::size_t>> {};

TEST_P(ImageKernels, MatchReferenceOnRandomImages) {
  const auto [b, ci, si] = GetParam();
  PARLAB_REQUIRE_BACKEND(b);
  const Case& c = kCases[ci];
  const Shape s = kShapes[si];
  const Kernel& k = find_kernel(c.kernel);
  const Params p = params_of(k, c.settings);
  const Data in = random_input(k, s, 100 * ci + si);
  const Data ref = run(k, Backend::scalar, in, p);
  // simd and openmp on every ISA this CPU runs (each has its own kernels:
  // gray_u8's shuffles, the fused Gaussian rows), cuda once.
  const std::vector<std::size_t> isas = b == Backend::cuda ? std::vector<std::size_t>{simd::active()} : runnable_isas();
  for (std::size_t isa : isas) {
    const simd::ScopedIsa scoped(isa);
    // Poison the output: every sample must be written, none kept from before.
    Data got;
    for (const Part& part : ref.parts()) {
      if (const auto* img = std::get_if<Image>(&part.value))
        got.set(part.name, Image{img->width, img->height, img->channels, std::vector<float>(img->data.size(), NAN)});
      if (const auto* img = std::get_if<Image8>(&part.value))
        got.set(part.name, Image8{img->width, img->height, img->channels, std::vector<std::uint8_t>(img->data.size(), 0xAB)});
    }
    Spans spans;
    k.variant(b)(in, got, p, spans);
    const Verdict v = verify(k, got, ref, p);
    EXPECT_TRUE(v.ok) << "ISA " << simd::compiled()[isa] << ": " << v.detail;
  }
}

INSTANTIATE_TEST_SUITE_P(Contenders, ImageKernels,
                         ::testing::Combine(::testing::ValuesIn(kContenders),
                                            ::testing::Range<std::size_t>(0, std::size(kCases)),
                                            ::testing::Range<std::size_t>(0, std::size(kShapes))),
                         [](const auto& info) {
                           const Shape s = kShapes[std::get<2>(info.param)];
                           return backend_name(std::get<0>(info.param)) + "_" + kCases[std::get<1>(info.param)].label +
                                  "_" + std::to_string(s.w) + "x" + std::to_string(s.h);
                         });

// ---- properties, on every backend.
class ImageProperties : public ::testing::TestWithParam<Backend> {};

Data constant_image(int w, int h, float v) {
  Data d;
  d.set("image", Image{w, h, 1, std::vector<float>(static_cast<std::size_t>(w) * h, v)});
  return d;
}

Image filtered(const char* kernel, Backend b, const Data& in, std::vector<Setting> settings = {}) {
  const Kernel& k = find_kernel(kernel);
  return run(k, b, in, params_of(k, settings)).get<Image>("image");
}

TEST_P(ImageProperties, BlurOfAConstantIsThatConstant) {
  const Backend b = GetParam();
  PARLAB_REQUIRE_BACKEND(b);
  const Data in = constant_image(61, 43, 0.37f);
  for (const char* name : {"box_blur", "gaussian_blur"}) {
    for (int r : {0, 3, 50}) {
      for (float v : filtered(name, b, in, {{"radius", double(r)}}).data) ASSERT_NEAR(v, 0.37f, 1e-6) << name << " r=" << r;
    }
  }
}

TEST_P(ImageProperties, SobelOfAConstantIsZero) {
  const Backend b = GetParam();
  PARLAB_REQUIRE_BACKEND(b);
  for (float v : filtered("sobel", b, constant_image(33, 19, 0.8f)).data) ASSERT_EQ(v, 0.0f);
}

TEST_P(ImageProperties, SobelOfARampIsItsSlope) {
  const Backend b = GetParam();
  PARLAB_REQUIRE_BACKEND(b);
  Image ramp{40, 30, 1, std::vector<float>(40 * 30)};
  for (int y = 0; y < 30; ++y)
    for (int x = 0; x < 40; ++x) ramp.data[y * 40 + x] = 0.01f * x;
  Data in;
  in.set("image", ramp);
  const Image out = filtered("sobel", b, in);
  // Interior: gx = 4 * 2 * 0.01 = 0.08 (columns x+1 and x-1, weights 1+2+1), gy = 0.
  for (int y = 0; y < 30; ++y)
    for (int x = 1; x < 39; ++x) ASSERT_NEAR(out.data[y * 40 + x], 0.08f, 1e-5) << x << "," << y;
}

TEST_P(ImageProperties, BoxBlurIsTheBruteForceWindowMean) {
  const Backend b = GetParam();
  PARLAB_REQUIRE_BACKEND(b);
  const int w = 29, h = 23;
  const Image img = random_image(w, h, 1, 5);
  Data in;
  in.set("image", img);
  for (int r : {0, 1, 2, 7, 30}) {
    const Image out = filtered("box_blur", b, in, {{"radius", double(r)}});
    for (int y = 0; y < h; ++y)
      for (int x = 0; x < w; ++x) {
        double s = 0;
        for (int dy = -r; dy <= r; ++dy)
          for (int dx = -r; dx <= r; ++dx) s += img.data[std::clamp(y + dy, 0, h - 1) * w + std::clamp(x + dx, 0, w - 1)];
        ASSERT_NEAR(out.data[y * w + x], s / ((2 * r + 1) * (2 * r + 1)), 1e-5) << "r=" << r << " at " << x << "," << y;
      }
  }
}

// The Gaussian of an impulse is its weights, outer product: the reference too.
TEST_P(ImageProperties, GaussianOfAnImpulseIsItsWeights) {
  const Backend b = GetParam();
  PARLAB_REQUIRE_BACKEND(b);
  Data in = constant_image(21, 17, 0.0f);
  in.put<Image>("image").data[8 * 21 + 10] = 1.0f;
  const auto taps = gaussian_taps(1.5, 5);
  const Image out = filtered("gaussian_blur", b, in, {{"sigma", 1.5}, {"radius", 5}});
  for (int y = 0; y < 17; ++y)
    for (int x = 0; x < 21; ++x) {
      const int dx = x - 10, dy = y - 8;
      const double want = (std::abs(dx) <= 5 && std::abs(dy) <= 5) ? double(taps[dx + 5]) * taps[dy + 5] : 0.0;
      ASSERT_NEAR(out.data[y * 21 + x], want, 1e-6) << x << "," << y;
    }
}

INSTANTIATE_TEST_SUITE_P(AllBackends, ImageProperties, ::testing::ValuesIn(kBackends),
                         [](const auto& info) { return backend_name(info.param); });

TEST(GaussianTaps, NormalisedSymmetricAndSized) {
  for (double sigma : {0.1, 0.5, 1.0, 2.3, 10.0}) {
    const int r = gaussian_radius(sigma, -1);
    EXPECT_EQ(r, static_cast<int>(std::ceil(3 * sigma)));
    const auto taps = gaussian_taps(sigma, r);
    ASSERT_EQ(taps.size(), static_cast<std::size_t>(2 * r + 1));
    EXPECT_NEAR(std::accumulate(taps.begin(), taps.end(), 0.0), 1.0, 1e-6) << sigma;
    for (int k = 0; k < r; ++k) EXPECT_EQ(taps[k], taps[2 * r - k]);
    for (int k = 0; k < r; ++k) EXPECT_LT(taps[k], taps[k + 1]);  // rises to the centre
  }
  EXPECT_EQ(gaussian_radius(2.3, -1), 7);  // 15 taps
  EXPECT_EQ(gaussian_radius(1.0, 2), 2);   // an explicit radius wins: 5 taps
  // Beyond radius 46340, k * k would overflow an int: the weights must still be sound.
  const auto wide = gaussian_taps(20000.0, 50000);
  EXPECT_NEAR(std::accumulate(wide.begin(), wide.end(), 0.0), 1.0, 1e-3);
  EXPECT_GT(wide.front(), 0.0f);
  EXPECT_LT(wide.front(), wide[50000]);
  EXPECT_THROW(gaussian_taps(0.0, 1), Error);
  EXPECT_THROW(gaussian_taps(-1.0, 1), Error);
  EXPECT_THROW(gaussian_taps(NAN, 1), Error);
}

TEST(GrayWeights, Bt601) {
  const float r = 1, g = 0, b = 0;
  float out = 0;
  gray_scalar(&r, &g, &b, &out, 1);
  EXPECT_NEAR(out, 0.299f, 1e-7);
  const std::uint8_t white[3] = {255, 255, 255}, red[3] = {255, 0, 0};
  std::uint8_t o = 0;
  gray_u8_scalar(white, &o, 1);
  EXPECT_EQ(o, 255);
  gray_u8_scalar(red, &o, 1);
  EXPECT_EQ(o, 76);  // (255 * 9798 + 16384) >> 15
}

}  // namespace
}  // namespace parlab::test
