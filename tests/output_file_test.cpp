// Outputs written the one safe way (parlab/output_file.hpp): the old file
// kept until the new one is complete, no temporary left by a failure or a
// signal, several written at once; the CLI's cases are in cli/cli_outputs_test.cpp.
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <csignal>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>
#include <thread>
#include <vector>

#include "parlab/output_file.hpp"
#include "parlab/temp_files.hpp"
#include "runtime/error.hpp"
#include "scratch_dir.hpp"

namespace parlab::test {
namespace {

class OutputFiles : public ScratchDir {
 protected:
  std::string p(const std::string& name) const { return (dir_ / name).string(); }
  std::string read(const std::string& name) const {
    std::ifstream in(p(name));
    std::stringstream s;
    s << in.rdbuf();
    return s.str();
  }
  std::set<std::string> names() const {
    std::set<std::string> n;
    for (const auto& e : std::filesystem::directory_iterator(dir_)) n.insert(e.path().filename().string());
    return n;
  }
};

TEST_F(OutputFiles, TheOldFileStaysUntilTheNewOneIsCompleteAndKeepsItsMode) {
  std::ofstream(p("out.txt")) << "old";
  std::filesystem::permissions(p("out.txt"), std::filesystem::perms::owner_read | std::filesystem::perms::owner_write |
                                                 std::filesystem::perms::group_read);
  {
    OutputFile out(p("out.txt"));
    std::fputs("half", out.stream());
    EXPECT_EQ(read("out.txt"), "old");
    EXPECT_EQ(names().size(), 2u) << "the temporary beside it";
  }  // never committed: a failure mid-write
  EXPECT_EQ(read("out.txt"), "old");
  EXPECT_EQ(names(), std::set<std::string>{"out.txt"});
  write_output(p("out.txt"), "new");
  EXPECT_EQ(read("out.txt"), "new");
  struct stat st {};
  ASSERT_EQ(::stat(p("out.txt").c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0640u);
  EXPECT_EQ(names(), std::set<std::string>{"out.txt"});
}

TEST_F(OutputFiles, ErrorsNameTheOutputWithItsLabel) {
  try {
    check_output(p("none/r.json"), "--save 'r.json'");
    ADD_FAILURE() << "no error";
  } catch (const Error& e) {
    EXPECT_EQ(std::string(e.what()), "--save 'r.json': no directory '" + p("none") + "'");
  }
  EXPECT_THROW(check_output(dir_.string()), Error);
  EXPECT_THROW(check_output(""), Error);
  EXPECT_THROW(OutputFile(p("none/x")), Error);
  EXPECT_NO_THROW(check_output("/dev/null"));
}

TEST_F(OutputFiles, ManyWrittenAtOnceEachRenamedWhole) {
  std::vector<std::thread> threads;
  for (int t = 0; t < 16; ++t)
    threads.emplace_back([&, t] {
      for (int i = 0; i < 20; ++i) {
        std::string name = "f";  // appended piecewise: GCC 12 warns falsely on "f" + s
        name += std::to_string(t) + "_" + std::to_string(i);
        write_output(p(name), std::string(1000 + t, static_cast<char>('a' + t % 26)));
      }
    });
  for (auto& t : threads) t.join();
  EXPECT_EQ(names().size(), 16u * 20u);
  EXPECT_EQ(read("f5_7"), std::string(1005, 'f'));
}

TEST_F(OutputFiles, TrackedTemporariesAreAllRemovedAndTheSlotsAreBounded) {
  std::vector<int> slots;
  for (int i = 0; i < 70; ++i) {
    std::string name = "t";
    name += std::to_string(i);
    const std::string f = p(name);
    std::ofstream(f) << "x";
    slots.push_back(temp_files::track(f.c_str()));
  }
  EXPECT_EQ(std::count(slots.begin(), slots.end(), -1), 6) << "64 slots, then not tracked";
  temp_files::remove_now();
  EXPECT_EQ(names().size(), 6u) << "every tracked file removed, the untracked kept";
  for (int s : slots) temp_files::untrack(s);
  EXPECT_EQ(temp_files::track(std::string(5000, 'x').c_str()), -1) << "too long to track";
}

// A child writes an output and is terminated mid-write: it ends by the
// signal, as it would have, and leaves the old file and no temporary.
TEST_F(OutputFiles, ASignalMidWriteLeavesTheOldFileAndNoTemporary) {
  for (int sig : {SIGTERM, SIGHUP, SIGINT}) {
    std::ofstream(p("out.txt")) << "old";
    const pid_t child = ::fork();
    ASSERT_GE(child, 0);
    if (child == 0) {
      temp_files::remove_on_signals();
      OutputFile out(p("out.txt"));
      std::fputs("partial", out.stream());
      std::fflush(out.stream());
      ::raise(sig);
      ::_exit(3);  // not reached: the signal ends the process
    }
    int status = 0;
    ASSERT_EQ(::waitpid(child, &status, 0), child);
    ASSERT_TRUE(WIFSIGNALED(status)) << "signal " << sig;
    EXPECT_EQ(WTERMSIG(status), sig);
    EXPECT_EQ(read("out.txt"), "old");
    EXPECT_EQ(names(), std::set<std::string>{"out.txt"}) << "signal " << sig;
  }
}

}  // namespace
}  // namespace parlab::test
