// The kernel registry: every kernel, its cost, its tolerance and its variant
// per backend. The CLI, the tests and the benchmarks all read this table.
#include "parlab/registry.hpp"

#include <cmath>

#include "parlab/error.hpp"
#include "parlab/reduce.hpp"
#include "parlab/rng.hpp"

namespace parlab {
namespace {

// ---- reduce family: float32 array in, one float64 scalar out.
Data reduce_input(const Params& p) {
  Data d;
  d.values.resize(p.size);
  fill_uniform(d.values, p.seed, 0.0f, 1.0f);  // one sign: relative error is meaningful
  return d;
}

template <ReduceOp op, Backend b>
void reduce_variant(const Data& in, Data& out, const Params& p) {
  if constexpr (b == Backend::scalar) out.scalar = reduce_scalar(in.values, op);
  if constexpr (b == Backend::simd) out.scalar = reduce_simd(in.values, op);
  if constexpr (b == Backend::openmp) out.scalar = reduce_openmp(in.values, op, p.threads);
  if constexpr (b == Backend::cuda) out.scalar = reduce_cuda(in.values, op);
}

template <ReduceOp op>
cuda::Timing reduce_device_timer(const Data& in, Data& out, const Params&, int repeat) {
  return cuda::reduce_timed(in.values, op, repeat, &out.scalar);
}

template <ReduceOp op>
constexpr Kernel reduce_kernel(std::string_view name, std::string_view summary, Tolerance tol) {
  return {.name = name,
          .family = "reduce",
          .summary = summary,
          .cost = {.bytes_read = 4, .bytes_written = 0, .flops = 1},
          .tolerance = tol,
          .default_size = std::size_t{1} << 26,
          .make_input = reduce_input,
          .variants = {reduce_variant<op, Backend::cuda>, reduce_variant<op, Backend::openmp>,
                       reduce_variant<op, Backend::simd>, reduce_variant<op, Backend::scalar>},
          .device_timer = reduce_device_timer<op>};
}

// Relative 1e-6: the bound derived in include/parlab/reduce.hpp for data of
// one sign. min and max are exact on every backend.
const Kernel kKernels[] = {
    reduce_kernel<ReduceOp::sum>("reduce_sum", "sum of a float32 array", {Check::relative, 1e-6}),
    reduce_kernel<ReduceOp::min>("reduce_min", "minimum of a float32 array", {Check::exact, 0}),
    reduce_kernel<ReduceOp::max>("reduce_max", "maximum of a float32 array", {Check::exact, 0}),
    reduce_kernel<ReduceOp::mean>("reduce_mean", "mean of a float32 array", {Check::relative, 1e-6}),
};

bool same(double a, double b) { return (std::isnan(a) && std::isnan(b)) || a == b; }

}  // namespace

std::span<const Kernel> kernels() { return kKernels; }

const Kernel& find_kernel(std::string_view name) {
  std::string known;
  for (const Kernel& k : kKernels) {
    if (k.name == name) return k;
    known += (known.empty() ? "" : ", ") + std::string(k.name);
  }
  throw UsageError("kernel '" + std::string(name) + "': unknown (known: " + known + ")");
}

Verdict verify(const Kernel& k, const Data& got, const Data& ref) {
  char buf[160];
  const Tolerance t = k.tolerance;
  if (got.values.size() != ref.values.size()) {
    return {false, INFINITY, "output has " + std::to_string(got.values.size()) + " values, reference " +
                                 std::to_string(ref.values.size())};
  }
  // Scalars and arrays are checked alike: the worst element decides.
  double worst = 0;
  bool ok = true;
  auto check = [&](double g, double r) {
    double e;
    if (t.check == Check::exact || std::isnan(g) || std::isnan(r))  // NaN matches only NaN
      e = same(g, r) ? 0 : (std::isnan(g) || std::isnan(r)) ? INFINITY : std::fabs(g - r);
    else if (t.check == Check::absolute)
      e = std::fabs(g - r);
    else
      e = g == r ? 0 : std::fabs(g - r) / std::fabs(r);
    ok = ok && (t.check == Check::exact ? e == 0 : e <= t.value);
    worst = std::max(worst, e);
  };
  check(got.scalar, ref.scalar);
  for (std::size_t i = 0; i < got.values.size(); ++i) check(got.values[i], ref.values[i]);

  static constexpr const char* kind[] = {"relative error", "absolute error", "difference"};
  if (t.check == Check::exact)
    std::snprintf(buf, sizeof buf, "%s %.3g (exact match required)", kind[static_cast<int>(t.check)], worst);
  else
    std::snprintf(buf, sizeof buf, "%s %.3g %s %.3g", kind[static_cast<int>(t.check)], worst, ok ? "<=" : ">", t.value);
  return {ok, worst, buf};
}

}  // namespace parlab
