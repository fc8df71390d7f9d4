// Lab 04's program (given). The job: a parallel part (work() on P items, an
// OpenMP loop) and the chain (work() on S items, chain() of
// serial_part.hpp). As given, the chain is serial, so the job's serial
// fraction is S / (S + P) = 0.7 by design.
//
//   lab04-starter job --threads 2            strong scaling: the same job on 2 threads
//   lab04-starter job --threads 2 --weak     weak scaling: the parallel part grows with the threads
//   lab04-starter design --threads 2         the job as designed (the given serial chain), whatever chain() is
//   lab04-starter fit --times 1:0.50,2:0.32  your fit of f to those times
#include <omp.h>

#include <cmath>
#include <cstring>
#include <stdexcept>
#include <tuple>

#include "labs/common/lab_program.hpp"
#include "serial_part.hpp"

namespace lab04 {

double work(double x) {
  // A chain of dependent multiply-adds: some microseconds, the same for every
  // x. Each step waits for the last (latency, not throughput), so two threads
  // sharing a core's units (SMT, a virtual machine's vCPUs) do not slow each
  // other: the designed f holds on such machines too.
  for (int k = 0; k < 6000; ++k) x = x * 0.9999 + 0.0001;
  return x;
}

}  // namespace lab04

namespace {

using parlab::lab::json;

constexpr int kParallelItems = 3000, kChainItems = 7000;  // f = 0.7 as given

// The chain as given: what the designed f is measured on.
void given_chain(const std::vector<double>& x, std::vector<double>& y, int) {
  double last = 0;
  for (std::size_t i = 0; i < x.size(); ++i) y[i] = last = last + lab04::work(x[i]);
}

using Chain = void (*)(const std::vector<double>&, std::vector<double>&, int);

json job(Chain chain, int threads, bool weak, int repeat) {
  const int parallel_items = weak ? kParallelItems * threads : kParallelItems;
  std::vector<double> a(static_cast<std::size_t>(parallel_items)), z(a.size()), x(kChainItems), y(x.size());
  for (std::size_t i = 0; i < a.size(); ++i) a[i] = 1.0 + static_cast<double>(i % 97) / 97;
  for (std::size_t i = 0; i < x.size(); ++i) x[i] = 1.0 + static_cast<double>(i % 89) / 89;
  const double best = parlab::lab::best_of(repeat, [&] {
#pragma omp parallel for num_threads(threads) schedule(static)
    for (int i = 0; i < parallel_items; ++i) z[static_cast<std::size_t>(i)] = lab04::work(a[static_cast<std::size_t>(i)]);
    chain(x, y, threads);
  });
  std::uint64_t bits = 0, hash = 1469598103934665603ull;
  for (double v : y) {
    std::memcpy(&bits, &v, sizeof bits);
    hash = (hash ^ bits) * 1099511628211ull;
  }
  return json{{"best_s", best}, {"threads", threads}, {"weak", weak}, {"parallel_items", parallel_items},
              {"chain_items", kChainItems}, {"last", y.back()}, {"chain_hash", hash}};
}

}  // namespace

int main(int argc, char** argv) {
  parlab::lab::Program program("lab 04: Amdahl and Gustafson. A job with a serial part");
  int threads = 1, repeat = 5;
  bool weak = false;
  std::vector<std::string> times;
  for (auto [name, help, chain] : {std::tuple{"job", "The job with your chain()", Chain{lab04::chain}},
                                   std::tuple{"design", "The job as designed: the given serial chain", Chain{given_chain}}}) {
    CLI::App* t = program.task(name, help, [&, chain = chain] { return job(chain, threads, weak, repeat); });
    t->add_option("--threads", threads, "OpenMP threads")->check(CLI::Range(1, 4096));
    t->add_flag("--weak", weak, "Weak scaling: P items per thread (Gustafson)");
    t->add_option("--repeat", repeat, "Timed runs; the best counts")->check(CLI::Range(1, 1000));
  }
  CLI::App* fit = program.task("fit", "Your fit of Amdahl's f to (threads:seconds) pairs", [&] {
    std::vector<std::pair<int, double>> pairs;
    for (const std::string& t : times) {
      const auto colon = t.find(':');
      if (colon == std::string::npos) throw std::invalid_argument("--times: each THREADS:SECONDS, got '" + t + "'");
      pairs.emplace_back(std::stoi(t.substr(0, colon)), std::stod(t.substr(colon + 1)));
    }
    const double f = lab04::fit_serial_fraction(pairs);
    return json{{"f", std::isfinite(f) ? json(f) : json(nullptr)}};
  });
  fit->add_option("--times", times, "THREADS:SECONDS pairs")->delimiter(',')->required();
  return program.main(argc, argv);
}
