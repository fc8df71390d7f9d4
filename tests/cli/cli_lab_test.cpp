// `parlab lab`: the labs listed, the grader's usage errors, and programs
// that give no answer (they crash, hang, exit non-zero, print no JSON): each
// is the failed criterion `runs`, exit 1, never a crash of the grader.
#include "tests/cli/cli.hpp"

using namespace clitest;
namespace fs = std::filesystem;

namespace {

class CliLab : public ScratchDir {
 protected:
  // A shell script standing in for a student's program.
  std::string script(const std::string& name, const std::string& body) const {
    const std::string p = at(name);
    std::ofstream(p) << "#!/bin/sh\n" << body << "\n";
    fs::permissions(p, fs::perms::owner_all);
    return p;
  }
};

nlohmann::json criterion(const Outcome& o, const std::string& name) {
  const auto doc = nlohmann::json::parse(o.out);
  for (const auto& c : doc.at("criteria"))
    if (c.at("criterion") == name) return c;
  return nullptr;
}

}  // namespace

TEST_F(CliLab, ListsEveryLabInTeachingOrder) {
  const Outcome o = parlab("lab list --format json");
  ASSERT_EQ(o.code, 0) << o.err;
  const auto labs = nlohmann::json::parse(o.out).at("labs");
  ASSERT_GE(labs.size(), 9u);
  for (std::size_t i = 0; i < labs.size(); ++i) {
    EXPECT_EQ(labs[i].at("lab").get<int>(), static_cast<int>(i) + 1);
    EXPECT_FALSE(labs[i].at("starter_fails").get<std::string>().empty());
    EXPECT_TRUE(fs::exists(fs::path(PARLAB_SOURCE) / labs[i].at("folder").get<std::string>() / "README.md"));
  }
}

TEST_F(CliLab, UsageErrorsExitTwo) {
  expect_failure(parlab("lab check 42"), 2, "lab 42: no such lab");
  expect_failure(parlab("lab check 1 --student /nonexistent/lab01"), 2, "/nonexistent/lab01: no such program");
  expect_failure(parlab("lab check 1 --solution --student /bin/true"), 2, "--solution and --student");
  EXPECT_EQ(parlab("lab check").code, 2);
  EXPECT_EQ(parlab("lab check one").code, 2);
  EXPECT_EQ(parlab("lab").code, 2);
}

TEST_F(CliLab, AProgramThatGivesNoAnswerFailsRunsAndTheGraderGoesOn) {
  if (!PARLAB_LAB01_BUILT) GTEST_SKIP() << "lab01-solution is not built here (PARLAB_BUILD_LABS=OFF or no libuv): the grader runs it";
  const struct {
    const char* name;
    const char* body;
    const char* said;
  } cases[] = {
      {"crashes", "kill -SEGV $$", "killed by signal 11"},
      {"exits", "echo 'lab01: something broke' >&2; exit 3", "exit 3: lab01: something broke"},
      {"prints", "echo 'hello'", "printed no JSON object"},
      {"silent", "exit 0", "printed no JSON object"},
  };
  for (const auto& c : cases) {
    const Outcome o = parlab("lab check 1 --seed 1 --format json --student " + script(c.name, c.body));
    EXPECT_EQ(o.code, 1) << c.name << ": " << o.err;
    const auto runs = criterion(o, "runs");
    ASSERT_FALSE(runs.is_null()) << c.name << ": " << o.out;
    EXPECT_EQ(runs.at("verdict"), false);
    EXPECT_NE(runs.at("measured").get<std::string>().find(c.said), std::string::npos) << runs.dump();
    EXPECT_EQ(nlohmann::json::parse(o.out).at("lab").at("score"), 0);
  }
}

TEST_F(CliLab, PackRefusesADirectoryThatIsNotEmpty) {
  std::ofstream(at("keep.txt")) << "mine\n";
  expect_failure(parlab("lab pack " + dir_.string()), 2, "not an empty directory");
  EXPECT_EQ(slurp(at("keep.txt")), "mine\n");
}
