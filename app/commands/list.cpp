// `parlab list [KERNEL]`: every kernel by backend, with whether each backend
// runs here, its options and whether it takes files; with a kernel, its
// options (type, default, allowed range, help).
#include "app/command.hpp"
#include "app/output.hpp"
#include "app/views.hpp"

namespace parlab::cli {
namespace {

void add_list_command(Program& program) {
  auto kernel = std::make_shared<std::string>("all");
  CLI::App* cmd = program.app.add_subcommand("list", "Kernels x backends, with availability here; with a kernel: its options");
  cmd->add_option("kernel", *kernel, "A kernel whose options to show");
  add_format(cmd, program.shared);
  add_isa(cmd, program.shared);
  program.runs(cmd, [&s = program.shared, kernel] {
    print(s, *kernel == "all" ? kernels_tables() : std::vector<Table>{options_table(find_kernel(*kernel))});
    return 0;
  });
}

const RegisterCommand kList{{.name = "list", .order = 20, .add = add_list_command}};

}  // namespace
}  // namespace parlab::cli
