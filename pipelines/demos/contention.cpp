// `parlab demo contention`: four workers count to the same total four ways.
// Sharing one lock, one atomic counter, or one cache line (each worker its
// own counter, but the counters side by side) makes the cores queue for the
// same line of memory; private counters, each on its own line and added up
// once at the end, let them run at once. The work is the same in every
// design; only where the results live changes.
#include <algorithm>
#include <atomic>
#include <cstdio>
#include <latch>
#include <mutex>
#include <string>
#include <thread>

#include "parlab/trace.hpp"
#include "pipelines/demos/demos.hpp"
#include "runtime/error.hpp"

namespace parlab::demo {
namespace {

constexpr int kWorkers = 4;
constexpr std::size_t kLine = 64;  // bytes in a cache line on x86-64 and most ARM cores

// Relaxed load and store, not an atomic add: one plain load and one plain
// store, as `count++` on a private variable would be, yet kept by the
// compiler (it may not fold atomic accesses into one add at the end).
inline void bump(std::atomic<long>& c) { c.store(c.load(std::memory_order_relaxed) + 1, std::memory_order_relaxed); }

struct Adjacent {  // four counters in one cache line
  alignas(kLine) std::atomic<long> count[kWorkers] = {};
};
struct alignas(kLine) Padded {  // one counter per cache line
  std::atomic<long> count{0};
};

struct Design {
  const char* name;
  const char* how;
};
constexpr Design kDesigns[] = {
    {"one lock", "a std::mutex around one shared counter"},
    {"one atomic", "one shared std::atomic counter, fetch_add"},
    {"one cache line", "a counter per worker, the four side by side in one cache line (false sharing)"},
    {"private", "a counter per worker on its own cache line, added up once at the end"},
};

// Runs design `d` on kWorkers workers, `n` increments each; returns the total
// counted, and each worker's bar.
long run_design(int d, long n, std::vector<gantt::Row>& rows) {
  std::mutex lock;
  long locked = 0;
  std::atomic<long> shared{0};
  Adjacent adjacent;
  Padded padded[kWorkers];
  std::int64_t start[kWorkers], end[kWorkers];
  // One std::thread per worker, started together: four workers whatever
  // OpenMP's default team, because the experiment is about four.
  std::latch ready(kWorkers);
  auto work = [&](int w) {
    ready.arrive_and_wait();
    start[w] = trace::now_ns();
    switch (d) {
      case 0:
        for (long i = 0; i < n; ++i) {
          const std::lock_guard g(lock);
          ++locked;
        }
        break;
      case 1:
        for (long i = 0; i < n; ++i) shared.fetch_add(1, std::memory_order_relaxed);
        break;
      case 2:
        for (long i = 0; i < n; ++i) bump(adjacent.count[w]);
        break;
      default:
        for (long i = 0; i < n; ++i) bump(padded[w].count);
        break;
    }
    end[w] = trace::now_ns();
    if (trace::enabled()) trace::record(kDesigns[d].name, "contention", start[w], end[w]);
  };
  std::vector<std::thread> workers;
  for (int w = 0; w < kWorkers; ++w) workers.emplace_back(work, w);
  for (std::thread& t : workers) t.join();
  for (int w = 0; w < kWorkers; ++w) rows[w].bars.push_back({kDesigns[d].name, start[w], end[w]});
  switch (d) {
    case 0: return locked;
    case 1: return shared.load();
    case 2: {
      long sum = 0;
      for (const auto& c : adjacent.count) sum += c.load();
      return sum;
    }
    default: {
      long sum = 0;
      for (const Padded& p : padded) sum += p.count.load();
      return sum;
    }
  }
}

Report run(const Settings& s) {
  const long n = std::max(1000L, static_cast<long>(2'000'000 * s.scale));
  const unsigned cores = std::max(1u, std::thread::hardware_concurrency());
  Report r;
  r.title = "contention: " + std::to_string(kWorkers) + " workers, one shared resource vs private results";
  r.shows = std::to_string(kWorkers) + " workers each count to " + std::to_string(n) + " (" +
            std::to_string(cores) + " CPUs here). The same work in four designs: " + kDesigns[0].how + "; " +
            kDesigns[1].how + "; " + kDesigns[2].how + "; " + kDesigns[3].how + ".";
  std::vector<gantt::Row> rows(kWorkers);
  for (int w = 0; w < kWorkers; ++w) rows[w].name = "worker " + std::to_string(w);
  double seconds[std::size(kDesigns)];
  for (std::size_t d = 0; d < std::size(kDesigns); ++d) {
    const long total = run_design(static_cast<int>(d), n, rows);
    if (total != kWorkers * n)  // a lost update would be a bug in the demo, not a lesson
      throw Error(std::string("demo contention: ") + kDesigns[d].name + " counted " + std::to_string(total) +
                  ", expected " + std::to_string(kWorkers * n));
    std::int64_t lo = rows[0].bars.back().start_ns, hi = rows[0].bars.back().end_ns;
    for (const gantt::Row& row : rows) {
      lo = std::min(lo, row.bars.back().start_ns);
      hi = std::max(hi, row.bars.back().end_ns);
    }
    seconds[d] = static_cast<double>(hi - lo) * 1e-9;
  }
  const double items = static_cast<double>(kWorkers) * static_cast<double>(n);
  const double base = seconds[std::size(kDesigns) - 1];
  for (std::size_t d = 0; d < std::size(kDesigns); ++d) {
    r.numbers.push_back({std::string(kDesigns[d].name) + ": time", seconds[d], "s"});
    r.numbers.push_back({std::string(kDesigns[d].name) + ": per increment", seconds[d] / items * 1e9, "ns"});
    if (d + 1 < std::size(kDesigns))
      r.numbers.push_back({std::string(kDesigns[d].name) + ": slower than private", seconds[d] / base, "x"});
  }
  r.charts = {{"the four designs in turn, each worker's share (every total checked: " +
                   std::to_string(kWorkers * n) + ")",
               rows}};
  char take[400];
  std::snprintf(take, sizeof take,
                "Every design counted exactly, but sharing cost %.0fx (lock), %.0fx (atomic) and %.0fx (one cache "
                "line, though no counter was shared) the time of private counters merged once. Parallel workers "
                "need private partial results; a shared hot spot makes them take turns.",
                seconds[0] / base, seconds[1] / base, seconds[2] / base);
  r.takeaway = take;
  return r;
}

const Register kContention{{.name = "contention",
                            .summary = "4 workers and one lock, atomic or cache line vs private partial results",
                            .order = 4,
                            .run = run}};

}  // namespace
}  // namespace parlab::demo
