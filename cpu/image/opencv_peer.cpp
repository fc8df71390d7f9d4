// OpenCV's filters, the image family's benchmark peer (parlab/benchmarks.hpp):
// the same filters on the same built-in 3840x2160 data, with the same
// borders (BORDER_REPLICATE = clamp to edge), at one thread and at all
// threads beside the openmp backend (cv::setNumThreads):
//   vs_opencv/<case>/<threads>/{parlab,opencv}
// Each is checked against the scalar reference first, as parlab's own
// variants are: a time is only worth comparing if both computed the same
// image (within 1e-4 of the float reference; 8-bit gray to the byte).
// Built when OpenCV is found (cpu/image/CMakeLists.txt).
#include <opencv2/core.hpp>
#include <opencv2/imgproc.hpp>

#include <string>

#include "cpu/image/filters.hpp"
#include "cpu/image/image_variants.hpp"
#include "parlab/benchmarks.hpp"

namespace parlab::image {
namespace {

// OpenCV's own thread count, set when a run asks for another one.
void use_threads(int threads) {
  static int now = -2;
  const int want = threads > 0 ? threads : -1;  // -1: OpenCV's default
  if (want != now) cv::setNumThreads(now = want);
}

// Views of the kernel's parts as OpenCV matrices (no copy). OpenCV writes
// into an output view in place, its size and type being right already.
cv::Mat view(const Image& img) {
  return cv::Mat(img.height, img.width, CV_32FC1, const_cast<float*>(img.data.data()));
}
cv::Mat view(const Image8& img) {
  return cv::Mat(img.height, img.width, img.channels == 3 ? CV_8UC3 : CV_8UC1, const_cast<std::uint8_t*>(img.data.data()));
}

// A float filter on a one-channel image: `cv(in, out, p)` writes `out`.
template <class Filter>
void float_filter(const Data& in, Data& out, const Params& p, Filter cv) {
  const Image& src = in.get<Image>("image");
  use_threads(p.threads);
  cv::Mat dst = view(output(src, out));
  cv(view(src), dst, p);
}

void gaussian(const Data& in, Data& out, const Params& p, Spans&) {
  float_filter(in, out, p, [](const cv::Mat& s, cv::Mat d, const Params& q) {
    const double sigma = q.real("sigma");
    const int k = 2 * gaussian_radius(sigma, static_cast<int>(q.integer("radius"))) + 1;
    cv::GaussianBlur(s, d, cv::Size(k, k), sigma, sigma, cv::BORDER_REPLICATE);
  });
}
void box(const Data& in, Data& out, const Params& p, Spans&) {
  float_filter(in, out, p, [](const cv::Mat& s, cv::Mat d, const Params& q) {
    const int k = 2 * box_radius(q) + 1;
    cv::blur(s, d, cv::Size(k, k), cv::Point(-1, -1), cv::BORDER_REPLICATE);
  });
}
void sobel(const Data& in, Data& out, const Params& p, Spans&) {
  float_filter(in, out, p, [](const cv::Mat& s, cv::Mat d, const Params&) {
    cv::Mat gx, gy;
    cv::Sobel(s, gx, CV_32F, 1, 0, 3, 1, 0, cv::BORDER_REPLICATE);
    cv::Sobel(s, gy, CV_32F, 0, 1, 3, 1, 0, cv::BORDER_REPLICATE);
    cv::magnitude(gx, gy, d);
  });
}
void gray_u8(const Data& in, Data& out, const Params& p, Spans&) {
  const Image8& src = in.get<Image8>("rgb8");
  use_threads(p.threads);
  cv::Mat dst = view(gray8_output(src, out));
  cv::cvtColor(view(src), dst, cv::COLOR_RGB2GRAY);
}

std::string about() {
  // The build information names the parallel framework OpenCV was built with.
  const std::string build = cv::getBuildInformation();
  std::string framework = "unknown";
  if (const auto at = build.find("Parallel framework:"); at != std::string::npos) {
    framework = build.substr(at + 19, build.find('\n', at) - at - 19);
    framework.erase(0, framework.find_first_not_of(' '));
  }
  return std::string("OpenCV ") + CV_VERSION + ", parallel framework " + framework + ", " +
         std::to_string(cv::getNumThreads()) + " threads by default";
}

Peer opencv(std::string_view kernel, Variant run, std::vector<Peer::Case> cases) {
  return {.name = "opencv", .kernel = kernel, .summary = "OpenCV's own filter, BORDER_REPLICATE", .beside = Backend::openmp,
          .run = run, .cases = std::move(cases), .about = about};
}

// Gaussians with an explicit radius, so OpenCV gets the same kernel size.
const RegisterPeer kGaussian{opencv("gaussian_blur", gaussian,
                                    {{"gaussian_sigma1_5taps", {{"sigma", 1.0}, {"radius", 2}}},
                                     {"gaussian_sigma2.3_15taps", {{"sigma", 2.3}, {"radius", 7}}}})};
const RegisterPeer kBox{opencv("box_blur", box, {{"box_9x9", {{"radius", 4}}}})};
const RegisterPeer kSobel{opencv("sobel", sobel, {{"sobel_3x3", {}}})};
const RegisterPeer kGray{opencv("gray_u8", gray_u8, {{"rgb_to_gray_8bit", {}}})};

}  // namespace
}  // namespace parlab::image
