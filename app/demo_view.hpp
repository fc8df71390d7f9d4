#pragma once
// How `parlab demo` prints an experiment: its title and what it shows, its
// numbers, each Gantt chart (ASCII when not on a terminal, or as Mermaid),
// and its takeaway. JSON and CSV carry the numbers only.
#include <iosfwd>
#include <vector>

#include "app/table.hpp"
#include "pipelines/demos/demo.hpp"

namespace parlab::cli {

enum class ChartStyle { ascii, terminal, mermaid };

Table demo_numbers(const std::string& key, const demo::Report& r);
void print_demo(std::ostream& out, const demo::Report& r, ChartStyle style);

}  // namespace parlab::cli
