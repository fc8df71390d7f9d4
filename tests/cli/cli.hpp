#pragma once
// What the CLI tests share: parlab run as a user runs it, through a shell,
// with its exit code (0 ok, 1 failure, 2 usage), stdout and stderr captured.
#include <gtest/gtest.h>
#include <sys/wait.h>

#include <sys/stat.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>
#include <string>
#include <unistd.h>

#include "tests/scratch_dir.hpp"

namespace clitest {

struct Outcome {
  int code = -1;
  std::string out, err;
};

inline std::string slurp(const std::filesystem::path& p) {
  std::ifstream in(p);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

// Runs a shell command line, capturing its stdout and stderr.
inline Outcome sh(const std::string& command) {
  const auto dir = std::filesystem::temp_directory_path();
  const std::string tag = std::to_string(::getpid()) + "_" + std::to_string(std::rand());
  const auto out = dir / ("parlab_out_" + tag), err = dir / ("parlab_err_" + tag);
  const std::string cmd = command + " >" + out.string() + " 2>" + err.string();
  const int status = std::system(cmd.c_str());
  Outcome o{WIFEXITED(status) ? WEXITSTATUS(status) : -1, slurp(out), slurp(err)};
  std::filesystem::remove(out);
  std::filesystem::remove(err);
  return o;
}

inline Outcome parlab(const std::string& args, const std::string& env = "") { return sh(env + " " + PARLAB_EXE + " " + args); }

inline int lines(const std::string& s) {
  int n = 0;
  for (char c : s) n += c == '\n';
  return n;
}

// A failure: the expected code, nothing on stdout, one line on stderr that
// mentions `needle`.
inline void expect_failure(const Outcome& o, int code, const std::string& needle) {
  EXPECT_EQ(o.code, code) << o.err;
  EXPECT_EQ(lines(o.err), 1) << o.err;
  EXPECT_NE(o.err.find(needle), std::string::npos) << o.err;
}

// What a terminal shows of `args` (stdout discarded), run under script(1).
inline Outcome on_terminal(const std::string& args) {
  return sh("script -qec \"" + std::string(PARLAB_EXE) + " " + args + " >/dev/null\" /dev/null");
}

}  // namespace clitest
