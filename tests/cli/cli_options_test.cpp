// Options come from each kernel's declarations.
#include "cli.hpp"

namespace clitest {
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

TEST(CliOptions, RooflineHasMemoryComputeAndAccessRoofs) {
  const Outcome o = parlab("roofline --size 2^18 --repeat 2 --threads 1 --format json");
  ASSERT_EQ(o.code, 0) << o.err;
  const auto doc = nlohmann::json::parse(o.out);
  EXPECT_GT(doc["memory"][0]["read"].get<double>(), 0);
  EXPECT_GT(doc["compute"][0]["fp32_gflops"].get<double>(), 0);
  EXPECT_GT(doc["compute"][0]["fp64_gflops"].get<double>(), 0);
  EXPECT_GT(doc["compute"][0]["int32_mul_gops"].get<double>(), 0);
  // One thread: the update row, then random reads over 32 KiB x4 up to four
  // times the 1 MiB arrays.
  const auto& access = doc["access"];
  const std::vector<std::uint64_t> tables = {32 << 10, 128 << 10, 512 << 10, 2 << 20, 4 << 20};
  ASSERT_EQ(access.size(), 1 + tables.size());
  EXPECT_GT(access[0]["updates_g"].get<double>(), 0);
  for (std::size_t i = 1; i < access.size(); ++i) {
    EXPECT_EQ(access[i]["table_bytes"].get<std::uint64_t>(), tables[i - 1]);
    EXPECT_GT(access[i]["latency_ns"].get<double>(), 0);
    EXPECT_GT(access[i]["reads_g"].get<double>(), 0);
  }
  expect_failure(parlab("roofline --size 100"), 2, "--size '100': out of range");
  expect_failure(parlab("roofline --size 1e15"), 1, "memory");
}

}  // namespace
}  // namespace clitest
