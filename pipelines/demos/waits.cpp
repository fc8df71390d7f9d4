// `parlab demo waits`: three simulated requests that each wait (1 s at scale
// 1), first one after another, then concurrently on ONE thread through a
// real event loop (libuv, the loop under Node.js): the waits overlap, and
// no second core is used. Then one request fails: fail-fast (stop at the
// first failure) against all-settled (wait for every request, report each).
#include <sys/resource.h>
#include <uv.h>

#include <chrono>
#include <string>
#include <thread>

#include "parlab/trace.hpp"
#include "pipelines/demos/demos.hpp"
#include "runtime/error.hpp"

namespace parlab::demo {
namespace {

constexpr int kRequests = 3;

double cpu_seconds() {
  rusage u{};
  ::getrusage(RUSAGE_SELF, &u);
  return static_cast<double>(u.ru_utime.tv_sec + u.ru_stime.tv_sec) +
         static_cast<double>(u.ru_utime.tv_usec + u.ru_stime.tv_usec) * 1e-6;
}

void check(int rc, const char* what) {
  if (rc < 0) throw Error(std::string("libuv: ") + what + ": " + uv_strerror(rc));
}

const char* request_name(int i) {
  static const char* names[kRequests] = {"request 1", "request 2", "request 3"};
  return names[i];
}

// Sequential: one request after another, each a blocking wait.
std::vector<gantt::Row> sequential(std::int64_t wait_ns) {
  std::vector<gantt::Row> rows(kRequests);
  for (int i = 0; i < kRequests; ++i) {
    const std::int64_t t0 = trace::now_ns();
    std::this_thread::sleep_for(std::chrono::nanoseconds(wait_ns));
    const std::int64_t t1 = trace::now_ns();
    trace::record(request_name(i), "sequential", t0, t1);
    rows[i] = {request_name(i), {{"waiting", t0, t1}}};
  }
  return rows;
}

// Concurrent: one libuv loop, one timer per request, all started at once.
// `fail`: the request (0-based) that fails at half its wait, or -1.
// `fail_fast`: on that failure, cancel the others and stop.
struct Loop {
  uv_loop_t loop{};
  struct Request {
    Loop* owner = nullptr;
    int index = 0;
    uv_timer_t timer{};
    std::int64_t start = 0, end = 0;
    bool failed = false, done = false, cancelled = false;
  };
  Request requests[kRequests];
  bool fail_fast = false;

  std::vector<gantt::Row> run(std::int64_t wait_ns, int fail, bool stop_at_failure) {
    fail_fast = stop_at_failure;
    check(uv_loop_init(&loop), "uv_loop_init");
    for (int i = 0; i < kRequests; ++i) {
      Request& r = requests[i];
      r.owner = this;
      r.index = i;
      r.failed = i == fail;
      check(uv_timer_init(&loop, &r.timer), "uv_timer_init");
      r.timer.data = &r;
      r.start = trace::now_ns();
      const std::int64_t ns = r.failed ? wait_ns / 2 : wait_ns;
      check(uv_timer_start(&r.timer, on_timer, static_cast<std::uint64_t>(ns / 1000000), 0), "uv_timer_start");
    }
    uv_run(&loop, UV_RUN_DEFAULT);
    for (Request& r : requests) uv_close(reinterpret_cast<uv_handle_t*>(&r.timer), nullptr);
    uv_run(&loop, UV_RUN_DEFAULT);  // lets the closes finish
    check(uv_loop_close(&loop), "uv_loop_close");
    std::vector<gantt::Row> rows;
    for (Request& r : requests) {
      const char* state = r.failed ? "failed" : r.cancelled ? "cancelled" : "waiting";
      trace::record(request_name(r.index), "concurrent", r.start, r.end);
      rows.push_back({request_name(r.index), {{state, r.start, r.end}}});
    }
    return rows;
  }

  static void on_timer(uv_timer_t* t) {
    Request& r = *static_cast<Request*>(t->data);
    r.end = trace::now_ns();
    r.done = true;
    if (r.failed && r.owner->fail_fast)
      for (Request& other : r.owner->requests)
        if (!other.done) {
          uv_timer_stop(&other.timer);
          other.end = r.end;
          other.done = other.cancelled = true;
        }
  }
};

Report run(const Settings& s) {
  const auto wait_ns = static_cast<std::int64_t>(1e9 * s.scale);
  Report r;
  r.title = "waits: three requests that wait, sequential vs concurrent on one thread";
  r.shows = "Each request waits " + std::to_string(wait_ns / 1000000) +
            " ms (a simulated network call). Sequential code waits for each in turn; an event loop (libuv) "
            "starts all three and switches to whichever is ready: concurrency, on ONE thread.";
  const double cpu0 = cpu_seconds();
  const auto seq = sequential(wait_ns);
  const double cpu1 = cpu_seconds();
  Loop a;
  const auto conc = a.run(wait_ns, -1, false);
  const double cpu2 = cpu_seconds();
  Loop b, c;
  const auto fast = b.run(wait_ns, 1, true);
  const auto settled = c.run(wait_ns, 1, false);
  int ok = 0;
  for (const auto& q : c.requests) ok += !q.failed;
  const double t_seq = gantt::seconds(seq), t_conc = gantt::seconds(conc);
  r.numbers = {{"sequential, 3 waits", t_seq, "s"},
               {"concurrent on one thread (libuv)", t_conc, "s"},
               {"concurrent / sequential", t_conc / t_seq, "x"},
               {"CPU time used, sequential", cpu1 - cpu0, "s"},
               {"CPU time used, concurrent", cpu2 - cpu1, "s"},
               {"one request fails: fail-fast (stop at the failure)", gantt::seconds(fast), "s"},
               {"one request fails: all-settled (every outcome)", gantt::seconds(settled), "s"},
               {"all-settled: requests that succeeded", static_cast<double>(ok), ""}};
  r.charts = {{"sequential (one thread)", seq},
              {"concurrent (one thread, libuv event loop)", conc},
              {"request 2 fails, fail-fast: the others are cancelled", fast},
              {"request 2 fails, all-settled: the others finish", settled}};
  char take[400];
  std::snprintf(take, sizeof take,
                "Three waits took %.2f s one after another and %.2f s overlapped, on the same single thread, using "
                "%.3f s of CPU: waiting overlaps without any parallelism. Fail-fast answers at the first failure "
                "(%.2f s) and loses the other results; all-settled waits for all (%.2f s) and reports %d of 3 ok.",
                t_seq, t_conc, cpu2 - cpu1, gantt::seconds(fast), gantt::seconds(settled), ok);
  r.takeaway = take;
  return r;
}

const Register kWaits{{.name = "waits",
                       .summary = "3 waits sequential vs concurrent on one thread (libuv); fail-fast vs all-settled",
                       .order = 1,
                       .run = run}};

}  // namespace
}  // namespace parlab::demo
