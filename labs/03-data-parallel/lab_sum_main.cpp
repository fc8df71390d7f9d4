// Lab 03's program (given). The data are parlab's uniform floats in [-1, 1)
// for the seed (parlab::fill_uniform: the same numbers everywhere), so the
// grader knows the exact sums without trusting this program.
//
//   lab03-starter check --sizes 0,1,17,1000 --seed 7     the sums, one per size
//   lab03-starter time --size 2^25 --repeat 5            the best time of the sum
#include <omp.h>

#include <vector>

#include "labs/common/lab_program.hpp"
#include "lab_sum.hpp"
#include "parlab/rng.hpp"

namespace {

using parlab::lab::json;

std::vector<float> data(std::size_t n, std::uint64_t seed) {
  std::vector<float> x(n);
  parlab::fill_uniform(x, seed, -1.0f, 1.0f);
  return x;
}

}  // namespace

int main(int argc, char** argv) {
  parlab::lab::Program program("lab 03: a sum with SIMD and threads");
  std::vector<std::string> sizes;
  std::string size = "2^25", seed = "1";
  int repeat = 5;
  CLI::App* check = program.task("check", "The sum of each size's data", [&] {
    json sums = json::array();
    for (const std::string& s : sizes) {
      const std::vector<float> x = data(parlab::lab::count("--sizes", s, std::uint64_t{1} << 32), parlab::lab::count("--seed", seed, UINT64_MAX));
      sums.push_back(lab03::lab_sum(x.data(), x.size()));
    }
    return json{{"sums", sums}};
  });
  check->add_option("--sizes", sizes, "Sizes, each up to 2^32")->delimiter(',')->required();
  check->add_option("--seed", seed, "The data's seed");
  CLI::App* time = program.task("time", "The best of --repeat sums of --size floats", [&] {
    const std::vector<float> x = data(parlab::lab::count("--size", size, std::uint64_t{1} << 32), parlab::lab::count("--seed", seed, UINT64_MAX));
    double s = 0;
    lab03::lab_sum(x.data(), x.size());  // once to warm up: the threads start, the pages are touched
    const double best = parlab::lab::best_of(repeat, [&] { s = lab03::lab_sum(x.data(), x.size()); });
    return json{{"sum", s}, {"best_s", best}, {"bytes", 4.0 * static_cast<double>(x.size())}, {"threads", omp_get_max_threads()}};
  });
  time->add_option("--size", size, "Floats (1000000, 2^25 or 1e8)");
  time->add_option("--seed", seed, "The data's seed");
  time->add_option("--repeat", repeat, "Timed sums; the best counts")->check(CLI::Range(1, 1000));
  return program.main(argc, argv);
}
