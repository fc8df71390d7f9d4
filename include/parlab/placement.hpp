#pragma once
// Where each rank runs: its host, the CPUs it may run on, its OpenMP team and
// its device, so a user sees whether the binding is right (one row per
// rank, like xthi). With one process: one row.
#include <string>
#include <vector>

namespace parlab {

struct Placement {
  int rank = 0;
  std::string host;
  std::string cpus;     // the affinity mask as a list: "0-3,8"
  int cpu_count = 0;    // CPUs in the mask
  int threads = 0;      // the OpenMP team a parallel region gets
  std::string thread_cpus;  // the CPU each OpenMP thread of a team is on now: "0,1,2,3"
  std::string device;   // "cuda device 1: NVIDIA H200" or "none (reason)"
};

// Collective under MPI: every rank must call it; each gets every rank's row, in rank order.
std::vector<Placement> placements();
// The distinct hosts of the job, in rank order of first appearance
// (collective, like placements(), but asks nothing else).
std::vector<std::string> job_hosts();
// A CPU list, as Linux writes one ("0-3,8").
std::string cpu_list(const std::vector<int>& cpus);

}  // namespace parlab
