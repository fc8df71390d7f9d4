// Every image kernel on every backend against the scalar reference, on random
// images of awkward shapes and with awkward parameters; and the properties a
// filter must have whatever its implementation.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <numeric>
#include <tuple>

#include "backend_param.hpp"
#include "parlab/error.hpp"
#include "parlab/filters.hpp"
#include "parlab/registry.hpp"
#include "parlab/rng.hpp"

namespace parlab::test {
namespace {

struct Shape {
  int w, h;
};
const Shape kShapes[] = {{1, 1}, {1, 37}, {37, 1}, {17, 13}, {1000, 999}};

struct Case {
  const char* kernel;
  FilterParams params;
  const char* label;
};
const Case kCases[] = {
    {"gray", {}, "gray"},
    {"gray_u8", {}, "gray_u8"},
    {"box_blur", {1.0, 0, 1.0}, "box_r0"},
    {"box_blur", {1.0, 1, 1.0}, "box_r1"},
    {"box_blur", {1.0, 4, 1.0}, "box_r4"},
    {"box_blur", {1.0, 40, 1.0}, "box_r40_beyond_small_images"},
    {"gaussian_blur", {0.2, -1, 1.0}, "gauss_tiny_sigma"},
    {"gaussian_blur", {1.0, -1, 1.0}, "gauss_sigma1"},
    {"gaussian_blur", {2.3, -1, 1.0}, "gauss_sigma2_3"},
    {"gaussian_blur", {12.0, -1, 1.0}, "gauss_large_sigma"},
    {"gaussian_blur", {1.0, 0, 1.0}, "gauss_radius0"},
    {"sobel", {}, "sobel"},
    {"unsharp", {1.0, -1, 1.5}, "unsharp"},
};

// A random image (not the built-in scene): uniform noise on [0, 1].
Data random_input(const Kernel& k, Shape s, std::uint64_t seed) {
  Data d;
  const int channels = (k.name == "gray" || k.name == "gray_u8") ? 3 : 2;  // 2: filters run per channel
  d.image.width = s.w;
  d.image.height = s.h;
  d.image.channels = channels;
  d.image.data.resize(d.image.pixels() * channels);
  fill_uniform(d.image.data, seed, 0.0f, 1.0f);
  if (k.name == "gray_u8") {
    d.bytes.resize(d.image.pixels() * 3);
    for (std::size_t i = 0; i < d.bytes.size(); ++i) d.bytes[i] = static_cast<std::uint8_t>(d.image.data[i] * 255.0f);
    d.image.data.clear();
  }
  return d;
}

class ImageKernels : public ::testing::TestWithParam<std::tuple<Backend, std::size_t, std::size_t>> {};

TEST_P(ImageKernels, MatchReferenceOnRandomImages) {
  const auto [b, ci, si] = GetParam();
  PARLAB_REQUIRE_BACKEND(b);
  const Case& c = kCases[ci];
  const Shape s = kShapes[si];
  const Kernel& k = find_kernel(c.kernel);
  Params p;
  p.filter = c.params;
  const Data in = random_input(k, s, 100 * ci + si);
  Data ref, got;
  k.variant(Backend::scalar)(in, ref, p);
  got.image.data.assign(ref.image.data.size(), NAN);  // poison: every sample must be written
  got.bytes.assign(ref.bytes.size(), 0xAB);
  k.variant(b)(in, got, p);
  const Verdict v = verify(k, got, ref);
  EXPECT_TRUE(v.ok) << v.detail;
}

INSTANTIATE_TEST_SUITE_P(AllBackends, ImageKernels,
                         ::testing::Combine(::testing::ValuesIn(kBackends),
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
  d.image.width = w;
  d.image.height = h;
  d.image.channels = 1;
  d.image.data.assign(static_cast<std::size_t>(w) * h, v);
  return d;
}

TEST_P(ImageProperties, BlurOfAConstantIsThatConstant) {
  const Backend b = GetParam();
  PARLAB_REQUIRE_BACKEND(b);
  const Data in = constant_image(61, 43, 0.37f);
  for (const char* name : {"box_blur", "gaussian_blur"}) {
    for (int r : {0, 3, 50}) {
      Params p;
      p.filter.radius = r;
      Data out;
      find_kernel(name).variant(b)(in, out, p);
      for (float v : out.image.data) ASSERT_NEAR(v, 0.37f, 1e-6) << name << " r=" << r;
    }
  }
}

TEST_P(ImageProperties, SobelOfAConstantIsZero) {
  const Backend b = GetParam();
  PARLAB_REQUIRE_BACKEND(b);
  Data out;
  find_kernel("sobel").variant(b)(constant_image(33, 19, 0.8f), out, Params{});
  for (float v : out.image.data) ASSERT_EQ(v, 0.0f);
}

TEST_P(ImageProperties, SobelOfARampIsItsSlope) {
  const Backend b = GetParam();
  PARLAB_REQUIRE_BACKEND(b);
  Data in = constant_image(40, 30, 0);
  for (int y = 0; y < 30; ++y)
    for (int x = 0; x < 40; ++x) in.image.data[y * 40 + x] = 0.01f * x;
  Data out;
  find_kernel("sobel").variant(b)(in, out, Params{});
  // Interior: gx = 4 * 2 * 0.01 = 0.08 (columns x+1 and x-1, weights 1+2+1), gy = 0.
  for (int y = 0; y < 30; ++y)
    for (int x = 1; x < 39; ++x) ASSERT_NEAR(out.image.data[y * 40 + x], 0.08f, 1e-5) << x << "," << y;
}

TEST_P(ImageProperties, BoxBlurIsTheBruteForceWindowMean) {
  const Backend b = GetParam();
  PARLAB_REQUIRE_BACKEND(b);
  const int w = 29, h = 23;
  Data in = constant_image(w, h, 0);
  fill_uniform(in.image.data, 5, 0.0f, 1.0f);
  for (int r : {0, 1, 2, 7, 30}) {
    Params p;
    p.filter.radius = r;
    Data out;
    find_kernel("box_blur").variant(b)(in, out, p);
    for (int y = 0; y < h; ++y)
      for (int x = 0; x < w; ++x) {
        double s = 0;
        for (int dy = -r; dy <= r; ++dy)
          for (int dx = -r; dx <= r; ++dx)
            s += in.image.data[std::clamp(y + dy, 0, h - 1) * w + std::clamp(x + dx, 0, w - 1)];
        ASSERT_NEAR(out.image.data[y * w + x], s / ((2 * r + 1) * (2 * r + 1)), 1e-5) << "r=" << r << " at " << x << "," << y;
      }
  }
}

INSTANTIATE_TEST_SUITE_P(AllBackends, ImageProperties, ::testing::ValuesIn(kBackends),
                         [](const auto& info) { return backend_name(info.param); });

TEST(GaussianTaps, NormalisedSymmetricAndSized) {
  for (double sigma : {0.1, 0.5, 1.0, 2.3, 10.0}) {
    FilterParams fp;
    fp.sigma = sigma;
    const int r = gaussian_radius(fp);
    EXPECT_EQ(r, static_cast<int>(std::ceil(3 * sigma)));
    const auto taps = gaussian_taps(sigma, r);
    ASSERT_EQ(taps.size(), static_cast<std::size_t>(2 * r + 1));
    EXPECT_NEAR(std::accumulate(taps.begin(), taps.end(), 0.0), 1.0, 1e-6) << sigma;
    for (int k = 0; k < r; ++k) EXPECT_EQ(taps[k], taps[2 * r - k]);
    for (int k = 0; k < r; ++k) EXPECT_LT(taps[k], taps[k + 1]);  // rises to the centre
  }
  EXPECT_EQ(gaussian_radius({2.3, -1, 1.0}), 7);  // 15 taps
  EXPECT_EQ(gaussian_radius({1.0, 2, 1.0}), 2);   // an explicit radius wins: 5 taps
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
