// Lab 02's program (given): a timer due every 10 ms records how late it
// fires while the jobs run, and the jobs' results, the threads they ran on
// and how many ran at once are printed.
//
//   lab02-starter run --jobs 0:200000,200000:400000 --threads 2
#include <algorithm>
#include <cmath>
#include <mutex>
#include <stdexcept>
#include <thread>

#include "labs/common/lab_program.hpp"
#include "responsive.hpp"

namespace lab02 {
namespace {

// Each job's time on its thread, for how many ran at once.
std::mutex g_mutex;
std::vector<std::pair<double, double>> g_ran;

}  // namespace

std::uint64_t count_primes(std::uint64_t lo, std::uint64_t hi) {
  const double start = parlab::lab::wall_s();
  std::uint64_t count = 0;
  for (std::uint64_t n = std::max<std::uint64_t>(lo, 2); n < hi; ++n) {
    bool prime = n == 2 || n % 2 != 0;
    for (std::uint64_t d = 3; prime && d * d <= n; d += 2) prime = n % d != 0;
    count += prime;
  }
  std::lock_guard lock(g_mutex);
  g_ran.emplace_back(start, parlab::lab::wall_s());
  return count;
}

}  // namespace lab02

namespace {

using parlab::lab::json;

// The most intervals that overlap at one instant.
int peak_overlap(std::vector<std::pair<double, double>> spans) {
  std::vector<std::pair<double, int>> events;
  for (auto [a, b] : spans) {
    events.emplace_back(a, +1);
    events.emplace_back(b, -1);
  }
  std::sort(events.begin(), events.end());
  int now = 0, peak = 0;
  for (auto [t, d] : events) peak = std::max(peak, now += d);
  return peak;
}

struct Run {
  uv_loop_t loop;
  uv_timer_t tick;
  double last_tick = 0;
  std::vector<double> lateness_ms;
  std::vector<std::uint64_t> results;
  std::vector<int> delivered;
  std::size_t left = 0;
  int off_loop = 0;
  int unknown = 0;  // results for jobs that do not exist
  std::thread::id loop_thread;
};

json run(const std::vector<std::string>& ranges, int threads) {
  std::vector<lab02::Job> jobs;
  for (const std::string& r : ranges) {
    const auto colon = r.find(':');
    if (colon == std::string::npos) throw std::invalid_argument("--jobs: each LO:HI, got '" + r + "'");
    jobs.push_back({std::stoull(r.substr(0, colon)), std::stoull(r.substr(colon + 1))});
    if (jobs.back().hi < jobs.back().lo || jobs.back().hi > (1ull << 40)) throw std::invalid_argument("--jobs: LO <= HI <= 2^40");
  }
  Run s;
  uv_loop_init(&s.loop);
  s.loop_thread = std::this_thread::get_id();
  s.results.assign(jobs.size(), 0);
  s.delivered.assign(jobs.size(), 0);
  s.left = jobs.size();
  s.loop.data = &s;
  // The 10 ms timer: how late each tick comes after the last one's due time.
  uv_timer_init(&s.loop, &s.tick);
  s.tick.data = &s;
  const double start = parlab::lab::wall_s();
  s.last_tick = start;
  uv_timer_start(&s.tick, [](uv_timer_t* t) {
    Run& s = *static_cast<Run*>(t->data);
    const double now = parlab::lab::wall_s();
    s.lateness_ms.push_back(std::max(0.0, (now - s.last_tick) * 1e3 - 10));
    s.last_tick = now;
  }, 10, 10);
  lab02::submit(&s.loop, jobs, threads, [&s](std::size_t job, std::uint64_t primes) {
    if (std::this_thread::get_id() != s.loop_thread) ++s.off_loop;
    if (job >= s.results.size()) {  // no exception: it would cross libuv's C frames
      ++s.unknown;
      return;
    }
    s.results[job] = primes;
    if (++s.delivered[job] == 1 && --s.left == 0) uv_stop(&s.loop);
  });
  if (s.left > 0) uv_run(&s.loop, UV_RUN_DEFAULT);
  const double wall = parlab::lab::wall_s() - start;
  // Whatever is left on the loop is closed, and the loop ends cleanly.
  uv_walk(&s.loop, [](uv_handle_t* h, void*) { if (!uv_is_closing(h)) uv_close(h, nullptr); }, nullptr);
  uv_run(&s.loop, UV_RUN_DEFAULT);
  uv_loop_close(&s.loop);

  std::vector<double> late = s.lateness_ms;
  std::sort(late.begin(), late.end());
  const auto quantile = [&late](double q) {
    return late.empty() ? 0.0 : late[std::min(late.size() - 1, static_cast<std::size_t>(std::ceil(q * late.size())) - (q > 0))];
  };
  json out{{"wall_s", wall}, {"ticks", late.size()}, {"lateness_p50_ms", quantile(0.5)}, {"lateness_p99_ms", quantile(0.99)},
           {"lateness_max_ms", late.empty() ? 0.0 : late.back()}, {"lateness_ms", s.lateness_ms}, {"results", s.results}, {"delivered", s.delivered},
           {"results_off_the_loop", s.off_loop},
           {"unknown_jobs", s.unknown}, {"peak_parallel_jobs", peak_overlap(lab02::g_ran)}};
  return out;
}

}  // namespace

int main(int argc, char** argv) {
  parlab::lab::Program program("lab 02: async is not parallel. CPU-bound jobs beside a 10 ms timer");
  std::vector<std::string> ranges;
  int threads = static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
  CLI::App* t = program.task("run", "Runs the jobs through submit() and measures the timer's lateness",
                             [&] { return run(ranges, threads); });
  t->add_option("--jobs", ranges, "The jobs, LO:HI each")->delimiter(',')->required();
  t->add_option("--threads", threads, "Jobs at once (default: every CPU)")->check(CLI::Range(1, 4096));
  return program.main(argc, argv);
}
