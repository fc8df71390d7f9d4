#pragma once
// The two kinds of failure the CLI reports. Both carry a one-line message that
// names the bad input (argument, value, file) and the reason.
#include <stdexcept>
#include <string>

namespace parlab {

// Runtime failure, bad data or failed verification: exit code 1.
struct Error : std::runtime_error {
  using std::runtime_error::runtime_error;
};

// Wrong use of the command line (unknown kernel, bad value): exit code 2.
struct UsageError : Error {
  using Error::Error;
};

// `what`, naming `path` first unless it already does: errors from a file's
// source name it, a kernel's may not.
inline std::string naming(const std::string& path, const std::string& what) {
  return what.rfind(path + ":", 0) == 0 ? what : path + ": " + what;
}

}  // namespace parlab
