// `parlab compare KERNEL|all`: a kernel (or every kernel) on every usable
// backend, each checked and timed, between two roofline measurements that
// set each result against the limit that binds it.
#include "app/command.hpp"
#include "app/kernel_flags.hpp"
#include "app/measured.hpp"
#include "app/output.hpp"
#include "app/views.hpp"

namespace parlab::cli {
namespace {

const char* const kTitle = "Every usable backend, checked";

struct CompareFlags {
  std::string kernel = "all";
  int threads = 0, repeat = 5;
  int roof_repeat = 20;  // repeats of each roofline probe, before and after the kernels
  KernelFlags flags;
};

int compare_kernels(const CompareFlags& o, const Shared& s) {
  // Every kernel's parameters, validated before the long roofline probe.
  std::vector<Job> jobs;
  if (o.kernel == "all") {
    for (const Kernel& k : kernels()) jobs.push_back({&k, {o.flags.params_for(k, s.seed, o.threads, false), o.repeat}});
  } else {
    const Kernel& k = find_kernel(o.kernel);
    jobs.push_back({&k, {o.flags.params_for(k, s.seed, o.threads, true), o.repeat}});
  }
  for (const Job& j : jobs) check_fits(*j.kernel, j.run.params);
  std::vector<Result> results;
  const Roofline r = measured_around(o.threads, o.roof_repeat, jobs, results, progress_shown(s));
  std::vector<Table> tables = {memory_table(r), compute_table(r), access_table(r)};
  for (Table& t : results_tables(results, kTitle)) tables.push_back(std::move(t));
  print_checked(s, tables, results);
  return 0;
}

void add_compare_command(Program& program) {
  auto o = std::make_shared<CompareFlags>();
  Shared& s = program.shared;
  CLI::App* cmd = program.app.add_subcommand("compare", "Run a kernel (or all) on every usable backend, checked and timed");
  cmd->add_option("kernel", o->kernel, "Kernel name or `all`")->capture_default_str();
  add_threads(cmd, o->threads);
  add_repeat(cmd, o->repeat);
  add_seed(cmd, s);
  add_trace(cmd, s);
  add_save(cmd, s);
  cmd->add_option("--roof-repeat", o->roof_repeat,
                  "Repeats of each roofline probe, measured before and after the kernels (the best is kept)")
      ->check(CLI::Range(1, 1000).description(""))
      ->capture_default_str();
  o->flags.add(cmd, kernels_where(), false);
  add_format(cmd, s);
  add_wide(cmd, s);
  add_isa(cmd, s);
  program.runs(cmd, [o, &s] { return compare_kernels(*o, s); });
}

const RegisterCommand kCompare{{.name = "compare", .order = 40, .add = add_compare_command}};

}  // namespace
}  // namespace parlab::cli
