#pragma once
// A fresh directory per test, named after the process and the test, removed
// afterwards (permissions restored first, so a test may lock its files).
// Global: the CLI tests have a function called parlab.
#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <string>

class ScratchDir : public ::testing::Test {
 protected:
  void SetUp() override {
    // A parameterised test's name holds a '/' (Name/0): one level, not two,
    // so that TearDown removes all it made.
    std::string name = ::testing::UnitTest::GetInstance()->current_test_info()->name();
    std::replace(name.begin(), name.end(), '/', '_');
    dir_ = std::filesystem::temp_directory_path() / ("parlab_" + std::to_string(::getpid()) + "_" + name);
    std::filesystem::remove_all(dir_);
    std::filesystem::create_directories(dir_);
  }
  void TearDown() override {
    std::error_code ec;
    for (const auto& e : std::filesystem::recursive_directory_iterator(dir_, ec))
      std::filesystem::permissions(e.path(), std::filesystem::perms::owner_all, std::filesystem::perm_options::add, ec);
    std::filesystem::remove_all(dir_, ec);
  }
  // The path of `name` inside the directory.
  std::string at(const std::string& name) const { return (dir_ / name).string(); }
  std::filesystem::path dir_;
};

