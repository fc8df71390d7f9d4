#pragma once
// The dispatch layer: which backends exist, which were compiled in, which can
// run on this machine now, and which one a request resolves to.
#include <array>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace parlab {

// In priority order: `auto` takes the first usable one.
enum class Backend : int { cuda, openmp, simd, scalar };
inline constexpr std::size_t kBackendCount = 4;
inline constexpr std::array<Backend, kBackendCount> kBackends = {
    Backend::cuda, Backend::openmp, Backend::simd, Backend::scalar};

std::string_view to_string(Backend b);
std::optional<Backend> backend_from_string(std::string_view name);
constexpr std::size_t index(Backend b) { return static_cast<std::size_t>(b); }

struct BackendStatus {
  Backend backend;
  bool compiled = false;  // built into this binary (CMake found its toolchain)
  bool usable = false;    // can run here now (e.g. a CUDA device answered)
  std::string reason;     // why usable or not, in words, e.g. "compiled in, but no CUDA driver (...)"
};

// Probed once per process (the CUDA probe asks the driver) and cached.
std::span<const BackendStatus> backend_status();
const BackendStatus& backend_status(Backend b);

struct Selection {
  Backend backend;
  std::vector<std::string> skipped;  // "cuda: compiled in, but no CUDA driver (...)" for each one passed over
};

// Resolves "auto" or a backend name against a status table. Pure, so tests can
// hand it fake tables. Throws UsageError for an unknown name and Error for a
// known backend that is not usable here (never substitutes another).
Selection select_backend(std::string_view request, std::span<const BackendStatus> table);
// The same against this machine's table.
Selection select_backend(std::string_view request);

// The request in force: the flag if given, else $PARLAB_BACKEND, else "auto".
std::string backend_request(std::string_view flag_value);
inline constexpr const char* kBackendEnv = "PARLAB_BACKEND";

}  // namespace parlab
