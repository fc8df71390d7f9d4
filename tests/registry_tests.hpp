#pragma once
namespace parlab::test {
// Registers one test per kernel x backend x ISA x size (tests/registry_test.cpp).
void register_registry_tests();
}  // namespace parlab::test
