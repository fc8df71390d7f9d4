// The cost of a task: empty tasks through each way parlab has of running
// tasks, in one run, in ns per task (Google Benchmark's items/s inverted).
//
//   tasks/flow_graph/N      oneTBB flow graph: N continue_nodes after one
//                           root, built and run (what taskgraph::run uses)
//   tasks/taskgraph_run/N   parlab's taskgraph::run on N independent tasks:
//                           the flow graph plus its timing of every task
//   tasks/tbb_task_group/N  oneTBB task_group: N run() calls, then wait()
//   tasks/openmp_tasks/N    N `omp task`s from one thread, then taskwait
//
// (The cost of a trace span is trace/span in parlab_bench.)
// Every benchmark uses every CPU (or OMP_NUM_THREADS).
#include <benchmark/benchmark.h>
#include <tbb/flow_graph.h>
#include <tbb/task_arena.h>
#include <tbb/task_group.h>

#include <atomic>
#include <memory>

#include "pipelines/taskgraph/graph.hpp"
#include "runtime/openmp.hpp"

namespace parlab::bench {
namespace {

std::atomic<long> g_ran{0};  // every task adds one: the work cannot be dropped
void empty_task() { g_ran.fetch_add(1, std::memory_order_relaxed); }

int workers() { return openmp::threads(); }

void check(benchmark::State& state, long expected) {
  if (g_ran.exchange(0) != expected) state.SkipWithError("a task did not run");
}

void BM_flow_graph(benchmark::State& state) {
  const auto n = static_cast<std::size_t>(state.range(0));
  tbb::task_arena arena(workers());
  for (auto _ : state) {
    arena.execute([&] {
      using Node = tbb::flow::continue_node<tbb::flow::continue_msg>;
      tbb::flow::graph g;
      Node root(g, [](const tbb::flow::continue_msg&) {});
      std::vector<std::unique_ptr<Node>> nodes;
      nodes.reserve(n);
      for (std::size_t i = 0; i < n; ++i) {
        nodes.push_back(std::make_unique<Node>(g, [](const tbb::flow::continue_msg&) { empty_task(); }));
        tbb::flow::make_edge(root, *nodes.back());
      }
      root.try_put(tbb::flow::continue_msg());
      g.wait_for_all();
    });
  }
  check(state, static_cast<long>(n * state.iterations()));
  state.SetItemsProcessed(static_cast<std::int64_t>(n * state.iterations()));
}

void BM_taskgraph_run(benchmark::State& state) {
  const auto n = static_cast<std::size_t>(state.range(0));
  std::vector<taskgraph::Task> tasks;
  for (std::size_t i = 0; i < n; ++i) tasks.push_back({std::to_string(i), {}, empty_task});
  for (auto _ : state) benchmark::DoNotOptimize(taskgraph::run(tasks, 0).makespan_s);
  check(state, static_cast<long>(n * state.iterations()));
  state.SetItemsProcessed(static_cast<std::int64_t>(n * state.iterations()));
}

void BM_tbb_task_group(benchmark::State& state) {
  const auto n = state.range(0);
  tbb::task_arena arena(workers());
  for (auto _ : state) {
    arena.execute([&] {
      tbb::task_group g;
      for (std::int64_t i = 0; i < n; ++i) g.run(empty_task);
      g.wait();
    });
  }
  check(state, static_cast<long>(n * state.iterations()));
  state.SetItemsProcessed(n * state.iterations());
}

void BM_openmp_tasks(benchmark::State& state) {
  const auto n = state.range(0);
  for (auto _ : state) {
#pragma omp parallel num_threads(workers())
#pragma omp single
    {
      for (std::int64_t i = 0; i < n; ++i) {
#pragma omp task
        empty_task();
      }
#pragma omp taskwait
    }
  }
  check(state, static_cast<long>(n * state.iterations()));
  state.SetItemsProcessed(n * state.iterations());
}

BENCHMARK(BM_flow_graph)->Name("tasks/flow_graph")->Arg(1000)->Arg(100000)->UseRealTime();
BENCHMARK(BM_taskgraph_run)->Name("tasks/taskgraph_run")->Arg(1000)->Arg(100000)->UseRealTime();
BENCHMARK(BM_tbb_task_group)->Name("tasks/tbb_task_group")->Arg(1000)->Arg(100000)->UseRealTime();
BENCHMARK(BM_openmp_tasks)->Name("tasks/openmp_tasks")->Arg(1000)->Arg(100000)->UseRealTime();

}  // namespace
}  // namespace parlab::bench

int main(int argc, char** argv) {
  parlab::openmp::unpin_initial_thread();
  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
