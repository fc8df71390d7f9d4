// The io_uring reader: one thread keeps up to queue_depth reads in flight
// across many files (liburing), and hands each file's chunks on in offset
// order as they complete. No thread waits on a read: the kernel does the
// waiting, and this thread collects what has finished.
#include <liburing.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <deque>
#include <map>
#include <memory>

#include "parlab/progress.hpp"
#include "parlab/trace.hpp"
#include "pipelines/io/readers.hpp"
#include "runtime/error.hpp"

namespace parlab::io::detail {
namespace {

struct Read;  // one chunk's read

struct File {
  std::size_t index = 0;
  int fd = -1;
  std::uint64_t begin = 0, size = 0;  // the bytes to read: [begin, size)
  std::uint64_t submitted = 0;   // up to here asked for
  std::uint64_t delivered = 0;   // up to here handed on
  int in_flight = 0;             // reads submitted and not completed
  std::string error = {};        // set on the first failure; the file then delivers nothing more
  std::map<std::uint64_t, std::unique_ptr<Read>> ready = {};  // completed, waiting for the chunks before them
};

struct Read {
  File* file = nullptr;
  std::uint64_t offset = 0;
  std::size_t want = 0, got = 0;
  std::unique_ptr<std::byte[]> data = {};  // `want` bytes at least, not zeroed
  std::int64_t submitted_ns = 0;           // for the trace: a read spans submission to completion
};

class Ring {
 public:
  Ring(const std::vector<std::string>& paths, const ReadOptions& o, const OnChunk& on_chunk, const OnError& on_error,
       ReadStats& stats)
      : paths_(paths), o_(o), on_chunk_(on_chunk), on_error_(on_error), stats_(stats) {}
  ~Ring() {
    if (ready_) io_uring_queue_exit(&ring_);
    for (auto& f : open_) close_file(f->fd);
  }

  int setup() {
    const int rc = io_uring_queue_init(static_cast<unsigned>(o_.queue_depth), &ring_, 0);
    ready_ = rc == 0;
    return rc;
  }

  void run() {
    try {
      loop();
    } catch (...) {
      drain();  // reads in flight write into our buffers: wait for them before unwinding
      throw;
    }
  }

 private:
  void loop() {
    for (;;) {
      if (progress::stop_requested()) {
        stats_.stopped = true;
        drain();
        return;
      }
      open_more();
      submit_more();
      if (in_flight_ == 0 && open_.empty() && next_ == paths_.size()) return;
      if (in_flight_ == 0) continue;  // only failed or empty files were opened
      io_uring_cqe* cqe = nullptr;
      const int rc = io_uring_wait_cqe(&ring_, &cqe);
      if (rc == -EINTR) continue;  // a signal (Ctrl-C): look at the stop flag
      if (rc < 0) throw Error(std::string("io_uring_wait_cqe: ") + std::strerror(-rc));
      // Every completion that is there. Each is marked seen before it is
      // handled, so a callback that throws leaves none to be handled twice.
      while (cqe) {
        Read* r = static_cast<Read*>(io_uring_cqe_get_data(cqe));
        const int res = cqe->res;
        io_uring_cqe_seen(&ring_, cqe);
        complete(r, res);
        if (io_uring_peek_cqe(&ring_, &cqe) != 0) cqe = nullptr;
      }
    }
  }

  // Opens files while fewer than queue_depth are open, so that small files
  // are read many at once. Empty and unopenable files finish here.
  void open_more() {
    while (next_ < paths_.size() && open_.size() < static_cast<std::size_t>(o_.queue_depth)) {
      const std::size_t i = next_++;
      const Opened f = open_for_reading(paths_[i], o_, i);
      if ((f.open_errno == EMFILE || f.open_errno == ENFILE) && will_close_one()) {
        // Out of file descriptors (ulimit -n): try this file again once a
        // file open now has been read and closed; never drop it.
        --next_;
        return;
      }
      if (o_.in_order && !open_.empty()) {
        // Its turn comes after the files still open: it waits in line, as a
        // file with nothing to read (its error, or its end) at its place.
        open_.push_back(std::make_unique<File>(File{.index = i, .fd = f.fd, .begin = f.begin, .size = f.size,
                                                    .submitted = f.begin, .delivered = f.begin, .error = f.error}));
        continue;
      }
      if (f.fd < 0) {
        ++stats_.files_failed;
        on_error_(i, f.error);
      } else if (f.size == f.begin) {
        close_file(f.fd);
        ++stats_.files_ok;
        on_chunk_({i, f.begin, {}, f.size, true});
      } else {
        open_.push_back(std::make_unique<File>(
            File{.index = i, .fd = f.fd, .begin = f.begin, .size = f.size, .submitted = f.begin, .delivered = f.begin}));
      }
    }
  }

