// Lab 05's program (given).
//
//   lab05-starter count --size 2^24 --limit 2147483648 --threads 2 --seed 7
//   lab05-starter shared --size 2^24 ...     the same count into one shared atomic (the starter's way), timed
#include <algorithm>
#include <atomic>
#include <tuple>
#include <thread>
#include <vector>

#include "counters.hpp"
#include "labs/common/lab_program.hpp"

namespace {

using parlab::lab::json;

// One shared counter that every thread adds each match to.
std::uint64_t count_shared(const std::uint32_t* data, std::size_t n, std::uint32_t limit, int threads) {
  std::atomic<std::uint64_t> total{0};
  std::vector<std::thread> team;
  for (int t = 0; t < threads; ++t)
    team.emplace_back([&, t] {
      const auto [begin, end] = lab05::share(n, t, threads);
      for (std::size_t i = begin; i < end; ++i)
        if (data[i] < limit) total.fetch_add(1, std::memory_order_relaxed);
    });
  for (std::thread& t : team) t.join();
  return total.load();
}

using Count = std::uint64_t (*)(const std::uint32_t*, std::size_t, std::uint32_t, int);

}  // namespace

int main(int argc, char** argv) {
  parlab::lab::Program program("lab 05: contention and false sharing. Counting matches on every core");
  std::string size = "2^24", seed = "1", limit = "2147483648";
  std::vector<std::string> sizes;
  int threads = static_cast<int>(std::max(1u, std::thread::hardware_concurrency())), repeat = 5;
  auto run = [&](Count count) {
    const std::uint32_t lim = static_cast<std::uint32_t>(parlab::lab::count("--limit", limit, UINT32_MAX));
    const std::uint64_t s = parlab::lab::count("--seed", seed, UINT64_MAX);
    json counts = json::array();
    for (const std::string& text : sizes.empty() ? std::vector<std::string>{size} : sizes) {
      std::vector<std::uint32_t> data(parlab::lab::count("--size", text, std::uint64_t{1} << 31));
      for (std::size_t i = 0; i < data.size(); ++i) data[i] = lab05::datum(s, i);
      std::uint64_t c = 0;
      const double best = parlab::lab::best_of(sizes.empty() ? repeat : 1, [&] { c = count(data.data(), data.size(), lim, threads); });
      counts.push_back({{"size", data.size()}, {"count", c}, {"best_s", best}});
    }
    return json{{"threads", threads}, {"runs", counts}};
  };
  for (auto [name, help, count] : {std::tuple{"count", "Your count_below()", Count{lab05::count_below}},
                                   std::tuple{"shared", "Into one shared atomic (given)", Count{count_shared}}}) {
    CLI::App* t = program.task(name, help, [&run, count = count] { return run(count); });
    t->add_option("--size", size, "Elements (1000000, 2^24, 1e7)");
    t->add_option("--sizes", sizes, "Several sizes, each counted once (correctness)")->delimiter(',');
    t->add_option("--limit", limit, "Count the elements below this");
    t->add_option("--threads", threads, "Threads")->check(CLI::Range(1, 4096));
    t->add_option("--seed", seed, "The data's seed");
    t->add_option("--repeat", repeat, "Timed runs; the best counts")->check(CLI::Range(1, 1000));
  }
  return program.main(argc, argv);
}
