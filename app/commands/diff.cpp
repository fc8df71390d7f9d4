// `parlab diff A.json B.json`: the same kernels of two saved files side by
// side (two machines, two builds, CPU against GPU), the ratio of their
// kernel-only medians, and whether the runs say the difference is real
// (Mann-Whitney U; app/diff_tables.hpp).
#include "app/command.hpp"
#include "app/diff_tables.hpp"
#include "app/output.hpp"
#include "app/saved.hpp"

namespace parlab::cli {
namespace {

struct DiffFlags {
  std::vector<std::string> files;
  DiffOptions options;
};

void add_diff_command(Program& program) {
  auto o = std::make_shared<DiffFlags>();
  Shared& s = program.shared;
  CLI::App* cmd = program.app.add_subcommand("diff", "Two saved result files side by side: the ratio of each kernel's times, "
                                                     "and whether the runs say the difference is real (Mann-Whitney U)");
  cmd->add_option("files", o->files, "A.json B.json, written by --save")->required()->expected(2);
  cmd->add_flag("--best", o->options.best, "Match each kernel's fastest backend on each side (e.g. CPU against GPU)");
  cmd->add_option("--alpha", o->options.alpha, "Significance level of the U test (default 0.05)")
      ->check(CLI::Range(0.0001, 0.5).description(""));
  add_format(cmd, s);  // no --isa: diff runs no kernel
  program.runs(cmd, [o, &s] {
    const nlohmann::json a = load_saved(o->files[0]), b = load_saved(o->files[1]);
    print(s, diff_tables(a, o->files[0], b, o->files[1], o->options));
    return 0;
  });
}

const RegisterCommand kDiff{{.name = "diff", .order = 110, .add = add_diff_command}};

}  // namespace
}  // namespace parlab::cli
