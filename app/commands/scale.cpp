// `parlab scale KERNEL`: the kernel's openmp backend at 1, 2, 4, ... threads,
// each run checked, with speed-up, parallel efficiency and Amdahl's serial
// fraction fitted to the times (parlab/amdahl.hpp).
//
// `--ranks 1,2,4`: the same across MPI ranks. parlab starts the launcher
// itself ($MPIEXEC, else mpirun on the PATH) once per rank count (and thread
// count, with --threads: a rank x thread grid), each time running
// `parlab run KERNEL --backend openmp --format json`, and reads the result:
// strong scaling (the same problem) and, for a kernel with a size option,
// weak scaling (size x ranks).
#include <cerrno>
#include <filesystem>
#include <cmath>
#include <cstdlib>
#include <iostream>
#include <thread>

#include <nlohmann/json.hpp>

#include "parlab/child_process.hpp"
#include "app/command.hpp"
#include "app/kernel_flags.hpp"
#include "app/measured.hpp"
#include "app/output.hpp"
#include "parlab/amdahl.hpp"
#include "runtime/error.hpp"
#include "runtime/mpi/ranks.hpp"
#include "runtime/openmp.hpp"

namespace parlab::cli {
namespace {

struct ScaleFlags {
  std::string kernel;
  std::string thread_list;  // "1,2,4"; empty: 1, 2, 4, ... and every CPU
  std::string rank_list;    // "1,2,4": across MPI ranks
  int repeat = 5;
  KernelFlags flags;
};

// "1,2,4" -> {1, 2, 4}: whole numbers in 1..max, each once, rising.
std::vector<int> parse_count_list(const std::string& flag, const std::string& text, int max) {
  std::vector<int> v;
  std::size_t at = 0;
  while (at <= text.size()) {
    const std::size_t comma = std::min(text.find(',', at), text.size());
    const std::string item = text.substr(at, comma - at);
    char* end = nullptr;
    errno = 0;
    const long n = std::strtol(item.c_str(), &end, 10);
    if (item.empty() || *end || errno || n < 1 || n > max || (!v.empty() && n <= v.back()))
      throw UsageError(flag + " '" + text + "': give rising whole numbers from 1 to " + std::to_string(max) +
                       ", separated by commas (e.g. 1,2,4)");
    v.push_back(static_cast<int>(n));
    at = comma + 1;
  }
  return v;
}

// Amdahl's law fitted to `what`: the serial fraction and the speed-up it allows.
Table fit_table(double serial, const std::string& what, const std::string& one) {
  Table fit{"fit", "Amdahl's law fitted to the " + what, {"field", "value"}, {}, true};
  fit.rows.push_back({text("serial_fraction"),
                      std::isnan(serial) ? text("- (needs " + one + " and one more count)") : num(serial, "%.4f")});
  fit.rows.push_back({text("max_speedup"), std::isnan(serial) || serial <= 0 ? text("-") : num(1 / serial, "%.2f")});
  return fit;
}

// The most ranks --ranks accepts (a sweep on one machine oversubscribes long before).
constexpr int kMaxRanks = 4096;

// One sweep point: `parlab run` under the launcher, its first result.
struct RankRun {
  std::string mode;  // "strong" or "weak"
  int ranks = 1, threads = 1;
  std::uint64_t size = 0;
  double time_s = 0;
  bool ok = false;
  std::string check;
};

RankRun run_on_ranks(const std::vector<std::string>& mpirun, const Kernel& k, const ScaleFlags& o, const Shared& s,
                     int ranks, int threads, const Option* size, std::uint64_t n) {
  std::vector<std::string> args = mpirun;
  args.insert(args.end(), {"-n", std::to_string(ranks)});
  const std::string name = std::filesystem::path(mpirun.front()).filename();
  if ((name == "mpirun" || name == "mpiexec") &&
      ranks * threads > static_cast<int>(std::max(1u, std::thread::hardware_concurrency())))
    args.push_back("--oversubscribe");  // Open MPI's word for more ranks than cores
  args.insert(args.end(), {std::filesystem::read_symlink("/proc/self/exe").string(), "run", std::string(k.name), "--backend", "openmp", "--threads",
                           std::to_string(threads), "--repeat", std::to_string(o.repeat), "--format", "json"});
  if (!s.seed.empty()) args.insert(args.end(), {"--seed", s.seed});
  for (const auto& [name, text] : o.flags.typed())
    if (!size || name != size->name) args.insert(args.end(), {"--" + name, text});
  if (size) args.insert(args.end(), {"--" + std::string(size->name), std::to_string(n)});
  const Captured c = capture_program(args);
  if (c.status < 0)
    throw Error("--ranks: no MPI launcher: '" + mpirun.front() +
                "' could not start (set MPIEXEC, or put mpirun on the PATH: apt-get install openmpi-bin)");
  if (c.status != 0)
    throw Error("--ranks: " + joined(mpirun) + " -n " + std::to_string(ranks) + " parlab run " + std::string(k.name) +
                ": exited " + std::to_string(c.status));
  const auto doc = nlohmann::json::parse(c.out, nullptr, false);
  if (doc.is_discarded() || !doc.contains("results") || doc["results"].empty())
    throw Error("--ranks: " + joined(mpirun) + " -n " + std::to_string(ranks) + ": no result read from parlab's output");
  const auto& r = doc["results"][0];
  const std::string check = r.value("check", "");
  return {"", ranks, threads, n, r.value("time_ms", 0.0) / 1e3, check.rfind("ok", 0) == 0, check};
}

int scale_ranks(const ScaleFlags& o, const CLI::App* cmd, const Kernel& k, const Shared& s) {
  if (!mpi::compiled()) throw UsageError("--ranks: this build has no MPI (" + mpi::build_info() + ")");
  if (mpi::launched()) throw UsageError("--ranks starts the MPI launcher itself: run `parlab scale` alone, not under mpirun");
  const std::vector<int> ranks = parse_count_list("--ranks", o.rank_list, kMaxRanks);
  const std::vector<int> threads =
      cmd->get_option("--threads")->count() ? parse_count_list("--threads", o.thread_list, openmp::kMaxThreads) : std::vector<int>{1};
  const std::vector<std::string> mpirun = mpi_launcher();
  const Option* size = k.size_option();
  const Params p = o.flags.params_for(k, s.seed, 0, true);
  const std::uint64_t base = size ? p.count(size->name) : 0;
  std::vector<RankRun> runs;
  ProgressLine line("scale", progress_shown(s));
  const int total = static_cast<int>(ranks.size() * threads.size()) * (size ? 2 : 1);
  int step = 0;
  for (const char* mode : {"strong", "weak"}) {
    if (std::string(mode) == "weak" && !size) break;  // no size to grow: strong scaling only
    for (int t : threads)
      for (int r : ranks) {
        const std::uint64_t n = std::string(mode) == "weak" ? base * static_cast<std::uint64_t>(r) : base;
        if (size && n > static_cast<std::uint64_t>(size->max))
          throw UsageError("--ranks: weak scaling needs --" + std::string(size->name) + " " + std::to_string(n) +
                           ", beyond its maximum; give a smaller --" + std::string(size->name));
        line.step(std::string(k.name) + " " + mode + ", " + std::to_string(r) + " rank(s) x " + std::to_string(t) + " thread(s)",
                  step++, total);
        runs.push_back(run_on_ranks(mpirun, k, o, s, r, t, size, n));
        runs.back().mode = mode;
      }
  }
  Table t{"scale_ranks",
          std::string(k.name) + " on openmp across MPI ranks (" + joined(mpirun) + "); strong: the same problem, weak: " +
              (size ? std::string(size->name) + " x ranks" : "none (no size option)"),
          {"mode", "ranks", "threads", "size", "time_ms", "speedup", "efficiency", "check"},
          {}};
  std::vector<std::pair<int, double>> strong;  // ranks -> time, at the first thread count
  for (const RankRun& r : runs) {
    const RankRun* one = nullptr;  // 1 rank, same mode and threads
    for (const RankRun& q : runs)
      if (q.mode == r.mode && q.threads == r.threads && q.ranks == 1) one = &q;
    const double speedup = one ? one->time_s / r.time_s : 0;
    const double eff = !one ? 0 : r.mode == "strong" ? speedup / r.ranks : one->time_s / r.time_s;
    if (r.mode == "strong" && r.threads == threads.front()) strong.emplace_back(r.ranks, r.time_s);
    t.rows.push_back({text(r.mode), integer(r.ranks), integer(r.threads), size ? integer(static_cast<double>(r.size)) : text("-"),
                      num(r.time_s * 1e3, "%.3f"), one && r.mode == "strong" ? num(speedup, "%.3f") : text("-"),
                      one ? num(eff, "%.3f") : text("-"), text(r.check)});
  }
  const double serial = fit_serial_fraction(strong);
  print(s, {t, fit_table(serial, "strong-scaling times over ranks", "1 rank")});
  for (const RankRun& r : runs)
    if (!r.ok) throw Error(std::string(k.name) + " on " + std::to_string(r.ranks) + " ranks: check failed: " + r.check);
  return 0;
}

int scale(const ScaleFlags& o, const CLI::App* cmd, const Shared& s) {
  const Kernel& k = find_kernel(o.kernel);
  if (cmd->get_option("--ranks")->count()) {
    if (!k.has(Backend::openmp)) throw UsageError(std::string(k.name) + ": no openmp variant to scale");
    return scale_ranks(o, cmd, k, s);
  }
  if (!k.has(Backend::openmp)) throw UsageError(std::string(k.name) + ": no openmp variant to scale");
  if (!backend_status(Backend::openmp).usable) throw Error("openmp: " + backend_status(Backend::openmp).reason);
  const int cpus = static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
  std::vector<int> counts;
  if (cmd->get_option("--threads")->count() == 0) {
    for (int n = 1; n < cpus; n *= 2) counts.push_back(n);
    counts.push_back(cpus);
  } else {
    counts = parse_count_list("--threads", o.thread_list, openmp::kMaxThreads);
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
  print_checked(s, {t, fit_table(serial, "measured times", "1 thread")}, results);
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
  cmd->add_option("--ranks", o->rank_list,
                  "MPI rank counts, rising, e.g. 1,2,4: launches $MPIEXEC (else mpirun) for each; strong and weak "
                  "scaling; with --threads a rank x thread grid");
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
