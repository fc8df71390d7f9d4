// `parlab demo concurrency-models`: one job, many tasks that each wait and
// then compute a little, run by three models of concurrency:
//   cooperative  C++20 coroutines on one thread (Boost.Asio's io_context
//                resumes each when its timer fires; a task gives the thread
//                up only where it says co_await)
//   event-driven callbacks on the same kind of loop (a task is a state
//                machine; each wake-up is a callback that arms the next)
//   preemptive   one OS thread per task (the kernel's scheduler switches
//                between them whenever it likes)
// Then the weakness of each, measured: one greedy task that computes for a
// long time without yielding (every cooperative and event-driven task
// waits behind it; the threads keep going), the cost of a switch (two
// threads handing a turn back and forth against two coroutines doing the
// same on one loop), and the memory a waiting task holds (coroutines
// against threads). A reactive-stream model is left out: Debian 12 packages
// no reactive-streams library for C++ (docs/concurrency.md).
#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <memory>
#include <string>
#include <system_error>
#include <thread>
#include <vector>

#include "parlab/trace.hpp"
#include "pipelines/demos/asio_coroutines.hpp"
#include "pipelines/demos/demos.hpp"
#include "pipelines/demos/work.hpp"
#include "runtime/error.hpp"

namespace parlab::demo {
namespace {

namespace asio = boost::asio;
using Clock = std::chrono::steady_clock;

// The job: `tasks` tasks of `steps` steps; a step waits `wait`, then burns
// `work` steps of CPU. Task 0 may be greedy: at its first step it burns
// `greedy_work` instead, without yielding.
struct Job {
  int tasks = 0, steps = 0;
  Clock::duration wait{};
  std::uint64_t work = 0, greedy_work = 0;
  bool greedy = false;
};

// What one model's run of the job left behind.
struct Outcome {
  double wall_s = 0;
  std::vector<double> late_s;  // per wake-up of every task but task 0: how late it woke
  std::vector<double> result;  // per task: its chain's final value (the same in every model)
  std::vector<gantt::Row> rows;
  double greedy_s = 0;         // how long the greedy step computed, measured
  double worst_late_s() const { return late_s.empty() ? 0 : *std::max_element(late_s.begin(), late_s.end()); }
  double median_late_s() const {
    std::vector<double> v = late_s;
    if (v.empty()) return 0;
    std::nth_element(v.begin(), v.begin() + static_cast<std::ptrdiff_t>(v.size() / 2), v.end());
    return v[v.size() / 2];
  }
};

constexpr int kShown = 4;

// The bookkeeping every model shares: one task's step, the same code.
struct Steps {
  const Job& job;
  Outcome& out;
  std::vector<std::vector<double>> late;  // per task, written only by that task
  explicit Steps(const Job& j, Outcome& o) : job(j), out(o), late(static_cast<std::size_t>(j.tasks)) {
    out.result.assign(static_cast<std::size_t>(j.tasks), 0.0);
    for (int t = 0; t < std::min(kShown, j.tasks); ++t) out.rows.push_back({"task " + std::to_string(t), {}});
  }
  static double start(int t) { return 1.0 + 1e-3 * t; }
  // After the wait that was due at `due`: the lateness, then the work.
  double woke(int t, int k, Clock::time_point due, std::int64_t wait_start_ns, double x) {
    const std::int64_t woke_ns = trace::now_ns();
    late[static_cast<std::size_t>(t)].push_back(std::chrono::duration<double>(Clock::now() - due).count());
    const bool greedy = job.greedy && t == 0 && k == 0;
    x = burn(greedy ? job.greedy_work : job.work, x);
    if (greedy) out.greedy_s = static_cast<double>(trace::now_ns() - woke_ns) * 1e-9;
    if (t < kShown) {
      auto& bars = out.rows[static_cast<std::size_t>(t)].bars;
      bars.push_back({"waiting", wait_start_ns, woke_ns});
      bars.push_back({greedy ? "computing without a yield" : "computing", woke_ns, trace::now_ns()});
    }
    return x;
  }
  void finish(std::int64_t t0) {
    out.wall_s = static_cast<double>(trace::now_ns() - t0) * 1e-9;
    for (std::size_t t = 1; t < late.size(); ++t) out.late_s.insert(out.late_s.end(), late[t].begin(), late[t].end());
  }
};

asio::awaitable<void> cooperative_task(Steps& s, int t) {
  asio::steady_timer timer(co_await asio::this_coro::executor);
  double x = Steps::start(t);
  for (int k = 0; k < s.job.steps; ++k) {
    const std::int64_t waited = trace::now_ns();
    const Clock::time_point due = Clock::now() + s.job.wait;
    timer.expires_at(due);
    co_await timer.async_wait(asio::use_awaitable);  // the only place this task lets others run
    x = s.woke(t, k, due, waited, x);
  }
  s.out.result[static_cast<std::size_t>(t)] = x;
}

Outcome cooperative(const Job& job) {
  Outcome out;
  Steps s(job, out);
  asio::io_context io(1);
  const std::int64_t t0 = trace::now_ns();
  for (int t = 0; t < job.tasks; ++t) asio::co_spawn(io, cooperative_task(s, t), asio::detached);
  io.run();
  s.finish(t0);
  return out;
}

// A task as a state machine: its step and value; each wake-up arms the next.
struct Callbacks {
  Steps& s;
  asio::steady_timer timer;
  int t, k = 0;
  double x;
  Clock::time_point due;
  std::int64_t waited = 0;
  Callbacks(Steps& steps, asio::io_context& io, int task) : s(steps), timer(io), t(task), x(Steps::start(task)) {}
  void arm() {
    waited = trace::now_ns();
    due = Clock::now() + s.job.wait;
    timer.expires_at(due);
    timer.async_wait([this](const boost::system::error_code& ec) {
      if (ec) throw Error("concurrency-models: a timer failed: " + ec.message());
      x = s.woke(t, k, due, waited, x);
      if (++k < s.job.steps)
        arm();
      else
        s.out.result[static_cast<std::size_t>(t)] = x;
    });
  }
};

Outcome event_driven(const Job& job) {
  Outcome out;
  Steps s(job, out);
  asio::io_context io(1);
  std::vector<std::unique_ptr<Callbacks>> tasks;
  const std::int64_t t0 = trace::now_ns();
  for (int t = 0; t < job.tasks; ++t) {
    tasks.push_back(std::make_unique<Callbacks>(s, io, t));
    tasks.back()->arm();
  }
  io.run();
  s.finish(t0);
  return out;
}

Outcome preemptive(const Job& job) {
  Outcome out;
  Steps s(job, out);
  std::vector<std::thread> threads;
  const std::int64_t t0 = trace::now_ns();
  for (int t = 0; t < job.tasks; ++t)
    threads.emplace_back([&s, t] {
      double x = Steps::start(t);
      for (int k = 0; k < s.job.steps; ++k) {
        const std::int64_t waited = trace::now_ns();
        const Clock::time_point due = Clock::now() + s.job.wait;
        std::this_thread::sleep_until(due);
        x = s.woke(t, k, due, waited, x);
      }
      s.out.result[static_cast<std::size_t>(t)] = x;
    });
  for (std::thread& th : threads) th.join();
  s.finish(t0);
  return out;
}

// Nanoseconds per switch: two threads hand a turn back and forth `rounds`
// times (each hand-over wakes the other through the kernel: a futex).
double thread_switch_ns(int rounds) {
  std::atomic<int> turn{0};
  const auto player = [&](int me) {
    for (int r = 0; r < rounds; ++r) {
      for (int seen = turn.load(); seen != me; seen = turn.load()) turn.wait(seen);
      turn.store(1 - me);
      turn.notify_one();
    }
  };
  const std::int64_t t0 = trace::now_ns();
  std::thread other(player, 1);
  player(0);
  other.join();
  return static_cast<double>(trace::now_ns() - t0) / (2.0 * rounds);
}

// The same with two coroutines on one loop: each co_await hands the thread
// to the other through the loop's queue, with no kernel involved.
double coroutine_switch_ns(int rounds) {
  asio::io_context io(1);
  const auto player = [&io, rounds]() -> asio::awaitable<void> {
    for (int r = 0; r < rounds; ++r) co_await asio::post(io, asio::use_awaitable);
  };
  const std::int64_t t0 = trace::now_ns();
  asio::co_spawn(io, player(), asio::detached);
  asio::co_spawn(io, player(), asio::detached);
  io.run();
  return static_cast<double>(trace::now_ns() - t0) / (2.0 * rounds);
}

struct Held {
  int started = 0;
  double bytes_each = 0;
  std::string problem;  // why fewer than asked started, if so
};

// Resident bytes per waiting coroutine: n coroutines all waiting on one
// gate, measured once every one has reached it; the gate then opens.
Held coroutine_memory(int n) {
  asio::io_context io(1);
  asio::steady_timer gate(io, Clock::now() + std::chrono::hours(24));
  int waiting = 0, done = 0;
  const auto task = [&]() -> asio::awaitable<void> {
    ++waiting;
    boost::system::error_code ec;
    co_await gate.async_wait(asio::redirect_error(asio::use_awaitable, ec));  // opened by cancel()
    ++done;
  };
  const double before = resident_bytes();
  for (int i = 0; i < n; ++i) asio::co_spawn(io, task(), asio::detached);
  while (waiting < n && io.poll_one() > 0) {
  }
  Held h{waiting, (resident_bytes() - before) / std::max(waiting, 1), {}};
  gate.cancel();
  io.run();
  if (done != n) throw Error("concurrency-models: " + std::to_string(n - done) + " coroutines did not finish");
  return h;
}

// The same with n threads, each blocked until released.
Held thread_memory(int n) {
  std::atomic<int> waiting{0}, open{0};
  std::vector<std::thread> threads;
  Held h;
  const double before = resident_bytes();
  for (int i = 0; i < n; ++i) {
    try {
      threads.emplace_back([&] {
        ++waiting;
        open.wait(0);
      });
    } catch (const std::system_error& e) {
      h.problem = "thread " + std::to_string(i + 1) + " could not be created: " + e.what();
      break;
    }
  }
  h.started = static_cast<int>(threads.size());
  while (waiting.load() < h.started) std::this_thread::yield();
  h.bytes_each = (resident_bytes() - before) / std::max(h.started, 1);
  open = 1;
  open.notify_all();
  for (std::thread& t : threads) t.join();
  return h;
}

void same_results(const Outcome& a, const Outcome& b, const char* what) {
  if (a.result != b.result)
    throw Error(std::string("concurrency-models: ") + what + " computed other values than the cooperative run");
}

Report run(const Settings& s) {
  const double scale = std::clamp(s.scale, 0.01, 1.0);
  Job job;
  job.tasks = 100;
  job.steps = 5;
  job.wait = std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(0.02 * scale));
  job.work = calibrate(0.0002 * scale);  // 0.2 ms of CPU a step at scale 1
  job.greedy_work = calibrate(0.2 * scale);

