#pragma once
// The request bodies `parlab serve` holds at once, across its connections
// (http_server.cpp): a budget, and one request's share of it.
#include <atomic>
#include <cstdint>
#include <utility>

namespace parlab::serve {

// The request bodies held at once, across connections: each admitted from
// its header (Content-Length, or --max-body for a chunked body) before a byte
// of it is read, and given back when its reply is sent. Without it a
// thousand connections of 64 MiB bodies would hold 64 GiB.
class BodyBudget {
 public:
  explicit BodyBudget(std::uint64_t limit) : limit_(limit) {}
  bool take(std::uint64_t n) {
    std::uint64_t held = held_.load();
    do {
      if (held + n > limit_) return false;
    } while (!held_.compare_exchange_weak(held, held + n));
    return true;
  }
  void give(std::uint64_t n) { held_ -= n; }
  std::uint64_t limit() const { return limit_; }

 private:
  const std::uint64_t limit_;
  std::atomic<std::uint64_t> held_{0};
};

// One request's share of the budget, given back when it ends.
class BodyHold {
 public:
  BodyHold() = default;
  BodyHold(BodyBudget& b, std::uint64_t n) : b_(&b), n_(n) {}
  BodyHold(BodyHold&& o) noexcept : b_(std::exchange(o.b_, nullptr)), n_(o.n_) {}
  BodyHold& operator=(BodyHold&& o) noexcept {
    release();
    b_ = std::exchange(o.b_, nullptr);
    n_ = o.n_;
    return *this;
  }
  ~BodyHold() { release(); }
  void release() {
    if (b_) b_->give(n_);
    b_ = nullptr;
  }

 private:
  BodyBudget* b_ = nullptr;
  std::uint64_t n_ = 0;
};

}  // namespace parlab::serve
