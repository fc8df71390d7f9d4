// Facts about this machine and build, printed beside every figure.
#include "parlab/machine.hpp"

#include <algorithm>
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

std::size_t available_memory() {
  std::ifstream in("/proc/meminfo");
  std::string key;
  std::size_t kib = 0;
  std::string unit;
  while (in >> key >> kib >> unit)
    if (key == "MemAvailable:") return kib * 1024;
  return 0;
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
