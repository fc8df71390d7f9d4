// The reduce family's kernels: one registration each. A float32 array from
// the seed in, one float64 number out.
//
// Across ranks (mpirun -n R parlab run reduce_sum): rank r generates only its
// share of the blocks (kReduceBlock elements each, the r-th contiguous share)
// from the seed, and the ranks combine what they computed in the order one
// process uses, so the result is bitwise that of one process for any R:
//   simd, openmp  every rank gathers every block sum and adds them in block order;
//   scalar        the reference adds element by element: the ranks add their
//                 slices in turn, rank 0 first (serial, but the same sequence);
//   min, max      exact in any order: the smallest (largest) of the ranks',
//                 NaN when any rank saw one.
#include <algorithm>
#include <cmath>
#include <limits>

#include "cpu/reduce/reduce.hpp"
#include "parlab/registry.hpp"
#include "parlab/rng.hpp"
#include "parlab/trace.hpp"
#include "runtime/mpi/ranks.hpp"

namespace parlab::reduce {
namespace {

const Option kSize{.name = "size",
                   .type = OptionType::count,
                   .fallback = double(std::size_t{1} << 26),
                   .min = 0,
                   .max = kMaxCount,
                   .help = "elements of the built-in float32 array",
                   .builtin_input = true,
                   .scales = true};

// This rank's elements: the whole array with one process.
mpi::Share my_elements(std::uint64_t n) {
  const mpi::Share blocks = mpi::my_share((n + kReduceBlock - 1) / kReduceBlock);
  const std::uint64_t first = std::min<std::uint64_t>(n, blocks.first * kReduceBlock);
  return {first, std::min<std::uint64_t>(n, (blocks.first + blocks.count) * kReduceBlock) - first};
}

Data uniform_input(const Params& p) {
  Data d;
  Floats& x = d.put<Floats>("x");
  const mpi::Share mine = my_elements(p.count("size"));
  x.resize(mine.count);
  fill_uniform(x, p.seed, 0.0f, 1.0f, mine.first);  // one sign: a relative error is meaningful
  return d;
}

// What the ranks computed, combined as one process would (see the top).
double gathered_sums(const std::vector<double>& mine) {
  const trace::Scope span("gather", "communication");
  return in_order(mpi::allgather(std::span<const double>(mine)));
}
double scalar_sum_in_turn(double carry, const void* x) {
  for (float v : *static_cast<const std::span<const float>*>(x)) carry += v;
  return carry;
}
double extreme_of_ranks(double mine, ReduceOp op) {
  const trace::Scope span("combine", "communication");
  if (mpi::any(std::isnan(mine))) return std::numeric_limits<double>::quiet_NaN();
  return op == ReduceOp::min ? mpi::min(mine) : mpi::max(mine);
}
double mean_of(double sum, const Params& p) {
  const auto n = p.count("size");
  return n == 0 ? std::numeric_limits<double>::quiet_NaN() : sum / static_cast<double>(n);
}

// Each element read once; one add (or compare) per element.
Cost reduce_cost(const Params& p) {
  const double n = static_cast<double>(p.count("size"));
  return {.items = n, .bytes_read = 4 * n, .flops32 = n, .footprint = 4 * n};
}

// The variants of one operation: the part is named after it ("sum", "min", ...).
template <ReduceOp op>
struct Reduce {
  static std::span<const float> x(const Data& in) { return in.get<Floats>("x"); }
  static std::string_view part() { return to_string(op); }
  // One process: `whole`. Across ranks (see the top): min and max from
  // each rank's own, sum and mean from the sum the ranks make together.
  template <class Whole, class Sum>
  static double across_ranks(const Params& p, Whole whole, Sum sum) {
    if (!mpi::distributed()) return whole();
    if (op == ReduceOp::min || op == ReduceOp::max) return extreme_of_ranks(whole(), op);
    const double s = sum();
    return op == ReduceOp::sum ? s : mean_of(s, p);
  }
  static void scalar(const Data& in, Data& out, const Params& p, Spans&) {
    const std::span<const float> mine = x(in);
    out.set(part(), across_ranks(p, [&] { return reduce_scalar(mine, op); },
                                 [&] { return mpi::in_turn(0, scalar_sum_in_turn, &mine); }));
  }
  static void simd(const Data& in, Data& out, const Params& p, Spans&) {
    out.set(part(), across_ranks(p, [&] { return reduce_simd(x(in), op); },
                                 [&] { return gathered_sums(block_sums_simd(x(in))); }));
  }
  static void openmp(const Data& in, Data& out, const Params& p, Spans&) {
    out.set(part(), across_ranks(p, [&] { return reduce_openmp(x(in), op, p.threads); },
                                 [&] { return gathered_sums(block_sums_openmp(x(in), p.threads)); }));
  }
  static Kernel kernel(std::string_view name, std::string_view summary, Check check) {
    return {.name = name,
            .family = "reduce",
            .summary = summary,
            .options = {kSize},
            .cost = reduce_cost,
            .checks = {check},
            .generate = uniform_input,
            .variants = variants({{Backend::openmp, openmp}, {Backend::simd, simd}, {Backend::scalar, scalar}})};
  }
};

// Relative 1e-6: the bound derived in cpu/reduce/reduce.hpp for data of
// one sign. min and max are exact on every backend.
const Register kSum{Reduce<ReduceOp::sum>::kernel("reduce_sum", "sum of a float32 array", {Check::relative, 1e-6})};
const Register kMin{Reduce<ReduceOp::min>::kernel("reduce_min", "minimum of a float32 array", {Check::exact, 0})};
const Register kMax{Reduce<ReduceOp::max>::kernel("reduce_max", "maximum of a float32 array", {Check::exact, 0})};
const Register kMean{
    Reduce<ReduceOp::mean>::kernel("reduce_mean", "mean of a float32 array", {Check::relative, 1e-6})};

}  // namespace
}  // namespace parlab::reduce
