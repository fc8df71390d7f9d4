// parlab: runs every kernel on every backend, checks each result, and sets
// its speed against what this machine can do.
//
// Exit codes: 0 ok, 1 runtime failure or failed verification, 2 usage error.
// Errors go to stderr on one line that names the bad input.
//
// Kernel options (--size, --sigma, ...) are not written here: each kernel
// declares its own (include/parlab/options.hpp), and the flags, their help and
// their validation are derived from those declarations.
#include <CLI/CLI.hpp>
#include <algorithm>
#include <cmath>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <iostream>
#include <map>
#include <set>
#include <thread>
#include <unistd.h>
#include <string>

#include "app/batch_signals.hpp"
#include "app/context.hpp"
#include "app/demo_view.hpp"
#include "app/diff_tables.hpp"
#include "app/pipeline_view.hpp"
#include "app/progress_line.hpp"
#include "app/report_page.hpp"
#include "app/saved.hpp"
#include "app/table.hpp"
#include "app/views.hpp"
#include "parlab/amdahl.hpp"
#include "parlab/backend.hpp"
#include "parlab/file_set.hpp"
#include "parlab/files.hpp"
#include "parlab/machine.hpp"
#include "parlab/options.hpp"
#include "parlab/registry.hpp"
#include "parlab/roofs.hpp"
#include "parlab/runner.hpp"
#include "parlab/trace.hpp"
#include "pipelines/demos/demo.hpp"
#include "pipelines/files/file_pipeline.hpp"
#include "pipelines/io/async_file_set.hpp"
#include "pipelines/taskgraph/taskgraph.hpp"
#include "runtime/error.hpp"
#include "runtime/openmp.hpp"
#include "runtime/simd/isa.hpp"

namespace parlab::cli {
namespace {

struct Options {
  std::string format = "table";
  std::string backend;
  std::string isa;
  std::string size;  // roofline's array size
  int threads = 0;
  int repeat = 5;
  int roof_repeat = 20;  // repeats of each roofline probe around `compare`
  std::string seed = "42";  // parsed by parse_seed: a whole number 0..2^64-1, nothing else
  std::string kernel = "all";
  std::vector<std::string> inputs;
  std::string output, output_dir;
  std::vector<std::string> demos;  // `parlab demo NAME...`; empty: every demo
  double scale = 1;           // the demos' waits and work
  std::string trace_file;     // --trace FILE: Chrome trace event JSON
  std::string save_file;      // --save FILE: the results as JSON, for `parlab diff` and `parlab report`
  std::vector<std::string> saved;  // `parlab diff A B`, `parlab report A...`: saved files
  std::string out_dir;        // `parlab report --out DIR`
  bool best = false;          // `parlab diff --best`: each kernel's fastest backend on each side
  double alpha = 0.05;        // `parlab diff --alpha`
  bool mermaid = false;       // Gantt charts as Mermaid blocks
  int in_flight = 0;          // `parlab pipeline`: files in flight (0: 2 per worker)
  std::string io = "io_uring";  // how the pipeline reads
  std::string thread_list;    // `parlab scale --threads 1,2,4`
  int read_cap_mib = 4;       // MiB the reads may hold
  // Kernel options as typed, by name; parsed per kernel against its declaration.
  std::map<std::string, std::string, std::less<>> given;
  std::map<std::string, CLI::Option*, std::less<>> flags;  // "<command>/<name>": every command's kernel flags

