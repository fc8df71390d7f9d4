// Every compiled ISA this CPU runs, not only the one dispatch picks (Highway
// style): a kernel broken for AVX2 must fail here even on an AVX-512 machine.
// (The registry tests run every kernel's simd and openmp variants on every
// ISA too; these go further for the reduction and gray_u8.)
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <random>
#include <vector>

#include "backend_param.hpp"
#include "cpu/image/filters.hpp"
#include "cpu/image/gray_simd.hpp"
#include "cpu/reduce/reduce.hpp"
#include "parlab/rng.hpp"
#include "runtime/error.hpp"
#include "runtime/simd/cpu_features.hpp"
#include "runtime/simd/dispatch.hpp"
#include "runtime/simd/isa.hpp"
#include "runtime/simd/probes_isa.hpp"

namespace parlab::test {
namespace {


TEST(SimdIsa, EveryRunnableIsaMatchesReference) {
  const auto isas = runnable_isas();
  ASSERT_GE(isas.size(), 1u) << "sse2 is part of x86-64: at least one ISA must run";
  for (std::size_t isa : isas) {
    simd::ScopedIsa use(isa);
    for (std::size_t n : {0u, 1u, 3u, 15u, 17u, 511u, 513u, 65537u, 300001u}) {
      std::vector<float> x(n);
      fill_uniform(x, n, -1.0f, 1.0f);
      double abs_sum = 0;
      for (float v : x) abs_sum += std::fabs(v);
      SCOPED_TRACE(std::string(simd::active_isa()) + " n=" + std::to_string(n));
      EXPECT_LE(std::fabs(reduce::reduce_simd(x, reduce::ReduceOp::sum) - reduce::reduce_scalar(x, reduce::ReduceOp::sum)), 9 * 0x1p-24 * abs_sum + 1e-30);
      EXPECT_EQ(reduce::reduce_simd(x, reduce::ReduceOp::min), reduce::reduce_scalar(x, reduce::ReduceOp::min));
      EXPECT_EQ(reduce::reduce_simd(x, reduce::ReduceOp::max), reduce::reduce_scalar(x, reduce::ReduceOp::max));
      EXPECT_EQ(reduce::reduce_openmp(x, reduce::ReduceOp::sum, 3), reduce::reduce_simd(x, reduce::ReduceOp::sum)) << "same blocks, same bits";
      // The read probe adds in another order: only close, not equal.
      EXPECT_NEAR(simd::kernel<simd::ReadProbe>()(x.data(), n), reduce::reduce_scalar(x, reduce::ReduceOp::sum), 1e-5 * abs_sum + 1e-6);
    }
  }
}

TEST(SimdIsa, DispatchPicksTheBestRunnable) {
  const auto isas = runnable_isas();
  ASSERT_FALSE(isas.empty());
  EXPECT_EQ(simd::active(), isas.front()) << "compiled() is best first";
  EXPECT_EQ(simd::active_isa(), simd::compiled()[isas.front()]);
}

TEST(SimdIsa, UseIsaSwitchesAndRefusesWhatCannotRun) {
  const std::size_t before = simd::active();
  for (std::size_t isa : runnable_isas()) {
    simd::ScopedIsa use(isa);
    EXPECT_EQ(simd::active(), isa);
  }
  EXPECT_EQ(simd::active(), before) << "ScopedIsa restores the ISA";
  for (std::size_t i = 0; i < simd::compiled().size(); ++i) {
    if (!simd::runnable(i)) {
      EXPECT_THROW(simd::use_isa(i), UsageError);
    }
  }
}

// The check against fake CPUID/XCR0 values: the cases that break machines
// other than this one.
constexpr std::uint32_t kLeaf1Avx = (1u << 12) | (1u << 27) | (1u << 28);  // FMA, OSXSAVE, AVX
constexpr std::uint32_t kLeaf7Avx2 = 1u << 5;
constexpr std::uint32_t kLeaf7Avx512 = kLeaf7Avx2 | (1u << 16) | (1u << 17) | (1u << 28) | (1u << 30);
constexpr std::uint64_t kXcr0Avx = 0x7, kXcr0Avx512 = 0xE7;

// What dispatch would take on a machine with these values.
std::string_view chosen(const simd::CpuId& id) {
  for (std::string_view isa : simd::compiled())
    if (simd::support(isa, id) == simd::Support::yes) return isa;
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

TEST(SimdIsa, FindIsaRejectsTheUnknownAndTheUnrunnable) {
  EXPECT_THROW(simd::find_isa("neon9000"), UsageError);
  EXPECT_EQ(simd::find_isa(simd::active_isa()), simd::active());
  for (std::size_t i = 0; i < simd::compiled().size(); ++i) {
    if (!simd::runnable(i)) {
      EXPECT_THROW(simd::find_isa(simd::compiled()[i]), UsageError) << simd::compiled()[i];
    }
  }
}

// gray_u8 on every RGB triple there is (2^24), for every ISA this CPU runs,
// against the scalar reference: bit for bit.
TEST(SimdIsa, GrayU8ExhaustiveOverAllColours) {
  std::vector<std::uint8_t> rgb(3u << 24), ref(1u << 24), got(1u << 24);
  for (std::uint32_t c = 0; c < (1u << 24); ++c) {
    rgb[3 * c] = c >> 16;
    rgb[3 * c + 1] = (c >> 8) & 0xFF;
    rgb[3 * c + 2] = c & 0xFF;
  }
  image::gray_u8_scalar(rgb.data(), ref.data(), ref.size());
  for (std::size_t isa : runnable_isas()) {
    std::fill(got.begin(), got.end(), 0);
    simd::kernel<image::GrayU8>(isa)(rgb.data(), got.data(), got.size());
    EXPECT_TRUE(got == ref) << simd::compiled()[isa];
  }
}

// gray_u8 at every length from 0 to 300 pixels, each in a buffer of exactly
// 3n bytes (ASan sees a read past it), starting at every byte offset mod 4:
// the explicit kernels' blocks of 32 and 64 pixels, the loads that reach
// past a block, and the plain loop that finishes the rest.
TEST(SimdIsa, GrayU8AtEveryLengthAndOffsetMatchesTheReference) {
  std::mt19937 rng(2024);
  for (std::size_t isa : runnable_isas())
    for (std::size_t n = 0; n <= 300; ++n)
      for (std::size_t offset = 0; offset < 4; ++offset) {
        std::vector<std::uint8_t> rgb(offset + 3 * n), ref(n), got(n, 0);
        for (auto& b : rgb) b = static_cast<std::uint8_t>(rng() >> 24);
        image::gray_u8_scalar(rgb.data() + offset, ref.data(), n);
        simd::kernel<image::GrayU8>(isa)(rgb.data() + offset, got.data(), n);
        ASSERT_EQ(got, ref) << simd::compiled()[isa] << ", n = " << n << ", offset " << offset;
      }
}

}  // namespace
}  // namespace parlab::test
