#pragma once
// Other programs parlab starts: Python for `parlab report`, the MPI launcher
// for `parlab scale --ranks`, a lab's programs for `parlab lab check`.
#include <signal.h>

#include <string>
#include <vector>

namespace parlab {

// Runs args[0] (looked up on the PATH), its output going to ours (or to
// /dev/null when `quiet`); its exit status, 128 + the signal that ended it,
// or -1 when it could not start.
int run_program(const std::vector<std::string>& args, bool quiet);

// The same, with its standard output captured (and its errors too, when
// asked; else they go to ours). With a time limit (seconds > 0) a program
// still running then is killed with its process group (an MPI launcher's
// ranks too), and `timed_out` says so.
struct Captured {
  int status = -1;
  std::string out;
  std::string err;
  bool timed_out = false;
};
struct CaptureOptions {
  bool errors = false;  // capture standard error into Captured::err
  double timeout_s = 0; // 0: no limit
};
Captured capture_program(const std::vector<std::string>& args, CaptureOptions options = {});

// The MPI launcher, as words: $MPIEXEC ("srun --mpi=pmix" too), else mpirun.
std::vector<std::string> mpi_launcher();
// `words` joined by spaces, for messages.
std::string joined(const std::vector<std::string>& words);

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

}  // namespace parlab
