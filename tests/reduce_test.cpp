// The reduction on every backend against the float64 scalar reference.
#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <tuple>
#include <vector>

#include "backend_param.hpp"
#include "cpu/reduce/reduce.hpp"
#include "parlab/registry.hpp"
#include "parlab/rng.hpp"

namespace parlab::test {
using namespace parlab::reduce;  // the family under test
namespace {

constexpr float kInf = std::numeric_limits<float>::infinity();
constexpr ReduceOp kOps[] = {ReduceOp::sum, ReduceOp::min, ReduceOp::max, ReduceOp::mean};

// Through the registry, as the CLI and benchmarks call it.
double reduce_on(Backend b, ReduceOp op, std::vector<float> x, int threads = 0) {
  const Kernel& k = find_kernel("reduce_" + std::string(to_string(op)));
  Data in, out;
  Params p = k.defaults();
  p.set("size", static_cast<double>(x.size()));
  p.threads = threads;
  in.set("x", std::move(x));
  Spans spans;
  k.variant(b)(in, out, p, spans);
  return out.get<double>(to_string(op));
}

std::vector<float> uniform(std::size_t n, std::uint64_t seed, float lo, float hi) {
  std::vector<float> x(n);
  fill_uniform(x, seed, lo, hi);
  return x;
}

// ---- every backend x awkward sizes: lane widths (4, 8, 16) +-1, the SIMD
// chunk (512) and the block (65536) +-1, odd sizes, 10^7.
class ReduceSizes : public ::testing::TestWithParam<std::tuple<Backend, std::size_t>> {};

TEST_P(ReduceSizes, MatchesReferenceOnMixedSigns) {
  const auto [b, n] = GetParam();
  PARLAB_REQUIRE_BACKEND(b);
  const std::vector<float> x = uniform(n, n + 1, -1.0f, 1.0f);
  double abs_sum = 0;
  for (float v : x) abs_sum += std::fabs(v);
  // The bound of cpu/reduce/reduce.hpp: 9 float32 roundings of sum|x|.
  const double bound = 9 * 0x1p-24 * abs_sum + 1e-30;
  for (ReduceOp op : kOps) {
    SCOPED_TRACE(std::string(to_string(op)));
    const double ref = reduce_scalar(x, op);
    const double got = reduce_on(b, op, x);
    if (op == ReduceOp::min || op == ReduceOp::max || n == 0)
      EXPECT_TRUE(got == ref || (std::isnan(got) && std::isnan(ref))) << got << " vs " << ref;
    else if (op == ReduceOp::sum)
      EXPECT_LE(std::fabs(got - ref), bound);
    else
      EXPECT_LE(std::fabs(got - ref), bound / static_cast<double>(n));
  }
}

INSTANTIATE_TEST_SUITE_P(
    Contenders, ReduceSizes,
    ::testing::Combine(::testing::ValuesIn(kContenders),
                       ::testing::Values<std::size_t>(0, 1, 2, 3, 4, 5, 7, 8, 9, 15, 16, 17, 31, 33, 63, 65, 511, 512,
                                                      513, 4097, 65535, 65536, 65537, 1000003, 10000000)),
    [](const auto& info) {
      return backend_name(std::get<0>(info.param)) + "_n" + std::to_string(std::get<1>(info.param));
    });

// ---- known answers: 1, 2, ..., n in a shuffled order. Every partial sum is
// an integer below 2^24, so float32 holds it exactly and every backend, the
// reference included, must give n(n+1)/2 exactly.
TEST(ReduceKnownAnswers, IntegersOneToN) {
  for (std::size_t n : {1u, 2u, 17u, 513u, 4096u}) {
    std::vector<float> shuffled(n);
    for (std::size_t i = 0; i < n; ++i) shuffled[(i * 7919 + 13) % n] = static_cast<float>(i + 1);  // 7919 is prime
    for (Backend b : kBackends) {
      if (!backend_status(b).usable) continue;
      SCOPED_TRACE(std::string(to_string(b)) + " n=" + std::to_string(n));
      const double dn = static_cast<double>(n);
      EXPECT_EQ(reduce_on(b, ReduceOp::sum, shuffled), dn * (dn + 1) / 2);
      EXPECT_EQ(reduce_on(b, ReduceOp::mean, shuffled), (dn + 1) / 2);
      EXPECT_EQ(reduce_on(b, ReduceOp::min, shuffled), 1.0);
      EXPECT_EQ(reduce_on(b, ReduceOp::max, shuffled), dn);
    }
  }
}

// ---- defined behaviour on special values, for every backend.
class ReduceSpecial : public ::testing::TestWithParam<Backend> {};

TEST_P(ReduceSpecial, EmptyGivesIdentities) {
  const Backend b = GetParam();
  PARLAB_REQUIRE_BACKEND(b);
  EXPECT_EQ(reduce_on(b, ReduceOp::sum, {}), 0.0);
  EXPECT_TRUE(std::isnan(reduce_on(b, ReduceOp::mean, {})));
  EXPECT_EQ(reduce_on(b, ReduceOp::min, {}), kInf);
  EXPECT_EQ(reduce_on(b, ReduceOp::max, {}), -kInf);
}

TEST_P(ReduceSpecial, AnyNanMakesEveryResultNan) {
  const Backend b = GetParam();
  PARLAB_REQUIRE_BACKEND(b);
  for (std::size_t n : {1u, 17u, 1000u, 70001u}) {
    for (std::size_t pos : {std::size_t{0}, n / 2, n - 1}) {
      std::vector<float> x = uniform(n, 7, -1.0f, 1.0f);
      x[pos] = std::numeric_limits<float>::quiet_NaN();
      for (ReduceOp op : kOps)
        EXPECT_TRUE(std::isnan(reduce_on(b, op, x))) << to_string(op) << " n=" << n << " NaN at " << pos;
    }
  }
}

TEST_P(ReduceSpecial, InfinitiesFollowIeee) {
  const Backend b = GetParam();
  PARLAB_REQUIRE_BACKEND(b);
  for (std::size_t n : {1u, 33u, 70001u}) {
    std::vector<float> x = uniform(n, 3, -1.0f, 1.0f);
    x[n / 3] = kInf;
    EXPECT_EQ(reduce_on(b, ReduceOp::sum, x), kInf) << "n=" << n;
    EXPECT_EQ(reduce_on(b, ReduceOp::max, x), kInf) << "n=" << n;
    if (n > 1) {
      x[n - 1] = -kInf;
      EXPECT_TRUE(std::isnan(reduce_on(b, ReduceOp::sum, x))) << "n=" << n;
      EXPECT_EQ(reduce_on(b, ReduceOp::min, x), -kInf) << "n=" << n;
      EXPECT_EQ(reduce_on(b, ReduceOp::max, x), kInf) << "n=" << n;
    }
  }
}

TEST_P(ReduceSpecial, ExtremesAreFoundWherever) {
  const Backend b = GetParam();
  PARLAB_REQUIRE_BACKEND(b);
  const std::size_t n = 100003;
  for (std::size_t pos : {std::size_t{0}, std::size_t{16}, n / 2, n - 2, n - 1}) {
    std::vector<float> x = uniform(n, pos, -1.0f, 1.0f);
    x[pos] = -5.0f;
    EXPECT_EQ(reduce_on(b, ReduceOp::min, x), -5.0f) << "at " << pos;
    x[pos] = 5.0f;
    EXPECT_EQ(reduce_on(b, ReduceOp::max, x), 5.0f) << "at " << pos;
  }
}

INSTANTIATE_TEST_SUITE_P(AllBackends, ReduceSpecial, ::testing::ValuesIn(kBackends),
                         [](const auto& info) { return backend_name(info.param); });

// Relative error <= 1e-6 against float64 at 10^8 elements, as promised.
class ReduceAccuracy : public ::testing::TestWithParam<Backend> {};
TEST_P(ReduceAccuracy, HundredMillionWithinOnePpm) {
  const Backend b = GetParam();
  PARLAB_REQUIRE_BACKEND(b);
  static const std::vector<float> x = uniform(100'000'000, 11, 0.0f, 1.0f);
  static const double ref = reduce_scalar(x, ReduceOp::sum);
  const double got = reduce_on(b, ReduceOp::sum, x);
  EXPECT_LE(std::fabs(got - ref) / ref, 1e-6);
}

INSTANTIATE_TEST_SUITE_P(Contenders, ReduceAccuracy, ::testing::ValuesIn(kContenders),
                         [](const auto& info) { return backend_name(info.param); });

// simd and openmp cut the array into the same blocks and add them in order:
// the sum is bitwise the same for any thread count.
TEST(ReduceOpenmp, SameBitsForAnyThreadCount) {
  PARLAB_REQUIRE_BACKEND(Backend::openmp);
  const std::vector<float> x = uniform(3 * kReduceBlock + 12345, 5, -1.0f, 1.0f);
  const double one = reduce_simd(x, ReduceOp::sum);
  for (int t : {1, 2, 3, 5, 8}) EXPECT_EQ(reduce_openmp(x, ReduceOp::sum, t), one) << t << " threads";
}

}  // namespace
}  // namespace parlab::test
