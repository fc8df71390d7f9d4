// `parlab demo models`: one batch of images, three ways to use the cores.
// Each image goes through three steps: gray (RGB -> luma), blur (Gaussian,
// sigma 4) and encode (quantise to 8 bits, with a checksum).
//   data parallelism      one image at a time, each step split over every worker (the openmp kernels);
//   task parallelism      one image per worker, all its steps on that worker (the simd kernels);
//   pipeline parallelism  the steps are stages joined by queues: gray and encode take the images in
//                         order, one at a time; blur takes any number at once (oneTBB's parallel_pipeline).
// Every design must give the same checksums.
#include <tbb/parallel_pipeline.h>
#include <tbb/task_arena.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <memory>
#include <string>

#include "parlab/image.hpp"
#include "parlab/registry.hpp"
#include "parlab/runner.hpp"
#include "parlab/trace.hpp"
#include "pipelines/demos/demos.hpp"
#include "pipelines/workers/workers.hpp"
#include "runtime/error.hpp"
#include "runtime/openmp.hpp"

namespace parlab::demo {
namespace {

const char* const kStep[] = {"gray", "blur", "encode"};

struct Batch {
  const Kernel& gray = find_kernel("gray");
  const Kernel& blur = find_kernel("gaussian_blur");
  Params gray_p, blur_p;
  std::vector<Data> photos;
  std::size_t images = 0;  // image i is photos[i % photos.size()]
  int workers = 1;
  const Data& photo(std::size_t i) const { return photos[i % photos.size()]; }
};

// Quantises a luma image to 8 bits: the sum of the bytes, weighted by
// position so that most swapped pixels would show. Its `threads` share the
// pixels; the sum does not depend on how.
std::uint64_t encode(const Image& img, int threads) {
  const auto n = static_cast<std::int64_t>(img.pixels());
  std::uint64_t sum = 0;
#pragma omp parallel for schedule(static) num_threads(threads) reduction(+ : sum) if (threads > 1)
  for (std::int64_t i = 0; i < n; ++i)
    sum += static_cast<std::uint64_t>(std::clamp(img.data[i], 0.0f, 1.0f) * 255.0f + 0.5f) * ((i & 255) + 1);
  return sum;
}

// Records one step of one image on worker `w`'s row.
struct Timeline {
  std::vector<gantt::Row> rows;
  explicit Timeline(int workers) : rows(static_cast<std::size_t>(workers)) {
    for (int w = 0; w < workers; ++w) rows[w].name = "worker " + std::to_string(w);
  }
  void add(int w, int step, std::int64_t t0, std::int64_t t1) {
    rows.at(static_cast<std::size_t>(w)).bars.push_back({kStep[step], t0, t1});
    if (trace::enabled()) trace::record(kStep[step], "models", t0, t1);
  }
};

// Times `f()`, adds it to the step's busy time, and returns its result.
template <class F>
auto step(Timeline& tl, std::vector<double>& busy, int w, int s, F f) {
  const std::int64_t t0 = trace::now_ns();
  auto r = f();
  const std::int64_t t1 = trace::now_ns();
#pragma omp critical(parlab_models_timeline)
  {
    tl.add(w, s, t0, t1);
    busy[s] += static_cast<double>(t1 - t0) * 1e-9;
  }
  return r;
}

// A design's outcome: its checksums, its chart, its time and each step's busy time.
struct Run {
  std::vector<std::uint64_t> sums;
  Timeline timeline;
  double seconds = 0;
  std::vector<double> busy = std::vector<double>(3, 0.0);
  explicit Run(const Batch& b) : sums(b.images), timeline(b.workers) {}
};

Data luma_of(const Batch& b, const Data& photo, Backend backend) {
  Data out;
  run_timed(b.gray, backend, photo, out, b.gray_p);
  return out;
}
Data blurred(const Batch& b, const Data& luma, Backend backend) {
  Data out;
  run_timed(b.blur, backend, luma, out, b.blur_p);
  return out;
}

// Data parallelism: every worker on each step of each image. The chart
// shows each step on every worker's row: all of them share it.
Run data_parallel(const Batch& b) {
  Run r(b);
  const std::int64_t t0 = trace::now_ns();
  for (std::size_t i = 0; i < b.images; ++i) {
    std::int64_t s0 = trace::now_ns();
    const Data luma = luma_of(b, b.photo(i), Backend::openmp);
    std::int64_t s1 = trace::now_ns();
    const Data blur = blurred(b, luma, Backend::openmp);
    std::int64_t s2 = trace::now_ns();
    r.sums[i] = encode(blur.get<Image>("image"), b.workers);
    std::int64_t s3 = trace::now_ns();
    const std::int64_t at[] = {s0, s1, s2, s3};
    for (int s = 0; s < 3; ++s) {
      r.busy[s] += static_cast<double>(at[s + 1] - at[s]) * 1e-9 * b.workers;
      for (int w = 0; w < b.workers; ++w) r.timeline.add(w, s, at[s], at[s + 1]);
    }
  }
  r.seconds = static_cast<double>(trace::now_ns() - t0) * 1e-9;
  return r;
}

// Task parallelism: each worker takes whole images, one at a time.
Run task_parallel(const Batch& b) {
  Run r(b);
  const std::int64_t t0 = trace::now_ns();
  const auto n = static_cast<std::int64_t>(b.images);
#pragma omp parallel for schedule(dynamic, 1) num_threads(b.workers)
  for (std::int64_t i = 0; i < n; ++i) {
    const int w = openmp::thread_index();
    const Data luma = step(r.timeline, r.busy, w, 0, [&] { return luma_of(b, b.photo(i), Backend::simd); });
    const Data blur = step(r.timeline, r.busy, w, 1, [&] { return blurred(b, luma, Backend::simd); });
    r.sums[i] = step(r.timeline, r.busy, w, 2, [&] { return encode(blur.get<Image>("image"), 1); });
  }
  r.seconds = static_cast<double>(trace::now_ns() - t0) * 1e-9;
  return r;
}

// Pipeline parallelism: three stages; at most 2 images per worker in flight
// (the queues between stages are bounded by oneTBB's tokens).
Run pipeline(const Batch& b) {
  Run r(b);
  struct Item {
    std::size_t index;
    Data data;
  };
  std::size_t next = 0;
  tbb::task_arena arena(b.workers);
  const std::int64_t t0 = trace::now_ns();
  arena.execute([&] {
    tbb::parallel_pipeline(
        static_cast<std::size_t>(2 * b.workers),
        tbb::make_filter<void, Item*>(tbb::filter_mode::serial_in_order,
                                      [&](tbb::flow_control& fc) -> Item* {
                                        if (next == b.images) {
                                          fc.stop();
                                          return nullptr;
                                        }
                                        const std::size_t i = next++;
                                        const int w = tbb::this_task_arena::current_thread_index();
                                        return new Item{i, step(r.timeline, r.busy, w, 0, [&] {
                                                          return luma_of(b, b.photo(i), Backend::simd);
                                                        })};
                                      }) &
            tbb::make_filter<Item*, Item*>(tbb::filter_mode::parallel,
                                           [&](Item* it) {
                                             const int w = tbb::this_task_arena::current_thread_index();
                                             it->data = step(r.timeline, r.busy, w, 1,
                                                             [&] { return blurred(b, it->data, Backend::simd); });
                                             return it;
                                           }) &
            tbb::make_filter<Item*, void>(tbb::filter_mode::serial_in_order, [&](Item* it) {
              const std::unique_ptr<Item> own(it);
              const int w = tbb::this_task_arena::current_thread_index();
              r.sums[it->index] =
                  step(r.timeline, r.busy, w, 2, [&] { return encode(it->data.get<Image>("image"), 1); });
            }));
  });
  r.seconds = static_cast<double>(trace::now_ns() - t0) * 1e-9;
  return r;
}

Report run(const Settings& s) {
  Batch b;
  b.workers = pipeline::tbb_workers(s.threads);
  const int images = std::max(2, static_cast<int>(std::lround(48 * std::min(s.scale, 8.0))));
  b.gray_p = b.gray.defaults();
  b.gray_p.set("width", 1280).set("height", 720);
  b.blur_p = b.blur.defaults();
  b.blur_p.set("width", 1280).set("height", 720).set("sigma", 4);
  b.gray_p.threads = b.blur_p.threads = b.workers;
  // The batch, in memory before any timing: 4 different photos, taken in turn.
  for (int i = 0; i < std::min(images, 4); ++i) {
    Params p = b.gray_p;
    p.seed = 1000 + static_cast<std::uint64_t>(i);
    b.photos.push_back(b.gray.generate(p));
  }
  b.images = static_cast<std::size_t>(images);
  const Run data = data_parallel(b), task = task_parallel(b), pipe = pipeline(b);
  if (data.sums != task.sums || data.sums != pipe.sums)
    throw Error("demo models: the three designs gave different checksums");

  Report r;
  r.title = "models: data vs task vs pipeline parallelism, " + std::to_string(images) + " images, " +
            std::to_string(b.workers) + " worker" + (b.workers > 1 ? "s" : "");
  r.shows = std::to_string(images) +
            " images of 1280x720, each gray -> blur (sigma 4) -> encode. Data: every worker on each step of one "
            "image. Task: one image per worker. Pipeline: stages joined by bounded queues, gray and encode in "
            "order, blur on any number of images at once. Same checksums from all three.";
  const double n = images;
  const std::pair<const char*, const Run*> designs[] = {{"data parallel", &data}, {"task parallel", &task}, {"pipeline", &pipe}};
  for (const auto& [name, x] : designs) {
    r.numbers.push_back({std::string(name) + ": time", x->seconds, "s"});
    r.numbers.push_back({std::string(name) + ": images/s", n / x->seconds, ""});
  }
  // The pipeline's limit: its slowest serial stage, or all the work shared
  // evenly, from the one-thread step times of the task-parallel run.
  const double gray = task.busy[0] / n, blur = task.busy[1] / n, enc = task.busy[2] / n;
  const double bound = std::max(n * std::max(gray, enc), n * (gray + blur + enc) / b.workers);
  r.numbers.push_back({"one image on one worker: gray", gray, "s"});
  r.numbers.push_back({"one image on one worker: blur", blur, "s"});
  r.numbers.push_back({"one image on one worker: encode", enc, "s"});
  r.numbers.push_back({"pipeline: the stages' bound", bound, "s"});
  r.numbers.push_back({"pipeline: fraction of that bound reached", bound / pipe.seconds, ""});
  r.charts = {{"data parallelism: each step split over every worker", data.timeline.rows},
              {"task parallelism: one image per worker", task.timeline.rows},
              {"pipeline parallelism: stages overlap across images", pipe.timeline.rows}};
  const bool serial_bound = n * std::max(gray, enc) >= n * (gray + blur + enc) / b.workers;
  char take[600];
  std::snprintf(take, sizeof take,
                "All three used the %d workers: %.1f, %.1f and %.1f images/s. Data parallelism pays a fork and a join "
                "per step and image; task parallelism needs as many images as workers; a pipeline overlaps the steps "
                "of different images, and is capped by its slowest serial stage (%.2f ms per image) or by the work "
                "shared evenly (%.2f ms per image), here the %s: it reached %.0f%% of that limit.",
                b.workers, n / data.seconds, n / task.seconds, n / pipe.seconds, 1e3 * std::max(gray, enc),
                1e3 * (gray + blur + enc) / b.workers, serial_bound ? "serial stage" : "work", 100 * bound / pipe.seconds);
  r.takeaway = take;
  return r;
}

const Register kModels{{.name = "models",
                        .summary = "data vs task vs pipeline parallelism on one batch of images",
                        .order = 5,
                        .run = run}};

}  // namespace
}  // namespace parlab::demo
