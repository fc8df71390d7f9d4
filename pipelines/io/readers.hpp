#pragma once
// The three readers behind io::read_files (pipelines/io/async_read.hpp), and what
// they share: opening a file, and the callbacks.
#include <string>
#include <vector>

#include "pipelines/io/async_read.hpp"

namespace parlab::io::detail {

using OnChunk = std::function<void(const Chunk&)>;
using OnError = std::function<void(std::size_t, const std::string&)>;

// An open regular file and the bytes [begin, size) to read from it (the
// whole file, or its window), or why not ("path: reason").
struct Opened {
  int fd = -1;
  std::uint64_t begin = 0, size = 0;
  std::string error;
  int open_errno = 0;  // why open(2) failed: EMFILE (too many open files) may be waited out
};
Opened open_for_reading(const std::string& path, const ReadOptions& o, std::size_t index);
void close_file(int fd);

// "path: changed while being read (ended at 12 of 4096 bytes)"
std::string shrank(const std::string& path, std::uint64_t at, std::uint64_t size);

void read_sequential(const std::vector<std::string>& paths, const ReadOptions& o, const OnChunk& on_chunk,
                     const OnError& on_error, ReadStats& stats);
void read_blocking(const std::vector<std::string>& paths, const ReadOptions& o, const OnChunk& on_chunk,
                   const OnError& on_error, ReadStats& stats);
// Returns false (nothing read) if io_uring cannot be set up, with the reason in `why`.
bool read_uring(const std::vector<std::string>& paths, const ReadOptions& o, const OnChunk& on_chunk,
                const OnError& on_error, ReadStats& stats, std::string& why);
// Whether a ring can be set up here; the reason if not.
bool uring_works(std::string& why);

}  // namespace parlab::io::detail
