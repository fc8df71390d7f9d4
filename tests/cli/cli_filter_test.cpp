// parlab filter: files in, files out, a batch that survives bad files.
#include "cli.hpp"

namespace clitest {
namespace {

class CliFilter : public ScratchDir {
 protected:
  void SetUp() override {
    ScratchDir::SetUp();
    // A 7x5 RGB PPM.
    std::string ppm = "P6\n7 5\n255\n";
    for (int i = 0; i < 7 * 5 * 3; ++i) ppm += static_cast<char>((i * 29) % 256);
    std::ofstream(p("in.ppm"), std::ios::binary) << ppm;
    std::ofstream(p("text.png")) << "not an image";
  }
  std::string p(const std::string& name) const { return (dir_ / name).string(); }
  std::size_t files() const {
    return std::distance(std::filesystem::directory_iterator(dir_), std::filesystem::directory_iterator{});
  }
};

// Nothing lost: collisions refused before any work, inputs never replaced,
// modes from the umask (or the file replaced), no temporary file after a signal.
TEST_F(CliFilter, TwoInputsWritingOneOutputAreRefusedBeforeAnyWork) {
  std::filesystem::create_directories(p("a"));
  std::filesystem::create_directories(p("b"));
  std::filesystem::create_directories(p("out"));
  std::filesystem::copy_file(p("in.ppm"), p("a/pic.ppm"));
  std::filesystem::copy_file(p("in.ppm"), p("b/pic.ppm"));
  expect_failure(parlab("filter sobel -i " + p("in.ppm") + " " + p("a/pic.ppm") + " " + p("b/pic.ppm") +
                        " --output-dir " + p("out")),
                 2, "would both write");
  EXPECT_TRUE(std::filesystem::is_empty(p("out"))) << "nothing is written when the batch is refused";
}

TEST_F(CliFilter, AnOutputThatIsAnInputIsRefused) {
  const std::string before = slurp(p("in.ppm"));
  expect_failure(parlab("filter sobel -i " + p("in.ppm") + " -o " + p("in.ppm")), 2, "is the input");
  expect_failure(parlab("filter gray -i " + p("in.ppm") + " -o " + p("x/../in.ppm")), 2, "is the input");
  EXPECT_EQ(slurp(p("in.ppm")), before);
}

TEST_F(CliFilter, OutputsGetTheUmasksModeOrKeepTheirOwn) {
  const Outcome o = parlab("filter sobel -i " + p("in.ppm") + " -o " + p("new.png"), "umask 027;");
  ASSERT_EQ(o.code, 0) << o.err;
  struct stat st {};
  ASSERT_EQ(::stat(p("new.png").c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0640u);
  ASSERT_EQ(::chmod(p("new.png").c_str(), 0604), 0);
  ASSERT_EQ(parlab("filter sobel -i " + p("in.ppm") + " -o " + p("new.png")).code, 0);
  ASSERT_EQ(::stat(p("new.png").c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0604u) << "a replaced file keeps its mode";
}

TEST_F(CliFilter, ASignalMidBatchLeavesNoTemporaryFileAndSaysWhatWasWritten) {
  std::string pgm = "P5\n600 600\n255\n";
  for (int i = 0; i < 600 * 600; ++i) pgm += static_cast<char>(i * 7);
  for (const char* name : {"s0.pgm", "s1.pgm", "s2.pgm"}) std::ofstream(p(name), std::ios::binary) << pgm;
  // Slow on purpose (a 1201-tap Gaussian on the scalar backend): stopped once the first output exists.
  for (const auto& [name, sig] : {std::pair{"TERM", SIGTERM}, std::pair{"HUP", SIGHUP}}) {
    SCOPED_TRACE(name);
    const std::string out = p(std::string("out_") + name);
    std::filesystem::create_directories(out);
    const std::string run = std::string(PARLAB_EXE) + " filter gaussian_blur --sigma 200 --backend scalar -i " +
                            p("s0.pgm") + " " + p("s1.pgm") + " " + p("s2.pgm") + " --output-dir " + out +
                            " >/dev/null 2>" + p("err") + " & pid=$!; n=0; while [ ! -e " + out +
                            "/s0.png ] && [ $n -lt 1200 ]; do sleep 0.1; n=$((n+1)); done; kill -" + name +
                            " $pid; wait $pid";
    const int status = std::system(("sh -c '" + run + "'").c_str());
    ASSERT_TRUE(WIFEXITED(status));
    EXPECT_EQ(WEXITSTATUS(status), 128 + sig) << "ended by the signal";
    const std::string err = slurp(p("err"));
    EXPECT_NE(err.find("interrupted after 1 of 3 inputs"), std::string::npos) << err;
    EXPECT_NE(err.find(out + "/s0.png"), std::string::npos) << err;
    EXPECT_EQ(err.find(out + "/s1.png"), std::string::npos) << err;
    for (const auto& e : std::filesystem::directory_iterator(out))
      EXPECT_EQ(e.path().filename().string().rfind(".", 0), std::string::npos) << "left behind: " << e.path();
  }
}

// A file name is bytes: one holding a newline or an escape sequence is shown
// escaped, so the error stays one line and cannot drive the terminal.
TEST_F(CliFilter, AHostileFileNameIsEscapedInItsOneLineError) {
  const std::string name = p("bad\nname\x1b[31m.png");
  std::ofstream(name) << "not an image";
  const Outcome o = parlab("filter sobel -i '" + name + "' --output-dir " + p("out"));
  EXPECT_EQ(o.code, 1) << o.err;
  EXPECT_EQ(o.err.find('\x1b'), std::string::npos) << "a raw escape reached stderr";
  EXPECT_NE(o.err.find("bad\\nname\\x1B[31m.png: not a PNG"), std::string::npos) << o.err;
  EXPECT_EQ(lines(o.err), 2) << o.err;  // the directory made, then the file's error
  const Outcome w = parlab("wordcount '" + name + "' '" + p("missing\rfile") + "'");
  EXPECT_EQ(w.code, 1);
  EXPECT_NE(w.err.find("missing\\rfile: No such file"), std::string::npos) << w.err;
  EXPECT_EQ(w.err.find('\r'), std::string::npos) << w.err;
}

// Special inputs: never block, never read forever.
TEST_F(CliFilter, ANamedPipeWithoutAWriterFailsInsteadOfHanging) {
  ASSERT_EQ(::mkfifo(p("fifo").c_str(), 0600), 0);
  const auto t0 = std::chrono::steady_clock::now();
  expect_failure(parlab("filter sobel -i " + p("fifo") + " -o " + p("out.png")), 1, "no data from the pipe's writer");
  EXPECT_LT(std::chrono::steady_clock::now() - t0, std::chrono::seconds(60));
  EXPECT_FALSE(std::filesystem::exists(p("out.png")));
}

TEST_F(CliFilter, APipeWithAWriterIsReadAsAStream) {
  const std::string cmd = "cat " + p("in.ppm") + " | " + PARLAB_EXE + " filter sobel -i /dev/stdin -o " + p("out.png") +
                          " >/dev/null 2>" + p("err");
  ASSERT_EQ(std::system(("sh -c '" + cmd + "'").c_str()), 0) << slurp(p("err"));
  EXPECT_TRUE(std::filesystem::exists(p("out.png")));
}

TEST_F(CliFilter, DevicesAreRefusedWithTheReason) {
  expect_failure(parlab("filter sobel -i /dev/zero -o " + p("out.png")), 1, "/dev/zero: is a device");
  EXPECT_FALSE(std::filesystem::exists(p("out.png")));
}

TEST_F(CliFilter, WritesTheOutput) {
  const Outcome o = parlab("filter gaussian_blur --sigma 1.5 -i " + p("in.ppm") + " -o " + p("out.png") + " --format json");
  ASSERT_EQ(o.code, 0) << o.err;
  EXPECT_TRUE(std::filesystem::exists(p("out.png")));
  EXPECT_EQ(nlohmann::json::parse(o.out)["files"][0]["width"], 7);
}

TEST_F(CliFilter, EveryImageKernelRunsOnAFile) {
  for (const char* k : {"gray", "gray_u8", "box_blur", "gaussian_blur", "sobel", "unsharp"}) {
    const Outcome o = parlab(std::string("filter ") + k + " -i " + p("in.ppm") + " -o " + p(std::string(k) + ".png"));
    EXPECT_EQ(o.code, 0) << k << ": " << o.err;
  }
}

TEST_F(CliFilter, ABadFileFailsAloneAndTheBatchGoesOn) {
  std::filesystem::create_directories(p("out"));
  const Outcome o = parlab("filter sobel -i " + p("text.png") + " " + p("missing.png") + " " + p("in.ppm") +
                           " --output-dir " + p("out"));
  EXPECT_EQ(o.code, 1);
  EXPECT_EQ(lines(o.err), 2) << o.err;
  EXPECT_NE(o.err.find(p("text.png") + ": not a PNG"), std::string::npos) << o.err;
  EXPECT_NE(o.err.find(p("missing.png") + ": No such file"), std::string::npos) << o.err;
  EXPECT_TRUE(std::filesystem::exists(p("out/in.png"))) << "the good file must still be processed";
  EXPECT_FALSE(std::filesystem::exists(p("out/text.png")));
}

TEST_F(CliFilter, UnwritableOutputLeavesNothing) {
  const std::size_t before = files();
  expect_failure(parlab("filter box_blur -i " + p("in.ppm") + " -o " + p("no/dir/out.png")), 1, "no directory");
  EXPECT_EQ(files(), before);
}

TEST_F(CliFilter, UsageErrors) {
  expect_failure(parlab("filter reduce_sum -i " + p("in.ppm") + " -o " + p("o.png")), 2, "does not filter files");
  expect_failure(parlab("filter sobel -i " + p("in.ppm") + " -o " + p("o.bmp")), 2, "unknown image format");
  expect_failure(parlab("filter sobel -i " + p("in.ppm") + " " + p("in.ppm") + " -o " + p("o.png")), 2, "--output-dir");
  expect_failure(parlab("filter gaussian_blur --sigma 0 -i " + p("in.ppm") + " -o " + p("o.png")), 2, "--sigma");
  expect_failure(parlab("filter box_blur --radius -3 -i " + p("in.ppm") + " -o " + p("o.png")), 2, "--radius");
  expect_failure(parlab("filter sobel -o " + p("o.png")), 2, "--input");
  EXPECT_FALSE(std::filesystem::exists(p("o.png")));
}

TEST_F(CliFilter, GrayNeedsColour) {
  ASSERT_EQ(parlab("filter gray -i " + p("in.ppm") + " -o " + p("g.pgm")).code, 0);
  expect_failure(parlab("filter gray -i " + p("g.pgm") + " -o " + p("gg.png")), 1, "needs an RGB");
}

}  // namespace
}  // namespace clitest
