#pragma once
// What each command prints, as tables (rendered by table.cpp).
#include <string>
#include <vector>

#include "parlab/compare.hpp"
#include "parlab/machine.hpp"
#include "parlab/roofline.hpp"
#include "table.hpp"

namespace parlab::cli {

Table info_table(const MachineInfo& m);
Table backends_table();
Table kernels_table();
Table roofline_table(const Roofline& r);
Table results_table(const std::vector<Result>& results, const std::string& title);

}  // namespace parlab::cli
