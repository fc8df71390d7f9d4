#include "runtime/openmp.hpp"

#include <sched.h>

#include <algorithm>
#include <cstdlib>
#include <string>

#include "runtime/error.hpp"

#ifdef _OPENMP
#include <omp.h>
#endif

namespace parlab::openmp {

namespace {

// OMP_NUM_THREADS as OpenMP reads it: whole numbers >= 1, comma-separated
// (one per nesting level), spaces around them allowed. The OpenMP runtime
// ignores a value it cannot read (1e20, 2.5, -4, 0) and silently uses every
// CPU; parlab refuses it instead, with the reason.
void check_omp_num_threads_text() {
  const char* env = std::getenv("OMP_NUM_THREADS");
  if (!env) return;
  const std::string text = env;
  if (text.find_first_not_of(" \t") == std::string::npos) return;  // empty: as if unset
  const auto refuse = [&](const std::string& why) {
    throw UsageError("OMP_NUM_THREADS '" + text + "': " + why);
  };
  std::size_t i = 0, levels = 0;
  while (true) {
    while (i < text.size() && (text[i] == ' ' || text[i] == '\t')) ++i;
    const std::size_t start = i;
    unsigned long long n = 0;
    while (i < text.size() && text[i] >= '0' && text[i] <= '9') {
      n = std::min<unsigned long long>(n * 10 + static_cast<unsigned>(text[i] - '0'), 1ull << 40);
      ++i;
    }
    if (i == start || n == 0)
      refuse("not a whole number of threads from 1 (the OpenMP runtime ignores it and uses every CPU)");
    if (levels == 0 && n > static_cast<unsigned long long>(kMaxThreads))
      refuse("asks for " + text.substr(start, i - start) + " threads; parlab runs at most " +
             std::to_string(kMaxThreads));
    ++levels;
    while (i < text.size() && (text[i] == ' ' || text[i] == '\t')) ++i;
    if (i == text.size()) return;
    if (text[i] != ',') refuse("not a whole number of threads from 1 (the OpenMP runtime ignores it and uses every CPU)");
    ++i;
  }
}

std::vector<int> thread_cpus() {
  std::vector<int> cpus;
  cpu_set_t set;
  CPU_ZERO(&set);
  if (sched_getaffinity(0, sizeof set, &set) == 0)
    for (int c = 0; c < CPU_SETSIZE; ++c)
      if (CPU_ISSET(c, &set)) cpus.push_back(c);
  return cpus;
}

}  // namespace

void unpin_initial_thread() {
  cpu_set_t set;
  CPU_ZERO(&set);
  for (int c : process_cpus())
    if (c >= 0 && c < CPU_SETSIZE) CPU_SET(c, &set);
  // Best effort: where the mask cannot be set, the thread stays as it was.
  if (CPU_COUNT(&set) > 0) sched_setaffinity(0, sizeof set, &set);
}

#ifdef _OPENMP
bool compiled() { return true; }
void check_default_threads() {
  check_omp_num_threads_text();
  if (const int n = omp_get_max_threads(); n > kMaxThreads)
    throw UsageError("OMP_NUM_THREADS asks for " + std::to_string(n) + " threads; parlab runs at most " +
                     std::to_string(kMaxThreads));
}
int threads(int requested) { return requested > 0 ? requested : omp_get_max_threads(); }
int thread_index() { return omp_get_thread_num(); }
int team_size() { return omp_get_num_threads(); }
std::vector<int> process_cpus() {
  std::vector<int> cpus;
  for (int place = 0; place < omp_get_num_places(); ++place) {
    std::vector<int> ids(static_cast<std::size_t>(omp_get_place_num_procs(place)));
    omp_get_place_proc_ids(place, ids.data());
    cpus.insert(cpus.end(), ids.begin(), ids.end());
  }
  if (cpus.empty()) return thread_cpus();
  std::sort(cpus.begin(), cpus.end());
  cpus.erase(std::unique(cpus.begin(), cpus.end()), cpus.end());
  return cpus;
}
#else
bool compiled() { return false; }
void check_default_threads() { check_omp_num_threads_text(); }
int threads(int) { return 1; }
int thread_index() { return 0; }
int team_size() { return 1; }
std::vector<int> process_cpus() { return thread_cpus(); }
#endif

}  // namespace parlab::openmp
