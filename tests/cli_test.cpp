// parlab run as a user runs it: exit codes (0 ok, 1 failure, 2 usage), one
// line on stderr that names the bad value, and parseable output.
#include <gtest/gtest.h>
#include <sys/wait.h>

#include <sys/stat.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>
#include <string>
#include <unistd.h>

#include "scratch_dir.hpp"

namespace {

struct Outcome {
  int code = -1;
  std::string out, err;
};

std::string slurp(const std::filesystem::path& p) {
  std::ifstream in(p);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

// Runs a shell command line, capturing its stdout and stderr.
Outcome sh(const std::string& command) {
  const auto dir = std::filesystem::temp_directory_path();
  const std::string tag = std::to_string(::getpid()) + "_" + std::to_string(std::rand());
  const auto out = dir / ("parlab_out_" + tag), err = dir / ("parlab_err_" + tag);
  const std::string cmd = command + " >" + out.string() + " 2>" + err.string();
  const int status = std::system(cmd.c_str());
  Outcome o{WIFEXITED(status) ? WEXITSTATUS(status) : -1, slurp(out), slurp(err)};
  std::filesystem::remove(out);
  std::filesystem::remove(err);
  return o;
}

Outcome parlab(const std::string& args, const std::string& env = "") { return sh(env + " " + PARLAB_EXE + " " + args); }

int lines(const std::string& s) {
  int n = 0;
  for (char c : s) n += c == '\n';
  return n;
}

// A failure: the expected code, nothing on stdout, one line on stderr that
// mentions `needle`.
void expect_failure(const Outcome& o, int code, const std::string& needle) {
  EXPECT_EQ(o.code, code) << o.err;
  EXPECT_EQ(lines(o.err), 1) << o.err;
  EXPECT_NE(o.err.find(needle), std::string::npos) << o.err;
}

TEST(Cli, HelpExitsZero) {
  const Outcome o = parlab("--help");
  EXPECT_EQ(o.code, 0);
  EXPECT_NE(o.out.find("compare"), std::string::npos);
}

TEST(Cli, SeedsOutsideZeroTo2To64AreUsageErrors) {
  for (const char* seed : {"-1", "18446744073709551616", "1.5", "1e3", "abc", "0x10", "+3"})
    expect_failure(parlab(std::string("run reduce_sum --size 10 --seed ") + seed), 2, std::string("--seed '") + seed);
  EXPECT_EQ(parlab("run reduce_sum --size 10 --seed 18446744073709551615").code, 0);
}

TEST(Cli, TooManyOpenMpThreadsIsAUsageErrorNotACrash) {
  expect_failure(parlab("run sobel --width 16 --height 16 --backend openmp", "OMP_NUM_THREADS=100000"), 2,
                 "OMP_NUM_THREADS");
}

TEST(Cli, OutputThatCannotBeWrittenFails) {
  const auto err = std::filesystem::temp_directory_path() / ("parlab_full_" + std::to_string(::getpid()));
  const int status =
      std::system((std::string(PARLAB_EXE) + " run reduce_sum --size 1000 >/dev/full 2>" + err.string()).c_str());
  const std::string text = slurp(err);
  std::filesystem::remove(err);
  ASSERT_TRUE(WIFEXITED(status));
  EXPECT_EQ(WEXITSTATUS(status), 1);
  EXPECT_NE(text.find("standard output: write failed"), std::string::npos) << text;
}

TEST(Cli, UnknownCommandIsUsageError) { expect_failure(parlab("frobnicate"), 2, "frobnicate"); }
TEST(Cli, UnknownKernelIsUsageError) { expect_failure(parlab("run reduce_median"), 2, "'reduce_median'"); }
TEST(Cli, NegativeSizeIsUsageError) { expect_failure(parlab("run reduce_sum --size -1"), 2, "--size '-1'"); }
TEST(Cli, NonNumericSizeIsUsageError) { expect_failure(parlab("run reduce_sum --size lots"), 2, "--size 'lots'"); }
TEST(Cli, FractionalSizeIsUsageError) { expect_failure(parlab("run reduce_sum --size 2.5"), 2, "--size '2.5'"); }
TEST(Cli, ZeroThreadsIsUsageError) { expect_failure(parlab("run reduce_sum --threads 0"), 2, "--threads"); }
TEST(Cli, ZeroRepeatIsUsageError) { expect_failure(parlab("run reduce_sum --repeat 0"), 2, "--repeat"); }
TEST(Cli, UnknownFormatIsUsageError) { expect_failure(parlab("list --format xml"), 2, "xml"); }
TEST(Cli, UnknownBackendIsUsageError) { expect_failure(parlab("run reduce_sum --backend opencl"), 2, "'opencl'"); }
TEST(Cli, UnknownBackendInEnvironmentIsUsageError) {
  expect_failure(parlab("run reduce_sum --size 10", "PARLAB_BACKEND=fpga"), 2, "'fpga'");
}

TEST(Cli, ImagesTakeWidthAndHeightNotSize) {
  expect_failure(parlab("run sobel --size 1000"), 2, "--width");
  expect_failure(parlab("run sobel --width 0"), 2, "--width");
  const Outcome o = parlab("run sobel --width 64 --height 3 --backend scalar --repeat 1 --format json");
  ASSERT_EQ(o.code, 0) << o.err;
  EXPECT_EQ(nlohmann::json::parse(o.out)["results"][0]["size"], 192);
}

TEST(Cli, SizeBeyondMemoryIsAClearError) {
  expect_failure(parlab("run reduce_sum --size 1e15"), 1, "--size 1000000000000000");
  expect_failure(parlab("run reduce_sum --size 2^50"), 1, "memory");
}

TEST(Cli, UnusableBackendIsRefusedWithItsReason) {
  const Outcome o = parlab("info --format json");
  ASSERT_EQ(o.code, 0);
  const auto backends = nlohmann::json::parse(o.out)["backends"];
  for (const auto& b : backends) {
    if (b["usable"] == "yes") continue;
    const std::string name = b["backend"];
    expect_failure(parlab("run reduce_sum --size 1000 --backend " + name), 1, b["reason"].get<std::string>());
    return;
  }
  GTEST_SKIP() << "every backend is usable on this machine: nothing to refuse";
}

TEST(Cli, RunPrintsCheckedJson) {
  const Outcome o = parlab("run reduce_sum --size 100003 --repeat 2 --backend simd --format json");
  ASSERT_EQ(o.code, 0) << o.err;
  const auto rows = nlohmann::json::parse(o.out)["results"];
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0]["backend"], "simd");
  EXPECT_EQ(rows[0]["size"], 100003);
  EXPECT_EQ(rows[0]["check"].get<std::string>().rfind("ok", 0), 0u);
}

