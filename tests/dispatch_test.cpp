// The dispatch layer against fake status tables: the order auto follows, the
// reasons it gives, and refusing (never swapping) an unusable backend.
#include <gtest/gtest.h>

#include <cstdlib>
#include <vector>

#include "parlab/backend.hpp"
#include "runtime/error.hpp"

namespace parlab::test {
namespace {

std::vector<BackendStatus> table(bool cuda, bool openmp) {
  return {{Backend::cuda, true, cuda, cuda ? "device 0: Fake GPU" : "compiled in, but no CUDA driver (fake)"},
          {Backend::openmp, openmp, openmp, openmp ? "4 threads" : "not compiled in"},
          {Backend::simd, true, true, "xsimd"},
          {Backend::scalar, true, true, "the reference"}};
}

TEST(Dispatch, AutoTakesTheFirstUsableInPriorityOrder) {
  EXPECT_EQ(select_backend("auto", table(true, true)).backend, Backend::cuda);
  EXPECT_EQ(select_backend("auto", table(false, true)).backend, Backend::openmp);
  EXPECT_EQ(select_backend("auto", table(false, false)).backend, Backend::simd);
  std::vector<BackendStatus> only_scalar = table(false, false);
  only_scalar[2].usable = false;
  EXPECT_EQ(select_backend("auto", only_scalar).backend, Backend::scalar);
}

TEST(Dispatch, AutoSaysWhyItSkipped) {
  const Selection s = select_backend("auto", table(false, false));
  ASSERT_EQ(s.skipped.size(), 2u);
  EXPECT_EQ(s.skipped[0], "cuda: compiled in, but no CUDA driver (fake)");
  EXPECT_EQ(s.skipped[1], "openmp: not compiled in");
  EXPECT_TRUE(select_backend("auto", table(true, true)).skipped.empty());
}

TEST(Dispatch, ExplicitChoiceOverridesAuto) {
  for (Backend b : kBackends) EXPECT_EQ(select_backend(to_string(b), table(true, true)).backend, b);
}

TEST(Dispatch, UnusableBackendIsAnErrorWithItsReasonNotASwap) {
  try {
    select_backend("cuda", table(false, true));
    FAIL() << "expected an error";
  } catch (const UsageError&) {
    FAIL() << "an unusable backend is a runtime failure, not a usage error";
  } catch (const Error& e) {
    EXPECT_STREQ(e.what(), "backend 'cuda' is not usable here: compiled in, but no CUDA driver (fake)");
  }
}

TEST(Dispatch, UnknownNameIsAUsageError) {
  EXPECT_THROW(select_backend("opencl", table(true, true)), UsageError);
  EXPECT_THROW(select_backend("", table(true, true)), UsageError);
  EXPECT_THROW(select_backend("CUDA", table(true, true)), UsageError);
}

TEST(Dispatch, NamesRoundTrip) {
  for (Backend b : kBackends) EXPECT_EQ(backend_from_string(to_string(b)), b);
  EXPECT_FALSE(backend_from_string("auto"));
}

TEST(Dispatch, FlagBeatsEnvironmentBeatsAuto) {
  ::unsetenv(kBackendEnv);
  EXPECT_EQ(backend_request(""), "auto");
  ::setenv(kBackendEnv, "simd", 1);
  EXPECT_EQ(backend_request(""), "simd");
  EXPECT_EQ(backend_request("scalar"), "scalar");
  ::unsetenv(kBackendEnv);
}

TEST(Dispatch, ThisMachineAlwaysHasScalarAndSimd) {
  EXPECT_TRUE(backend_status(Backend::scalar).usable);
  EXPECT_TRUE(backend_status(Backend::simd).usable);
  const Backend chosen = select_backend("auto").backend;
  EXPECT_TRUE(backend_status(chosen).usable);
  for (Backend b : kBackends) {
    if (b == chosen) break;
    EXPECT_FALSE(backend_status(b).usable) << to_string(b) << " outranks " << to_string(chosen);
  }
}

}  // namespace
}  // namespace parlab::test
