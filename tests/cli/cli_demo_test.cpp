// parlab demo.
#include <algorithm>

#include "cli.hpp"

namespace clitest {
namespace {

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

// Under a memory limit the thread-per-request design runs out of threads: the
// demo says how many it started and draws that lesson, never "both waited".
TEST(CliDemo, C10kUnderAMemoryLimitSaysHowManyThreadsStarted) {
#if defined(__SANITIZE_ADDRESS__)
  GTEST_SKIP() << "ulimit -v leaves no room for AddressSanitizer's shadow memory";
#else
  const Outcome o = parlab("demo c10k --scale 0.02", "ulimit -v 600000;");
  ASSERT_EQ(o.code, 0) << o.err;
  const std::string label = "threads: requests started";
  const auto at = o.out.find(label);
  ASSERT_NE(at, std::string::npos) << o.out;
  const int started = std::stoi(o.out.substr(at + label.size()));
  if (started == 200) GTEST_SKIP() << "200 threads fit in 600 MB of address space here: nothing ran out";
  std::string flat = o.out;  // the takeaway wraps at the table's width: one line again
  std::replace(flat.begin(), flat.end(), '\n', ' ');
  EXPECT_EQ(flat.find("Both designs waited for 200"), std::string::npos) << o.out;
  EXPECT_NE(flat.find("could start only " + std::to_string(started) + " of them (thread " + std::to_string(started + 1) +
                      " could not be created"),
            std::string::npos)
      << o.out;
#endif
}

TEST(CliDemo, BadNamesScalesAndTraceFilesAreErrors) {
  expect_failure(parlab("demo nope"), 2, "demo 'nope': unknown");
  expect_failure(parlab("demo waits --scale 0"), 2, "--scale");
  expect_failure(parlab("demo waits --scale 0.01 --trace /nonexistent/dir/t.json"), 1, "/nonexistent/dir/t.json");
}

}  // namespace
}  // namespace clitest
