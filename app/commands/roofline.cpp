// `parlab roofline`: what this machine can move and compute, measured on one
// thread and on all threads: memory read, copy and triad; float32 and
// float64 FMA and 32-bit integer-multiply throughput, every probe checked
// against its closed form (parlab/roofs.hpp). Under mpirun, also the MPI
// latency and bandwidth between ranks 0 and 1.
#include "app/command.hpp"
#include "app/output.hpp"
#include "app/progress_line.hpp"
#include "app/views.hpp"
#include "parlab/roofs.hpp"
#include "runtime/mpi/ranks.hpp"
#include "runtime/openmp.hpp"

namespace parlab::cli {
namespace {

// Between ranks 0 and 1 (under mpirun): the latency of a small message and
// the bandwidth of a large one, ping-pong, half the median round trip.
Table mpi_table(int repeat) {
  Table t{"mpi", "MPI between ranks 0 and 1 (ping-pong, half the median round trip)",
          {"message", "bytes", "one_way_us", "GB/s"}, {}};
  for (const auto& [name, bytes] : {std::pair{"latency", std::size_t{8}}, std::pair{"bandwidth", std::size_t{4} << 20}}) {
    const double s = mpi::ping_pong_seconds(bytes, std::max(repeat, 1) * 20);
    t.rows.push_back({text(name), integer(static_cast<double>(bytes)), num(s * 1e6, "%.2f"), num(bytes / s / 1e9, "%.2f")});
  }
  return t;
}

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
  std::vector<Table> tables{memory_table(r), compute_table(r), access_table(r)};
  if (mpi::distributed()) tables.push_back(mpi_table(o.repeat));
  print(s, tables);
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
