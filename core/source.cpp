// Sources of bytes in bounded chunks: files through read(2), and memory.
#include "parlab/source.hpp"

#include <fcntl.h>
#include <poll.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

#include "parlab/machine.hpp"
#include "parlab/trace.hpp"
#include "runtime/error.hpp"

namespace parlab {
namespace {

[[noreturn]] void fail(const std::string& name, const std::string& why) { throw Error(name + ": " + why); }

// A file descriptor closed on every path.
struct Fd {
  int fd = -1;
  ~Fd() {
    if (fd >= 0) ::close(fd);
  }
};

// A file opened once and kept open: a regular file is read again from the
// start on every pass (pread); a pipe can be read only once (its writer would
// get SIGPIPE if it were closed and reopened). Devices, terminals and sockets
// are refused: they may never end, or never answer.
//
// A named pipe is opened without blocking (a blocking open would wait forever
// for a writer that never comes); reading then waits at most kPipeWait for
// the writer's next bytes.
class FileSource final : public Source {
 public:
  FileSource(std::string path, std::size_t chunk, Range range = {})
      : path_(std::move(path)), chunk_(std::max<std::size_t>(chunk, 1)), range_(range) {
    fd_.fd = ::open(path_.c_str(), O_RDONLY | O_CLOEXEC | O_NONBLOCK);
    if (fd_.fd < 0) fail(path_, std::strerror(errno));
    struct stat st {};
    if (::fstat(fd_.fd, &st) != 0) fail(path_, std::strerror(errno));
    if (S_ISDIR(st.st_mode)) fail(path_, "is a directory, not a file");
    if (S_ISCHR(st.st_mode) || S_ISBLK(st.st_mode) || S_ISSOCK(st.st_mode))
      fail(path_, "is a device or a socket, not a file or a pipe");
    if (!range_.whole() && !S_ISREG(st.st_mode)) fail(path_, "a byte range of something that is not a regular file");
    if (S_ISREG(st.st_mode)) {
      size_ = static_cast<std::uint64_t>(st.st_size);
      if (!range_.whole()) {
        if (range_.end > *size_ || range_.begin > range_.end)
          fail(path_, "shorter (" + std::to_string(*size_) + " bytes) than when it was listed");
        start_ = range_.begin;
        size_ = range_.end - range_.begin;
      }
      // Read front to back: the kernel's read-ahead window doubles, so more
      // of the file comes from the disk while a chunk is processed.
      ::posix_fadvise(fd_.fd, 0, 0, POSIX_FADV_SEQUENTIAL);
    }
  }
  const std::string& name() const override { return path_; }
  std::optional<std::uint64_t> size() const override { return size_; }
  std::size_t chunk_bytes() const override { return chunk_; }
  Range range() const override { return range_; }

  void for_each_chunk(const Chunk& chunk) const override {
    const bool seekable = size_.has_value();
    if (!seekable && consumed_) fail(path_, "a pipe can be read only once");
    consumed_ = true;
    // Two buffers, taken in turn: a chunk stays valid while the next is read.
    // They belong to the source, so the last chunk stays valid after the
    // pass. A small file gets small buffers (its size + 1 shows the end at once).
    const std::size_t want = seekable ? static_cast<std::size_t>(std::min<std::uint64_t>(chunk_, *size_ + 1)) : chunk_;
    std::uint64_t offset = 0;
    for (int turn = 0;; turn ^= 1) {
      std::vector<std::byte>& buf = buffers_[turn];
      buf.resize(want);
      // Fill the buffer: read(2) may return less than asked (pipes do).
      std::size_t have = 0;
      {
        const trace::Scope span("read", "io");  // the read alone; the chunk's work is not in it
        while (have < buf.size()) {
          if (!seekable) wait_for_writer();
          // A range ends at its end; a whole file where read(2) ends.
          const std::size_t ask = range_.whole() ? buf.size() - have
                                                 : static_cast<std::size_t>(std::min<std::uint64_t>(buf.size() - have, *size_ - offset - have));
          if (ask == 0) break;
          const ssize_t got = seekable ? ::pread(fd_.fd, buf.data() + have, ask, static_cast<off_t>(start_ + offset + have))
                                       : ::read(fd_.fd, buf.data() + have, buf.size() - have);
          if (got < 0 && (errno == EINTR || errno == EAGAIN)) continue;
          if (got < 0) fail(path_, std::string("read failed: ") + std::strerror(errno));
          if (got == 0) break;
          have += static_cast<std::size_t>(got);
        }
      }
      if (!range_.whole() && have < buf.size() && offset + have < *size_)
        fail(path_, "changed while being read (ended at " + std::to_string(start_ + offset + have) + " bytes)");
      if (have == 0) return;
      chunk(std::span<const std::byte>(buf.data(), have), offset);
      offset += have;
      if (have < buf.size()) return;
    }
  }

