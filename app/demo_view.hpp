#pragma once
// How `parlab demo` prints an experiment: its title and what it shows, its
// numbers, each Gantt chart (ASCII when not on a terminal, or as Mermaid),
// and its takeaway. JSON and CSV carry the numbers only.
#include <iosfwd>
#include <string>
#include <utility>
#include <vector>

#include "app/table.hpp"
#include "pipelines/demos/demos.hpp"

namespace parlab::cli {

enum class ChartStyle { ascii, terminal, mermaid };

Table demo_numbers(const std::string& key, const demo::Report& r);
void print_demo(std::ostream& out, const demo::Report& r, ChartStyle style);

// Demos by name (every demo when `names` is empty); UsageError for an unknown one.
using DemoRun = demo::Report (*)(const demo::Settings&);
std::vector<std::pair<std::string, DemoRun>> demos_named(const std::vector<std::string>& names);
// Runs each demo of `which`, a progress line naming it meanwhile, and prints
// its report on stdout: in the table format everything (charts as Mermaid
// when `mermaid`, plain ASCII when not on a terminal), in JSON and CSV the
// numbers.
void show_demos(const std::vector<std::pair<std::string, DemoRun>>& which, const demo::Settings& s, Format f,
                bool mermaid);

}  // namespace parlab::cli
