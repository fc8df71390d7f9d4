#pragma once
// A file (or any byte stream) read in bounded chunks, in order: how user files
// reach the kernels. A kernel that streams (word count, histogram) sees one
// chunk at a time and never the whole file; a kernel that needs everything
// (an image decoder) collects the chunks with read_all(), which checks the
// size against memory first.
//
// Chunk borders fall anywhere: a word, a record or a UTF-8 sequence can
// straddle two chunks. Joining them is the consumer's concern; the source
// only promises the bytes in order, each exactly once per pass.
//
// The async I/O stage plugs in here: it is one more implementation of Source.
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <vector>

namespace parlab {

// Where a source's bytes lie in their file: all of it, or, across ranks
// (file_set.hpp, my_share), one rank's byte range of a large file. `file`
// numbers the file in the whole listing, so ranges can be joined again.
struct Range {
  std::size_t file = 0;
  std::uint64_t begin = 0, end = 0;
  bool starts_file = true, ends_file = true;
  bool whole() const { return starts_file && ends_file; }
};

class Source {
 public:
  virtual ~Source() = default;
  // The file's name, for messages: "photo.jpg".
  virtual const std::string& name() const = 0;
  // Total bytes when known up front (regular files, memory), else nullopt (pipes).
  virtual std::optional<std::uint64_t> size() const = 0;
  // The largest chunk for_each_chunk() hands out.
  virtual std::size_t chunk_bytes() const = 0;
  // Calls chunk(bytes, offset) for consecutive pieces of at most chunk_bytes()
  // bytes from the start to the end. The bytes stay valid until the next
  // call of chunk() returns (a file alternates two buffers), and the last
  // chunk's until the source is read again or destroyed, so a consumer may
  // go on working on one chunk while the next is read. One pass at a time.
  // Each call is a new pass from the start;
  // a pipe can be read only once (a second pass throws). Throws
  // Error("<name>: <reason>") on a read error.
  using Chunk = std::function<void(std::span<const std::byte> bytes, std::uint64_t offset)>;
  virtual void for_each_chunk(const Chunk& chunk) const = 0;
  // The source's files, one at a time. A single file (or memory) is one
  // file: itself. A set of files (file_set.hpp) hands out each in turn and,
  // where one cannot be opened or read or `file` throws for it, records the
  // problem and goes on with the next.
  using File = std::function<void(const Source& file)>;
  virtual void for_each_file(const File& file) const { file(*this); }
  // Whether this source is one rank's share of an input split across ranks
  // (file_set.hpp, my_share): the kernel's result must then be combined with
  // the other ranks'. A source every rank holds whole (built-in data) is not.
  virtual bool split_across_ranks() const { return false; }
  // A file of a set that is split by byte range: the part this source reads.
  virtual Range range() const { return {}; }
};

inline constexpr std::size_t kDefaultChunkBytes = std::size_t{4} << 20;  // 4 MiB

// A file on disk, read with read(2) in chunks. Opens it now: a missing or
// unreadable file, or a directory, throws Error("<path>: <reason>").
std::shared_ptr<const Source> open_file(const std::string& path, std::size_t chunk_bytes = kDefaultChunkBytes);
// Bytes [range.begin, range.end) of a regular file; its size() is the
// range's. A file that is shorter by then throws when read.
std::shared_ptr<const Source> open_range(const std::string& path, const Range& range,
                                         std::size_t chunk_bytes = kDefaultChunkBytes);
// Bytes already in memory (built-in inputs, tests), handed out in chunks.
std::shared_ptr<const Source> memory_source(std::string name, std::vector<std::byte> bytes,
                                            std::size_t chunk_bytes = kDefaultChunkBytes);

// Every byte of the source in one buffer. Throws Error naming the source if it
// holds more than `limit` bytes ("the most <whose> reads into memory") or
// more than the memory available.
std::vector<std::byte> read_all(const Source& s, std::uint64_t limit, const std::string& whose = "this kernel");

}  // namespace parlab
