// parlab pipeline: the same outputs as parlab filter, bad files named,
// one error for an output directory that cannot be written, Ctrl-C.
#include <csignal>

#include "cli.hpp"

namespace clitest {
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

// A missing output directory is made, as mkdir -p would, and stderr says so.
TEST_F(CliPipeline, AMissingOutputDirectoryIsMadeAndSaidSo) {
  const Outcome o = parlab("pipeline -i " + p("in") + " --output-dir " + p("new/deeper") + " --filter sobel");
  ASSERT_EQ(o.code, 0) << o.err;
  EXPECT_NE(o.err.find("--output-dir '" + p("new/deeper") + "': made"), std::string::npos) << o.err;
  EXPECT_TRUE(std::filesystem::exists(p("new/deeper/im5.png")));
  const Outcome f = parlab("filter sobel -i " + p("in/im0.ppm") + " --output-dir " + p("fresh"));
  ASSERT_EQ(f.code, 0) << f.err;
  EXPECT_NE(f.err.find("made"), std::string::npos) << f.err;
  EXPECT_TRUE(std::filesystem::exists(p("fresh/im0.png")));
  // Usage errors come first: nothing is made for a command that will not run.
  expect_failure(parlab("filter sobel -i " + p("in/im0.ppm") + " --output-dir " + p("never") + " --sigma 2"), 2, "--sigma");
  EXPECT_FALSE(std::filesystem::exists(p("never")));
  // A parent that is a file cannot hold it: one error.
  expect_failure(parlab("pipeline -i " + p("in") + " --output-dir " + p("in/im0.ppm/x") + " --filter sobel"), 1,
                 "cannot make it");
}

// More threads than oneTBB runs: said once, and the summary counts the workers that ran.
TEST_F(CliPipeline, MoreThreadsThanOneTbbRunsAreSaidAndNotClaimed) {
  const Outcome o =
      parlab("pipeline -i " + p("in") + " --output-dir " + p("out") + " --filter sobel --threads 4096 --format json");
  ASSERT_EQ(o.code, 0) << o.err;
  const std::string said = "--threads 4096: oneTBB runs at most ";
  const auto at = o.err.find(said);
  ASSERT_NE(at, std::string::npos) << o.err;
  const int cpus = std::stoi(o.err.substr(at + said.size()));
  EXPECT_EQ(o.err.find("TBB Warning"), std::string::npos) << o.err;
  EXPECT_EQ(nlohmann::json::parse(o.out)["summary"]["workers"], cpus);
}

// $PARLAB_BACKEND chooses the filter's backend here too, as it does for every command.
TEST_F(CliPipeline, ParlabBackendChoosesTheFiltersBackend) {
  const std::string cmd = "pipeline -i " + p("in") + " --output-dir " + p("out") + " --filter sobel --format json";
  auto filter_of = [](const Outcome& o) { return nlohmann::json::parse(o.out)["summary"].value("filter", "(none)"); };
  const Outcome plain = parlab(cmd);
  ASSERT_EQ(plain.code, 0) << plain.err;
  EXPECT_EQ(filter_of(plain), "sobel on simd");
  const Outcome env = parlab(cmd, "PARLAB_BACKEND=scalar");
  ASSERT_EQ(env.code, 0) << env.err;
  EXPECT_EQ(filter_of(env), "sobel on scalar");
  const Outcome flag = parlab(cmd + " --backend openmp", "PARLAB_BACKEND=scalar");
  ASSERT_EQ(flag.code, 0) << flag.err;
  EXPECT_EQ(filter_of(flag), "sobel on openmp") << "the flag wins over the variable";
  expect_failure(parlab(cmd, "PARLAB_BACKEND=gpu"), 2, "backend 'gpu'");
}

// Memory is budgeted from each image's decoded size, not its file's: a
// 2000x2000 PGM holds 4 MB but needs 3 x 16 MB of float planes. Under a
// budget that holds one such file, files wait their turn (never refused);
// a file larger than the whole budget still runs when it is alone.
TEST_F(CliPipeline, FilesWaitForMemoryBudgetedFromTheirDecodedSize) {
  std::string pgm = "P5\n2000 2000\n255\n";
  for (int i = 0; i < 2000 * 2000; ++i) pgm += static_cast<char>(i % 253);
  std::filesystem::create_directories(dir_ / "big");
  for (int i = 0; i < 4; ++i) std::ofstream(p("big/b" + std::to_string(i) + ".pgm"), std::ios::binary) << pgm;
  const double one_file_mb = (static_cast<double>(pgm.size()) + 3 * 2000.0 * 2000 * 4) / 1e6;
  for (const int budget_mib : {64, 16}) {
    const Outcome o = parlab("pipeline -i " + p("big") + " --output-dir " + p("out") + " --filter box_blur --threads 2" +
                             " --memory " + std::to_string(budget_mib) + " --format json");
    ASSERT_EQ(o.code, 0) << o.err;
    const auto sum = nlohmann::json::parse(o.out)["summary"];
    EXPECT_EQ(sum["files_ok"], 4) << budget_mib;
    EXPECT_NEAR(sum["memory_budget_mb"].get<double>(), budget_mib * 1.048576, 0.5);
    EXPECT_NEAR(sum["peak_memory_mb"].get<double>(), one_file_mb, 0.1) << "one file at a time under " << budget_mib;
    EXPECT_GE(sum["files_waited_for_memory"].get<int>(), 1) << budget_mib;
    EXPECT_EQ(sum["peak_files_in_flight"], 1) << budget_mib;
  }
  const Outcome roomy = parlab("pipeline -i " + p("big") + " --output-dir " + p("out") +
                               " --filter box_blur --threads 2 --memory 4096 --format json");
  ASSERT_EQ(roomy.code, 0) << roomy.err;
  EXPECT_EQ(nlohmann::json::parse(roomy.out)["summary"]["files_waited_for_memory"], 0);
  expect_failure(parlab("pipeline -i " + p("big") + " --output-dir " + p("out") + " --filter sobel --memory 0"), 2,
                 "--memory");
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

// SIGTERM and SIGHUP stop as Ctrl-C does (the files in flight finished, the
// summary printed, the signal named), then the process ends by the signal:
// it used to end at once, printing nothing.
TEST_F(CliPipeline, SigtermOrSighupFinishesTheFilesInFlightSaysSoAndEndsByTheSignal) {
  std::string pgm = "P5\n500 500\n255\n";
  for (int i = 0; i < 500 * 500; ++i) pgm += static_cast<char>(i * 7);
  std::filesystem::create_directories(dir_ / "slow");
  for (int i = 0; i < 8; ++i) std::ofstream(p("slow/s" + std::to_string(i) + ".pgm"), std::ios::binary) << pgm;
  for (const auto& [sig, number] : {std::pair<std::string, int>{"TERM", SIGTERM}, {"HUP", SIGHUP}}) {
    std::filesystem::remove_all(p("out"));
    std::filesystem::create_directories(p("out"));
    const std::string run = std::string(PARLAB_EXE) + " pipeline -i " + p("slow") + " --output-dir " + p("out") +
                            " --filter gaussian_blur --sigma 100 --backend scalar --threads 1 >" + p("so") + " 2>" +
                            p("se") + " & pid=$!; n=0; while [ -z \"$(ls " + p("out") +
                            ")\" ] && [ $n -lt 1200 ]; do sleep 0.1; n=$((n+1)); done; kill -" + sig + " $pid; wait $pid";
    const int status = std::system(("sh -c '" + run + "'").c_str());
    ASSERT_TRUE(WIFEXITED(status)) << sig;
    EXPECT_EQ(WEXITSTATUS(status), 128 + number) << sig << ": " << slurp(p("se"));
    EXPECT_NE(slurp(p("so")).find("stopped_early              yes"), std::string::npos) << sig << ": " << slurp(p("so"));
    EXPECT_NE(slurp(p("se")).find("stopped by SIG" + sig + ": "), std::string::npos) << slurp(p("se"));
    int written = 0;
    for (const auto& e : std::filesystem::directory_iterator(p("out"))) {
      EXPECT_EQ(e.path().filename().string().rfind(".", 0), std::string::npos) << "left behind: " << e.path();
      ++written;
    }
    EXPECT_GE(written, 1) << sig;
    EXPECT_LT(written, 8) << sig;
  }
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
}  // namespace clitest
