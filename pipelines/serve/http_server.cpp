#include "pipelines/serve/http_server.hpp"

#include <sys/socket.h>
#include <unistd.h>

#include <boost/asio.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <chrono>
#include <utility>
#include <condition_variable>
#include <mutex>
#include <oneapi/tbb/global_control.h>
#include <oneapi/tbb/task_arena.h>
#include <optional>
#include <set>
#include <thread>
#include <unordered_set>

#include "pipelines/serve/blocking_socket.hpp"
#include "pipelines/serve/body_budget.hpp"
#include "pipelines/serve/http_messages.hpp"
#include "pipelines/serve/process_limits.hpp"
#include "pipelines/serve/serve_metrics.hpp"
#include "runtime/error.hpp"

namespace parlab::serve {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = asio::ip::tcp;
using Clock = std::chrono::steady_clock;

Model parse_model(const std::string& name) {
  if (name == "loop") return Model::loop;
  if (name == "pool") return Model::pool;
  if (name == "threads") return Model::threads;
  throw UsageError("--model '" + name + "': one of loop, pool, threads");
}

const char* to_string(Model m) {
  switch (m) {
    case Model::loop: return "loop";
    case Model::pool: return "pool";
    case Model::threads: return "threads";
  }
  return "?";
}

namespace {

// The bytes a request's body may take, from its header.
std::uint64_t body_need(const Parser& p, std::uint64_t max_body) {
  if (const auto n = p.content_length()) return *n;
  return p.chunked() ? max_body : 0;
}

Reply over_budget(const BodyBudget& b) {
  return error_reply(503, "the server holds its limit of " + std::to_string(b.limit() >> 20) +
                              " MiB of request bodies; try again shortly");
}

}  // namespace

struct Server::Impl {
  class Session;

  ServerOptions o;
  asio::io_context ioc{1};
  tcp::acceptor acceptor{ioc};
  asio::signal_set signals{ioc};
  asio::steady_timer accept_retry{ioc};
  Metrics metrics;
  Routes routes;
  int workers = 1;
  // pool: the arena the kernels run in, and the jobs in it (queued or
  // running), counted on the loop thread.
  std::optional<tbb::global_control> allowed;
  std::optional<tbb::task_arena> arena;
  int pool_jobs = 0, pool_limit = 0;
  // threads: the requests computing at once, bounded like the pool's jobs.
  std::atomic<int> thread_jobs{0};
  BodyBudget bodies;
  // Loop thread only: the async sessions, and whether the server is stopping.
  std::unordered_set<Session*> sessions;
  bool stopping = false;
  // threads model: the connection threads, and their sockets (to wake them).
  std::mutex threads_m;
  std::condition_variable threads_cv;
  std::set<int> thread_sockets;
  int thread_count = 0;
  std::atomic<bool> threads_stopping{false};

  explicit Impl(ServerOptions opts)
      : o(std::move(opts)),
        routes(o.work, o.backend, o.threads, [this] { return metrics.text(workers); }),
        bodies(o.max_bodies) {
    const std::uint64_t files = raise_file_limit();
    if (static_cast<std::uint64_t>(o.max_connections) + 64 > files)
      throw UsageError("--max-connections " + std::to_string(o.max_connections) + ": this process may open only " +
                       std::to_string(files) + " files (ulimit -n); allow fewer connections or raise the limit");
    if (o.model != Model::loop) {
      workers = o.workers > 0 ? o.workers : static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
      pool_limit = workers + (o.queue > 0 ? o.queue : 4 * workers);
    }
    if (o.model == Model::pool) {
      // oneTBB starts one worker fewer than the CPUs by default, counting on
      // the calling thread to join; the loop thread never does, so the
      // arena's threads are all workers.
      allowed.emplace(tbb::global_control::max_allowed_parallelism, workers + 1);
      arena.emplace(workers, 0);
    }
    beast::error_code ec;
    const auto address = asio::ip::make_address(o.bind, ec);
    if (ec) throw UsageError("--bind '" + o.bind + "': not an IP address");
    const tcp::endpoint at{address, static_cast<unsigned short>(o.port)};
    const std::string where = o.bind + ":" + std::to_string(o.port);
    if (acceptor.open(at.protocol(), ec); ec) throw Error(where + ": " + ec.message());
    acceptor.set_option(asio::socket_base::reuse_address(true), ec);
    if (acceptor.bind(at, ec); ec) throw Error(where + ": cannot bind: " + ec.message());
    if (acceptor.listen(asio::socket_base::max_listen_connections, ec); ec)
      throw Error(where + ": cannot listen: " + ec.message());
  }

