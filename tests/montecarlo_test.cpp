// The Monte Carlo family beyond what the registry tests check (every backend
// against the scalar reference at awkward sizes): the generator against
// Random123's published answers, the SIMD generator against the scalar one
// on every ISA, 64-bit indices past 2^32, exact pi counts across backends,
// ISAs and thread counts, and prices against their closed forms.
#include <gtest/gtest.h>

#include <Random123/philox.h>

#include <cmath>
#include <cstdint>
#include <numbers>
#include <random>
#include <vector>

#include "backend_param.hpp"
#include "cpu/montecarlo/montecarlo.hpp"
#include "cpu/montecarlo/montecarlo_simd.hpp"
#include "cpu/montecarlo/paths.hpp"
#include "cpu/montecarlo/philox.hpp"
#include "cpu/montecarlo/philox_simd.hpp"
#include "parlab/registry.hpp"
#include "runtime/simd/dispatch.hpp"
#include "simd/montecarlo/vector_math.hpp"

namespace parlab::test {
using namespace parlab::montecarlo;  // the family under test
namespace {

// ---- The generator.

// Random123's kat_vectors: counter, key -> output.
struct Kat {
  std::uint32_t ctr[4], key[2], out[4];
};
constexpr Kat kKats[] = {
    {{0, 0, 0, 0}, {0, 0}, {0x6627e8d5, 0xe169c58d, 0xbc57ac4c, 0x9b00dbd8}},
    {{0xffffffff, 0xffffffff, 0xffffffff, 0xffffffff}, {0xffffffff, 0xffffffff},
     {0x408f276d, 0x41c83b0e, 0xa20bc7c6, 0x6d5451fd}},
    {{0x243f6a88, 0x85a308d3, 0x13198a2e, 0x03707344}, {0xa4093822, 0x299f31d0},
     {0xd16cfe09, 0x94fdcceb, 0x5001e420, 0x24126ea1}},
};

std::uint64_t join(std::uint32_t lo, std::uint32_t hi) { return (std::uint64_t{hi} << 32) | lo; }

TEST(Philox, ScalarMatchesPublishedAnswers) {
  for (const Kat& k : kKats) {
    const auto r = random::philox(join(k.key[0], k.key[1]), join(k.ctr[1], k.ctr[2]), k.ctr[0], k.ctr[3]);
    for (int w = 0; w < 4; ++w) EXPECT_EQ(r[w], k.out[w]) << "word " << w;
  }
}

TEST(Philox, SimdMatchesPublishedAnswersOnEveryIsa) {
  for (std::size_t isa : runnable_isas()) {
    const auto words = simd::kernel<PhiloxWords>(isa);
    for (const Kat& k : kKats) {
      std::uint32_t out[4];
      words(join(k.key[0], k.key[1]), join(k.ctr[1], k.ctr[2]), k.ctr[0], k.ctr[3], 1, out);
      for (int w = 0; w < 4; ++w) EXPECT_EQ(out[w], k.out[w]) << simd::compiled()[isa] << " word " << w;
    }
  }
}

// Indices across 2^32 (the carry into the counter's third word) and near
// 2^63, odd counts (a partial last batch), a seed with both halves set.
TEST(Philox, SimdEqualsScalarAcrossTheHighWordOfTheIndex) {
  const std::uint64_t seed = 0x123456789abcdef0ull;
  for (std::size_t isa : runnable_isas()) {
    const auto words = simd::kernel<PhiloxWords>(isa);
    for (std::uint64_t first : {std::uint64_t{0}, (std::uint64_t{1} << 32) - 13, std::uint64_t{1} << 40,
                                (std::uint64_t{1} << 63) - 7, std::uint64_t{1000000000000}}) {
      const std::uint64_t n = 29;
      std::vector<std::uint32_t> got(4 * n);
      words(seed, first, 7, random::asian_stream, n, got.data());
      for (std::uint64_t i = 0; i < n; ++i) {
        const auto want = random::philox(seed, first + i, 7, random::asian_stream);
        for (int w = 0; w < 4; ++w)
          ASSERT_EQ(got[4 * i + w], want[w]) << simd::compiled()[isa] << " index " << first + i << " word " << w;
      }
    }
  }
}

TEST(Philox, CounterLayoutIsDrawIndexStream) {
  const r123::Philox4x32::ctr_type ctr = {{5, 0x89abcdef, 0x01234567, random::pi_stream}};
  const r123::Philox4x32::key_type key = {{0xdeadbeef, 0x0badf00d}};
  const auto want = r123::Philox4x32()(ctr, key);
  const auto got = random::philox(0x0badf00ddeadbeefull, 0x0123456789abcdefull, 5, random::pi_stream);
  for (int w = 0; w < 4; ++w) EXPECT_EQ(got[w], want[w]);
}

// ---- The transforms.

TEST(Transforms, UniformIsTheCentreOfACellAndNeverZeroOrOne) {
  EXPECT_EQ(random::uniform_open(0, 0), 0x1p-53);
  EXPECT_EQ(random::uniform_open(0xffffffff, 0xffffffff), 1 - 0x1p-53);
  EXPECT_EQ(random::uniform_open(0x80000000, 0), 0.5 + 0x1p-53);
  EXPECT_EQ(random::uniform_open(0, 0xfff), 0x1p-53) << "the low 12 bits of the second word are not used";
}

TEST(Transforms, QuarterCircleIsDecidedExactly) {
  EXPECT_TRUE(random::in_quarter_circle(0, 0));
  EXPECT_FALSE(random::in_quarter_circle(0xffffffff, 0xffffffff));
  // x = 2^24 - 1 (the last cell), y = 0: (2^25 - 1)^2 + 1 <= 2^50.
  EXPECT_TRUE(random::in_quarter_circle(0xffffff00, 0));
  // The cells whose centres straddle the circle, found by integer arithmetic.
  for (std::uint64_t x : {0, 1234567, 8388608, 16000000}) {
    const std::uint64_t cx = 2 * x + 1;
    std::uint64_t y = static_cast<std::uint64_t>(std::sqrt(std::ldexp(1.0, 50) - double(cx * cx)) / 2);
    while ((2 * y + 3) * (2 * y + 3) + cx * cx <= (1ull << 50)) ++y;  // the last y inside
    while ((2 * y + 1) * (2 * y + 1) + cx * cx > (1ull << 50)) --y;
    EXPECT_TRUE(random::in_quarter_circle(std::uint32_t(x << 8), std::uint32_t(y << 8))) << x;
    if (y + 1 < (1u << 24)) {  // else every cell of that column is inside
      EXPECT_FALSE(random::in_quarter_circle(std::uint32_t(x << 8), std::uint32_t((y + 1) << 8))) << x;
    }
  }
}

// Uniforms bit for bit; normals within the math libraries' rounding (xsimd
// against glibc: a few ulp of log, sin and cos, times |r| <= 8.6).
TEST(Transforms, SimdUniformsAreExactAndNormalsAgreeOnEveryIsa) {
  const std::uint64_t n = 1001, seed = 99;
  for (std::size_t isa : runnable_isas()) {
    std::vector<double> u(n), a(n), b(n);
    simd::kernel<NormalPairs>(isa)(seed, (std::uint64_t{1} << 32) - 500, 3, random::european_stream, n,
                                         u.data(), a.data(), b.data());
    double worst = 0;
    for (std::uint64_t i = 0; i < n; ++i) {
      const auto r = random::philox(seed, (std::uint64_t{1} << 32) - 500 + i, 3, random::european_stream);
      const double u1 = random::uniform_open(r[0], r[1]);
      ASSERT_EQ(u[i], u1) << simd::compiled()[isa] << " " << i;
      const auto z = random::box_muller(u1, random::uniform_open(r[2], r[3]));
      worst = std::max({worst, std::fabs(a[i] - z.a), std::fabs(b[i] - z.b)});
    }
    EXPECT_LE(worst, 1e-14) << simd::compiled()[isa];
  }
}

TEST(Transforms, NormalsHaveMeanZeroAndVarianceOne) {
  const int n = 200000;
  double s = 0, ss = 0;
  for (int i = 0; i < n; ++i) {
    const auto r = random::philox(7, i, 0, random::european_stream);
    const auto z = random::box_muller(random::uniform_open(r[0], r[1]), random::uniform_open(r[2], r[3]));
    s += z.a + z.b;
    ss += z.a * z.a + z.b * z.b;
  }
  const double mean = s / (2 * n), var = ss / (2 * n) - mean * mean;
  EXPECT_NEAR(mean, 0, 4 / std::sqrt(2.0 * n));
  EXPECT_NEAR(var, 1, 4 * std::sqrt(2.0 / (2 * n)));
}

// ---- pi: exact counts.

Data run(const Kernel& k, Backend b, const Params& p) {
  Data out;
  Spans spans;
  k.variant(b)(Data{}, out, p, spans);
  return out;
}

// Samples that are not multiples of the lane count, the thread count or the block.
constexpr std::uint64_t kPiSizes[] = {1, 3, 31, 1023, kPiBlock - 1, kPiBlock + 1, 3 * kPiBlock + 7};

TEST(MonteCarloPi, CountsAreIdenticalOnEveryBackendIsaAndThreadCount) {
  const Kernel& k = find_kernel("montecarlo_pi");
  for (std::uint64_t seed : {std::uint64_t{0}, std::uint64_t{42}, (std::uint64_t{1} << 63) + 5})
    for (std::uint64_t n : kPiSizes) {
      Params p = k.defaults();
      p.seed = seed;
      p.set("samples", static_cast<double>(n));
      const std::uint64_t want = run(k, Backend::scalar, p).get<std::uint64_t>("inside");
      for (std::size_t isa : runnable_isas()) {
        simd::ScopedIsa use(isa);
        EXPECT_EQ(run(k, Backend::simd, p).get<std::uint64_t>("inside"), want) << simd::compiled()[isa] << " n " << n;
        for (int threads : {1, 2, 3, 7}) {
          p.threads = threads;
          EXPECT_EQ(run(k, Backend::openmp, p).get<std::uint64_t>("inside"), want)
              << simd::compiled()[isa] << " n " << n << " threads " << threads;
        }
        p.threads = 0;
      }
      if (backend_status(Backend::cuda).usable && k.has(Backend::cuda)) {
        EXPECT_EQ(run(k, Backend::cuda, p).get<std::uint64_t>("inside"), want) << "cuda n " << n;
      }
    }
}

// Past 2^32 and near 10^12 without running that many: a block that starts there.
TEST(MonteCarloPi, SimdCountsEqualScalarAtIndicesPast2To32) {
  for (std::uint64_t first : {(std::uint64_t{1} << 33) - 10, std::uint64_t{1000000000000} - 64, std::uint64_t{1} << 52})
    for (std::uint64_t n : {1, 2, 77, 4096}) {
      const std::uint64_t want = pi_count_scalar(5, first, n);
      for (std::size_t isa : runnable_isas())
        EXPECT_EQ(simd::kernel<PiCount>(isa)(5, first, n), want) << simd::compiled()[isa] << " at " << first;
    }
}

TEST(MonteCarloPi, CountIsTheNaiveLoopsCount) {
  std::uint64_t inside = 0;
  for (std::uint64_t c = 0; c < 5000; ++c) {
    const auto r = random::philox(11, c, 0, random::pi_stream);
    for (int h = 0; h < 2; ++h) {
      const double x = ((r[2 * h] >> 8) + 0.5) / 16777216.0, y = ((r[2 * h + 1] >> 8) + 0.5) / 16777216.0;
      inside += x * x + y * y <= 1.0;
    }
  }
  EXPECT_EQ(pi_count_scalar(11, 0, 10000), inside);
}

TEST(MonteCarloPi, EstimateIsWithinFourStandardErrorsOfPi) {
  const Kernel& k = find_kernel("montecarlo_pi");
  Params p = k.defaults();
  p.set("samples", 4e6);
  const Estimate e = run(k, Backend::openmp, p).get<Estimate>("pi");
  EXPECT_EQ(e.samples, 4000000u);
  EXPECT_NEAR(e.std_error, std::sqrt(std::numbers::pi * (4 - std::numbers::pi) / 4e6), 1e-6);
  EXPECT_LE(std::fabs(e.value - std::numbers::pi), 4 * e.std_error);
}

// ---- Options against their closed forms.

struct Case {
  const char* what;
  double s0, strike, rate, volatility, maturity;
  int steps;
  bool antithetic;
};
constexpr Case kCases[] = {
    {"at the money", 100, 100, 0.05, 0.2, 1, 252, false},
    {"in the money", 120, 100, 0.03, 0.25, 0.5, 52, false},
    {"out of the money", 80, 100, 0.05, 0.3, 1, 12, false},
    {"high volatility", 100, 90, 0.02, 0.9, 2, 100, false},
    {"short maturity", 100, 101, 0.05, 0.2, 0.01, 5, false},
    {"one monitoring date", 100, 100, 0.05, 0.2, 1, 1, false},
    {"many monitoring dates", 100, 100, 0.05, 0.2, 1, 1000, false},
    {"negative rate, antithetic", 100, 95, -0.01, 0.4, 2.5, 24, true},
};

Params option_params(const Kernel& k, const Case& c, double paths) {
  Params p = k.defaults();
  p.set("paths", paths).set("s0", c.s0).set("strike", c.strike).set("rate", c.rate);
  p.set("volatility", c.volatility).set("maturity", c.maturity).set("antithetic", c.antithetic);
  if (p.has("steps")) p.set("steps", c.steps);
  return p;
}

void expect_within(const Estimate& e, double want, const char* what, const char* part) {
  EXPECT_LE(std::fabs(e.value - want), 4 * e.std_error)
      << what << ": " << part << " " << e.value << " +- " << e.std_error << " vs " << want;
  EXPECT_GT(e.std_error, 0) << what << ": " << part;
}

TEST(Options, EuropeanIsWithinFourStandardErrorsOfBlackScholes) {
  const Kernel& k = find_kernel("option_european");
  for (const Case& c : kCases) {
    const Params p = option_params(k, c, 400000);
    const Data out = run(k, Backend::openmp, p);
    const CallPut bs = black_scholes(OptionSpec{c.s0, c.strike, c.rate, c.volatility, c.maturity});
    expect_within(out.get<Estimate>("call"), bs.call, c.what, "call");
    expect_within(out.get<Estimate>("put"), bs.put, c.what, "put");
    EXPECT_EQ(out.get<double>("call_bs"), bs.call);
  }
}

TEST(Options, PutCallParityHoldsForTheClosedForm) {
  for (const Case& c : kCases) {
    const OptionSpec o{c.s0, c.strike, c.rate, c.volatility, c.maturity};
    const CallPut bs = black_scholes(o);
    EXPECT_NEAR(bs.call - bs.put, c.s0 - c.strike * std::exp(-c.rate * c.maturity), 1e-9) << c.what;
  }
  // A textbook value: S0 = K = 100, r = 5%, sigma = 20%, T = 1: call 10.4506.
  EXPECT_NEAR(black_scholes(OptionSpec{100, 100, 0.05, 0.2, 1}).call, 10.450583572185565, 1e-9);
}

// With one date the geometric average is S(T): the Asian geometric call is
// the European call.
TEST(Options, GeometricAsianWithOneDateIsBlackScholes) {
  OptionSpec o{100, 95, 0.03, 0.3, 2};
  o.steps = 1;
  EXPECT_NEAR(geometric_asian_call(o), black_scholes(o).call, 1e-10);
}

TEST(Options, AsianGeometricIsWithinFourStandardErrorsAndTheControlVariateHelps) {
  const Kernel& k = find_kernel("option_asian");
  for (const Case& c : kCases) {
    const Params p = option_params(k, c, c.steps >= 1000 ? 10000 : 40000);
    const Data out = run(k, Backend::openmp, p);
    OptionSpec o{c.s0, c.strike, c.rate, c.volatility, c.maturity};
    o.steps = c.steps;
    expect_within(out.get<Estimate>("geometric"), geometric_asian_call(o), c.what, "geometric");
    const Estimate plain = out.get<Estimate>("arithmetic"), cv = out.get<Estimate>("arithmetic_cv");
    if (c.steps == 1) {
      // One date: both averages are S(T), the control is perfect.
      EXPECT_LE(cv.std_error, 1e-9 * plain.std_error) << c.what;
      EXPECT_NEAR(cv.value, geometric_asian_call(o), 1e-9 * cv.value) << c.what;
    } else {
      EXPECT_LT(cv.std_error, plain.std_error) << c.what;
      EXPECT_GT(out.get<double>("variance_reduction"), 2) << c.what;
      EXPECT_NEAR(out.get<double>("variance_reduction"), std::pow(plain.std_error / cv.std_error, 2),
                  1e-6 * out.get<double>("variance_reduction"))
          << c.what;
    }
    // The two estimates of the arithmetic price agree.
    EXPECT_LE(std::fabs(cv.value - plain.value), 4 * plain.std_error) << c.what;
    // An arithmetic average is at least the geometric one, path by path.
    EXPECT_GE(plain.value, out.get<Estimate>("geometric").value) << c.what;
  }
}

TEST(Options, ResultsDoNotDependOnTheThreadCount) {
  for (const char* name : {"option_european", "option_asian"}) {
    const Kernel& k = find_kernel(name);
    Params p = option_params(k, kCases[1], 3 * kAsianBlock + 5);
    p.threads = 1;
    const Data one = run(k, Backend::openmp, p);
    for (int threads : {2, 3, 8}) {
      p.threads = threads;
      const Data many = run(k, Backend::openmp, p);
      for (const Part& part : one.parts()) {
        if (const auto* e = std::get_if<Estimate>(&part.value))
          EXPECT_EQ(many.get<Estimate>(part.name), *e) << name << " " << part.name << " threads " << threads;
        else
          EXPECT_EQ(many.get<double>(part.name), std::get<double>(part.value)) << name << " " << part.name;
      }
    }
  }
}

// ---- The vector functions the SIMD option kernels call (vector_math.hpp),
// at SSE2, which every x86-64 CPU runs: there they are SLEEF's exp and cos
// and xsimd's log, each documented within 1 ULP of the exact value.

// |got - exact| in units of the last place of the exact value rounded to double.
double ulps(double got, long double exact) {
  const double e = static_cast<double>(exact), m = std::fabs(e);
  return static_cast<double>(std::fabs(static_cast<long double>(got) - exact) / (std::nextafter(m, INFINITY) - m));
}

TEST(VectorMath, Sse2ExpLogAndCosAreWithinOneUlpOverTheKernelsRanges) {
  using B = xsimd::batch<double, xsimd::sse2>;
  struct Case {
    const char* name;
    double lo, hi;
    B (*f)(B);
    long double (*exact)(long double);
  };
  const Case cases[] = {
      {"exp", -30, 30, [](B x) { return vmath::exp<xsimd::sse2>(x); }, [](long double x) { return expl(x); }},
      {"log", 1e-16, 1, [](B x) { return vmath::log<xsimd::sse2>(x); }, [](long double x) { return logl(x); }},
      {"cos", 0, 6.283185307179586, [](B x) { return vmath::cos<xsimd::sse2>(x); }, [](long double x) { return cosl(x); }},
      {"sincos: cos", 0, 6.283185307179586, [](B x) { return vmath::sincos<xsimd::sse2>(x).second; },
       [](long double x) { return cosl(x); }},
      {"sincos: sin", 0.01, 3.1, [](B x) { return vmath::sincos<xsimd::sse2>(x).first; },
       [](long double x) { return sinl(x); }},
  };
  std::mt19937_64 g(5);
  for (const Case& c : cases) {
    std::uniform_real_distribution<double> u(c.lo, c.hi);
    double worst = 0;
    for (int i = 0; i < 100000; ++i) {
      alignas(16) double x[2] = {u(g), u(g)}, y[2];
      c.f(B::load_aligned(x)).store_aligned(y);
      for (int l = 0; l < 2; ++l) worst = std::max(worst, ulps(y[l], c.exact(x[l])));
    }
    EXPECT_LE(worst, 1.0) << c.name;
    EXPECT_GT(worst, 0.0) << c.name;  // a comparison that saw every value exact would be suspect
  }
}

// The SIMD blocks against the scalar blocks, on every ISA, paths past 2^32.
TEST(Options, SimdBlocksAgreeWithTheReferenceOnEveryIsa) {
  OptionSpec o{100, 105, 0.04, 0.35, 1.5};
  o.steps = 13;
  o.seed = 77;
  for (bool anti : {false, true}) {
    o.antithetic = anti;
    const std::uint64_t first = (std::uint64_t{1} << 32) - 20, n = 45;
    const Sums we = european_scalar(o, first, n), wa = asian_scalar(o, first, n);
    for (std::size_t isa : runnable_isas()) {
      const Sums ge = simd::kernel<EuropeanSums>(isa)(o, european_constants(o), first, n);
      const Sums ga = simd::kernel<AsianSums>(isa)(o, asian_constants(o), first, n);
      for (auto [got, want] : {std::pair{ge, we}, std::pair{ga, wa}}) {
        EXPECT_EQ(got.n, want.n);
        EXPECT_NEAR(got.y, want.y, 1e-12 * std::fabs(want.y)) << simd::compiled()[isa];
        EXPECT_NEAR(got.x, want.x, 1e-12 * std::fabs(want.x)) << simd::compiled()[isa];
        EXPECT_NEAR(got.dx, want.dx, 1e-12 * std::fabs(want.dx) + 1e-12) << simd::compiled()[isa];
      }
    }
  }
}

}  // namespace
}  // namespace parlab::test
