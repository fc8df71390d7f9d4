// The async read stage and the file pipeline, on files written once to
// $TMPDIR (kept between runs of the binary under parlab_bench_io/):
//
//   read/<method>/small/{warm,cold}   10 000 files of 4 KiB
//   read/<method>/large/{warm,cold}   16 files of 64 MiB
//     method: io_uring, blocking (4 reader threads), sequential (one read at a time)
//     cold: every file dropped from the page cache before each run
//     (posix_fadvise DONTNEED: no root needed; it drops only clean pages)
//   pipeline/stage/<stage>            each stage of `parlab pipeline` alone over
//                                     200 images of 640x480: read, decode, filter
//                                     (sobel, simd), encode + write, on every worker
//   pipeline/all                      the whole pipeline on the same files
//
// Counters: files/s and bytes/s; the consumer touches one byte per chunk.
// Own flags (before Google Benchmark's): --parlab_io_dir=DIR (default
// $TMPDIR/parlab_bench_io), --parlab_large=N (number of 64 MiB files, 16),
// --parlab_chunk_kib=K and --parlab_cap_mib=M (the reads' chunk and cap).
#include <benchmark/benchmark.h>
#include <fcntl.h>
#include <tbb/parallel_for.h>
#include <tbb/task_arena.h>
#include <unistd.h>

#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <random>

#include "parlab/registry.hpp"
#include "parlab/runner.hpp"
#include "parlab/source.hpp"
#include "pipelines/files/file_pipeline.hpp"
#include "pipelines/io/async_read.hpp"
#include "runtime/openmp.hpp"

namespace parlab::bench {
namespace {

namespace fs = std::filesystem;
fs::path g_dir;
int g_large = 16;
io::ReadOptions g_read;  // --parlab_chunk_kib, --parlab_cap_mib
std::vector<std::string> g_small, g_big, g_images;

// Files of `bytes` random bytes, created if missing or of another size.
std::vector<std::string> files(const fs::path& dir, int n, std::size_t bytes, const char* prefix) {
  fs::create_directories(dir);
  std::vector<std::string> paths;
  std::mt19937_64 g(7);
  std::vector<std::uint64_t> block(bytes / 8 + 1);
  for (int i = 0; i < n; ++i) {
    const fs::path p = dir / (prefix + std::to_string(i));
    std::error_code ec;
    if (fs::file_size(p, ec) != bytes) {
      for (auto& x : block) x = g();
      std::ofstream(p, std::ios::binary).write(reinterpret_cast<const char*>(block.data()), static_cast<std::streamsize>(bytes));
    }
    paths.push_back(p.string());
  }
  return paths;
}

void drop_from_cache(const std::vector<std::string>& paths) {
  for (const std::string& p : paths) {
    const int fd = ::open(p.c_str(), O_RDONLY);
    if (fd < 0) continue;
    ::fdatasync(fd);
    ::posix_fadvise(fd, 0, 0, POSIX_FADV_DONTNEED);
    ::close(fd);
  }
}

void read_bench(benchmark::State& state, io::Method method, const std::vector<std::string>* paths, bool cold) {
  io::ReadOptions o = g_read;
  o.method = method;
  std::uint64_t bytes = 0, sink = 0;
  for (auto _ : state) {
    if (cold) {
      state.PauseTiming();
      drop_from_cache(*paths);
      state.ResumeTiming();
    }
    const io::ReadStats s = io::read_files(
        *paths, o, [&](const io::Chunk& c) { sink += c.bytes.empty() ? 0 : static_cast<std::uint64_t>(c.bytes[0]); },
        [&](std::size_t, const std::string& why) { state.SkipWithError(why.c_str()); });
    bytes += s.bytes;
    if (s.method != method) state.SkipWithError(("ran " + s.how).c_str());
  }
  benchmark::DoNotOptimize(sink);
  state.counters["files_per_s"] =
      benchmark::Counter(static_cast<double>(paths->size() * state.iterations()), benchmark::Counter::kIsRate);
  state.SetBytesProcessed(static_cast<std::int64_t>(bytes));
}

// ---- The pipeline and its stages alone, on the same images.

const Kernel& filter() { return find_kernel("sobel"); }

std::vector<std::string> outputs() {
  std::vector<std::string> out;
  for (std::size_t i = 0; i < g_images.size(); ++i) out.push_back((g_dir / "out" / (std::to_string(i) + ".png")).string());
  return out;
}

template <class F>
void on_workers(F f) {  // f(i) for every image, spread over every worker
  tbb::task_arena arena(openmp::threads());
  arena.execute([&] {
    tbb::parallel_for(std::size_t{0}, g_images.size(), f);
  });
}

void stage_bench(benchmark::State& state, int stage) {
  const Kernel& k = filter();
  const Params p = k.defaults();
  const std::vector<std::string> outs = outputs();
  std::vector<std::vector<std::byte>> bytes(g_images.size());
  std::vector<Data> in(g_images.size()), out(g_images.size());
  for (std::size_t i = 0; i < g_images.size(); ++i) {  // every stage's input, ready
    bytes[i] = read_all(*open_file(g_images[i]), std::uint64_t{1} << 30);
    in[i] = k.read_file(memory_source(g_images[i], bytes[i]), p);
    run_timed(k, Backend::simd, in[i], out[i], p);
  }
  for (auto _ : state) {
    switch (stage) {
      case 0:
        io::read_files(g_images, {}, [](const io::Chunk&) {}, [](std::size_t, const std::string&) {});
        break;
      case 1:
        on_workers([&](std::size_t i) { benchmark::DoNotOptimize(k.read_file(memory_source(g_images[i], bytes[i]), p)); });
        break;
      case 2:
        on_workers([&](std::size_t i) {
          Data o;
          run_timed(k, Backend::simd, in[i], o, p);
        });
        break;
      default:
        on_workers([&](std::size_t i) { k.write_file(out[i], outs[i]); });
    }
  }
  state.counters["files_per_s"] =
      benchmark::Counter(static_cast<double>(g_images.size() * state.iterations()), benchmark::Counter::kIsRate);
}

void pipeline_bench(benchmark::State& state) {
  pipeline::Options o;
  o.inputs = g_images;
  o.outputs = outputs();
  o.kernel = &filter();
  o.params = o.kernel->defaults();
  for (auto _ : state) {
    const pipeline::Summary s = pipeline::run(o, [](const pipeline::FileResult&) {});
    if (s.failed) state.SkipWithError("a file failed");
  }
  state.counters["files_per_s"] =
      benchmark::Counter(static_cast<double>(g_images.size() * state.iterations()), benchmark::Counter::kIsRate);
}

}  // namespace
}  // namespace parlab::bench

