#include "pipelines/files/memory_budget.hpp"

namespace parlab::pipeline {

MemoryBudget::Lease& MemoryBudget::Lease::operator=(Lease&& o) noexcept {
  if (this != &o) {
    release();
    budget_ = o.budget_;
    bytes_ = o.bytes_;
    o.budget_ = nullptr;
  }
  return *this;
}

void MemoryBudget::Lease::release() {
  if (budget_) budget_->give_back(bytes_);
  budget_ = nullptr;
}

void MemoryBudget::give_back(std::uint64_t bytes) {
  {
    const std::lock_guard lock(mutex_);
    held_ -= bytes;
  }
  freed_.notify_all();
}

std::uint64_t MemoryBudget::peak() const {
  const std::lock_guard lock(mutex_);
  return peak_;
}

std::uint64_t MemoryBudget::waits() const {
  const std::lock_guard lock(mutex_);
  return waits_;
}

}  // namespace parlab::pipeline