TEST(Cli, EnvironmentPicksTheBackendAndFlagOverridesIt) {
  auto backend_of = [](const Outcome& o) { return nlohmann::json::parse(o.out)["results"][0]["backend"].get<std::string>(); };
  EXPECT_EQ(backend_of(parlab("run reduce_max --size 1000 --format json", "PARLAB_BACKEND=scalar")), "scalar");
  EXPECT_EQ(backend_of(parlab("run reduce_max --size 1000 --format json --backend simd", "PARLAB_BACKEND=scalar")),
            "simd");
}

// The lines of `csv` that are not "# " context lines, split into fields
// (none of the fields checked here is quoted).
std::vector<std::vector<std::string>> csv_rows(const std::string& csv) {
  std::vector<std::vector<std::string>> rows;
  std::istringstream in(csv);
  for (std::string line; std::getline(in, line);) {
    if (line.rfind("# ", 0) == 0) continue;
    std::vector<std::string> fields;
    std::istringstream f(line);
    for (std::string x; std::getline(f, x, ',');) fields.push_back(x);
    rows.push_back(fields);
  }
  return rows;
}

TEST(Cli, CsvHasOneHeaderTheColumnsOfJsonAndItsContext) {
  const std::string run = "run reduce_min --size 4097 --repeat 3 --backend scalar --seed 7 --format ";
  const Outcome o = parlab(run + "csv");
  ASSERT_EQ(o.code, 0) << o.err;
  EXPECT_EQ(o.out.rfind("# parlab.results 1\n", 0), 0u) << o.out;
  for (const char* field : {"# context.cpu: ", "# context.isa_dispatched: ", "# context.seed: 7\n",
                            "# context.git_revision: ", "# context.command: run\n", "# context.gpu.usable: "})
    EXPECT_NE(o.out.find(field), std::string::npos) << field;
  const auto rows = csv_rows(o.out);
  ASSERT_EQ(rows.size(), 2u) << o.out;  // one header, one row
  const Outcome j = parlab(run + "json");
  ASSERT_EQ(j.code, 0) << j.err;
  const auto row = nlohmann::json::parse(j.out)["results"][0];
  std::vector<std::string> json_columns;
  for (const auto& [key, v] : row.items()) json_columns.push_back(key);
  std::vector<std::string> header = rows[0];
  std::sort(header.begin(), header.end());
  EXPECT_EQ(header, json_columns);  // nlohmann's objects are sorted by key
}

TEST(Cli, ListShowsEveryKernel) {
  const Outcome o = parlab("list --format json");
  ASSERT_EQ(o.code, 0);
  const auto rows = nlohmann::json::parse(o.out)["kernels"];
  EXPECT_GE(rows.size(), 4u);
  EXPECT_EQ(rows[0]["scalar"], "yes");
}

TEST(Cli, CompareChecksEveryUsableBackend) {
  const Outcome o = parlab("compare reduce_sum --size 2^20 --repeat 1 --roof-repeat 2 --format json");
  ASSERT_EQ(o.code, 0) << o.err;
  const auto doc = nlohmann::json::parse(o.out);
  const auto& rows = doc["results"];
  EXPECT_GE(rows.size(), 2u);
  for (const auto& r : rows) {
    EXPECT_EQ(r["check"].get<std::string>().rfind("ok", 0), 0u) << r.dump();
    // Every result is set against the roof that binds it.
    EXPECT_TRUE(r["bound"] == "memory" || r["bound"] == "fp32" || r["bound"] == "fp64" || r["bound"] == "int32 mul")
        << r.dump();
    EXPECT_TRUE(r["pct_of_limit"].is_number()) << r.dump();
  }
  EXPECT_TRUE(doc["compute"][0]["fp32_gflops"].is_number());
}

}  // namespace

// ---- parlab filter: files in, files out, a batch that survives bad files.
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
  expect_failure(parlab("filter box_blur -i " + p("in.ppm") + " -o " + p("no/dir/out.png")), 1, "cannot write here");
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

