#pragma once
// What `GET /metrics` reports, in Prometheus's text format: requests by
// route and status, what is in flight, the queue before the workers, the
// busy workers, the open connections, and latency quantiles by route. Every
// model updates it from its own threads (the loop, the workers, one thread
// per connection), so each update takes a mutex: a few tens of nanoseconds
// beside requests that take microseconds to seconds.
#include <array>
#include <chrono>
#include <cstdint>
#include <map>
#include <mutex>
#include <string>
#include <utility>

namespace parlab::serve {

// Latencies kept in buckets of a constant ratio (2^(1/8), 9% wide) from 1 us
// to about 1.2 hours: a quantile is known to within its bucket's width,
// whatever the count, in constant memory.
class LatencyHistogram {
 public:
  void add(double seconds);
  // The q-quantile (0 < q < 1): the upper edge of the bucket that holds it;
  // 0 with no samples.
  double quantile(double q) const;
  std::uint64_t count() const { return count_; }
  double sum() const { return sum_; }

 private:
  static constexpr int kBuckets = 8 * 32;
  std::array<std::uint64_t, kBuckets> buckets_ = {};
  std::uint64_t count_ = 0;
  double sum_ = 0;
};

class Metrics {
 public:
  void connection_opened();
  void connection_closed();
  void request_started();
  // A request answered: its route ("filter", "montecarlo", "health", ...),
  // status and time from its first byte to its reply.
  void request_done(const std::string& route, int status, double seconds);
  // A job waiting for a worker (queued), and a worker taking one (busy).
  void job_queued();
  void job_started();
  void job_finished();
  // The Prometheus text exposition (version 0.0.4).
  std::string text(int workers) const;

 private:
  mutable std::mutex m_;
  std::map<std::pair<std::string, int>, std::uint64_t> requests_;  // (route, status) -> count
  std::map<std::string, LatencyHistogram> latency_;                  // route -> latencies
  int in_flight_ = 0, queued_ = 0, busy_ = 0, connections_ = 0;
  std::uint64_t connections_total_ = 0;
};

// Seconds since `t0` on the steady clock.
inline double seconds_since(std::chrono::steady_clock::time_point t0) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
}

}  // namespace parlab::serve
