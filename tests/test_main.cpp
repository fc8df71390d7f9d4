// The test binary's main: the tests driven by the kernel registry are
// registered here, after static initialisation, when every family has
// registered its kernels (a test instantiated at static initialisation could
// see only some of them).
#include <gtest/gtest.h>

#include "registry_tests.hpp"

int main(int argc, char** argv) {
  ::testing::InitGoogleTest(&argc, argv);
  parlab::test::register_registry_tests();
  return RUN_ALL_TESTS();
}
