#pragma once
// What `parlab serve` answers, apart from HTTP: a request's method, target
// and body in, a reply out. The cheap answers (/health, /metrics, a request
// that is wrong) are given at once; the CPU work (a filter, a Monte Carlo
// run) comes back as a job, which the server's model runs where it runs its
// work: on the event loop itself, on a pool of workers, or on the
// connection's own thread (http_server.hpp).
//
// The routes come from the registry, not from a list here:
//   POST /filter/<kernel>?<option>=<value>&...   every kernel that reads and
//        writes files; the body is the image, the reply the kernel's file
//        (PNG), byte for byte what `parlab filter` writes;
//   GET  /<command words>?<option>=<value>&seed=S   every kernel with a
//        command of its own that takes no files (`montecarlo pi` gives
//        /montecarlo/pi); the reply is JSON, its "value" what
//        `parlab montecarlo pi --format json` gives for the same options;
//   GET  /health, GET /metrics.
// The options are the kernel's own, checked against their declared ranges
// as on the command line.
#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>

#include "parlab/registry.hpp"

namespace parlab::serve {

struct Reply {
  int status = 200;
  std::string content_type = "text/plain; charset=utf-8";
  std::string body;
  int retry_after = 0;  // seconds, for a Retry-After header; 0: none
};
// A status with a one-line body: "413 Payload Too Large: <why>\n".
Reply error_reply(int status, std::string_view why);
std::string_view reason(int status);

// What one request may make the server do (everything a client controls is
// bounded: the body and headers by the HTTP layer, the work here).
struct WorkLimits {
  std::uint64_t max_items = std::uint64_t{1} << 28;  // samples or paths a request may ask for
  std::uint64_t max_memory = std::uint64_t{1} << 30; // bytes an image request may need once decoded
};

struct Routed {
  std::string route;           // the metrics' label: "filter", "montecarlo", "health", "metrics", "other"
  std::optional<Reply> now;    // answered at once; else
  std::function<Reply()> job;  // the work, to be run by the model (never throws: errors become replies)
};

class Routes {
 public:
  // `backend`: the backend each kernel runs on; `threads`: OpenMP threads
  // per request (0: OpenMP's default); `metrics`: the /metrics text.
  Routes(WorkLimits limits, std::function<Backend(const Kernel&)> backend, int threads,
         std::function<std::string()> metrics);
  // `body` is moved into the job that needs it.
  Routed route(std::string_view method, std::string_view target, std::string body) const;

 private:
  WorkLimits limits_;
  std::function<Backend(const Kernel&)> backend_;
  int threads_;
  std::function<std::string()> metrics_;
  std::map<std::string, const Kernel*, std::less<>> filters_, runs_;  // path -> kernel
};

}  // namespace parlab::serve
