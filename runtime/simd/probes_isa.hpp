#pragma once
// The probes behind `parlab roofline`, as SIMD kernels (bodies in
// runtime/simd/probes_isa.cpp, one per ISA): how fast one core streams memory, and
// how many floating-point and integer operations it completes per second.
#include <cstddef>
#include <cstdint>

namespace parlab::simd {

// Reads x[0, n) at full width, eight streams at once, doing as little else as
// possible; returns the sum.
template <class Arch>
struct ReadProbe {
  static float run(const float* x, std::size_t n) noexcept;
};
// b[i] = a[i], with ordinary stores as in every parlab kernel.
template <class Arch>
struct CopyProbe {
  static void run(const float* a, float* b, std::size_t n) noexcept;
};
// a[i] = b[i] + s * c[i].
template <class Arch>
struct TriadProbe {
  static void run(float* a, const float* b, const float* c, float s, std::size_t n) noexcept;
};

// Compute probes: kChains independent chains of `iterations` steps, each a
// full vector wide, so the FMA (or multiply) units never wait on a result.
// Each returns a value the caller checks against its closed form, so a probe
// the compiler shortened cannot go unnoticed.
inline constexpr int kChains = 12;

// acc_j <- fma(acc_j, one, step) for j < kChains; returns the sum of every
// lane of every chain. With one = 1, acc_j starting at start[j] and
// step = 2^-20, every value is exact for up to 2^20 iterations.
template <class Arch>
struct FmaProbe32 {
  static double run(const float* start, float one, float step, std::uint64_t iterations) noexcept;
};
template <class Arch>
struct FmaProbe64 {
  static double run(const double* start, double one, double step, std::uint64_t iterations) noexcept;
};
// acc_j <- acc_j * m (32-bit, wrapping); returns the sum of every lane of every
// chain, each lane taken as an unsigned 32-bit number.
template <class Arch>
struct MulProbe32 {
  static std::uint64_t run(const std::uint32_t* start, std::uint32_t m, std::uint64_t iterations) noexcept;
};
// Lanes of float32 (and of 32-bit integers) in one vector of this ISA;
// float64 has half as many. Turns probe iterations into operations.
template <class Arch>
struct Lanes {
  static std::size_t run() noexcept;
};

}  // namespace parlab::simd
