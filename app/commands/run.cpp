// `parlab run KERNEL`: one kernel on one backend, timed (--repeat runs after a
// warm-up) and checked against the scalar reference.
#include "app/backend_choice.hpp"
#include "app/command.hpp"
#include "app/kernel_flags.hpp"
#include "app/measured.hpp"
#include "app/output.hpp"
#include "app/views.hpp"

namespace parlab::cli {
namespace {

struct RunFlags {
  std::string kernel, backend;
  int threads = 0, repeat = 5;
  KernelFlags flags;
};

int run(const RunFlags& o, const Shared& s) {
  const Kernel& k = find_kernel(o.kernel);
  const Params p = o.flags.params_for(k, s.seed, o.threads, true);
  const Selection sel = backend_for(k, o.backend);
  const Backend one[] = {sel.backend};
  ProgressLine line("run", progress_shown(s));
  Steps steps{line, sel.backend == Backend::scalar ? 1 : 2};
  const auto results = compare(k, one, with_steps({p, o.repeat}, std::string(k.name), steps), nullptr);
  print_checked(s, results_tables(results, run_title(k, sel)), results);
  return 0;
}

void add_run_command(Program& program) {
  auto o = std::make_shared<RunFlags>();
  Shared& s = program.shared;
  CLI::App* cmd = program.app.add_subcommand("run", "Run one kernel on one backend and check it");
  cmd->add_option("kernel", o->kernel, "Kernel name (see `parlab list`)")->required();
  add_backend(cmd, o->backend);
  add_threads(cmd, o->threads);
  add_repeat(cmd, o->repeat);
  add_seed(cmd, s);
  add_trace(cmd, s);
  add_save(cmd, s);
  o->flags.add(cmd, kernels_where(), false);
  add_format(cmd, s);
  add_wide(cmd, s);
  add_isa(cmd, s);
  program.runs(cmd, [o, &s] { return run(*o, s); });
}

const RegisterCommand kRun{{.name = "run", .order = 30, .add = add_run_command}};

}  // namespace
}  // namespace parlab::cli