  // Whether a file open now still has reads to make or to finish, so that it
  // will end and close: a file that could not be opened may then wait for
  // its descriptor.
  bool will_close_one() const {
    for (const auto& f : open_)
      if (f->error.empty() && f->fd >= 0 && (f->in_flight > 0 || f->submitted < f->size)) return true;
    return false;
  }

  // Submits reads, earliest file first, while the queue and the byte cap allow.
  void submit_more() {
    bool any = false;
    for (auto& fp : open_) {
      File& f = *fp;
      while (f.error.empty() && f.submitted < f.size && in_flight_ < o_.queue_depth) {
        const std::size_t want = static_cast<std::size_t>(std::min<std::uint64_t>(o_.chunk_bytes, f.size - f.submitted));
        if (held_ > 0 && held_ + want > o_.max_in_flight) break;  // one chunk is always allowed
        auto r = std::make_unique<Read>(Read{.file = &f, .offset = f.submitted, .want = want});
        r->data = buffer(want);
        if (trace::enabled()) r->submitted_ns = trace::now_ns();
        prepare(r.release());
        f.submitted += want;
        ++f.in_flight;
        held_ += want;
        stats_.peak_in_flight = std::max(stats_.peak_in_flight, held_);
        any = true;
      }
      if (in_flight_ >= o_.queue_depth || (held_ > 0 && held_ + o_.chunk_bytes > o_.max_in_flight)) break;
    }
    if (any) {
      const int rc = io_uring_submit(&ring_);
      if (rc < 0) throw Error(std::string("io_uring_submit: ") + std::strerror(-rc));
    }
  }

  // Whole chunks reuse the buffers of chunks handed on (a fresh buffer would
  // cost page faults on every read); smaller reads get their own.
  std::unique_ptr<std::byte[]> buffer(std::size_t want) {
    if (want < o_.chunk_bytes || spare_.empty()) return std::make_unique_for_overwrite<std::byte[]>(std::max(want, std::size_t{1}));
    std::unique_ptr<std::byte[]> b = std::move(spare_.back());
    spare_.pop_back();
    return b;
  }
  void recycle(Read& r) {
    // Never more than the cap allows in use at once (plus one).
    if (r.want == o_.chunk_bytes && spare_.size() <= o_.max_in_flight / o_.chunk_bytes) spare_.push_back(std::move(r.data));
  }

  void prepare(Read* r) {
    io_uring_sqe* sqe = io_uring_get_sqe(&ring_);
    if (!sqe) throw Error("io_uring: no submission entry free");  // in_flight_ < queue_depth prevents this
    io_uring_prep_read(sqe, r->file->fd, r->data.get() + r->got, static_cast<unsigned>(r->want - r->got),
                       r->offset + r->got);
    io_uring_sqe_set_data(sqe, r);
    ++in_flight_;
  }

  void complete(Read* raw, int res) {
    --in_flight_;
    File& f = *raw->file;
    if (res == -EINTR || res == -EAGAIN) {  // try again
      prepare(raw);
      io_uring_submit(&ring_);
      return;
    }
    std::unique_ptr<Read> r(raw);
    if (res > 0 && r->got + static_cast<std::size_t>(res) < r->want && f.error.empty()) {  // a short read: the rest
      r->got += static_cast<std::size_t>(res);
      prepare(r.release());
      io_uring_submit(&ring_);
      return;
    }
    --f.in_flight;
    if (trace::enabled()) trace::record("read", "io", r->submitted_ns, trace::now_ns());
    if (res < 0 && f.error.empty()) f.error = paths_[f.index] + ": read failed: " + std::strerror(-res);
    if (res == 0 && f.error.empty()) f.error = shrank(paths_[f.index], r->offset + r->got, f.size);
    if (res > 0) r->got += static_cast<std::size_t>(res);
    if (!f.error.empty()) {
      held_ -= r->want;
    } else {
      f.ready.emplace(r->offset, std::move(r));
    }
    if (!o_.in_order) {
      deliver(f);
      finish_if_done(f);
      return;
    }
    // In order: only the earliest open file is handed on; when it ends, the
    // next one's chunks that are ready follow. Reads were submitted earliest
    // file first, so the earliest file never waits for room held by later ones.
    while (!open_.empty()) {
      File& head = *open_.front();
      deliver(head);
      if (!finish_if_done(head)) break;
    }
  }

