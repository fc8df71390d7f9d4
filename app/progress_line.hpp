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
// (the handler is reset when it runs).
class StopOnInterrupt {
 public:
  StopOnInterrupt();
  ~StopOnInterrupt();
  StopOnInterrupt(const StopOnInterrupt&) = delete;
  StopOnInterrupt& operator=(const StopOnInterrupt&) = delete;

 private:
  struct sigaction previous_ {};
};

// While alive and `shown`: from 2 s on, "<what>: 37% done, about 12 s left",
// redrawn on stderr four times a second and erased at the end.
class ProgressLine {
 public:
  ProgressLine(std::string what, bool shown);
  ~ProgressLine();
  ProgressLine(const ProgressLine&) = delete;
  ProgressLine& operator=(const ProgressLine&) = delete;

 private:
  void draw_until_done();
  std::string what_;
  bool drawn_ = false;
  bool done_ = false;
  std::mutex mutex_;
  std::condition_variable wake_;
  std::thread thread_;
};

}  // namespace parlab::cli