// ---- Options come from each kernel's declarations.
namespace {

TEST(CliOptions, AnOptionTheKernelDoesNotDeclareIsAUsageError) {
  const Outcome o = parlab("run reduce_sum --sigma 2");
  expect_failure(o, 2, "--sigma does not apply to reduce_sum");
  EXPECT_NE(o.err.find("--size"), std::string::npos) << "names the kernel's own options: " << o.err;
}

TEST(CliOptions, RangesComeFromTheDeclaration) {
  expect_failure(parlab("run gaussian_blur --sigma 0"), 2, "--sigma '0': out of range (allowed: > 0 and <= 1000)");
  expect_failure(parlab("run gaussian_blur --sigma 1e10"), 2, "--sigma '1e10': out of range");
  expect_failure(parlab("run gaussian_blur --radius 50000"), 2, "--radius '50000': out of range (allowed: -1..4096)");
  expect_failure(parlab("run box_blur --radius 65536"), 2, "--radius '65536'");
  expect_failure(parlab("run unsharp --amount nan"), 2, "--amount 'nan': not a finite number");
  expect_failure(parlab("run sobel --width 1.5"), 2, "--width '1.5': not an integer");
}

TEST(CliOptions, ListShowsAKernelsOptions) {
  const Outcome o = parlab("list gaussian_blur --format json");
  ASSERT_EQ(o.code, 0) << o.err;
  const auto rows = nlohmann::json::parse(o.out)["options"];
  std::set<std::string> names;
  for (const auto& r : rows) names.insert(r["option"].get<std::string>());
  EXPECT_EQ(names, (std::set<std::string>{"--width", "--height", "--sigma", "--radius"}));
  expect_failure(parlab("list reduce_median"), 2, "'reduce_median'");
}

TEST(CliOptions, HelpIsDerivedFromTheDeclarations) {
  const Outcome o = parlab("run --help");
  EXPECT_EQ(o.code, 0);
  EXPECT_NE(o.out.find("standard deviation of the Gaussian"), std::string::npos) << o.out;
  EXPECT_NE(o.out.find("box_blur: half-width of the window"), std::string::npos) << o.out;
}

TEST(CliOptions, ResultsCarryTheirParametersAndTypedValues) {
  const Outcome o = parlab("run reduce_sum --size 1000 --repeat 1 --backend scalar --format json");
  ASSERT_EQ(o.code, 0) << o.err;
  const auto r = nlohmann::json::parse(o.out)["results"][0];
  EXPECT_TRUE(r["params"]["size"].is_number_integer());
  EXPECT_EQ(r["params"]["size"], 1000);
  EXPECT_TRUE(r["threads"].is_number_integer()) << "integers are integers";
  EXPECT_TRUE(r["size"].is_number_integer());
  EXPECT_TRUE(r["value"]["sum"].is_number_float());
}

TEST(CliOptions, IsaCanBeChosenAndIsChecked) {
  const Outcome o = parlab("run sobel --width 40 --height 30 --repeat 1 --backend simd --isa sse2 --format json");
  ASSERT_EQ(o.code, 0) << o.err;
  EXPECT_EQ(nlohmann::json::parse(o.out)["results"][0]["note"], "ISA sse2");
  expect_failure(parlab("run sobel --isa neon"), 2, "ISA 'neon': not compiled in");
  const Outcome env = parlab("run reduce_max --size 100 --repeat 1 --backend simd --format json", "PARLAB_ISA=sse2");
  ASSERT_EQ(env.code, 0) << env.err;
  EXPECT_EQ(nlohmann::json::parse(env.out)["results"][0]["note"], "ISA sse2");
}

TEST(CliOptions, RooflineHasAMemoryAndAComputeRoof) {
  const Outcome o = parlab("roofline --size 2^20 --repeat 2 --format json");
  ASSERT_EQ(o.code, 0) << o.err;
  const auto doc = nlohmann::json::parse(o.out);
  EXPECT_GT(doc["memory"][0]["read"].get<double>(), 0);
  EXPECT_GT(doc["compute"][0]["fp32_gflops"].get<double>(), 0);
  EXPECT_GT(doc["compute"][0]["fp64_gflops"].get<double>(), 0);
  EXPECT_GT(doc["compute"][0]["int32_mul_gops"].get<double>(), 0);
  expect_failure(parlab("roofline --size 100"), 2, "--size '100': out of range");
  expect_failure(parlab("roofline --size 1e15"), 1, "memory");
}

}  // namespace

// ---- Commands the kernels ask for: `parlab montecarlo pi|european|asian`.

TEST(CliMonteCarlo, BadParametersAreUsageErrorsNamingTheFlag) {
  const std::pair<const char*, const char*> cases[] = {
      {"european --volatility -0.1", "--volatility '-0.1'"},
      {"european --volatility 0", "--volatility '0'"},
      {"european --volatility 0.001", "--volatility '0.001'"},
      {"european --volatility abc", "--volatility 'abc'"},
      {"european --maturity 0", "--maturity '0'"},
      {"asian --maturity -1", "--maturity '-1'"},
      {"european --maturity 3", "--maturity '3'"},
      {"european --paths 0", "--paths '0'"},
      {"european --s0 0", "--s0 '0'"},
      {"european --strike -5", "--strike '-5'"},
      {"european --strike nan", "--strike 'nan'"},
      {"asian --steps 0", "--steps '0'"},
      {"asian --steps 2.5", "--steps '2.5'"},
      {"pi --samples 0", "--samples '0'"},
      {"pi --samples 1e99", "--samples '1e99'"},
      {"pi --steps 4", "--steps does not apply to montecarlo_pi"},
      {"pi --volatility 0.3", "--volatility"},
      {"binomial", "binomial"},
  };
  for (const auto& [args, needle] : cases) {
    SCOPED_TRACE(args);
    expect_failure(parlab(std::string("montecarlo ") + args), 2, needle);
  }
}

