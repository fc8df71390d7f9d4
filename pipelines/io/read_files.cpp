// io::read_files: choosing the reader, opening files, and the sequential
// baseline (one file after another, one read at a time).
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>

#include "parlab/progress.hpp"
#include "parlab/trace.hpp"
#include "pipelines/io/readers.hpp"
#include "runtime/error.hpp"

namespace parlab::io {
namespace detail {

// The most read of a file that reports size 0 (a /proc or /sys file, made as
// it is read): such files are kilobytes.
constexpr std::uint64_t kMaxGeneratedFile = std::uint64_t{64} << 20;

Opened open_for_reading(const std::string& path, const ReadOptions& options, std::size_t index) {
  Opened o;
  // O_NONBLOCK: a FIFO must not block the open (it is refused just below).
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NONBLOCK);
  if (fd < 0) {
    o.open_errno = errno;
    o.error = path + ": " + std::strerror(errno);
    return o;
  }
  struct stat st {};
  if (::fstat(fd, &st) != 0) {
    o.error = path + ": " + std::strerror(errno);
  } else if (S_ISDIR(st.st_mode)) {
    o.error = path + ": is a directory";
  } else if (!S_ISREG(st.st_mode)) {
    o.error = path + ": not a regular file (a FIFO, device or socket is never read)";
  }
  if (!o.error.empty()) {
    ::close(fd);
    return o;
  }
  o.size = static_cast<std::uint64_t>(st.st_size);
  // A file of /proc or /sys says it is empty and is not: its bytes are made
  // as it is read. Its true length, read to the end, is the size to read.
  if (o.size == 0) {
    char buf[1 << 16];
    for (ssize_t n; (n = ::pread(fd, buf, sizeof buf, static_cast<off_t>(o.size))) != 0;) {
      if (n < 0 && errno == EINTR) continue;
      if (n < 0) break;  // the read proper reports it
      o.size += static_cast<std::uint64_t>(n);
      if (o.size > kMaxGeneratedFile) {
        ::close(fd);
        o.error = path + ": says it is empty but goes on past " + std::to_string(kMaxGeneratedFile >> 20) + " MiB";
        return o;
      }
    }
  }
  if (index < options.windows.size()) {
    const ReadOptions::Window w = options.windows[index];
    if (w.begin > w.end || (w.end != UINT64_MAX && w.end > o.size)) {
      ::close(fd);
      o.error = path + ": shorter (" + std::to_string(o.size) + " bytes) than when it was listed";
      return o;
    }
    o.begin = w.begin;
    o.size = std::min(o.size, w.end);
  }
  o.fd = fd;
  return o;
}

void close_file(int fd) {
  if (fd >= 0) ::close(fd);
}

std::string shrank(const std::string& path, std::uint64_t at, std::uint64_t size) {
  return path + ": changed while being read (ended at " + std::to_string(at) + " of " + std::to_string(size) +
         " bytes)";
}

void read_sequential(const std::vector<std::string>& paths, const ReadOptions& o, const OnChunk& on_chunk,
                     const OnError& on_error, ReadStats& stats) {
  std::vector<std::byte> buf(o.chunk_bytes);
  stats.peak_in_flight = o.chunk_bytes;
  for (std::size_t i = 0; i < paths.size(); ++i) {
    if (progress::stop_requested()) {
      stats.stopped = true;
      return;
    }
    const Opened f = open_for_reading(paths[i], o, i);
    if (f.fd < 0) {
      ++stats.files_failed;
      on_error(i, f.error);
      continue;
    }
    std::string error;
    std::uint64_t at = f.begin;
    do {
      const std::size_t want = static_cast<std::size_t>(std::min<std::uint64_t>(o.chunk_bytes, f.size - at));
      std::size_t got = 0;
      {
        const trace::Scope span("read", "io");  // the read alone, not the consumer's work
        while (got < want) {
          const ssize_t r = ::pread(f.fd, buf.data() + got, want - got, static_cast<off_t>(at + got));
          if (r < 0 && errno == EINTR) continue;
          if (r <= 0) {
            error = r < 0 ? paths[i] + ": read failed: " + std::strerror(errno) : shrank(paths[i], at + got, f.size);
            break;
          }
          got += static_cast<std::size_t>(r);
        }
      }
      if (!error.empty()) break;
      on_chunk({i, at, {buf.data(), want}, f.size, at + want == f.size});
      at += want;
      stats.bytes += want;
    } while (at < f.size);
    close_file(f.fd);
    if (error.empty()) {
      ++stats.files_ok;
    } else {
      ++stats.files_failed;
      on_error(i, error);
    }
  }
}

}  // namespace detail

const char* to_string(Method m) {
  switch (m) {
    case Method::io_uring: return "io_uring";
    case Method::blocking: return "blocking";
    case Method::sequential: return "sequential";
  }
  return "?";
}

Method parse_method(const std::string& text, const std::string& what) {
  for (Method m : {Method::io_uring, Method::blocking, Method::sequential})
    if (text == to_string(m)) return m;
  throw UsageError(what + " '" + text + "': unknown (io_uring, blocking or sequential)");
}

std::pair<Method, std::string> choose_method(Method wanted) {
  std::string from = "asked for";
  if (const char* env = std::getenv("PARLAB_IO"); env && *env) {
    wanted = parse_method(env, "PARLAB_IO");
    from = "PARLAB_IO";
  }
  if (wanted != Method::io_uring) return {wanted, std::string(to_string(wanted)) + " (" + from + ")"};
  std::string why;
  if (detail::uring_works(why)) return {Method::io_uring, "io_uring"};
  return {Method::blocking, "blocking: io_uring cannot be set up here (" + why + ")"};
}

ReadStats read_files(const std::vector<std::string>& paths, const ReadOptions& options,
                     const std::function<void(const Chunk&)>& on_chunk,
                     const std::function<void(std::size_t, const std::string&)>& on_error) {
  if (options.chunk_bytes == 0 || options.max_in_flight == 0 || options.queue_depth < 1 || options.pool_threads < 1)
    throw Error("read_files: chunk, bytes in flight, queue depth and threads must be positive");
  ReadStats stats;
  auto [method, how] = choose_method(options.method);
  stats.method = method;
  stats.how = how;
  if (method == Method::io_uring) {
    std::string why;
    if (detail::read_uring(paths, options, on_chunk, on_error, stats, why)) return stats;
    stats.method = method = Method::blocking;  // the ring worked when probed, but not now
    stats.how = "blocking: io_uring cannot be set up here (" + why + ")";
  }
  if (method == Method::blocking)
    detail::read_blocking(paths, options, on_chunk, on_error, stats);
  else
    detail::read_sequential(paths, options, on_chunk, on_error, stats);
  return stats;
}

}  // namespace parlab::io
