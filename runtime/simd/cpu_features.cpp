// CPUID and XCR0 decoded into "can this ISA run here" (runtime/simd/cpu_features.hpp).
#include "runtime/simd/cpu_features.hpp"

#include <cpuid.h>

namespace parlab::simd {
namespace {

// CPUID bits (Intel SDM vol. 2A, "CPUID"; AMD APM vol. 3 agree).
constexpr std::uint32_t kFma = 1u << 12, kOsxsave = 1u << 27, kAvx = 1u << 28;         // leaf 1, ECX
constexpr std::uint32_t kAvx2 = 1u << 5, kAvx512f = 1u << 16, kAvx512dq = 1u << 17,  // leaf 7, EBX
    kAvx512cd = 1u << 28, kAvx512bw = 1u << 30;
// XCR0 state components: 1 SSE (XMM), 2 AVX (upper YMM), 5-7 AVX-512
// (opmask, upper ZMM0-15, ZMM16-31).
constexpr std::uint64_t kXmmYmm = 0x6, kZmm = 0xE0;

struct Needs {
  std::string_view isa;
  std::uint32_t leaf1_ecx, leaf7_ebx;
  std::uint64_t xcr0;
};
// What each compiled ISA is built with (cmake/ParlabSimdTargets.cmake).
constexpr Needs kNeeds[] = {
    {"sse2", 0, 0, 0},  // part of x86-64: every such CPU and OS has it
    {"fma3+avx2", kOsxsave | kAvx | kFma, kAvx2, kXmmYmm},
    {"avx512bw", kOsxsave | kAvx | kFma, kAvx2 | kAvx512f | kAvx512dq | kAvx512cd | kAvx512bw, kXmmYmm | kZmm},
};

CpuId read() {
  CpuId id;
  unsigned a = 0, b = 0, c = 0, d = 0;
  if (__get_cpuid(1, &a, &b, &c, &d)) id.leaf1_ecx = c;
  if (__get_cpuid_max(0, nullptr) >= 7) {
    __cpuid_count(7, 0, a, b, c, d);
    id.leaf7_ebx = b;
  }
  if (id.leaf1_ecx & kOsxsave) {  // only then may XGETBV be executed
    unsigned lo = 0, hi = 0;
    __asm__ volatile("xgetbv" : "=a"(lo), "=d"(hi) : "c"(0));
    id.xcr0 = (std::uint64_t{hi} << 32) | lo;
  }
  return id;
}

}  // namespace

const CpuId& this_cpu() {
  static const CpuId id = read();
  return id;
}

Support support(std::string_view isa, const CpuId& id) {
  for (const Needs& n : kNeeds) {
    if (n.isa != isa) continue;
    // OSXSAVE is the OS's side: without it the AVX state is never enabled.
    const std::uint32_t cpu_ecx = n.leaf1_ecx & ~kOsxsave;
    if ((id.leaf1_ecx & cpu_ecx) != cpu_ecx || (id.leaf7_ebx & n.leaf7_ebx) != n.leaf7_ebx) return Support::not_on_cpu;
    if ((id.leaf1_ecx & n.leaf1_ecx) != n.leaf1_ecx || (id.xcr0 & n.xcr0) != n.xcr0) return Support::disabled_by_os;
    return Support::yes;
  }
  return Support::not_on_cpu;
}

std::string_view describe(Support s) {
  switch (s) {
    case Support::yes: return "runs here";
    case Support::not_on_cpu: return "not on this CPU";
    case Support::disabled_by_os: return "reported by the CPU, disabled by the OS";
  }
  return "?";
}

}  // namespace parlab::simd
