#pragma once
// The concurrency experiments of `parlab demo`: each measures one lesson on
// this machine (waiting overlapped on one thread; CPU work that only more
// cores speed up; Amdahl's serial part) and reports its numbers, its Gantt
// charts and a takeaway. Demos live in pipelines/demos/ and register
// themselves, like kernels; nothing here names one.
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "parlab/gantt.hpp"

namespace parlab::demo {

struct Number {
  std::string what;
  double value = 0;
  std::string unit;  // "s", "x", "" (a pure number)
};
struct Chart {
  std::string title;
  std::vector<gantt::Row> rows;
};
struct Report {
  std::string title;
  std::string shows;     // what the experiment shows, one or two sentences
  std::vector<Number> numbers;
  std::vector<Chart> charts;
  std::string takeaway;  // the lesson, from the numbers measured
};

struct Settings {
  double scale = 1;  // multiplies every wait and every amount of work (the showcase runs 0.2)
  int threads = 0;   // OpenMP threads for the parallel parts; 0: OpenMP's default
};

struct Demo {
  std::string_view name;     // "waits"
  std::string_view summary;  // one line for the help
  int order = 0;             // demos run and list in this order
  Report (*run)(const Settings& s) = nullptr;
};

struct Register {
  explicit Register(Demo d);
};
// Every demo, in order.
std::span<const Demo> demos();
// Throws UsageError naming the known demos.
const Demo& find(std::string_view name);

}  // namespace parlab::demo
