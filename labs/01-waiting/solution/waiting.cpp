// Lab 01, the reference solution (kept on the instructor's side).
#include "../waiting.hpp"

namespace lab01 {

// Every request started before the loop runs: their waits overlap, so the
// run takes about the longest delay, not their sum, and the one thread
// sleeps in the kernel (epoll) all the while: almost no CPU time.
std::vector<Outcome> run_concurrent(const std::vector<Request>& requests) {
  uv_loop_t loop;
  uv_loop_init(&loop);
  std::vector<Outcome> outcomes;
  for (const Request& r : requests) start_request(&loop, r, [&outcomes](const Outcome& o) { outcomes.push_back(o); });
  uv_run(&loop, UV_RUN_DEFAULT);  // returns when no request is left in flight
  uv_loop_close(&loop);
  return outcomes;
}

// All-settled is the same loop, keeping failures beside successes: nothing
// stops the loop at the first error. (Fail-fast would call uv_stop there.)
std::vector<Outcome> run_all_settled(const std::vector<Request>& requests) { return run_concurrent(requests); }

}  // namespace lab01
