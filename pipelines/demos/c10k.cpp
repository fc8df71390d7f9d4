// `parlab demo c10k`: 10 000 requests that each wait (the C10k problem).
// One event loop (libuv) keeps a small record per request on one thread;
// one OS thread per request keeps a stack and a kernel thread each. Both
// finish in about one wait; the difference is what they hold meanwhile and
// how long they take to start.
#include <uv.h>

#include <chrono>
#include <memory>
#include <string>
#include <system_error>
#include <thread>
#include <vector>

#include "parlab/trace.hpp"
#include "pipelines/demos/demos.hpp"
#include "pipelines/demos/work.hpp"
#include "runtime/error.hpp"

namespace parlab::demo {
namespace {

struct Outcome {
  int started = 0;            // requests that could be started
  double create_s = 0;        // from the first start to the last
  double wall_s = 0;          // from the first start to the last end
  double added_bytes = 0;     // resident memory added while all wait
  std::vector<gantt::Row> sample;  // the first few requests
  std::string problem;        // why fewer than asked started, if so
};

constexpr int kShown = 5;
const char* shown_name(int i) {
  static const char* names[kShown] = {"request 1", "request 2", "request 3", "request 4", "request 5"};
  return names[i];
}

Outcome event_loop(int n, std::int64_t wait_ns) {
  Outcome o;
  struct Request {
    uv_timer_t timer{};
    std::int64_t start = 0, end = 0;
  };
  const double before = resident_bytes();
  uv_loop_t loop{};
  if (int rc = uv_loop_init(&loop); rc < 0) throw Error(std::string("libuv: uv_loop_init: ") + uv_strerror(rc));
  std::vector<std::unique_ptr<Request>> requests;
  const std::int64_t t0 = trace::now_ns();
  for (int i = 0; i < n; ++i) {
    auto r = std::make_unique<Request>();
    uv_timer_init(&loop, &r->timer);
    r->timer.data = r.get();
    r->start = trace::now_ns();
    uv_timer_start(&r->timer, [](uv_timer_t* t) { static_cast<Request*>(t->data)->end = trace::now_ns(); },
                   static_cast<std::uint64_t>(wait_ns / 1000000), 0);
    requests.push_back(std::move(r));
  }
  o.create_s = static_cast<double>(trace::now_ns() - t0) * 1e-9;
  o.added_bytes = resident_bytes() - before;
  o.started = n;
  uv_run(&loop, UV_RUN_DEFAULT);
  o.wall_s = static_cast<double>(trace::now_ns() - t0) * 1e-9;
  for (auto& r : requests) uv_close(reinterpret_cast<uv_handle_t*>(&r->timer), nullptr);
  uv_run(&loop, UV_RUN_DEFAULT);
  uv_loop_close(&loop);
  for (int i = 0; i < kShown && i < n; ++i) o.sample.push_back({shown_name(i), {{"waiting (loop)", requests[i]->start, requests[i]->end}}});
  return o;
}

Outcome thread_each(int n, std::int64_t wait_ns) {
  Outcome o;
  const double before = resident_bytes();
  std::vector<std::thread> threads;
  std::vector<std::int64_t> start(n), end(n);
  const std::int64_t t0 = trace::now_ns();
  // Memory is read once every thread has started, while they still wait
  // (starting them all takes far less than one wait).
  for (int i = 0; i < n; ++i) {
    try {
      start[i] = trace::now_ns();
      threads.emplace_back([&, i] {
        std::this_thread::sleep_for(std::chrono::nanoseconds(wait_ns));
        end[i] = trace::now_ns();
      });
    } catch (const std::system_error& e) {
      o.problem = "thread " + std::to_string(i + 1) + " could not be created: " + e.what();
      break;
    }
  }
  o.started = static_cast<int>(threads.size());
  o.create_s = static_cast<double>(trace::now_ns() - t0) * 1e-9;
  o.added_bytes = resident_bytes() - before;
  for (std::thread& t : threads) t.join();
  o.wall_s = static_cast<double>(trace::now_ns() - t0) * 1e-9;
  for (int i = 0; i < kShown && i < o.started; ++i) o.sample.push_back({shown_name(i), {{"waiting (thread)", start[i], end[i]}}});
  return o;
}

Report run(const Settings& s) {
  // 10 000 requests at scale 1; fewer below (the tests run a few hundred).
  const int n = std::max(100, static_cast<int>(10000 * std::min(1.0, s.scale)));
  const auto wait_ns = static_cast<std::int64_t>(1e9 * s.scale);
  Report r;
  r.title = "c10k: " + std::to_string(n) + " waiting requests, one event loop vs one OS thread each";
  r.shows = "Each request waits " + std::to_string(wait_ns / 1000000) +
            " ms. An event loop (libuv) keeps a timer record per request on one thread; the thread-per-request "
            "design keeps a stack and a kernel thread per request. Memory is the resident memory added while "
            "all requests wait.";
  const Outcome loop = event_loop(n, wait_ns);
  const Outcome threads = thread_each(n, wait_ns);
  const double mib = 1.0 / (1 << 20);
  r.numbers = {{"event loop: wall time", loop.wall_s, "s"},
               {"event loop: time to start every request", loop.create_s, "s"},
               {"event loop: memory added", loop.added_bytes * mib, "MiB"},
               {"threads: requests started", static_cast<double>(threads.started), ""},
               {"threads: wall time", threads.wall_s, "s"},
               {"threads: time to start every request", threads.create_s, "s"},
               {"threads: memory added", threads.added_bytes * mib, "MiB"},
               {"memory, threads / event loop", threads.added_bytes / std::max(loop.added_bytes, 4096.0), "x"}};
  r.charts = {{"event loop: the first 5 requests (all on one thread)", loop.sample},
              {"one thread per request: the first 5", threads.sample}};
  char take[640];
  if (threads.started == n)
    std::snprintf(take, sizeof take,
                  "Both designs waited for %d requests in about one wait (%.2f s and %.2f s), but the threads held "
                  "%.1f MiB against %.2f MiB for the event loop, and took %.3f s to start against %.3f s.",
                  n, loop.wall_s, threads.wall_s, threads.added_bytes * mib, loop.added_bytes * mib, threads.create_s,
                  loop.create_s);
  else  // the thread-per-request design ran out first: that is the lesson, not a tie
    std::snprintf(take, sizeof take,
                  "The event loop waited for all %d requests in %.2f s with %.2f MiB; one thread per request could "
                  "start only %d of them (%s): the %d it started held %.1f MiB. Threads run out long before "
                  "an event loop's records do.",
                  n, loop.wall_s, loop.added_bytes * mib, threads.started, threads.problem.c_str(), threads.started,
                  threads.added_bytes * mib);
  r.takeaway = take;
  return r;
}

const Register kC10k{{.name = "c10k",
                      .summary = "10 000 waiting requests: one event loop vs one OS thread each (time, memory)",
                      .order = 3,
                      .run = run}};

}  // namespace
}  // namespace parlab::demo
