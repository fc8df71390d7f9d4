// The kernels that stream their input, on a file, as users run them: every
// kernel whose built-in input is one stream of bytes (the map-reduce family's
// text and values) gets a file of that input, written once to $TMPDIR and
// read from the page cache in 4 MiB chunks. Beside it, in the same run:
// reading the file alone (the read bandwidth the kernel is set against) and
// the kernel's peers that run on the host (parlab/benchmarks.hpp).
// Nothing here names a kernel.
//
//   files/<kernel>/read/<bytes>               read(2) of every chunk, nothing else
//   files/<kernel>/<backend>/<bytes>          each CPU backend
//   files/<kernel>/<peer>/<bytes>             each host peer (unordered_map for wordcount)
//   files_cold/<kernel>/{read,openmp}/<bytes> the same with the file dropped from the
//                                             page cache before each run (posix_fadvise
//                                             DONTNEED: no root needed), read from disk
//
// Own flags (before Google Benchmark's):
//   --parlab_file_mib=256      size of each file
//   --parlab_keep=DIR          write the files there, as DIR/<kernel>.input, and keep
//                              them (the coreutils peer of scripts/bench_mapreduce.sh)
#include <benchmark/benchmark.h>
#include <fcntl.h>
#include <unistd.h>

#include <cstdio>
#include <cmath>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <string>

#include "parlab/benchmarks.hpp"
#include "parlab/file_set.hpp"
#include "parlab/machine.hpp"
#include "parlab/registry.hpp"
#include "runtime/error.hpp"
#include "runtime/openmp.hpp"

namespace parlab::bench {
namespace {

namespace fs = std::filesystem;

// A kernel's input as a file on disk.
struct InputFile {
  const Kernel* kernel;
  Params params;
  std::string path;
  std::uint64_t bytes = 0;
};

// Drops the file's pages from the page cache (they are clean: written and
// synced once), so the next run reads it from the disk.
void drop_from_cache(benchmark::State& s, const InputFile& f) {
  s.PauseTiming();
  const int fd = ::open(f.path.c_str(), O_RDONLY);
  if (fd >= 0) {
    ::fdatasync(fd);
    ::posix_fadvise(fd, 0, 0, POSIX_FADV_DONTNEED);
    ::close(fd);
  }
  s.ResumeTiming();
}

Stream file_of(const InputFile& f) { return std::make_shared<FileSet>(f.path, list_files({f.path})); }

void read_only(benchmark::State& s, const InputFile& f, bool cold) {
  for (auto _ : s) {
    if (cold) drop_from_cache(s, f);
    std::uint64_t n = 0;
    file_of(f)->for_each_chunk([&](std::span<const std::byte> c, std::uint64_t) { n += c.size(); });
    benchmark::DoNotOptimize(n);
  }
  s.SetBytesProcessed(static_cast<std::int64_t>(f.bytes * s.iterations()));
}

void run(benchmark::State& s, const InputFile& f, Variant v, bool cold) {
  const Data in = f.kernel->read_file(file_of(f), f.params);
  Data out;
  Spans spans;
  for (auto _ : s) {
    if (cold) drop_from_cache(s, f);
    v(in, out, f.params, spans);
  }
  s.SetBytesProcessed(static_cast<std::int64_t>(f.bytes * s.iterations()));
}

// Whether the kernel reads files and its built-in input is one stream of
// bytes (asked at a tiny size).
bool streams(const Kernel& k) {
  const Option* size = k.size_option();
  if (!k.read_file || !k.generate || !size) return false;
  const Data d = k.generate(k.defaults().set(size->name, 1024));
  return d.parts().size() == 1 && std::holds_alternative<Stream>(d.parts()[0].value);
}

// The kernel's built-in input of about `bytes` bytes, written to `path`.
InputFile write_input(const Kernel& k, std::uint64_t bytes, const std::string& path) {
  const Option& size = *k.size_option();
  const Cost one = k.cost(k.defaults().set(size.name, 1 << 20));
  const double per_item = one.bytes_read / one.items;  // 1 for text, 4 for float32 values
  InputFile f{&k, k.defaults().set(size.name, std::floor(static_cast<double>(bytes) / per_item)), path};
  const Data d = k.generate(f.params);
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  std::get<Stream>(d.parts()[0].value)->for_each_chunk([&](std::span<const std::byte> c, std::uint64_t) {
    out.write(reinterpret_cast<const char*>(c.data()), static_cast<std::streamsize>(c.size()));
    f.bytes += c.size();
  });
  out.flush();
  if (!out) throw Error(path + ": cannot write the input file");
  return f;
}

void register_file(const InputFile& f) {
  const Kernel& k = *f.kernel;
  const std::string bytes = std::to_string(f.bytes);
  const auto add = [&](const std::string& name, auto fn) {
    benchmark::RegisterBenchmark(name.c_str(), fn)->UseRealTime()->Unit(benchmark::kMillisecond);
  };
  for (bool cold : {false, true}) {
    const std::string group = std::string(cold ? "files_cold/" : "files/") + std::string(k.name) + "/";
    add(group + "read/" + bytes, [&f, cold](benchmark::State& s) { read_only(s, f, cold); });
    for (Backend b : kBackends)
      if (k.has(b) && b != Backend::cuda && (!cold || b == Backend::openmp))
        add(group + std::string(to_string(b)) + "/" + bytes,
            [&f, v = k.variant(b), cold](benchmark::State& s) { run(s, f, v, cold); });
  }
  for (const Peer& peer : peers())
    if (peer.kernel == k.name && peer.beside != Backend::cuda && peer.cases.empty())
      add("files/" + std::string(k.name) + "/" + std::string(peer.name) + "/" + bytes,
          [&f, v = peer.run](benchmark::State& s) { run(s, f, v, false); });
}

}  // namespace
}  // namespace parlab::bench

int main(int argc, char** argv) {
  parlab::openmp::unpin_initial_thread();
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
  const fs::path dir = !keep.empty() ? fs::path(keep) : fs::temp_directory_path() / ("parlab_files_" + std::to_string(::getpid()));
  std::vector<InputFile> files;
  try {
    fs::create_directories(dir);
    for (const Kernel& k : kernels())
      if (streams(k)) files.push_back(write_input(k, mib << 20, (dir / (std::string(k.name) + ".input")).string()));
  } catch (const std::exception& e) {
    std::fprintf(stderr, "parlab_bench_files: %s\n", e.what());
    return 1;
  }
  for (const InputFile& f : files) register_file(f);
  const MachineInfo m = machine_info();
  benchmark::AddCustomContext("parlab_cpu", m.cpu_model);
  benchmark::AddCustomContext("parlab_simd_isa", m.simd_isa);
  benchmark::AddCustomContext("parlab_omp_threads", std::to_string(m.omp_threads));
  benchmark::AddCustomContext("parlab_git_revision", m.git_revision);
  int n = static_cast<int>(rest.size());
  benchmark::Initialize(&n, rest.data());
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  if (keep.empty()) fs::remove_all(dir);
  return 0;
}
