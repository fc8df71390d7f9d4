// `parlab demo [NAME...]`: the concurrency experiments, measured here, each
// with its numbers, Gantt charts and takeaway (pipelines/demos/).
#include <algorithm>

#include "app/command.hpp"
#include "app/demo_view.hpp"
#include "app/messages.hpp"
#include "pipelines/workers/workers.hpp"

namespace parlab::cli {
namespace {

struct DemoFlags {
  std::vector<std::string> names;  // empty: every demo
  double scale = 1;                // the demos' waits and work
  int threads = 0;
  bool mermaid = false;            // Gantt charts as Mermaid blocks
};

void add_demo_command(Program& program) {
  auto o = std::make_shared<DemoFlags>();
  Shared& s = program.shared;
  std::string list;
  for (const demo::Demo& d : demo::demos()) list += "\n  " + std::string(d.name) + ": " + std::string(d.summary);
  CLI::App* cmd = program.app.add_subcommand("demo", "Concurrency vs parallelism, measured here: numbers, Gantt charts, takeaways");
  cmd->add_option("name", o->names, "Demos to run (default: all of them):" + list);
  add_scale(cmd, o->scale, "every wait and every amount of work (default 1: waits of 1 s)");
  add_threads(cmd, o->threads);
  add_trace(cmd, s);
  cmd->add_flag("--mermaid", o->mermaid, "Gantt charts as Mermaid `gantt` blocks, for Markdown");
  add_format(cmd, s);
  add_isa(cmd, s);
  program.runs(cmd, [o, &s] {
    // The models demo runs its three models on oneTBB's workers.
    const bool models = o->names.empty() || std::find(o->names.begin(), o->names.end(), "models") != o->names.end();
    if (const std::string note = pipeline::tbb_workers_note(o->threads); models && !note.empty()) say(note);
    show_demos(demos_named(o->names), {.scale = o->scale, .threads = o->threads}, s.fmt(), o->mermaid);
    return 0;
  });
}

const RegisterCommand kDemo{{.name = "demo", .order = 70, .add = add_demo_command}};

}  // namespace
}  // namespace parlab::cli
