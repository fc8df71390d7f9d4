#pragma once
// Other programs parlab starts: Python for `parlab report`, the MPI launcher
// for `parlab scale --ranks`.
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

}  // namespace parlab::cli
