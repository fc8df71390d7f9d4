// `parlab roofline`: what this machine can move and compute, measured on one
// thread and on all threads: memory read, copy and triad; float32 and
// float64 FMA and 32-bit integer-multiply throughput, every probe checked
// against its closed form (parlab/roofs.hpp).
#include "app/command.hpp"
#include "app/output.hpp"
#include "app/progress_line.hpp"
#include "app/views.hpp"
#include "parlab/roofs.hpp"
#include "runtime/openmp.hpp"

namespace parlab::cli {
namespace {

struct RooflineFlags {
  std::string size;  // floats per array of the memory probes, as typed
  int threads = 0, repeat = 5;
};

int roofline(const RooflineFlags& o, const Shared& s) {
  const Option size{.name = "size", .type = OptionType::count, .min = 1024, .max = kMaxCount};
  const std::size_t n = o.size.empty() ? 0 : static_cast<std::size_t>(parse_option(size, o.size));
  Roofline r;
  {
    ProgressLine line("roofline", progress_shown(s));
    line.step("memory bandwidth and compute throughput, 1 and all threads", 0, 1);
    r = measure_roofline(n, o.threads, o.repeat);
  }
  print(s, {memory_table(r), compute_table(r)});
  return 0;
}

void add_roofline_command(Program& program) {
  auto o = std::make_shared<RooflineFlags>();
  Shared& s = program.shared;
  CLI::App* cmd = program.app.add_subcommand("roofline", "Measure memory bandwidth and compute throughput; 1 and all threads");
  cmd->add_option("--size", o->size, "Floats per array of the memory probes (default 2^26: 256 MiB)");
  add_threads(cmd, o->threads, "Threads of the all-threads row");
  add_repeat(cmd, o->repeat, "Timed runs per probe (the best is kept)");
  add_trace(cmd, s);
  add_save(cmd, s);
  add_format(cmd, s);
  add_isa(cmd, s);
  program.runs(cmd, [o, &s] { return roofline(*o, s); });
}

const RegisterCommand kRoofline{{.name = "roofline", .order = 60, .add = add_roofline_command}};

}  // namespace
}  // namespace parlab::cli
