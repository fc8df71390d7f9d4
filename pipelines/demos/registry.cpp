// The demo registry, and the Amdahl fit the demos and the tests share.
#include <algorithm>
#include <cmath>

#include "parlab/demo.hpp"
#include "parlab/error.hpp"

namespace parlab::demo {
namespace {

std::vector<Demo>& list() {
  static std::vector<Demo> v;
  return v;
}

}  // namespace

Register::Register(Demo d) {
  auto& v = list();
  v.insert(std::upper_bound(v.begin(), v.end(), d, [](const Demo& a, const Demo& b) { return a.order < b.order; }), d);
}

std::span<const Demo> demos() { return list(); }

const Demo& find(std::string_view name) {
  std::string known;
  for (const Demo& d : list()) {
    if (d.name == name) return d;
    known += (known.empty() ? "" : ", ") + std::string(d.name);
  }
  throw UsageError("demo '" + std::string(name) + "': unknown (known: " + known + ")");
}

double fit_serial_fraction(const std::vector<std::pair<int, double>>& times) {
  double t1 = 0;
  for (const auto& [n, t] : times)
    if (n == 1) t1 = t;
  double sxy = 0, sxx = 0;
  int points = 0;
  for (const auto& [n, t] : times) {
    if (n <= 1 || t <= 0) continue;
    const double x = 1 - 1.0 / n, y = t / t1 - 1.0 / n;  // 1/S = t_n / t_1
    sxy += x * y;
    sxx += x * x;
    ++points;
  }
  if (t1 <= 0 || points == 0) return NAN;
  return std::clamp(sxy / sxx, 0.0, 1.0);
}

}  // namespace parlab::demo