  // Hands on the file's chunks that are next in order.
  void deliver(File& f) {
    for (auto it = f.ready.find(f.delivered); it != f.ready.end(); it = f.ready.find(f.delivered)) {
      std::unique_ptr<Read> r = std::move(it->second);
      f.ready.erase(it);
      f.delivered += r->want;
      stats_.bytes += r->want;
      const Chunk c{f.index, r->offset, {r->data.get(), r->want}, f.size, f.delivered == f.size};
      held_ -= r->want;  // handed on: the buffer is reused when the callback returns
      on_chunk_(c);
      recycle(*r);
    }
  }

  // Closes and reports the file if it has ended; whether it had.
  bool finish_if_done(File& f) {
    const bool failed = !f.error.empty();
    if (f.in_flight > 0 || (!failed && f.delivered < f.size)) return false;
    for (auto& [offset, r] : f.ready) held_ -= r->want;
    f.ready.clear();
    close_file(f.fd);
    f.fd = -1;
    const std::size_t index = f.index;
    const std::uint64_t begin = f.begin, size = f.size;
    const std::string error = f.error;
    std::erase_if(open_, [&](const std::unique_ptr<File>& p) { return p.get() == &f; });
    if (failed) {
      ++stats_.files_failed;
      on_error_(index, error);
    } else {
      if (size == begin) on_chunk_({index, begin, {}, size, true});  // nothing to read, waiting in line: its one chunk
      ++stats_.files_ok;
    }
    return true;
  }

  // Waits for every read in flight and drops it.
  void drain() {
    while (in_flight_ > 0) {
      io_uring_cqe* cqe = nullptr;
      const int rc = io_uring_wait_cqe(&ring_, &cqe);
      if (rc == -EINTR) continue;
      if (rc < 0) return;  // nothing more can be learned; the buffers leak rather than be freed under a read
      delete static_cast<Read*>(io_uring_cqe_get_data(cqe));
      io_uring_cqe_seen(&ring_, cqe);
      --in_flight_;
    }
  }

  const std::vector<std::string>& paths_;
  const ReadOptions& o_;
  const OnChunk& on_chunk_;
  const OnError& on_error_;
  ReadStats& stats_;
  io_uring ring_{};
  bool ready_ = false;
  std::size_t next_ = 0;  // the next path to open
  std::deque<std::unique_ptr<File>> open_;
  int in_flight_ = 0;     // reads submitted, not completed
  std::vector<std::unique_ptr<std::byte[]>> spare_;  // whole-chunk buffers kept for reuse
  std::size_t held_ = 0;  // bytes of reads in flight or completed and not handed on
};

}  // namespace

bool uring_works(std::string& why) {
  io_uring ring{};
  const int rc = io_uring_queue_init(2, &ring, 0);
  if (rc < 0) {
    why = std::string("io_uring_queue_init: ") + std::strerror(-rc);
    return false;
  }
  io_uring_queue_exit(&ring);
  return true;
}

bool read_uring(const std::vector<std::string>& paths, const ReadOptions& o, const OnChunk& on_chunk,
                const OnError& on_error, ReadStats& stats, std::string& why) {
  Ring ring(paths, o, on_chunk, on_error, stats);
  if (const int rc = ring.setup(); rc < 0) {
    why = std::string("io_uring_queue_init: ") + std::strerror(-rc);
    return false;
  }
  stats.how = "io_uring (queue depth " + std::to_string(o.queue_depth) + ")";
  ring.run();
  return true;
}

}  // namespace parlab::io::detail
