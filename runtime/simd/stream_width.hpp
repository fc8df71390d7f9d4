#pragma once
// The vector width for loops that only stream memory. On AMD Zen 4 (a KVM
// guest, one thread, 256 MiB of floats), a min over 256-bit loads read
// 37.6 GB/s and the same loop over 512-bit loads 25-26 GB/s (docs/results.md,
// "Reading with AVX-512"): its cores split a 512-bit load in two and keep
// fewer lines in flight. Where memory binds, 256 bits are as fast as 512 on
// every x86 core measured, so such loops read at most 256 bits at a time.
#include <type_traits>

#include <xsimd/xsimd.hpp>

namespace parlab::simd {

template <class Arch>
using StreamArch = std::conditional_t<std::is_base_of_v<xsimd::avx512f, Arch>, xsimd::fma3<xsimd::avx2>, Arch>;

}  // namespace parlab::simd
