// Lab 07's program (given): images through your pipeline, with parlab's
// gaussian_blur (the simd backend) as the filter, and a report of each
// stage's busy time and how many files it had in hand at once.
//
//   lab07-starter inputs --dir in --count 24 --width 1024 --height 768 --seed 7
//   lab07-starter run --inputs in --outputs out --sigma 4 --passes 5 --threads 2
#include <malloc.h>
#include <oneapi/tbb/global_control.h>

#include <algorithm>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <mutex>
#include <thread>

#include "labs/common/lab_program.hpp"
#include "parlab/registry.hpp"
#include "parlab/source.hpp"
#include "slow_stage.hpp"

namespace lab07 {

struct Item {
  std::size_t file = 0;
  std::vector<std::byte> bytes;
  parlab::Data image, filtered;
};

}  // namespace lab07

namespace {

namespace fs = std::filesystem;
using parlab::lab::json;

// Each stage's intervals, for its busy time and how many files it held at once.
struct Timeline {
  std::mutex mutex;
  std::vector<std::pair<double, double>> spans;
  template <class F>
  void time(F&& f) {
    const double a = parlab::lab::wall_s();
    f();
    const double b = parlab::lab::wall_s();
    std::lock_guard lock(mutex);
    spans.emplace_back(a, b);
  }
  double busy() const {
    double s = 0;
    for (auto [a, b] : spans) s += b - a;
    return s;
  }
  int peak() const {
    std::vector<std::pair<double, int>> events;
    for (auto [a, b] : spans) {
      events.emplace_back(a, 1);
      events.emplace_back(b, -1);
    }
    std::sort(events.begin(), events.end());
    int now = 0, most = 0;
    for (auto [t, d] : events) most = std::max(most, now += d);
    return most;
  }
};

std::vector<fs::path> images_in(const std::string& dir) {
  std::vector<fs::path> files;
  for (const auto& e : fs::directory_iterator(dir))
    if (e.is_regular_file()) files.push_back(e.path());
  std::sort(files.begin(), files.end());
  return files;
}

json run(const std::string& in_dir, const std::string& out_dir, double sigma, int passes, int threads, int tokens) {
  const parlab::Kernel& k = parlab::find_kernel("gaussian_blur");
  parlab::Params params = k.defaults();
  params.set("sigma", sigma);
  params.threads = 1;  // parallel across files, one thread per image
  const auto files = images_in(in_dir);
  fs::create_directories(out_dir);
  tbb::global_control workers(tbb::global_control::max_allowed_parallelism, static_cast<std::size_t>(threads));
  Timeline read, decode, filter, write;
  lab07::Stages stages;
  stages.files = files.size();
  stages.read = [&](std::size_t f) {
    auto item = std::make_shared<lab07::Item>();
    item->file = f;
    read.time([&] {
      std::ifstream in(files.at(f), std::ios::binary);
      item->bytes.resize(fs::file_size(files[f]));
      in.read(reinterpret_cast<char*>(item->bytes.data()), static_cast<std::streamsize>(item->bytes.size()));
    });
    return item;
  };
  stages.decode = [&](lab07::Item& item) {
    decode.time([&] { item.image = k.read_file(parlab::memory_source(files[item.file].string(), std::move(item.bytes)), params); });
  };
  stages.filter = [&](lab07::Item& item) {
    filter.time([&] {  // the blur `passes` times, each on the last one's output
      parlab::Spans spans;
      for (int p = 0; p < passes; ++p) {
        k.variant(parlab::Backend::simd)(p == 0 ? item.image : item.filtered, p == 0 ? item.filtered : item.image, params, spans);
        if (p > 0) std::swap(item.image, item.filtered);
      }
    });
  };
  stages.write = [&](lab07::Item& item) {
    write.time([&] { k.write_file(item.filtered, (fs::path(out_dir) / files[item.file].filename()).string()); });
  };
  const double start = parlab::lab::wall_s();
  lab07::run_pipeline(stages, tokens > 0 ? tokens : 2 * threads);
  const double wall = parlab::lab::wall_s() - start;
  json report = json::array();
  double total = 0;
  for (auto [name, t] : {std::pair{"read", &read}, {"decode", &decode}, {"filter", &filter}, {"write", &write}}) {
    report.push_back({{"stage", name}, {"busy_s", t->busy()}, {"items", t->spans.size()}, {"at_once", t->peak()}});
    total += t->busy();
  }
  // The bound: the files must be read in order, one at a time; every other
  // stage may run on all threads at once.
  const double bound = std::max(read.busy(), total / threads);
  return json{{"files", files.size()}, {"wall_s", wall}, {"threads", threads}, {"stages", report},
              {"bound_s", bound}, {"fraction_of_bound", bound / wall}};
}

}  // namespace

int main(int argc, char** argv) {
  // Images of some megabytes come and go all the time: glibc would hand each
  // back to the kernel and fault the next one in page by page, which costs
  // more here than decoding it. Keep them in the heap instead.
  mallopt(M_MMAP_THRESHOLD, 256 << 20);
  mallopt(M_TRIM_THRESHOLD, 512 << 20);
  parlab::lab::Program program("lab 07: pipeline parallelism. Images through read -> decode -> filter -> write");
  std::string in_dir, out_dir, seed = "1";
  double sigma = 4;
  int passes = 5;
  int threads = static_cast<int>(std::max(1u, std::thread::hardware_concurrency())), tokens = 0, count = 24, width = 1024, height = 768;
  CLI::App* r = program.task("run", "Every image of --inputs through your pipeline into --outputs", [&] {
    return run(in_dir, out_dir, sigma, passes, threads, tokens);
  });
  r->add_option("--inputs", in_dir, "A directory of images")->required()->check(CLI::ExistingDirectory);
  r->add_option("--outputs", out_dir, "Where the filtered images go (same names)")->required();
  r->add_option("--sigma", sigma, "The Gaussian's sigma")->check(CLI::Range(0.1, 20.0));
  r->add_option("--passes", passes, "The blur applied this many times (parlab filter --iterations)")->check(CLI::Range(1, 100));
  r->add_option("--threads", threads, "oneTBB threads")->check(CLI::Range(1, 4096));
  r->add_option("--tokens", tokens, "Files in flight (default: 2 per thread)")->check(CLI::Range(0, 4096));
  CLI::App* in = program.task("inputs", "Writes --count gray PGM images (parlab's test image) into --dir", [&] {
    const parlab::Kernel& k = parlab::find_kernel("gaussian_blur");
    fs::create_directories(in_dir);
    for (int i = 0; i < count; ++i) {
      parlab::Params p = k.defaults();
      p.set("width", width + i % 7).set("height", height + i % 5);
      p.seed = parlab::lab::count("--seed", seed, UINT64_MAX) + static_cast<std::uint64_t>(i);
      char name[32];
      std::snprintf(name, sizeof name, "image%03d.pgm", i);
      k.write_file(k.generate(p), (fs::path(in_dir) / name).string());
    }
    return json{{"files", count}};
  });
  in->add_option("--dir", in_dir, "The directory")->required();
  in->add_option("--count", count, "Images")->check(CLI::Range(1, 10000));
  in->add_option("--width", width, "Width")->check(CLI::Range(1, 20000));
  in->add_option("--height", height, "Height")->check(CLI::Range(1, 20000));
  in->add_option("--seed", seed, "Their seed");
  return program.main(argc, argv);
}
