#pragma once
// Facts about this machine and this build, printed with every figure.
#include <cstddef>
#include <string>
#include <vector>

namespace parlab {

struct MachineInfo {
  std::string cpu_model;
  int logical_cpus = 0;
  int omp_threads = 0;        // what OpenMP would use (omp_get_max_threads)
  std::string omp_proc_bind;  // OMP_PROC_BIND as set, and what the runtime uses
  std::string omp_places;
  std::string simd_isa;       // ISA dispatch picked on this CPU
  std::vector<std::string> simd_isas_compiled;
  std::size_t memory_available = 0;  // bytes (MemAvailable)
  std::string compiler;
  std::string flags;
  std::string build_type;
  std::string git_revision;
  std::string version;  // parlab's (the CMake project version)
};

MachineInfo machine_info();
// The memory this process may still take, in bytes (0 when unknown):
// MemAvailable from /proc/meminfo, less where an address-space limit
// (ulimit -v) or a cgroup's memory.max leaves less.
std::size_t available_memory();
// Size of the largest cache of CPU 0 (sysfs; 0 when unknown).
std::size_t last_level_cache();
// "1.5 GiB"
std::string gib(double bytes);

}  // namespace parlab
