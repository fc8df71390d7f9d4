// The image family's kernels: one registration each, with their options,
// costs, checks, inputs (the built-in test image, or an image file) and the
// scalar reference variants. The simd and openmp variants live in
// cpu/image/filters_simd.cpp and cpu/image/filters_openmp.cpp; the cuda
// column registers itself from gpu/image/filters_cuda.cpp.
#include <cmath>

#include "cpu/image/filters.hpp"
#include "cpu/image/image_io.hpp"
#include "cpu/image/image_variants.hpp"
#include "parlab/benchmarks.hpp"
#include "runtime/error.hpp"

namespace parlab::image {

// ---- Helpers the variants of every backend share (cpu/image/image_variants.hpp).
Image& output(const Image& src, Data& out, int channels) {
  Image& dst = out.put<Image>("image");
  dst.width = src.width;
  dst.height = src.height;
  dst.channels = channels ? channels : src.channels;
  dst.data.resize(dst.pixels() * dst.channels);
  return dst;
}

namespace {
// Throws Error unless the image has at least 3 channels (gray needs colour).
void need_rgb(int channels) {
  if (channels < 3) throw Error("needs an RGB or RGBA image; this one has " + std::to_string(channels) + " channel(s)");
}
}  // namespace

Image& gray_output(const Image& src, Data& out) {
  need_rgb(src.channels);
  return output(src, out, 1);
}

Image8& gray8_output(const Image8& src, Data& out) {
  need_rgb(src.channels);
  Image8& dst = out.put<Image8>("gray8");
  dst.width = src.width;
  dst.height = src.height;
  dst.channels = 1;
  dst.data.resize(src.pixels());
  return dst;
}

int box_radius(const Params& p) { return static_cast<int>(p.integer("radius")); }

std::vector<float> taps(const Params& p) {
  const double sigma = p.real("sigma");
  return gaussian_taps(sigma, gaussian_radius(sigma, static_cast<int>(p.integer("radius"))));
}

namespace {

// The halo of each stencil: the rows above and below an output row that it reads.
int gaussian_halo(const Params& p) { return static_cast<int>(taps(p).size() / 2); }
int sobel_halo(const Params&) { return 1; }

// ---- Options.
const Option kWidth{.name = "width", .type = OptionType::integer, .fallback = 3840, .min = 1, .max = kMaxImageSide,
                    .help = "width of the built-in image", .builtin_input = true, .scales = true};
const Option kHeight{.name = "height", .type = OptionType::integer, .fallback = 2160, .min = 1, .max = kMaxImageSide,
                     .help = "height of the built-in image", .builtin_input = true, .scales = true};
const Option kSigma{.name = "sigma", .type = OptionType::real, .fallback = 1, .min = 0, .max = 1000,
                    .help = "standard deviation of the Gaussian, in pixels", .min_exclusive = true};
// The Gaussian's direct sums cost 2r+1 operations per pixel and pass: 4096
// (and ceil(3 x 1000) for the largest sigma) keeps a run within minutes.
const Option kGaussRadius{.name = "radius", .type = OptionType::integer, .fallback = -1, .min = -1, .max = 4096,
                          .help = "half-width of the Gaussian in pixels; -1: ceil(3 sigma)"};
// Box blur by running sums: any radius costs the same per pixel.
const Option kBoxRadius{.name = "radius", .type = OptionType::integer, .fallback = 4, .min = 0, .max = kMaxImageSide,
                        .help = "half-width of the window: (2r+1) x (2r+1) pixels"};
const Option kAmount{.name = "amount", .type = OptionType::real, .fallback = 1, .min = -100, .max = 100,
                     .help = "strength of the sharpening"};

// ---- Inputs: the built-in test image from the seed, or a user's file.
Data builtin(const Params& p, int channels) {
  Data d;
  d.set("image", make_test_image(static_cast<int>(p.integer("width")), static_cast<int>(p.integer("height")), channels,
                                 p.seed));
  return d;
}
Data gray_input(const Params& p) { return builtin(p, 1); }
Data rgb_input(const Params& p) { return builtin(p, 3); }
Data rgb8_input(const Params& p) {
  Data d;
  d.set("rgb8", to_rgb8(builtin(p, 3).get<Image>("image")));
  return d;
}

Data read_any(const Stream& file, const Params&) {
  Data d;
  d.set("image", read_image(*file));
  return d;
}
Data read_rgb(const Stream& file, const Params&) {
  Image img = read_image(*file);
  if (img.channels < 3)
    throw Error(file->name() + ": needs an RGB or RGBA image; this one has " + std::to_string(img.channels) +
                " channel(s)");
  Data d;
  d.set("image", std::move(img));
  return d;
}
Data read_rgb8(const Stream& file, const Params& p) {
  Data d;
  d.set("rgb8", to_rgb8(read_rgb(file, p).get<Image>("image")));
  return d;
}

// A file's decoded planes (floats), the output planes, and the decoder's
// rows or an 8-bit copy beside them: three times the planes, from the header.
// A header that cannot be read needs nothing more: its decoder says why.
std::uint64_t image_memory(std::span<const std::byte> bytes) {
  try {
    const Image shape = decode_header(bytes, "");
    return 3 * shape.pixels() * static_cast<std::uint64_t>(shape.channels) * sizeof(float);
  } catch (const Error&) {
    return 0;
  }
}

void write_float(const Data& out, const std::string& path) { write_image(out.get<Image>("image"), path); }
void write_gray8(const Data& out, const std::string& path) { write_image(to_float(out.get<Image8>("gray8")), path); }
std::vector<std::byte> encode_float(const Data& out, std::string_view e) { return encode_image(out.get<Image>("image"), e); }
std::vector<std::byte> encode_gray8(const Data& out, std::string_view e) {
  return encode_image(to_float(out.get<Image8>("gray8")), e);
}

// ---- Costs: each input sample read once, each output sample written once
// (the ideal traffic); the operations of parlab's own fast kernels.
Cost per_pixel(const Params& p, double read, double written, double flops32, double flops64, double intops) {
  const double n = static_cast<double>(p.integer("width")) * static_cast<double>(p.integer("height"));
  return {.items = n,
          .bytes_read = read * n,
          .bytes_written = written * n,
          .flops32 = flops32 * n,
          .flops64 = flops64 * n,
          .intops = intops * n,
          .footprint = (read + written) * n + 12 * n};  // + the float RGB image the built-in input starts from
}
double gaussian_taps_count(const Params& p) { return static_cast<double>(taps(p).size()); }

Cost gray_cost(const Params& p) { return per_pixel(p, 12, 4, 5, 0, 0); }        // 2 FMAs + 1 multiply
Cost gray_u8_cost(const Params& p) { return per_pixel(p, 3, 1, 0, 0, 3); }      // 3 integer multiplies
Cost box_cost(const Params& p) { return per_pixel(p, 4, 4, 0, 5, 0); }          // 2 running sums in float64 + scale
Cost gaussian_cost(const Params& p) { return per_pixel(p, 4, 4, 4 * gaussian_taps_count(p), 0, 0); }  // 2 passes of FMAs
Cost sobel_cost(const Params& p) { return per_pixel(p, 4, 4, 17, 0, 0); }
Cost unsharp_cost(const Params& p) { return per_pixel(p, 4, 4, 4 * gaussian_taps_count(p) + 4, 0, 0); }

// ---- The scalar references as variants: every plane in turn.
template <class Plane>
void per_plane(const Data& in, Data& out, Plane plane) {
  const Image& src = in.get<Image>("image");
  Image& dst = output(src, out);
  for (int c = 0; c < src.channels; ++c) plane(src.plane(c), dst.plane(c), src.width, src.height);
}

void gray_reference(const Data& in, Data& out, const Params&, Spans&) {
  const Image& src = in.get<Image>("image");
  Image& dst = gray_output(src, out);
  gray_scalar(src.plane(0), src.plane(1), src.plane(2), dst.plane(0), src.pixels());
}
void gray_u8_reference(const Data& in, Data& out, const Params&, Spans&) {
  const Image8& src = in.get<Image8>("rgb8");
  Image8& dst = gray8_output(src, out);
  gray_u8_scalar(src.data.data(), dst.data.data(), src.pixels());
}
void box_reference(const Data& in, Data& out, const Params& p, Spans&) {
  per_plane(in, out, [&](const float* s, float* d, int w, int h) { box_scalar(s, d, w, h, box_radius(p)); });
}
void gaussian_reference(const Data& in, Data& out, const Params& p, Spans&) {
  const std::vector<float> t = taps(p);
  per_plane(in, out, [&](const float* s, float* d, int w, int h) { gaussian_scalar(s, d, w, h, t); });
}
void sobel_reference(const Data& in, Data& out, const Params&, Spans&) {
  per_plane(in, out, [](const float* s, float* d, int w, int h) { sobel_scalar(s, d, w, h); });
}
void unsharp_reference(const Data& in, Data& out, const Params& p, Spans&) {
  const std::vector<float> t = taps(p);
  const float a = static_cast<float>(p.real("amount"));
  per_plane(in, out, [&](const float* s, float* d, int w, int h) { unsharp_scalar(s, d, w, h, t, a); });
}

// Float kernels agree with the float64 reference to float32 rounding: within
// 1e-4 on [0, 1] data. gray_u8 is exact.
const Check kFloatImage{Check::absolute, 1e-4};

// What every image kernel has in common: files in, files out.
Kernel image_kernel(Kernel k) {
  k.family = "image";
  if (!k.read_file) k.read_file = read_any;
  k.file_memory = image_memory;
  if (!k.write_file) k.write_file = write_float;
  if (!k.encode_file) k.encode_file = encode_float;
  k.file_extension = ".png";
  k.output_problem = [](const std::string& path) -> std::string {
    return writable_extension(path) ? "" : "unknown image format (write .png, .ppm or .pgm)";
  };
  if (!k.generate) k.generate = gray_input;
  if (k.checks.empty()) k.checks = {kFloatImage};
  k.options.insert(k.options.begin(), {kWidth, kHeight});
  return k;
}

const Register kGray{image_kernel({
    .name = "gray",
    .summary = "RGB -> luma (BT.601), float planes",
    .cost = gray_cost,
    .generate = rgb_input,
    .read_file = read_rgb,
    .variants = variants({{Backend::openmp, gray_openmp}, {Backend::simd, gray_simd}, {Backend::scalar, gray_reference}}),
})};

const Register kGrayU8{image_kernel({
    .name = "gray_u8",
    .summary = "RGB -> luma (BT.601), 8-bit interleaved, fixed point",
    .cost = gray_u8_cost,
    .checks = {{Check::exact, 0}},
    .generate = rgb8_input,
    .read_file = read_rgb8,
    .write_file = write_gray8,
    .encode_file = encode_gray8,
    .variants = variants(
        {{Backend::openmp, gray_u8_openmp}, {Backend::simd, gray_u8_simd}, {Backend::scalar, gray_u8_reference}}),
})};

const Register kBox{image_kernel({
    .name = "box_blur",
    .summary = "box blur, any radius, running sums (--radius, default 4: 9x9)",
    .options = {kBoxRadius},
    .cost = box_cost,
    .halo = box_radius,
    .variants = variants({{Backend::openmp, box_openmp}, {Backend::simd, box_simd}, {Backend::scalar, box_reference}}),
})};

// The benchmarks sweep the radius: box blur costs the same per pixel at any radius.
const RegisterSweep kRadiusSweep{{.name = "box_radius", .kernel = "box_blur", .option = "radius",
                                .values = {1, 2, 4, 8, 16, 32}}};

const Register kGaussian{image_kernel({
    .name = "gaussian_blur",
    .summary = "separable Gaussian blur (--sigma, radius ceil(3 sigma))",
    .options = {kSigma, kGaussRadius},
    .cost = gaussian_cost,
    .halo = gaussian_halo,
    .variants = variants(
        {{Backend::openmp, gaussian_openmp}, {Backend::simd, gaussian_simd}, {Backend::scalar, gaussian_reference}}),
})};

const Register kSobel{image_kernel({
    .name = "sobel",
    .summary = "Sobel gradient magnitude, 3x3",
    .cost = sobel_cost,
    .halo = sobel_halo,
    .variants =
        variants({{Backend::openmp, sobel_openmp}, {Backend::simd, sobel_simd}, {Backend::scalar, sobel_reference}}),
})};

const Register kUnsharp{image_kernel({
    .name = "unsharp",
    .summary = "unsharp mask: in + amount * (in - gaussian) (--sigma, --amount)",
    .options = {kSigma, kGaussRadius, kAmount},
    .cost = unsharp_cost,
    .halo = gaussian_halo,
    .variants = variants(
        {{Backend::openmp, unsharp_openmp}, {Backend::simd, unsharp_simd}, {Backend::scalar, unsharp_reference}}),
})};

}  // namespace
}  // namespace parlab::image
