// A batch's report on a signal names exactly the outputs that are in place,
// whenever the signal comes: before an output is renamed into place, after,
// and in the window between its rename and the batch counting it.
#include "app/batch_signals.hpp"

#include <gtest/gtest.h>

#include <csignal>
#include <fstream>

#include "parlab/output_file.hpp"
#include "scratch_dir.hpp"

namespace {

using BatchSignalsTest = ScratchDir;

TEST_F(BatchSignalsTest, AnOutputRenamedButNotYetCountedIsReportedAsWritten) {
  const std::string a = at("a.txt"), b = at("b.txt");
  EXPECT_EXIT(
      {
        parlab::cli::BatchSignals signals({a, b});
        parlab::write_output(a, "done\n");  // in place; done() not yet called
        std::raise(SIGTERM);
      },
      ::testing::KilledBySignal(SIGTERM), "interrupted after 1 of 2 inputs; outputs written:\n  " + a + "\n$");
}

TEST_F(BatchSignalsTest, AnOutputThatWasAlreadyThereIsNotWrittenUntilReplaced) {
  const std::string a = at("a.txt"), b = at("b.txt");
  std::ofstream(a) << "from an earlier run\n";
  std::ofstream(b) << "from an earlier run\n";
  EXPECT_EXIT(
      {
        parlab::cli::BatchSignals signals({a, b});
        std::raise(SIGTERM);
      },
      ::testing::KilledBySignal(SIGTERM), "interrupted after 0 of 2 inputs; outputs written:\n$");
  EXPECT_EXIT(
      {
        parlab::cli::BatchSignals signals({a, b});
        parlab::write_output(a, "new\n");
        signals.done(true);
        parlab::write_output(b, "new\n");
        std::raise(SIGHUP);
      },
      ::testing::KilledBySignal(SIGHUP), "after 2 of 2 inputs; outputs written:\n  " + a + "\n  " + b + "\n$");
}

TEST_F(BatchSignalsTest, AFailedInputIsCountedButNotListed) {
  const std::string a = at("a.txt"), b = at("b.txt");
  EXPECT_EXIT(
      {
        parlab::cli::BatchSignals signals({a, b});
        signals.done(false);
        std::raise(SIGINT);
      },
      ::testing::KilledBySignal(SIGINT), "after 1 of 2 inputs; outputs written:\n$");
}

}  // namespace
