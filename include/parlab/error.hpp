#pragma once
// The two kinds of failure the CLI reports. Both carry a one-line message that
// names the bad input (argument, value, file) and the reason.
#include <stdexcept>

namespace parlab {

// Runtime failure, bad data or failed verification: exit code 1.
struct Error : std::runtime_error {
  using std::runtime_error::runtime_error;
};

// Wrong use of the command line (unknown kernel, bad value): exit code 2.
struct UsageError : Error {
  using Error::Error;
};

}  // namespace parlab
