#pragma once
// Lab 06, task parallelism: what you write, in starter/dag.cpp. The rest
// (dag_main.cpp) is given.
#include <algorithm>
#include <cstdint>
#include <functional>
#include <vector>

namespace lab06 {

// A graph of tasks 0..tasks-1; an edge u -> v (v in successors[u]) means v
// may start only after u has ended.
struct Graph {
  int tasks = 0;
  std::vector<std::vector<int>> successors;
};

// TODO. Runs every task once (run_task(t) does task t's work), each after
// all of its predecessors have ended, and as many at once as the graph and
// the cores allow, on oneTBB's flow graph.
void run_graph(const Graph& g, const std::function<void(int task)>& run_task);

// Given: the graph of a seed, the same for the program and the grader:
// `layers` layers of `width` tasks; every task of a layer lasts as long
// (8..20 ms, from the seed) and depends on 1..width tasks of the layer
// before, and now and then on one two layers up.
struct Shape {
  Graph graph;
  std::vector<double> seconds;  // each task's work
};
inline Shape make_graph(std::uint64_t seed, int width, int layers) {
  std::uint64_t state = seed;
  auto next = [&state] {  // splitmix64
    std::uint64_t z = (state += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
  };
  Shape s;
  s.graph.tasks = width * layers;
  s.graph.successors.resize(static_cast<std::size_t>(s.graph.tasks));
  for (int l = 0; l < layers; ++l) {
    const double ms = 8 + static_cast<double>(next() % 13);
    for (int k = 0; k < width; ++k) {
      const int v = l * width + k;
      s.seconds.push_back(ms * 1e-3);
      if (l == 0) continue;
      const int preds = 1 + static_cast<int>(next() % static_cast<std::uint64_t>(width));
      for (int p = 0; p < preds; ++p) {
        const int u = (l - 1) * width + static_cast<int>(next() % static_cast<std::uint64_t>(width));
        auto& succ = s.graph.successors[static_cast<std::size_t>(u)];
        if (std::find(succ.begin(), succ.end(), v) == succ.end()) succ.push_back(v);
      }
      if (l >= 2 && next() % 4 == 0) {
        const int u = (l - 2) * width + static_cast<int>(next() % static_cast<std::uint64_t>(width));
        auto& succ = s.graph.successors[static_cast<std::size_t>(u)];
        if (std::find(succ.begin(), succ.end(), v) == succ.end()) succ.push_back(v);
      }
    }
  }
  return s;
}

}  // namespace lab06
