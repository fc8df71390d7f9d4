// The commands the kernels ask for (Kernel::command): "montecarlo pi" makes
// `parlab montecarlo pi`, "wordcount" makes `parlab wordcount`. Each is one
// run of its kernel with a progress line, which Ctrl-C stops early with the
// result so far (exit 130). Kernels that take files read the paths given,
// through the async read stage; a path or file that fails is reported on its
// own line, the rest is still counted, and the exit code is 1 at the end.
// No command is named here: they come from the registry.
#include <algorithm>
#include <iostream>
#include <map>

#include "app/backend_choice.hpp"
#include "app/command.hpp"
#include "app/kernel_flags.hpp"
#include "app/messages.hpp"
#include "app/output.hpp"
#include "app/progress_line.hpp"
#include "app/views.hpp"
#include "parlab/file_set.hpp"
#include "parlab/files.hpp"
#include "pipelines/io/async_file_set.hpp"
#include "runtime/error.hpp"

namespace parlab::cli {
namespace {

// One command word and the kernels under it.
struct KernelCommand {
  std::map<std::string, const Kernel*> by_name;  // "pi" -> montecarlo_pi; "" for a one-word command
  std::vector<const Kernel*> all;
  // Its flags.
  std::string which, backend, io;  // io empty: --io left out
  std::vector<std::string> paths;  // files and directories, for kernels that take files
  int threads = 0;
  KernelFlags flags;
};

int run_kernel_command(const KernelCommand& kc, const Shared& s) {
  const Kernel& k = *kc.by_name.at(kc.which);
  const Params p = kc.flags.params_for(k, s.seed, kc.threads, true);
  std::shared_ptr<const FileSet> files;
  Data input;
  if (!kc.paths.empty()) {
    for (const auto& [name, text] : kc.flags.typed())
      if (k.option(name)->builtin_input)
        throw UsageError("--" + name + " shapes the built-in input; it does not apply to files");
    // Read ahead through the async read stage (io_uring, or its fallback).
    // Across ranks: this rank's share of the files (the kernel combines the results).
    files = std::make_shared<io::AsyncFileSet>(std::to_string(kc.paths.size()) + " path(s)", my_share(list_files(kc.paths)),
                                               read_method(kc.io));
    input = k.read_file(files, p);
  }
  const Selection sel = backend_for(k, kc.backend);
  Result r;
  {
    StopOnInterrupt stop;
    ProgressLine line(std::string(k.name) + " on " + std::string(to_string(sel.backend)), progress_shown(s));
    r = run_once(k, sel.backend, p, files ? &input : nullptr);
  }
  const std::vector<Result> results = {r};
  std::vector<Table> tables = results_tables(results, run_title(k, sel), false);
  tables.push_back(values_table(r));
  for (Table& t : parts_tables(r)) tables.push_back(std::move(t));
  const std::vector<std::string> problems = files ? files->problems() : std::vector<std::string>{};
  if (r.partial) {
    print(s, tables);
    std::cerr << "parlab: interrupted: the result above is partial (" << r.note << ")\n";
    return 130;
  }
  print_checked(s, tables, results);
  for (const std::string& why : problems) say(why);
  if (!problems.empty())
    std::cerr << "parlab: " << problems.size() << " path(s) or file(s) failed; the result counts the rest\n";
  return problems.empty() ? 0 : 1;
}

void add_kernel_commands_command(Program& program) {
  Shared& s = program.shared;
  std::map<std::string, std::shared_ptr<KernelCommand>> words;
  for (const Kernel& k : kernels()) {
    if (k.command.empty()) continue;
    const std::string c(k.command);
    const auto space = c.find(' ');
    auto& kc = words[c.substr(0, space)];
    if (!kc) kc = std::make_shared<KernelCommand>();
    kc->by_name[space == std::string::npos ? "" : c.substr(space + 1)] = &k;
    kc->all.push_back(&k);
  }
  for (const auto& [word, kc] : words) {
    std::vector<std::string> names;
    std::string which;
    for (const auto& [name, k] : kc->by_name) {
      names.push_back(name);
      which += (which.empty() ? "" : ", ") + name + " (" + std::string(k->name) + ")";
    }
    const bool one = names.size() == 1 && names[0].empty();  // `parlab wordcount`, not `parlab montecarlo pi`
    if (one) which = std::string(kc->by_name.begin()->second->summary);
    CLI::App* cmd =
        program.app.add_subcommand(word, "Run " + which + " once, with progress; Ctrl-C stops and shows the result so far");
    if (!one) cmd->add_option("which", kc->which, "One of: " + which)->required()->check(CLI::IsMember(names));
    if (std::any_of(kc->all.begin(), kc->all.end(), [](const Kernel* k) { return takes_files(*k); })) {
      cmd->add_option("paths", kc->paths,
                      "Files and directories (walked recursively) to read, in chunks; default: the built-in data");
      add_io(cmd, kc->io);
    }
    add_backend(cmd, kc->backend);
    add_threads(cmd, kc->threads);
    add_trace(cmd, s);
    add_save(cmd, s);
    add_seed(cmd, s, "the samples and the built-in data");
    kc->flags.add(cmd, kc->all, false);
    add_format(cmd, s);
    add_wide(cmd, s);
    add_isa(cmd, s);
    program.runs(cmd, [kc = kc, &s] { return run_kernel_command(*kc, s); });
  }
}

const RegisterCommand kKernelCommands{{.name = "montecarlo, wordcount, ...", .order = 130, .add = add_kernel_commands_command}};

}  // namespace
}  // namespace parlab::cli
