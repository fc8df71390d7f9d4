// AsyncFileSet: read_files (in order) on an I/O thread, handing chunks to the
// consumer's thread through a small bounded channel; each file is presented
// as a Source of its own, as FileSet presents it.
#include "pipelines/io/async_file_set.hpp"

#include <condition_variable>
#include <deque>
#include <mutex>
#include <thread>

#include "runtime/error.hpp"

namespace parlab::io {
namespace {

// One chunk (or a file's error) on its way from the I/O thread.
struct Message {
  std::size_t file = 0;
  std::uint64_t offset = 0, size = 0;
  std::vector<std::byte> bytes = {};
  bool last = false;
  std::string error = {};  // the file failed: no more chunks of it
};

struct Stopped {};  // thrown in the I/O thread's callback once the consumer is gone

class Channel {
 public:
  explicit Channel(std::size_t cap) : cap_(cap) {}
  void push(Message m) {  // waits while the consumer is behind
    std::unique_lock lock(m_);
    room_.wait(lock, [&] { return bytes_ == 0 || bytes_ + m.bytes.size() <= cap_ || closed_; });
    if (closed_) throw Stopped{};
    bytes_ += m.bytes.size();
    q_.push_back(std::move(m));
    ready_.notify_one();
  }
  void finish() {  // the I/O thread is done
    const std::lock_guard lock(m_);
    done_ = true;
    ready_.notify_one();
  }
  // The next message, or false when the I/O thread finished and none is left.
  bool pop(Message& m) {
    std::unique_lock lock(m_);
    ready_.wait(lock, [&] { return !q_.empty() || done_; });
    if (q_.empty()) return false;
    m = std::move(q_.front());
    q_.pop_front();
    bytes_ -= m.bytes.size();
    room_.notify_one();
    return true;
  }
  void close() {  // the consumer stops: the I/O thread's next push throws
    const std::lock_guard lock(m_);
    closed_ = true;
    room_.notify_all();
  }

 private:
  std::mutex m_;
  std::condition_variable room_, ready_;
  std::deque<Message> q_;
  std::size_t bytes_ = 0;
  const std::size_t cap_;
  bool done_ = false, closed_ = false;
};

// One file of the set, its chunks taken from the channel. Two chunks are
// kept, so the one before stays valid while the next is handed out.
class FileView final : public Source {
 public:
  FileView(std::string name, std::uint64_t size, Range range, std::size_t chunk, Channel& ch, Message first)
      : name_(std::move(name)), size_(range.whole() ? size : range.end - range.begin), range_(range), chunk_(chunk),
        ch_(ch), next_(std::move(first)) {}
  const std::string& name() const override { return name_; }
  std::optional<std::uint64_t> size() const override { return size_; }
  std::size_t chunk_bytes() const override { return chunk_; }
  Range range() const override { return range_; }
  void for_each_chunk(const Chunk& chunk) const override {
    if (started_) throw Error(name_ + ": read once (the async reader makes one pass)");
    started_ = true;
    for (;;) {
      if (!have_next_ && !take()) return;
      have_next_ = false;
      if (!next_.error.empty()) {
        ended_ = true;
        throw Error(next_.error);
      }
      held_[turn_] = std::move(next_.bytes);
      const std::uint64_t offset = next_.offset - range_.begin;  // from the start of the range, as open_range gives it
      ended_ = next_.last;
      if (!held_[turn_].empty()) chunk(held_[turn_], offset);  // an empty file has no chunk, as with FileSet
      turn_ ^= 1;
      if (ended_) return;
    }
  }
  // After the consumer is done with the file (or gave up on it): the rest of
  // its chunks, dropped.
  void drain() const {
    if (!started_) {
      started_ = true;
      ended_ = next_.last || !next_.error.empty();
    }
    while (!ended_ && take()) ended_ = next_.last || !next_.error.empty();
  }

 private:
  bool take() const {
    if (!ch_.pop(next_)) {
      ended_ = true;
      return false;
    }
    return true;
  }
  std::string name_;
  std::uint64_t size_;
  Range range_;
  std::size_t chunk_;
  Channel& ch_;
  mutable Message next_;
  mutable bool have_next_ = true, started_ = false, ended_ = false;
  mutable std::vector<std::byte> held_[2];
  mutable int turn_ = 0;
};

}  // namespace

AsyncFileSet::AsyncFileSet(std::string name, Listing listing, Method method, std::size_t chunk_bytes)
    : FileSet(std::move(name), std::move(listing), chunk_bytes), method_(method) {}

std::string AsyncFileSet::how() const { return how_; }

void AsyncFileSet::for_each_file(const File& file) const {
  const std::vector<std::string>& paths = listing().files;
  ReadOptions o;
  o.method = method_;
  o.in_order = true;
  o.chunk_bytes = chunk_bytes();
  o.max_in_flight = 2 * chunk_bytes();  // read ahead by two chunks, and two more wait in the channel
  const std::vector<Range>& ranges = listing().ranges;
  for (const Range& r : ranges) o.windows.push_back(r.whole() ? ReadOptions::Window{} : ReadOptions::Window{r.begin, r.end});
  Channel ch(2 * chunk_bytes());
  std::exception_ptr io_failed;
  std::thread io([&] {
    try {
      how_ = read_files(
                 paths, o,
                 [&](const io::Chunk& c) {
                   ch.push({c.file, c.offset, c.file_size, std::vector<std::byte>(c.bytes.begin(), c.bytes.end()),
                            c.last});
                 },
                 [&](std::size_t f, const std::string& why) { ch.push({.file = f, .error = why}); })
                 .how;
    } catch (const Stopped&) {
    } catch (...) {
      io_failed = std::current_exception();
    }
    ch.finish();
  });
  auto stop_io = [&] {
    ch.close();
    Message drop;
    while (ch.pop(drop)) {
    }
    io.join();
  };
  try {
    Message m;
    while (ch.pop(m)) {
      const std::string& path = paths.at(m.file);
      if (!m.error.empty()) {
        record(m.error);
        continue;
      }
      const Range range = m.file < ranges.size() ? ranges[m.file] : Range{.file = m.file};
      FileView view(path, m.size, range, chunk_bytes(), ch, std::move(m));
      recording(path, [&] { file(view); });
      view.drain();
    }
  } catch (...) {
    stop_io();
    throw;
  }
  io.join();
  if (io_failed) std::rethrow_exception(io_failed);
}

}  // namespace parlab::io
