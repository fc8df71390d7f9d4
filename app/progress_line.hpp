#pragma once
// What the CLI does around a long run: SIGINT asks the kernel to stop early
// (parlab/progress.hpp) instead of killing the process, and, on a terminal,
// a line on stderr says how far the run is and how long it has left.
#include <atomic>
#include <condition_variable>
#include <mutex>
#include <signal.h>
#include <string>
#include <thread>

namespace parlab::cli {

// While alive, the first SIGINT requests a stop; a second one kills as usual
// (the handler is reset when it runs). With `also_term_and_hup`, SIGTERM and
// SIGHUP request the same stop (a command that finishes what is in flight
// and then ends by that signal, end_by_signal).
class StopOnInterrupt {
 public:
  explicit StopOnInterrupt(bool also_term_and_hup = false);
  ~StopOnInterrupt();
  StopOnInterrupt(const StopOnInterrupt&) = delete;
  StopOnInterrupt& operator=(const StopOnInterrupt&) = delete;
  // The signal that requested the stop (0: none).
  static int received();

 private:
  struct sigaction previous_[3] {};
  int count_ = 1;
};

// Restores the default action of `sig` and raises it: the process ends as
// killed by it (after standard output is flushed), as its sender expects.
[[noreturn]] void end_by_signal(int sig);

// While alive and `shown`: from 2 s on, a line on stderr, redrawn four times
// a second and erased at the end. Two kinds:
//   one long kernel run (progress.hpp counts its items):
//     "montecarlo_pi on openmp: 37% done, about 12 s left"
//   a command of many steps (step() says which is running):
//     "compare: gaussian_blur on openmp (7 of 32), about 12 s left"
// `shown` is for the caller to decide: on a terminal, and never with JSON or
// CSV output (shown_for).
class ProgressLine {
 public:
  ProgressLine(std::string what, bool shown);
  // Step `done` + 1 of `total` is starting; `what` names it.
  void step(std::string what, int done, int total);
  // Prints `line` on stderr, on a line of its own (the progress line, if
  // drawn, is erased first and drawn again at the next tick).
  void say(const std::string& line);
  ~ProgressLine();
  ProgressLine(const ProgressLine&) = delete;
  ProgressLine& operator=(const ProgressLine&) = delete;

 private:
  void draw_until_done();
  std::string what_;
  std::string step_;             // the step running, when counting steps
  int step_done_ = 0, step_total_ = 0;
  bool drawn_ = false;
  bool done_ = false;
  std::mutex mutex_;
  std::condition_variable wake_;
  std::thread thread_;
};

// A progress line goes only to a terminal, and only with the table format.
bool shown_for(bool table_format);

// Counts the steps of a command for its progress line:
//   "compare: gaussian_blur on openmp (7 of 32), about 12 s left"
struct Steps {
  ProgressLine& line;
  int total = 0;
  int done = 0;
  void next(std::string what) { line.step(std::move(what), done++, total); }
};

}  // namespace parlab::cli
