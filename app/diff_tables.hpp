#pragma once
// `parlab diff A.json B.json`: the same kernels of two saved files side by
// side (two machines, two builds, CPU against GPU), the ratio of their
// kernel-only medians, and whether the runs say the difference is real.
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "app/table.hpp"

namespace parlab::cli {

struct DiffOptions {
  double alpha = 0.05;  // a difference is called real when the U test's p-value is below this
  bool best = false;    // match each kernel's fastest backend on each side, not backend by backend
};

// Rows match on kernel, backend (unless `best`) and the kernel's parameters;
// thread counts may differ (two machines). Rows on one side only are listed.
// Throws Error when neither file has results.
std::vector<Table> diff_tables(const nlohmann::json& a, const std::string& name_a, const nlohmann::json& b,
                               const std::string& name_b, const DiffOptions& opt);

}  // namespace parlab::cli
