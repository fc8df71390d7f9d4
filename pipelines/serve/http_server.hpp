#pragma once
// `parlab serve`: a real HTTP/1.1 server, on Boost.Beast over Boost.Asio
// (header-only, in Debian's Boost; one io_context is the event loop), that
// answers with parlab's kernels (serve_routes.hpp). Three designs of the
// same server, to set side by side under load:
//
//   loop     one thread does everything: accepts, reads, runs the kernel,
//            writes. While a filter runs, no other connection is served,
//            not even /health: the mistake the texts on event loops warn of.
//   pool     the loop accepts, reads and writes; the kernels run on N
//            workers (a oneTBB task_arena), and their replies are posted back
//            to the loop. The loop stays free, so /health answers at once
//            while every core filters: concurrency and parallelism together.
//   threads  the loop only accepts; each connection gets an OS thread of its
//            own, which reads, runs and writes with blocking calls (the
//            other classic design: simple code, a thread's memory and a
//            context switch per connection). The requests computing at once
//            are bounded as the pool's are (workers + queue).
//
// What a client controls is bounded: the request line and headers
// (max_header, 413), the body (max_body, 413), the bodies held at once
// across connections (max_bodies, 503), the work (WorkLimits, 413 or
// 422), the connections (max_connections: beyond them 503), the jobs waiting
// for the pool or computing on their threads (workers + queue: beyond them
// 503 with Retry-After), and the time a
// request may take to arrive (timeout: a slow client is cut off, so idle
// connections cannot starve new ones). Malformed HTTP gets 400 and the
// connection is closed. stop() (or SIGINT/SIGTERM, with handle_signals)
// stops accepting, lets the requests in flight finish, and returns.
#include <atomic>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>

#include "pipelines/serve/serve_routes.hpp"

namespace parlab::serve {

enum class Model { loop, pool, threads };
Model parse_model(const std::string& name);  // UsageError for another name
const char* to_string(Model m);

struct ServerOptions {
  std::string bind = "127.0.0.1";
  int port = 8080;                 // 0: any free port (Server::port() says which)
  Model model = Model::pool;
  int workers = 0;                 // pool: threads running kernels; 0: one per logical CPU
  int queue = 0;                   // jobs that may wait for a worker; 0: 4 per worker (threads: workers + queue compute at once)
  int max_connections = 4096;
  std::uint32_t max_header = 8 * 1024;         // request line and headers, bytes
  std::uint64_t max_body = 64u << 20;          // bytes
  std::uint64_t max_bodies = 1u << 30;         // bytes of request bodies held at once, all connections
  double timeout_s = 10;           // to receive a whole request, and to send a reply
  WorkLimits work;
  std::function<Backend(const Kernel&)> backend;  // the backend each kernel runs on
  int threads = 1;                 // OpenMP threads per request (an openmp backend)
  bool handle_signals = false;     // SIGINT and SIGTERM stop the server
};

class Server {
 public:
  // Binds and listens now (Error naming the address if it cannot).
  explicit Server(ServerOptions o);
  ~Server();
  int port() const;
  int workers() const;  // the threads that run kernels (1 for the loop model)
  // Serves until stop() or a signal; returns when every request in flight
  // is answered and every connection closed.
  void run();
  // From any thread: stop accepting, finish what is in flight.
  void stop();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace parlab::serve
