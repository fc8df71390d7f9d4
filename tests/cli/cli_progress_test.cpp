// Progress: on a terminal, after about 2 s; never with JSON or CSV, never into a file.
#include "cli.hpp"

namespace clitest {
namespace {

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

}  // namespace
}  // namespace clitest