  Format fmt() const { return format == "json" ? Format::json : format == "csv" ? Format::csv : Format::table; }
};

// ---- Kernel options, derived from the declarations.

// The help of one option name: what each kernel that declares it says.
std::string option_help(std::string_view name, const std::vector<const Kernel*>* only) {
  std::map<std::string, std::vector<std::string>> by_text;  // help text -> kernels
  std::vector<std::string> order;
  for (const Kernel& k : kernels()) {
    const Option* o = k.option(name);
    if (!o || (only && std::find(only->begin(), only->end(), &k) == only->end())) continue;
    const std::string t = std::string(o->help) + " (default " + format_option(*o, o->fallback) + ", " +
                          describe_range(*o) + ")";
    if (by_text[t].empty()) order.push_back(t);
    by_text[t].push_back(std::string(k.name));
  }
  std::string help;
  for (const std::string& t : order) {
    std::string who;
    for (const std::string& k : by_text[t]) who += (who.empty() ? "" : ", ") + k;
    help += (help.empty() ? "" : "; ") + who + ": " + t;
  }
  return help;
}

// Adds every kernel option there is to `cmd` (or only those of `only`), as
// text to be parsed later against the kernel's own declaration. `files`: for
// commands on user files, which leave out options that only shape the
// built-in input.
void add_kernel_options(CLI::App* cmd, Options& o, bool files, const std::vector<const Kernel*>* only = nullptr) {
  std::set<std::string, std::less<>> names, flags;  // flags: declared as on/off by every kernel that has them
  for (const Kernel& k : kernels())
    for (const Option& opt : k.options)
      if (!only || std::find(only->begin(), only->end(), &k) != only->end())
        if (!(files && opt.builtin_input)) names.insert(std::string(opt.name));
  for (const std::string& n : names) {
    bool flag_only = true;
    for (const Kernel& k : kernels())
      if (const Option* x = k.option(n)) flag_only = flag_only && x->type == OptionType::flag;
    CLI::Option* flag = cmd->add_option("--" + n, o.given[n], option_help(n, only));
    flag->type_name("VALUE");
    if (flag_only) flag->expected(0, 1)->type_name("[VALUE]");  // `--all` alone means `--all true`
    o.flags[cmd->get_name() + "/" + n] = flag;
  }
}

// The options typed on the command line that ran.
std::vector<std::pair<std::string, std::string>> typed(const CLI::App* cmd, const Options& o) {
  std::vector<std::pair<std::string, std::string>> v;
  for (const auto& [key, flag] : o.flags)
    if (key.rfind(cmd->get_name() + "/", 0) == 0 && flag->count() > 0) {
      const std::string name = key.substr(cmd->get_name().size() + 1);
      v.emplace_back(name, o.given.at(name));
    }
  return v;
}

// Params for `k`: its defaults, then every typed option it declares, parsed
// and range-checked. An option `k` does not declare is a usage error when
// `strict` (one kernel was named), and ignored otherwise (`compare all`).
Params params_for(const Kernel& k, const Options& o, const std::vector<std::pair<std::string, std::string>>& typed,
                  bool strict) {
  Params p = k.defaults();
  p.seed = parse_seed(o.seed);
  p.threads = o.threads;
  for (const auto& [name, text] : typed) {
    const Option* opt = k.option(name);
    if (!opt) {
      if (strict)
        throw UsageError("--" + name + " does not apply to " + std::string(k.name) + " (its options: " + flags_of(k, "none") +
                         ")");
      continue;
    }
    p.set(name, parse_option(*opt, text.empty() && opt->type == OptionType::flag ? "true" : text));
  }
  return p;
}

// ---- Commands.

void add_backend_option(CLI::App* cmd, Options& o) {
  cmd->add_option("--backend", o.backend, "auto, cuda, openmp, simd or scalar (default: $PARLAB_BACKEND, else auto)");
}

void add_threads_option(CLI::App* cmd, Options& o) {
  cmd->add_option("--threads", o.threads, "OpenMP threads (default: OMP_NUM_THREADS or all CPUs)")
      ->check(CLI::Range(1, openmp::kMaxThreads).description(""));
}

void add_io_option(CLI::App* cmd, Options& o) {
  cmd->add_option("--io", o.io,
                  "How files are read: io_uring (default; falls back to blocking where it cannot be set up), "
                  "blocking or sequential; or $PARLAB_IO")
      ->check(CLI::IsMember({"io_uring", "blocking", "sequential"}));
}

void add_trace_option(CLI::App* cmd, Options& o) {
  cmd->add_option("--trace", o.trace_file,
                  "Write a timeline of the run (every kernel run, worker and read) as Chrome trace event JSON "
                  "(opens in Perfetto or chrome://tracing)");
}

void add_save_option(CLI::App* cmd, Options& o) {
  cmd->add_option("--save", o.save_file,
                  "Also write the results, with their context, as JSON to FILE (for `parlab diff` and `parlab report`)");
}

void add_run_options(CLI::App* cmd, Options& o) {
  add_threads_option(cmd, o);
  cmd->add_option("--repeat", o.repeat, "Timed runs after one warm-up; the median is reported")
      ->check(CLI::Range(1, 1000000).description(""));
  cmd->add_option("--seed", o.seed, "Seed of the counter-based generator for the built-in data (0..2^64-1)");
}

// The backend asked for, which must be usable here and have a variant of `k`.
Selection backend_for(const Kernel& k, const Options& o) {
  Selection sel = select_backend(backend_request(o.backend));
  if (!k.has(sel.backend)) throw Error(std::string(k.name) + ": no " + std::string(to_string(sel.backend)) + " variant");
  return sel;
}

// "gaussian_blur on openmp (auto; skipped cuda: no device)".
std::string run_title(const Kernel& k, const Selection& sel) {
  std::string title = std::string(k.name) + " on " + std::string(to_string(sel.backend));
  if (!sel.skipped.empty()) {
    title += " (auto; skipped ";
    for (std::size_t i = 0; i < sel.skipped.size(); ++i) title += (i ? "; " : "") + sel.skipped[i];
    title += ")";
  }
  return title;
}

// Prints the results (and saves them: --save), then fails (exit 1) if any
// check failed; the saved file records the failure in its `check` column.
void render_checked(const std::vector<Table>& tables, const std::vector<Result>& results, Format f,
                    const std::string& save_file = "") {
  if (!save_file.empty()) save(save_file, tables);
  render(std::cout, tables, f);
  std::cout.flush();
  for (const Result& r : results)
    if (!r.verdict.ok)
      throw Error(std::string(r.kernel) + " on " + std::string(to_string(r.backend)) + ": check failed: " +
                  r.verdict.detail);
}

// `compare` and the showcase: every usable backend of the kernels, each with
// its own parameters (validated before anything runs).
struct Job {
  const Kernel* kernel;
  RunOptions run;
};
std::vector<Job> jobs_for(const std::string& which, const Options& o, const CLI::App* cmd) {
  const auto t = typed(cmd, o);
  std::vector<Job> jobs;
  if (which == "all") {
    for (const Kernel& k : kernels()) jobs.push_back({&k, {params_for(k, o, t, false), o.repeat}});
  } else {
    const Kernel& k = find_kernel(which);
    jobs.push_back({&k, {params_for(k, o, t, true), o.repeat}});
  }
  return jobs;
}

// Counts the steps of a command for its progress line.
struct Steps {
  ProgressLine& line;
  int total = 0;
  int done = 0;
  void next(std::string what) { line.step(std::move(what), done++, total); }
};

std::vector<Backend> usable_backends() {
  std::vector<Backend> usable;
  for (Backend b : kBackends)
    if (backend_status(b).usable) usable.push_back(b);
  return usable;
}

// The timings `compare` makes of `k`: the scalar reference, then each other usable backend.
int timings_of(const Kernel& k) {
  int n = 1;
  for (Backend b : usable_backends()) n += b != Backend::scalar && k.has(b);
  return n;
}

// Each backend's start is a step: "gaussian_blur on openmp".
RunOptions with_steps(RunOptions run, std::string label, Steps& steps) {
  run.starting = [&steps, label](Backend b) { steps.next(label + " on " + std::string(to_string(b))); };
  return run;
}

std::vector<Result> compare_jobs(const std::vector<Job>& jobs, Steps& steps) {
  const std::vector<Backend> usable = usable_backends();
  std::vector<Result> all;
  for (const Job& j : jobs) {
    auto r = compare(*j.kernel, usable, with_steps(j.run, std::string(j.kernel->name), steps), nullptr);
    all.insert(all.end(), r.begin(), r.end());
  }
  return all;
}

// Runs `jobs` between two roofline measurements and sets the results' limits
// from the best of both (roofline.hpp, best_of); returns that roofline.
Roofline measured_around(int threads, int repeat, const std::vector<Job>& jobs, std::vector<Result>& results, bool shown) {
  ProgressLine line("compare", shown);
  Steps steps{line, 2};
  for (const Job& j : jobs) steps.total += timings_of(*j.kernel);
  steps.next("roofline, before the kernels");
  const Roofline before = measure_roofline(0, threads, repeat);
  results = compare_jobs(jobs, steps);
  steps.next("roofline, after the kernels");
  const Roofline r = best_of(before, measure_roofline(0, threads, repeat));
  set_limits(results, r);
  return r;
}

// The output file of each input, checked before any work: two inputs that
// would write the same file (a/pic.png and b/pic.jpg into one directory), or
// an output that is one of the inputs, are usage errors.
std::vector<std::string> output_names(const Kernel& k, const Options& o) {
  namespace fs = std::filesystem;
  auto key = [](const std::string& path) {
    std::error_code ec;  // /dev/stdin resolves to "pipe:[...]", which cannot be made canonical
    const fs::path c = fs::weakly_canonical(fs::absolute(path), ec);
    return ec ? fs::absolute(path).lexically_normal().string() : c.string();
  };
  std::map<std::string, std::string> inputs;  // canonical path -> as typed
  for (const std::string& in : o.inputs) inputs.emplace(key(in), in);
  std::map<std::string, std::string> written;  // canonical output -> the input writing it
  std::vector<std::string> outputs;
  for (const std::string& in : o.inputs) {
    const std::string out = !o.output.empty() ? o.output
                                              : (fs::path(o.output_dir) / fs::path(in).stem()).string() +
                                                    std::string(k.file_extension);
    const std::string where = key(out);
    if (const auto same = inputs.find(where); same != inputs.end())
      throw UsageError("output '" + out + "' is the input '" + same->second + "': write it elsewhere");
    if (const auto [at, fresh] = written.emplace(where, in); !fresh)
      throw UsageError("inputs '" + at->second + "' and '" + in + "' would both write '" + out +
                       "' (same name): rename one, or give them different --output-dir");
    outputs.push_back(out);
  }
  return outputs;
}

// `parlab filter`: each input through one kernel that takes files. A bad file
// is reported on its own line and the rest of the batch still runs.
// The kernel named by `o.kernel`, which must take and write files; a usage
// error names `what` ("kernel", "--filter") and the kernels that do.
const Kernel& file_filter(const Options& o, const std::string& what) {
  const Kernel& k = find_kernel(o.kernel);
  if (!takes_files(k) || !writes_files(k)) {
    std::string which;
    for (const Kernel& x : kernels())
      if (takes_files(x) && writes_files(x)) which += (which.empty() ? "" : ", ") + std::string(x.name);
    throw UsageError(what + " '" + o.kernel + "' does not filter files (those that do: " + which + ")");
  }
  return k;
}

int filter_files(const Options& o, const CLI::App* cmd, Format f) {
  const Kernel& k = file_filter(o, "kernel");
  if (o.output.empty() == o.output_dir.empty()) throw UsageError("give either --output FILE or --output-dir DIR");
  if (!o.output.empty() && o.inputs.size() != 1)
    throw UsageError("--output names one file, but " + std::to_string(o.inputs.size()) +
                     " inputs were given (use --output-dir)");
  if (!o.output.empty() && k.output_problem)
    if (const std::string why = k.output_problem(o.output); !why.empty())
      throw UsageError("--output '" + o.output + "': " + why);
  if (!o.output_dir.empty() && !std::filesystem::is_directory(o.output_dir))
    throw Error(o.output_dir + ": not a directory");
  const Params p = params_for(k, o, typed(cmd, o), true);
  const Selection sel = backend_for(k, o);
  const std::vector<std::string> outputs = output_names(k, o);

  std::vector<FileRow> rows;
  int failed = 0;
  BatchSignals signals(outputs);
  ProgressLine line("filter", shown_for(f == Format::table));
  for (std::size_t i = 0; i < o.inputs.size(); ++i) {
    const std::string& in = o.inputs[i];
    const std::string& out = outputs[i];
    line.step(in, static_cast<int>(i), static_cast<int>(o.inputs.size()));
    try {
      rows.push_back({in, out, run_on_file(k, sel.backend, p, in, out)});
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
    render(std::cout, {files_table(rows, "Filtered with " + std::string(k.name) + " on " + std::string(to_string(sel.backend)))}, f);
  return failed ? 1 : 0;
}

// ---- Commands the kernels ask for (Kernel::command): "montecarlo pi" makes
// `parlab montecarlo pi`, one run of that kernel with a progress line, that
// Ctrl-C stops early with the result so far.

struct KernelCommand {
  CLI::App* cmd = nullptr;
  std::map<std::string, const Kernel*> by_name;  // "pi" -> montecarlo_pi; "" for a one-word command
  std::vector<const Kernel*> all;
  std::string which;
  std::vector<std::string> paths;  // files and directories, for kernels that take files
};

std::map<std::string, KernelCommand> kernel_commands() {
  std::map<std::string, KernelCommand> m;
  for (const Kernel& k : kernels()) {
    if (k.command.empty()) continue;
    const std::string c(k.command);
    const auto space = c.find(' ');
    KernelCommand& kc = m[c.substr(0, space)];
    kc.by_name[space == std::string::npos ? "" : c.substr(space + 1)] = &k;
    kc.all.push_back(&k);
  }
  return m;
}

// Exit 130 (interrupted) after printing a partial result. With paths, the
// kernel reads them (parlab/file_set.hpp): each path or file that fails is
// reported on its own line, the rest is still counted, and the exit code is
// 1 at the end.
int run_kernel_command(const KernelCommand& kc, const Options& o, Format f) {
  const Kernel& k = *kc.by_name.at(kc.which);
  const auto options = typed(kc.cmd, o);
  const Params p = params_for(k, o, options, true);
  std::shared_ptr<const FileSet> files;
  Data input;
  if (!kc.paths.empty()) {
    for (const auto& [name, text] : options)
      if (k.option(name)->builtin_input)
        throw UsageError("--" + name + " shapes the built-in input; it does not apply to files");
    // Read ahead through the async read stage (io_uring, or its fallback).
    files = std::make_shared<io::AsyncFileSet>(std::to_string(kc.paths.size()) + " path(s)", list_files(kc.paths),
                                               io::parse_method(o.io, "--io"));
    input = k.read_file(files, p);
  }
  const Selection sel = backend_for(k, o);
  Result r;
  {
    StopOnInterrupt stop;
    ProgressLine line(std::string(k.name) + " on " + std::string(to_string(sel.backend)), shown_for(f == Format::table));
    r = run_once(k, sel.backend, p, files ? &input : nullptr);
  }
  const std::vector<Result> results = {r};
  std::vector<Table> tables = {results_table(results, run_title(k, sel)), values_table(r)};
  for (Table& t : parts_tables(r)) tables.push_back(std::move(t));
  const std::vector<std::string> problems = files ? files->problems() : std::vector<std::string>{};
  if (r.partial) {
    if (!o.save_file.empty()) save(o.save_file, tables);
    render(std::cout, tables, f);
    std::cerr << "parlab: interrupted: the result above is partial (" << r.note << ")\n";
    return 130;
  }
  render_checked(tables, results, f, o.save_file);
  for (const std::string& why : problems) std::cerr << "parlab: " << why << "\n";
  if (!problems.empty())
    std::cerr << "parlab: " << problems.size() << " path(s) or file(s) failed; the result counts the rest\n";
  return problems.empty() ? 0 : 1;
}

// `parlab pipeline`: files and directories through read (async) -> decode ->
// filter -> encode + write. A bad file is one line on stderr; the rest go on.
int run_pipeline(const Options& o, const CLI::App* cmd, Format f) {
  const Kernel& k = file_filter(o, "--filter");
  const Params p = params_for(k, o, typed(cmd, o), true);
  // One file per worker at a time: the simd variant, unless asked otherwise
  // (the openmp one would put threads inside each of the pipeline's workers).
  const Selection sel = o.backend.empty() ? Selection{Backend::simd, {}} : backend_for(k, o);
  const io::Method method = io::parse_method(o.io, "--io");
  // The output directory: one error, before any reading.
  if (!std::filesystem::is_directory(o.output_dir)) throw Error("--output-dir '" + o.output_dir + "': not a directory");
  {  // a file made and removed: permissions (root ignores them) and read-only file systems alike
    std::string probe = (std::filesystem::path(o.output_dir) / ".parlab_probe_XXXXXX").string();
    const int fd = ::mkstemp(probe.data());
    if (fd < 0) throw Error("--output-dir '" + o.output_dir + "': cannot write there: " + std::strerror(errno));
    ::close(fd);
    ::unlink(probe.c_str());
  }
  const Listing listing = list_files(o.inputs);
  for (const std::string& why : listing.problems) std::cerr << "parlab: " << why << "\n";
  Options named = o;
  named.inputs = listing.files;
  pipeline::Options po;
  po.inputs = listing.files;
  po.outputs = output_names(k, named);
  po.kernel = &k;
  po.params = p;
  po.backend = sel.backend;
  po.threads = o.threads;
  po.in_flight = o.in_flight;
  po.read.method = method;
  po.read.max_in_flight = static_cast<std::size_t>(o.read_cap_mib) << 20;
  pipeline::Summary s;
  {
    StopOnInterrupt stop;
    ProgressLine line("pipeline", shown_for(f == Format::table));
    const int total = static_cast<int>(po.inputs.size());
    int done = 0;
    line.step("files", 0, total);
    s = pipeline::run(po, [&](const pipeline::FileResult& r) {
      if (!r.error.empty()) line.say("parlab: " + r.error);
      line.step("files", ++done, total);
    });
  }
  s.failed += listing.problems.size();
  render(std::cout, pipeline_tables(s), f);
  if (s.stopped) {
    std::cerr << "parlab: interrupted: " << s.ok << " file(s) written, the rest not started\n";
    return 130;
  }
  if (s.failed) std::cerr << "parlab: " << s.failed << " input(s) failed; the others were written\n";
  return s.failed ? 1 : 0;
}

// "1,2,4" -> {1, 2, 4}: whole numbers in 1..kMaxThreads, each once, rising.
std::vector<int> parse_thread_list(const std::string& text) {
  std::vector<int> v;
  std::size_t at = 0;
  while (at <= text.size()) {
    const std::size_t comma = std::min(text.find(',', at), text.size());
    const std::string item = text.substr(at, comma - at);
    char* end = nullptr;
    errno = 0;
    const long n = std::strtol(item.c_str(), &end, 10);
    if (item.empty() || *end || errno || n < 1 || n > openmp::kMaxThreads || (!v.empty() && n <= v.back()))
      throw UsageError("--threads '" + text + "': give rising whole numbers from 1 to " +
                       std::to_string(openmp::kMaxThreads) + ", separated by commas (e.g. 1,2,4)");
    v.push_back(static_cast<int>(n));
    at = comma + 1;
  }
  return v;
}

// `parlab scale KERNEL`: the openmp backend at each thread count, checked,
// with speed-up, parallel efficiency and Amdahl's serial fraction fitted.
int run_scale(const Options& o, const CLI::App* cmd, Format f) {
  const Kernel& k = find_kernel(o.kernel);
  if (!k.has(Backend::openmp)) throw UsageError(std::string(k.name) + ": no openmp variant to scale");
  if (!backend_status(Backend::openmp).usable) throw Error("openmp: " + backend_status(Backend::openmp).reason);
  const int cpus = static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
  std::vector<int> counts;
  if (cmd->get_option("--threads")->count() == 0) {
    for (int n = 1; n < cpus; n *= 2) counts.push_back(n);
    counts.push_back(cpus);
  } else {
    counts = parse_thread_list(o.thread_list);
  }
  Params p = params_for(k, o, typed(cmd, o), true);
  check_fits(k, p);
  const char* bind = std::getenv("OMP_PROC_BIND");
  const char* places = std::getenv("OMP_PLACES");
  if (!bind || !*bind)
    std::cerr << "parlab: warning: OMP_PROC_BIND is unset: threads may move between cores during a run "
                 "(set OMP_PROC_BIND=close OMP_PLACES=cores for steadier figures)\n";
  if (counts.back() > cpus)
    std::cerr << "parlab: warning: up to " << counts.back() << " threads on " << cpus
              << " logical CPUs: beyond " << cpus << ", threads take turns on the cores\n";
  std::vector<Result> results;
  std::vector<std::pair<int, double>> times;
  ProgressLine line("scale", shown_for(f == Format::table));
  Steps steps{line, 2 * static_cast<int>(counts.size())};
  for (int n : counts) {
    p.threads = n;
    const Backend one[] = {Backend::openmp};
    // Checked against the scalar reference.
    const auto r = compare(k, one, with_steps({p, o.repeat}, std::string(k.name) + " (" + std::to_string(n) + " threads)", steps), nullptr);
    results.push_back(r.at(0));
    times.emplace_back(n, r.at(0).time_s);
  }
  const double serial = fit_serial_fraction(times);
  Table t{"scale",
          std::string(k.name) + " on openmp, by thread count (OMP_PROC_BIND=" + (bind && *bind ? bind : "unset") +
              ", OMP_PLACES=" + (places && *places ? places : "unset") + ", " + std::to_string(cpus) + " logical CPUs)",
          {"kernel", "threads", "time_ms", "speedup", "efficiency", "amdahl_speedup", "check"},
          {}};
  const double t1 = times.front().first == 1 ? times.front().second : 0;
  for (const Result& r : results) {
    const int n = r.params.threads;
    const double speedup = t1 > 0 ? t1 / r.time_s : 0;
    t.rows.push_back({text(std::string(k.name)), integer(n), num(r.time_s * 1e3, "%.3f"), t1 > 0 ? num(speedup, "%.3f") : text("-"),
                      t1 > 0 ? num(speedup / n, "%.3f") : text("-"),
                      std::isnan(serial) ? text("-") : num(amdahl(serial, n), "%.3f"),
                      text(r.verdict.ok ? "ok" : "failed: " + r.verdict.detail)});
  }
  Table fit{"fit", "Amdahl's law fitted to the measured times", {"field", "value"}, {}, true};
  fit.rows.push_back({text("serial_fraction"), std::isnan(serial) ? text("- (needs 1 thread and one more count)")
                                                                  : num(serial, "%.4f")});
  fit.rows.push_back({text("max_speedup"),
                      std::isnan(serial) || serial <= 0 ? text("-") : num(1 / serial, "%.2f")});
  render_checked({t, fit}, results, f, o.save_file);
  return 0;
}

// `parlab demo [NAME]`: the concurrency experiments, each with its numbers,
// Gantt charts and takeaway.
void run_demos(const std::vector<std::pair<std::string, demo::Report (*)(const demo::Settings&)>>& which,
               const Options& o, Format f) {
  const demo::Settings s{.scale = o.scale, .threads = o.threads};
  const ChartStyle style = o.mermaid ? ChartStyle::mermaid : isatty(STDOUT_FILENO) ? ChartStyle::terminal : ChartStyle::ascii;
  std::vector<Table> tables;
  int done = 0;
  for (const auto& [name, run] : which) {
    demo::Report r;
    {  // erased before the demo's report is printed
      ProgressLine line("demo", shown_for(f == Format::table));
      line.step(name, done++, static_cast<int>(which.size()));
      r = run(s);
    }
    if (f == Format::table)
      print_demo(std::cout, r, style);
    else
      tables.push_back(demo_numbers(name, r));
  }
  if (f != Format::table) render(std::cout, tables, f);
}

std::vector<std::pair<std::string, demo::Report (*)(const demo::Settings&)>> demos_named(
    const std::vector<std::string>& names) {
  std::vector<std::pair<std::string, demo::Report (*)(const demo::Settings&)>> v;
  if (names.empty())
    for (const demo::Demo& d : demo::demos()) v.emplace_back(d.name, d.run);
  for (const std::string& n : names) v.emplace_back(n, demo::find(n).run);
  return v;
}

void add_scale_option(CLI::App* cmd, Options& o, const std::string& what) {
  cmd->add_option("--scale", o.scale, "Multiplies " + what)->check(CLI::Range(0.01, 100.0).description(""));
}

// What was typed, for the context of every JSON and CSV output.
Invocation invocation(int argc, char** argv, const CLI::App& app, const Options& o) {
  Invocation how{std::vector<std::string>(argv, argv + argc), "", parse_seed(o.seed), nlohmann::json::object()};
  const CLI::App* ran = &app;
  for (const CLI::App* sub : app.get_subcommands()) ran = sub;  // the one parsed, if any
  if (ran != &app) how.command = ran->get_name();
  for (const CLI::Option* opt : ran->get_options()) {
    if (opt->count() == 0) continue;
    const std::vector<std::string>& v = opt->results();
    const std::string name = opt->get_name();
    if (v.size() == 1)
      how.options[name] = v[0];
    else
      how.options[name] = v;
  }
  return how;
}

// The parsed command line's subcommands; the one that was given runs.
struct Commands {
  CLI::App* app = nullptr;
  CLI::App *info = nullptr, *list = nullptr, *run = nullptr, *cmp = nullptr, *filt = nullptr, *dem = nullptr,
           *graph = nullptr, *pipe = nullptr, *scale = nullptr, *roof = nullptr, *diff = nullptr, *report = nullptr;
  std::map<std::string, KernelCommand> kernel;  // `parlab montecarlo`, `parlab wordcount`, ...
};
int run_command(Options& o, Commands& c);

int run_cli(int argc, char** argv) {
  Options o;
  CLI::App app{"parlab: concurrency and parallelism, measured. Runs each kernel on every backend\n"
               "(cuda, openmp, simd, scalar), checks every result and sets its speed against this\n"
               "machine's measured limits. With no command: the showcase."};
  app.set_help_all_flag("--help-all", "Help for every command");
  app.require_subcommand(0, 1);

  auto* info = app.add_subcommand("info", "This machine: CPU, OpenMP, SIMD ISA, GPU, build, backends");
  auto* list = app.add_subcommand("list", "Kernels x backends, with availability here; with a kernel: its options");
  list->add_option("kernel", o.kernel, "A kernel whose options to show");
  auto* run = app.add_subcommand("run", "Run one kernel on one backend and check it");
  run->add_option("kernel", o.kernel, "Kernel name (see `parlab list`)")->required();
  add_backend_option(run, o);
  add_run_options(run, o);
  add_trace_option(run, o);
  add_save_option(run, o);
  add_kernel_options(run, o, false);
  auto* cmp = app.add_subcommand("compare", "Run a kernel (or all) on every usable backend, checked and timed");
  cmp->add_option("kernel", o.kernel, "Kernel name or `all`")->capture_default_str();
  add_run_options(cmp, o);
  add_trace_option(cmp, o);
  add_save_option(cmp, o);
  cmp->add_option("--roof-repeat", o.roof_repeat,
                  "Repeats of each roofline probe, measured before and after the kernels (the best is kept)")
      ->check(CLI::Range(1, 1000).description(""))
      ->capture_default_str();
  add_kernel_options(cmp, o, false);
  auto* filt = app.add_subcommand("filter", "Run a kernel on files, writing one output file per input");
  filt->add_option("kernel", o.kernel, "A kernel that takes files (see the `files` column of `parlab list`)")->required();
  filt->add_option("--input,-i", o.inputs, "Input file(s)")->required();
  filt->add_option("--output,-o", o.output, "Output file, for one input");
  filt->add_option("--output-dir", o.output_dir, "Directory for the outputs of several inputs (<input name> + the kernel's extension)");
  add_backend_option(filt, o);
  add_threads_option(filt, o);
  add_trace_option(filt, o);
  add_kernel_options(filt, o, true);
  auto* roof = app.add_subcommand("roofline", "Measure memory bandwidth and compute throughput; 1 and all threads");
  roof->add_option("--size", o.size, "Floats per array of the memory probes (default 2^26: 256 MiB)");
  roof->add_option("--threads", o.threads, "Threads of the all-threads row")
      ->check(CLI::Range(1, openmp::kMaxThreads).description(""));
  roof->add_option("--repeat", o.repeat, "Timed runs per probe (the best is kept)")->check(CLI::Range(1, 1000000).description(""));
  add_trace_option(roof, o);
  add_save_option(roof, o);
  std::string demo_help;
  for (const demo::Demo& d : demo::demos()) demo_help += "\n  " + std::string(d.name) + ": " + std::string(d.summary);
  auto* dem = app.add_subcommand("demo", "Concurrency vs parallelism, measured here: numbers, Gantt charts, takeaways");
  dem->add_option("name", o.demos, "Demos to run (default: all of them):" + demo_help);
  add_scale_option(dem, o, "every wait and every amount of work (default 1: waits of 1 s)");
  add_threads_option(dem, o);
  add_trace_option(dem, o);
  dem->add_flag("--mermaid", o.mermaid, "Gantt charts as Mermaid `gantt` blocks, for Markdown");
  auto* pipe = app.add_subcommand("pipeline",
                                  "Files through read (io_uring) -> decode -> filter -> encode + write, as a pipeline");
  pipe->add_option("--input,-i", o.inputs, "Input files and directories (walked recursively)")->required();
  pipe->add_option("--output-dir", o.output_dir, "Directory for the outputs (<input name> + the filter's extension)")
      ->required();
  pipe->add_option("--filter", o.kernel, "A kernel that takes and writes files (see `parlab list`)")->required();
  pipe->add_option("--backend", o.backend, "Backend of the filter (default simd: the pipeline's workers are the parallelism)");
  add_threads_option(pipe, o);
  pipe->add_option("--in-flight", o.in_flight, "Files between the first and the last stage (default: 2 per worker)")
      ->check(CLI::Range(1, 1024).description(""));
  add_io_option(pipe, o);
  pipe->add_option("--read-cap", o.read_cap_mib, "MiB the reads may hold at once (default 4)")
      ->check(CLI::Range(1, 4096).description(""));
  add_trace_option(pipe, o);
  add_kernel_options(pipe, o, true);
  auto* scale = app.add_subcommand("scale", "A kernel's openmp backend at 1, 2, 4, ... threads: speed-up, "
                                             "efficiency, Amdahl's serial fraction fitted");
  scale->add_option("kernel", o.kernel, "Kernel name (see `parlab list`)")->required();
  scale->add_option("--threads", o.thread_list, "Thread counts, rising, e.g. 1,2,4,8 (default: 1, 2, 4, ... and every CPU)");
  scale->add_option("--repeat", o.repeat, "Timed runs per count after one warm-up; the median is reported")
      ->check(CLI::Range(1, 1000000).description(""));
  scale->add_option("--seed", o.seed, "Seed of the counter-based generator for the built-in data (0..2^64-1)");
  add_trace_option(scale, o);
  add_save_option(scale, o);
  add_kernel_options(scale, o, false);
  auto* graph = app.add_subcommand("taskgraph",
                                   "Task parallelism: load -> gray -> {blur, sobel, histogram}, Monte Carlo beside "
                                   "them, -> report, on oneTBB's flow graph; makespan, critical path, Gantt chart");
  add_scale_option(graph, o, "the work (default 1: a 3840x2160 image, 6*10^7 samples)");
  add_threads_option(graph, o);
  add_trace_option(graph, o);
  graph->add_flag("--mermaid", o.mermaid, "The Gantt chart as a Mermaid `gantt` block, for Markdown");
  auto* diff = app.add_subcommand("diff", "Two saved result files side by side: the ratio of each kernel's times, "
                                           "and whether the runs say the difference is real (Mann-Whitney U)");
  diff->add_option("files", o.saved, "A.json B.json, written by --save")->required()->expected(2);
  diff->add_flag("--best", o.best, "Match each kernel's fastest backend on each side (e.g. CPU against GPU)");
  diff->add_option("--alpha", o.alpha, "Significance level of the U test (default 0.05)")
      ->check(CLI::Range(0.0001, 0.5).description(""));
  auto* report = app.add_subcommand("report", "An HTML page with PNG and SVG charts (throughput, roofline, scaling, "
                                               "CPU vs GPU) from saved results; needs python3-matplotlib");
  report->add_option("files", o.saved, "Files written by --save")->required();
  report->add_option("--out", o.out_dir, "Directory for index.html and the figures (made if missing)")->required();
  add_trace_option(&app, o);  // the showcase's
  std::map<std::string, KernelCommand> commands = kernel_commands();
  std::vector<CLI::App*> all_commands = {&app, info, list, run, cmp, roof, filt, dem, graph, pipe, scale, diff};
  for (auto& [name, kc] : commands) {
    std::vector<std::string> names;
    std::string which;
    for (const auto& [word, k] : kc.by_name) {
      names.push_back(word);
      which += (which.empty() ? "" : ", ") + word + " (" + std::string(k->name) + ")";
    }
    const bool one = names.size() == 1 && names[0].empty();  // `parlab wordcount`, not `parlab montecarlo pi`
    if (one) which = std::string(kc.by_name.begin()->second->summary);
    kc.cmd = app.add_subcommand(name, "Run " + which + " once, with progress; Ctrl-C stops and shows the result so far");
    if (!one) kc.cmd->add_option("which", kc.which, "One of: " + which)->required()->check(CLI::IsMember(names));
    if (std::any_of(kc.all.begin(), kc.all.end(), [](const Kernel* k) { return takes_files(*k); })) {
      kc.cmd->add_option("paths", kc.paths,
                         "Files and directories (walked recursively) to read, in chunks; default: the built-in data");
      add_io_option(kc.cmd, o);
    }
    add_backend_option(kc.cmd, o);
    add_threads_option(kc.cmd, o);
    add_trace_option(kc.cmd, o);
    add_save_option(kc.cmd, o);
    kc.cmd->add_option("--seed", o.seed, "Seed of the counter-based generator (0..2^64-1)");
    add_kernel_options(kc.cmd, o, false, &kc.all);
    all_commands.push_back(kc.cmd);
  }
  for (auto* cmd : all_commands) {
    cmd->add_option("--format", o.format, "Output: table, json or csv")->check(CLI::IsMember({"table", "json", "csv"}));
    if (cmd != diff)  // diff runs no kernel
      cmd->add_option("--isa", o.isa, "SIMD ISA for the simd and openmp backends (default: $PARLAB_ISA, else the best this CPU runs)");
  }

  try {
    app.parse(argc, argv);
  } catch (const CLI::Success& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    std::string msg = e.what();
    std::replace(msg.begin(), msg.end(), '\n', ' ');
    std::cerr << "parlab: " << msg << " (see parlab --help)\n";
    return 2;
  }

  openmp::check_default_threads();  // OMP_NUM_THREADS=100000 would crash inside libgomp
  parse_seed(o.seed);                   // a bad --seed is a usage error before any work
  if (o.isa.empty())
    if (const char* env = std::getenv("PARLAB_ISA"); env && *env) o.isa = env;
  if (!o.isa.empty()) simd::use_isa(simd::find_isa(o.isa));

  // The context is gathered only where it is written (it reads /proc and asks the GPU driver).
  if (o.fmt() != Format::table || !o.save_file.empty()) set_context(run_context(invocation(argc, argv, app, o)));
  check_output_file("--trace", o.trace_file);
  check_output_file("--save", o.save_file);
  trace::clear();
  trace::enable(!o.trace_file.empty());
  Commands c{&app, info, list, run, cmp, filt, dem, graph, pipe, scale, roof, diff, report, std::move(commands)};
  const int code = run_command(o, c);
  trace::enable(false);
  // The timeline of what ran, also when a file failed (exit 1) or the run was
  // stopped (130); an error that ended the command (a failed check too)
  // writes none.
  if (!o.trace_file.empty()) trace::write_chrome_json(trace::collect(), o.trace_file);
  return code;
}

int run_command(Options& o, Commands& c) {
  const auto& [app, info, list, run, cmp, filt, dem, graph, pipe, scale, roof, diff, report, commands] = c;
  const Format f = o.fmt();
  if (*info) {
    render(std::cout, {info_table(machine_info()), backends_table()}, f);
  } else if (*list) {
    render(std::cout, {o.kernel == "all" ? kernels_table() : options_table(find_kernel(o.kernel))}, f);
  } else if (*run) {
    const Kernel& k = find_kernel(o.kernel);
    const Params p = params_for(k, o, typed(run, o), true);
    const Selection sel = backend_for(k, o);
    const Backend one[] = {sel.backend};
    ProgressLine line("run", shown_for(f == Format::table));
    Steps steps{line, sel.backend == Backend::scalar ? 1 : 2};
    const auto results = compare(k, one, with_steps({p, o.repeat}, std::string(k.name), steps), nullptr);
    render_checked({results_table(results, run_title(k, sel))}, results, f, o.save_file);
  } else if (*cmp) {
    const auto jobs = jobs_for(o.kernel, o, cmp);  // validated before the long roofline probe
    for (const Job& j : jobs) check_fits(*j.kernel, j.run.params);
    std::vector<Result> results;
    const Roofline r = measured_around(o.threads, o.roof_repeat, jobs, results, shown_for(f == Format::table));
    render_checked({memory_table(r), compute_table(r),
                    results_table(results, "Every usable backend, checked; pct_of_limit: the bound's time / the kernel's")},
                   results, f, o.save_file);
  } else if (*filt) {
    return filter_files(o, filt, f);
  } else if (*dem) {
    run_demos(demos_named(o.demos), o, f);
  } else if (*scale) {
    return run_scale(o, scale, f);
  } else if (*diff) {
    const nlohmann::json a = load_saved(o.saved[0]), b = load_saved(o.saved[1]);
    render(std::cout, diff_tables(a, o.saved[0], b, o.saved[1], {o.alpha, o.best}), f);
  } else if (*report) {
    return make_report(o.saved, o.out_dir);
  } else if (*pipe) {
    return run_pipeline(o, pipe, f);
  } else if (*graph) {
    run_demos({{"taskgraph", taskgraph::image_graph}}, o, f);
  } else if (auto k = std::find_if(commands.begin(), commands.end(), [](const auto& x) { return x.second.cmd->parsed(); });
             k != commands.end()) {
    return run_kernel_command(k->second, o, f);
  } else if (*roof) {
    Option size{.name = "size", .type = OptionType::count, .min = 1024, .max = kMaxCount};
    const std::size_t n = o.size.empty() ? 0 : static_cast<std::size_t>(parse_option(size, o.size));
    Roofline r;
    {
      ProgressLine line("roofline", shown_for(f == Format::table));
      line.step("memory bandwidth and compute throughput, 1 and all threads", 0, 1);
      r = measure_roofline(n, o.threads, o.repeat);
    }
    render_checked({memory_table(r), compute_table(r)}, {}, f, o.save_file);
  } else {
    // The showcase: what this machine is, what it can move and compute, and
    // every kernel on every usable backend, checked. Sized to finish well
    // within a minute on two cores.
    o.repeat = 3;
    const auto jobs = jobs_for("all", o, app);
    std::vector<Result> results;
    const Roofline r = measured_around(0, o.roof_repeat, jobs, results, shown_for(f == Format::table));
    render_checked({info_table(machine_info()), backends_table(), memory_table(r), compute_table(r),
                    results_table(results, "Every usable backend, checked; pct_of_limit: the bound's time / the kernel's")},
                   results, f);
    if (f == Format::table) {
      // Last, two lessons at a fifth of their scale (about 2 s); `parlab demo` has them all.
      std::cout << "\nConcurrency vs parallelism, measured (`parlab demo` runs every experiment at full scale)\n\n";
      o.scale = 0.2;
      run_demos(demos_named({"waits", "cpu"}), o, f);
    }
  }
  return 0;
}

}  // namespace
}  // namespace parlab::cli

// Output that could not be written is a failure, not a success (a full
// disk, a closed pipe): checked once everything has been printed.
int flushed(int code) {
  std::cout.flush();
  if (!std::cout) {
    std::cerr << "parlab: standard output: write failed: " << std::strerror(errno) << "\n";
    return code == 0 ? 1 : code;
  }
  return code;
}

int main(int argc, char** argv) {
  try {
    return flushed(parlab::cli::run_cli(argc, argv));
  } catch (const parlab::UsageError& e) {
    std::cerr << "parlab: " << e.what() << "\n";
    return 2;
  } catch (const std::bad_alloc&) {
    std::cerr << "parlab: out of memory\n";
    return 1;
  } catch (const std::exception& e) {
    std::cerr << "parlab: " << e.what() << "\n";
    return 1;
  }
}
