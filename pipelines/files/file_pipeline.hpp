#pragma once
// `parlab pipeline`: files through a kernel as an assembly line.
//
//   read (async)  ->  decode  ->  filter  ->  encode + write  ->  report
//   one I/O thread    parallel    parallel    parallel            serial, in order
//
// The read stage (pipelines/io/async_read.hpp) keeps many reads in flight from one
// thread and hands on each file as its last byte arrives. The other stages
// are oneTBB's parallel_pipeline: at most `in_flight` files between the first
// stage and the last (the bounded queues that hold back a fast stage when a
// slow one is behind), and the report stage sees the files in the order the
// first stage took them. The pipeline's throughput is set by its slowest
// stage; the summary says which that was.
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "parlab/backend.hpp"
#include "parlab/options.hpp"
#include "pipelines/io/async_read.hpp"

namespace parlab {
struct Kernel;
}

namespace parlab::pipeline {

// Larger input files are refused (a decoded image is refused beyond
// kMaxImagePixels anyway; the bytes are held whole for the decoder).
inline constexpr std::uint64_t kMaxFileBytes = std::uint64_t{1} << 30;

struct Options {
  std::vector<std::string> inputs;   // files, in order
  std::vector<std::string> outputs;  // one per input
  const Kernel* kernel = nullptr;    // takes and writes files
  Params params;
  Backend backend = Backend::simd;
  int threads = 0;                   // oneTBB workers; 0: every CPU
  int in_flight = 0;                 // files between the first and the last stage; 0: 2 per worker
  io::ReadOptions read;
  // Bytes the files in flight may hold together, each file's need from its
  // header (Kernel::file_memory); 0: 80% of the memory available, less the reads'.
  std::uint64_t memory = 0;
};

struct Stage {
  std::string name;
  bool serial = false;
  double busy_s = 0;        // summed over the workers
  std::uint64_t items = 0;
  // Items per second this stage could sustain alone with `workers` workers
  // (one, if serial), from its busy time.
  double capacity(int workers) const {
    return busy_s > 0 ? static_cast<double>(items) / busy_s * (serial ? 1 : workers) : 0;
  }
};

struct FileResult {
  std::size_t index = 0;  // into Options::inputs
  std::uint64_t bytes = 0;
  std::string error;      // "" when written
};

struct Summary {
  std::vector<Stage> stages;  // read, decode, filter, encode + write, report
  int workers = 1;
  std::uint64_t ok = 0, failed = 0, bytes_read = 0;
  double seconds = 0;
  bool stopped = false;       // a stop (Ctrl-C) ended it early
  std::string read_how;       // io_uring, or the fallback and why
  std::size_t peak_bytes_in_flight = 0;
  std::size_t peak_files_in_flight = 0;
  // The memory budget of the files in flight (0: none, the machine's memory
  // is unknown), the most they held at once, and how many files waited for
  // the ones ahead of them to free theirs.
  std::uint64_t memory_limit = 0, peak_memory_held = 0, memory_waits = 0;
  // Device work (a GPU variant's copies and kernels, from its spans): the
  // time spent in it, and the time at least one image's was under way. Their
  // difference is what the workers' streams overlapped. 0 on the CPU.
  double device_busy_s = 0, device_span_s = 0;
  double device_overlap() const { return device_busy_s > 0 ? 1 - device_span_s / device_busy_s : 0; }
};

// The length of the union of [start, end) intervals, in the intervals' unit.
std::int64_t covered(std::vector<std::pair<std::int64_t, std::int64_t>> intervals);

// Runs the pipeline; `report(result)` is called for every input that was
// taken in (all of them, unless stopped), from the report stage, one at a
// time, in the order the read stage took them: a file that could not be read
// passes through the stages as its error.
Summary run(const Options& o, const std::function<void(const FileResult&)>& report);

}  // namespace parlab::pipeline
