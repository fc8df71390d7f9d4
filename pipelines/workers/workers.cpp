#include "pipelines/workers/workers.hpp"

#include <algorithm>

#include "runtime/openmp.hpp"

namespace parlab::pipeline {

int tbb_limit() {
  return static_cast<int>(
      std::max<std::size_t>(1, tbb::global_control::active_value(tbb::global_control::max_allowed_parallelism)));
}

int tbb_workers(int requested) { return std::clamp(openmp::threads(requested), 1, tbb_limit()); }

std::string tbb_workers_note(int requested) {
  const int limit = tbb_limit();
  if (requested <= limit) return "";
  return "--threads " + std::to_string(requested) + ": oneTBB runs at most " + std::to_string(limit) +
         " threads at once here (one per CPU): " + std::to_string(limit) + " workers";
}

std::optional<tbb::global_control> allow_at_least(std::size_t threads) {
  if (tbb::global_control::active_value(tbb::global_control::max_allowed_parallelism) >= threads) return std::nullopt;
  return std::optional<tbb::global_control>(std::in_place, tbb::global_control::max_allowed_parallelism, threads);
}

}  // namespace parlab::pipeline
