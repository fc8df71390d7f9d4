// The dispatch layer: status of every backend, and resolving a request.
#include "parlab/backend.hpp"

#include <cstdlib>

#include "runtime/cuda/probe.hpp"
#include "runtime/error.hpp"
#include "runtime/openmp.hpp"
#include "runtime/simd/isa.hpp"

namespace parlab {

std::string_view to_string(Backend b) {
  switch (b) {
    case Backend::cuda: return "cuda";
    case Backend::openmp: return "openmp";
    case Backend::simd: return "simd";
    case Backend::scalar: return "scalar";
  }
  return "?";
}

std::optional<Backend> backend_from_string(std::string_view name) {
  for (Backend b : kBackends)
    if (to_string(b) == name) return b;
  return std::nullopt;
}

namespace {

std::array<BackendStatus, kBackendCount> probe_all() {
  const cuda::Probe gpu = cuda::probe();
  const bool omp = openmp::compiled();
  return {{
      {Backend::cuda, gpu.compiled, gpu.usable, gpu.reason},
      {Backend::openmp, omp, omp,
       omp ? std::to_string(openmp::threads()) + " threads" : "not compiled in: the compiler had no OpenMP support"},
      {Backend::simd, true, true, "xsimd, " + std::string(simd::active_isa())},
      {Backend::scalar, true, true, "the reference"},
  }};
}

}  // namespace

std::span<const BackendStatus> backend_status() {
  static const std::array<BackendStatus, kBackendCount> table = probe_all();
  return table;
}

const BackendStatus& backend_status(Backend b) { return backend_status()[index(b)]; }

Selection select_backend(std::string_view request, std::span<const BackendStatus> table) {
  auto entry = [&](Backend b) -> const BackendStatus& {
    for (const BackendStatus& s : table)
      if (s.backend == b) return s;
    throw Error("backend '" + std::string(to_string(b)) + "' is missing from the status table");
  };

  if (request == "auto") {
    Selection sel{};
    for (Backend b : kBackends) {
      const BackendStatus& s = entry(b);
      if (s.usable) {
        sel.backend = b;
        return sel;
      }
      sel.skipped.push_back(std::string(to_string(b)) + ": " + s.reason);
    }
    throw Error("no usable backend (" + sel.skipped.front() + ")");  // unreachable: scalar always runs
  }

  const std::optional<Backend> b = backend_from_string(request);
  if (!b) throw UsageError("backend '" + std::string(request) + "': unknown (choose auto, cuda, openmp, simd or scalar)");
  const BackendStatus& s = entry(*b);
  if (!s.usable) throw Error("backend '" + std::string(request) + "' is not usable here: " + s.reason);
  return {*b, {}};
}

Selection select_backend(std::string_view request) { return select_backend(request, backend_status()); }

std::string backend_request(std::string_view flag_value) {
  if (!flag_value.empty()) return std::string(flag_value);
  if (const char* env = std::getenv(kBackendEnv); env && *env) return env;
  return "auto";
}

}  // namespace parlab
