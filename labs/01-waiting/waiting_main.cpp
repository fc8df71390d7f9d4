// Lab 01's program (given): runs the requests one of three ways and prints
// what happened, with the wall-clock and CPU time it took.
//
//   lab01-starter sequential --delays 200,300,250
//   lab01-starter concurrent --delays 200,300,250
//   lab01-starter settled --delays 200,300,250,150 --fail 1,3
#include <algorithm>
#include <memory>
#include <stdexcept>
#include <tuple>

#include "labs/common/lab_program.hpp"
#include "waiting.hpp"

namespace lab01 {
namespace {

double g_start = 0;  // when the run began (lab::wall_s)

struct Pending {
  uv_timer_t timer;
  Request request;
  std::function<void(const Outcome&)> done;
};

}  // namespace

void start_request(uv_loop_t* loop, const Request& r, std::function<void(const Outcome&)> done) {
  auto* p = new Pending{{}, r, std::move(done)};
  uv_timer_init(loop, &p->timer);
  p->timer.data = p;
  uv_timer_start(&p->timer, [](uv_timer_t* t) {
    auto* p = static_cast<Pending*>(t->data);
    Outcome o{p->request.id, !p->request.fails, p->request.fails ? "service unavailable" : "",
              (parlab::lab::wall_s() - g_start) * 1e3};
    p->done(o);
    uv_close(reinterpret_cast<uv_handle_t*>(t), [](uv_handle_t* h) { delete static_cast<Pending*>(h->data); });
  }, static_cast<std::uint64_t>(r.delay_ms), 0);
}

std::vector<Outcome> run_sequential(const std::vector<Request>& requests) {
  std::vector<Outcome> outcomes;
  for (const Request& r : requests) {
    uv_loop_t loop;
    uv_loop_init(&loop);
    start_request(&loop, r, [&](const Outcome& o) { outcomes.push_back(o); });
    uv_run(&loop, UV_RUN_DEFAULT);  // returns when this request is done
    uv_loop_close(&loop);
  }
  return outcomes;
}

}  // namespace lab01

int main(int argc, char** argv) {
  using parlab::lab::json;
  parlab::lab::Program program("lab 01: waiting is not working. Runs simulated requests and prints their outcomes");
  std::vector<int> delays{200, 300, 250};
  std::vector<int> fail;
  using Way = std::vector<lab01::Outcome> (*)(const std::vector<lab01::Request>&);
  auto run = [&](Way way) {
    std::vector<lab01::Request> requests;
    for (std::size_t i = 0; i < delays.size(); ++i) {
      if (delays[i] < 0 || delays[i] > 60000) throw std::invalid_argument("--delays: each 0..60000 ms");
      requests.push_back({static_cast<int>(i), delays[i], std::find(fail.begin(), fail.end(), static_cast<int>(i)) != fail.end()});
    }
    lab01::g_start = parlab::lab::wall_s();
    const double cpu0 = parlab::lab::cpu_s();
    const std::vector<lab01::Outcome> outcomes = way(requests);
    json out{{"wall_s", parlab::lab::wall_s() - lab01::g_start}, {"cpu_s", parlab::lab::cpu_s() - cpu0}, {"outcomes", json::array()}};
    for (const lab01::Outcome& o : outcomes)
      out["outcomes"].push_back({{"id", o.id}, {"ok", o.ok}, {"error", o.error}, {"finished_ms", o.finished_ms}});
    return out;
  };
  for (auto [name, help, way] : {std::tuple{"sequential", "One request after another (given)", Way{lab01::run_sequential}},
                                 std::tuple{"concurrent", "Every request in flight at once, on one thread (TODO 1)", Way{lab01::run_concurrent}},
                                 std::tuple{"settled", "All-settled: every outcome, failures included (TODO 2)", Way{lab01::run_all_settled}}}) {
    CLI::App* t = program.task(name, help, [&run, way = way] { return run(way); });
    t->add_option("--delays", delays, "Each request's wait, in ms")->delimiter(',');
    t->add_option("--fail", fail, "The requests that fail (their ids: 0, 1, ...)")->delimiter(',');
  }
  return program.main(argc, argv);
}
