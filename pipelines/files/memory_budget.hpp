#pragma once
// The memory the files in flight may hold together. A file's need is known
// once its header is read (a 283 KB PNG may decode to 16000x16000 pixels, 3 GiB
// of floats), so the reader asks the budget before it hands a file on and
// waits while the files ahead of it hold too much. A file that alone needs
// more than the whole budget still goes on when nothing else is in flight:
// its decoder then refuses it or not, with its reason (the file's error).
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <mutex>

namespace parlab::pipeline {

class MemoryBudget {
 public:
  // limit 0: no limit (the machine's memory is unknown).
  explicit MemoryBudget(std::uint64_t limit) : limit_(limit) {}

  // What a file holds until it is reported; released when destroyed.
  class Lease {
   public:
    Lease() = default;
    Lease(MemoryBudget* b, std::uint64_t bytes) : budget_(b), bytes_(bytes) {}
    Lease(Lease&& o) noexcept : budget_(o.budget_), bytes_(o.bytes_) { o.budget_ = nullptr; }
    Lease& operator=(Lease&& o) noexcept;
    Lease(const Lease&) = delete;
    Lease& operator=(const Lease&) = delete;
    ~Lease() { release(); }
    void release();

   private:
    MemoryBudget* budget_ = nullptr;
    std::uint64_t bytes_ = 0;
  };

  // Waits until `bytes` fit beside what is held (or nothing is held), unless
  // stop() returns true first (then an empty lease).
  template <class Stop>
  Lease acquire(std::uint64_t bytes, Stop stop) {
    std::unique_lock lock(mutex_);
    if (!fits(bytes)) ++waits_;
    while (!fits(bytes)) {
      if (stop()) return {};
      freed_.wait_for(lock, std::chrono::milliseconds(50));  // a stop sets no condition: polled
    }
    held_ += bytes;
    if (held_ > peak_) peak_ = held_;
    return {this, bytes};
  }

  std::uint64_t limit() const { return limit_; }
  std::uint64_t peak() const;
  std::uint64_t waits() const;  // files that had to wait for memory

 private:
  bool fits(std::uint64_t bytes) const { return limit_ == 0 || held_ == 0 || held_ + bytes <= limit_; }
  void give_back(std::uint64_t bytes);

  const std::uint64_t limit_;
  mutable std::mutex mutex_;
  std::condition_variable freed_;
  std::uint64_t held_ = 0, peak_ = 0, waits_ = 0;
};

}  // namespace parlab::pipeline
