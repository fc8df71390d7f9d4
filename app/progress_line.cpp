#include "app/progress_line.hpp"

#include <chrono>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <iostream>
#include <unistd.h>

#include "app/messages.hpp"
#include "parlab/progress.hpp"

namespace parlab::cli {
namespace {

constexpr int kStopSignals[3] = {SIGINT, SIGTERM, SIGHUP};
volatile sig_atomic_t g_received = 0;

extern "C" void on_interrupt(int sig) {
  if (g_received == 0) g_received = sig;
  progress::request_stop();
}

}  // namespace

StopOnInterrupt::StopOnInterrupt(bool also_term_and_hup) : count_(also_term_and_hup ? 3 : 1) {
  progress::clear_stop();
  g_received = 0;
  struct sigaction sa {};
  sa.sa_handler = on_interrupt;
  sigemptyset(&sa.sa_mask);
  sa.sa_flags = SA_RESETHAND;  // the second signal ends the process
  for (int i = 0; i < count_; ++i) sigaction(kStopSignals[i], &sa, &previous_[i]);
}

StopOnInterrupt::~StopOnInterrupt() {
  for (int i = 0; i < count_; ++i) sigaction(kStopSignals[i], &previous_[i], nullptr);
}

int StopOnInterrupt::received() { return g_received; }

void end_by_signal(int sig) {
  std::fflush(nullptr);
  std::cout.flush();
  std::signal(sig, SIG_DFL);
  ::raise(sig);
  std::_Exit(128 + sig);  // not reached: the default action of SIGINT, SIGTERM and SIGHUP ends the process
}

ProgressLine::ProgressLine(std::string what, bool shown) : what_(std::move(what)) {
  if (shown) thread_ = std::thread([this] { draw_until_done(); });
}

ProgressLine::~ProgressLine() {
  if (!thread_.joinable()) return;
  {
    std::lock_guard lock(mutex_);
    done_ = true;
  }
  wake_.notify_one();
  thread_.join();
}

void ProgressLine::step(std::string what, int done, int total) {
  std::lock_guard lock(mutex_);
  step_ = std::move(what);
  step_done_ = done;
  step_total_ = total;
}

void ProgressLine::say(const std::string& line) {
  std::lock_guard lock(mutex_);
  std::fprintf(stderr, "%s%s\n", drawn_ ? "\r\033[K" : "", one_line(line).c_str());
}

bool shown_for(bool table_format) { return table_format && isatty(STDERR_FILENO); }

void ProgressLine::draw_until_done() {
  using clock = std::chrono::steady_clock;
  const auto start = clock::now();
  std::unique_lock lock(mutex_);
  while (!wake_.wait_for(lock, std::chrono::milliseconds(250), [this] { return done_; })) {
    const double elapsed = std::chrono::duration<double>(clock::now() - start).count();
    if (elapsed < 2) continue;
    if (step_total_ > 0) {
      // Steps differ in length (a scalar run takes longest): the time left is a rough guide.
      char left[48] = "";
      if (step_done_ > 0)
        std::snprintf(left, sizeof left, ", about %.0f s left", elapsed * (step_total_ - step_done_) / step_done_);
      std::fprintf(stderr, "\r%s: %s (%d of %d)%s\033[K", what_.c_str(), step_.c_str(), step_done_ + 1, step_total_, left);
      drawn_ = true;
      continue;
    }
    const double total = progress::total(), done = progress::done();
    if (total <= 0) continue;
    const double f = done / total;
    if (f > 0)
      std::fprintf(stderr, "\r%s: %.0f%% done, about %.0f s left (Ctrl-C: stop and show the estimate so far)\033[K",
                   what_.c_str(), 100 * f, elapsed * (1 - f) / f);
    else
      std::fprintf(stderr, "\r%s: starting\033[K", what_.c_str());
    drawn_ = true;
  }
  if (drawn_) std::fprintf(stderr, "\r\033[K");
}

}  // namespace parlab::cli
