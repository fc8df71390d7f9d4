// The registry: every entry is complete, every backend variant of every kernel
// (every compiled ISA this CPU runs, for simd and openmp) passes the kernel's
// own checks at awkward sizes, and the checker fails what it should.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <set>

#include "backend_param.hpp"
#include "parlab/registry.hpp"
#include "parlab/runner.hpp"
#include "registry_tests.hpp"
#include "runtime/error.hpp"
#include "runtime/simd/isa.hpp"

namespace parlab::test {
namespace {

TEST(Registry, EntriesAreComplete) {
  std::set<std::string_view> names;
  for (const Kernel& k : kernels()) {
    SCOPED_TRACE(std::string(k.name));
    EXPECT_TRUE(names.insert(k.name).second) << "duplicate name";
    EXPECT_FALSE(k.family.empty());
    EXPECT_FALSE(k.summary.empty());
    EXPECT_TRUE(k.has(Backend::scalar)) << "the scalar reference is required";
    ASSERT_NE(k.cost, nullptr);
    EXPECT_FALSE(k.checks.empty());
    const Cost c = k.cost(k.defaults());
    EXPECT_GT(c.items, 0);
    EXPECT_GT(c.bytes() + c.flops32 + c.flops64 + c.intops, 0) << "a kernel that costs nothing";
    for (const Option& o : k.options) {
      SCOPED_TRACE(std::string(o.name));
      EXPECT_FALSE(o.help.empty());
      EXPECT_LE(o.min, o.max);
      EXPECT_TRUE(o.fallback >= o.min && o.fallback <= o.max) << "the default is outside the allowed range";
      EXPECT_FALSE(o.min_exclusive && o.fallback == o.min);
      if (o.type == OptionType::count) {
        EXPECT_LE(o.max, kMaxCount);
      }
      EXPECT_NO_THROW(parse_option(o, format_option(o, o.fallback))) << "the default does not parse back";
    }
    if (k.write_file) {
      EXPECT_FALSE(k.file_extension.empty());
      EXPECT_NE(k.output_problem, nullptr);
    }
  }
  EXPECT_GE(names.size(), 10u);
}

TEST(Registry, FindKernelNamesTheUnknown) {
  EXPECT_EQ(find_kernel("reduce_sum").name, "reduce_sum");
  try {
    find_kernel("reduce_median");
    FAIL();
  } catch (const UsageError& e) {
    EXPECT_NE(std::string(e.what()).find("'reduce_median'"), std::string::npos);
    EXPECT_NE(std::string(e.what()).find("reduce_sum"), std::string::npos);
  }
}

TEST(Registry, SortedByFamilyThenName) {
  const auto ks = kernels();
  for (std::size_t i = 1; i < ks.size(); ++i)
    EXPECT_TRUE(std::tie(ks[i - 1].family, ks[i - 1].name) < std::tie(ks[i].family, ks[i].name)) << ks[i].name;
}

// ---- One body for every kernel x backend x ISA x size, from the registry.

// Parameters of a small run: every option that sets the problem size gets
// n (the next one n + 1, ...: images of n x (n+1) pixels), within its range.
Params small(const Kernel& k, double n) {
  Params p = k.defaults();
  p.seed = 1234 + static_cast<std::uint64_t>(n);
  double extra = 0;
  for (const Option& o : k.options)
    if (o.scales) p.set(o.name, std::clamp(n + extra++, o.min_exclusive ? o.min + 1 : o.min, o.max));
  return p;
}

bool has_oracle(const Kernel& k) {
  return std::any_of(k.checks.begin(), k.checks.end(), [](const Check& c) { return c.oracle != nullptr; });
}

void every_kernel_body(const Kernel& k, Backend b, std::size_t isa, double n) {
  PARLAB_REQUIRE_BACKEND(b);
  std::optional<simd::ScopedIsa> use;
  if (b == Backend::simd || b == Backend::openmp) use.emplace(isa);
  const Params p = small(k, n);
  const Data in = k.generate ? k.generate(p) : Data{};
  Data ref, got;
  Spans ref_spans, spans;
  k.variant(Backend::scalar)(in, ref, p, ref_spans);
  k.variant(b)(in, got, p, spans);
  const Verdict v = verify(k, got, ref, p);
  EXPECT_TRUE(v.ok) << v.detail;
  // Spans, when reported, are well formed; the cuda ones are the round trip.
  for (const Span& s : spans.list) EXPECT_LE(s.start_s, s.end_s) << s.name;
  if (b == Backend::cuda) {
    EXPECT_GT(spans.total("kernel"), 0);
    EXPECT_GE(spans.extent(), spans.total("kernel"));
    EXPECT_GT(spans.total("h2d") + spans.total("d2h"), 0);
  }
  // Running again into the same output gives the same answer (outputs are reused).
  k.variant(b)(in, got, p, spans);
  EXPECT_TRUE(verify(k, got, ref, p).ok) << "a second run into the same output differs";
}

// "fma3+avx2" -> "fma3_avx2": test names take letters, digits and underscores.
std::string name_part(std::string_view s) {
  std::string r(s);
  for (char& c : r)
    if (!std::isalnum(static_cast<unsigned char>(c))) c = '_';
  return r;
}

}  // namespace

void register_registry_tests() {
  for (const Kernel& k : kernels()) {
    for (Backend b : kBackends) {
      if (!k.has(b)) continue;
      // The scalar variant is the reference: checking it against itself
      // proves nothing. It is tested where a closed form exists (an oracle
      // check), and by each family's known answers and properties.
      if (b == Backend::scalar && !has_oracle(k)) continue;
      const bool per_isa = b == Backend::simd || b == Backend::openmp;
      for (std::size_t isa = 0; isa < (per_isa ? simd::compiled().size() : 1); ++isa) {
        for (double n : {1.0, 2.0, 17.0, 1000.0}) {
          std::string name(k.name);
          name += '_';
          name += backend_name(b);
          if (per_isa) (name += '_') += name_part(simd::compiled()[isa]);
          (name += "_n") += std::to_string(static_cast<long>(n));
          const Kernel* kp = &k;
          ::testing::RegisterTest("Registry/EveryKernel", name.c_str(), nullptr, nullptr, __FILE__, __LINE__,
                                  [=]() -> ::testing::Test* {
                                    struct T : ::testing::Test {
                                      const Kernel* k;
                                      Backend b;
                                      std::size_t isa;
                                      double n;
                                      T(const Kernel* k, Backend b, std::size_t isa, double n)
                                          : k(k), b(b), isa(isa), n(n) {}
                                      void TestBody() override {
                                        if ((b == Backend::simd || b == Backend::openmp) && !simd::runnable(isa))
                                          GTEST_SKIP() << "ISA " << simd::compiled()[isa] << " is not available here: "
                                                       << simd::why(isa);
                                        every_kernel_body(*k, b, isa, n);
                                      }
                                    };
                                    return new T(kp, b, isa, n);
                                  });
        }
      }
    }
  }
}

namespace {

// ---- The checker itself, on every kind of check and data.
Kernel with_check(Check c) {
  Kernel k;
  k.name = "checker";
  k.checks = {c};
  return k;
}

TEST(Verify, RelativeToleranceHolds) {
  const Kernel k = with_check({Check::relative, 1e-6});
  Data ref, got;
  ref.set("sum", 1000.0);
  got.set("sum", 1000.0005);
  EXPECT_TRUE(verify(k, got, ref, {}).ok);
  got.set("sum", 1000.002);
  EXPECT_FALSE(verify(k, got, ref, {}).ok);
  got.set("sum", double(NAN));
  EXPECT_FALSE(verify(k, got, ref, {}).ok);
  ref.set("sum", double(NAN));
  EXPECT_TRUE(verify(k, got, ref, {}).ok) << "NaN matches NaN";
}

TEST(Verify, ExactMeansExact) {
  const Kernel k = with_check({Check::exact, 0});
  Data ref, got;
  ref.set("min", 0.25);
  got.set("min", std::nextafter(0.25, 1.0));
  EXPECT_FALSE(verify(k, got, ref, {}).ok);
  got.set("min", 0.25);
  EXPECT_TRUE(verify(k, got, ref, {}).ok);
  got.set("extra", 1.0);
  EXPECT_FALSE(verify(k, got, ref, {}).ok) << "an output part the reference does not have";
}

TEST(Verify, AbsoluteOnImagesAndShapes) {
  const Kernel k = with_check({Check::absolute, 1e-4});
  Data ref, got;
  ref.set("image", Image{2, 1, 1, {0.5f, 0.25f}});
  got.set("image", Image{2, 1, 1, {0.50005f, 0.25f}});
  EXPECT_TRUE(verify(k, got, ref, {}).ok);
  got.set("image", Image{2, 1, 1, {0.5002f, 0.25f}});
  EXPECT_FALSE(verify(k, got, ref, {}).ok);
  got.set("image", Image{1, 2, 1, {0.5f, 0.25f}});
  EXPECT_FALSE(verify(k, got, ref, {}).ok) << "another shape";
  got.set("image", Floats{0.5f, 0.25f});
  EXPECT_FALSE(verify(k, got, ref, {}).ok) << "another kind";
}

TEST(Verify, CountsHistogramsAndTablesAreExactWhateverTheCheck) {
  for (Check::Kind kind : {Check::exact, Check::relative, Check::absolute}) {
    const Kernel k = with_check({kind, 0.5});
    Data ref, got;
    ref.set("count", std::uint64_t{1} << 60);
    ref.set("histogram", Counts{1, 2, 3});
    ref.set("top", KeyCounts{{"the", 10}, {"of", 7}});
    got = ref;
    EXPECT_TRUE(verify(k, got, ref, {}).ok);
    got.set("count", (std::uint64_t{1} << 60) + 1);  // a float would not see the difference
    EXPECT_FALSE(verify(k, got, ref, {}).ok);
    got = ref;
    got.set("histogram", Counts{1, 2, 4});
    EXPECT_FALSE(verify(k, got, ref, {}).ok);
    got = ref;
    got.set("top", KeyCounts{{"the", 10}, {"on", 7}});
    EXPECT_FALSE(verify(k, got, ref, {}).ok);
  }
}

Data pi_closed_form(const Params&) {
  Data d;
  d.set("pi", 3.14159265358979);
  return d;
}

TEST(Verify, StatisticalAgainstAClosedForm) {
  Kernel k = with_check({Check::statistical, 4, "pi", pi_closed_form});
  Data got;
  got.set("pi", Estimate{3.1420, 0.001, 1000000});  // 0.4 standard errors away
  EXPECT_TRUE(verify(k, got, {}, {}).ok) << verify(k, got, {}, {}).detail;
  got.set("pi", Estimate{3.1500, 0.001, 1000000});  // 8.4 standard errors away
  const Verdict v = verify(k, got, {}, {});
  EXPECT_FALSE(v.ok);
  EXPECT_NE(v.detail.find("standard errors >"), std::string::npos) << v.detail;
  got.set("pi", Estimate{3.1500, 0.001, 99});
  EXPECT_TRUE(verify(k, got, {}, {}).ok) << "too few samples to judge";
  EXPECT_NE(verify(k, got, {}, {}).detail.find("too few to judge"), std::string::npos);
  got.set("pi", 3.1416);
  EXPECT_FALSE(verify(k, got, {}, {}).ok) << "a plain number is not an estimate";
  EXPECT_FALSE(needs_reference(k));
}

TEST(Verify, StatisticalAgainstTheReferenceCombinesBothErrors) {
  const Kernel k = with_check({Check::statistical, 2, "price"});
  Data ref, got;
  ref.set("price", Estimate{10.0, 0.3, 1000});
  got.set("price", Estimate{10.7, 0.4, 1000});  // 0.7 / 0.5 = 1.4 combined standard errors
  EXPECT_TRUE(verify(k, got, ref, {}).ok);
  got.set("price", Estimate{11.1, 0.4, 1000});  // 2.2
  EXPECT_FALSE(verify(k, got, ref, {}).ok);
  EXPECT_TRUE(needs_reference(k));
}

TEST(Verify, EveryCheckOfAKernelMustPass) {
  Kernel k = with_check({Check::exact, 0, "count"});
  k.checks.push_back({Check::statistical, 4, "pi", pi_closed_form});
  Data ref, got;
  ref.set("count", std::uint64_t{785});
  got.set("count", std::uint64_t{785});
  got.set("pi", Estimate{3.14, 0.05, 1000});
  EXPECT_TRUE(verify(k, got, ref, {}).ok);
  got.set("count", std::uint64_t{786});
  const Verdict v = verify(k, got, ref, {});
  EXPECT_FALSE(v.ok);
  EXPECT_NE(v.detail.find("count:"), std::string::npos) << v.detail;
  EXPECT_NE(v.detail.find("pi:"), std::string::npos) << v.detail;
}

TEST(Verify, AKernelWithoutChecksNeverPasses) {
  Kernel k;
  EXPECT_FALSE(verify(k, {}, {}, {}).ok);
}

}  // namespace
}  // namespace parlab::test
