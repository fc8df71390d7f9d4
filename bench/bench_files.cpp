// The map-reduce kernels on a file, as users run them: a text file of the
// built-in English-like text in the page cache (written once to $TMPDIR),
// read in 4 MiB chunks. Beside them, in the same run: reading the file alone
// (the read bandwidth the kernels are set against) and one thread of
// std::unordered_map<std::string, size_t>.
//
//   files/read/<bytes>                  read(2) of every chunk, nothing else
//   files/<kernel>/<backend>/<bytes>    histogram, wordcount on each backend
//   files/wordcount/unordered_map/<bytes>
//   files_cold/...                      the same with the file dropped from the
//                                       page cache before each run (posix_fadvise
//                                       DONTNEED: no root needed), read from disk
//
// Own flags (before Google Benchmark's):
//   --parlab_file_mib=256      size of the text file
//   --parlab_keep=PATH         write the file there and keep it (for the
//                              coreutils peer in scripts/bench_mapreduce.sh)
#include <benchmark/benchmark.h>
#include <fcntl.h>
#include <unistd.h>

#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <string>

#include "bench/peers/peers.hpp"
#include "cpu/mapreduce/mapreduce_kernels.hpp"
#include "parlab/file_set.hpp"
#include "parlab/machine.hpp"
#include "parlab/openmp.hpp"
#include "parlab/registry.hpp"
#include "parlab/simd.hpp"

namespace parlab::bench {
namespace {

std::string g_path;
std::uint64_t g_bytes = 0;

// Drops the file's pages from the page cache (they are clean: written and
// synced once), so the next run reads it from the disk.
void drop_from_cache(benchmark::State& s) {
  s.PauseTiming();
  const int fd = ::open(g_path.c_str(), O_RDONLY);
  if (fd >= 0) {
    ::fdatasync(fd);
    ::posix_fadvise(fd, 0, 0, POSIX_FADV_DONTNEED);
    ::close(fd);
  }
  s.ResumeTiming();
}

Stream file() { return std::make_shared<FileSet>("text", list_files({g_path})); }

void read_only(benchmark::State& s, bool cold) {
  for (auto _ : s) {
    if (cold) drop_from_cache(s);
    std::uint64_t n = 0;
    file()->for_each_chunk([&](std::span<const std::byte> c, std::uint64_t) { n += c.size(); });
    benchmark::DoNotOptimize(n);
  }
  s.SetBytesProcessed(static_cast<std::int64_t>(g_bytes * s.iterations()));
}

void kernel(benchmark::State& s, const Kernel& k, Backend b, bool cold) {
  const Params p = k.defaults();
  const Data in = k.read_file(file(), p);
  Data out;
  Spans spans;
  for (auto _ : s) {
    if (cold) drop_from_cache(s);
    k.variant(b)(in, out, p, spans);
  }
  s.SetBytesProcessed(static_cast<std::int64_t>(g_bytes * s.iterations()));
}

void unordered_map_peer(benchmark::State& s) {
  const Kernel& k = find_kernel("wordcount");
  const Params p = k.defaults();
  const Data in = k.read_file(file(), p);
  Data out;
  for (auto _ : s) peers::unordered_map_wordcount(in, p, out);
  s.SetBytesProcessed(static_cast<std::int64_t>(g_bytes * s.iterations()));
}

}  // namespace
}  // namespace parlab::bench

int main(int argc, char** argv) {
  using namespace parlab;
  using namespace parlab::bench;
  std::uint64_t mib = 256;
  std::string keep;
  std::vector<char*> rest;
  for (int i = 0; i < argc; ++i) {
    if (std::strncmp(argv[i], "--parlab_file_mib=", 18) == 0)
      mib = std::strtoull(argv[i] + 18, nullptr, 10);
    else if (std::strncmp(argv[i], "--parlab_keep=", 14) == 0)
      keep = argv[i] + 14;
    else
      rest.push_back(argv[i]);
  }
  g_bytes = mib << 20;
  g_path = !keep.empty() ? keep
                         : (std::filesystem::temp_directory_path() / ("parlab_text_" + std::to_string(::getpid()))).string();
  {
    const auto text = english_like_text(g_bytes, 42);
    std::ofstream(g_path, std::ios::binary).write(reinterpret_cast<const char*>(text.data()), static_cast<std::streamsize>(text.size()));
  }
  const std::string bytes = std::to_string(g_bytes);
  for (bool cold : {false, true}) {
    const std::string group = cold ? "files_cold/" : "files/";
    benchmark::RegisterBenchmark((group + "read/" + bytes).c_str(), [cold](benchmark::State& s) { read_only(s, cold); })
        ->UseRealTime()->Unit(benchmark::kMillisecond);
    for (const char* name : {"histogram", "wordcount"}) {
      const Kernel& k = find_kernel(name);
      for (Backend b : kBackends)
        if (k.has(b) && b != Backend::cuda && (!cold || b == Backend::openmp))
          benchmark::RegisterBenchmark((group + name + "/" + std::string(to_string(b)) + "/" + bytes).c_str(),
                                       [&k, b, cold](benchmark::State& s) { kernel(s, k, b, cold); })
              ->UseRealTime()->Unit(benchmark::kMillisecond);
    }
  }
  benchmark::RegisterBenchmark(("files/wordcount/unordered_map/" + bytes).c_str(), unordered_map_peer)
      ->UseRealTime()->Unit(benchmark::kMillisecond);
  const MachineInfo m = machine_info();
  benchmark::AddCustomContext("parlab_cpu", m.cpu_model);
  benchmark::AddCustomContext("parlab_simd_isa", m.simd_isa);
  benchmark::AddCustomContext("parlab_omp_threads", std::to_string(m.omp_threads));
  benchmark::AddCustomContext("parlab_git_revision", m.git_revision);
  int n = static_cast<int>(rest.size());
  benchmark::Initialize(&n, rest.data());
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  if (keep.empty()) std::filesystem::remove(g_path);
  return 0;
}
