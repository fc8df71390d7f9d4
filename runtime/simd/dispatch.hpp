#pragma once
// How backend code calls a SIMD kernel: simd::kernel<Name>() is the function
// of the active ISA.
//
// A SIMD kernel is a class template on the xsimd architecture with one static
// function `run`. Its header (cpu/<family>/<kernel>_simd.hpp) declares it;
// its body lives in simd/<family>/<kernel>_isa.cpp, which CMake compiles once
// per ISA, with that ISA's flags, and which ends with
//   template struct Name<PARLAB_SIMD_ARCH>;
// No list names the kernels: adding one is a header and an _isa.cpp file.
#include <array>
#include <xsimd/xsimd.hpp>

#include "runtime/simd/isa.hpp"
#include "simd_archs.hpp"  // generated: Archs, the compiled ISAs, best first

namespace parlab::simd {

// The kernel's `run` for ISA number `isa` of compiled() (default: the active one).
template <template <class> class K>
auto kernel(std::size_t isa = active()) {
  static constexpr auto table = []<class... A>(xsimd::arch_list<A...>) { return std::array{&K<A>::run...}; }(Archs{});
  return table[isa];
}

}  // namespace parlab::simd
