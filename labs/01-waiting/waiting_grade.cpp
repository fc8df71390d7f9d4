// Lab 01's grader: the outcomes first (every request once, the right
// verdicts), then the waits overlapped: concurrent <= 0.5x sequential wall
// time, with at most 10% of it as CPU time.
#include <map>

#include "labs/grading/grader.hpp"

namespace parlab::labs {
namespace {

struct Requests {
  std::vector<int> delays;
  std::vector<int> fail;
  std::vector<std::string> args(const char* task) const {
    std::string d, f;
    for (int x : delays) append(d, std::to_string(x));
    for (int x : fail) append(f, std::to_string(x));
    std::vector<std::string> a{task, "--delays", d};
    if (!f.empty()) a.insert(a.end(), {"--fail", f});
    return a;
  }
  int sum() const {
    int s = 0;
    for (int x : delays) s += x;
    return s;
  }
};

// Delays the student does not know in advance: 150..250 ms each, so that
// with 4 requests the longest is at most 0.36x their sum.
Requests draw(Grader& g, int n, int failures) {
  Requests r;
  for (int i = 0; i < n; ++i) r.delays.push_back(150 + static_cast<int>(g.rng() % 101));
  while (static_cast<int>(r.fail.size()) < failures) {
    const int id = static_cast<int>(g.rng() % static_cast<unsigned>(n));
    if (std::find(r.fail.begin(), r.fail.end(), id) == r.fail.end()) r.fail.push_back(id);
  }
  return r;
}

// Every request reported once, with its verdict; "" when so, else what is wrong.
std::string check_outcomes(const json& out, const Requests& r) {
  std::map<int, int> seen;
  for (const json& o : out.at("outcomes")) {
    const int id = o.at("id").get<int>();
    if (id < 0 || id >= static_cast<int>(r.delays.size())) return "unknown request id " + std::to_string(id);
    if (++seen[id] > 1) return "request " + std::to_string(id) + " reported twice";
    const bool fails = std::find(r.fail.begin(), r.fail.end(), id) != r.fail.end();
    if (o.at("ok").get<bool>() == fails) return "request " + std::to_string(id) + (fails ? " failed but was reported ok" : " reported failed");
    if (fails && o.at("error").get<std::string>().empty()) return "request " + std::to_string(id) + " failed without its error";
  }
  if (seen.size() != r.delays.size())
    return std::to_string(seen.size()) + " of " + std::to_string(r.delays.size()) + " requests reported";
  return "";
}

void correctness(Grader& g) {
  const Requests all_ok = draw(g, 3 + static_cast<int>(g.rng() % 3), 0);
  const std::string c = check_outcomes(g.student(all_ok.args("concurrent")), all_ok);
  g.correct("concurrent_outcomes", c.empty(), c.empty() ? "every request once, ok" : c, "every request reported once");
  const int n = 4 + static_cast<int>(g.rng() % 3);
  const Requests some_fail = draw(g, n, 1 + static_cast<int>(g.rng() % 2));
  const std::string s = check_outcomes(g.student(some_fail.args("settled")), some_fail);
  g.correct("settled_outcomes", s.empty(), s.empty() ? "every outcome, failures included" : s,
            "every request reported once, failed or not");
}

void performance(Grader& g) {
  const Requests r = draw(g, 4, 0);
  const double sequential = g.student(r.args("sequential")).at("wall_s").get<double>();
  const json mine = g.student(r.args("concurrent"));
  const json ref = g.reference(r.args("concurrent"));
  const double wall = mine.at("wall_s").get<double>(), cpu = mine.at("cpu_s").get<double>();
  g.goal("concurrent_wall", wall <= 0.5 * sequential,
         seconds_text(wall) + " vs " + seconds_text(sequential) + " sequential (" + ratio_text(wall / sequential) + ")",
         "<= 0.50x sequential");
  g.goal("concurrent_cpu", cpu <= 0.1 * wall, percent_text(cpu / wall) + " of the wall time on the CPU", "<= 10%");
  const Requests f = draw(g, 4, 2);
  const double settled = g.student(f.args("settled")).at("wall_s").get<double>();
  g.goal("settled_wall", settled <= 0.5 * f.sum() * 1e-3,
         seconds_text(settled) + " for waits summing to " + seconds_text(f.sum() * 1e-3), "<= 0.50x the sum (concurrent too)");
  g.speed("concurrent_speed", wall, ref.at("wall_s").get<double>());
}

const RegisterLab kLab{{
    .number = 1,
    .slug = "01-waiting",
    .title = "Waiting is not working",
    .teaches = "concurrency: waits overlap on one thread (libuv); fail-fast vs all-settled",
    .starter_fails = {"settled_outcomes", "concurrent_wall"},
    .correctness = correctness,
    .performance = performance,
}};

}  // namespace
}  // namespace parlab::labs
