#pragma once
// Lab 01, waiting is not working: what you write, in starter/waiting.cpp.
// The rest (waiting_main.cpp) is given: read it, do not change it.
#include <uv.h>

#include <functional>
#include <string>
#include <vector>

namespace lab01 {

// A simulated request to a slow service: it waits `delay_ms` (a libuv timer:
// no CPU is used while it waits), then succeeds, or fails when `fails`.
struct Request {
  int id = 0;
  int delay_ms = 0;
  bool fails = false;
};

struct Outcome {
  int id = 0;
  bool ok = false;
  std::string error;         // why it failed ("" when ok)
  double finished_ms = 0;    // when it finished, from the start of the run
};

// Given. Starts `r` on `loop` and returns at once; when its time is up,
// `done` runs on the loop's thread with its outcome. Nothing happens until
// the loop runs (uv_run), and the loop runs until nothing is left to wait for.
void start_request(uv_loop_t* loop, const Request& r, std::function<void(const Outcome&)> done);

// Given. One request after another: start one, run the loop until it is
// done, then the next. Takes the sum of the delays.
std::vector<Outcome> run_sequential(const std::vector<Request>& requests);

// TODO 1. The same requests concurrently, on this one thread: every request
// in flight at once, one loop. The outcomes in the order they finish.
std::vector<Outcome> run_concurrent(const std::vector<Request>& requests);

// TODO 2. All-settled: every request runs to its end, failed or not, and
// every outcome is reported. (The starter is fail-fast: it stops at the first
// failure and reports nothing after it.) Concurrently, as in TODO 1.
std::vector<Outcome> run_all_settled(const std::vector<Request>& requests);

}  // namespace lab01
