// `parlab demo serve`: the experiment of scripts/bench_serve.sh in small, on
// its own. parlab's server (pipelines/serve/) runs in this process on a
// loopback port, once per model; a few client threads POST images to
// /filter/gaussian_blur back to back (one more than the cores: every core
// stays busy) while one more client asks /health every few milliseconds.
// On the loop model /health waits behind the filters; on the pool it is
// answered at once while the workers filter: the event loop is the
// concurrency, the workers are the parallelism.
#include <utility>  // first: Boost 1.74's asio/awaitable.hpp uses std::exchange without including it

#include <algorithm>
#include <boost/asio.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <mutex>
#include <thread>
#include <vector>

#include "parlab/registry.hpp"
#include "parlab/trace.hpp"
#include "pipelines/demos/demos.hpp"
#include "pipelines/serve/http_server.hpp"
#include "runtime/error.hpp"

namespace parlab::demo {
namespace {

namespace asio = boost::asio;
namespace http = boost::beast::http;

// One client connection, kept alive across its requests.
class Client {
 public:
  explicit Client(int port) : socket_(ioc_) {
    socket_.connect({asio::ip::make_address("127.0.0.1"), static_cast<unsigned short>(port)});
  }
  // The status of one request (its body is read and dropped).
  int send(http::verb verb, const std::string& target, const std::string& body = {}) {
    http::request<http::string_body> req{verb, target, 11};
    req.set(http::field::host, "127.0.0.1");
    req.body() = body;
    req.prepare_payload();
    http::write(socket_, req);
    http::response<http::string_body> res;
    http::read(socket_, buffer_, res);
    return static_cast<int>(res.result_int());
  }