TEST(CliMonteCarlo, PiGivesAnExactCountAndAnEstimateWithItsInterval) {
  const Outcome o = parlab("montecarlo pi --samples 100001 --seed 7 --backend simd --format json");
  ASSERT_EQ(o.code, 0) << o.err;
  const auto j = nlohmann::json::parse(o.out);
  const auto& v = j["results"][0]["value"];
  EXPECT_TRUE(v["inside"].is_number_unsigned());
  EXPECT_EQ(v["samples"], 100001);
  const double pi = v["pi"]["value"], se = v["pi"]["std_error"];
  EXPECT_DOUBLE_EQ(pi, 4.0 * v["inside"].get<double>() / 100001);
  EXPECT_NEAR(double(v["pi"]["ci95"][0]), pi - 1.96 * se, 1e-3 * se);
  // The same count from the scalar reference and from every thread count.
  for (const char* other : {"--backend scalar", "--backend openmp --threads 3"}) {
    const Outcome p = parlab(std::string("montecarlo pi --samples 100001 --seed 7 --format json ") + other);
    ASSERT_EQ(p.code, 0) << p.err;
    EXPECT_EQ(nlohmann::json::parse(p.out)["results"][0]["value"]["inside"], v["inside"]) << other;
  }
}

TEST(CliMonteCarlo, OptionsPrintThePriceBesideTheClosedForm) {
  const Outcome e = parlab("montecarlo european --paths 20000 --antithetic yes --format json");
  ASSERT_EQ(e.code, 0) << e.err;
  const auto je = nlohmann::json::parse(e.out);
  EXPECT_NEAR(double(je["results"][0]["value"]["call_bs"]), 10.450583572185565, 1e-9);
  EXPECT_NE(std::string(je["results"][0]["check"]).find("call: "), std::string::npos);
  const Outcome a = parlab("montecarlo asian --paths 2000 --steps 12 --format json");
  ASSERT_EQ(a.code, 0) << a.err;
  const auto ja = nlohmann::json::parse(a.out);
  const auto& av = ja["results"][0]["value"];
  EXPECT_GT(double(av["variance_reduction"]), 2);
  EXPECT_LT(double(av["arithmetic_cv"]["std_error"]), double(av["arithmetic"]["std_error"]));
}

TEST(CliMonteCarlo, InterruptStopsAndPrintsThePartialEstimate) {
  // 3 s before the signal: time enough, on a loaded machine, for the run to
  // have started and set its handler (a signal before that ends the process).
  const auto dir = std::filesystem::temp_directory_path();
  const auto out = dir / ("parlab_int_" + std::to_string(::getpid()));
  const std::string cmd = std::string(PARLAB_EXE) + " montecarlo pi --samples 1e13 --backend openmp --format json >" +
                          out.string() + " 2>" + out.string() + ".err & p=$!; sleep 3; kill -INT $p; wait $p";
  const int status = std::system(("sh -c '" + cmd + "'").c_str());
  const std::string text = slurp(out), err = slurp(out.string() + ".err");
  std::filesystem::remove(out);
  std::filesystem::remove(out.string() + ".err");
  ASSERT_TRUE(WIFEXITED(status));
  EXPECT_EQ(WEXITSTATUS(status), 130) << err;
  EXPECT_NE(err.find("partial"), std::string::npos) << err;
  const auto j = nlohmann::json::parse(text);
  const auto& r = j["results"][0];
  EXPECT_NE(std::string(r["note"]).find("partial: stopped after"), std::string::npos);
  const std::uint64_t samples = r["value"]["samples"];
  EXPECT_GT(samples, 0u);
  EXPECT_LT(samples, 10000000000000u);
  EXPECT_EQ(r["value"]["pi"]["samples"], samples) << "the estimate covers exactly what was done";
  EXPECT_EQ(r["size"], samples);
}

// On a terminal (a pseudo-terminal from util-linux's `script`), a run longer
// than 2 s shows its progress on stderr; JSON output never does.
TEST(CliMonteCarlo, ProgressLineOnATerminalOnlyForTables) {
  if (std::system("command -v script >/dev/null 2>&1") != 0) GTEST_SKIP() << "util-linux's script is not installed";
  for (const char* format : {"table", "json"}) {
    const auto out = std::filesystem::temp_directory_path() / ("parlab_tty_" + std::to_string(::getpid()));
    const std::string run = std::string(PARLAB_EXE) + " montecarlo pi --samples 1e13 --threads 1 --format " + format +
                            " & p=$!; sleep 3; kill -INT $p; wait $p";
    std::system(("script -qec '" + run + "' /dev/null >" + out.string() + " 2>&1").c_str());
    const std::string text = slurp(out);
    std::filesystem::remove(out);
    EXPECT_NE(text.find("partial"), std::string::npos) << format << ": " << text;
    if (std::string(format) == "table")
      EXPECT_NE(text.find("% done, about"), std::string::npos) << text;
    else
      EXPECT_EQ(text.find("% done"), std::string::npos) << text;
  }
}

// ---- The map-reduce commands on files and directories.

class CliMapReduce : public ScratchDir {
 protected:
  void SetUp() override {
    ScratchDir::SetUp();
    std::filesystem::create_directories(dir_ / "sub");
    std::ofstream(dir_ / "a.txt") << "The cat and THE dog.\n";
    std::ofstream(dir_ / "sub" / "b.txt") << "the end";
  }
};

TEST_F(CliMapReduce, WordcountCountsADirectoryAndReportsEachBadPathThenExitsOne) {
  ASSERT_EQ(::mkfifo(at("pipe").c_str(), 0600), 0);
  const auto t0 = std::chrono::steady_clock::now();
  const Outcome o = parlab("wordcount " + dir_.string() + " " + at("missing") + " --top 2 --format json");
  EXPECT_LT(std::chrono::steady_clock::now() - t0, std::chrono::seconds(20));  // never waits on the FIFO
  EXPECT_EQ(o.code, 1) << o.err;
  const auto j = nlohmann::json::parse(o.out);
  EXPECT_EQ(j["values"][0]["value"], 7);  // words
  EXPECT_EQ(j["values"][1]["value"], 5);  // distinct
  EXPECT_EQ(j["top"][0]["key"], "the");
  EXPECT_EQ(j["top"][0]["count"], 3);
  EXPECT_NE(o.err.find(at("missing") + ": No such file or directory"), std::string::npos) << o.err;
  EXPECT_NE(o.err.find(at("pipe") + ": a named pipe (FIFO), not read"), std::string::npos) << o.err;
  EXPECT_EQ(lines(o.err), 3) << o.err;  // two problems and the summary
}

