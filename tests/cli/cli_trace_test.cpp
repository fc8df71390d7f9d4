// --trace on every command that runs work.
#include "cli.hpp"

namespace clitest {
namespace {

class CliTrace : public ScratchDir {};

// The trace file of `args`: valid Chrome trace JSON whose spans are well
// formed; returns its events.
nlohmann::json traced(const std::filesystem::path& file, const std::string& args) {
  const Outcome o = parlab(args + " --trace " + file.string());
  EXPECT_EQ(o.code, 0) << args << ": " << o.err;
  const auto j = nlohmann::json::parse(slurp(file));
  for (const auto& e : j["traceEvents"]) {
    EXPECT_EQ(e["ph"], "X");
    EXPECT_GE(e["ts"].get<double>(), 0.0);
    EXPECT_GE(e["dur"].get<double>(), 0.0);
  }
  return j["traceEvents"];
}

int count(const nlohmann::json& events, const std::string& name, const std::string& cat = "") {
  int n = 0;
  for (const auto& e : events) n += e["name"] == name && (cat.empty() || e["cat"] == cat);
  return n;
}

TEST_F(CliTrace, RunComparesFiltersKernelCommandsAndTheRooflineWriteTimelines) {
  const auto file = dir_ / "t.json";
  // run: the warm-up and each repeat of the scalar reference and the openmp
  // variant are spans named after the kernel; the openmp bands are on two threads.
  auto ev = traced(file, "run gaussian_blur --backend openmp --threads 2 --repeat 2 --width 64 --height 33");
  EXPECT_EQ(count(ev, "gaussian_blur", "openmp"), 3);
  EXPECT_EQ(count(ev, "gaussian_blur", "scalar"), 3);
  std::set<int> band_threads;
  for (const auto& e : ev)
    if (e["name"] == "band") band_threads.insert(e["tid"].get<int>());
  EXPECT_EQ(band_threads.size(), 2u);

  ev = traced(file, "compare reduce_sum --size 1000 --repeat 1 --roof-repeat 1");
  EXPECT_EQ(count(ev, "reduce_sum", "scalar"), 2);
  EXPECT_GE(count(ev, "copy probe", "roofline"), 2);  // before and after the kernels

  std::ofstream(dir_ / "words.txt") << "one two two three three three\n";
  ev = traced(file, "wordcount " + (dir_ / "words.txt").string());
  EXPECT_EQ(count(ev, "wordcount"), 1);
  EXPECT_GE(count(ev, "read", "io"), 1);

  std::string ppm = "P6\n7 5\n255\n";
  for (int i = 0; i < 7 * 5 * 3; ++i) ppm += static_cast<char>(i);
  std::ofstream(dir_ / "in.ppm", std::ios::binary) << ppm;
  ev = traced(file, "filter sobel -i " + (dir_ / "in.ppm").string() + " -o " + (dir_ / "out.png").string());
  EXPECT_EQ(count(ev, "sobel"), 1);

  ev = traced(file, "roofline --size 4096 --repeat 1 --threads 2");
  EXPECT_GE(count(ev, "fp32 FMA", "roofline"), 3);  // 1 thread, then 2
}

TEST_F(CliTrace, AFileInAMissingDirectoryIsRefusedBeforeAnyWork) {
  expect_failure(parlab("run reduce_sum --trace /nonexistent/dir/t.json"), 1, "no directory '/nonexistent/dir'");
  expect_failure(parlab("run reduce_sum --trace " + dir_.string()), 1, "is a directory");
}

}  // namespace
}  // namespace clitest