  std::chrono::steady_clock::duration timeout() const {
    return std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(o.timeout_s));
  }

  void accept() {
    acceptor.async_accept([this](beast::error_code ec, tcp::socket socket) {
      if (stopping) return;
      if (ec) {
        // Out of files (EMFILE) or another passing error: try again a little
        // later rather than spin on it.
        accept_retry.expires_after(std::chrono::milliseconds(50));
        accept_retry.async_wait([this](beast::error_code) {
          if (!stopping) accept();
        });
        return;
      }
      on_accept(std::move(socket));
      accept();
    });
  }

  int open_connections() {
    if (o.model != Model::threads) return static_cast<int>(sessions.size());
    std::lock_guard lock(threads_m);
    return thread_count;
  }

  void on_accept(tcp::socket socket);
  void run_thread_session(int fd);

  void begin_stop() {
    if (stopping) return;
    stopping = true;
    beast::error_code ec;
    acceptor.close(ec);
    signals.cancel(ec);
    accept_retry.cancel();
    for (Session* s : sessions) s_idle_close(s);
    threads_stopping = true;
    std::lock_guard lock(threads_m);
    for (int fd : thread_sockets) ::shutdown(fd, SHUT_RD);  // a thread blocked reading wakes with end of file
  }
  static void s_idle_close(Session* s);
};

// One connection of the loop and pool models, driven by the event loop.
class Server::Impl::Session : public std::enable_shared_from_this<Session> {
 public:
  Session(Impl& server, tcp::socket socket) : s_(server), stream_(std::move(socket)) {
    s_.sessions.insert(this);
    s_.metrics.connection_opened();
  }
  ~Session() {
    s_.sessions.erase(this);
    s_.metrics.connection_closed();
  }
  void read() {
    if (s_.stopping) return;
    busy_ = false;
    parser_.emplace();
    parser_->header_limit(s_.o.max_header);
    parser_->body_limit(s_.o.max_body);
    stream_.expires_after(s_.timeout());
    http::async_read_header(stream_, buffer_, *parser_,
                            [self = shared_from_this()](beast::error_code ec, std::size_t) { self->on_header(ec); });
  }
  // Stopping: a connection waiting for its next request closes now; one
  // with a request in hand finishes it first.
  void close_if_idle() {
    if (!busy_) stream_.cancel();
  }

