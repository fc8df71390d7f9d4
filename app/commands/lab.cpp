// `parlab lab`: the course labs (labs/README.md). `list` shows them, `check
// N` grades a student's program against the reference solution on this node,
// in one run, and `pack DIR` writes the tree handed out to students: every
// lab without its solution, with the reference compiled.
//
// Exit codes of `check`: 0 the lab passes, 1 it was graded and fails (or a
// program could not be judged), 2 a usage error; a lab that cannot be graded
// here (no MPI, one core) is said so, exit 0, or 77 with --skip-code (ctest).
#include <filesystem>
#include <iostream>
#include <random>

#include "app/command.hpp"
#include "app/output.hpp"
#include "labs/grading/grader.hpp"
#include "labs/grading/hand_out.hpp"
#include "parlab/options.hpp"
#include "runtime/error.hpp"
#include "runtime/mpi/ranks.hpp"
#include "runtime/openmp.hpp"

namespace parlab::cli {
namespace {

namespace fs = std::filesystem;

struct LabFlags {
  int number = 0;
  bool solution = false;
  std::string student, reference, seed, dir;
  int repeat = 5, attempts = 3;
  bool skip_code = false;
};

int usable_cores() { return std::max(1, static_cast<int>(openmp::process_cpus().size())); }

labs::Programs programs_of(const labs::Lab& lab, const LabFlags& o) {
  const fs::path dir = labs::binaries_dir();
  labs::Programs p;
  p.reference = o.reference.empty() ? (dir / lab.program("solution")).string() : o.reference;
  if (!o.student.empty()) p.student = o.student;
  else p.student = (dir / lab.program(o.solution ? "solution" : "starter")).string();
  if (!o.student.empty() && o.solution) throw UsageError("--solution and --student: give one (--solution grades the reference itself)");
  return p;
}

Table grade_table(const labs::Grade& g) {
  Table t{"criteria", "lab " + std::to_string(g.lab->number) + ": " + std::string(g.lab->title),
          {"criterion", "kind", "verdict", "measured", "required"}, {}, false};
  t.wrap = {"measured", "required"};
  for (const labs::Criterion& c : g.criteria) {
    const bool graded = c.kind != labs::Criterion::info;
    std::string verdict = !graded ? "-" : c.passed ? "ok" : "FAILED";
    if (c.kind == labs::Criterion::speed) verdict += " (" + std::to_string(static_cast<int>(c.score * 100 + 0.5)) + "%)";
    t.rows.push_back({text(c.name), text(labs::kind_name(c.kind)), value(verdict, graded ? nlohmann::json(c.passed) : nlohmann::json()),
                      text(c.measured), text(c.required)});
  }
  return t;
}

Table summary_table(const labs::Grade& g) {
  Table t{"lab", "", {"field", "value"}, {}, true};
  t.rows.push_back({text("lab"), integer(g.lab->number)});
  t.rows.push_back({text("title"), text(std::string(g.lab->title))});
  t.rows.push_back({text("student"), text(g.programs.student)});
  t.rows.push_back({text("reference"), text(g.programs.reference)});
  t.rows.push_back({text("seed"), value(std::to_string(g.settings.seed), g.settings.seed)});
  t.rows.push_back({text("cores"), integer(g.settings.cores)});
  if (!g.skipped.empty()) {
    t.rows.push_back({text("verdict"), text("skipped")});
    t.rows.push_back({text("reason"), text(g.skipped)});
    return t;
  }
  t.rows.push_back({text("verdict"), text(g.passed ? "passed" : "failed")});
  std::string failed;
  for (const std::string& f : g.failed()) labs::append(failed, f, ", ");
  t.rows.push_back({text("failed"), text(failed.empty() ? "-" : failed)});
  t.rows.push_back({text("score"), num(g.score, "%.0f")});
  t.rows.push_back({text("performance_attempts"), integer(g.attempts)});
  t.rows.push_back({text("seconds"), num(g.seconds, "%.1f")});
  return t;
}

int check(const LabFlags& o, const Shared& s) {
  if (mpi::launched()) throw UsageError("lab check starts the lab's programs (and mpirun) itself: run it alone, not under mpirun");
  const labs::Lab& lab = labs::find_lab(o.number);
  const labs::Settings settings{.seed = o.seed.empty() ? (std::uint64_t{std::random_device{}()} << 32 | std::random_device{}())
                                                         : parse_seed(o.seed),
                                .repeat = o.repeat, .attempts = o.attempts, .cores = usable_cores()};
  const labs::Grade g = labs::grade(lab, programs_of(lab, o), settings);
  std::vector<Table> tables{summary_table(g)};
  if (g.skipped.empty()) tables.push_back(grade_table(g));
  print(s, tables);
  if (!g.skipped.empty()) {
    if (s.fmt() == Format::table) std::cerr << "parlab: lab " << lab.number << " skipped: " << g.skipped << "\n";
    return o.skip_code ? 77 : 0;
  }
  return g.passed ? 0 : 1;
}

int list(const Shared& s) {
  Table t{"labs", "Course labs (labs/README.md): parlab lab check N grades one", {"lab", "folder", "title", "teaches", "built", "here", "starter_fails"}, {}, false};
  t.wrap = {"title", "teaches", "here"};
  const fs::path dir = labs::binaries_dir();
  const labs::Settings here{.cores = usable_cores()};
  for (const labs::Lab& lab : labs::all_labs()) {
    const bool built = fs::exists(dir / lab.program("starter")) && fs::exists(dir / lab.program("solution"));
    const std::string why = lab.unavailable ? lab.unavailable(here) : "";
    std::string fails;
    for (std::string_view f : lab.starter_fails) labs::append(fails, std::string(f), ", ");
    t.rows.push_back({integer(lab.number), text("labs/" + std::string(lab.slug)), text(std::string(lab.title)),
                      text(std::string(lab.teaches)), value(built ? "yes" : "no", built),
                      text(why.empty() ? "gradable" : "not gradable: " + why), text(fails)});
  }
  print(s, {t});
  return 0;
}

void add_lab_command(Program& program) {
  auto o = std::make_shared<LabFlags>();
  Shared& s = program.shared;
  CLI::App* lab = program.app.add_subcommand("lab", "Course labs: list them, grade one (correctness, then speed against the "
                                                    "reference on this node), hand them out");
  lab->require_subcommand(1);

  CLI::App* ls = lab->add_subcommand("list", "The labs, in the order they are taught, and whether each can be graded here");
  add_format(ls, s);
  program.runs(ls, [&s] { return list(s); });

  CLI::App* ck = lab->add_subcommand("check", "Grades lab N: correctness on inputs chosen from a new seed, then its goals and "
                                              "its speed against the reference solution, measured in the same run");
  ck->add_option("lab", o->number, "The lab's number (parlab lab list)")->required()->check(CLI::Range(1, 99));
  ck->add_flag("--solution", o->solution, "Grade the reference solution itself (it must pass)");
  ck->add_option("--student", o->student, "The program to grade (default: labNN-starter beside this parlab)");
  ck->add_option("--reference", o->reference, "The reference solution, compiled (default: labNN-solution beside this parlab)");
  ck->add_option("--seed", o->seed, "The seed of the inputs (default: a new one each run; the table says which)");
  ck->add_option("--repeat", o->repeat, "Timed runs per measurement; the best counts")->check(CLI::Range(1, 100));
  ck->add_option("--attempts", o->attempts, "Performance measured at most this many times before it fails")->check(CLI::Range(1, 10));
  ck->add_flag("--skip-code", o->skip_code, "Exit 77 when the lab cannot be graded here (for ctest)");
  add_format(ck, s);
  add_save(ck, s);
  program.runs(ck, [o, &s] { return check(*o, s); });

  CLI::App* pk = lab->add_subcommand("pack", "Writes the students' tree into DIR: every lab without its solution and "
                                             "grading code, the reference solutions compiled, a CMake project on find_package(parlab)");
  pk->add_option("dir", o->dir, "A new or empty directory")->required();
  program.runs(pk, [o] {
    const labs::Packed p = labs::pack(o->dir);
    std::cout << "parlab: " << p.labs << " labs and " << p.references << " reference programs written to " << o->dir
              << "\n  build: cmake -S " << o->dir << " -B " << o->dir << "/build -DCMAKE_PREFIX_PATH=<parlab's prefix> && cmake --build "
              << o->dir << "/build\n  grade: " << o->dir << "/grade N\n";
    return 0;
  });
}

const RegisterCommand kLab{{.name = "lab", .order = 140, .add = add_lab_command}};

}  // namespace
}  // namespace parlab::cli
