// Reading and writing image files: round trips, every PNG flavour the issue
// names, and bad files that must fail with the file's name and leave nothing.
#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <functional>
#include <fstream>
#include <jpeglib.h>
#include <png.h>
#include <zlib.h>
#include <string>
#include <vector>

#include "cpu/image/image_io.hpp"
#include "runtime/error.hpp"

namespace fs = std::filesystem;

namespace parlab::test {
using namespace parlab::image;  // the family under test
namespace {

class ImageIo : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("parlab_io_" + std::to_string(::getpid()) + "_" +
                                        ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }
  std::string path(const std::string& name) const { return (dir_ / name).string(); }
  void write_bytes(const std::string& name, const std::string& bytes) const {
    std::ofstream(path(name), std::ios::binary) << bytes;
  }
  std::string read_bytes(const std::string& name) const {
    std::ifstream in(path(name), std::ios::binary);
    return {std::istreambuf_iterator<char>(in), {}};
  }
  // Only the files the test made itself: no temporaries left behind.
  std::size_t files() const { return std::distance(fs::directory_iterator(dir_), fs::directory_iterator{}); }

  fs::path dir_;
};

// Values on the 8-bit grid, so an 8-bit file holds them exactly.
Image grid_image(int w, int h, int channels) {
  Image img;
  img.width = w;
  img.height = h;
  img.channels = channels;
  img.data.resize(img.pixels() * channels);
  for (std::size_t i = 0; i < img.data.size(); ++i) img.data[i] = static_cast<float>((i * 37 + 11) % 256) / 255.0f;
  return img;
}

std::string error_of(const std::function<void()>& f) {
  try {
    f();
  } catch (const Error& e) {
    return e.what();
  }
  return "";
}

TEST_F(ImageIo, PngRoundTripIsLosslessForEveryChannelCount) {
  for (int c = 1; c <= 4; ++c) {
    const Image img = grid_image(23, 7, c);
    write_image(img, path("a.png"));
    const Image back = read_image(path("a.png"));
    ASSERT_EQ(back.width, 23);
    ASSERT_EQ(back.height, 7);
    ASSERT_EQ(back.channels, c);
    EXPECT_EQ(back.data, img.data) << c << " channels";
  }
}

TEST_F(ImageIo, PpmAndPgmRoundTrip) {
  for (auto [name, c] : {std::pair{"a.ppm", 3}, std::pair{"a.pgm", 1}}) {
    const Image img = grid_image(5, 9, c);
    write_image(img, path(name));
    EXPECT_EQ(read_image(path(name)).data, img.data) << name;
  }
}

TEST_F(ImageIo, SixteenBitPpm) {
  // 2x1 gray, maxval 65535: samples 0x0102 and 0xFFFF, big-endian.
  write_bytes("w.pgm", std::string("P5\n# a comment\n2 1\n65535\n") + std::string("\x01\x02\xff\xff", 4));
  const Image img = read_image(path("w.pgm"));
  ASSERT_EQ(img.channels, 1);
  EXPECT_FLOAT_EQ(img.data[0], 258.0f / 65535);
  EXPECT_FLOAT_EQ(img.data[1], 1.0f);
}

// A 2x1 palette PNG: indices {1, 0} into the colour map {10,20,30}, {200,100,50}.
bool write_palette_png(const std::string& file) {
  png_image pal{};
  pal.version = PNG_IMAGE_VERSION;
  pal.width = 2;
  pal.height = 1;
  pal.format = PNG_FORMAT_RGB_COLORMAP;
  pal.colormap_entries = 2;
  const std::uint8_t indices[2] = {1, 0}, colormap[6] = {10, 20, 30, 200, 100, 50};
  return png_image_write_to_file(&pal, file.c_str(), 0, indices, 0, colormap) != 0;
}

TEST_F(ImageIo, SixteenBitAndPalettePngThroughLibpng) {
  // 16-bit gray (linear): the reader keeps all 16 bits.
  png_image sixteen{};
  sixteen.version = PNG_IMAGE_VERSION;
  sixteen.width = 3;
  sixteen.height = 1;
  sixteen.format = PNG_FORMAT_LINEAR_Y;
  const std::uint16_t gray16[3] = {0, 1000, 65535};
  ASSERT_TRUE(png_image_write_to_file(&sixteen, path("g16.png").c_str(), 0, gray16, 0, nullptr));
  const Image g = read_image(path("g16.png"));
  ASSERT_EQ(g.channels, 1);
  EXPECT_FLOAT_EQ(g.data[1], 1000.0f / 65535);
  EXPECT_FLOAT_EQ(g.data[2], 1.0f);

  // A palette image: indices into a colour map, expanded to RGB.
  ASSERT_TRUE(write_palette_png(path("p.png")));
  const Image p = read_image(path("p.png"));
  ASSERT_EQ(p.channels, 3);
  EXPECT_FLOAT_EQ(p.plane(0)[0], 200.0f / 255);
  EXPECT_FLOAT_EQ(p.plane(2)[1], 30.0f / 255);
}

void write_jpeg(const std::string& file, int w, int h, int comps, int quality) {
  jpeg_compress_struct c{};
  jpeg_error_mgr err{};
  c.err = jpeg_std_error(&err);
  jpeg_create_compress(&c);
  FILE* f = std::fopen(file.c_str(), "wb");
  jpeg_stdio_dest(&c, f);
  c.image_width = w;
  c.image_height = h;
  c.input_components = comps;
  c.in_color_space = comps == 1 ? JCS_GRAYSCALE : JCS_RGB;
  jpeg_set_defaults(&c);
  jpeg_set_quality(&c, quality, TRUE);
  jpeg_start_compress(&c, TRUE);
  std::vector<unsigned char> row(w * comps, 128);
  while (c.next_scanline < c.image_height) {
    unsigned char* p = row.data();
    jpeg_write_scanlines(&c, &p, 1);
  }
  jpeg_finish_compress(&c);
  jpeg_destroy_compress(&c);
  std::fclose(f);
}

TEST_F(ImageIo, JpegColourAndGray) {
  write_jpeg(path("c.jpg"), 40, 24, 3, 95);
  write_jpeg(path("g.jpg"), 17, 5, 1, 95);
  const Image c = read_image(path("c.jpg")), g = read_image(path("g.jpg"));
  EXPECT_EQ(c.channels, 3);
  EXPECT_EQ(g.channels, 1);
  EXPECT_EQ(c.width, 40);
  EXPECT_EQ(g.height, 5);
  for (float v : c.data) EXPECT_NEAR(v, 128.0f / 255, 2.0f / 255);  // lossy, but a flat image stays flat
}

TEST_F(ImageIo, BadInputsNameTheFileAndTheReason) {
  auto expect = [&](const std::string& name, const std::string& reason) {
    const std::string msg = error_of([&] { read_image(path(name)); });
    EXPECT_NE(msg.find(path(name) + ": "), std::string::npos) << msg;
    EXPECT_NE(msg.find(reason), std::string::npos) << name << ": " << msg;
  };
  expect("missing.png", "No such file");
  fs::create_directory(dir_ / "adir");
  expect("adir", "directory");
  write_bytes("empty.png", "");
  expect("empty.png", "empty file");
  write_bytes("text.png", "this is not an image at all\n");
  expect("text.png", "not a PNG, JPEG or binary PPM/PGM image");

  write_image(grid_image(64, 64, 3), path("good.png"));
  const std::string png = read_bytes("good.png");
  write_bytes("truncated.png", png.substr(0, png.size() / 2));
  expect("truncated.png", "corrupt or truncated PNG");
  std::string flipped = png;
  for (std::size_t i = 60; i < 80 && i < flipped.size(); ++i) flipped[i] = static_cast<char>(~flipped[i]);
  write_bytes("corrupt.png", flipped);
  expect("corrupt.png", "corrupt or truncated PNG");

  write_jpeg(path("good.jpg"), 64, 64, 3, 90);
  const std::string jpg = read_bytes("good.jpg");
  write_bytes("truncated.jpg", jpg.substr(0, jpg.size() / 2));
  expect("truncated.jpg", "corrupt or truncated JPEG");

  write_bytes("zero.pgm", "P5\n0 0\n255\n");
  expect("zero.pgm", "zero-size image");
  write_bytes("huge.pgm", "P5\n70000 70000\n255\n");
  expect("huge.pgm", "over the limit");
  write_bytes("short.ppm", "P6\n4 4\n255\n" + std::string(10, 'x'));
  expect("short.ppm", "truncated PPM/PGM");
  write_bytes("maxval.pgm", "P5\n1 1\n70000\n\x01");
  expect("maxval.pgm", "maxval");
  write_bytes("above.ppm", "P6\n1 1\n2\n\x01\x02\x03");  // found by fuzzing: 3 > maxval 2
  expect("above.ppm", "sample 3 above maxval 2");
}

// A PNG chunk: length, type, data, CRC (zlib's crc32, linked through libpng).
std::string png_chunk(const std::string& type, const std::string& data) {
  auto be32 = [](std::uint32_t v) {
    return std::string{char(v >> 24), char(v >> 16), char(v >> 8), char(v)};
  };
  const std::string body = type + data;
  const auto crc = static_cast<std::uint32_t>(
      crc32(0, reinterpret_cast<const Bytef*>(body.data()), static_cast<uInt>(body.size())));
  return be32(static_cast<std::uint32_t>(data.size())) + body + be32(crc);
}

// Headers that declare far more pixels than the file can hold are refused
// before anything is allocated or inflated (they once cost gigabytes).
TEST_F(ImageIo, SmallFilesDeclaringHugeImagesAreRefusedUpFront) {
  const std::string ihdr{"\x00\x00\x3e\x80\x00\x00\x3e\x80\x08\x02\x00\x00\x00", 13};  // 16000 x 16000 RGB8
  write_bytes("bomb.png", "\x89PNG\r\n\x1a\n" + png_chunk("IHDR", ihdr) + png_chunk("IDAT", "\x78\x9c\x03\x00") +
                              png_chunk("IEND", ""));
  const std::string msg = error_of([&] { read_image(path("bomb.png")); });
  EXPECT_NE(msg.find("declares 16000x16000"), std::string::npos) << msg;
  EXPECT_NE(msg.find("can hold"), std::string::npos) << msg;

  write_bytes("bomb.ppm", "P6\n16000 16000\n255\n" + std::string(100, 'x'));
  EXPECT_NE(error_of([&] { read_image(path("bomb.ppm")); }).find("needs more than its"), std::string::npos);
}

// decode_header gives the shape decode_image would, without the pixels, for
// every format and flavour (a palette PNG becomes RGB; a JPEG's components),
// and refuses what decode_image refuses for its header.
TEST_F(ImageIo, TheHeaderAloneGivesTheShapeTheDecoderWould) {
  write_jpeg(path("c.jpg"), 40, 24, 3, 95);
  write_jpeg(path("g.jpg"), 17, 5, 1, 95);
  write_image(Image{7, 3, 4, std::vector<float>(7 * 3 * 4, 0.5f)}, path("rgba.png"));
  write_image(Image{5, 9, 3, std::vector<float>(5 * 9 * 3, 0.25f)}, path("rgb.ppm"));
  ASSERT_TRUE(write_palette_png(path("p.png")));
  for (const char* name : {"c.jpg", "g.jpg", "rgba.png", "rgb.ppm", "p.png"}) {
    const std::string bytes = read_bytes(name);
    const std::span<const std::byte> b(reinterpret_cast<const std::byte*>(bytes.data()), bytes.size());
    const Image whole = decode_image(b, name), head = decode_header(b, name);
    EXPECT_EQ(head.width, whole.width) << name;
    EXPECT_EQ(head.height, whole.height) << name;
    EXPECT_EQ(head.channels, whole.channels) << name;
    EXPECT_TRUE(head.data.empty()) << name;
  }
  const std::string ihdr{"\x00\x00\x3e\x80\x00\x00\x3e\x80\x08\x02\x00\x00\x00", 13};  // 16000 x 16000 RGB8
  const std::string bomb = "\x89PNG\r\n\x1a\n" + png_chunk("IHDR", ihdr) + png_chunk("IDAT", "\x78\x9c\x03\x00");
  const std::span<const std::byte> b(reinterpret_cast<const std::byte*>(bomb.data()), bomb.size());
  EXPECT_NE(error_of([&] { decode_header(b, "bomb.png"); }).find("declares 16000x16000"), std::string::npos);
}

// A well-formed image wider than parlab's limit is refused for that reason,
// not called corrupt (libpng's own limit used to answer first).
TEST_F(ImageIo, AValidImageOverTheSideLimitSaysSoInsteadOfCorrupt) {
  std::string row(1 + 100000, '\0');  // filter byte 0, then 100000 gray pixels
  for (std::size_t i = 1; i < row.size(); ++i) row[i] = static_cast<char>(i * 7);
  std::vector<Bytef> z(compressBound(static_cast<uLong>(row.size())));
  uLongf zn = static_cast<uLongf>(z.size());
  ASSERT_EQ(compress(z.data(), &zn, reinterpret_cast<const Bytef*>(row.data()), static_cast<uLong>(row.size())), Z_OK);
  const std::string ihdr{"\x00\x01\x86\xa0\x00\x00\x00\x01\x08\x00\x00\x00\x00", 13};  // 100000 x 1 gray8
  write_bytes("wide.png", "\x89PNG\r\n\x1a\n" + png_chunk("IHDR", ihdr) +
                              png_chunk("IDAT", std::string(reinterpret_cast<const char*>(z.data()), zn)) +
                              png_chunk("IEND", ""));
  const std::string msg = error_of([&] { read_image(path("wide.png")); });
  EXPECT_NE(msg.find("100000x1 is over the limit (sides up to 65535"), std::string::npos) << msg;
  EXPECT_EQ(msg.find("corrupt"), std::string::npos) << msg;
}

// A progressive JPEG of 128 scans (DC, then every AC coefficient in two
// successive-approximation passes) exceeds the limit of 100 scans.
TEST_F(ImageIo, JpegsWithTooManyScansAreRefused) {
  jpeg_compress_struct c{};
  jpeg_error_mgr err{};
  c.err = jpeg_std_error(&err);
  jpeg_create_compress(&c);
  FILE* f = std::fopen(path("scans.jpg").c_str(), "wb");
  jpeg_stdio_dest(&c, f);
  c.image_width = 16;
  c.image_height = 16;
  c.input_components = 1;
  c.in_color_space = JCS_GRAYSCALE;
  jpeg_set_defaults(&c);
  std::vector<jpeg_scan_info> scans;
  scans.push_back({1, {0}, 0, 0, 0, 1});   // DC, first pass
  for (int k = 1; k <= 63; ++k) scans.push_back({1, {0}, k, k, 0, 1});
  scans.push_back({1, {0}, 0, 0, 1, 0});   // DC refinement
  for (int k = 1; k <= 63; ++k) scans.push_back({1, {0}, k, k, 1, 0});
  c.scan_info = scans.data();
  c.num_scans = static_cast<int>(scans.size());
  jpeg_start_compress(&c, TRUE);
  std::vector<unsigned char> row(16);
  for (int y = 0; y < 16; ++y) {
    for (int x = 0; x < 16; ++x) row[x] = static_cast<unsigned char>(x * 13 + y * 7);
    unsigned char* p = row.data();
    jpeg_write_scanlines(&c, &p, 1);
  }
  jpeg_finish_compress(&c);
  jpeg_destroy_compress(&c);
  std::fclose(f);
  const std::string msg = error_of([&] { read_image(path("scans.jpg")); });
  EXPECT_NE(msg.find("more than 100 scans"), std::string::npos) << msg;
}

TEST_F(ImageIo, FailedWritesLeaveNothingBehind) {
  const Image img = grid_image(8, 8, 4);
  const std::size_t before = files();
  EXPECT_NE(error_of([&] { write_image(img, path("no/such/dir/out.png")); }).find("no directory"), std::string::npos);
  EXPECT_NE(error_of([&] { write_image(img, path("out.ppm")); }).find("1 or 3 channels"), std::string::npos);
  EXPECT_NE(error_of([&] { write_image(img, path("out.bmp")); }).find("unknown output format"), std::string::npos);
  Image empty;
  EXPECT_NE(error_of([&] { write_image(empty, path("e.png")); }).find("nothing to write"), std::string::npos);
  EXPECT_EQ(files(), before) << "a partial or temporary file was left";
}

TEST_F(ImageIo, WriteReplacesAnExistingFileWhole) {
  write_bytes("x.png", "old contents");
  write_image(grid_image(3, 3, 1), path("x.png"));
  EXPECT_EQ(read_image(path("x.png")).width, 3);
  EXPECT_EQ(files(), 1u);
}

TEST(TestImage, SameSeedSameImageAndBoundsChecked) {
  const Image a = make_test_image(64, 36, 3, 7), b = make_test_image(64, 36, 3, 7), c = make_test_image(64, 36, 3, 8);
  EXPECT_EQ(a.data, b.data);
  EXPECT_NE(a.data, c.data);
  for (float v : a.data) {
    ASSERT_GE(v, 0.0f);
    ASSERT_LE(v, 1.0f);
  }
  EXPECT_THROW(make_test_image(0, 10, 1, 1), Error);
  EXPECT_THROW(make_test_image(70000, 10, 1, 1), Error);
}

}  // namespace
}  // namespace parlab::test