TEST_F(CliMapReduce, HistogramAndStatsReadFiles) {
  const Outcome h = parlab("histogram " + at("sub/b.txt") + " --format json");
  ASSERT_EQ(h.code, 0) << h.err;
  EXPECT_EQ(nlohmann::json::parse(h.out)["values"][0]["value"], 7);
  const float v[3] = {1.0f, 2.0f, 6.0f};
  std::ofstream(at("v.f32"), std::ios::binary).write(reinterpret_cast<const char*>(v), sizeof v);
  std::ofstream(at("odd.f32"), std::ios::binary) << "12345";
  const Outcome s = parlab("stats " + at("v.f32") + " " + at("odd.f32") + " --format json");
  EXPECT_EQ(s.code, 1);
  const auto j = nlohmann::json::parse(s.out);
  EXPECT_EQ(j["values"][0]["value"], 3);    // count
  EXPECT_EQ(j["values"][2]["value"], 3.0);  // mean
  EXPECT_EQ(j["values"][3]["value"], 7.0);  // variance (n - 1)
  EXPECT_NE(s.err.find("odd.f32: 1 byte(s) left over"), std::string::npos) << s.err;
}

TEST_F(CliMapReduce, BadOptionsAreUsageErrors) {
  expect_failure(parlab("wordcount " + at("a.txt") + " --size 100"), 2, "--size shapes the built-in input");
  expect_failure(parlab("wordcount --top -1"), 2, "--top '-1'");
  expect_failure(parlab("wordcount --all maybe"), 2, "--all 'maybe'");
  const Outcome ok = parlab("wordcount --size 10000 --all --top 3");
  EXPECT_EQ(ok.code, 0) << ok.err;
}

// ---- parlab demo.

TEST(CliDemo, WaitsPrintsNumbersChartsAndATraceFile) {
  const auto trace = std::filesystem::temp_directory_path() / ("parlab_trace_" + std::to_string(::getpid()) + ".json");
  const Outcome o = parlab("demo waits --scale 0.1 --trace " + trace.string());
  ASSERT_EQ(o.code, 0) << o.err;
  EXPECT_NE(o.out.find("concurrent (one thread, libuv event loop)"), std::string::npos) << o.out;
  EXPECT_NE(o.out.find("request 3 |"), std::string::npos) << o.out;  // ASCII: stdout is not a terminal
  EXPECT_NE(o.out.find("Takeaway: "), std::string::npos);
  const auto j = nlohmann::json::parse(slurp(trace));
  EXPECT_GE(j["traceEvents"].size(), 6u);
  std::filesystem::remove(trace);
  const Outcome m = parlab("demo cpu --scale 0.05 --mermaid");
  ASSERT_EQ(m.code, 0) << m.err;
  EXPECT_NE(m.out.find("```mermaid\ngantt"), std::string::npos);
  const Outcome js = parlab("demo waits --scale 0.05 --format json");
  ASSERT_EQ(js.code, 0) << js.err;
  EXPECT_EQ(nlohmann::json::parse(js.out)["waits"][0]["unit"], "s");
}

TEST(CliDemo, BadNamesScalesAndTraceFilesAreErrors) {
  expect_failure(parlab("demo nope"), 2, "demo 'nope': unknown");
  expect_failure(parlab("demo waits --scale 0"), 2, "--scale");
  expect_failure(parlab("demo waits --scale 0.01 --trace /nonexistent/dir/t.json"), 1, "/nonexistent/dir/t.json");
}

// ---- --trace on every command that runs work.
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

TEST(CliTaskGraph, PrintsTheGraphsNumbersAndChartAndRefusesBadScales) {
  const Outcome o = parlab("taskgraph --scale 0.01 --threads 2");
  ASSERT_EQ(o.code, 0) << o.err;
  EXPECT_NE(o.out.find("critical path: "), std::string::npos) << o.out;  // which chain depends on the machine
  EXPECT_NE(o.out.find(" -> report  "), std::string::npos) << o.out;
  EXPECT_NE(o.out.find("worker 0 |"), std::string::npos) << o.out;
  const Outcome j = parlab("taskgraph --scale 0.01 --format json");
  ASSERT_EQ(j.code, 0) << j.err;
  EXPECT_GE(nlohmann::json::parse(j.out)["taskgraph"].size(), 12u);
  expect_failure(parlab("taskgraph --scale 1000"), 2, "--scale");
}

