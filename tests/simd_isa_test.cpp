// Every compiled ISA this CPU runs, not only the one dispatch picks (Highway
// style): a kernel broken for AVX2 must fail here even on an AVX-512 machine.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <vector>

#include "parlab/error.hpp"
#include "parlab/filters.hpp"
#include "parlab/reduce.hpp"
#include "parlab/rng.hpp"
#include "parlab/simd.hpp"
#include "simd/cpu_features.hpp"
#include "simd/isa.hpp"

namespace parlab::test {
namespace {

TEST(SimdIsa, EveryRunnableIsaMatchesReference) {
  int ran = 0;
  for (const simd::Kernels& k : simd::compiled()) {
    if (!simd::runnable(k)) {
      std::printf("[ SKIPPED  ] ISA %s: this CPU does not support it\n", k.isa);
      continue;
    }
    ++ran;
    for (std::size_t n : {0u, 1u, 3u, 15u, 17u, 511u, 513u, 65537u, 300001u}) {
      std::vector<float> x(n);
      fill_uniform(x, n, -1.0f, 1.0f);
      double abs_sum = 0;
      for (float v : x) abs_sum += std::fabs(v);
      SCOPED_TRACE(std::string(k.isa) + " n=" + std::to_string(n));
      EXPECT_LE(std::fabs(simd::reduce(k, x, ReduceOp::sum, 1) - reduce_scalar(x, ReduceOp::sum)),
                9 * 0x1p-24 * abs_sum + 1e-30);
      EXPECT_EQ(simd::reduce(k, x, ReduceOp::min, 1), reduce_scalar(x, ReduceOp::min));
      EXPECT_EQ(simd::reduce(k, x, ReduceOp::max, 1), reduce_scalar(x, ReduceOp::max));
      // The read probe adds in a different order: only close, not equal.
      EXPECT_NEAR(k.read_probe(x.data(), n), reduce_scalar(x, ReduceOp::sum), 1e-5 * abs_sum + 1e-6);
    }
  }
  EXPECT_GE(ran, 1) << "sse2 is part of x86-64: at least one ISA must run";
}

TEST(SimdIsa, DispatchPicksTheBestRunnable) {
  for (const simd::Kernels& k : simd::compiled()) {
    if (simd::runnable(k)) {
      EXPECT_EQ(simd::best_isa(), k.isa);  // compiled() is best first
      return;
    }
  }
  FAIL() << "no runnable ISA";
}

// The check against fake CPUID/XCR0 values: the cases that break machines
// other than this one.
constexpr std::uint32_t kLeaf1Avx = (1u << 12) | (1u << 27) | (1u << 28);  // FMA, OSXSAVE, AVX
constexpr std::uint32_t kLeaf7Avx2 = 1u << 5;
constexpr std::uint32_t kLeaf7Avx512 = kLeaf7Avx2 | (1u << 16) | (1u << 17) | (1u << 28) | (1u << 30);
constexpr std::uint64_t kXcr0Avx = 0x7, kXcr0Avx512 = 0xE7;

// What dispatch would take on a machine with these values.
std::string_view chosen(const simd::CpuId& id) {
  for (const simd::Kernels& k : simd::compiled())
    if (simd::support(k.isa, id) == simd::Support::yes) return k.isa;
  return "none";
}

TEST(CpuFeatures, Avx512InCpuidButNotInXcr0IsDisabledByTheOs) {
  const simd::CpuId id{kLeaf1Avx, kLeaf7Avx512, kXcr0Avx};
  EXPECT_EQ(simd::support("avx512bw", id), simd::Support::disabled_by_os);
  EXPECT_EQ(simd::support("fma3+avx2", id), simd::Support::yes);
  EXPECT_EQ(chosen(id), "fma3+avx2");
  EXPECT_EQ(simd::describe(simd::support("avx512bw", id)), "reported by the CPU, disabled by the OS");
}

TEST(CpuFeatures, AvxWithoutOsxsaveFallsBackToSse2) {
  // No OSXSAVE: the OS never enabled AVX state, and XGETBV may not even be run.
  const simd::CpuId id{kLeaf1Avx & ~(1u << 27), kLeaf7Avx512, 0};
  EXPECT_EQ(simd::support("fma3+avx2", id), simd::Support::disabled_by_os);
  EXPECT_EQ(simd::support("avx512bw", id), simd::Support::disabled_by_os);
  EXPECT_EQ(chosen(id), "sse2");
}

TEST(CpuFeatures, EverythingEnabledTakesTheWidest) {
  EXPECT_EQ(chosen({kLeaf1Avx, kLeaf7Avx512, kXcr0Avx512}), "avx512bw");
  EXPECT_EQ(chosen({kLeaf1Avx, kLeaf7Avx2, kXcr0Avx512}), "fma3+avx2") << "no AVX-512 in CPUID";
  EXPECT_EQ(simd::support("avx512bw", {kLeaf1Avx, kLeaf7Avx2, kXcr0Avx512}), simd::Support::not_on_cpu);
  // AVX2 without FMA (some early VIA/Zhaoxin parts): not the fma3+avx2 ISA.
  EXPECT_EQ(chosen({kLeaf1Avx & ~(1u << 12), kLeaf7Avx2, kXcr0Avx}), "sse2");
  // AVX-512 F without BW (Knights Landing): not avx512bw.
  EXPECT_EQ(chosen({kLeaf1Avx, kLeaf7Avx512 & ~(1u << 30), kXcr0Avx512}), "fma3+avx2");
  EXPECT_EQ(simd::support("neon", {kLeaf1Avx, kLeaf7Avx512, kXcr0Avx512}), simd::Support::not_on_cpu);
}

// On this machine the check must agree with GCC's, which also reads XCR0.
TEST(CpuFeatures, AgreesWithTheCompilerOnThisMachine) {
  __builtin_cpu_init();
  const bool avx2 = __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma");
  const bool avx512 = avx2 && __builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512bw") &&
                      __builtin_cpu_supports("avx512dq") && __builtin_cpu_supports("avx512cd");
  EXPECT_EQ(simd::support("fma3+avx2", simd::this_cpu()) == simd::Support::yes, avx2);
  EXPECT_EQ(simd::support("avx512bw", simd::this_cpu()) == simd::Support::yes, avx512);
  EXPECT_EQ(simd::support("sse2", simd::this_cpu()), simd::Support::yes);
}

TEST(SimdIsa, ByNameRejectsUnknown) {
  EXPECT_THROW(simd::by_name("neon9000"), UsageError);
  for (const simd::Kernels& k : simd::compiled()) {
    if (!simd::runnable(k)) {
      EXPECT_THROW(simd::by_name(k.isa), UsageError) << k.isa;
    }
  }
  EXPECT_EQ(std::string(simd::by_name(simd::best_isa()).isa), simd::best_isa());
}

}  // namespace
}  // namespace parlab::test

namespace parlab::test {
namespace {

// gray_u8 on every RGB triple there is (2^24), for every ISA this CPU runs,
// against the scalar reference: bit for bit.
TEST(SimdIsa, GrayU8ExhaustiveOverAllColours) {
  std::vector<std::uint8_t> rgb(3u << 24), ref(1u << 24), got(1u << 24);
  for (std::uint32_t c = 0; c < (1u << 24); ++c) {
    rgb[3 * c] = c >> 16;
    rgb[3 * c + 1] = (c >> 8) & 0xFF;
    rgb[3 * c + 2] = c & 0xFF;
  }
  gray_u8_scalar(rgb.data(), ref.data(), ref.size());
  for (const simd::Kernels& k : simd::compiled()) {
    if (!simd::runnable(k)) continue;
    std::fill(got.begin(), got.end(), 0);
    k.gray_u8(rgb.data(), got.data(), got.size());
    EXPECT_TRUE(got == ref) << k.isa;
  }
}

}  // namespace
}  // namespace parlab::test
