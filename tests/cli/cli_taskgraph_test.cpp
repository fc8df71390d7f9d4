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

}  // namespace
}  // namespace clitest