// ---- parlab pipeline: the same outputs as parlab filter, bad files named,
// one error for an output directory that cannot be written, Ctrl-C.
namespace {

class CliPipeline : public ScratchDir {
 protected:
  void SetUp() override {
    ScratchDir::SetUp();
    std::filesystem::create_directories(dir_ / "in" / "sub");
    std::filesystem::create_directories(dir_ / "out");
    std::filesystem::create_directories(dir_ / "ref");
    for (int i = 0; i < 6; ++i) {
      std::string ppm = "P6\n31 17\n255\n";
      for (int j = 0; j < 31 * 17 * 3; ++j) ppm += static_cast<char>((j * (i + 3)) % 251);
      std::ofstream(dir_ / "in" / (i < 3 ? "" : "sub") / ("im" + std::to_string(i) + ".ppm"), std::ios::binary) << ppm;
    }
  }
  std::string p(const std::string& name) const { return (dir_ / name).string(); }
};

TEST_F(CliPipeline, WritesWhatParlabFilterWritesAndSummarises) {
  const Outcome o = parlab("pipeline -i " + p("in") + " --output-dir " + p("out") + " --filter gaussian_blur --sigma 1.5");
  ASSERT_EQ(o.code, 0) << o.err;
  EXPECT_NE(o.out.find("files_ok                   6"), std::string::npos) << o.out;
  EXPECT_NE(o.out.find("encode + write"), std::string::npos) << o.out;
  for (int i = 0; i < 6; ++i) {
    const std::string name = "im" + std::to_string(i);
    const std::string in = p("in/" + std::string(i < 3 ? "" : "sub/") + name + ".ppm");
    ASSERT_EQ(parlab("filter gaussian_blur --sigma 1.5 -i " + in + " -o " + p("ref/" + name + ".png")).code, 0);
    EXPECT_EQ(slurp(p("ref/" + name + ".png")), slurp(p("out/" + name + ".png"))) << name;
  }
  const Outcome j = parlab("pipeline -i " + p("in") + " --output-dir " + p("out") + " --filter sobel --io blocking --format json");
  ASSERT_EQ(j.code, 0) << j.err;
  const auto doc = nlohmann::json::parse(j.out);
  EXPECT_EQ(doc["summary"]["files_ok"], 6);
  EXPECT_EQ(doc["summary"]["read_with"].get<std::string>().rfind("blocking", 0), 0u);
  EXPECT_EQ(doc["stages"].size(), 5u);
}

TEST_F(CliPipeline, BadFilesAreOneLineEachAndTheRestAreWritten) {
  std::ofstream(p("in/zz_text.png")) << "not an image";
  const Outcome o = parlab("pipeline -i " + p("in") + " " + p("nothing_here") + " --output-dir " + p("out") + " --filter sobel");
  EXPECT_EQ(o.code, 1);
  EXPECT_NE(o.err.find(p("in/zz_text.png") + ": not a PNG, JPEG or binary PPM/PGM image"), std::string::npos) << o.err;
  EXPECT_NE(o.err.find(p("nothing_here")), std::string::npos) << o.err;
  EXPECT_EQ(lines(o.err), 3) << o.err;  // two inputs, then the count
  EXPECT_TRUE(std::filesystem::exists(p("out/im5.png")));
}

TEST_F(CliPipeline, AnOutputDirectoryThatCannotBeWrittenIsOneError) {
  expect_failure(parlab("pipeline -i " + p("in") + " --output-dir /proc --filter sobel"), 1, "--output-dir '/proc': cannot write there");
  expect_failure(parlab("pipeline -i " + p("in") + " --output-dir " + p("in/im0.ppm") + " --filter sobel"), 1, "not a directory");
  expect_failure(parlab("pipeline -i " + p("in") + " --output-dir " + p("out") + " --filter montecarlo_pi"), 2,
                 "--filter 'montecarlo_pi' does not filter files");
  expect_failure(parlab("pipeline -i " + p("in") + " --output-dir " + p("out") + " --filter sobel --in-flight 0"), 2, "--in-flight");
  expect_failure(parlab("pipeline -i " + p("in") + " --output-dir " + p("out") + " --filter sobel", "PARLAB_IO=aio"), 2, "PARLAB_IO 'aio'");
}

TEST_F(CliPipeline, CtrlCFinishesTheFilesInFlightLeavesNoTemporaryFileAndExits130) {
  std::string pgm = "P5\n500 500\n255\n";
  for (int i = 0; i < 500 * 500; ++i) pgm += static_cast<char>(i * 7);
  std::filesystem::create_directories(dir_ / "slow");
  for (int i = 0; i < 8; ++i) std::ofstream(p("slow/s" + std::to_string(i) + ".pgm"), std::ios::binary) << pgm;
  // Slow on purpose (a wide Gaussian on the scalar backend, one worker): interrupted once the first output exists.
  const std::string run = std::string(PARLAB_EXE) + " pipeline -i " + p("slow") + " --output-dir " + p("out") +
                          " --filter gaussian_blur --sigma 100 --backend scalar --threads 1 >" + p("so") + " 2>" +
                          p("se") + " & pid=$!; n=0; while [ -z \"$(ls " + p("out") +
                          ")\" ] && [ $n -lt 1200 ]; do sleep 0.1; n=$((n+1)); done; kill -INT $pid; wait $pid";
  const int status = std::system(("sh -c '" + run + "'").c_str());
  ASSERT_TRUE(WIFEXITED(status));
  EXPECT_EQ(WEXITSTATUS(status), 130) << slurp(p("se"));
  EXPECT_NE(slurp(p("so")).find("stopped_early              yes"), std::string::npos) << slurp(p("so"));
  EXPECT_NE(slurp(p("se")).find("interrupted: "), std::string::npos) << slurp(p("se"));
  int written = 0;
  for (const auto& e : std::filesystem::directory_iterator(p("out"))) {
    EXPECT_EQ(e.path().filename().string().rfind(".", 0), std::string::npos) << "left behind: " << e.path();
    ++written;
  }
  EXPECT_GE(written, 1);
  EXPECT_LT(written, 8);
}

TEST_F(CliPipeline, TheTraceHasEveryStage) {
  const auto file = dir_ / "t.json";
  const Outcome o = parlab("pipeline -i " + p("in") + " --output-dir " + p("out") + " --filter sobel --trace " + file.string());
  ASSERT_EQ(o.code, 0) << o.err;
  const auto events = nlohmann::json::parse(slurp(file))["traceEvents"];
  std::map<std::string, int> stages;
  for (const auto& e : events)
    if (e["cat"] == "pipeline") ++stages[e["name"].get<std::string>()];
  EXPECT_EQ(stages["decode"], 6);
  EXPECT_EQ(stages["filter"], 6);
  EXPECT_EQ(stages["encode + write"], 6);
  EXPECT_EQ(stages["report"], 6);
}

}  // namespace

