// Halide's separable Gaussian, the image family's second benchmark peer
// (parlab/benchmarks.hpp): the same taps (parlab's own, baked into the
// pipeline as constants, so Halide unrolls them as a hand-written filter
// would), the same border (repeat_edge = clamp to edge), JIT-compiled for
// this CPU and scheduled the way Halide's own apps/blur is: the output in
// 256x32 tiles, vectorised along x, each tile's row pass computed inside it.
//   vs_halide/<case>/<threads>/{parlab,halide}
// One thread: that schedule as it is; all threads: the same with the tiles'
// rows in parallel (Halide's own thread pool, one thread per CPU; the
// openmp backend beside it runs as many). Checked pixel by pixel against the
// scalar reference before any time counts, as every peer is.
// Built when Debian's libhalide14-0-dev is found (cpu/image/CMakeLists.txt).
#include <Halide.h>

#include <map>
#include <mutex>
#include <string>
#include <utility>
#include <vector>

#include "cpu/image/filters.hpp"
#include "cpu/image/image_variants.hpp"
#include "parlab/benchmarks.hpp"

namespace parlab::image {
namespace {

// A compiled pipeline: the input it reads and the function it realises.
struct Pipeline {
  Halide::ImageParam input{Halide::Float(32), 2, "input"};
  Halide::Func blur_y{"blur_y"};
};

Pipeline compile(const std::vector<float>& taps, bool parallel) {
  Pipeline p;
  const int r = static_cast<int>(taps.size() / 2);
  Halide::Var x("x"), y("y"), xi("xi"), yi("yi");
  Halide::Func clamped = Halide::BoundaryConditions::repeat_edge(p.input);
  Halide::Func blur_x("blur_x");
  Halide::Expr sx = 0.0f, sy = 0.0f;
  for (int k = -r; k <= r; ++k) sx += taps[k + r] * clamped(x + k, y);
  blur_x(x, y) = sx;
  for (int k = -r; k <= r; ++k) sy += taps[k + r] * blur_x(x, y + k);
  p.blur_y(x, y) = sy;
  const Halide::Target target = Halide::get_jit_target_from_environment();
  const int lanes = target.natural_vector_size<float>();
  p.blur_y.tile(x, y, xi, yi, 256, 32).vectorize(xi, lanes);
  if (parallel) p.blur_y.parallel(y);
  blur_x.compute_at(p.blur_y, x).vectorize(x, lanes);
  p.blur_y.compile_jit(target);
  return p;
}

// One pipeline per (taps, parallel), compiled on first use (the benchmark's
// check run), so the JIT's time is never timed.
Pipeline& pipeline(const std::vector<float>& taps, bool parallel) {
  static std::mutex m;
  static std::map<std::pair<std::vector<float>, bool>, Pipeline> cache;
  const std::lock_guard lock(m);
  const auto key = std::make_pair(taps, parallel);
  auto it = cache.find(key);
  if (it == cache.end()) it = cache.emplace(key, compile(taps, parallel)).first;
  return it->second;
}

void gaussian(const Data& in, Data& out, const Params& p, Spans&) {
  const Image& src = in.get<Image>("image");
  Image& dst = output(src, out);
  Pipeline& h = pipeline(taps(p), p.threads != 1);
  for (int c = 0; c < src.channels; ++c) {
    Halide::Buffer<float> from(const_cast<float*>(src.plane(c)), src.width, src.height);
    Halide::Buffer<float> to(dst.plane(c), dst.width, dst.height);
    h.input.set(from);
    h.blur_y.realize(to);
  }
}

std::string about() {
  // Halide 14's headers carry no version macro; Debian's package names it.
  return "Halide 14 (libhalide14-0), JIT for " + Halide::get_jit_target_from_environment().to_string() +
         ", apps/blur's schedule (256x32 tiles, vectorised, rows parallel at all threads)";
}

const RegisterPeer kGaussian{{.name = "halide",
                              .kernel = "gaussian_blur",
                              .summary = "Halide's separable Gaussian, JIT, apps/blur's schedule, repeat_edge",
                              .beside = Backend::openmp,
                              .run = gaussian,
                              .cases = {{"gaussian_sigma1_5taps", {{"sigma", 1.0}, {"radius", 2}}},
                                        {"gaussian_sigma2.3_15taps", {{"sigma", 2.3}, {"radius", 7}}}},
                              .about = about}};

}  // namespace
}  // namespace parlab::image
