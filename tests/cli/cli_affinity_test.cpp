// Under OMP_PROC_BIND (what the labs' and scripts/slurm's job scripts set)
// the OpenMP runtime pins parlab's first thread to one core before main()
// runs. What parlab reports as its CPUs, and the CPUs of the programs it
// starts, must still be every CPU the process was given.
#include "tests/cli/cli.hpp"

namespace clitest {
namespace {

class CliAffinity : public ScratchDir {};

// "0-3,8" as Linux writes a CPU list, read back.
std::vector<int> cpus_of(const std::string& list) {
  std::vector<int> cpus;
  std::stringstream in(list);
  for (std::string range; std::getline(in, range, ',');) {
    const auto dash = range.find('-');
    const int first = std::stoi(range.substr(0, dash));
    const int last = dash == std::string::npos ? first : std::stoi(range.substr(dash + 1));
    for (int c = first; c <= last; ++c) cpus.push_back(c);
  }
  return cpus;
}

// This test's own CPUs, as Linux lists them (the test is not pinned).
std::vector<int> own_cpus() {
  std::ifstream status("/proc/self/status");
  for (std::string line; std::getline(status, line);)
    if (line.rfind("Cpus_allowed_list:", 0) == 0) return cpus_of(line.substr(line.find_first_not_of(" \t", 18)));
  return {};
}

constexpr const char* kBound = "OMP_PROC_BIND=close OMP_PLACES=cores OMP_NUM_THREADS=2";

TEST_F(CliAffinity, InfoShowsEveryCpuTheProcessWasGiven) {
  const std::vector<int> mine = own_cpus();
  if (mine.size() < 2) GTEST_SKIP() << "needs 2 CPUs: with one, the pinned thread has them all";
  const Outcome o = parlab("info --format json", kBound);
  ASSERT_EQ(o.code, 0) << o.err;
  const auto row = nlohmann::json::parse(o.out)["ranks"][0];
  EXPECT_EQ(cpus_of(row["cpus"]), mine) << row.dump();
  EXPECT_EQ(row["cpu_count"], static_cast<int>(mine.size())) << row.dump();
}

// A program parlab starts (here the Python of `parlab report`, which records
// its own mask and fails) runs on all of them, not on the pinned thread's core.
TEST_F(CliAffinity, ProgramsItStartsRunOnEveryCpuTheProcessWasGiven) {
  const std::vector<int> mine = own_cpus();
  if (mine.size() < 2) GTEST_SKIP() << "needs 2 CPUs: with one, the pinned thread has them all";
  ASSERT_EQ(parlab("run reduce_sum --size 1000 --repeat 1 --save " + at("a.json")).code, 0);
  const std::string python = at("python.sh"), seen = at("child_cpus");
  std::ofstream(python) << "#!/bin/sh\nsed -n 's/^Cpus_allowed_list:\\s*//p' /proc/self/status > " << seen << "\nexit 1\n";
  ::chmod(python.c_str(), 0755);
  const Outcome o = parlab("report " + at("a.json") + " --out " + at("report"), std::string(kBound) + " PARLAB_PYTHON=" + python);
  EXPECT_EQ(o.code, 1) << o.err;  // no matplotlib in that "python": refused, as it should be
  std::string list = slurp(seen);
  ASSERT_FALSE(list.empty()) << "the program was not started: " << o.err;
  list.erase(list.find_last_not_of("\n") + 1);
  EXPECT_EQ(cpus_of(list), mine) << "the child's CPUs: " << list;
}

}  // namespace
}  // namespace clitest
