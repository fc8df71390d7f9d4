#pragma once
// The backend a command runs a kernel on, and how its title says so.
#include <string>

#include "parlab/backend.hpp"
#include "parlab/registry.hpp"

namespace parlab::cli {

// The backend asked for (`flag`, else $PARLAB_BACKEND, else auto), which
// must be usable here and have a variant of `k` (Error otherwise).
Selection backend_for(const Kernel& k, const std::string& flag);
// "gaussian_blur on openmp (auto; skipped cuda: no device)".
std::string run_title(const Kernel& k, const Selection& sel);

}  // namespace parlab::cli
