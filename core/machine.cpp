// Facts about this machine and build, printed beside every figure.
#include "parlab/machine.hpp"

#include <sys/resource.h>
#include <unistd.h>

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <string>
#include <thread>

#include "runtime/openmp.hpp"
#include "runtime/simd/isa.hpp"

namespace parlab {
namespace build {
extern const char* const compiler;
extern const char* const flags;
extern const char* const type;
extern const char* const version;
extern const char* const git_revision;
}  // namespace build

namespace {

std::string cpu_model() {
  std::ifstream in("/proc/cpuinfo");
  for (std::string line; std::getline(in, line);) {
    if (line.rfind("model name", 0) == 0) {
      const auto colon = line.find(':');
      if (colon != std::string::npos) return line.substr(line.find_first_not_of(" \t", colon + 1));
    }
  }
  return "unknown";
}

std::string env_or(const char* name, const char* fallback) {
  const char* v = std::getenv(name);
  return v && *v ? v : fallback;
}

}  // namespace

std::string gib(double bytes) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.1f GiB", bytes / (1024.0 * 1024 * 1024));
  return buf;
}

namespace {

// The first number in a file (a cgroup's memory.max, /proc/self/statm), or
// `none` when it holds none ("max").
std::uint64_t first_number(const char* path, std::uint64_t none) {
  std::ifstream in(path);
  std::uint64_t v = 0;
  return in >> v ? v : none;
}

}  // namespace

std::size_t available_memory() {
  std::uint64_t have = 0;
  {
    std::ifstream in("/proc/meminfo");
    std::string key, unit;
    std::uint64_t kib = 0;
    while (in >> key >> kib >> unit)
      if (key == "MemAvailable:") {
        have = kib * 1024;
        break;
      }
  }
  constexpr std::uint64_t kNone = ~std::uint64_t{0};
  // A limit on this process's address space (ulimit -v): what is left of it.
  if (rlimit r{}; ::getrlimit(RLIMIT_AS, &r) == 0 && r.rlim_cur != RLIM_INFINITY) {
    const std::uint64_t used = first_number("/proc/self/statm", 0) * static_cast<std::uint64_t>(::sysconf(_SC_PAGESIZE));
    const std::uint64_t left = r.rlim_cur > used ? r.rlim_cur - used : 0;
    have = have ? std::min(have, left) : left;
  }
  // A container's memory limit (cgroup v2): what is left of it.
  if (const std::uint64_t max = first_number("/sys/fs/cgroup/memory.max", kNone); max != kNone) {
    const std::uint64_t used = first_number("/sys/fs/cgroup/memory.current", 0);
    const std::uint64_t left = max > used ? max - used : 0;
    have = have ? std::min(have, left) : left;
  }
  return static_cast<std::size_t>(have);
}

std::size_t last_level_cache() {
  std::size_t best = 0;
  for (int i = 0; i < 8; ++i) {
    std::ifstream in("/sys/devices/system/cpu/cpu0/cache/index" + std::to_string(i) + "/size");
    std::size_t v = 0;
    std::string unit;
    if (!(in >> v)) continue;
    in >> unit;  // "32768K"
    if (!unit.empty() && (unit[0] == 'K' || unit[0] == 'k')) v *= 1024;
    if (!unit.empty() && (unit[0] == 'M' || unit[0] == 'm')) v *= 1024 * 1024;
    best = std::max(best, v);
  }
  return best;
}

MachineInfo machine_info() {
  MachineInfo m;
  m.cpu_model = cpu_model();
  m.logical_cpus = static_cast<int>(std::thread::hardware_concurrency());
  m.omp_threads = openmp::threads();
  m.omp_proc_bind = env_or("OMP_PROC_BIND", "unset (threads may migrate; set OMP_PROC_BIND=close for stable timings)");
  m.omp_places = env_or("OMP_PLACES", "unset");
  m.simd_isa = std::string(simd::active_isa());
  for (std::size_t i = 0; i < simd::compiled().size(); ++i)
    m.simd_isas_compiled.push_back(std::string(simd::compiled()[i]) +
                                   (simd::runnable(i) ? "" : " (" + std::string(simd::why(i)) + ")"));
  m.memory_available = available_memory();
  m.compiler = build::compiler;
  m.flags = build::flags;
  m.build_type = build::type;
  m.version = build::version;
  m.git_revision = build::git_revision;
  return m;
}

}  // namespace parlab
