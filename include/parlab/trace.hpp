#pragma once
// Timelines: who ran what, when, on which core. A span is a named interval
// on one thread; each thread records into its own buffer (no lock, no
// sharing on the hot path), and collect() gathers them afterwards.
//
//   trace::enable();
//   { trace::Scope s("blur", "task"); ... }      // one span, if enabled
//   const auto spans = trace::collect();
//   trace::write_chrome_json(spans, "run.json");  // opens in Perfetto / chrome://tracing
//
// Names and categories must outlive the trace (string literals): a span
// holds only pointers, so recording costs two clock reads and a push.
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace parlab::trace {

struct Span {
  const char* name = "";
  const char* category = "";
  int thread = 0;  // a small number per thread, in the order threads first recorded
  int cpu = -1;    // the core the span started on (sched_getcpu), -1 if unknown
  std::int64_t start_ns = 0, end_ns = 0;  // now_ns()
  int rank = 0;    // the MPI rank that recorded it (a process row of its own in the trace)
  double seconds() const { return static_cast<double>(end_ns - start_ns) * 1e-9; }
};

// Nanoseconds of the trace clock: the time-stamp counter where it is
// invariant (calibrated once against the steady clock), else the steady clock.
std::int64_t now_ns();

// A stable C string equal to `s`, for names known only at run time (a
// kernel's name): interned once under a lock, kept for the process's life.
// Call it outside hot loops.
const char* intern(std::string_view s);

void enable(bool on = true);
bool enabled();
// Adds a span to this thread's buffer (whether or not tracing is enabled).
void record(const char* name, const char* category, std::int64_t start_ns, std::int64_t end_ns);
// Every thread's spans, by start time; clear() empties the buffers.
std::vector<Span> collect();
void clear();
// Across ranks (collective: every rank calls it): every rank's spans, on
// rank 0 (empty elsewhere), each rank's clock set to zero at a common barrier.
std::vector<Span> collect_ranks();

// A span from construction to destruction, recorded if tracing is enabled.
class Scope {
 public:
  Scope(const char* name, const char* category) : name_(name), category_(category), start_(enabled() ? now_ns() : -1) {}
  ~Scope() {
    if (start_ >= 0) record(name_, category_, start_, now_ns());
  }
  Scope(const Scope&) = delete;
  Scope& operator=(const Scope&) = delete;

 private:
  const char* name_;
  const char* category_;
  std::int64_t start_;
};

// Chrome's trace event format (complete events, "ph": "X", microseconds
// from the first span): the JSON text, and a file written atomically
// (a temporary name, renamed when complete). Throws Error naming the file.
std::string chrome_json(const std::vector<Span>& spans);
void write_chrome_json(const std::vector<Span>& spans, const std::string& path);

}  // namespace parlab::trace
