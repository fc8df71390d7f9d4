#pragma once
// Which SIMD instruction sets this CPU can run: the one check parlab trusts
// for dispatch, `parlab info`, selection by name and the tests.
//
// Running an ISA needs two things: the CPU implements it (CPUID) and the
// operating system saves its registers on a context switch (the XCR0 bits
// that XGETBV reads). A CPU can report AVX-512 while the OS, a hypervisor or a
// mitigation (clearcpuid, gather-data-sampling) leaves its state disabled;
// executing AVX-512 there raises SIGILL. xsimd 8.1 reads CPUID only (xsimd
// issue 1025), so parlab decides this itself.
#include <cstdint>
#include <string>
#include <string_view>

namespace parlab::simd {

// The raw facts, so a test can feed fake ones.
struct CpuId {
  std::uint32_t leaf1_ecx = 0;  // CPUID.1:ECX  (SSE3 .. AVX, OSXSAVE, FMA)
  std::uint32_t leaf7_ebx = 0;  // CPUID.7.0:EBX (AVX2, AVX-512 F/DQ/CD/BW)
  std::uint64_t xcr0 = 0;       // XGETBV(0); 0 when OSXSAVE is off (XGETBV would fault)
};
// This CPU's values, read once.
const CpuId& this_cpu();

enum class Support {
  yes,             // runs here
  not_on_cpu,      // the CPU does not implement it
  disabled_by_os,  // the CPU implements it, but the OS has not enabled its registers
};

// Support for one of parlab's ISAs by its name ("sse2", "fma3+avx2",
// "avx512bw"); an unknown name is not_on_cpu.
Support support(std::string_view isa, const CpuId& id);
// "runs here", "not on this CPU", "reported by the CPU, disabled by the OS".
std::string_view describe(Support s);

}  // namespace parlab::simd
