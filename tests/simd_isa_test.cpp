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
#include "simd/isa.hpp"

namespace parlab::test {
namespace {

TEST(SimdIsa, EveryRunnableIsaMatchesReference) {
  int ran = 0;
  for (const simd::Kernels& k : simd::compiled()) {
    if (!k.available()) {
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
    if (k.available()) {
      EXPECT_EQ(simd::best_isa(), k.isa);  // compiled() is best first
      return;
    }
  }
  FAIL() << "no runnable ISA";
}

TEST(SimdIsa, ByNameRejectsUnknown) {
  EXPECT_THROW(simd::by_name("neon9000"), UsageError);
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
    if (!k.available()) continue;
    std::fill(got.begin(), got.end(), 0);
    k.gray_u8(rgb.data(), got.data(), got.size());
    EXPECT_TRUE(got == ref) << k.isa;
  }
}

}  // namespace
}  // namespace parlab::test
