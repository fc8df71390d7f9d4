#include "parlab/placement.hpp"

#include <sched.h>

#include <algorithm>
#include <nlohmann/json.hpp>
#include <string>

#include "runtime/cuda/probe.hpp"
#include "runtime/mpi/ranks.hpp"
#include "runtime/openmp.hpp"

namespace parlab {

std::string cpu_list(const std::vector<int>& cpus) {
  std::string out;
  for (std::size_t i = 0; i < cpus.size();) {
    std::size_t j = i;
    while (j + 1 < cpus.size() && cpus[j + 1] == cpus[j] + 1) ++j;
    if (!out.empty()) out += ",";
    out += std::to_string(cpus[i]);
    if (j > i) out.append("-").append(std::to_string(cpus[j]));
    i = j + 1;
  }
  return out;
}

namespace {

// The CPU each thread of an OpenMP team is on, by thread number.
std::string team_cpus(int threads) {
  std::vector<int> on(static_cast<std::size_t>(threads), -1);
#pragma omp parallel num_threads(threads)
  {
    const int t = openmp::thread_index();
    if (t < threads) on[static_cast<std::size_t>(t)] = sched_getcpu();
  }
  std::string out;
  for (int c : on) out.append(out.empty() ? "" : ",").append(std::to_string(c));
  return out;
}

Placement mine() {
  const auto cpus = openmp::process_cpus();
  const cuda::Probe gpu = cuda::probe();
  const int threads = openmp::threads();
  return {.rank = mpi::rank(),
          .host = mpi::host(),
          .cpus = cpu_list(cpus),
          .cpu_count = static_cast<int>(cpus.size()),
          .threads = threads,
          .thread_cpus = team_cpus(threads),
          .device = gpu.usable ? "cuda " + gpu.reason : "none"};
}

}  // namespace

std::vector<Placement> placements() {
  const Placement p = mine();
  const nlohmann::json j = {{"rank", p.rank},   {"host", p.host},       {"cpus", p.cpus},         {"cpu_count", p.cpu_count},
                            {"threads", p.threads}, {"thread_cpus", p.thread_cpus}, {"device", p.device}};
  std::vector<Placement> rows;
  for (const std::string& text : mpi::allgather(j.dump())) {
    const auto r = nlohmann::json::parse(text);
    rows.push_back({r["rank"], r["host"], r["cpus"], r["cpu_count"], r["threads"], r["thread_cpus"], r["device"]});
  }
  return rows;
}

std::vector<std::string> job_hosts() {
  std::vector<std::string> hosts;
  for (const std::string& h : mpi::allgather(mpi::host()))
    if (std::find(hosts.begin(), hosts.end(), h) == hosts.end()) hosts.push_back(h);
  return hosts;
}

}  // namespace parlab
