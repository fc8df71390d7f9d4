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
#include <string>

#include "bench/peers/peers.hpp"
#include "parlab/openmp.hpp"
#include "parlab/registry.hpp"

namespace parlab::peers {
namespace {

struct Pair {
  const char* label;
  const char* kernel;
  FilterParams params;
  // OpenCV's version of the same filter.
  void (*opencv)(const cv::Mat& in, cv::Mat& out, const FilterParams& p);
};

void cv_gaussian(const cv::Mat& in, cv::Mat& out, const FilterParams& p) {
  const int k = 2 * gaussian_radius(p) + 1;
  cv::GaussianBlur(in, out, cv::Size(k, k), p.sigma, p.sigma, cv::BORDER_REPLICATE);
}
void cv_box(const cv::Mat& in, cv::Mat& out, const FilterParams& p) {
  const int k = 2 * box_radius(p) + 1;
  cv::blur(in, out, cv::Size(k, k), cv::Point(-1, -1), cv::BORDER_REPLICATE);
}
void cv_sobel(const cv::Mat& in, cv::Mat& out, const FilterParams&) {
  cv::Mat gx, gy;
  cv::Sobel(in, gx, CV_32F, 1, 0, 3, 1, 0, cv::BORDER_REPLICATE);
  cv::Sobel(in, gy, CV_32F, 0, 1, 3, 1, 0, cv::BORDER_REPLICATE);
  cv::magnitude(gx, gy, out);
}
void cv_gray(const cv::Mat& in, cv::Mat& out, const FilterParams&) { cv::cvtColor(in, out, cv::COLOR_RGB2GRAY); }

const Pair kPairs[] = {
    {"gaussian_sigma1_5taps", "gaussian_blur", {1.0, 2, 1.0}, cv_gaussian},
    {"gaussian_sigma2.3_15taps", "gaussian_blur", {2.3, 7, 1.0}, cv_gaussian},
    {"box_9x9", "box_blur", {1.0, 4, 1.0}, cv_box},
    {"sobel_3x3", "sobel", {}, cv_sobel},
    {"rgb_to_gray_8bit", "gray_u8", {}, cv_gray},
};

const Data& input_for(const Kernel& k) {
  static Data gray, rgb8;
  Params p;
  if (k.name == "gray_u8") {
    if (rgb8.bytes.empty()) rgb8 = k.make_input(p);
    return rgb8;
  }
  if (gray.image.data.empty()) gray = k.make_input(p);
  return gray;
}

cv::Mat as_mat(const Data& d) {
  const Image& img = d.image;
  if (!d.bytes.empty()) return cv::Mat(img.height, img.width, img.channels == 1 ? CV_8UC1 : CV_8UC3, const_cast<std::uint8_t*>(d.bytes.data()));
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
  Params p;
  p.threads = threads;
  p.filter = pair.params;
  const Data& in = input_for(k);
  Data out;
  k.variant(Backend::openmp)(in, out, p);
  cv::Mat theirs;
  pair.opencv(as_mat(in), theirs, pair.params);
  Data out_copy = out;
  const cv::Mat ours = out.bytes.empty() ? cv::Mat(out.image.height, out.image.width, CV_32FC1, out_copy.image.data.data())
                                          : cv::Mat(out.image.height, out.image.width, CV_8UC1, out_copy.bytes.data());
  const double diff = max_diff(ours, theirs);
  const double tolerance = k.name == "gray_u8" ? 0 : 1e-4;  // the 8-bit path must match bit for bit
  if (diff > tolerance) {
    s.SkipWithError(("parlab and OpenCV disagree: max |difference| " + std::to_string(diff)).c_str());
    return;
  }
  for (auto _ : s) {
    k.variant(Backend::openmp)(in, out, p);
    benchmark::DoNotOptimize(out);
  }
  s.counters["max_diff_vs_opencv"] = diff;
  s.SetItemsProcessed(static_cast<int64_t>(in.image.pixels()) * s.iterations());
}

void run_opencv(benchmark::State& s, const Pair& pair, int threads) {
  const Kernel& k = find_kernel(pair.kernel);
  const Data& in = input_for(k);
  const cv::Mat src = as_mat(in);
  cv::Mat dst;
  cv::setNumThreads(threads);
  for (auto _ : s) {
    pair.opencv(src, dst, pair.params);
    benchmark::DoNotOptimize(dst.data);
  }
  cv::setNumThreads(-1);
  s.SetItemsProcessed(static_cast<int64_t>(in.image.pixels()) * s.iterations());
}

void run_box_radius(benchmark::State& s, int r, int threads) {
  const Kernel& k = find_kernel("box_blur");
  Params p;
  p.threads = threads;
  p.filter.radius = r;
  const Data& in = input_for(k);
  Data out;
  for (auto _ : s) {
    k.variant(Backend::openmp)(in, out, p);
    benchmark::DoNotOptimize(out);
  }
  s.SetItemsProcessed(static_cast<int64_t>(in.image.pixels()) * s.iterations());
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
