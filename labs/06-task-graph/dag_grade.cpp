// Lab 06's grader: from the trace of the run, every task once and each
// after all of its predecessors; then the makespan against the critical
// path (every layer's tasks at once: the sum of the layers' times).
#include <map>

#include "dag.hpp"
#include "labs/grading/grader.hpp"

namespace parlab::labs {
namespace {

struct Ran {
  double start = 0, end = 0;
};

int width_of(const Settings& s) { return std::min(s.cores, 4); }

std::vector<std::string> args(Grader& g, std::uint64_t seed, int layers) {
  return {"run", "--seed", std::to_string(seed), "--width", std::to_string(width_of(g.settings)), "--layers", std::to_string(layers)};
}

// "" when every task ran once and after its predecessors, else the first fault.
std::string check_trace(const json& out, const lab06::Shape& shape) {
  std::map<int, Ran> ran;
  for (const json& s : out.at("spans")) {
    const int t = s.at("task").get<int>();
    if (!ran.emplace(t, Ran{s.at("start_ms").get<double>(), s.at("end_ms").get<double>()}).second)
      return "task " + std::to_string(t) + " ran twice";
  }
  if (static_cast<int>(ran.size()) != shape.graph.tasks)
    return std::to_string(ran.size()) + " of " + std::to_string(shape.graph.tasks) + " tasks ran";
  for (int u = 0; u < shape.graph.tasks; ++u)
    for (int v : shape.graph.successors[static_cast<std::size_t>(u)])
      if (ran[v].start < ran[u].end) {
        char buf[160];
        std::snprintf(buf, sizeof buf, "task %d started at %.2f ms, before task %d, which it depends on, ended (%.2f ms)", v,
                      ran[v].start, u, ran[u].end);
        return buf;
      }
  return "";
}

// The longest path through the graph, by the tasks' times.
double critical_path_ms(const lab06::Shape& s) {
  std::vector<double> finish(static_cast<std::size_t>(s.graph.tasks), 0);
  // Tasks are numbered layer by layer, so every edge goes to a higher number.
  double longest = 0;
  std::vector<double> ready(static_cast<std::size_t>(s.graph.tasks), 0);
  for (int u = 0; u < s.graph.tasks; ++u) {
    finish[static_cast<std::size_t>(u)] = ready[static_cast<std::size_t>(u)] + s.seconds[static_cast<std::size_t>(u)] * 1e3;
    longest = std::max(longest, finish[static_cast<std::size_t>(u)]);
    for (int v : s.graph.successors[static_cast<std::size_t>(u)])
      ready[static_cast<std::size_t>(v)] = std::max(ready[static_cast<std::size_t>(v)], finish[static_cast<std::size_t>(u)]);
  }
  return longest;
}

void correctness(Grader& g) {
  std::string fault;
  for (int layers : {1, 3, 6}) {
    const std::uint64_t seed = g.rng();
    const lab06::Shape shape = lab06::make_graph(seed, width_of(g.settings), layers);
    fault = check_trace(g.student(args(g, seed, layers)), shape);
    if (!fault.empty()) break;
  }
  g.correct("dependencies", fault.empty(), fault.empty() ? "every task once, each after its predecessors" : fault,
            "every task once, after all of its predecessors (3 graphs)");
}

void performance(Grader& g) {
  const std::uint64_t seed = g.rng();
  const int layers = 10;
  const lab06::Shape shape = lab06::make_graph(seed, width_of(g.settings), layers);
  const double cp = critical_path_ms(shape);
  double mine = 0, ref = 0;
  for (int i = 0; i < std::min(g.settings.repeat, 3); ++i) {
    const double m = g.student(args(g, seed, layers)).at("makespan_ms").get<double>();
    const double r = g.reference(args(g, seed, layers)).at("makespan_ms").get<double>();
    mine = i == 0 ? m : std::min(mine, m);
    ref = i == 0 ? r : std::min(ref, r);
  }
  g.goal("makespan", mine <= 1.15 * cp,
         seconds_text(mine * 1e-3) + " for a critical path of " + seconds_text(cp * 1e-3) + " (" + ratio_text(mine / cp) + ")",
         "<= 1.15x the critical path");
  g.speed("graph_speed", mine * 1e-3, ref * 1e-3);
}

const RegisterLab kLab{{
    .number = 6,
    .slug = "06-task-graph",
    .title = "Task parallelism",
    .teaches = "a dependency graph on oneTBB's flow graph: independent tasks at once, every dependency respected",
    .starter_fails = {"makespan"},
    .unavailable = [](const Settings& s) { return s.cores < 2 ? std::string("needs 2 cores: one core runs one task at a time") : std::string(); },
    .correctness = correctness,
    .performance = performance,
}};

}  // namespace
}  // namespace parlab::labs
