#pragma once
// The SIMD instruction sets compiled into this build, which ones this CPU
// runs, and the one the simd and openmp backends use.
#include <cstddef>
#include <span>
#include <string_view>

namespace parlab::simd {

// Every compiled ISA, best first: "avx512bw", "fma3+avx2", "sse2".
std::span<const std::string_view> compiled();
// Whether this CPU and its OS run ISA number `isa` of compiled()
// (runtime/simd/cpu_features.hpp), and why not in words.
bool runnable(std::size_t isa);
std::string_view why(std::size_t isa);  // "runs here", "not on this CPU", ...
// The ISA the kernels use now: the best runnable one, unless use_isa() chose another.
std::size_t active();
std::string_view active_isa();
// The number of a compiled ISA by name; UsageError if unknown or not runnable here.
std::size_t find_isa(std::string_view name);
// Makes `isa` the active ISA for the whole process (`--isa`, PARLAB_ISA, tests).
// Throws UsageError if this CPU does not run it.
void use_isa(std::size_t isa);

// For tests: the active ISA is `isa` until this object is destroyed.
class ScopedIsa {
 public:
  explicit ScopedIsa(std::size_t isa) : before_(active()) { use_isa(isa); }
  ~ScopedIsa() { use_isa(before_); }
  ScopedIsa(const ScopedIsa&) = delete;
  ScopedIsa& operator=(const ScopedIsa&) = delete;

 private:
  std::size_t before_;
};

}  // namespace parlab::simd
