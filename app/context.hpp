#pragma once
// The context of a run, written once into every JSON and CSV output and every
// saved file, so that a result read later (on another machine, by `parlab
// diff` or `parlab report`) says where and how it was made: parlab's version
// and revision, compiler and flags, OS and kernel, CPU, ISA dispatched and
// compiled, OpenMP threads and binding, the GPU (or why none), the date, the
// command line, the seed and the options given. docs/results.schema.json
// describes every field.
#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace parlab::cli {

struct Invocation {
  std::vector<std::string> argv;  // the command line, as typed
  std::string command;            // "compare", "montecarlo", ...; "" for the showcase
  unsigned long long seed = 0;
  nlohmann::json options = nlohmann::json::object();  // every option given: name -> value(s) as typed
};

nlohmann::json run_context(const Invocation& how);
// What was typed: the command line, the command that ran, its seed and the
// options given on it (after parsing).
Invocation invocation(int argc, char** argv, const CLI::App& app, unsigned long long seed);

}  // namespace parlab::cli
