#include "app/context.hpp"

#include <sys/utsname.h>

#include <chrono>
#include <cstdlib>
#include <ctime>
#include <fstream>

#include "parlab/machine.hpp"
#include "parlab/placement.hpp"
#include "runtime/cuda/probe.hpp"
#include "runtime/mpi/ranks.hpp"

namespace parlab::cli {
namespace {

// PRETTY_NAME of /etc/os-release: "Debian GNU/Linux 12 (bookworm)".
std::string os_name() {
  std::ifstream in("/etc/os-release");
  for (std::string line; std::getline(in, line);)
    if (line.rfind("PRETTY_NAME=", 0) == 0) {
      std::string v = line.substr(12);
      if (v.size() >= 2 && v.front() == '"' && v.back() == '"') v = v.substr(1, v.size() - 2);
      return v;
    }
  return "unknown";
}

std::string kernel_release() {
  utsname u{};
  return ::uname(&u) == 0 ? std::string(u.sysname) + " " + u.release + " " + u.machine : "unknown";
}

// 12080 -> "12.8"
std::string cuda_version(int v) { return std::to_string(v / 1000) + "." + std::to_string(v % 1000 / 10); }

nlohmann::json gpu() {
  const cuda::Probe g = cuda::probe();
  if (!g.usable) return {{"usable", false}, {"reason", g.reason}};
  return {{"usable", true},
          {"name", g.name},
          {"sms", g.sm_count},
          {"compute_capability", std::to_string(g.cc_major) + "." + std::to_string(g.cc_minor)},
          {"memory_bytes", g.memory_bytes},
          {"driver", cuda_version(g.driver_version)},
          {"runtime", cuda_version(g.runtime_version)}};
}

// "2026-11-24T04:31:07Z"
std::string utc_now() {
  const std::time_t t = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

// The environment variables that change what runs, those that are set.
nlohmann::json environment() {
  nlohmann::json e = nlohmann::json::object();
  for (const char* name : {"PARLAB_BACKEND", "PARLAB_ISA", "PARLAB_IO", "OMP_NUM_THREADS", "OMP_PROC_BIND", "OMP_PLACES",
                           "OMP_DYNAMIC", "CUDA_VISIBLE_DEVICES"})
    if (const char* v = std::getenv(name)) e[name] = v;
  return e;
}

}  // namespace

nlohmann::json run_context(const Invocation& how) {
  const MachineInfo m = machine_info();
  return {{"parlab_version", m.version},
          {"git_revision", m.git_revision},
          {"compiler", m.compiler},
          {"flags", m.flags},
          {"build_type", m.build_type},
          {"os", os_name()},
          {"kernel", kernel_release()},
          {"cpu", m.cpu_model},
          {"logical_cpus", m.logical_cpus},
          {"memory_available_bytes", m.memory_available},
          {"isa_dispatched", m.simd_isa},
          {"isas_compiled", m.simd_isas_compiled},
          {"openmp_threads", m.omp_threads},
          {"omp_proc_bind", m.omp_proc_bind},
          {"omp_places", m.omp_places},
          {"gpu", gpu()},
          {"ranks", mpi::size()},
          {"hosts", job_hosts()},  // collective: every rank gets here, though only rank 0 writes
          {"date", utc_now()},
          {"command_line", how.argv},
          {"command", how.command},
          {"seed", how.seed},
          {"options", how.options},
          {"environment", environment()}};
}

Invocation invocation(int argc, char** argv, const CLI::App& app, unsigned long long seed) {
  Invocation how{std::vector<std::string>(argv, argv + argc), "", seed, nlohmann::json::object()};
  const CLI::App* ran = &app;
  for (const CLI::App* sub : app.get_subcommands()) ran = sub;  // the one parsed, if any
  if (ran != &app) how.command = ran->get_name();
  for (const CLI::Option* opt : ran->get_options()) {
    if (opt->count() == 0) continue;
    const std::vector<std::string>& v = opt->results();
    const std::string name = opt->get_name();
    if (v.size() == 1)
      how.options[name] = v[0];
    else
      how.options[name] = v;
  }
  return how;
}

}  // namespace parlab::cli
