#pragma once
// What every lab program shares (labs/NN-name/*_main.cpp): a command line
// with one subcommand per task the grader asks for, its timers, and the one
// JSON object it prints on standard output.
//
//   parlab::lab::Program p("lab 03: a reduction with SIMD and threads");
//   p.task("sum", "Sums N floats", [&] { return json{{"sum", s}, {"best_s", t}}; });
//   return p.main(argc, argv);
//
// The student edits only the file in starter/; this part, the given code
// beside it, and the grader stay as they are.
#include <CLI/CLI.hpp>
#include <cstdint>
#include <functional>
#include <nlohmann/json.hpp>
#include <string>
#include <utility>
#include <vector>

namespace parlab::lab {

using json = nlohmann::json;

// Seconds on a steady clock (for intervals only).
double wall_s();
// This process's CPU time, every thread, user and system, in seconds.
double cpu_s();

// The shortest of `repeat` timed runs of fn (at least one): the run least
// disturbed by the rest of the machine, as the grader compares.
template <class F>
double best_of(int repeat, F&& fn) {
  double best = 0;
  for (int i = 0; i < std::max(repeat, 1); ++i) {
    const double t0 = wall_s();
    fn();
    const double t = wall_s() - t0;
    if (i == 0 || t < best) best = t;
  }
  return best;
}

// A count as typed on a command line: 1000000, 2^25 or 1e8, at most `max`;
// anything else throws std::invalid_argument naming `flag`.
std::uint64_t count(const std::string& flag, const std::string& text, std::uint64_t max);

class Program {
 public:
  explicit Program(std::string description);
  CLI::App app;
  // A task: its subcommand (add its options to the returned App) and what
  // it prints when chosen.
  CLI::App* task(std::string name, std::string help, std::function<json()> run);
  // Whether this process prints the answer (under MPI: rank 0 only).
  bool prints = true;
  // Parses, runs the task given and prints its JSON on one line. Errors are
  // one line on stderr: exit 2 for a usage error, 1 for anything else.
  int main(int argc, char** argv);

 private:
  std::vector<std::pair<CLI::App*, std::function<json()>>> tasks_;
};

}  // namespace parlab::lab
