#pragma once
// Other programs parlab starts: Python for `parlab report`, the MPI launcher
// for `parlab scale --ranks`.
#include <signal.h>

#include <string>
#include <vector>

namespace parlab::cli {

// Runs args[0] (looked up on the PATH), its output going to ours (or to
// /dev/null when `quiet`); its exit status, 128 + the signal that ended it,
// or -1 when it could not start.
int run_program(const std::vector<std::string>& args, bool quiet);

// The same, with its standard output captured (its errors still go to ours).
struct Captured {
  int status = -1;
  std::string out;
};
Captured capture_program(const std::vector<std::string>& args);

// While alive: SIGINT, SIGTERM and SIGHUP are passed on to the child that
// runs, as SIGTERM (Ctrl-C reaches both anyway: one process group), and remembered, so
// the caller can clean up once the child has ended, then end by the same
// signal. A child starts with those signals at their default action.
class ChildSignals {
 public:
  ChildSignals();
  ~ChildSignals();
  ChildSignals(const ChildSignals&) = delete;
  ChildSignals& operator=(const ChildSignals&) = delete;
  int caught() const;  // the signal received, or 0
  // Puts the handlers back and ends the process by the signal received.
  [[noreturn]] void end_by_signal();

 private:
  struct sigaction previous_[3] = {};
};

}  // namespace parlab::cli
