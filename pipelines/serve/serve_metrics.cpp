#include "pipelines/serve/serve_metrics.hpp"

#include <algorithm>
#include <cmath>
#include <sstream>

namespace parlab::serve {

namespace {
constexpr double kFirst = 1e-6;  // the first bucket's upper edge, in seconds
double edge(int i) { return kFirst * std::exp2(i / 8.0); }
}  // namespace

void LatencyHistogram::add(double s) {
  const int i = s <= kFirst ? 0 : static_cast<int>(std::ceil(8 * std::log2(s / kFirst)));
  ++buckets_[std::clamp(i, 0, kBuckets - 1)];
  ++count_;
  sum_ += s;
}

double LatencyHistogram::quantile(double q) const {
  if (count_ == 0) return 0;
  const auto rank = static_cast<std::uint64_t>(std::ceil(q * static_cast<double>(count_)));
  std::uint64_t seen = 0;
  for (int i = 0; i < kBuckets; ++i)
    if ((seen += buckets_[i]) >= std::max<std::uint64_t>(rank, 1)) return edge(i);
  return edge(kBuckets - 1);
}

void Metrics::connection_opened() {
  std::lock_guard lock(m_);
  ++connections_;
  ++connections_total_;
}
void Metrics::connection_closed() {
  std::lock_guard lock(m_);
  --connections_;
}
void Metrics::request_started() {
  std::lock_guard lock(m_);
  ++in_flight_;
}
void Metrics::request_done(const std::string& route, int status, double seconds) {
  std::lock_guard lock(m_);
  --in_flight_;
  ++requests_[{route, status}];
  latency_[route].add(seconds);
}
void Metrics::job_queued() {
  std::lock_guard lock(m_);
  ++queued_;
}
void Metrics::job_started() {
  std::lock_guard lock(m_);
  --queued_;
  ++busy_;
}
void Metrics::job_finished() {
  std::lock_guard lock(m_);
  --busy_;
}

std::string Metrics::text(int workers) const {
  std::lock_guard lock(m_);
  std::ostringstream o;
  o << "# HELP parlab_requests_total Requests answered, by route and status.\n"
    << "# TYPE parlab_requests_total counter\n";
  for (const auto& [key, n] : requests_)
    o << "parlab_requests_total{route=\"" << key.first << "\",status=\"" << key.second << "\"} " << n << "\n";
  o << "# HELP parlab_request_seconds Time from a request's first byte to its reply, by route.\n"
    << "# TYPE parlab_request_seconds summary\n";
  for (const auto& [route, h] : latency_) {
    for (double q : {0.5, 0.9, 0.99, 0.999})
      o << "parlab_request_seconds{route=\"" << route << "\",quantile=\"" << q << "\"} " << h.quantile(q) << "\n";
    o << "parlab_request_seconds_sum{route=\"" << route << "\"} " << h.sum() << "\n"
      << "parlab_request_seconds_count{route=\"" << route << "\"} " << h.count() << "\n";
  }
  const auto gauge = [&o](const char* name, const char* help, double v) {
    o << "# HELP " << name << " " << help << "\n# TYPE " << name << " gauge\n" << name << " " << v << "\n";
  };
  gauge("parlab_requests_in_flight", "Requests read and not yet answered.", in_flight_);
  gauge("parlab_queue_depth", "Jobs waiting for a worker.", queued_);
  gauge("parlab_workers_busy", "Workers running a job.", busy_);
  gauge("parlab_workers", "Workers (the pool's threads; 1 for the loop model).", workers);
  gauge("parlab_connections_open", "Connections open now.", connections_);
  o << "# HELP parlab_connections_total Connections accepted.\n# TYPE parlab_connections_total counter\n"
    << "parlab_connections_total " << connections_total_ << "\n";
  return o.str();
}

}  // namespace parlab::serve
