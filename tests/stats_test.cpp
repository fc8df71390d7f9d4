// The Mann-Whitney U test of `parlab diff`, against known values and against
// its definition counted out by brute force.
#include <gtest/gtest.h>

#include <algorithm>
#include <random>
#include <vector>

#include "parlab/mann_whitney.hpp"

namespace {

using parlab::stats::mann_whitney;
using parlab::stats::smallest_p;

TEST(MannWhitney, SeparatedSamplesGiveTheSmallestExactP) {
  const std::vector<double> a = {1, 2, 3, 4, 5}, b = {6, 7, 8, 9, 10};
  const auto r = mann_whitney(a, b);
  EXPECT_TRUE(r.exact);
  EXPECT_EQ(r.u, 0);
  EXPECT_NEAR(r.p, 2.0 / 252, 1e-12);  // 2 of the C(10, 5) orderings are this extreme
  EXPECT_NEAR(smallest_p(3, 3), 0.1, 1e-12);
  EXPECT_NEAR(smallest_p(4, 4), 2.0 / 70, 1e-12);
  EXPECT_NEAR(smallest_p(5, 5), 2.0 / 252, 1e-12);
}

TEST(MannWhitney, EqualSamplesAndEmptyOnesAreNoEvidence) {
  const std::vector<double> a = {3, 3, 3}, b = {3, 3, 3, 3}, none;
  EXPECT_EQ(mann_whitney(a, b).p, 1);
  EXPECT_EQ(mann_whitney(a, none).p, 1);
}

// The exact p-value by its definition: every way of splitting the pooled
// values into groups of n and m, counting those whose U is as far from n*m/2.
double brute_force_p(const std::vector<double>& a, const std::vector<double>& b) {
  std::vector<double> all = a;
  all.insert(all.end(), b.begin(), b.end());
  const int n = static_cast<int>(a.size()), m = static_cast<int>(b.size());
  auto u_of = [&](const std::vector<bool>& in_a) {
    double u = 0;
    for (int i = 0; i < n + m; ++i)
      for (int j = 0; j < n + m; ++j)
        if (in_a[i] && !in_a[j] && all[i] > all[j]) u += 1;
    return u;
  };
  std::vector<bool> pick(n + m, false);
  std::fill(pick.begin(), pick.begin() + n, true);
  const double observed = std::abs(u_of(pick) - n * m / 2.0);
  double extreme = 0, total = 0;
  std::vector<bool> split(n + m, false);
  std::fill(split.end() - n, split.end(), true);
  do {
    total += 1;
    if (std::abs(u_of(split) - n * m / 2.0) >= observed - 1e-9) extreme += 1;
  } while (std::next_permutation(split.begin(), split.end()));
  return extreme / total;
}

TEST(MannWhitney, ExactPValuesMatchTheDefinitionOnRandomSamples) {
  std::mt19937 gen(7);
  std::normal_distribution<double> noise(0, 1);
  for (auto [n, m] : {std::pair{3, 4}, {5, 5}, {4, 7}, {6, 6}, {2, 9}})
    for (double shift : {0.0, 0.7, 2.0}) {
      std::vector<double> a(n), b(m);
      for (double& x : a) x = noise(gen);
      for (double& x : b) x = noise(gen) + shift;
      const auto r = mann_whitney(a, b);
      ASSERT_TRUE(r.exact);
      EXPECT_NEAR(r.p, brute_force_p(a, b), 1e-12) << n << "x" << m << " shift " << shift;
      const auto back = mann_whitney(b, a);
      EXPECT_NEAR(back.p, r.p, 1e-12);  // two-sided: the order of the samples does not matter
      EXPECT_EQ(back.u + r.u, n * m);
    }
}

TEST(MannWhitney, TiesUseTheNormalApproximationWithTheTieCorrection) {
  std::vector<double> a, b;
  for (int rep = 0; rep < 2; ++rep)
    for (double v : {1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6}) {
      a.push_back(v);
      b.push_back(v + 2);
    }
  const auto r = mann_whitney(a, b);
  EXPECT_FALSE(r.exact);
  EXPECT_EQ(r.u, 128);
  EXPECT_NEAR(r.p, 0.000890815, 1e-8);  // the textbook formula, worked out separately
}

TEST(MannWhitney, LargeSamplesAgreeWithTheExactTestNearTheLimit) {
  // 20 and 20 runs are exact; 21 and 20 approximate: the two must be close.
  std::mt19937 gen(3);
  std::normal_distribution<double> noise(0, 1);
  std::vector<double> a(21), b(20);
  for (double& x : a) x = noise(gen);
  for (double& x : b) x = noise(gen) + 0.6;
  const auto approx = mann_whitney(a, b);
  const auto exact = mann_whitney(std::vector<double>(a.begin(), a.end() - 1), b);
  EXPECT_FALSE(approx.exact);
  EXPECT_TRUE(exact.exact);
  EXPECT_NEAR(approx.p, exact.p, 0.03);
}

}  // namespace
