// `parlab demo cpu`: CPU-bound work. Interleaving tasks on one thread (what
// an event loop or async code does) gives no speed-up: the core is busy the
// whole time. N threads on N cores give about N x. A job with a serial part
// is measured at 1..N threads beside Amdahl's law, with the serial fraction
// fitted to the measured times.
#include <algorithm>
#include <cmath>
#include <string>

#include "parlab/amdahl.hpp"
#include "parlab/trace.hpp"
#include "pipelines/demos/demos.hpp"
#include "pipelines/demos/work.hpp"
#include "runtime/openmp.hpp"

namespace parlab::demo {
namespace {

const char* task_name(int i) {
  static const char* names[] = {"task 1", "task 2", "task 3", "task 4", "task 5", "task 6", "task 7", "task 8"};
  return names[std::min(i, 7)];
}

Report run(const Settings& s) {
  const int threads = std::clamp(openmp::threads(s.threads), 1, 8);
  const int tasks = std::max(2, threads);
  const std::uint64_t steps = calibrate(0.25 * s.scale);
  double sink = 0;  // every result is added in, so the compiler keeps the work
  Report r;
  r.title = "cpu: CPU-bound tasks, interleaved on one thread vs parallel on " + std::to_string(threads) + " threads";
  r.shows = std::to_string(tasks) +
            " tasks of pure computation. One after another; interleaved on one thread in small slices (as an "
            "event loop or async code would run them); then one task per thread, on separate cores.";

  // Sequential.
  const double cpu0 = thread_cpu_seconds();
  std::vector<gantt::Row> seq = {{"thread 0", {}}};
  for (int t = 0; t < tasks; ++t) {
    const std::int64_t t0 = trace::now_ns();
    sink = sink + burn(steps);
    seq[0].bars.push_back({task_name(t), t0, trace::now_ns()});
    trace::record(task_name(t), "sequential", seq[0].bars.back().start_ns, seq[0].bars.back().end_ns);
  }
  const double cpu1 = thread_cpu_seconds();
  // Interleaved: 20 slices per task, taken in turn.
  constexpr int kSlices = 20;
  std::vector<gantt::Row> inter = {{"thread 0", {}}};
  std::vector<double> state(tasks, 1.0);
  for (int k = 0; k < kSlices; ++k)
    for (int t = 0; t < tasks; ++t) {
      const std::int64_t t0 = trace::now_ns();
      state[t] = burn(steps / kSlices, state[t]);
      inter[0].bars.push_back({task_name(t), t0, trace::now_ns()});
    }
  for (double x : state) sink = sink + x;
  const double cpu2 = thread_cpu_seconds();
  // Parallel: one task per thread.
  std::vector<gantt::Row> par(static_cast<std::size_t>(threads));
  for (int i = 0; i < threads; ++i) par[i].name = "thread " + std::to_string(i);
#pragma omp parallel for schedule(static, 1) num_threads(threads)
  for (int t = 0; t < tasks; ++t) {
    const std::int64_t t0 = trace::now_ns();
    const double x = burn(steps);
    const std::int64_t t1 = trace::now_ns();
    trace::record(task_name(t), "parallel", t0, t1);
#pragma omp critical
    {
      sink = sink + x;
      par[static_cast<std::size_t>(openmp::thread_index())].bars.push_back({task_name(t), t0, t1});
    }
  }
  const double t_seq = gantt::seconds(seq), t_inter = gantt::seconds(inter), t_par = gantt::seconds(par);

  // Amdahl: 20% serial, 80% split over n threads, at n = 1..threads.
  constexpr double kSerial = 0.2;
  const std::uint64_t job = 2 * steps;
  std::vector<std::pair<int, double>> times;
  for (int n = 1; n <= threads; ++n) {
    const std::int64_t t0 = trace::now_ns();
    sink = sink + burn(static_cast<std::uint64_t>(kSerial * static_cast<double>(job)));
#pragma omp parallel for num_threads(n)
    for (int i = 0; i < n; ++i) {
      const double x = burn(static_cast<std::uint64_t>((1 - kSerial) * static_cast<double>(job) / n));
#pragma omp critical
      sink += x;
    }
    times.emplace_back(n, static_cast<double>(trace::now_ns() - t0) * 1e-9);
  }
  const double f = fit_serial_fraction(times);

  r.numbers = {{"sequential", t_seq, "s"},
               {"interleaved on one thread", t_inter, "s"},
               {"interleaved / sequential", t_inter / t_seq, "x"},
               {"sequential: CPU time of the thread", cpu1 - cpu0, "s"},
               {"interleaved: CPU time of the thread", cpu2 - cpu1, "s"},
               {"parallel, " + std::to_string(threads) + " threads", t_par, "s"},
               {"speed-up of parallel over sequential", t_seq / t_par, "x"}};
  for (const auto& [n, t] : times) {
    const std::string at = ", " + std::to_string(n) + " thread" + (n > 1 ? "s" : "");
    r.numbers.push_back({"Amdahl job (20% serial)" + at, t, "s"});
    r.numbers.push_back({"  speed-up measured" + at, times.front().second / t, "x"});
    if (!std::isnan(f)) r.numbers.push_back({"  speed-up of the fitted law" + at, amdahl(f, n), "x"});
  }
  r.numbers.push_back({"serial fraction fitted (designed 0.20)", f, ""});
  r.charts = {{"sequential (one thread)", seq},
              {"interleaved on one thread: switching, no overlap of computation", inter},
              {"parallel: one task per thread", par}};
  char take[400];
  std::snprintf(take, sizeof take,
                "Interleaving CPU-bound tasks on one thread took %.2fx the sequential time: switching does not add a "
                "core. %d threads ran the same tasks %.2fx faster. With a serial part, the fit gives f = %.2f: no "
                "number of threads can beat 1/f = %.1fx.",
                t_inter / t_seq, threads, t_seq / t_par, f, std::isnan(f) || f <= 0 ? INFINITY : 1 / f);
  r.takeaway = take;
  volatile double keep = sink;
  (void)keep;
  return r;
}

const Register kCpu{{.name = "cpu",
                     .summary = "CPU-bound work: interleaving on one thread vs threads on cores; Amdahl's law fitted",
                     .order = 2,
                     .run = run}};

}  // namespace
}  // namespace parlab::demo