 private:
  void on_header(beast::error_code ec) {
    t0_ = Clock::now();
    if (ec) return on_read_error(ec);
    busy_ = true;
    s_.metrics.request_started();
    started_ = true;
    const std::uint64_t need = body_need(*parser_, s_.o.max_body);
    if (!s_.bodies.take(need)) {
      route_ = "other";
      return reply(over_budget(s_.bodies), false, 1);  // the body is left unread: the connection closes
    }
    hold_ = BodyHold(s_.bodies, need);
    if (!expects_continue(*parser_)) return read_body();
    // curl and others wait for this before they send a large body.
    asio::async_write(stream_, asio::buffer(kContinue), [self = shared_from_this()](beast::error_code ec, std::size_t) {
      if (ec) return self->on_read_error(ec);
      self->read_body();
    });
  }
  void read_body() {
    http::async_read(stream_, buffer_, *parser_,
                     [self = shared_from_this()](beast::error_code ec, std::size_t) { self->on_body(ec); });
  }
  void on_read_error(beast::error_code ec) {
    std::optional<Reply> r = read_error_reply(ec);
    if (!r) {
      if (started_) s_.metrics.request_done("other", 499, seconds_since(t0_));  // the client left mid-request
      return;  // the last reference goes: the socket closes
    }
    if (!started_) {
      s_.metrics.request_started();
      started_ = true;
    }
    route_ = "other";
    reply(std::move(*r), false);
  }
  void on_body(beast::error_code ec) {
    if (ec) return on_read_error(ec);
    http::request<http::string_body> req = parser_->release();
    const bool keep = req.keep_alive();
    Routed r = s_.routes.route(sv(req.method_string()), sv(req.target()),
                               std::move(req.body()));
    route_ = r.route;
    if (r.now) return reply(std::move(*r.now), keep);
    if (s_.o.model == Model::loop) {
      s_.metrics.job_queued();
      s_.metrics.job_started();
      Reply rep = r.job();  // on the loop thread: every other connection waits
      s_.metrics.job_finished();
      return reply(std::move(rep), keep);
    }
    if (s_.pool_jobs >= s_.pool_limit)
      return reply(error_reply(503, "all " + std::to_string(s_.workers) + " workers are busy and " +
                                        std::to_string(s_.pool_limit - s_.workers) + " requests wait; try again shortly"),
                   keep, 1);
    ++s_.pool_jobs;
    s_.metrics.job_queued();
    // A worker runs the job and posts the reply back to the loop; the guard
    // keeps io_context::run from returning while a job is out. What the
    // worker needs travels in one Hand, which the task owns from its first
    // line and frees before it posts: the session's and the guard's last
    // references must drop on the loop thread (a session's destructor
    // touches the loop's set of sessions; the guard's release lets the
    // server go away), and nothing may hang off oneTBB's task once the guard
    // is released (oneTBB frees its task later, on the worker, possibly as
    // the process exits).
    struct Hand {
      std::shared_ptr<Session> self;
      std::function<Reply()> job;
      bool keep;
      asio::executor_work_guard<asio::io_context::executor_type> guard;
    };
    // oneTBB calls the task as const, so it holds a plain pointer (an
    // enqueued task always runs: the guard keeps the server up until it has).
    auto hand = std::make_unique<Hand>(Hand{shared_from_this(), std::move(r.job), keep, asio::make_work_guard(s_.ioc)});
    s_.arena->enqueue([raw = hand.get()] {
      lower_this_worker();
      Hand h = std::move(*std::unique_ptr<Hand>(raw));
      Impl& server = h.self->s_;
      server.metrics.job_started();
      Reply rep = std::exchange(h.job, nullptr)();  // the job and what it holds go here, on the worker
      server.metrics.job_finished();
      asio::post(server.ioc, [self = std::move(h.self), guard = std::move(h.guard), rep = std::move(rep),
                              keep = h.keep]() mutable { self->finish(std::move(rep), keep); });
    });
    hand.release();  // enqueued: the task owns it now
  }

 public:
  // pool: a worker's reply, back on the loop thread.
  void finish(Reply rep, bool keep) {
    --s_.pool_jobs;
    reply(std::move(rep), keep);
  }

 private:
  void reply(Reply r, bool keep, int retry_after = 0) {
    if (retry_after) r.retry_after = retry_after;
    status_ = r.status;
    res_ = to_response(std::move(r), keep && !s_.stopping);
    stream_.expires_after(s_.timeout());
    http::async_write(stream_, res_, [self = shared_from_this()](beast::error_code ec, std::size_t) {
      self->s_.metrics.request_done(self->route_, self->status_, seconds_since(self->t0_));
      self->started_ = false;
      self->hold_.release();
      if (ec) return;
      if (!self->res_.keep_alive()) {
        beast::error_code ignored;
        self->stream_.socket().shutdown(tcp::socket::shutdown_send, ignored);
        return;
      }
      self->read();
    });
  }

  Impl& s_;
  beast::tcp_stream stream_;
  beast::flat_buffer buffer_;
  std::optional<Parser> parser_;
  http::response<http::string_body> res_;
  Clock::time_point t0_;
  std::string route_ = "other";
  int status_ = 0;
  bool busy_ = false, started_ = false;
  BodyHold hold_;  // this request's share of the bodies' budget
};

void Server::Impl::s_idle_close(Session* s) { s->close_if_idle(); }


void Server::Impl::on_accept(tcp::socket socket) {
  // Replies go out whole at once: no reason to wait for more bytes (Nagle).
  beast::error_code nodelay;
  socket.set_option(tcp::no_delay(true), nodelay);
  if (open_connections() >= o.max_connections) {
    // Beyond the bound: a short answer, and the connection closed.
    auto res = std::make_shared<http::response<http::string_body>>(to_response(
        error_reply(503, "this server holds " + std::to_string(o.max_connections) + " connections; try again shortly"),
        false));
    res->set(http::field::retry_after, "1");
    auto sock = std::make_shared<tcp::socket>(std::move(socket));
    http::async_write(*sock, *res, [sock, res](beast::error_code, std::size_t) {
      beast::error_code ignored;
      sock->shutdown(tcp::socket::shutdown_send, ignored);
    });
    return;
  }
  if (o.model != Model::threads) {
    std::make_shared<Session>(*this, std::move(socket))->read();
    return;
  }
  {
    std::lock_guard lock(threads_m);
    ++thread_count;
  }
  // The thread gets the bare descriptor: an Asio socket belongs to the
  // io_context, and its destruction on a thread that outlives the loop
  // would touch a service already gone.
  beast::error_code ec;
  const int fd = socket.release(ec);
  if (ec) {
    std::lock_guard lock(threads_m);
    --thread_count;
    threads_cv.notify_all();
    return;
  }
  std::thread([this, fd] { run_thread_session(fd); }).detach();
}

