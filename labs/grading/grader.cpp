#include "labs/grading/grader.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <map>

#include "parlab/child_process.hpp"
#include "runtime/error.hpp"

namespace parlab::labs {

const char* kind_name(Criterion::Kind k) {
  switch (k) {
    case Criterion::correctness: return "correctness";
    case Criterion::goal: return "goal";
    case Criterion::speed: return "speed";
    case Criterion::info: return "info";
  }
  return "?";
}

namespace {

std::map<int, Lab>& registry() {
  static std::map<int, Lab> labs;
  return labs;
}

// The last line of `text` that is not blank.
std::string last_line(const std::string& text) {
  const std::size_t end = text.find_last_not_of(" \n\r\t");
  if (end == std::string::npos) return "";
  const std::size_t nl = text.rfind('\n', end);
  const std::size_t begin = nl == std::string::npos ? 0 : nl + 1;
  return text.substr(begin, end + 1 - begin);
}

// A line short enough for a table cell.
std::string shortened(std::string line) {
  if (line.size() > 160) line = line.substr(0, 157) + "...";
  return line;
}

json run_one(const std::vector<std::string>& args, double timeout_s, bool reference) {
  const Captured c = capture_program(args, {.errors = true, .timeout_s = timeout_s});
  const std::string said = shortened(last_line(c.err));
  if (c.status < 0) throw ProgramFailed(joined(args) + ": could not start", reference);
  if (c.timed_out) throw ProgramFailed(joined(args) + ": still running after " + seconds_text(timeout_s) + ", stopped", reference);
  if (c.status > 128)
    throw ProgramFailed(joined(args) + ": killed by signal " + std::to_string(c.status - 128) + " (" +
                        strsignal(c.status - 128) + ")" + (said.empty() ? "" : ": " + said), reference);
  if (c.status != 0)
    throw ProgramFailed(joined(args) + ": exit " + std::to_string(c.status) + (said.empty() ? "" : ": " + said), reference);
  // The answer is the last line of the output: a student's own prints above it do no harm.
  const std::string out = last_line(c.out);
  json doc = json::parse(out, nullptr, false);
  if (doc.is_discarded() || !doc.is_object())
    throw ProgramFailed(joined(args) + ": printed no JSON object as its last line (got: " + (out.empty() ? "nothing" : shortened(out)) + ")", reference);
  return doc;
}

std::vector<std::string> with(const std::string& program, const std::vector<std::string>& args) {
  std::vector<std::string> all{program};
  all.insert(all.end(), args.begin(), args.end());
  return all;
}

std::vector<std::string> on_ranks(int ranks, int cores, const std::vector<std::string>& program_args) {
  std::vector<std::string> all = mpi_launcher();
  const std::string launcher = std::filesystem::path(all.front()).filename();
  all.insert(all.end(), {"-n", std::to_string(ranks)});
  if ((launcher == "mpirun" || launcher == "mpiexec") && ranks > cores)
    all.push_back("--oversubscribe");  // Open MPI's word for more ranks than cores
  all.insert(all.end(), program_args.begin(), program_args.end());
  return all;
}

}  // namespace

std::string Lab::program(std::string_view which) const {
  char name[32];
  std::snprintf(name, sizeof name, "lab%02d-", number);
  return name + std::string(which);
}

RegisterLab::RegisterLab(Lab lab) {
  const int n = lab.number;
  if (!registry().emplace(n, std::move(lab)).second) throw Error("lab " + std::to_string(n) + " registered twice");
}

std::span<const Lab> all_labs() {
  static std::vector<Lab> list;
  if (list.size() != registry().size()) {
    list.clear();
    for (const auto& [n, lab] : registry()) list.push_back(lab);
  }
  return list;
}

const Lab& find_lab(int number) {
  const auto it = registry().find(number);
  if (it != registry().end()) return it->second;
  std::string known;
  for (const auto& [n, lab] : registry()) append(known, std::to_string(n), ", ");
  throw UsageError("lab " + std::to_string(number) + ": no such lab (there are " + known + "; parlab lab list)");
}

Grader::Grader(const Lab& l, Programs p, Settings s)
    : lab(l), programs(std::move(p)), settings(s), rng(s.seed ^ (0x9E3779B97F4A7C15ull * static_cast<unsigned>(l.number))) {}

json Grader::student(const std::vector<std::string>& args, double timeout_s) const {
  return run_one(with(programs.student, args), timeout_s, false);
}
json Grader::reference(const std::vector<std::string>& args, double timeout_s) const {
  return run_one(with(programs.reference, args), timeout_s, true);
}
json Grader::student_ranks(int ranks, const std::vector<std::string>& args, double timeout_s) const {
  return run_one(on_ranks(ranks, settings.cores, with(programs.student, args)), timeout_s, false);
}
json Grader::reference_ranks(int ranks, const std::vector<std::string>& args, double timeout_s) const {
  return run_one(on_ranks(ranks, settings.cores, with(programs.reference, args)), timeout_s, true);
}

void Grader::correct(std::string name, bool ok, std::string measured, std::string required) {
  criteria.push_back({std::move(name), Criterion::correctness, ok, ok ? 1.0 : 0.0, std::move(measured), std::move(required)});
}
void Grader::goal(std::string name, bool ok, std::string measured, std::string required) {
  criteria.push_back({std::move(name), Criterion::goal, ok, ok ? 1.0 : 0.0, std::move(measured), std::move(required)});
}
void Grader::speed(std::string name, double student_s, double reference_s) {
  const double ratio = reference_s > 0 ? student_s / reference_s : INFINITY;
  const double score = ratio <= kFullMarksRatio ? 1.0 : kFullMarksRatio / ratio;
  criteria.push_back({std::move(name), Criterion::speed, ratio <= kPassRatio, score,
                      seconds_text(student_s) + " vs " + seconds_text(reference_s) + " (" + ratio_text(ratio) + ")",
                      "<= " + ratio_text(kFullMarksRatio) + " full marks, <= " + ratio_text(kPassRatio) + " to pass"});
}
void Grader::info(std::string name, std::string measured) {
  criteria.push_back({std::move(name), Criterion::info, true, 1.0, std::move(measured), "(not graded)"});
}

void Grader::rank_efficiency(const std::string& goal_name, const std::string& speed_name, double wanted, int ranks,
                             const std::vector<std::string>& args) {
  auto best = [](const json& j) { return j.at("best_s").get<double>(); };
  const double t1 = best(student_ranks(1, args)), tr = best(student_ranks(ranks, args));
  const double ref1 = best(reference_ranks(1, args)), refr = best(reference_ranks(ranks, args));
  const double e = t1 / (ranks * tr);
  const ScalingBar bar = scaling_bar(wanted, ref1 / (ranks * refr), true);
  const std::string r = std::to_string(ranks);
  goal(goal_name, e >= bar.required,
       percent_text(e) + " at " + r + " ranks (" + seconds_text(t1) + " on 1, " + seconds_text(tr) + " on " + r + ")",
       bar.text + " at " + r + " ranks");
  speed(speed_name, tr, refr);
}

std::vector<std::string> Grade::failed() const {
  std::vector<std::string> names;
  for (const Criterion& c : criteria)
    if (!c.passed) names.push_back(c.name);
  return names;
}

namespace {

// Runs one step; a program that gave no answer is the failed criterion
// `runs`, unless it was the reference: that cannot judge the student, and is
// the grader's error.
void step(Grader& g, void (*fn)(Grader&), const char* phase) {
  try {
    fn(g);
  } catch (const ProgramFailed& e) {
    if (e.of_reference)
      throw Error(std::string("the reference solution failed in the ") + phase + " step: " + e.what());
    g.criteria.push_back({"runs", Criterion::correctness, false, 0, e.what(), "an answer, exit 0"});
  }
}

double performance_marks(const std::vector<Criterion>& cs) {
  int goals = 0, met = 0, speeds = 0;
  double speed = 0;
  for (const Criterion& c : cs) {
    if (c.kind == Criterion::goal) {
      ++goals;
      met += c.passed;
    } else if (c.kind == Criterion::speed) {
      ++speeds;
      speed += c.score;
    }
  }
  const double g = goals ? static_cast<double>(met) / goals : 1;
  const double s = speeds ? speed / speeds : 1;
  return 50 * g + 50 * s;
}

}  // namespace

Grade grade(const Lab& lab, const Programs& programs, const Settings& settings) {
  const auto t0 = std::chrono::steady_clock::now();
  Grade out;
  out.lab = &lab;
  out.programs = programs;
  out.settings = settings;
  if (lab.unavailable) out.skipped = lab.unavailable(settings);
  if (!out.skipped.empty()) return out;
  for (const std::string* p : {&programs.student, &programs.reference})
    if (!std::filesystem::exists(*p))
      throw UsageError(*p + ": no such program (build it: cmake --build --preset release --target " +
                       std::filesystem::path(*p).filename().string() + ")");

  Grader g(lab, programs, settings);
  step(g, lab.correctness, "correctness");
  const bool correct = std::all_of(g.criteria.begin(), g.criteria.end(), [](const Criterion& c) { return c.passed; });
  const bool ran = std::none_of(g.criteria.begin(), g.criteria.end(), [](const Criterion& c) { return c.name == "runs"; });
  std::vector<Criterion> best;
  // Performance is measured also after a wrong answer (the student sees all
  // that is left to do), but only once: it earns nothing then.
  if (ran && lab.performance) {
    const std::size_t kept = g.criteria.size();
    double best_marks = -1;
    for (int attempt = 0; attempt < (correct ? std::max(settings.attempts, 1) : 1); ++attempt) {
      g.criteria.resize(kept);
      step(g, lab.performance, "performance");
      ++out.attempts;
      std::vector<Criterion> now(g.criteria.begin() + static_cast<std::ptrdiff_t>(kept), g.criteria.end());
      const bool all = std::all_of(now.begin(), now.end(), [](const Criterion& c) { return c.passed; });
      const bool crashed = std::any_of(now.begin(), now.end(), [](const Criterion& c) { return c.kind == Criterion::correctness; });
      const double marks = crashed ? -1 : performance_marks(now) + (all ? 1000 : 0);
      if (marks > best_marks) {
        best_marks = marks;
        best = now;
      }
      if (all || crashed) break;
    }
    g.criteria.resize(kept);
    g.criteria.insert(g.criteria.end(), best.begin(), best.end());
  }
  out.criteria = g.criteria;
  out.passed = std::all_of(out.criteria.begin(), out.criteria.end(), [](const Criterion& c) { return c.passed; });
  const bool wrong = std::any_of(out.criteria.begin(), out.criteria.end(),
                                 [](const Criterion& c) { return c.kind == Criterion::correctness && !c.passed; });
  out.score = wrong ? 0 : performance_marks(out.criteria);
  out.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  return out;
}

void append(std::string& list, const std::string& item, const char* sep) {
  if (!list.empty()) list += sep;
  list += item;
}

ScalingBar scaling_bar(double wanted, double reference, bool percent) {
  auto show = [percent](double v) { return percent ? percent_text(v) : ratio_text(v); };
  if (!(reference * 0.95 < wanted)) return {wanted, ">= " + show(wanted)};
  const double allowed = 0.95 * reference;
  return {allowed, ">= " + show(allowed) + " (0.95 of the reference's " + show(reference) + " on this node; " + show(wanted) +
                       " where its cores allow)"};
}

std::string seconds_text(double s) {
  char buf[32];
  if (!std::isfinite(s)) return "-";
  if (s >= 1) std::snprintf(buf, sizeof buf, "%.2f s", s);
  else if (s >= 1e-3) std::snprintf(buf, sizeof buf, "%.2f ms", s * 1e3);
  else std::snprintf(buf, sizeof buf, "%.1f us", s * 1e6);
  return buf;
}

std::string ratio_text(double r) {
  char buf[32];
  std::snprintf(buf, sizeof buf, r < 10 ? "%.2fx" : "%.1fx", r);
  return std::isfinite(r) ? buf : "-";
}

std::string percent_text(double fraction) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.0f%%", fraction * 100);
  return buf;
}

}  // namespace parlab::labs
