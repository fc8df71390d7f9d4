// `parlab taskgraph`: the graph's numbers and chart.
#include "cli.hpp"

namespace clitest {
namespace {

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

// oneTBB runs at most one thread per CPU: --threads 4096 gets that many
// workers, the report says how many ran, and oneTBB's own warning never leaks.
TEST(CliTaskGraph, MoreThreadsThanOneTbbRunsAreSaidAndNotClaimed) {
  for (const std::string cmd : {"taskgraph --scale 0.01 --threads 4096", "demo models --scale 0.01 --threads 4096"}) {
    SCOPED_TRACE(cmd);
    const Outcome o = parlab(cmd);
    ASSERT_EQ(o.code, 0) << o.err;
    const std::string said = "parlab: --threads 4096: oneTBB runs at most ";
    const auto at = o.err.find(said);
    ASSERT_NE(at, std::string::npos) << o.err;
    const int cpus = std::stoi(o.err.substr(at + said.size()));
    EXPECT_GE(cpus, 1);
    EXPECT_EQ(o.err.find("TBB Warning"), std::string::npos) << o.err;
    EXPECT_EQ(o.out.find("4096 workers"), std::string::npos) << o.out;
    EXPECT_EQ(o.out.find("worker " + std::to_string(cpus) + " "), std::string::npos) << "a worker beyond the CPUs";
  }
}

}  // namespace
}  // namespace clitest
