#include "parlab/mann_whitney.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <vector>

namespace parlab::stats {
namespace {

// counts[u] = how many of the C(n+m, n) orderings give U = u (no ties):
// the recurrence of Mann and Whitney (1947), row by row.
std::vector<double> u_counts(int n, int m) {
  // f[i][j][u] is built up over i + j; keep a table per (i, j).
  std::vector<std::vector<std::vector<double>>> f(n + 1, std::vector<std::vector<double>>(m + 1));
  for (int i = 0; i <= n; ++i)
    for (int j = 0; j <= m; ++j) {
      std::vector<double>& c = f[i][j];
      c.assign(static_cast<std::size_t>(i * j) + 1, 0);
      if (i == 0 || j == 0) {
        c[0] = 1;
        continue;
      }
      // The largest value is from the first sample (it beats all j of the
      // second: U grows by j) or from the second (U unchanged).
      const auto& a = f[i - 1][j];
      const auto& b = f[i][j - 1];
      for (std::size_t u = 0; u < a.size(); ++u) c[u + static_cast<std::size_t>(j)] += a[u];
      for (std::size_t u = 0; u < b.size(); ++u) c[u] += b[u];
    }
  return f[n][m];
}

}  // namespace

UTest mann_whitney(std::span<const double> a, std::span<const double> b) {
  const int n = static_cast<int>(a.size()), m = static_cast<int>(b.size());
  if (n == 0 || m == 0) return {};
  // Ranks of all values together, ties sharing the mean of their ranks.
  std::vector<std::pair<double, int>> all;  // value, side (0: a)
  for (double x : a) all.emplace_back(x, 0);
  for (double x : b) all.emplace_back(x, 1);
  std::sort(all.begin(), all.end());
  double rank_sum_a = 0, tie_term = 0;
  bool ties = false;
  for (std::size_t i = 0; i < all.size();) {
    std::size_t j = i;
    while (j < all.size() && all[j].first == all[i].first) ++j;
    const double t = static_cast<double>(j - i), mid = (static_cast<double>(i + j) + 1) / 2;  // ranks i+1 .. j
    for (std::size_t k = i; k < j; ++k)
      if (all[k].second == 0) rank_sum_a += mid;
    tie_term += t * t * t - t;
    ties = ties || t > 1;
    i = j;
  }
  UTest r;
  r.u = rank_sum_a - n * (n + 1) / 2.0;
  const double mean = n * m / 2.0;
  if (!ties && n + m <= 40) {
    const std::vector<double> c = u_counts(n, m);
    const double total = std::accumulate(c.begin(), c.end(), 0.0);
    // The distribution is symmetric about n*m/2: the two-sided p is twice the
    // tail beyond the U observed, on its side.
    const double lo = std::min(r.u, n * m - r.u);
    double tail = 0;
    for (int u = 0; u <= static_cast<int>(std::floor(lo + 1e-9)); ++u) tail += c[static_cast<std::size_t>(u)];
    r.p = std::min(1.0, 2 * tail / total);
    r.exact = true;
    return r;
  }
  const double N = n + m;
  const double var = n * m / 12.0 * ((N + 1) - tie_term / (N * (N - 1)));
  if (var <= 0) return r;  // every value equal: no evidence either way
  const double z = std::max(0.0, std::abs(r.u - mean) - 0.5) / std::sqrt(var);
  r.p = std::min(1.0, std::erfc(z / std::sqrt(2.0)));
  return r;
}

double smallest_p(int n, int m) {
  if (n <= 0 || m <= 0) return 1;
  std::vector<double> a(static_cast<std::size_t>(n)), b(static_cast<std::size_t>(m));
  std::iota(a.begin(), a.end(), 0.0);
  std::iota(b.begin(), b.end(), static_cast<double>(n));  // every b above every a: U = 0
  return mann_whitney(a, b).p;
}

}  // namespace parlab::stats
