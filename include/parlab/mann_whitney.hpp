#pragma once
// Is the difference between two sets of timings real? The Mann-Whitney U
// test (Wilcoxon rank-sum), as Google Benchmark's compare tool uses it: it
// ranks the runs of both sides together and asks how likely rank sums this
// far apart are when both sides come from one distribution. It assumes no
// shape (timings are skewed, with outliers), only that the runs are
// independent.
#include <span>

namespace parlab::stats {

struct UTest {
  double u = 0;   // U of the first sample: pairs (a, b) with a > b, ties counted 1/2
  double p = 1;   // two-sided p-value
  bool exact = false;  // from the exact distribution (small samples without ties), else the normal approximation
};

// Two-sided. Exact for up to 40 runs in all when no two values tie; else the
// normal approximation with the tie correction and a continuity correction
// (as SciPy's mannwhitneyu, method "asymptotic"). Empty samples give p = 1.
UTest mann_whitney(std::span<const double> a, std::span<const double> b);

// The smallest p-value n and m runs can give (two-sided, exact): with 3 and
// 3 runs it is 0.1, so no difference can be called real at 0.05.
double smallest_p(int n, int m);

}  // namespace parlab::stats
