// OpenCV's filters beside parlab's openmp backend, on the same 3840x2160 data,
// at the same thread count (1 and all), with the same borders
// (BORDER_REPLICATE = clamp to edge). Each pair is checked against each other
// once: a time is only worth comparing if both computed the same image.
//
//   vs_opencv/<filter>/<threads>/parlab     parlab openmp (one thread: no team)
//   vs_opencv/<filter>/<threads>/opencv     cv::setNumThreads(threads)
//   box_radius/<r>/<threads>/parlab         box blur throughput against the radius
#include <benchmark/benchmark.h>

#include <algorithm>
#include <cmath>
#include <opencv2/core.hpp>
#include <opencv2/imgproc.hpp>
#include <map>
#include <string>
#include <vector>

#include "bench/peers/peers.hpp"
#include "parlab/openmp.hpp"
#include "parlab/registry.hpp"

namespace parlab::peers {
namespace {

struct Setting {
  const char* option;
  double value;
};
struct Pair {
  const char* label;
  const char* kernel;
  std::vector<Setting> settings;
  // OpenCV's version of the same filter.
  void (*opencv)(const cv::Mat& in, cv::Mat& out, const Params& p);
};

void cv_gaussian(const cv::Mat& in, cv::Mat& out, const Params& p) {
  const int k = 2 * static_cast<int>(p.integer("radius")) + 1;
  cv::GaussianBlur(in, out, cv::Size(k, k), p.real("sigma"), p.real("sigma"), cv::BORDER_REPLICATE);
}
void cv_box(const cv::Mat& in, cv::Mat& out, const Params& p) {
  const int k = 2 * static_cast<int>(p.integer("radius")) + 1;
  cv::blur(in, out, cv::Size(k, k), cv::Point(-1, -1), cv::BORDER_REPLICATE);
}
void cv_sobel(const cv::Mat& in, cv::Mat& out, const Params&) {
  cv::Mat gx, gy;
  cv::Sobel(in, gx, CV_32F, 1, 0, 3, 1, 0, cv::BORDER_REPLICATE);
  cv::Sobel(in, gy, CV_32F, 0, 1, 3, 1, 0, cv::BORDER_REPLICATE);
  cv::magnitude(gx, gy, out);
}
void cv_gray(const cv::Mat& in, cv::Mat& out, const Params&) { cv::cvtColor(in, out, cv::COLOR_RGB2GRAY); }

// Gaussians with an explicit radius, so OpenCV gets the same kernel size.
const Pair kPairs[] = {
    {"gaussian_sigma1_5taps", "gaussian_blur", {{"sigma", 1.0}, {"radius", 2}}, cv_gaussian},
    {"gaussian_sigma2.3_15taps", "gaussian_blur", {{"sigma", 2.3}, {"radius", 7}}, cv_gaussian},
    {"box_9x9", "box_blur", {{"radius", 4}}, cv_box},
    {"sobel_3x3", "sobel", {}, cv_sobel},
    {"rgb_to_gray_8bit", "gray_u8", {}, cv_gray},
};

Params params_of(const Kernel& k, const std::vector<Setting>& settings, int threads) {
  Params p = k.defaults();
  p.threads = threads;
  for (const Setting& s : settings) p.set(s.option, s.value);
  return p;
}

// The built-in 3840x2160 input, made once per kind.
const Data& input_for(const Kernel& k) {
  static std::map<void*, Data> cache;
  auto key = reinterpret_cast<void*>(k.generate);
  if (!cache.count(key)) cache[key] = k.generate(k.defaults());
  return cache[key];
}

// A view of the kernel's input or output part as an OpenCV matrix (no copy).
cv::Mat as_mat(const Data& d) {
  if (const Part* p = d.find("rgb8")) {
    const auto& img = std::get<Image8>(p->value);
    return cv::Mat(img.height, img.width, CV_8UC3, const_cast<std::uint8_t*>(img.data.data()));
  }
  if (const Part* p = d.find("gray8")) {
    const auto& img = std::get<Image8>(p->value);
    return cv::Mat(img.height, img.width, CV_8UC1, const_cast<std::uint8_t*>(img.data.data()));
  }
  const Image& img = d.get<Image>("image");
  return cv::Mat(img.height, img.width, CV_32FC1, const_cast<float*>(img.data.data()));
}

double max_diff(const cv::Mat& a, const cv::Mat& b) {
  cv::Mat fa, fb;
  a.convertTo(fa, CV_64F);
  b.convertTo(fb, CV_64F);
  return cv::norm(fa, fb, cv::NORM_INF);
}

void run_parlab(benchmark::State& s, const Pair& pair, int threads) {
  const Kernel& k = find_kernel(pair.kernel);
  const Params p = params_of(k, pair.settings, threads);
  const Data& in = input_for(k);
  Data out;
  Spans spans;
  k.variant(Backend::openmp)(in, out, p, spans);
  cv::Mat theirs;
  pair.opencv(as_mat(in), theirs, p);
  const double diff = max_diff(as_mat(out), theirs);
  const double tolerance = k.name == "gray_u8" ? 0 : 1e-4;  // the 8-bit path must match bit for bit
  if (diff > tolerance) {
    s.SkipWithError(("parlab and OpenCV disagree: max |difference| " + std::to_string(diff)).c_str());
    return;
  }
  for (auto _ : s) {
    k.variant(Backend::openmp)(in, out, p, spans);
    benchmark::DoNotOptimize(out);
  }
  s.counters["max_diff_vs_opencv"] = diff;
  s.SetItemsProcessed(static_cast<int64_t>(k.cost(p).items) * s.iterations());
}

void run_opencv(benchmark::State& s, const Pair& pair, int threads) {
  const Kernel& k = find_kernel(pair.kernel);
  const Params p = params_of(k, pair.settings, threads);
  const cv::Mat src = as_mat(input_for(k));
  cv::Mat dst;
  cv::setNumThreads(threads);
  for (auto _ : s) {
    pair.opencv(src, dst, p);
    benchmark::DoNotOptimize(dst.data);
  }
  cv::setNumThreads(-1);
  s.SetItemsProcessed(static_cast<int64_t>(k.cost(p).items) * s.iterations());
}

void run_box_radius(benchmark::State& s, int r, int threads) {
  const Kernel& k = find_kernel("box_blur");
  const Params p = params_of(k, {{"radius", double(r)}}, threads);
  const Data& in = input_for(k);
  Data out;
  Spans spans;
  for (auto _ : s) {
    k.variant(Backend::openmp)(in, out, p, spans);
    benchmark::DoNotOptimize(out);
  }
  s.SetItemsProcessed(static_cast<int64_t>(k.cost(p).items) * s.iterations());
}

}  // namespace

bool opencv_available() { return true; }

void register_opencv() {
  if (!backend_status(Backend::openmp).usable) return;
  benchmark::AddCustomContext("opencv_version", CV_VERSION);
  // The build information names the parallel framework OpenCV was built with.
  const std::string build = cv::getBuildInformation();
  const auto at = build.find("Parallel framework:");
  if (at != std::string::npos) {
    std::string line = build.substr(at + 19, build.find('\n', at) - at - 19);
    line.erase(0, line.find_first_not_of(' '));
    benchmark::AddCustomContext("opencv_parallel_framework", line);
  }
  benchmark::AddCustomContext("opencv_default_threads", std::to_string(cv::getNumThreads()));
  const int all = openmp::threads();
  for (int t : {1, all}) {
    if (t == 1 && all == 1) continue;
    for (const Pair& pair : kPairs) {
      const std::string base = std::string("vs_opencv/") + pair.label + "/" + std::to_string(t) + "/";
      benchmark::RegisterBenchmark((base + "parlab").c_str(), [&pair, t](benchmark::State& s) { run_parlab(s, pair, t); })
          ->UseRealTime()->Unit(benchmark::kMillisecond);
      benchmark::RegisterBenchmark((base + "opencv").c_str(), [&pair, t](benchmark::State& s) { run_opencv(s, pair, t); })
          ->UseRealTime()->Unit(benchmark::kMillisecond);
    }
  }
  for (int r : {1, 2, 4, 8, 16, 32})
    benchmark::RegisterBenchmark(("box_radius/" + std::to_string(r) + "/" + std::to_string(all) + "/parlab").c_str(),
                                 [r, all](benchmark::State& s) { run_box_radius(s, r, all); })
        ->UseRealTime()->Unit(benchmark::kMillisecond);
}

}  // namespace parlab::peers
