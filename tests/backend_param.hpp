#pragma once
// Test bodies written once and run for every backend (Kokkos / Highway style).
// A backend this machine cannot run is skipped with its reason, never passed.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "parlab/backend.hpp"

namespace parlab::test {

// In a test body: skip unless backend b can run here.
#define PARLAB_REQUIRE_BACKEND(b)                                                           \
  do {                                                                                      \
    const ::parlab::BackendStatus& s_ = ::parlab::backend_status(b);                       \
    if (!s_.usable) GTEST_SKIP() << ::parlab::to_string(b) << " backend not available: " << s_.reason; \
  } while (0)

// Every backend but the reference: what is checked against it.
inline constexpr Backend kContenders[] = {Backend::cuda, Backend::openmp, Backend::simd};

// Names parameterised tests by their parameters: "openmp_n1000003".
std::string backend_name(Backend b);

// The compiled SIMD ISAs this CPU runs (indices of simd::compiled()); the
// others are printed as skipped, with the reason.
std::vector<std::size_t> runnable_isas();

}  // namespace parlab::test

namespace parlab {
// Prints a Backend in test names and failure messages as its name.
inline void PrintTo(Backend b, std::ostream* os) { *os << to_string(b); }
}  // namespace parlab