 private:
  asio::io_context ioc_;
  asio::ip::tcp::socket socket_;
  boost::beast::flat_buffer buffer_;
};

struct Outcome {
  std::vector<double> health_s;     // each /health request's latency
  int filtered = 0;                 // images answered 200
  double wall_s = 0;
  double alone_s = 0;               // one filter request with nothing else going on
  std::vector<gantt::Row> rows;     // the heavy clients, then /health
  std::string problem;              // a status other than 200, if any
};

double quantile(std::vector<double> v, double q) {
  if (v.empty()) return 0;
  std::sort(v.begin(), v.end());
  return v[std::min(v.size() - 1, static_cast<std::size_t>(q * static_cast<double>(v.size())))];
}

Outcome run_model(serve::Model model, const std::string& image, int heavy, double seconds) {
  serve::ServerOptions o;
  o.port = 0;
  o.model = model;
  o.backend = [](const Kernel& k) { return k.has(Backend::simd) ? Backend::simd : Backend::scalar; };
  serve::Server server(o);
  std::thread loop([&] { server.run(); });
  Outcome out;
  std::mutex m;
  out.rows.resize(heavy + 1);
  for (int c = 0; c < heavy; ++c) out.rows[c].name = "client " + std::to_string(c + 1) + " (filter)";
  out.rows[heavy].name = "client /health";
  try {  // the median of three, the first warms the caches and the allocator
    Client first(server.port());
    std::vector<double> alone;
    for (int i = 0; i < 3; ++i) {
      const std::int64_t a = trace::now_ns();
      if (const int status = first.send(http::verb::post, "/filter/gaussian_blur?sigma=2", image); status != 200)
        out.problem = "a filter request got " + std::to_string(status);
      alone.push_back(static_cast<double>(trace::now_ns() - a) * 1e-9);
    }
    out.alone_s = quantile(alone, 0.5);
  } catch (const std::exception& e) {
    out.problem = e.what();
  }
  const std::int64_t t0 = trace::now_ns();
  const auto end_ns = t0 + static_cast<std::int64_t>(seconds * 1e9);
  const auto fail = [&](const std::string& why) {
    std::lock_guard lock(m);
    if (out.problem.empty()) out.problem = why;
  };
  std::vector<std::thread> clients;
  for (int c = 0; c < heavy; ++c)
    clients.emplace_back([&, c] {
      try {
        Client client(server.port());
        while (trace::now_ns() < end_ns) {
          const std::int64_t a = trace::now_ns();
          const int status = client.send(http::verb::post, "/filter/gaussian_blur?sigma=2", image);
          const std::int64_t b = trace::now_ns();
          std::lock_guard lock(m);
          out.rows[c].bars.push_back({"filter request", a, b});
          if (status == 200) ++out.filtered;
          else if (out.problem.empty()) out.problem = "a filter request got " + std::to_string(status);
        }
      } catch (const std::exception& e) {
        fail(e.what());
      }
    });
  try {
    Client client(server.port());
    while (trace::now_ns() < end_ns) {
      const std::int64_t a = trace::now_ns();
      const int status = client.send(http::verb::get, "/health");
      const std::int64_t b = trace::now_ns();
      {
        std::lock_guard lock(m);
        out.rows[heavy].bars.push_back({"/health", a, b});
        out.health_s.push_back(static_cast<double>(b - a) * 1e-9);
      }
      if (status != 200) fail("/health got " + std::to_string(status));
      std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
  } catch (const std::exception& e) {
    fail(e.what());
  }
  for (auto& t : clients) t.join();
  out.wall_s = static_cast<double>(trace::now_ns() - t0) * 1e-9;
  server.stop();
  loop.join();
  return out;
}

Report run(const Settings& s) {
  const double scale = std::clamp(s.scale, 0.05, 1.0);
  const Kernel& k = find_kernel("gaussian_blur");
  Params p = k.defaults();
  const int side = std::max(64, static_cast<int>(1024 * std::sqrt(scale)));
  p.set("width", side).set("height", side);
  const std::vector<std::byte> ppm = k.encode_file(k.generate(p), ".ppm");
  const std::string image(reinterpret_cast<const char*>(ppm.data()), ppm.size());
  const int cpus = static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
  const int heavy = cpus + 1;
  const double seconds = 2.0 * scale;

  Report r;
  r.title = "serve: one server, " + std::to_string(heavy) + " clients filtering, one asking /health";
  r.shows = std::to_string(heavy) + " clients POST a " + std::to_string(side) + "x" + std::to_string(side) +
            " image to /filter/gaussian_blur back to back while one more asks GET /health every 5 ms, for " +
            std::to_string(seconds).substr(0, 4) +
            " s per model. loop: the filters run on the event loop; pool: on one worker per core while the "
            "loop keeps serving; threads: each connection on its own OS thread.";
  const serve::Model models[] = {serve::Model::loop, serve::Model::pool, serve::Model::threads};
  std::vector<Outcome> outs;
  for (serve::Model m : models) {
    outs.push_back(run_model(m, image, heavy, seconds));
    if (!outs.back().problem.empty())
      throw Error(std::string("demo serve (") + serve::to_string(m) + "): " + outs.back().problem);
  }
  for (std::size_t i = 0; i < outs.size(); ++i) {
    const std::string name = serve::to_string(models[i]);
    const Outcome& o = outs[i];
    r.numbers.push_back({name + ": /health p50", 1e3 * quantile(o.health_s, 0.5), "ms"});
    r.numbers.push_back({name + ": /health p99", 1e3 * quantile(o.health_s, 0.99), "ms"});
    r.numbers.push_back({name + ": images filtered per second", o.filtered / o.wall_s, "/s"});
    r.charts.push_back({name + ": each client's requests", o.rows});
  }
  const Outcome &loop = outs[0], &pool = outs[1];
  r.numbers.push_back({"one filter request alone (decode, blur, encode)", 1e3 * loop.alone_s, "ms"});
  char take[640];
  std::snprintf(take, sizeof take,
                "With the filters on the event loop, /health waited behind them: p99 %.1f ms, where one filter "
                "request alone takes %.1f ms. With a pool of %d workers the loop stayed free: /health p99 %.2f ms "
                "while the workers filtered %.1f images/s (the loop: %.1f). Concurrency keeps the server "
                "answering; parallelism does the work.",
                1e3 * quantile(loop.health_s, 0.99), 1e3 * loop.alone_s, cpus, 1e3 * quantile(pool.health_s, 0.99),
                pool.filtered / pool.wall_s, loop.filtered / loop.wall_s);
  r.takeaway = take;
  return r;
}

const Register kServe{{.name = "serve",
                       .summary = "a real HTTP server under load: /health beside filters, on the loop vs a worker pool",
                       .order = 8,
                       .run = run}};

}  // namespace
}  // namespace parlab::demo