// ---- parlab scale: a thread sweep, checked, with the Amdahl fit.
TEST(CliScale, SweepsThreadCountsChecksEachAndFitsAmdahl) {
  const Outcome o = parlab("scale reduce_sum --size 2^16 --threads 1,2,3 --repeat 1 --format json", "OMP_PROC_BIND=close");
  ASSERT_EQ(o.code, 0) << o.err;
  EXPECT_EQ(o.err.find("OMP_PROC_BIND is unset"), std::string::npos) << o.err;
  const auto j = nlohmann::json::parse(o.out);
  ASSERT_EQ(j["scale"].size(), 3u);
  for (int i = 0; i < 3; ++i) {
    EXPECT_EQ(j["scale"][i]["threads"], i + 1);  // an integer, not 1.0
    EXPECT_EQ(j["scale"][i]["check"], "ok");
  }
  EXPECT_EQ(j["scale"][0]["speedup"], 1.0);
  EXPECT_EQ(j["scale"][0]["efficiency"], 1.0);
  EXPECT_TRUE(j["fit"]["serial_fraction"].is_number());
  const Outcome w = parlab("scale reduce_sum --size 1000 --threads 1,4096 --repeat 1", "OMP_PROC_BIND=");
  ASSERT_EQ(w.code, 0) << w.err;
  EXPECT_NE(w.err.find("OMP_PROC_BIND is unset"), std::string::npos) << w.err;
  EXPECT_NE(w.err.find("up to 4096 threads on "), std::string::npos) << w.err;
}

TEST(CliScale, BadThreadListsAndKernelsAreUsageErrors) {
  for (const char* bad : {"0,1", "1,x", "2,1", "1,,2", "1,5000", ""})
    expect_failure(parlab(std::string("scale reduce_sum --threads '") + bad + "'"), 2, "--threads");
  expect_failure(parlab("scale nope"), 2, "'nope'");
}

// ---- Results people keep: --save, parlab diff.

