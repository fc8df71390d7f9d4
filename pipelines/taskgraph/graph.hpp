#pragma once
// Task parallelism: a graph of tasks, each started as soon as the tasks it
// depends on have finished, on oneTBB's flow graph (one continue_node per
// task). Different tasks run on different workers at the same time; a task
// never starts before its predecessors end.
//
//   std::vector<taskgraph::Task> g = {
//       {"load", {}, load},
//       {"blur", {"load"}, blur},
//       {"sobel", {"load"}, sobel},
//       {"report", {"blur", "sobel"}, report}};
//   const taskgraph::Outcome o = taskgraph::run(g, 4);  // o.makespan_s, o.critical_s, ...
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "pipelines/demos/demos.hpp"

namespace parlab::taskgraph {

struct Task {
  std::string name;
  std::vector<std::string> after;  // names of earlier tasks in the list (so there is no cycle)
  std::function<void()> work;
};

// When and where a task ran.
struct Ran {
  std::string name;
  int worker = 0;  // the oneTBB arena slot it ran in
  std::int64_t start_ns = 0, end_ns = 0;
  double seconds() const { return static_cast<double>(end_ns - start_ns) * 1e-9; }
};

struct Outcome {
  std::vector<Ran> tasks;  // in the order of the graph's list
  int workers = 1;
  double makespan_s = 0;   // first start to last end
  double sum_s = 0;        // every task's time added: the makespan on one worker
  double critical_s = 0;   // the longest chain of dependent tasks, by measured times
  std::vector<std::string> critical_path;
};

// Runs the graph on `threads` workers (0: every CPU). Throws UsageError for a
// duplicate name or an `after` that names no earlier task; an exception from
// a task cancels the graph and is rethrown here.
Outcome run(const std::vector<Task>& tasks, int threads);

// The longest path through the graph when each task takes `seconds[i]`;
// `path` gets its task names in order.
double critical_path(const std::vector<Task>& tasks, const std::vector<double>& seconds,
                     std::vector<std::string>* path = nullptr);

// `parlab taskgraph`: an image and a Monte Carlo run as a graph,
// load -> gray -> {blur, Sobel, histogram}, Monte Carlo beside them, then a
// report; its makespan beside the sum of task times and the critical path,
// with the Gantt chart of who ran what. `scale` sizes the work (1: a
// 3840x2160 image).
demo::Report image_graph(const demo::Settings& s);

}  // namespace parlab::taskgraph
