// The file pipeline (pipelines/files/file_pipeline.hpp): every file reported once, in the
// order read, with the right output; bad files named and the rest written;
// a stop that leaves only complete files; the caps on what is held.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <set>

#include "cpu/image/image_io.hpp"
#include "parlab/progress.hpp"
#include "parlab/registry.hpp"
#include "parlab/runner.hpp"
#include "pipelines/files/file_pipeline.hpp"
#include "scratch_dir.hpp"

namespace parlab::test {
namespace {

class Pipeline : public ScratchDir {
 protected:
  // `n` PPM images of w x h, named p000.ppm, ..., and their outputs in out/.
  void images(int n, int w = 37, int h = 23) {
    std::filesystem::create_directories(dir_ / "out");
    for (int i = 0; i < n; ++i) {
      char name[32];
      std::snprintf(name, sizeof name, "p%03d", i);
      image::write_image(image::make_test_image(w, h, 3, static_cast<std::uint64_t>(i)), at(std::string(name) + ".ppm"));
      o.inputs.push_back(at(std::string(name) + ".ppm"));
      o.outputs.push_back((dir_ / "out" / (std::string(name) + ".png")).string());
    }
  }
  pipeline::Summary run(io::Method m = io::Method::io_uring) {
    o.kernel = &find_kernel("sobel");
    o.params = o.kernel->defaults();
    o.read.method = m;
    o.threads = 2;
    reported.clear();
    return pipeline::run(o, [&](const pipeline::FileResult& r) { reported.push_back(r); });
  }
  pipeline::Options o;
  std::vector<pipeline::FileResult> reported;
};

TEST_F(Pipeline, TheSerialStagesKeepTheReadOrderAndEveryFileIsReportedOnce) {
  images(40);
  // Read one after another, the files enter in input order, and the report
  // stage (serial, in order) must see them in that order, whatever the
  // parallel stages in between did.
  pipeline::Summary s = run(io::Method::sequential);
  ASSERT_EQ(reported.size(), 40u);
  for (std::size_t i = 0; i < reported.size(); ++i) EXPECT_EQ(reported[i].index, i);
  EXPECT_EQ(s.ok, 40u);
  // With io_uring the order is the order reads completed: each file once.
  s = run(io::Method::io_uring);
  std::set<std::size_t> seen;
  for (const auto& r : reported) seen.insert(r.index);
  EXPECT_EQ(seen.size(), 40u);
  EXPECT_EQ(s.ok, 40u);
  EXPECT_LE(s.peak_files_in_flight, 4u);  // 2 per worker
}

TEST_F(Pipeline, TheOutputIsTheFilterOfTheInput) {
  images(5, 64, 48);
  run(io::Method::blocking);
  const Kernel& k = find_kernel("sobel");
  for (std::size_t i = 0; i < o.inputs.size(); ++i) {
    Data in = k.read_file(open_file(o.inputs[i]), k.defaults()), out;
    run_timed(k, Backend::scalar, in, out, k.defaults());
    const std::string ref = (dir_ / "ref.png").string();
    k.write_file(out, ref);
    EXPECT_EQ(image::read_image(ref), image::read_image(o.outputs[i])) << o.inputs[i];
  }
}

TEST_F(Pipeline, BadFilesAreNamedAndTheRestWritten) {
  images(3);
  std::ofstream(at("text.png")) << "not an image";
  std::ofstream(at("cut.ppm"), std::ios::binary) << "P6\n40 40\n255\nabc";
  for (const char* bad : {"text.png", "cut.ppm", "missing.ppm"}) {
    o.inputs.push_back(at(bad));
    o.outputs.push_back((dir_ / "out" / (std::string(bad) + ".png")).string());
  }
  const pipeline::Summary s = run();
  EXPECT_EQ(s.ok, 3u);
  EXPECT_EQ(s.failed, 3u);
  std::map<std::size_t, std::string> errors;
  for (const auto& r : reported)
    if (!r.error.empty()) errors[r.index] = r.error;
  ASSERT_EQ(errors.size(), 3u);
  EXPECT_EQ(errors[3].rfind(at("text.png") + ": ", 0), 0u) << errors[3];
  EXPECT_EQ(errors[4].rfind(at("cut.ppm") + ": ", 0), 0u) << errors[4];
  EXPECT_EQ(errors[5], at("missing.ppm") + ": No such file or directory");
  for (int i = 0; i < 3; ++i) EXPECT_TRUE(std::filesystem::exists(o.outputs[i]));
  for (int i = 3; i < 6; ++i) EXPECT_FALSE(std::filesystem::exists(o.outputs[i]));
}

TEST_F(Pipeline, AStopFinishesWhatIsInFlightAndLeavesNoPartialOrTemporaryFile) {
  images(60, 200, 150);
  o.in_flight = 3;
  o.kernel = &find_kernel("sobel");
  o.params = o.kernel->defaults();
  o.threads = 2;
  int n = 0;
  const pipeline::Summary s = pipeline::run(o, [&](const pipeline::FileResult&) {
    if (++n == 5) progress::request_stop();
  });
  progress::clear_stop();
  EXPECT_TRUE(s.stopped);
  EXPECT_LT(s.ok, 60u);
  EXPECT_GE(s.ok, 5u);
  std::size_t files = 0;
  for (const auto& e : std::filesystem::directory_iterator(dir_ / "out")) {
    ++files;
    EXPECT_NE(e.path().filename().string()[0], '.') << "left behind: " << e.path();
    EXPECT_NO_THROW(image::read_image(e.path().string())) << e.path();  // complete
  }
  EXPECT_EQ(files, s.ok);
}

TEST_F(Pipeline, ReadsHoldNoMoreThanTheirCapAndTinyFilesAllPass) {
  images(300, 5, 3);
  o.read.max_in_flight = 4096;
  o.read.chunk_bytes = 1024;
  const pipeline::Summary s = run();
  EXPECT_EQ(s.ok, 300u);
  EXPECT_LE(s.peak_bytes_in_flight, 4096u);
  EXPECT_EQ(s.stages.size(), 5u);
  for (const auto& st : s.stages) EXPECT_EQ(st.items, 300u) << st.name;
}

TEST_F(Pipeline, AFileTooLargeIsRefusedBeforeReading) {
  images(1);
  { std::ofstream(at("huge.ppm")); }
  std::filesystem::resize_file(at("huge.ppm"), pipeline::kMaxFileBytes + 1);  // sparse: nothing is written
  o.inputs.push_back(at("huge.ppm"));
  o.outputs.push_back((dir_ / "out" / "huge.png").string());
  const pipeline::Summary s = run();
  EXPECT_EQ(s.ok, 1u);
  ASSERT_EQ(s.failed, 1u);
  bool named = false;
  for (const auto& r : reported) named = named || r.error.rfind(at("huge.ppm") + ": too large (", 0) == 0;
  EXPECT_TRUE(named);
}

}  // namespace
}  // namespace parlab::test

namespace parlab::test {
namespace {

TEST(PipelineOverlap, TheUnionOfIntervals) {
  EXPECT_EQ(pipeline::covered({}), 0);
  EXPECT_EQ(pipeline::covered({{0, 10}}), 10);
  EXPECT_EQ(pipeline::covered({{0, 10}, {5, 15}}), 15);             // overlapping
  EXPECT_EQ(pipeline::covered({{20, 30}, {0, 10}}), 20);            // apart, out of order
  EXPECT_EQ(pipeline::covered({{0, 100}, {10, 20}, {30, 40}}), 100);  // nested
  EXPECT_EQ(pipeline::covered({{0, 10}, {10, 20}}), 20);            // touching
  pipeline::Summary s;
  s.device_busy_s = 4;
  s.device_span_s = 3;
  EXPECT_DOUBLE_EQ(s.device_overlap(), 0.25);
}

}  // namespace
}  // namespace parlab::test
