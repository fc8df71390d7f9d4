// The command line as a whole: help, usage errors and their exit codes, the
// backend chosen, `run`, `list` and `compare` with their JSON and CSV.
#include "cli.hpp"

namespace clitest {
namespace {

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

// OpenMP ignores a value it cannot read and uses every CPU; parlab says so instead.
TEST(Cli, AnOmpNumThreadsOpenMpWouldIgnoreIsAUsageError) {
  for (const char* v : {"1e20", "2.5", "-4", "0", "four", "4,", "4;2", "99999999999999999999999"}) {
    SCOPED_TRACE(v);
    // The OpenMP runtime itself may warn first, as it starts (libgomp does).
    const Outcome o = parlab("run reduce_sum --size 100 --backend openmp", std::string("OMP_NUM_THREADS='") + v + "'");
    EXPECT_EQ(o.code, 2) << o.err;
    EXPECT_TRUE(o.out.empty()) << o.out;
    EXPECT_NE(o.err.find(std::string("parlab: OMP_NUM_THREADS '") + v + "'"), std::string::npos) << o.err;
  }
  for (const char* v : {"1", " 2 ", "2,1", ""}) {
    SCOPED_TRACE(v);
    EXPECT_EQ(parlab("run reduce_sum --size 100 --backend openmp", std::string("OMP_NUM_THREADS='") + v + "'").code, 0);
  }
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
}  // namespace clitest
