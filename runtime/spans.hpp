#pragma once
// Named intervals a kernel variant reports about one run: "h2d", "kernel",
// "d2h" for a GPU round trip; pipeline stages later. Times are seconds from
// the start of the run. Variants that report nothing are timed as a whole.
#include <string>
#include <vector>

namespace parlab {

struct Span {
  std::string name;
  double start_s = 0;
  double end_s = 0;
  double seconds() const { return end_s - start_s; }
};

struct Spans {
  std::vector<Span> list;

  void add(std::string name, double start_s, double end_s) { list.push_back({std::move(name), start_s, end_s}); }
  bool empty() const { return list.empty(); }
  // Time spent in spans called `name` (0 if none).
  double total(const std::string& name) const {
    double s = 0;
    for (const Span& x : list) s += x.name == name ? x.seconds() : 0;
    return s;
  }
  // From the first start to the last end (0 if empty).
  double extent() const {
    if (list.empty()) return 0;
    double lo = list.front().start_s, hi = list.front().end_s;
    for (const Span& x : list) {
      lo = x.start_s < lo ? x.start_s : lo;
      hi = x.end_s > hi ? x.end_s : hi;
    }
    return hi - lo;
  }
};

}  // namespace parlab
