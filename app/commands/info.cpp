// `parlab info`: this machine (CPU, OpenMP threads and binding, SIMD ISA,
// GPU or why none, how files are read, the build) and every backend: whether
// it was compiled in, whether it can run here, and why; and where each rank
// runs (one row per rank under mpirun).
#include "app/command.hpp"
#include "app/output.hpp"
#include "app/views.hpp"
#include "parlab/machine.hpp"
#include "parlab/placement.hpp"

namespace parlab::cli {
namespace {

void add_info_command(Program& program) {
  CLI::App* cmd = program.app.add_subcommand("info", "This machine: CPU, OpenMP, SIMD ISA, GPU, build, backends");
  add_format(cmd, program.shared);
  add_isa(cmd, program.shared);
  program.runs(cmd, [&s = program.shared] {
    // Every rank must gather the placements (a collective), though only rank 0 prints.
    const auto rows = placements();
    print(s, {info_table(machine_info()), ranks_table(rows), backends_table()});
    return 0;
  });
}

const RegisterCommand kInfo{{.name = "info", .order = 10, .add = add_info_command}};

}  // namespace
}  // namespace parlab::cli
