// The reference reduction: one element after another, accumulated in float64.
#include <cmath>
#include <limits>

#include "cpu/reduce/reduce.hpp"

namespace parlab::reduce {

std::string_view to_string(ReduceOp op) {
  switch (op) {
    case ReduceOp::sum: return "sum";
    case ReduceOp::min: return "min";
    case ReduceOp::max: return "max";
    case ReduceOp::mean: return "mean";
  }
  return "?";
}

double reduce_scalar(std::span<const float> x, ReduceOp op) {
  const double nan = std::numeric_limits<double>::quiet_NaN();
  switch (op) {
    case ReduceOp::sum:
    case ReduceOp::mean: {
      double s = 0;
      for (float v : x) s += v;
      if (op == ReduceOp::sum) return s;
      return x.empty() ? nan : s / static_cast<double>(x.size());
    }
    case ReduceOp::min:
    case ReduceOp::max: {
      const bool is_min = op == ReduceOp::min;
      float r = is_min ? std::numeric_limits<float>::infinity() : -std::numeric_limits<float>::infinity();
      for (float v : x) {
        if (std::isnan(v)) return nan;  // any NaN makes the result NaN
        if (is_min ? v < r : v > r) r = v;
      }
      return r;
    }
  }
  return nan;
}

}  // namespace parlab::reduce
