// parlab scale: a thread sweep, checked, with the Amdahl fit.
#include "cli.hpp"

namespace clitest {
namespace {

TEST(CliScale, SweepsThreadCountsChecksEachAndFitsAmdahl) {
  const Outcome o = parlab("scale reduce_sum --size 2^16 --threads 1,2,3 --repeat 1 --format json", "OMP_PROC_BIND=close");
  ASSERT_EQ(o.code, 0) << o.err;
  EXPECT_EQ(o.err.find("OMP_PROC_BIND is unset"), std::string::npos) << o.err;
  const auto j = nlohmann::json::parse(o.out);
  ASSERT_EQ(j["scale"].size(), 3u);
  for (int i = 0; i < 3; ++i) {
    EXPECT_EQ(j["scale"][i]["threads"], i + 1);  // an integer, not 1.0
    EXPECT_EQ(j["scale"][i]["check"], "ok");
  }
  EXPECT_EQ(j["scale"][0]["speedup"], 1.0);
  EXPECT_EQ(j["scale"][0]["efficiency"], 1.0);
  EXPECT_TRUE(j["fit"]["serial_fraction"].is_number());
  const Outcome w = parlab("scale reduce_sum --size 1000 --threads 1,4096 --repeat 1", "OMP_PROC_BIND=");
  ASSERT_EQ(w.code, 0) << w.err;
  EXPECT_NE(w.err.find("OMP_PROC_BIND is unset"), std::string::npos) << w.err;
  EXPECT_NE(w.err.find("up to 4096 threads on "), std::string::npos) << w.err;
}

TEST(CliScale, BadThreadListsAndKernelsAreUsageErrors) {
  for (const char* bad : {"0,1", "1,x", "2,1", "1,,2", "1,5000", ""})
    expect_failure(parlab(std::string("scale reduce_sum --threads '") + bad + "'"), 2, "--threads");
  expect_failure(parlab("scale nope"), 2, "'nope'");
}

// --ranks: a build without MPI says so; with MPI, a launcher that is not
// there, a bad list and running under a launcher already are one-line errors.
TEST(CliScale, RanksNeedMpiAndALauncherAndSayWhichIsMissing) {
  const Outcome info = parlab("info --format json");
  ASSERT_EQ(info.code, 0) << info.err;
  const std::string mpi = nlohmann::json::parse(info.out)["machine"]["mpi"];
  if (mpi.rfind("not compiled in", 0) == 0) {
    expect_failure(parlab("scale montecarlo_pi --ranks 1,2"), 2, "this build has no MPI");
    return;
  }
  expect_failure(parlab("scale montecarlo_pi --ranks 1,2 --samples 1000", "MPIEXEC=/nonexistent/mpirun"), 1,
                 "/nonexistent/mpirun");
  expect_failure(parlab("scale montecarlo_pi --ranks 1,2 --samples 1000", "MPIEXEC= PATH=/nonexistent"), 1,
                 "no MPI launcher");
  for (const char* bad : {"0,1", "2,1", "1,x", "1,5000"})
    expect_failure(parlab(std::string("scale montecarlo_pi --ranks '") + bad + "'"), 2, "--ranks");
  expect_failure(parlab("scale montecarlo_pi --ranks 1,2", "OMPI_COMM_WORLD_SIZE=1"), 2, "not under mpirun");
}

}  // namespace
}  // namespace clitest
