// `parlab filter KERNEL -i IN... (-o OUT | --output-dir DIR)`: each input
// file through one kernel that takes and writes files, one output per input.
// A bad file is reported on its own line and the rest of the batch still
// runs; a signal mid-batch leaves no partial file (app/batch_signals.hpp).
// Under mpirun a stencil runs on row bands with halo exchange
// (parlab/bands.hpp): rank 0 reads and writes, every rank computes.
#include <filesystem>

#include "app/backend_choice.hpp"
#include "app/batch_signals.hpp"
#include "app/command.hpp"
#include "app/file_outputs.hpp"
#include "app/kernel_flags.hpp"
#include "app/output.hpp"
#include "app/progress_line.hpp"
#include "app/views.hpp"
#include "parlab/files.hpp"
#include "runtime/error.hpp"

namespace parlab::cli {
namespace {

struct FilterFlags {
  std::string kernel, backend;
  std::vector<std::string> inputs;
  std::string output, output_dir;
  int threads = 0;
  int iterations = 1;
  KernelFlags flags;
};

int filter(const FilterFlags& o, const Shared& s) {
  const Kernel& k = file_filter(o.kernel, "kernel");
  if (o.output.empty() == o.output_dir.empty()) throw UsageError("give either --output FILE or --output-dir DIR");
  if (!o.output.empty() && o.inputs.size() != 1)
    throw UsageError("--output names one file, but " + std::to_string(o.inputs.size()) +
                     " inputs were given (use --output-dir)");
  if (!o.output.empty() && k.output_problem)
    if (const std::string why = k.output_problem(o.output); !why.empty())
      throw UsageError("--output '" + o.output + "': " + why);
  const Params p = o.flags.params_for(k, s.seed, o.threads, true);
  const Selection sel = backend_for(k, o.backend);
  const std::vector<std::string> outputs = output_names(k, o.inputs, o.output, o.output_dir);
  if (!o.output_dir.empty()) check_writable_directory("--output-dir", o.output_dir);  // after every usage error

  std::vector<FileRow> rows;
  int failed = 0;
  BatchSignals signals(outputs);
  ProgressLine line("filter", progress_shown(s));
  for (std::size_t i = 0; i < o.inputs.size(); ++i) {
    const std::string& in = o.inputs[i];
    const std::string& out = outputs[i];
    line.step(in, static_cast<int>(i), static_cast<int>(o.inputs.size()));
    try {
      rows.push_back({in, out, run_on_file(k, sel.backend, p, in, out, o.iterations)});
      signals.done(true);
    } catch (const UsageError&) {
      throw;
    } catch (const std::exception& e) {
      line.say(std::string("parlab: ") + e.what());
      ++failed;
      signals.done(false);
    }
  }
  if (!rows.empty())
    print(s, {files_table(rows, "Filtered with " + std::string(k.name) + " on " + std::string(to_string(sel.backend)))});
  return failed ? 1 : 0;
}

void add_filter_command(Program& program) {
  auto o = std::make_shared<FilterFlags>();
  Shared& s = program.shared;
  CLI::App* cmd = program.app.add_subcommand("filter", "Run a kernel on files, writing one output file per input");
  cmd->add_option("kernel", o->kernel, "A kernel that takes files (see the `files` column of `parlab list`)")->required();
  cmd->add_option("--input,-i", o->inputs, "Input file(s)")->required();
  cmd->add_option("--output,-o", o->output, "Output file, for one input");
  cmd->add_option("--output-dir", o->output_dir,
                  "Directory for the outputs of several inputs (<input name> + the kernel's extension)");
  std::string stencils;
  for (const Kernel& k : kernels())
    if (k.halo) stencils += (stencils.empty() ? "" : ", ") + std::string(k.name);
  cmd->add_option("--iterations", o->iterations,
                  "Apply a stencil (" + stencils + ") this many times, each pass on the last one's output; across "
                  "ranks the halo is exchanged before every pass")
      ->check(CLI::Range(1, 100000));
  add_backend(cmd, o->backend);
  add_threads(cmd, o->threads);
  add_trace(cmd, s);
  o->flags.add(cmd, file_filters(), true);
  add_format(cmd, s);
  add_isa(cmd, s);
  program.runs(cmd, [o, &s] { return filter(*o, s); });
}

const RegisterCommand kFilter{{.name = "filter", .order = 50, .add = add_filter_command}};

}  // namespace
}  // namespace parlab::cli
