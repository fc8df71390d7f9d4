// `parlab` with no command: the showcase. What this machine is, what it can
// move and compute, every kernel on every usable backend, checked, and two
// lessons of `parlab demo`. Sized to finish well within a minute on two cores.
#include <iostream>

#include "app/command.hpp"
#include "app/demo_view.hpp"
#include "app/measured.hpp"
#include "app/output.hpp"
#include "app/views.hpp"
#include "parlab/machine.hpp"

namespace parlab::cli {
namespace {

const char* const kTitle = "Every usable backend, checked";

int showcase(const Shared& s) {
  std::vector<Job> jobs;
  for (const Kernel& k : kernels()) {
    Params p = k.defaults();
    p.seed = parse_seed(s.seed);
    jobs.push_back({&k, {p, 3}});
  }
  std::vector<Result> results;
  const Roofline r = measured_around(0, 20, jobs, results, progress_shown(s));
  std::vector<Table> tables = {info_table(machine_info()), backends_table(), memory_table(r), compute_table(r)};
  for (Table& t : results_tables(results, kTitle)) tables.push_back(std::move(t));
  print_checked(s, tables, results);
  if (s.fmt() == Format::table) {
    // Last, two lessons at a fifth of their scale (about 2 s); `parlab demo` has them all.
    std::cout << "\nConcurrency vs parallelism, measured (`parlab demo` runs every experiment at full scale)\n\n";
    show_demos(demos_named({"waits", "cpu"}), {.scale = 0.2, .threads = 0}, s.fmt(), false);
  }
  return 0;
}

void add_showcase_command(Program& program) {
  CLI::App* app = &program.app;
  add_format(app, program.shared);
  add_wide(app, program.shared);
  add_isa(app, program.shared);
  add_trace(app, program.shared);
  program.runs(app, [&s = program.shared] { return showcase(s); });
}

const RegisterCommand kShowcase{{.name = "", .order = 0, .add = add_showcase_command}};

}  // namespace
}  // namespace parlab::cli