 private:
  static constexpr int kPipeWait = 10;  // seconds

  // Until the pipe has bytes or its writer has come and gone (on Linux a
  // pipe that never had a writer reports neither), at most kPipeWait.
  void wait_for_writer() const {
    pollfd p{fd_.fd, POLLIN, 0};
    for (;;) {
      const int r = ::poll(&p, 1, kPipeWait * 1000);
      if (r < 0 && errno == EINTR) continue;
      if (r < 0) fail(path_, std::string("poll failed: ") + std::strerror(errno));
      if (r == 0) fail(path_, "no data from the pipe's writer within " + std::to_string(kPipeWait) + " s");
      return;
    }
  }

  std::string path_;
  std::size_t chunk_;
  Fd fd_;
  std::optional<std::uint64_t> size_;
  Range range_;
  std::uint64_t start_ = 0;  // of the range in the file
  mutable bool consumed_ = false;
  mutable std::vector<std::byte> buffers_[2];
};

class MemorySource final : public Source {
 public:
  MemorySource(std::string name, std::vector<std::byte> bytes, std::size_t chunk)
      : name_(std::move(name)), bytes_(std::move(bytes)), chunk_(std::max<std::size_t>(chunk, 1)) {}
  const std::string& name() const override { return name_; }
  std::optional<std::uint64_t> size() const override { return bytes_.size(); }
  std::size_t chunk_bytes() const override { return chunk_; }
  void for_each_chunk(const Chunk& chunk) const override {
    for (std::size_t at = 0; at < bytes_.size(); at += chunk_)
      chunk(std::span<const std::byte>(bytes_).subspan(at, std::min(chunk_, bytes_.size() - at)), at);
  }

 private:
  std::string name_;
  std::vector<std::byte> bytes_;
  std::size_t chunk_;
};

}  // namespace

std::shared_ptr<const Source> open_file(const std::string& path, std::size_t chunk_bytes) {
  return std::make_shared<FileSource>(path, chunk_bytes);
}

std::shared_ptr<const Source> open_range(const std::string& path, const Range& range, std::size_t chunk_bytes) {
  return std::make_shared<FileSource>(path, chunk_bytes, range);
}

std::shared_ptr<const Source> memory_source(std::string name, std::vector<std::byte> bytes, std::size_t chunk_bytes) {
  return std::make_shared<MemorySource>(std::move(name), std::move(bytes), chunk_bytes);
}

std::vector<std::byte> read_all(const Source& s, std::uint64_t limit, const std::string& whose) {
  const double have = static_cast<double>(available_memory());
  auto check = [&](std::uint64_t n) {
    if (n > limit)
      fail(s.name(), "larger than " + std::to_string(limit) + " bytes, the most " + whose + " reads into memory");
    if (have > 0 && static_cast<double>(n) > 0.5 * have)
      fail(s.name(), "needs " + gib(static_cast<double>(n)) + " of memory, but only " + gib(have) + " is available");
  };
  std::vector<std::byte> all;
  if (const auto n = s.size()) {
    check(*n);
    all.reserve(*n);
  }
  s.for_each_chunk([&](std::span<const std::byte> bytes, std::uint64_t) {
    check(all.size() + bytes.size());
    all.insert(all.end(), bytes.begin(), bytes.end());
  });
  return all;
}

}  // namespace parlab
