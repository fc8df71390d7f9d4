// The map-reduce commands on files and directories.
#include "cli.hpp"

namespace clitest {
namespace {

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

// One long word: the table shows its start and its length, on one row, not
// the word padded onto every row; JSON keeps it whole.
TEST_F(CliMapReduce, ALongWordIsCutInTheTableAndWholeInJson) {
  const std::string word(100000, 'w');
  std::ofstream(at("long.txt")) << word << " " << word << " " << std::string(63, 'x') << "\xC3\xA9yyy b\n";
  const Outcome t = parlab("wordcount " + at("long.txt"));
  ASSERT_EQ(t.code, 0) << t.err;
  EXPECT_LT(t.out.size(), 4000u) << "the table grew with the word";
  EXPECT_NE(t.out.find(std::string(64, 'w') + "\u2026 (100000 bytes)"), std::string::npos) << t.out;
  // Cut at a character border: byte 64 is inside é, so 63 bytes are shown, never half of é.
  EXPECT_NE(t.out.find(std::string(63, 'x') + "\u2026 (68 bytes)"), std::string::npos) << t.out;
  const Outcome j = parlab("wordcount " + at("long.txt") + " --format json");
  ASSERT_EQ(j.code, 0) << j.err;
  const auto json = nlohmann::json::parse(j.out);
  EXPECT_EQ(json["top"][0]["key"], word);
  EXPECT_EQ(json["top"][0]["count"], 2);
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

// A /proc file says it is empty and is not: read to its end on every
// reader, its words those coreutils count.
TEST_F(CliMapReduce, AProcFileThatSaysItIsEmptyIsReadToItsEnd) {
  const Outcome want = sh("tr -c 'a-zA-Z0-9\\200-\\377' '\\n' < /proc/self/mountinfo | grep -c .");
  ASSERT_EQ(want.code, 0);
  for (const char* io : {"io_uring", "blocking", "sequential"}) {
    const Outcome o = parlab("wordcount /proc/self/mountinfo --format json", std::string("PARLAB_IO=") + io);
    ASSERT_EQ(o.code, 0) << io << ": " << o.err;
    const auto words = nlohmann::json::parse(o.out)["results"][0]["value"]["words"].get<long long>();
    EXPECT_GT(words, 0) << io;
    EXPECT_EQ(words, std::stoll(want.out)) << io;
  }
}

// Few file descriptors (ulimit -n 32; the reader keeps up to 64 files open)
// and 300 files: the io_uring reader
// opens as many as it may and waits for one to close; no file is dropped.
TEST_F(CliMapReduce, FewFileDescriptorsDropNoFileOnAnyReader) {
#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
  // The sanitizers' runtime needs descriptors of its own (UBSan checks that
  // memory is readable through a pipe): starved, it reports a false "invalid vptr".
  GTEST_SKIP() << "a sanitizer build: its runtime misreports once the descriptors run out";
#endif
  std::filesystem::create_directories(dir_ / "many");
  for (int i = 0; i < 300; ++i) {
    std::string name = "f";  // appended piecewise: GCC 12 warns falsely on "f" + s
    name += std::to_string(i);
    std::ofstream(dir_ / "many" / name) << "alpha beta w" << i << "\n";
  }
  for (const char* io : {"io_uring", "blocking", "sequential"}) {
    const Outcome o = sh(std::string("ulimit -n 32; PARLAB_IO=") + io + " " + PARLAB_EXE + " wordcount " +
                         (dir_ / "many").string() + " --format json");
    ASSERT_EQ(o.code, 0) << io << ": " << o.err.substr(0, 300);
    EXPECT_EQ(nlohmann::json::parse(o.out)["results"][0]["value"]["words"], 900) << io;
    EXPECT_EQ(o.err.find("Too many open files"), std::string::npos) << io;
  }
}

// A million distinct words under an address-space limit: every backend
// stops with the counts' one-line reason before an allocation fails (one
// failing inside an OpenMP task used to end the process: exit 134 or a
// crash). Without the limit the same file counts exactly.
TEST_F(CliMapReduce, DistinctWordsBeyondTheMemoryLimitAreOneLineNotACrash) {
#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
  GTEST_SKIP() << "a sanitizer build: its shadow memory does not fit under ulimit -v";
#endif
  {
    std::ofstream out(dir_ / "distinct.txt");
    for (int i = 0; i < 1'000'000; ++i) out << 'w' << i << (i % 16 == 15 ? '\n' : ' ');
  }
  const std::string file = (dir_ / "distinct.txt").string();
  for (const char* backend : {"openmp", "simd", "scalar"}) {
    const Outcome o = sh(std::string("ulimit -v 200000; ") + PARLAB_EXE + " wordcount " + file + " --backend " + backend);
    EXPECT_EQ(o.code, 1) << backend << ": " << o.err.substr(0, 300);
    EXPECT_NE(o.err.find(file + ": the distinct words need more than"), std::string::npos) << backend << ": " << o.err;
    EXPECT_EQ(lines(o.err), 2) << backend << ": " << o.err;  // the file's reason, then the count of failures
  }
  const Outcome whole = parlab("wordcount " + file + " --format json");
  ASSERT_EQ(whole.code, 0) << whole.err;
  EXPECT_EQ(nlohmann::json::parse(whole.out)["results"][0]["value"]["unique"], 1'000'000);
}

TEST_F(CliMapReduce, BadOptionsAreUsageErrors) {
  expect_failure(parlab("wordcount " + at("a.txt") + " --size 100"), 2, "--size shapes the built-in input");
  expect_failure(parlab("wordcount --top -1"), 2, "--top '-1'");
  expect_failure(parlab("wordcount --all maybe"), 2, "--all 'maybe'");
  const Outcome ok = parlab("wordcount --size 10000 --all --top 3");
  EXPECT_EQ(ok.code, 0) << ok.err;
}

}  // namespace
}  // namespace clitest
