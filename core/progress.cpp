#include "parlab/progress.hpp"

#include <atomic>

namespace parlab::progress {
namespace {

std::atomic<double> g_done{0}, g_total{0};
std::atomic<bool> g_stop{false};
static_assert(std::atomic<bool>::is_always_lock_free, "request_stop must be async-signal-safe");

}  // namespace

void begin(double total) {
  g_total.store(total, std::memory_order_relaxed);
  g_done.store(0, std::memory_order_relaxed);
}
void advance(double items) { g_done.fetch_add(items, std::memory_order_relaxed); }
double done() { return g_done.load(std::memory_order_relaxed); }
double total() { return g_total.load(std::memory_order_relaxed); }

void request_stop() { g_stop.store(true, std::memory_order_relaxed); }
bool stop_requested() { return g_stop.load(std::memory_order_relaxed); }
void clear_stop() { g_stop.store(false, std::memory_order_relaxed); }

}  // namespace parlab::progress
