#pragma once
// The async read stage: many files read at once, with many reads in flight,
// handed on chunk by chunk as they complete.
//
//   io_uring    one thread submits reads to the kernel's io_uring and takes
//               the completions (liburing): concurrency without threads;
//   blocking    a few oneTBB tasks, each reading one file with pread(2): the
//               fallback where io_uring cannot be set up (an old kernel, a
//               seccomp filter: ENOSYS, EPERM), or when asked for;
//   sequential  one file after another, one read at a time, on the calling
//               thread: the baseline the others are measured against.
//
//   io::read_files(paths, {}, [&](const io::Chunk& c) { ... c.bytes ... },
//                  [&](std::size_t file, const std::string& why) { ... });
//
// Chunks of one file arrive in offset order; chunks of different files
// interleave (or not: ReadOptions::in_order). Bytes read but not yet handed on (and reads in flight) never
// exceed ReadOptions::max_in_flight, except that one chunk is always allowed.
// A file is read to the size it had when opened.
#include <cstddef>
#include <cstdint>
#include <functional>
#include <span>
#include <string>
#include <vector>

namespace parlab::io {

enum class Method { io_uring, blocking, sequential };

struct ReadOptions {
  // One read: 256 KiB; bytes being read or waiting to be handed on: 4 MiB.
  // Measured best here (docs/results.md): larger caps cycle more buffer
  // memory than the caches hold, which costs more than it overlaps.
  std::size_t chunk_bytes = std::size_t{256} << 10;
  std::size_t max_in_flight = std::size_t{4} << 20;
  int queue_depth = 64;    // io_uring: submission queue entries (reads in flight, at most)
  int pool_threads = 4;    // blocking: files read at once
  Method method = Method::io_uring;  // io_uring falls back to blocking when it cannot be set up
  // Hand the files on one after another, in the order of the paths (a
  // file's chunks only once every earlier file has ended), while still
  // reading ahead: what a consumer that works file by file needs. The
  // blocking reader may then hold one chunk of the file being handed on
  // beyond the cap.
  bool in_order = false;
  // The bytes [begin, end) of each path to read (a rank's range of a large
  // file, file_set.hpp); empty: every file whole. A file shorter than its
  // window's end fails.
  struct Window {
    std::uint64_t begin = 0, end = UINT64_MAX;
  };
  std::vector<Window> windows = {};
};

struct Chunk {
  std::size_t file = 0;      // index into the paths
  std::uint64_t offset = 0;  // of bytes[0] in the file
  std::span<const std::byte> bytes;
  std::uint64_t file_size = 0;  // when the file was opened
  bool last = false;            // the file's last chunk (an empty file gives one empty last chunk)
};

struct ReadStats {
  Method method = Method::io_uring;  // the one that ran
  std::string how;                   // "io_uring (queue depth 64)", "blocking pool (4 threads): io_uring ..."
  std::uint64_t bytes = 0, files_ok = 0, files_failed = 0;
  std::size_t peak_in_flight = 0;    // the most bytes held at once
  bool stopped = false;              // a stop (parlab/progress.hpp) ended the read early
};

// The method that would run for `wanted` here, and why: io_uring is tried
// (a ring is set up and torn down); where that fails, "blocking" with the
// reason. The environment variable PARLAB_IO (io_uring, blocking,
// sequential) overrides `wanted`; an unknown value throws UsageError.
std::pair<Method, std::string> choose_method(Method wanted);
// Parses "io_uring", "blocking" or "sequential"; throws UsageError naming `what`.
Method parse_method(const std::string& text, const std::string& what);
const char* to_string(Method m);

// Reads every file of `paths`: on_chunk(chunk) for each chunk, on the
// calling thread (the chunk's bytes are valid until it returns); a file that
// cannot be opened or read, or changes size while read, gives one
// on_error(file, "path: reason") after any chunks it delivered, and the
// others go on. A stop request (progress::request_stop) ends the reading
// early: reads in flight are waited for and dropped. An exception from a
// callback stops the reading the same way and is rethrown.
ReadStats read_files(const std::vector<std::string>& paths, const ReadOptions& options,
                     const std::function<void(const Chunk&)>& on_chunk,
                     const std::function<void(std::size_t file, const std::string& why)>& on_error);

}  // namespace parlab::io
