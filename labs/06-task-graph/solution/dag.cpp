// Lab 06, the reference solution.
#include <oneapi/tbb/flow_graph.h>

#include <memory>

#include "../dag.hpp"

namespace lab06 {

// One continue_node per task: it runs once it has received a message from
// each of its predecessors (the count of its incoming edges), then sends
// one to each successor. The tasks with no predecessor are started by hand;
// wait_for_all returns when nothing is left to run. oneTBB runs whatever is
// ready on the free threads.
void run_graph(const Graph& g, const std::function<void(int task)>& run_task) {
  namespace flow = tbb::flow;
  flow::graph graph;
  std::vector<std::unique_ptr<flow::continue_node<flow::continue_msg>>> nodes;
  for (int t = 0; t < g.tasks; ++t)
    nodes.push_back(std::make_unique<flow::continue_node<flow::continue_msg>>(
        graph, [&run_task, t](const flow::continue_msg&) { run_task(t); }));
  std::vector<bool> has_predecessor(static_cast<std::size_t>(g.tasks), false);
  for (int u = 0; u < g.tasks; ++u)
    for (int v : g.successors[static_cast<std::size_t>(u)]) {
      flow::make_edge(*nodes[static_cast<std::size_t>(u)], *nodes[static_cast<std::size_t>(v)]);
      has_predecessor[static_cast<std::size_t>(v)] = true;
    }
  for (int t = 0; t < g.tasks; ++t)
    if (!has_predecessor[static_cast<std::size_t>(t)]) nodes[static_cast<std::size_t>(t)]->try_put(flow::continue_msg());
  graph.wait_for_all();
}

}  // namespace lab06
