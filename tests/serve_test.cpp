// The server in this process, on an ephemeral loopback port, driven by
// Beast's synchronous client from several threads at once: what the models
// answer agrees with the kernels run directly, and stop() with requests in
// flight answers them before run() returns. ThreadSanitizer runs these
// (the tsan test preset); tests/py/serve_check.py drives `parlab serve`
// itself: statuses, slow clients, signals, malformed requests.
#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <boost/asio.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <nlohmann/json.hpp>
#include <thread>
#include <vector>

#include "parlab/data_json.hpp"
#include "parlab/runner.hpp"
#include "pipelines/serve/http_server.hpp"

namespace parlab {
namespace {

namespace asio = boost::asio;
namespace http = boost::beast::http;

struct Got {
  int status = 0;
  std::string body;
};

Got get(int port, const std::string& target) {
  asio::io_context ioc;
  asio::ip::tcp::socket socket(ioc);
  socket.connect({asio::ip::make_address("127.0.0.1"), static_cast<unsigned short>(port)});
  http::request<http::empty_body> req{http::verb::get, target, 11};
  req.set(http::field::host, "127.0.0.1");
  http::write(socket, req);
  boost::beast::flat_buffer buffer;
  http::response<http::string_body> res;
  http::read(socket, buffer, res);
  return {static_cast<int>(res.result_int()), res.body()};
}

// montecarlo_pi run directly: the "value" a reply must hold.
nlohmann::json pi_value(std::uint64_t samples, std::uint64_t seed) {
  const Kernel& k = find_kernel("montecarlo_pi");
  Params p = k.defaults();
  p.set("samples", static_cast<double>(samples));
  p.seed = seed;
  Data out;
  run_timed(k, Backend::simd, Data{}, out, p);
  return to_json(out);
}

// Samples of montecarlo_pi that take about a quarter of a second on one core
// in this build, timed on 2^20: 2^28 in a release build, far fewer under a
// sanitizer, whose checks make every sample a hundred times dearer.
std::uint64_t samples_for_a_quarter_second() {
  constexpr std::uint64_t kProbe = std::uint64_t{1} << 20, kMost = std::uint64_t{1} << 28;
  const auto start = std::chrono::steady_clock::now();
  pi_value(kProbe, 1);
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  const double want = static_cast<double>(kProbe) * 0.25 / std::max(seconds, 1e-9);
  std::uint64_t n = kProbe;
  while (n < kMost && static_cast<double>(n) < want) n *= 2;  // the first power of two at or above
  return n;
}

class Serve : public testing::TestWithParam<serve::Model> {
 protected:
  serve::ServerOptions options() const {
    serve::ServerOptions o;
    o.port = 0;
    o.model = GetParam();
    o.workers = 2;
    o.backend = [](const Kernel&) { return Backend::simd; };
    return o;
  }
};

TEST_P(Serve, ConcurrentClientsGetWhatTheKernelsGiveAndStopAnswersWhatIsInFlight) {
  serve::Server server(options());
  std::thread loop([&] { server.run(); });
  const int port = server.port();
  constexpr int kClients = 6, kEach = 8;
  std::vector<nlohmann::json> want;
  for (int c = 0; c < kClients; ++c) want.push_back(pi_value(10007 + c, 100 + c));
  std::atomic<int> ok{0};
  std::vector<std::string> problems(kClients);
  std::vector<std::thread> clients;
  for (int c = 0; c < kClients; ++c)
    clients.emplace_back([&, c] {
      for (int i = 0; i < kEach; ++i) {
        const Got h = get(port, "/health");
        const Got g = get(port, "/montecarlo/pi?samples=" + std::to_string(10007 + c) + "&seed=" + std::to_string(100 + c));
        if (h.status != 200 || g.status != 200 || nlohmann::json::parse(g.body)["value"] != want[c])
          problems[c] = std::to_string(h.status) + " " + std::to_string(g.status) + " " + g.body;
        else
          ++ok;
      }
    });
  for (auto& t : clients) t.join();
  for (const std::string& p : problems) EXPECT_EQ(p, "");
  EXPECT_EQ(ok.load(), kClients * kEach);

  // A request in flight when stop() comes is still answered: one that keeps
  // a core busy for a quarter of a second or more.
  const std::uint64_t samples = samples_for_a_quarter_second();
  Got slow;
  std::thread late([&] {
    try {
      slow = get(port, "/montecarlo/pi?samples=" + std::to_string(samples) + "&seed=9");
    } catch (const std::exception& e) {
      slow.body = e.what();
    }
  });
  std::this_thread::sleep_for(std::chrono::milliseconds(100));
  if (GetParam() != serve::Model::loop)  // the loop model cannot answer /metrics while it computes
    for (int i = 0; i < 500 && get(port, "/metrics").body.find("parlab_workers_busy 1") == std::string::npos; ++i)
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
  server.stop();
  late.join();
  loop.join();
  ASSERT_EQ(slow.status, 200) << slow.body;
  EXPECT_EQ(nlohmann::json::parse(slow.body)["value"], pi_value(samples, 9));
}

INSTANTIATE_TEST_SUITE_P(Models, Serve, testing::Values(serve::Model::loop, serve::Model::pool, serve::Model::threads),
                         [](const auto& info) { return std::string(serve::to_string(info.param)); });

}  // namespace
}  // namespace parlab
