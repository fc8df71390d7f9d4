// The reduce family's kernels: one registration each. A float32 array from
// the seed in, one float64 number out.
#include "cpu/reduce/reduce.hpp"
#include "parlab/registry.hpp"
#include "parlab/rng.hpp"

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

Data uniform_input(const Params& p) {
  Data d;
  Floats& x = d.put<Floats>("x");
  x.resize(p.count("size"));
  fill_uniform(x, p.seed, 0.0f, 1.0f);  // one sign: a relative error is meaningful
  return d;
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
  static void scalar(const Data& in, Data& out, const Params&, Spans&) { out.set(part(), reduce_scalar(x(in), op)); }
  static void simd(const Data& in, Data& out, const Params&, Spans&) { out.set(part(), reduce_simd(x(in), op)); }
  static void openmp(const Data& in, Data& out, const Params& p, Spans&) {
    out.set(part(), reduce_openmp(x(in), op, p.threads));
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
