#pragma once
// A batch of files under SIGINT, SIGTERM or SIGHUP: the output being written is
// removed (parlab/temp_files.hpp), stderr lists the outputs completed so far,
// and the process then ends by the signal, as it would have.
#include <signal.h>

#include <string>
#include <vector>

namespace parlab::cli {

class BatchSignals {
 public:
  // `outputs`: every output of the batch, in the order they are written.
  explicit BatchSignals(const std::vector<std::string>& outputs);
  ~BatchSignals();
  BatchSignals(const BatchSignals&) = delete;
  BatchSignals& operator=(const BatchSignals&) = delete;
  // After each input, written or failed: one more input done.
  void done(bool written);

 private:
  struct sigaction previous_[3] = {};
};

}  // namespace parlab::cli
