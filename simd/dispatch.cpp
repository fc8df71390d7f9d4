// Chooses the SIMD kernels for this CPU once: the first compiled ISA (best
// first) that simd/cpu_features.cpp says runs here. That one check decides
// dispatch, runnable(), by_name() and `parlab info` alike, so they cannot
// disagree. (xsimd::dispatch is not used: xsimd 8.1 trusts CPUID alone and
// would pick AVX-512 where the OS has disabled it.)
#include <array>
#include <string>

#include "parlab/error.hpp"
#include "parlab/simd.hpp"
#include "simd/cpu_features.hpp"
#include "simd_archs.hpp"  // generated: Archs, the compiled ISAs

namespace parlab::simd {
namespace {

template <class... A>
constexpr auto make_table(xsimd::arch_list<A...>) {
  return std::array<Kernels, sizeof...(A)>{kernels_of<A>()...};
}
constexpr auto kTable = make_table(Archs{});

}  // namespace

std::span<const Kernels> compiled() { return kTable; }

bool runnable(const Kernels& k) { return support(k.isa, this_cpu()) == Support::yes; }

const Kernels& best() {
  static const Kernels& chosen = [] () -> const Kernels& {
    for (const Kernels& k : kTable)
      if (runnable(k)) return k;
    return kTable.back();  // sse2: every x86-64 CPU runs it
  }();
  return chosen;
}

std::string_view best_isa() { return best().isa; }

const Kernels& by_name(std::string_view isa) {
  std::string known;
  for (const Kernels& k : kTable) {
    if (k.isa == isa) {
      const Support s = support(k.isa, this_cpu());
      if (s != Support::yes)
        throw UsageError("ISA '" + std::string(isa) + "': compiled in, but " + std::string(describe(s)));
      return k;
    }
    known += (known.empty() ? "" : ", ") + std::string(k.isa);
  }
  throw UsageError("ISA '" + std::string(isa) + "': not compiled in (compiled: " + known + ")");
}

}  // namespace parlab::simd
