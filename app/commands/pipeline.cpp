// `parlab pipeline -i PATH... --output-dir DIR --filter KERNEL`: files and
// directories through read (async) -> decode -> filter -> encode + write, as
// a pipeline (pipelines/files/file_pipeline.hpp). A bad file is one line on
// stderr; the rest go on.
#include <iostream>

#include "app/backend_choice.hpp"
#include "app/command.hpp"
#include "app/file_outputs.hpp"
#include "app/kernel_flags.hpp"
#include "app/messages.hpp"
#include "app/output.hpp"
#include "app/pipeline_view.hpp"
#include "app/progress_line.hpp"
#include "parlab/file_set.hpp"
#include "pipelines/files/file_pipeline.hpp"
#include "pipelines/workers/workers.hpp"

namespace parlab::cli {
namespace {

struct PipelineFlags {
  std::vector<std::string> inputs;
  std::string output_dir, kernel, backend;
  int threads = 0;
  int in_flight = 0;           // files in flight (0: 2 per worker)
  std::string io;  // empty: --io left out
  int read_cap_mib = 4;        // MiB the reads may hold
  int memory_mib = 0;          // MiB the files in flight may hold (0: most of the memory available)
  KernelFlags flags;
};

int run_pipeline(const PipelineFlags& o, const Shared& s) {
  const Kernel& k = file_filter(o.kernel, "--filter");
  const Params p = o.flags.params_for(k, s.seed, o.threads, true);
  // One file per worker at a time: the simd variant, unless asked otherwise
  // by --backend or $PARLAB_BACKEND (the openmp one would put threads inside
  // each of the pipeline's workers).
  const std::string asked = backend_request(o.backend);
  const Selection sel = asked == "auto" && o.backend.empty() ? Selection{Backend::simd, {}} : backend_for(k, asked);
  const io::Method method = read_method(o.io);
  if (const std::string note = pipeline::tbb_workers_note(o.threads); !note.empty()) say(note);
  check_writable_directory("--output-dir", o.output_dir);  // one error, before any reading
  const Listing listing = list_files(o.inputs);
  for (const std::string& why : listing.problems) say(why);
  pipeline::Options po;
  po.inputs = listing.files;
  po.outputs = output_names(k, listing.files, "", o.output_dir);
  po.kernel = &k;
  po.params = p;
  po.backend = sel.backend;
  po.threads = o.threads;
  po.in_flight = o.in_flight;
  po.read.method = method;
  po.read.max_in_flight = static_cast<std::size_t>(o.read_cap_mib) << 20;
  po.memory = static_cast<std::uint64_t>(o.memory_mib) << 20;
  pipeline::Summary sum;
  {
    StopOnInterrupt stop(true);  // SIGTERM and SIGHUP too: the files in flight are finished, then the summary
    ProgressLine line("pipeline", progress_shown(s));
    const int total = static_cast<int>(po.inputs.size());
    int done = 0;
    line.step("files", 0, total);
    sum = pipeline::run(po, [&](const pipeline::FileResult& r) {
      if (!r.error.empty()) line.say("parlab: " + r.error);
      line.step("files", ++done, total);
    });
  }
  sum.failed += listing.problems.size();
  print(s, pipeline_tables(sum, std::string(k.name) + " on " + std::string(to_string(sel.backend))));
  if (sum.stopped) {
    const int sig = StopOnInterrupt::received();
    std::cerr << "parlab: " << (sig == SIGTERM ? "stopped by SIGTERM" : sig == SIGHUP ? "stopped by SIGHUP" : "interrupted")
              << ": " << sum.ok << " file(s) written, the rest not started\n";
    if (sig == SIGTERM || sig == SIGHUP) end_by_signal(sig);  // as its sender expects: ended by the signal
    return 130;
  }
  if (sum.failed) std::cerr << "parlab: " << sum.failed << " input(s) failed; the others were written\n";
  return sum.failed ? 1 : 0;
}

void add_pipeline_command(Program& program) {
  auto o = std::make_shared<PipelineFlags>();
  Shared& s = program.shared;
  CLI::App* cmd = program.app.add_subcommand(
      "pipeline", "Files through read (io_uring) -> decode -> filter -> encode + write, as a pipeline");
  cmd->add_option("--input,-i", o->inputs, "Input files and directories (walked recursively)")->required();
  cmd->add_option("--output-dir", o->output_dir, "Directory for the outputs (<input name> + the filter's extension)")
      ->required();
  cmd->add_option("--filter", o->kernel, "A kernel that takes and writes files (see `parlab list`)")->required();
  cmd->add_option("--backend", o->backend,
                  "Backend of the filter (default: $PARLAB_BACKEND, else simd: the pipeline's workers are the parallelism)");
  add_threads(cmd, o->threads);
  cmd->add_option("--in-flight", o->in_flight, "Files between the first and the last stage (default: 2 per worker)")
      ->check(CLI::Range(1, 1024).description(""));
  add_io(cmd, o->io);
  cmd->add_option("--read-cap", o->read_cap_mib, "MiB the reads may hold at once (default 4)")
      ->check(CLI::Range(1, 4096).description(""));
  cmd->add_option("--memory", o->memory_mib,
                  "MiB the files in flight may hold: decoded images and outputs, sized from their headers; a file "
                  "waits for the ones ahead of it (default: 80% of the memory available)")
      ->check(CLI::Range(1, 1 << 24).description(""));
  add_trace(cmd, s);
  o->flags.add(cmd, file_filters(), true);
  add_format(cmd, s);
  add_isa(cmd, s);
  program.runs(cmd, [o, &s] { return run_pipeline(*o, s); });
}

const RegisterCommand kPipeline{{.name = "pipeline", .order = 80, .add = add_pipeline_command}};

}  // namespace
}  // namespace parlab::cli