int main(int argc, char** argv) {
  parlab::openmp::unpin_initial_thread();
  using namespace parlab::bench;
  const char* tmp = std::getenv("TMPDIR");
  g_dir = fs::path(tmp && *tmp ? tmp : "/tmp") / "parlab_bench_io";
  std::vector<char*> rest = {argv[0]};
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    if (a.rfind("--parlab_io_dir=", 0) == 0)
      g_dir = a.substr(16);
    else if (a.rfind("--parlab_large=", 0) == 0)
      g_large = std::stoi(a.substr(15));
    else if (a.rfind("--parlab_chunk_kib=", 0) == 0)
      g_read.chunk_bytes = std::stoul(a.substr(19)) << 10;
    else if (a.rfind("--parlab_cap_mib=", 0) == 0)
      g_read.max_in_flight = std::stoul(a.substr(17)) << 20;
    else
      rest.push_back(argv[i]);
  }
  int n = static_cast<int>(rest.size());
  benchmark::Initialize(&n, rest.data());
  g_small = files(g_dir / "small", 10000, 4096, "s");
  g_big = files(g_dir / "large", g_large, std::size_t{64} << 20, "l");
  fs::create_directories(g_dir / "images");
  fs::create_directories(g_dir / "out");
  // The images: the built-in RGB test image (the input of the gray kernel)
  // at 640x480, one seed each, written by the filter's own file writer.
  const parlab::Kernel& rgb = parlab::find_kernel("gray");
  for (int i = 0; i < 200; ++i) {
    const fs::path p = g_dir / "images" / (std::to_string(i) + ".ppm");
    if (!fs::exists(p)) {
      parlab::Params params = rgb.defaults().set("width", 640).set("height", 480);
      params.seed = static_cast<std::uint64_t>(i);
      filter().write_file(rgb.generate(params), p.string());
    }
    g_images.push_back(p.string());
  }
  using parlab::io::Method;
  for (Method m : {Method::io_uring, Method::blocking, Method::sequential})
    for (const auto& [set, paths] : {std::pair{"small", &g_small}, std::pair{"large", &g_big}})
      for (bool cold : {false, true})
        benchmark::RegisterBenchmark(
            ("read/" + std::string(parlab::io::to_string(m)) + "/" + set + "/" + (cold ? "cold" : "warm")).c_str(),
            [m, paths, cold](benchmark::State& s) { read_bench(s, m, paths, cold); })
            ->UseRealTime()
            ->Unit(benchmark::kMillisecond);
  const char* stages[] = {"read", "decode", "filter", "encode_write"};
  for (int s = 0; s < 4; ++s)
    benchmark::RegisterBenchmark(("pipeline/stage/" + std::string(stages[s])).c_str(),
                                 [s](benchmark::State& st) { stage_bench(st, s); })
        ->UseRealTime()
        ->Unit(benchmark::kMillisecond);
  benchmark::RegisterBenchmark("pipeline/all", pipeline_bench)->UseRealTime()->Unit(benchmark::kMillisecond);
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
}
