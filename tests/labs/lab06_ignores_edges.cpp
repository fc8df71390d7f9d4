// A wrong lab 06 answer for the grader's tests: every task once, but the
// edges are ignored (the tasks run last to first).
#include "labs/06-task-graph/dag.hpp"

namespace lab06 {

void run_graph(const Graph& g, const std::function<void(int task)>& run_task) {
  for (int t = g.tasks - 1; t >= 0; --t) run_task(t);
}

}  // namespace lab06