// One connection of the threads model: blocking reads and writes on a
// thread of its own.
void Server::Impl::run_thread_session(int fd) {
  {
    std::lock_guard lock(threads_m);
    thread_sockets.insert(fd);
    if (threads_stopping) ::shutdown(fd, SHUT_RD);
  }
  metrics.connection_opened();
  BlockingSocket stream(fd, o.timeout_s);
  beast::flat_buffer buffer;
  for (;;) {
    Parser parser;
    parser.header_limit(o.max_header);
    parser.body_limit(o.max_body);
    beast::error_code ec;
    http::read_header(stream, buffer, parser, ec);
    const Clock::time_point t0 = Clock::now();
    std::string route = "other";
    bool keep = false;
    Reply rep;
    BodyHold hold;
    bool admitted = true;
    if (!ec) {
      metrics.request_started();
      const std::uint64_t need = body_need(parser, o.max_body);
      admitted = bodies.take(need);
      if (admitted) {
        hold = BodyHold(bodies, need);
        if (expects_continue(parser)) asio::write(stream, asio::buffer(kContinue), ec);
        if (!ec) http::read(stream, buffer, parser, ec);
      }
    }
    if (!admitted) {
      rep = over_budget(bodies);
      rep.retry_after = 1;
    } else if (ec) {
      std::optional<Reply> r = read_error_reply(ec);
      if (!r) {
        if (parser.is_header_done()) metrics.request_done("other", 499, seconds_since(t0));  // the client left mid-request
        break;
      }
      if (!parser.is_header_done()) metrics.request_started();
      rep = std::move(*r);
    } else {
      http::request<http::string_body> req = parser.release();
      keep = req.keep_alive() && !threads_stopping;
      Routed r = routes.route(sv(req.method_string()), sv(req.target()),
                              std::move(req.body()));
      route = r.route;
      if (r.now) {
        rep = std::move(*r.now);
      } else if (++thread_jobs > pool_limit) {
        // Each connection has its thread, but the requests computing at once
        // are bounded like the pool's jobs: each holds a decoded image.
        --thread_jobs;
        rep = error_reply(503, std::to_string(pool_limit) + " requests are computing; try again shortly");
        rep.retry_after = 1;
      } else {
        metrics.job_queued();
        metrics.job_started();
        rep = r.job();
        metrics.job_finished();
        --thread_jobs;
      }
    }
    const int status = rep.status;
    http::response<http::string_body> res = to_response(std::move(rep), keep);
    http::write(stream, res, ec);
    metrics.request_done(route, status, seconds_since(t0));
    if (ec || !keep) break;
  }
  ::shutdown(fd, SHUT_WR);
  metrics.connection_closed();
  std::lock_guard lock(threads_m);
  thread_sockets.erase(fd);
  ::close(fd);  // under the lock: the descriptor is not reused while begin_stop may name it
  --thread_count;
  threads_cv.notify_all();
}

Server::Server(ServerOptions o) : impl_(std::make_unique<Impl>(std::move(o))) {}
Server::~Server() = default;

int Server::port() const { return impl_->acceptor.local_endpoint().port(); }
int Server::workers() const { return impl_->workers; }

void Server::run() {
  Impl& s = *impl_;
  if (s.o.handle_signals) {
    s.signals.add(SIGINT);
    s.signals.add(SIGTERM);
    s.signals.async_wait([&s](beast::error_code ec, int) {
      if (!ec) s.begin_stop();
    });
  }
  s.accept();
  s.ioc.run();
  // The loop is done: every async connection is closed and every pool job
  // posted back. Connection threads finish their request and leave.
  std::unique_lock lock(s.threads_m);
  s.threads_cv.wait(lock, [&s] { return s.thread_count == 0; });
}

void Server::stop() {
  asio::post(impl_->ioc, [this] { impl_->begin_stop(); });
}

}  // namespace parlab::serve
