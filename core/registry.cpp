// The kernel registry: every kernel, its cost, its tolerance and its variant
// per backend. The CLI, the tests and the benchmarks all read this table.
#include "parlab/registry.hpp"

#include <cmath>

#include "core/image_kernels.hpp"
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

// ---- image family: the built-in 3840x2160 test image in, an image out.
using cuda::Filter;

template <Filter f, Backend b>
void image_variant(const Data& in, Data& out, const Params& p) {
  image_kernels::run(f, b, in, out, p);
}

template <Filter f>
cuda::Timing image_device_timer(const Data& in, Data& out, const Params& p, int repeat) {
  return image_kernels::run_on_device(f, in, out, p, repeat);
}

template <Filter f>
constexpr Kernel image_kernel(std::string_view name, std::string_view summary, Cost cost, Tolerance tol,
                              Data (*input)(const Params&)) {
  return {.name = name,
          .family = "image",
          .summary = summary,
          .cost = cost,
          .tolerance = tol,
          .default_size = 3840 * 2160,
          .make_input = input,
          .variants = {image_variant<f, Backend::cuda>, image_variant<f, Backend::openmp>,
                       image_variant<f, Backend::simd>, image_variant<f, Backend::scalar>},
          .device_timer = image_device_timer<f>};
}

// Relative 1e-6: the bound derived in include/parlab/reduce.hpp for data of
// one sign. min and max are exact on every backend.
const Kernel kKernels[] = {
    reduce_kernel<ReduceOp::sum>("reduce_sum", "sum of a float32 array", {Check::relative, 1e-6}),
    reduce_kernel<ReduceOp::min>("reduce_min", "minimum of a float32 array", {Check::exact, 0}),
    reduce_kernel<ReduceOp::max>("reduce_max", "maximum of a float32 array", {Check::exact, 0}),
    reduce_kernel<ReduceOp::mean>("reduce_mean", "mean of a float32 array", {Check::relative, 1e-6}),
    // Images: float kernels within 1e-4 absolute of the float64 reference on
    // [0, 1] data (they differ by float32 rounding only); gray_u8 is exact.
    // Cost per pixel: the ideal traffic (each input read once, each output
    // written once); flops at the default parameters.
    image_kernel<Filter::gray>("gray", "RGB -> luma (BT.601), float planes", {12, 4, 5}, {Check::absolute, 1e-4},
                               image_kernels::rgb_input),
    image_kernel<Filter::gray_u8>("gray_u8", "RGB -> luma (BT.601), 8-bit interleaved, fixed point", {3, 1, 6},
                                  {Check::exact, 0}, image_kernels::rgb8_input),
    image_kernel<Filter::box>("box_blur", "box blur, any radius, running sums (--radius, default 4: 9x9)", {4, 4, 5},
                              {Check::absolute, 1e-4}, image_kernels::gray_input),
    image_kernel<Filter::gaussian>("gaussian_blur", "separable Gaussian blur (--sigma, radius ceil(3 sigma))",
                                   {4, 4, 28}, {Check::absolute, 1e-4}, image_kernels::gray_input),
    image_kernel<Filter::sobel>("sobel", "Sobel gradient magnitude, 3x3", {4, 4, 17}, {Check::absolute, 1e-4},
                                image_kernels::gray_input),
    image_kernel<Filter::unsharp>("unsharp", "unsharp mask: in + amount * (in - gaussian) (--sigma, --amount)",
                                  {4, 4, 32}, {Check::absolute, 1e-4}, image_kernels::gray_input),
};

bool same(double a, double b) { return (std::isnan(a) && std::isnan(b)) || a == b; }

}  // namespace

std::span<const Kernel> kernels() { return kKernels; }

std::size_t elements(const Kernel& k, const Params& p) {
  if (k.family == "image") return static_cast<std::size_t>(p.width) * static_cast<std::size_t>(p.height);
  return p.size ? p.size : k.default_size;
}

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
  if (got.values.size() != ref.values.size() || got.image.data.size() != ref.image.data.size() ||
      got.bytes.size() != ref.bytes.size() || got.image.channels != ref.image.channels) {
    return {false, INFINITY, "output has another shape than the reference's"};
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
  for (std::size_t i = 0; i < got.image.data.size(); ++i) check(got.image.data[i], ref.image.data[i]);
  for (std::size_t i = 0; i < got.bytes.size(); ++i) check(got.bytes[i], ref.bytes[i]);

  static constexpr const char* kind[] = {"relative error", "absolute error", "difference"};
  if (t.check == Check::exact)
    std::snprintf(buf, sizeof buf, "%s %.3g (exact match required)", kind[static_cast<int>(t.check)], worst);
  else
    std::snprintf(buf, sizeof buf, "%s %.3g %s %.3g", kind[static_cast<int>(t.check)], worst, ok ? "<=" : ">", t.value);
  return {ok, worst, buf};
}

}  // namespace parlab
