#pragma once
// The autograder of the course labs (labs/README.md): each lab's grading
// file (labs/NN-name/*_grade.cpp) registers a Lab, whose two steps run the
// student's program and the reference solution, compiled, side by side:
//
//   1. correctness, once, on seeds and awkward sizes the student does not
//      know in advance (a new seed each run unless one is given): any
//      failure here gives no marks, and is never retried;
//   2. performance: the lab's goals (a ratio, a percentage of a roof, a
//      lateness) and the speed against the reference measured in the same
//      run, each program's best of N runs. A performance verdict that fails
//      is measured again (a busy moment on a shared node) before it counts.
//
// Marks: 0 when anything is wrong; else half for the goals met and half for
// speed, full at <= 1.2x the reference time and in proportion beyond. The
// lab passes when every check and goal holds and the speed is within
// kPassRatio of the reference.
#include <cstdint>
#include <nlohmann/json.hpp>
#include <random>
#include <span>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace parlab::labs {

using json = nlohmann::json;

inline constexpr double kFullMarksRatio = 1.2;  // student time / reference time for full speed marks
inline constexpr double kPassRatio = 2.0;       // beyond this, the lab is not passed

struct Criterion {
  enum Kind { correctness, goal, speed, info };
  std::string name;      // stable: tests, READMEs and a course's system refer to it
  Kind kind = correctness;
  bool passed = true;
  double score = 1;      // speed: 0..1; else 1 or 0
  std::string measured;  // what was seen
  std::string required;  // what passes
};
const char* kind_name(Criterion::Kind k);

struct Programs {
  std::string student;    // the program graded
  std::string reference;  // the reference solution, compiled
};

struct Settings {
  std::uint64_t seed = 0;
  int repeat = 5;     // timed runs per measurement (the best counts)
  int attempts = 3;   // performance measured at most this many times
  int cores = 1;      // the cores this process may use
};

class Grader;

struct Lab {
  int number = 0;
  std::string_view slug = {};     // "03-data-parallel": its folder in labs/
  std::string_view title = {};
  std::string_view teaches = {};  // one line: what it teaches
  // The criteria the starter fails, as its README says (checked by the tests).
  std::vector<std::string_view> starter_fails = {};
  // Why it cannot be graded here ("" when it can): no MPI, too few cores.
  std::string (*unavailable)(const Settings& s) = nullptr;
  void (*correctness)(Grader& g) = nullptr;
  void (*performance)(Grader& g) = nullptr;
  // Its programs' names: labNN-starter, labNN-solution.
  std::string program(std::string_view which) const;
};

// Registration, from the lab's own grading file:
//   const RegisterLab kLab{{.number = 3, .slug = "03-data-parallel", ...}};
struct RegisterLab {
  explicit RegisterLab(Lab lab);
};
std::span<const Lab> all_labs();  // by number
const Lab& find_lab(int number);  // UsageError naming the labs there are

// A program that did not give an answer: crashed, timed out, exited non-zero
// or printed no JSON. Its what() says which, in one line.
struct ProgramFailed : std::runtime_error {
  ProgramFailed(const std::string& what, bool reference) : std::runtime_error(what), of_reference(reference) {}
  bool of_reference;  // the reference's run failed (the grader cannot judge), not the student's
};

class Grader {
 public:
  Grader(const Lab& lab, Programs programs, Settings settings);

  const Lab& lab;
  const Programs programs;
  const Settings settings;
  std::mt19937_64 rng;  // from the seed: the sizes, delays and graphs of this run

  // One task of the student's program (or the reference's), with arguments;
  // the JSON it printed. Throws ProgramFailed.
  json student(const std::vector<std::string>& args, double timeout_s = 120) const;
  json reference(const std::vector<std::string>& args, double timeout_s = 120) const;
  // The same under the MPI launcher, with `ranks` ranks (oversubscribed
  // when the cores are fewer).
  json student_ranks(int ranks, const std::vector<std::string>& args, double timeout_s = 120) const;
  json reference_ranks(int ranks, const std::vector<std::string>& args, double timeout_s = 120) const;

  // What the steps find. `correct` and `goal` are verdicts; `speed` scores
  // the student's best time against the reference's; `info` is shown, not graded.
  void correct(std::string name, bool ok, std::string measured, std::string required);
  void goal(std::string name, bool ok, std::string measured, std::string required);
  void speed(std::string name, double student_s, double reference_s);
  void info(std::string name, std::string measured);
  // A scaling goal across ranks: the student's efficiency T(1) / (R T(R))
  // at `ranks` against `wanted` (or what the node lets the reference reach:
  // scaling_bar), and the speed at `ranks` against the reference's. `args`
  // make the programs print their best time as "best_s".
  void rank_efficiency(const std::string& goal_name, const std::string& speed_name, double wanted, int ranks,
                       const std::vector<std::string>& args);

  std::vector<Criterion> criteria;
  std::string seed_text() const { return std::to_string(settings.seed); }
};

struct Grade {
  const Lab* lab = nullptr;
  Programs programs;
  Settings settings;
  std::vector<Criterion> criteria;
  bool passed = false;
  double score = 0;      // 0..100
  int attempts = 0;      // performance measurements made
  std::string skipped;   // why it was not graded ("" when it was)
  double seconds = 0;
  std::vector<std::string> failed() const;  // names of the criteria that failed
};

// Grades one lab: correctness, then performance (retried). Throws Error when
// the reference itself fails (the grader cannot judge without it).
Grade grade(const Lab& lab, const Programs& programs, const Settings& settings);

// A scaling goal on this node: `wanted` (an efficiency, a speed-up), unless
// the reference solution itself, measured in the same run, reaches less:
// then what the node allows, 0.95 of the reference's. Cores that share their
// execution units (SMT siblings, a virtual machine's vCPUs on one physical
// core) scale no program fully; the grader judges a student by what the
// node lets the reference do, and says so.
struct ScalingBar {
  double required = 0;
  std::string text;  // ">= 85%", or ">= 69% (0.95 of the reference's 73% on this node; 85% where the cores allow)"
};
ScalingBar scaling_bar(double wanted, double reference, bool percent);

// `item` appended to the list in `list`, after `sep` unless it is the first.
void append(std::string& list, const std::string& item, const char* sep = ",");

// Formatting the numbers criteria show.
std::string seconds_text(double s);
std::string ratio_text(double r);  // "0.42x"
std::string percent_text(double fraction);

}  // namespace parlab::labs