namespace results {

std::filesystem::path scratch(const std::string& name) {
  const auto dir = std::filesystem::temp_directory_path() / ("parlab_saved_" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  return dir / name;
}

// A saved file with the given results rows (kernel, backend, kernel-only runs in ms).
std::string saved_file(const std::string& name,
                       const std::vector<std::tuple<std::string, std::string, std::vector<double>>>& rows) {
  nlohmann::json doc = {{"schema", "parlab.results"},
                        {"schema_version", 1},
                        {"context", {{"cpu", "Test CPU"}, {"isa_dispatched", "sse2"}, {"openmp_threads", 2}}},
                        {"results", nlohmann::json::array()}};
  for (const auto& [kernel, backend, runs] : rows) {
    std::vector<double> sorted = runs;
    std::sort(sorted.begin(), sorted.end());
    const double median = sorted[sorted.size() / 2];
    doc["results"].push_back({{"kernel", kernel}, {"backend", backend}, {"threads", 2}, {"params", {{"size", 100}}},
                              {"kernel_ms", median}, {"time_ms", median}, {"kernel_samples_ms", runs},
                              {"check", "ok: exact"}});
  }
  const auto path = scratch(name);
  std::ofstream(path) << doc.dump();
  return path.string();
}

}  // namespace results

TEST(CliSave, TheSavedFileHoldsTheRunsAndTheirContext) {
  const auto file = results::scratch("run.json");
  const Outcome o = parlab("run reduce_sum --size 1000 --repeat 4 --seed 9 --backend scalar --save " + file.string());
  ASSERT_EQ(o.code, 0) << o.err;
  EXPECT_NE(o.out.find("reduce_sum on scalar"), std::string::npos) << "stdout keeps its own format: " << o.out;
  const auto doc = nlohmann::json::parse(slurp(file));
  EXPECT_EQ(doc["schema"], "parlab.results");
  EXPECT_EQ(doc["schema_version"], 1);
  const auto& c = doc["context"];
  EXPECT_EQ(c["seed"], 9);
  EXPECT_EQ(c["command"], "run");
  EXPECT_EQ(c["options"]["--size"], "1000");
  EXPECT_EQ(c["options"]["kernel"], "reduce_sum");
  EXPECT_TRUE(c["logical_cpus"].is_number_integer());
  for (const char* k : {"parlab_version", "git_revision", "compiler", "flags", "os", "kernel", "cpu", "isa_dispatched",
                        "omp_proc_bind", "omp_places", "date"})
    EXPECT_TRUE(c[k].is_string() && !c[k].get<std::string>().empty()) << k;
  EXPECT_TRUE(c["gpu"]["usable"].is_boolean());
  EXPECT_EQ(c["command_line"].back(), file.string());
  const auto& r = doc["results"][0];
  ASSERT_EQ(r["kernel_samples_ms"].size(), 4u);
  std::vector<double> runs = r["kernel_samples_ms"].get<std::vector<double>>();
  std::sort(runs.begin(), runs.end());
  EXPECT_NEAR(r["kernel_ms"].get<double>(), (runs[1] + runs[2]) / 2, 1e-9);  // the median of the runs saved
  EXPECT_EQ(r["bytes"], 4000);
  EXPECT_EQ(r["flops"], 1000);
}

TEST(CliSave, BadPathsAreRefusedBeforeAnyWork) {
  expect_failure(parlab("run reduce_sum --size 10 --save /nonexistent/dir/r.json"), 1, "/nonexistent/dir/r.json");
  const auto dir = results::scratch("a_directory");
  std::filesystem::create_directories(dir);
  expect_failure(parlab("run reduce_sum --size 10 --save " + dir.string()), 1, "is a directory");
  for (const auto& e : std::filesystem::directory_iterator(dir.parent_path()))
    EXPECT_EQ(e.path().filename().string().rfind(".parlab_save_", 0), std::string::npos) << "left behind: " << e.path();
}

TEST(CliDiff, AKnownRatioIsFlaggedAndOverlappingRunsAreNot) {
  const std::vector<double> ten = {10, 10.2, 9.9, 10.1, 10.05};
  std::vector<double> twenty;
  for (double x : ten) twenty.push_back(2 * x);
  const std::string a = results::saved_file("a.json", {{"k_double", "openmp", ten},
                                                      {"k_same", "scalar", {5, 5.2, 5.4, 5.6, 5.8}},
                                                      {"k_few", "simd", {1, 1.1, 1.2}},
                                                      {"k_gone", "scalar", {3, 3, 3}}});
  const std::string b = results::saved_file("b.json", {{"k_double", "openmp", twenty},
                                                      {"k_same", "scalar", {5.1, 5.3, 5.5, 5.7, 5.9}},
                                                      {"k_few", "simd", {9, 9.1, 9.2}},
                                                      {"k_new", "cuda", {0.5, 0.5, 0.5}}});
  const Outcome o = parlab("diff " + a + " " + b + " --format json");
  ASSERT_EQ(o.code, 0) << o.err;
  std::map<std::string, nlohmann::json> by_kernel;
  const auto doc = nlohmann::json::parse(o.out);
  for (const auto& r : doc["diff"]) by_kernel[r["kernel"].get<std::string>()] = r;
  ASSERT_EQ(by_kernel.size(), 5u);
  EXPECT_NEAR(by_kernel["k_double"]["ratio"].get<double>(), 2.0, 1e-9);
  EXPECT_NEAR(by_kernel["k_double"]["p_value"].get<double>(), 2.0 / 252, 1e-6);
  EXPECT_EQ(by_kernel["k_double"]["verdict"], "B 2x slower");
  EXPECT_EQ(by_kernel["k_same"]["verdict"], "same (the runs overlap)");
  EXPECT_NE(by_kernel["k_few"]["verdict"].get<std::string>().find("not judged: 3 and 3 runs"), std::string::npos);
  EXPECT_EQ(by_kernel["k_gone"]["verdict"], "only in A");
  EXPECT_EQ(by_kernel["k_new"]["verdict"], "only in B");
  // --best pairs each kernel's fastest row, whatever its backend.
  const std::string c = results::saved_file("c.json", {{"k_double", "cuda", {1, 1.01, 0.99, 1.02, 0.98}}});
  const Outcome best = parlab("diff " + a + " " + c + " --best --format json");
  ASSERT_EQ(best.code, 0) << best.err;
  const auto rows = nlohmann::json::parse(best.out)["diff"];
  const auto it = std::find_if(rows.begin(), rows.end(), [](const auto& r) { return r["kernel"] == "k_double"; });
  ASSERT_NE(it, rows.end());
  EXPECT_EQ((*it)["backend_a"], "openmp");
  EXPECT_EQ((*it)["backend_b"], "cuda");
  EXPECT_EQ((*it)["verdict"], "B 10.1x faster");
}

TEST(CliDiff, BadSavedFilesAreOneLineErrors) {
  const std::string good = results::saved_file("good.json", {{"k", "scalar", {1, 2, 3}}});
  const auto text = results::scratch("text.json");
  std::ofstream(text) << "kernel,backend\n";
  nlohmann::json other = nlohmann::json::parse(slurp(good));
  other["schema_version"] = 7;
  const auto v7 = results::scratch("v7.json");
  std::ofstream(v7) << other.dump();
  const auto foreign = results::scratch("foreign.json");
  std::ofstream(foreign) << R"({"traceEvents": []})";
  expect_failure(parlab("diff " + good + " /nonexistent/b.json"), 1, "'/nonexistent/b.json': cannot open");
  expect_failure(parlab("diff " + text.string() + " " + good), 1, "not JSON");
  expect_failure(parlab("diff " + good + " " + v7.string()), 1, "schema version 7; this parlab reads version 1");
  expect_failure(parlab("diff " + foreign.string() + " " + good), 1, "not a parlab results file");
  expect_failure(parlab("diff " + good), 2, "files");
  expect_failure(parlab("diff " + good + " " + good + " --alpha 0.9"), 2, "--alpha");
}

// ---- Progress: on a terminal, after about 2 s; never with JSON or CSV, never into a file.

// What a terminal shows of `args` (stdout discarded), run under script(1).
Outcome on_terminal(const std::string& args) {
  return sh("script -qec \"" + std::string(PARLAB_EXE) + " " + args + " >/dev/null\" /dev/null");
}

TEST(CliProgress, OnATerminalOnlyAndNeverWithJsonOrCsv) {
  if (std::system("command -v script >/dev/null 2>&1") != 0) GTEST_SKIP() << "script(1) (util-linux) is not installed";
  // The waits demo at 0.8 takes about 3.2 s, whatever the sanitizers.
  const Outcome table = on_terminal("demo waits --scale 0.8");
  ASSERT_EQ(table.code, 0) << table.err;
  EXPECT_NE(table.out.find("demo: waits (1 of 1)"), std::string::npos) << table.out;
  for (const char* format : {"json", "csv"}) {
    const Outcome o = on_terminal(std::string("demo waits --scale 0.6 --format ") + format);
    ASSERT_EQ(o.code, 0) << o.err;
    EXPECT_EQ(o.out.find("of 1)"), std::string::npos) << format << ": " << o.out;
  }
  const Outcome piped = parlab("demo waits --scale 0.6");  // stderr to a file
  EXPECT_EQ(piped.err.find("of 1)"), std::string::npos) << piped.err;
}