  const Outcome coop = cooperative(job), events = event_driven(job), threads = preemptive(job);
  same_results(coop, events, "the event-driven run");
  same_results(coop, threads, "the preemptive run");
  Job greedy = job;
  greedy.greedy = true;
  const Outcome coop_g = cooperative(greedy), events_g = event_driven(greedy), threads_g = preemptive(greedy);
  same_results(coop_g, events_g, "the event-driven run with the greedy task");
  same_results(coop_g, threads_g, "the preemptive run with the greedy task");
  const double greedy_s = coop_g.greedy_s;  // measured on the loop's thread, where nothing preempts it

  const int rounds = std::max(1000, static_cast<int>(20000 * scale));
  const double switch_threads = thread_switch_ns(rounds), switch_coroutines = coroutine_switch_ns(rounds);
  const int many = std::max(200, static_cast<int>(10000 * scale));
  const Held mem_co = coroutine_memory(many), mem_th = thread_memory(many);

  const double ms = 1e3;
  const std::string n = std::to_string(job.tasks);
  Report r;
  r.title = "concurrency-models: " + n + " waiting tasks, cooperative, event-driven and preemptive";
  r.shows = n + " tasks each wait " + std::to_string(job.steps) + " times (" +
            std::to_string(std::chrono::duration<double, std::milli>(job.wait).count()).substr(0, 4) +
            " ms) and compute a little after each wait, run as coroutines on one thread, as callbacks on one "
            "thread, and as one OS thread each. Then each model's weakness: one greedy task, the cost of a switch, "
            "the memory of a waiting task.";
  r.numbers = {
      {"cooperative (coroutines, 1 thread): wall time", coop.wall_s, "s"},
      {"event-driven (callbacks, 1 thread): wall time", events.wall_s, "s"},
      {"preemptive (" + n + " threads): wall time", threads.wall_s, "s"},
      {"cooperative: median lateness of a wake-up", coop.median_late_s() * ms, "ms"},
      {"event-driven: median lateness of a wake-up", events.median_late_s() * ms, "ms"},
      {"preemptive: median lateness of a wake-up", threads.median_late_s() * ms, "ms"},
      {"greedy task: computes without a yield for", greedy_s * ms, "ms"},
      {"cooperative + greedy task: worst lateness of the others", coop_g.worst_late_s() * ms, "ms"},
      {"event-driven + greedy task: the greedy step computed for", events_g.greedy_s * ms, "ms"},
      {"event-driven + greedy task: worst lateness of the others", events_g.worst_late_s() * ms, "ms"},
      {"preemptive + greedy task: worst lateness of the others", threads_g.worst_late_s() * ms, "ms"},
      {"switch between two threads (futex hand-over)", switch_threads, "ns"},
      {"switch between two coroutines (through the loop)", switch_coroutines, "ns"},
      {"thread switch / coroutine switch", switch_threads / std::max(switch_coroutines, 1e-3), "x"},
      {"waiting coroutines measured", static_cast<double>(mem_co.started), ""},
      {"memory per waiting coroutine", mem_co.bytes_each, "B"},
      {"waiting threads measured", static_cast<double>(mem_th.started), ""},
      {"memory per waiting thread", mem_th.bytes_each, "B"},
  };
  r.charts = {{"cooperative: the first tasks (one thread runs every computation)", coop.rows},
              {"event-driven: the first tasks (callbacks on one thread)", events.rows},
              {"preemptive: the first tasks (a thread each)", threads.rows},
              {"cooperative with a greedy task 0: the others wait behind it", coop_g.rows},
              {"preemptive with a greedy task 0: the others keep going", threads_g.rows}};
  char take[900];
  std::snprintf(take, sizeof take,
                "Each model overlapped the waits: the %d tasks, %.0f ms of waiting each, took %.3f s as coroutines, "
                "%.3f s as callbacks and %.3f s as threads (the threads also compute on every core). Their "
                "weaknesses differ. One task that computed %.0f ms without yielding made "
                "the others wake up to %.0f ms late on coroutines and %.0f ms late on callbacks, but only %.1f ms "
                "late on threads, which the kernel preempts. A thread switch cost %.0f ns against %.0f ns for a "
                "coroutine switch (%.0fx), and a waiting thread held %.0f bytes of memory against %.0f for a "
                "coroutine%s.",
                job.tasks, std::chrono::duration<double, std::milli>(job.wait).count() * job.steps, coop.wall_s,
                events.wall_s, threads.wall_s, greedy_s * ms, coop_g.worst_late_s() * ms,
                events_g.worst_late_s() * ms, threads_g.worst_late_s() * ms, switch_threads, switch_coroutines,
                switch_threads / std::max(switch_coroutines, 1e-3), mem_th.bytes_each, mem_co.bytes_each,
                mem_th.problem.empty() ? "" : (" (" + mem_th.problem + ")").c_str());
  r.takeaway = take;
  return r;
}

const Register kConcurrencyModels{
    {.name = "concurrency-models",
     .summary = "coroutines, callbacks and threads on one job; a greedy task, switch cost, memory per task",
     .order = 7,
     .run = run}};

}  // namespace
}  // namespace parlab::demo
