// Results people keep: --save, parlab diff.
#include "cli.hpp"

namespace clitest {
namespace {

namespace results {

// A directory of this process's, removed when it exits.
std::filesystem::path scratch(const std::string& name) {
  static const struct Dir {
    std::filesystem::path path = std::filesystem::temp_directory_path() / ("parlab_saved_" + std::to_string(::getpid()));
    Dir() { std::filesystem::create_directories(path); }
    ~Dir() {
      std::error_code ec;
      std::filesystem::remove_all(path, ec);
    }
  } dir;
  return dir.path / name;
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

// Inputs of any kind: a device that never ends, a file too large to be a
// results file, one nested deeper than any stack walks, a pipe with a writer.
TEST(CliDiff, DevicesHugeDeepAndPipedFilesAreReadWithinBounds) {
  const std::string good = results::saved_file("good.json", {{"k", "scalar", {1, 2, 3}}});
  expect_failure(parlab("diff /dev/zero " + good), 1, "'/dev/zero': cannot open: is a device");
  expect_failure(parlab("report /dev/zero --out " + results::scratch("rz").string()), 1, "is a device");
  const auto big = results::scratch("big.json");
  { std::ofstream(big) << " "; }
  std::filesystem::resize_file(big, std::uint64_t{65} << 20);  // sparse: no disk used
  expect_failure(parlab("diff " + big.string() + " " + good), 1, "larger than 67108864 bytes");
  const auto deep = results::scratch("deep.json");
  std::ofstream(deep) << std::string(100000, '[') << std::string(100000, ']');
  expect_failure(parlab("diff " + deep.string() + " " + good), 1, "nested deeper than 64 levels");
  expect_failure(parlab("report " + deep.string() + " --out " + results::scratch("rd").string()), 1, "nested deeper");
  const auto fifo = results::scratch("fifo.json");
  std::filesystem::remove(fifo);
  ASSERT_EQ(::mkfifo(fifo.c_str(), 0600), 0);
  const Outcome o = sh("(cat " + good + " > " + fifo.string() + " &); " + PARLAB_EXE + " diff " + fifo.string() + " " + good);
  EXPECT_EQ(o.code, 0) << o.err;
  EXPECT_NE(o.out.find("verdict"), std::string::npos) << "the table of the two files: " << o.out;
  std::filesystem::remove(big);
}

}  // namespace
}  // namespace clitest
