// The registry: every entry is complete, every backend variant of every kernel
// passes its own check against the scalar reference on the built-in data, and
// the checker itself fails what it should.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <set>
#include <tuple>

#include "backend_param.hpp"
#include "parlab/error.hpp"
#include "parlab/registry.hpp"

namespace parlab::test {
namespace {

TEST(Registry, EntriesAreComplete) {
  std::set<std::string_view> names;
  for (const Kernel& k : kernels()) {
    SCOPED_TRACE(std::string(k.name));
    EXPECT_TRUE(names.insert(k.name).second) << "duplicate name";
    EXPECT_TRUE(k.has(Backend::scalar)) << "the scalar reference is required";
    EXPECT_NE(k.make_input, nullptr);
    EXPECT_GT(k.cost.bytes(), 0);
    EXPECT_GT(k.default_size, 0u);
    EXPECT_FALSE(k.family.empty());
  }
  EXPECT_GE(names.size(), 4u);
}

TEST(Registry, FindKernelNamesTheUnknown) {
  EXPECT_EQ(find_kernel("reduce_sum").name, "reduce_sum");
  try {
    find_kernel("reduce_median");
    FAIL();
  } catch (const UsageError& e) {
    EXPECT_NE(std::string(e.what()).find("'reduce_median'"), std::string::npos);
    EXPECT_NE(std::string(e.what()).find("reduce_sum"), std::string::npos);
  }
}

// One body for every kernel x backend x size, driven by the registry.
class EveryKernel : public ::testing::TestWithParam<std::tuple<std::size_t, Backend, std::size_t>> {};

TEST_P(EveryKernel, AgreesWithScalarOnBuiltInData) {
  const auto [ki, b, n] = GetParam();
  const Kernel& k = kernels()[ki];
  PARLAB_REQUIRE_BACKEND(b);
  if (!k.has(b)) GTEST_SKIP() << k.name << " has no variant for the " << to_string(b) << " backend";
  Params p;
  p.size = n;
  p.seed = 1234 + n;
  // Images: n x (n/2 + 1) pixels, up to 1920 x 1080.
  p.width = static_cast<int>(std::min<std::size_t>(n, 1920));
  p.height = static_cast<int>(std::min<std::size_t>(n / 2 + 1, 1080));
  const Data in = k.make_input(p);
  Data ref, got;
  k.variant(Backend::scalar)(in, ref, p);
  k.variant(b)(in, got, p);
  const Verdict v = verify(k, got, ref);
  EXPECT_TRUE(v.ok) << v.detail;
  if (b == Backend::cuda && k.device_timer) {  // the timed path must give the same answer
    Data timed;
    const cuda::Timing t = k.device_timer(in, timed, p, 2);
    EXPECT_TRUE(verify(k, timed, ref).ok);
    EXPECT_GT(t.kernel_s, 0);
    EXPECT_GE(t.end_to_end_s, t.kernel_s);
  }
}

INSTANTIATE_TEST_SUITE_P(Registry, EveryKernel,
                         ::testing::Combine(::testing::Range<std::size_t>(0, kernels().size()),
                                            ::testing::ValuesIn(kBackends),
                                            ::testing::Values<std::size_t>(1, 17, 1000, 1 << 20)),
                         [](const auto& info) {
                           return std::string(kernels()[std::get<0>(info.param)].name) + "_" +
                                  backend_name(std::get<1>(info.param)) + "_n" +
                                  std::to_string(std::get<2>(info.param));
                         });

TEST(Verify, RelativeToleranceHolds) {
  const Kernel& k = find_kernel("reduce_sum");  // relative 1e-6
  Data ref, got;
  ref.scalar = 1000.0;
  got.scalar = 1000.0005;
  EXPECT_TRUE(verify(k, got, ref).ok);
  got.scalar = 1000.002;
  EXPECT_FALSE(verify(k, got, ref).ok);
  got.scalar = NAN;
  EXPECT_FALSE(verify(k, got, ref).ok);
  ref.scalar = NAN;
  EXPECT_TRUE(verify(k, got, ref).ok) << "NaN matches NaN";
}

TEST(Verify, ExactMeansExact) {
  const Kernel& k = find_kernel("reduce_min");
  Data ref, got;
  ref.scalar = 0.25;
  got.scalar = std::nextafter(0.25, 1.0);
  EXPECT_FALSE(verify(k, got, ref).ok);
  got.scalar = 0.25;
  EXPECT_TRUE(verify(k, got, ref).ok);
  got.values = {1.0f};
  EXPECT_FALSE(verify(k, got, ref).ok) << "different output sizes";
}

}  // namespace
}  // namespace parlab::test
