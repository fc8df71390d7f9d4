// Reading and writing image files through libpng and libjpeg-turbo; PPM/PGM
// (a header and raw samples) by hand. Every failure names the file.
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstdio>  // before jpeglib.h, which uses FILE without including it
#include <jpeglib.h>
#include <png.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cmath>
#include <csetjmp>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <memory>

#include "cpu/image/image_io.hpp"
#include "parlab/machine.hpp"
#include "parlab/source.hpp"
#include "parlab/output_file.hpp"
#include "runtime/error.hpp"

namespace parlab::image {
namespace {

[[noreturn]] void fail(const std::string& path, const std::string& why) { throw Error(path + ": " + why); }

struct FileCloser {
  void operator()(FILE* f) const { std::fclose(f); }
};
using File = std::unique_ptr<FILE, FileCloser>;

void check_dimensions(const std::string& path, std::size_t w, std::size_t h) {
  if (w == 0 || h == 0) fail(path, "zero-size image (" + std::to_string(w) + "x" + std::to_string(h) + ")");
  if (w > kMaxImageSide || h > kMaxImageSide || w * h > kMaxImagePixels)
    fail(path, std::to_string(w) + "x" + std::to_string(h) + " is over the limit (sides up to " +
                   std::to_string(kMaxImageSide) + ", " + std::to_string(kMaxImagePixels) + " pixels)");
}

// The decoded image, after checking that it (and the decoder's row buffer,
// at most as large again) fits in the memory available: a legitimate but
// huge image is an error with its reason, not a kill by the OOM killer.
Image allocate(const std::string& path, std::size_t w, std::size_t h, int channels) {
  check_dimensions(path, w, h);
  const double need = 2.0 * static_cast<double>(w) * static_cast<double>(h) * channels * sizeof(float);
  if (const double have = static_cast<double>(available_memory()); have > 0 && need > 0.9 * have)
    fail(path, std::to_string(w) + "x" + std::to_string(h) + " needs " + gib(need) + " of memory to decode, but only " +
                   gib(have) + " is available");
  Image img;
  img.width = static_cast<int>(w);
  img.height = static_cast<int>(h);
  img.channels = channels;
  img.data.resize(img.pixels() * channels);
  return img;
}

// An image's shape, without its pixels: what a header says (decode_header).
Image shape_only(std::size_t w, std::size_t h, int channels) {
  Image img;
  img.width = static_cast<int>(w);
  img.height = static_cast<int>(h);
  img.channels = channels;
  return img;
}

// Interleaved samples (8-bit, or 16-bit in host order) to planar floats:
// sample / maxval, correctly rounded (so v / 255 reads back exactly).
template <class T>
void deinterleave(const T* src, Image& img, std::size_t row, float maxval) {
  const std::size_t w = img.width;
  for (std::size_t x = 0; x < w; ++x)
    for (int c = 0; c < img.channels; ++c)
      img.plane(c)[row * w + x] = static_cast<float>(src[x * img.channels + c]) / maxval;
}

std::uint8_t to8(float v) { return static_cast<std::uint8_t>(std::clamp(v, 0.0f, 1.0f) * 255.0f + 0.5f); }

// ---- PNG. libpng reports errors by longjmp; everything that must outlive one
// is created before setjmp, and the message goes to heap memory.
struct PngMessage {
  char text[200] = "";
};
void png_on_error(png_structp png, png_const_charp msg) {
  auto* m = static_cast<PngMessage*>(png_get_error_ptr(png));
  std::snprintf(m->text, sizeof m->text, "%s", msg);
  png_longjmp(png, 1);
}
void png_on_warning(png_structp, png_const_charp) {}

struct PngRead {
  png_structp png = nullptr;
  png_infop info = nullptr;
  ~PngRead() { png_destroy_read_struct(&png, &info, nullptr); }
};

// Deflate compresses at most 1032:1, so a PNG of `file_bytes` cannot hold more
// than about 1032 times as many bytes of pixels: a header that declares more
// is a lie, refused before anything is allocated or inflated.
constexpr double kPngMaxRatio = 1100;

Image read_png(FILE* f, const std::string& path, std::size_t file_bytes, bool pixels) {
  auto msg = std::make_unique<PngMessage>();
  PngRead r;
  r.png = png_create_read_struct(PNG_LIBPNG_VER_STRING, msg.get(), png_on_error, png_on_warning);
  if (!r.png || !(r.info = png_create_info_struct(r.png))) fail(path, "out of memory starting libpng");
  Image img;
  std::vector<unsigned char> buf;
  std::vector<png_bytep> rows;
  if (setjmp(png_jmpbuf(r.png))) fail(path, std::string("corrupt or truncated PNG (") + msg->text + ")");
  png_init_io(r.png, f);
  // libpng's own limits as high as it allows: a well-formed image over
  // parlab's limits is then refused by check_dimensions with that reason,
  // not by libpng as "Invalid IHDR data" (which reads as corrupt).
  png_set_user_limits(r.png, 0x7fffffff, 0x7fffffff);
  png_read_info(r.png, r.info);
  const png_uint_32 w = png_get_image_width(r.png, r.info), h = png_get_image_height(r.png, r.info);
  check_dimensions(path, w, h);
  const double raw = static_cast<double>(h) *
                     (1 + std::ceil(static_cast<double>(w) * png_get_channels(r.png, r.info) *
                                    png_get_bit_depth(r.png, r.info) / 8));
  if (raw > kPngMaxRatio * static_cast<double>(file_bytes) + 65536)
    fail(path, "declares " + std::to_string(w) + "x" + std::to_string(h) + " (" + std::to_string(std::llround(raw)) +
                   " bytes of pixels), more than its " + std::to_string(file_bytes) +
                   " bytes can hold (deflate compresses at most 1:1032)");
  const int type = png_get_color_type(r.png, r.info);
  const int depth = png_get_bit_depth(r.png, r.info);
  // Everything becomes 8 or 16 bits per sample, 1-4 channels.
  if (type == PNG_COLOR_TYPE_PALETTE) png_set_palette_to_rgb(r.png);
  if (type == PNG_COLOR_TYPE_GRAY && depth < 8) png_set_expand_gray_1_2_4_to_8(r.png);
  if (png_get_valid(r.png, r.info, PNG_INFO_tRNS)) png_set_tRNS_to_alpha(r.png);
  if (depth == 16) png_set_swap(r.png);  // PNG is big-endian; x86 is not
  png_read_update_info(r.png, r.info);
  const int channels = png_get_channels(r.png, r.info);
  const int bits = png_get_bit_depth(r.png, r.info);
  if (!pixels) return shape_only(w, h, channels);
  img = allocate(path, w, h, channels);
  const std::size_t stride = png_get_rowbytes(r.png, r.info);
  buf.resize(stride * h);
  rows.resize(h);
  for (std::size_t y = 0; y < h; ++y) rows[y] = buf.data() + y * stride;
  png_read_image(r.png, rows.data());
  png_read_end(r.png, nullptr);
  for (std::size_t y = 0; y < h; ++y) {
    if (bits == 16)
      deinterleave(reinterpret_cast<const std::uint16_t*>(rows[y]), img, y, 65535.0f);
    else
      deinterleave(rows[y], img, y, 255.0f);
  }
  return img;
}

// ---- JPEG. libjpeg's default error handler exits the process; this one
// longjmps back with the message. Warnings (a truncated file among them: the
// decoder pads it with grey) are treated as errors.
struct JpegError {
  jpeg_error_mgr mgr;
  std::jmp_buf jump;
  char text[JMSG_LENGTH_MAX] = "";
};
void jpeg_on_error(j_common_ptr c) {
  auto* e = reinterpret_cast<JpegError*>(c->err);
  (*c->err->format_message)(c, e->text);
  std::longjmp(e->jump, 1);
}
void jpeg_on_message(j_common_ptr c) {
  auto* e = reinterpret_cast<JpegError*>(c->err);
  (*c->err->format_message)(c, e->text);
}

// A progressive JPEG may hold any number of scans, each a pass over the whole
// image: a small file of thousands of scans costs minutes. libjpeg-turbo's
// djpeg offers -maxscans for this; here every file gets the limit.
constexpr int kJpegMaxScans = 100;
void jpeg_on_progress(j_common_ptr c) {
  auto* d = reinterpret_cast<j_decompress_ptr>(c);
  if (d->input_scan_number > kJpegMaxScans) {
    auto* e = reinterpret_cast<JpegError*>(c->err);
    std::snprintf(e->text, sizeof e->text, "more than %d scans", kJpegMaxScans);
    std::longjmp(e->jump, 1);
  }
}
// Every 8x8 block of a Huffman-coded JPEG costs at least a bit (its DC
// code); arithmetic coding can go lower. A header that declares more than
// 64 blocks per byte of file is refused before anything is allocated.
constexpr double kJpegMaxBlocksPerByte = 64;

struct JpegRead {
  jpeg_decompress_struct info{};
  jpeg_progress_mgr progress{};
  bool created = false;
  ~JpegRead() {
    if (created) jpeg_destroy_decompress(&info);
  }
};

Image read_jpeg(FILE* f, const std::string& path, std::size_t file_bytes, bool pixels) {
  auto err = std::make_unique<JpegError>();
  auto r = std::make_unique<JpegRead>();
  r->info.err = jpeg_std_error(&err->mgr);
  err->mgr.error_exit = jpeg_on_error;
  err->mgr.output_message = jpeg_on_message;
  Image img;
  std::vector<unsigned char> row;
  if (setjmp(err->jump)) fail(path, std::string("corrupt or truncated JPEG (") + err->text + ")");
  jpeg_create_decompress(&r->info);
  r->created = true;
  jpeg_stdio_src(&r->info, f);
  r->progress.progress_monitor = jpeg_on_progress;
  r->info.progress = &r->progress;
  jpeg_read_header(&r->info, TRUE);
  check_dimensions(path, r->info.image_width, r->info.image_height);
  const double blocks = std::ceil(r->info.image_width / 8.0) * std::ceil(r->info.image_height / 8.0);
  if (blocks > kJpegMaxBlocksPerByte * static_cast<double>(file_bytes) + 65536)
    fail(path, "declares " + std::to_string(r->info.image_width) + "x" + std::to_string(r->info.image_height) +
                   ", more than its " + std::to_string(file_bytes) + " bytes can hold");
  r->info.out_color_space = r->info.num_components == 1 ? JCS_GRAYSCALE : JCS_RGB;
  if (!pixels) {
    jpeg_calc_output_dimensions(&r->info);
    return shape_only(r->info.output_width, r->info.output_height, r->info.output_components);
  }
  jpeg_start_decompress(&r->info);
  img = allocate(path, r->info.output_width, r->info.output_height, r->info.output_components);
  row.resize(static_cast<std::size_t>(img.width) * img.channels);
  while (r->info.output_scanline < r->info.output_height) {
    const std::size_t y = r->info.output_scanline;
    unsigned char* p = row.data();
    jpeg_read_scanlines(&r->info, &p, 1);
    deinterleave(row.data(), img, y, 255.0f);
  }
  jpeg_finish_decompress(&r->info);
  if (err->mgr.num_warnings > 0) fail(path, std::string("corrupt or truncated JPEG (") + err->text + ")");
  return img;
}

// ---- PPM (P6) and PGM (P5): "P6 <w> <h> <maxval>" then raw big-endian samples.
bool ppm_token(FILE* f, unsigned long& value) {
  int c = std::fgetc(f);
  while (c == '#' || std::isspace(c)) {
    if (c == '#')
      while (c != '\n' && c != EOF) c = std::fgetc(f);
    c = std::fgetc(f);
  }
  if (!std::isdigit(c)) return false;
  value = 0;
  for (; std::isdigit(c); c = std::fgetc(f)) {
    value = value * 10 + (c - '0');
    if (value > 1'000'000'000) return false;
  }
  return std::isspace(c);  // exactly one whitespace before the samples
}

Image read_ppm(FILE* f, const std::string& path, int channels, std::size_t file_bytes, bool pixels) {
  unsigned long w = 0, h = 0, maxval = 0;
  std::fseek(f, 2, SEEK_SET);
  if (!ppm_token(f, w) || !ppm_token(f, h) || !ppm_token(f, maxval)) fail(path, "corrupt PPM/PGM header");
  if (maxval == 0 || maxval > 65535) fail(path, "PPM/PGM maxval " + std::to_string(maxval) + " is not in 1..65535");
  check_dimensions(path, w, h);
  const std::size_t bytes_per_sample = maxval > 255 ? 2 : 1;
  // The samples are stored raw: a file too short for them is refused before
  // the image is allocated.
  if (static_cast<double>(w) * h * channels * bytes_per_sample > static_cast<double>(file_bytes))
    fail(path, "truncated PPM/PGM: " + std::to_string(w) + "x" + std::to_string(h) + " needs more than its " +
                   std::to_string(file_bytes) + " bytes");
  if (!pixels) return shape_only(w, h, channels);
  Image img = allocate(path, w, h, channels);
  std::vector<unsigned char> row(w * channels * bytes_per_sample);
  std::vector<std::uint16_t> wide(w * channels);
  for (std::size_t y = 0; y < h; ++y) {
    if (std::fread(row.data(), 1, row.size(), f) != row.size())
      fail(path, "truncated PPM/PGM: row " + std::to_string(y) + " of " + std::to_string(h) + " is missing");
    for (std::size_t i = 0; i < wide.size(); ++i)
      wide[i] = bytes_per_sample == 1 ? row[i] : static_cast<std::uint16_t>(row[2 * i] << 8 | row[2 * i + 1]);
    // A sample above maxval would become a value above 1 (found by fuzzing).
    for (std::uint16_t v : wide)
      if (v > maxval)
        fail(path, "corrupt PPM/PGM: sample " + std::to_string(v) + " above maxval " + std::to_string(maxval) +
                       " in row " + std::to_string(y));
    deinterleave(wide.data(), img, y, static_cast<float>(maxval));
  }
  return img;
}

// ---- Writing: through parlab/output_file.hpp (a temporary beside the target,
// renamed when complete; or a stream, such as /dev/null).

struct PngWrite {
  png_structp png = nullptr;
  png_infop info = nullptr;
  ~PngWrite() { png_destroy_write_struct(&png, &info); }
};

void write_png(const Image& img, FILE* f, const std::string& path) {
  static constexpr int kType[] = {0, PNG_COLOR_TYPE_GRAY, PNG_COLOR_TYPE_GRAY_ALPHA, PNG_COLOR_TYPE_RGB,
                                  PNG_COLOR_TYPE_RGB_ALPHA};
  auto msg = std::make_unique<PngMessage>();
  PngWrite wr;
  wr.png = png_create_write_struct(PNG_LIBPNG_VER_STRING, msg.get(), png_on_error, png_on_warning);
  if (!wr.png || !(wr.info = png_create_info_struct(wr.png))) fail(path, "out of memory starting libpng");
  std::vector<unsigned char> row(static_cast<std::size_t>(img.width) * img.channels);
  if (setjmp(png_jmpbuf(wr.png))) fail(path, std::string("PNG write failed (") + msg->text + ")");
  png_init_io(wr.png, f);
  png_set_IHDR(wr.png, wr.info, img.width, img.height, 8, kType[img.channels], PNG_INTERLACE_NONE,
               PNG_COMPRESSION_TYPE_DEFAULT, PNG_FILTER_TYPE_DEFAULT);
  // zlib's fastest level, as OpenCV writes PNG by default: 200 RGB images of
  // 640x480 took 3.41 s to write instead of 3.83 s at libpng's default (6)
  // (parlab_bench_io, pipeline/stage/encode_write), and they are noisy test
  // images, which no level compresses much.
  png_set_compression_level(wr.png, 1);
  png_write_info(wr.png, wr.info);
  for (int y = 0; y < img.height; ++y) {
    for (int x = 0; x < img.width; ++x)
      for (int c = 0; c < img.channels; ++c) row[x * img.channels + c] = to8(img.plane(c)[std::size_t(y) * img.width + x]);
    png_write_row(wr.png, row.data());
  }
  png_write_end(wr.png, nullptr);
}

void write_ppm(const Image& img, FILE* f) {
  std::fprintf(f, "P%d\n%d %d\n255\n", img.channels == 1 ? 5 : 6, img.width, img.height);
  std::vector<unsigned char> row(static_cast<std::size_t>(img.width) * img.channels);
  for (int y = 0; y < img.height; ++y) {
    for (int x = 0; x < img.width; ++x)
      for (int c = 0; c < img.channels; ++c) row[x * img.channels + c] = to8(img.plane(c)[std::size_t(y) * img.width + x]);
    std::fwrite(row.data(), 1, row.size(), f);
  }
}

std::string extension(const std::string& path) {
  std::string e = std::filesystem::path(path).extension().string();
  std::transform(e.begin(), e.end(), e.begin(), [](unsigned char c) { return std::tolower(c); });
  return e;
}

// The image in `bytes`, or (pixels false) its shape from its header alone.
Image decode(std::span<const std::byte> bytes, const std::string& path, bool pixels) {
  if (bytes.empty()) fail(path, "empty file, not an image");
  // The decoders read through stdio; fmemopen gives them the bytes as a FILE.
  File f(::fmemopen(const_cast<std::byte*>(bytes.data()), bytes.size(), "rb"));
  if (!f) fail(path, std::string("cannot open the bytes as a stream: ") + std::strerror(errno));
  const auto* magic = reinterpret_cast<const unsigned char*>(bytes.data());
  const std::size_t got = bytes.size();
  if (got >= 8 && png_sig_cmp(magic, 0, 8) == 0) return read_png(f.get(), path, bytes.size(), pixels);
  if (got >= 3 && magic[0] == 0xFF && magic[1] == 0xD8 && magic[2] == 0xFF)
    return read_jpeg(f.get(), path, bytes.size(), pixels);
  if (got >= 2 && magic[0] == 'P' && (magic[1] == '5' || magic[1] == '6'))
    return read_ppm(f.get(), path, magic[1] == '5' ? 1 : 3, bytes.size(), pixels);
  fail(path, "not a PNG, JPEG or binary PPM/PGM image");
}

}  // namespace

Image decode_image(std::span<const std::byte> bytes, const std::string& path) { return decode(bytes, path, true); }
Image decode_header(std::span<const std::byte> bytes, const std::string& path) { return decode(bytes, path, false); }

Image read_image(const Source& file) {
  // The largest file worth reading: an uncompressed 16-bit RGBA image of the
  // largest size allowed, plus headers.
  const std::uint64_t limit = 8 * static_cast<std::uint64_t>(kMaxImagePixels) + (1 << 20);
  return decode_image(read_all(file, limit), file.name());
}

Image read_image(const std::string& path) { return read_image(*open_file(path)); }

Image8 to_rgb8(const Image& img) {
  if (img.channels < 3) throw Error("needs an RGB or RGBA image; this one has " + std::to_string(img.channels) + " channel(s)");
  Image8 rgb{img.width, img.height, 3, std::vector<std::uint8_t>(img.pixels() * 3)};
  for (std::size_t i = 0; i < img.pixels(); ++i)
    for (int c = 0; c < 3; ++c) rgb.data[3 * i + c] = to8(img.plane(c)[i]);
  return rgb;
}

Image to_float(const Image8& img) {
  Image out{img.width, img.height, img.channels, std::vector<float>(img.data.size())};
  const std::size_t row = static_cast<std::size_t>(img.width) * img.channels;
  for (int y = 0; y < img.height; ++y) deinterleave(img.data.data() + y * row, out, y, 255.0f);
  return out;
}

bool writable_extension(const std::string& path) {
  const std::string e = extension(path);
  return e == ".png" || e == ".ppm" || e == ".pgm";
}

namespace {

// What both writers refuse, before any byte is written; `name` for messages.
void check_writable(const Image& img, const std::string& e, const std::string& name) {
  if (e != ".png" && e != ".ppm" && e != ".pgm")
    fail(name, "unknown output format '" + e + "' (write .png, .ppm or .pgm)");
  if (img.channels < 1 || img.channels > 4 || img.width < 1 || img.height < 1 || img.data.size() != img.pixels() * img.channels)
    fail(name, "nothing to write: the image is empty or malformed");
  if (e != ".png" && img.channels != 1 && img.channels != 3)
    fail(name, "PPM/PGM holds 1 or 3 channels; this image has " + std::to_string(img.channels) + " (write .png)");
}

void write_as(const Image& img, const std::string& e, FILE* f, const std::string& name) {
  if (e == ".png")
    write_png(img, f, name);
  else
    write_ppm(img, f);
}

}  // namespace

void write_image(const Image& img, const std::string& path) {
  const std::string e = extension(path);
  check_writable(img, e, path);
  OutputFile out(path);
  write_as(img, e, out.stream(), path);
  out.commit();
}

std::vector<std::byte> encode_image(const Image& img, std::string_view ext) {
  std::string e(ext);
  std::transform(e.begin(), e.end(), e.begin(), [](unsigned char c) { return std::tolower(c); });
  check_writable(img, e, e);
  // The same writers as for files, into a stream in memory (POSIX
  // open_memstream), so a served image is byte for byte the file's.
  char* data = nullptr;
  std::size_t size = 0;
  {
    File f(::open_memstream(&data, &size));
    if (!f) fail(e, std::string("cannot open a stream in memory: ") + std::strerror(errno));
    write_as(img, e, f.get(), e);
    if (std::fflush(f.get()) != 0) fail(e, std::string("writing in memory: ") + std::strerror(errno));
  }  // closing the stream leaves data and size final
  std::unique_ptr<char, decltype(&std::free)> owned(data, &std::free);
  const auto* b = reinterpret_cast<const std::byte*>(data);
  return {b, b + size};
}

}  // namespace parlab::image
