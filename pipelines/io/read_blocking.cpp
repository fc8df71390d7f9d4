// The blocking reader: pool_threads oneTBB tasks at a time, each reading one
// file front to back with pread(2), put their chunks in one queue; the
// calling thread takes them from it and hands them on. A reader waits before
// each read while the bytes held would pass the cap.
#include <tbb/task_arena.h>
#include <tbb/task_group.h>

#include <atomic>
#include <cerrno>
#include <condition_variable>
#include <cstring>
#include <deque>
#include <map>
#include <mutex>
#include <optional>

#include "parlab/progress.hpp"
#include "parlab/trace.hpp"
#include "pipelines/io/readers.hpp"
#include "pipelines/workers/workers.hpp"

namespace parlab::io::detail {
namespace {

// What a reader puts in the queue: a chunk, or the end of a file (ok, failed
// or abandoned at a stop).
struct Item {
  std::size_t file = 0;
  std::uint64_t offset = 0, size = 0;
  std::vector<std::byte> bytes = {};
  bool last = false;
  bool end = false;       // no more items for this file
  std::string error = {}; // with end: why the file failed ("" if it did not)
  bool abandoned = false; // with end: a stop came first
};

class Queue {
 public:
  explicit Queue(std::size_t cap) : cap_(cap) {}

  // Waits until `bytes` more may be held (one chunk always may), then counts
  // them. False if the reading is to stop.
  // In order, the file being handed on may read one chunk whatever the
  // others hold: the files after it cannot be handed on before it ends, so
  // they must not take all the room.
  bool reserve(std::size_t bytes, std::size_t file, ReadStats& stats) {
    std::unique_lock lock(m_);
    room_.wait(lock, [&] {
      return held_ == 0 || held_ + bytes <= cap_ || stop_ || (file == head_ && held_of_[file] == 0);
    });
    if (stop_) return false;
    held_ += bytes;
    held_of_[file] += bytes;
    stats.peak_in_flight = std::max(stats.peak_in_flight, held_);
    return true;
  }
  void push(Item item) {
    {
      const std::lock_guard lock(m_);
      items_.push_back(std::move(item));
    }
    ready_.notify_one();
  }
  Item pop() {
    std::unique_lock lock(m_);
    ready_.wait(lock, [&] { return !items_.empty(); });
    Item item = std::move(items_.front());
    items_.pop_front();
    return item;
  }
  void release(std::size_t bytes, std::size_t file) {
    {
      const std::lock_guard lock(m_);
      held_ -= bytes;
      if ((held_of_[file] -= bytes) == 0) held_of_.erase(file);
    }
    room_.notify_all();
  }
  void set_head(std::size_t file) {
    {
      const std::lock_guard lock(m_);
      head_ = file;
    }
    room_.notify_all();
  }
  void stop() {
    {
      const std::lock_guard lock(m_);
      stop_ = true;
    }
    room_.notify_all();
  }
  bool stopping() {
    const std::lock_guard lock(m_);
    return stop_;
  }

 private:
  std::mutex m_;
  std::condition_variable room_, ready_;
  std::deque<Item> items_;
  std::size_t held_ = 0;
  const std::size_t cap_;
  bool stop_ = false;
  std::size_t head_ = SIZE_MAX;  // in order: the file being handed on
  std::map<std::size_t, std::size_t> held_of_;  // bytes held, by file
};

// One file, front to back; every path ends with exactly one `end` item.
void read_one(const std::string& path, std::size_t index, const ReadOptions& o, Queue& q, ReadStats& stats) {
  Item end{.file = index, .end = true};
  const Opened f = open_for_reading(path, o, index);
  if (f.fd < 0) {
    end.error = f.error;
    q.push(std::move(end));
    return;
  }
  std::uint64_t at = f.begin;
  do {
    const std::size_t want = static_cast<std::size_t>(std::min<std::uint64_t>(o.chunk_bytes, f.size - at));
    if (progress::stop_requested() || !q.reserve(want, index, stats)) {
      end.abandoned = true;
      break;
    }
    Item c{.file = index, .offset = at, .size = f.size};
    c.bytes.resize(want);
    std::size_t got = 0;
    const trace::Scope span("read", "io");
    while (got < want && end.error.empty()) {
      const ssize_t r = ::pread(f.fd, c.bytes.data() + got, want - got, static_cast<off_t>(at + got));
      if (r < 0 && errno == EINTR) continue;
      if (r < 0) end.error = path + ": read failed: " + std::strerror(errno);
      if (r == 0) end.error = shrank(path, at + got, f.size);
      if (r > 0) got += static_cast<std::size_t>(r);
    }
    if (!end.error.empty()) {
      q.release(want, index);
      break;
    }
    at += want;
    c.last = at == f.size;
    q.push(std::move(c));
  } while (at < f.size);
  close_file(f.fd);
  q.push(std::move(end));
}

}  // namespace

void read_blocking(const std::vector<std::string>& paths, const ReadOptions& o, const OnChunk& on_chunk,
                   const OnError& on_error, ReadStats& stats) {
  stats.how += ", " + std::to_string(o.pool_threads) + " reader threads";
  Queue q(o.max_in_flight);
  // oneTBB keeps one worker per core for computation; readers mostly wait,
  // so this read may have pool_threads of them whatever the cores (under
  // `parlab pipeline`, which has allowed them already, no control is made).
  const auto allow = pipeline::allow_at_least(static_cast<std::size_t>(o.pool_threads) + 1);
  tbb::task_arena arena(o.pool_threads, 0);  // no slot kept for this thread: it consumes, the arena reads
  tbb::task_group readers;
  arena.execute([&] {
    for (std::size_t i = 0; i < paths.size(); ++i) readers.run([&, i] { read_one(paths[i], i, o, q, stats); });
  });
  std::exception_ptr failed;
  std::size_t ended = 0;
  auto hand_on = [&](Item& item) {
    if (item.end) {
      ++ended;
      if (item.abandoned) {
        stats.stopped = true;
      } else if (!item.error.empty()) {
        ++stats.files_failed;
        if (!failed) on_error(item.file, item.error);
      } else {
        ++stats.files_ok;
      }
      return;
    }
    const std::size_t n = item.bytes.size();
    if (!failed && !progress::stop_requested()) {
      try {
        if (n > 0 || item.last) on_chunk({item.file, item.offset, item.bytes, item.size, item.last});
        stats.bytes += n;
      } catch (...) {
        failed = std::current_exception();
        q.stop();
      }
    } else {
      q.stop();
    }
    q.release(n, item.file);
  };
  // In order: items of later files wait here until every earlier file has ended.
  std::map<std::size_t, std::deque<Item>> waiting;
  std::size_t head = 0;
  if (o.in_order) q.set_head(head);
  while (ended < paths.size()) {
    Item item = q.pop();
    if (!o.in_order) {
      hand_on(item);
      continue;
    }
    if (item.file != head) {
      waiting[item.file].push_back(std::move(item));
      continue;
    }
    bool next = item.end;
    hand_on(item);
    while (next) {  // the head file ended: hand on what its successors have sent so far
      q.set_head(++head);
      next = false;
      auto it = waiting.find(head);
      if (it == waiting.end()) break;
      std::deque<Item> items = std::move(it->second);
      waiting.erase(it);
      for (Item& x : items) {
        next = x.end;
        hand_on(x);
      }
    }
  }
  arena.execute([&] { readers.wait(); });
  if (failed) std::rethrow_exception(failed);
}

}  // namespace parlab::io::detail
