// The task graph runner, on oneTBB's flow graph: each task is a
// continue_node, which runs once every node with an edge into it has
// finished. The scheduling (work stealing, one worker per core) is oneTBB's.
#include <tbb/flow_graph.h>
#include <tbb/task_arena.h>

#include <algorithm>
#include <map>
#include <memory>

#include "pipelines/taskgraph/graph.hpp"
#include "parlab/trace.hpp"
#include "pipelines/workers/workers.hpp"
#include "runtime/error.hpp"

namespace parlab::taskgraph {
namespace {

// Each task's predecessors, as indices into the list; checks the names.
std::vector<std::vector<std::size_t>> predecessors(const std::vector<Task>& tasks) {
  std::map<std::string, std::size_t, std::less<>> index;
  std::vector<std::vector<std::size_t>> before(tasks.size());
  for (std::size_t i = 0; i < tasks.size(); ++i) {
    for (const std::string& a : tasks[i].after) {
      const auto it = index.find(a);
      if (it == index.end())
        throw UsageError("task graph: '" + tasks[i].name + "' comes after '" + a + "', which is not an earlier task");
      before[i].push_back(it->second);
    }
    if (!index.emplace(tasks[i].name, i).second) throw UsageError("task graph: two tasks named '" + tasks[i].name + "'");
  }
  return before;
}

}  // namespace

double critical_path(const std::vector<Task>& tasks, const std::vector<double>& seconds,
                     std::vector<std::string>* path) {
  const auto before = predecessors(tasks);
  // Tasks are listed after their predecessors, so one pass in list order
  // finds each task's longest chain ending with it.
  std::vector<double> finish(tasks.size(), 0);
  std::vector<std::size_t> via(tasks.size(), tasks.size());
  std::size_t last = 0;
  for (std::size_t i = 0; i < tasks.size(); ++i) {
    double start = 0;
    for (std::size_t b : before[i])
      if (finish[b] > start) {
        start = finish[b];
        via[i] = b;
      }
    finish[i] = start + seconds[i];
    if (finish[i] > finish[last]) last = i;
  }
  if (tasks.empty()) return 0;
  if (path) {
    path->clear();
    for (std::size_t i = last; i < tasks.size(); i = via[i]) path->insert(path->begin(), tasks[i].name);
  }
  return finish[last];
}

Outcome run(const std::vector<Task>& tasks, int threads) {
  const auto before = predecessors(tasks);
  Outcome o;
  o.workers = pipeline::tbb_workers(threads);
  o.tasks.resize(tasks.size());
  tbb::task_arena arena(o.workers);
  arena.execute([&] {
    using Node = tbb::flow::continue_node<tbb::flow::continue_msg>;
    tbb::flow::graph g;
    std::vector<std::unique_ptr<Node>> nodes;
    for (std::size_t i = 0; i < tasks.size(); ++i)
      nodes.push_back(std::make_unique<Node>(g, [&, i](const tbb::flow::continue_msg&) {
        Ran& r = o.tasks[i];
        r.name = tasks[i].name;
        r.worker = tbb::this_task_arena::current_thread_index();
        r.start_ns = trace::now_ns();
        tasks[i].work();
        r.end_ns = trace::now_ns();
        if (trace::enabled()) trace::record(trace::intern(r.name), "task", r.start_ns, r.end_ns);
      }));
    for (std::size_t i = 0; i < tasks.size(); ++i)
      for (std::size_t b : before[i]) tbb::flow::make_edge(*nodes[b], *nodes[i]);
    for (std::size_t i = 0; i < tasks.size(); ++i)
      if (before[i].empty()) nodes[i]->try_put(tbb::flow::continue_msg());
    g.wait_for_all();  // rethrows a task's exception
  });
  std::vector<double> seconds;
  std::int64_t lo = INT64_MAX, hi = INT64_MIN;
  for (const Ran& r : o.tasks) {
    seconds.push_back(r.seconds());
    o.sum_s += r.seconds();
    lo = std::min(lo, r.start_ns);
    hi = std::max(hi, r.end_ns);
  }
  o.makespan_s = tasks.empty() ? 0 : static_cast<double>(hi - lo) * 1e-9;
  o.critical_s = critical_path(tasks, seconds, &o.critical_path);
  return o;
}

}  // namespace parlab::taskgraph
