// `parlab taskgraph`: task parallelism, an image and a Monte Carlo run as one
// graph of tasks on oneTBB's flow graph: makespan beside the sum of task
// times and the critical path, and the Gantt chart of who ran what.
#include "pipelines/taskgraph/graph.hpp"

#include "app/command.hpp"
#include "app/demo_view.hpp"
#include "app/messages.hpp"
#include "pipelines/workers/workers.hpp"

namespace parlab::cli {
namespace {

struct TaskgraphFlags {
  double scale = 1;
  int threads = 0;
  bool mermaid = false;
};

void add_taskgraph_command(Program& program) {
  auto o = std::make_shared<TaskgraphFlags>();
  Shared& s = program.shared;
  CLI::App* cmd = program.app.add_subcommand(
      "taskgraph",
      "Task parallelism: load -> gray -> {blur, sobel, histogram}, Monte Carlo beside "
      "them, -> report, on oneTBB's flow graph; makespan, critical path, Gantt chart");
  add_scale(cmd, o->scale, "the work (default 1: a 3840x2160 image, 6*10^7 samples)");
  add_threads(cmd, o->threads);
  add_trace(cmd, s);
  cmd->add_flag("--mermaid", o->mermaid, "The Gantt chart as a Mermaid `gantt` block, for Markdown");
  add_format(cmd, s);
  add_isa(cmd, s);
  program.runs(cmd, [o, &s] {
    if (const std::string note = pipeline::tbb_workers_note(o->threads); !note.empty()) say(note);
    show_demos({{"taskgraph", taskgraph::image_graph}}, {.scale = o->scale, .threads = o->threads}, s.fmt(), o->mermaid);
    return 0;
  });
}

const RegisterCommand kTaskgraph{{.name = "taskgraph", .order = 100, .add = add_taskgraph_command}};

}  // namespace
}  // namespace parlab::cli
