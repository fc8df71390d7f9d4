// Every output written the one safe way (parlab/output_file.hpp): a device,
// a pipe or /dev/stdout is written in place and never replaced (as root a
// rename would put a file where /dev/null was); a link planted where a
// temporary might go is never followed; a destination that cannot be
// written is refused before any work.
#include "cli.hpp"

namespace clitest {
namespace {

class CliOutputs : public ScratchDir {
 protected:
  std::string p(const std::string& name) const { return (dir_ / name).string(); }
  // Nothing but `keep` left in the directory (no temporary of any name).
  void expect_only(const std::set<std::string>& keep) const {
    for (const auto& e : std::filesystem::directory_iterator(dir_))
      EXPECT_TRUE(keep.count(e.path().filename().string())) << "left behind: " << e.path();
  }
};

TEST_F(CliOutputs, DevNullAndDevStdoutAreWrittenInPlaceNeverReplaced) {
  for (const char* flag : {"--save", "--trace"}) {
    const Outcome o = parlab(std::string("run reduce_sum --size 1000 --backend scalar ") + flag + " /dev/null");
    EXPECT_EQ(o.code, 0) << o.err;
    struct stat st {};
    ASSERT_EQ(::lstat("/dev/null", &st), 0);
    EXPECT_TRUE(S_ISCHR(st.st_mode)) << flag << " replaced /dev/null";
  }
  struct stat before {};
  ASSERT_EQ(::lstat("/dev/stdout", &before), 0);
  const Outcome o = parlab("run reduce_sum --size 1000 --backend scalar --format csv --save /dev/stdout");
  EXPECT_EQ(o.code, 0) << o.err;
  EXPECT_NE(o.out.find("\"schema\": \"parlab.results\""), std::string::npos) << "the saved JSON goes to stdout";
  EXPECT_NE(o.out.find("# parlab.results 1"), std::string::npos) << "after the table printed there";
  struct stat after {};
  ASSERT_EQ(::lstat("/dev/stdout", &after), 0);
  EXPECT_EQ(before.st_mode, after.st_mode) << "/dev/stdout is still the link it was";
}

TEST_F(CliOutputs, ANamedPipeIsWrittenToItsReaderOrRefusedWithoutOne) {
  ASSERT_EQ(::mkfifo(p("fifo").c_str(), 0600), 0);
  expect_failure(parlab("run reduce_sum --size 1000 --backend scalar --save " + p("fifo")), 1,
                 "a named pipe with no reader");
  const Outcome o = sh("(cat " + p("fifo") + " > " + p("got.json") + " &) ; sleep 0.2; " + PARLAB_EXE +
                       " run reduce_sum --size 1000 --backend scalar --save " + p("fifo") + "; sleep 0.2");
  EXPECT_EQ(o.code, 0) << o.err;
  const auto doc = nlohmann::json::parse(slurp(p("got.json")));
  EXPECT_EQ(doc["schema"], "parlab.results");
  struct stat st {};
  ASSERT_EQ(::lstat(p("fifo").c_str(), &st), 0);
  EXPECT_TRUE(S_ISFIFO(st.st_mode)) << "the pipe was replaced by a file";
  expect_only({"fifo", "got.json"});
}

TEST_F(CliOutputs, APlantedLinkIsNeverFollowed) {
  std::ofstream(p("victim")) << "precious";
  // Where a fixed temporary name would go (the trace used X.tmp), and the output itself.
  std::filesystem::create_symlink(p("victim"), p("t.json.tmp"));
  std::filesystem::create_symlink(p("victim"), p("link.json"));
  EXPECT_EQ(parlab("run reduce_sum --size 1000 --backend scalar --trace " + p("t.json")).code, 0);
  EXPECT_EQ(parlab("run reduce_sum --size 1000 --backend scalar --save " + p("link.json")).code, 0);
  EXPECT_EQ(slurp(p("victim")), "precious");
  EXPECT_TRUE(nlohmann::json::parse(slurp(p("t.json"))).contains("traceEvents"));
  EXPECT_FALSE(std::filesystem::is_symlink(p("link.json"))) << "the link is replaced by the file";
  EXPECT_EQ(nlohmann::json::parse(slurp(p("link.json")))["schema"], "parlab.results");
  expect_only({"victim", "t.json.tmp", "t.json", "link.json"});
}

TEST_F(CliOutputs, WhatCannotBeWrittenIsRefusedBeforeAnyWork) {
  std::filesystem::create_directories(p("dir"));
  // The run would print its table first: nothing on stdout means nothing ran.
  expect_failure(parlab("run reduce_sum --size 1000 --trace /proc/parlab_trace.json"), 1, "/proc/parlab_trace.json");
  expect_failure(parlab("run reduce_sum --size 1000 --trace " + p("dir")), 1, "is a directory");
  expect_failure(parlab("run reduce_sum --size 1000 --save " + p("dir") + "/"), 1, "not a file name");
  expect_failure(parlab("run reduce_sum --size 1000 --save " + p("missing/r.json")), 1, "no directory");
  if (std::filesystem::exists("/dev/loop0") && std::filesystem::is_block_file("/dev/loop0"))
    expect_failure(parlab("run reduce_sum --size 1000 --save /dev/loop0"), 1, "a block device: not written");
  expect_only({"dir"});
}

TEST_F(CliOutputs, AnImageThroughALinkToDevNullIsWrittenAsAStream) {
  std::string ppm = "P6\n3 2\n255\n";
  for (int i = 0; i < 3 * 2 * 3; ++i) ppm += static_cast<char>(i * 13);
  std::ofstream(p("in.ppm"), std::ios::binary) << ppm;
  std::filesystem::create_symlink("/dev/null", p("null.png"));  // the format comes from the name
  const Outcome o = parlab("filter gray -i " + p("in.ppm") + " -o " + p("null.png") + " --backend scalar");
  EXPECT_EQ(o.code, 0) << o.err;
  EXPECT_TRUE(std::filesystem::is_symlink(p("null.png"))) << "a link to a stream is followed, not replaced";
  struct stat st {};
  ASSERT_EQ(::lstat("/dev/null", &st), 0);
  EXPECT_TRUE(S_ISCHR(st.st_mode));
  expect_only({"in.ppm", "null.png"});
}

}  // namespace
}  // namespace clitest
