// The ISA the SIMD kernels use: the first compiled ISA (best first) that
// runtime/simd/cpu_features.cpp says runs here, chosen once, unless use_isa() picks
// another. That one check decides dispatch, runnable(), find_isa() and
// `parlab info` alike, so they cannot disagree. (xsimd::dispatch is not used:
// xsimd 8.1 trusts CPUID alone and would pick AVX-512 where the OS has
// disabled it.)
#include <atomic>
#include <string>
#include <vector>

#include "runtime/simd/dispatch.hpp"
#include "runtime/error.hpp"
#include "runtime/simd/cpu_features.hpp"

namespace parlab::simd {
namespace {

const std::vector<std::string_view>& names() {
  static const std::vector<std::string_view> list = []<class... A>(xsimd::arch_list<A...>) {
    return std::vector<std::string_view>{A::name()...};
  }(Archs{});
  return list;
}

std::size_t best() {
  for (std::size_t i = 0; i < names().size(); ++i)
    if (runnable(i)) return i;
  return names().size() - 1;  // sse2: every x86-64 CPU runs it
}

std::atomic<std::size_t>& chosen() {
  static std::atomic<std::size_t> isa{best()};
  return isa;
}

}  // namespace

std::span<const std::string_view> compiled() { return names(); }

bool runnable(std::size_t isa) { return support(names().at(isa), this_cpu()) == Support::yes; }

std::string_view why(std::size_t isa) { return describe(support(names().at(isa), this_cpu())); }

std::size_t active() { return chosen().load(std::memory_order_relaxed); }

std::string_view active_isa() { return names()[active()]; }

std::size_t find_isa(std::string_view name) {
  std::string known;
  for (std::size_t i = 0; i < names().size(); ++i) {
    if (names()[i] == name) {
      if (!runnable(i)) throw UsageError("ISA '" + std::string(name) + "': compiled in, but " + std::string(why(i)));
      return i;
    }
    known += (known.empty() ? "" : ", ") + std::string(names()[i]);
  }
  throw UsageError("ISA '" + std::string(name) + "': not compiled in (compiled: " + known + ")");
}

void use_isa(std::size_t isa) {
  if (!runnable(isa)) throw UsageError("ISA '" + std::string(names().at(isa)) + "': " + std::string(why(isa)));
  chosen().store(isa, std::memory_order_relaxed);
}

}  // namespace parlab::simd
