// `parlab scale KERNEL`: the kernel's openmp backend at 1, 2, 4, ... threads,
// each run checked, with speed-up, parallel efficiency and Amdahl's serial
// fraction fitted to the times (parlab/amdahl.hpp).
#include <cerrno>
#include <cmath>
#include <cstdlib>
#include <iostream>
#include <thread>

#include "app/command.hpp"
#include "app/kernel_flags.hpp"
#include "app/measured.hpp"
#include "app/output.hpp"
#include "parlab/amdahl.hpp"
#include "runtime/error.hpp"
#include "runtime/openmp.hpp"

namespace parlab::cli {
namespace {

struct ScaleFlags {
  std::string kernel;
  std::string thread_list;  // "1,2,4"; empty: 1, 2, 4, ... and every CPU
  int repeat = 5;
  KernelFlags flags;
};

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

int scale(const ScaleFlags& o, const CLI::App* cmd, const Shared& s) {
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
  Params p = o.flags.params_for(k, s.seed, 0, true);
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
  ProgressLine line("scale", progress_shown(s));
  Steps steps{line, 2 * static_cast<int>(counts.size())};
  for (int n : counts) {
    p.threads = n;
    const Backend one[] = {Backend::openmp};
    // Checked against the scalar reference.
    const auto r = compare(k, one, with_steps({p, o.repeat}, std::string(k.name) + " (" + std::to_string(n) + " threads)", steps),
                           nullptr);
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
    t.rows.push_back({text(std::string(k.name)), integer(n), num(r.time_s * 1e3, "%.3f"),
                      t1 > 0 ? num(speedup, "%.3f") : text("-"), t1 > 0 ? num(speedup / n, "%.3f") : text("-"),
                      std::isnan(serial) ? text("-") : num(amdahl(serial, n), "%.3f"),
                      text(r.verdict.ok ? "ok" : "failed: " + r.verdict.detail)});
  }
  Table fit{"fit", "Amdahl's law fitted to the measured times", {"field", "value"}, {}, true};
  fit.rows.push_back(
      {text("serial_fraction"), std::isnan(serial) ? text("- (needs 1 thread and one more count)") : num(serial, "%.4f")});
  fit.rows.push_back({text("max_speedup"), std::isnan(serial) || serial <= 0 ? text("-") : num(1 / serial, "%.2f")});
  print_checked(s, {t, fit}, results);
  return 0;
}

void add_scale_command(Program& program) {
  auto o = std::make_shared<ScaleFlags>();
  Shared& s = program.shared;
  CLI::App* cmd = program.app.add_subcommand("scale", "A kernel's openmp backend at 1, 2, 4, ... threads: speed-up, "
                                                      "efficiency, Amdahl's serial fraction fitted");
  cmd->add_option("kernel", o->kernel, "Kernel name (see `parlab list`)")->required();
  cmd->add_option("--threads", o->thread_list,
                  "Thread counts, rising, e.g. 1,2,4,8 (default: 1, 2, 4, ... and every CPU)");
  add_repeat(cmd, o->repeat, "Timed runs per count after one warm-up; the median is reported");
  add_seed(cmd, s);
  add_trace(cmd, s);
  add_save(cmd, s);
  o->flags.add(cmd, kernels_where([](const Kernel& k) { return k.has(Backend::openmp); }), false);
  add_format(cmd, s);
  add_isa(cmd, s);
  program.runs(cmd, [o, cmd, &s] { return scale(*o, cmd, s); });
}

const RegisterCommand kScale{{.name = "scale", .order = 90, .add = add_scale_command}};

}  // namespace
}  // namespace parlab::cli
