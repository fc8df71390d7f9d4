// Chooses the SIMD kernels for this CPU once, with xsimd::dispatch.
#include <array>
#include <string>

#include "parlab/error.hpp"
#include "parlab/simd.hpp"
#include "simd_archs.hpp"  // generated: Archs, the compiled ISAs

namespace parlab::simd {
namespace {

template <class... A>
constexpr auto make_table(xsimd::arch_list<A...>) {
  return std::array<Kernels, sizeof...(A)>{kernels_of<A>()...};
}
constexpr auto kTable = make_table(Archs{});

// xsimd::dispatch calls this with the best architecture in Archs that the CPU
// supports; it answers with that architecture's table.
struct Pick {
  template <class Arch>
  const Kernels* operator()(Arch) const noexcept {
    for (const Kernels& k : kTable)
      if (std::string_view(k.isa) == Arch::name()) return &k;
    return nullptr;
  }
};

}  // namespace

std::span<const Kernels> compiled() { return kTable; }

const Kernels& best() {
  static const Kernels* chosen = xsimd::dispatch<Archs>(Pick{})();
  return *chosen;
}

std::string_view best_isa() { return best().isa; }

const Kernels& by_name(std::string_view isa) {
  std::string known;
  for (const Kernels& k : kTable) {
    if (k.isa == isa) {
      if (!k.available()) throw UsageError("ISA '" + std::string(isa) + "': compiled in, but this CPU does not support it");
      return k;
    }
    known += (known.empty() ? "" : ", ") + std::string(k.isa);
  }
  throw UsageError("ISA '" + std::string(isa) + "': not compiled in (compiled: " + known + ")");
}

}  // namespace parlab::simd
