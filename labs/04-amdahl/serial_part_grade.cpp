// Lab 04's grader: the fit on exact Amdahl times, the chain's bits, then
// the fit on the designed job's measured times (f = 0.7 by design) and the
// improved job's speed-up beyond the starter's bound 1/f.
#include <cmath>

#include "labs/grading/grader.hpp"
#include "parlab/amdahl.hpp"

namespace parlab::labs {
namespace {

constexpr double kDesignedF = 0.7;

std::string pairs_text(const std::vector<std::pair<int, double>>& times) {
  std::string s;
  for (auto [n, t] : times) append(s, std::to_string(n) + ":" + std::to_string(t));
  return s;
}

// The student's fit of `times`; NaN for null.
double student_fit(Grader& g, const std::vector<std::pair<int, double>>& times) {
  const json f = g.student({"fit", "--times", pairs_text(times)}).at("f");
  return f.is_number() ? f.get<double>() : NAN;
}

std::string f_text(double f) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.4f", f);
  return std::isnan(f) ? "NaN" : buf;
}

void correctness(Grader& g) {
  const double f0 = 0.1 + 0.8 * static_cast<double>(g.rng() % 1000) / 1000;
  std::vector<std::pair<int, double>> exact;
  for (int n : {1, 2, 4, 8, 16}) exact.emplace_back(n, 2.0 / amdahl(f0, n));  // T(n) = T(1) / S(n), T(1) = 2 s
  const double f = student_fit(g, exact);
  const double undefined = student_fit(g, {{2, 1.0}, {4, 0.8}});
  g.correct("fit_exact", std::fabs(f - f0) <= 0.01 && std::isnan(undefined),
            "f = " + f_text(f) + " for times made with f = " + f_text(f0) + "; without a 1-thread time: " + f_text(undefined),
            "within 0.01 of the f that made the times; NaN (null) without a 1-thread time");
  const std::string t = std::to_string(g.settings.cores);
  const json mine = g.student({"job", "--threads", t, "--repeat", "1"}), ref = g.reference({"design", "--threads", "1", "--repeat", "1"});
  const bool same = mine.at("chain_hash") == ref.at("chain_hash");
  g.correct("chain_bits", same, same ? "y equal, bit for bit" : "y differs from the chain as given (last " + std::to_string(mine.at("last").get<double>()) + ")",
            "the same y as the serial chain");
}

void performance(Grader& g) {
  const int p = std::min(g.settings.cores, 8);
  const std::string reps = std::to_string(g.settings.repeat);
  auto time_of = [&](bool student, const char* task, int n, bool weak = false) {
    std::vector<std::string> args{task, "--threads", std::to_string(n), "--repeat", reps};
    if (weak) args.push_back("--weak");
    return (student ? g.student(args) : g.reference(args)).at("best_s").get<double>();
  };
  std::vector<std::pair<int, double>> design;
  for (int n = 1; n <= p; n = n < p && 2 * n > p ? p : 2 * n) design.emplace_back(n, time_of(false, "design", n));
  const double f = student_fit(g, design), ours = fit_serial_fraction(design);
  g.goal("fitted_f", std::fabs(f - kDesignedF) <= 0.05,
         "f = " + f_text(f) + " from " + pairs_text(design) + " (parlab's fit: " + f_text(ours) + ")",
         "within 0.05 of the designed 0.7");
  const double t1 = time_of(true, "job", 1), tp = time_of(true, "job", p);
  g.goal("beyond_amdahl", t1 / tp > 1 / kDesignedF,
         "speed-up " + ratio_text(t1 / tp) + " on " + std::to_string(p) + " threads (" + seconds_text(t1) + " to " + seconds_text(tp) + ")",
         "> 1/f = " + ratio_text(1 / kDesignedF) + ", the starter's bound");
  const double w1 = time_of(true, "job", 1, true), wp = time_of(true, "job", p, true);
  // Gustafson: the problem grows with the threads (the parallel part p
  // times larger); the scaled speed-up is the larger job's work over its time,
  // in units of the 1-thread rate.
  const double work_ratio = (3000.0 * p + 7000) / (3000.0 + 7000);
  g.info("weak_scaling", "with the parallel part " + std::to_string(p) + "x larger: " + seconds_text(wp) + " on " +
                             std::to_string(p) + " threads vs " + seconds_text(w1) + " on 1, scaled speed-up " +
                             ratio_text(work_ratio * w1 / wp));
  g.speed("job_speed", tp, time_of(false, "job", p));
}

const RegisterLab kLab{{
    .number = 4,
    .slug = "04-amdahl",
    .title = "Amdahl and Gustafson",
    .teaches = "a serial part bounds the speed-up (1/f); fit f to measured times, then shrink the serial part",
    .starter_fails = {"fit_exact", "fitted_f", "beyond_amdahl"},
    .unavailable = [](const Settings& s) { return s.cores < 2 ? std::string("needs 2 cores to fit f and to beat 1/f") : std::string(); },
    .correctness = correctness,
    .performance = performance,
}};

}  // namespace
}  // namespace parlab::labs
