#pragma once
// What each command prints, as tables (rendered by table.cpp).
#include <string>
#include <vector>

#include "app/table.hpp"
#include "parlab/files.hpp"
#include "parlab/machine.hpp"
#include "parlab/placement.hpp"
#include "parlab/roofs.hpp"
#include "parlab/runner.hpp"

namespace parlab::cli {

// "--width --height --sigma": a kernel's option flags, or `none`.
std::string flags_of(const Kernel& k, const char* none = "-");

Table info_table(const MachineInfo& m);
Table backends_table();
Table ranks_table(const std::vector<Placement>& rows);  // `parlab info`: one row per rank
// Every kernel by backend (JSON, CSV, --wide); the table format prints its
// digest instead: the backends each kernel has, files, summary.
std::vector<Table> kernels_tables();
Table options_table(const Kernel& k);  // `parlab list KERNEL`
Table memory_table(const Roofline& r);
Table compute_table(const Roofline& r);
// The update rate and, by table size, the random reads' latency and rate.
Table access_table(const Roofline& r);
// Every field of every result (JSON, CSV, --save and --wide), then, for the
// table format instead, its digest: a row per result with what a person
// reads (kernel, backend, threads, times, rate, GFLOP/s, % of the limit, the
// roof that binds, speed-up, ok or FAILED), and the checks in words with the
// values (`values`: also each kernel's value).
std::vector<Table> results_tables(const std::vector<Result>& results, const std::string& title, bool values = true);
// One row per printed part of a result: counts and numbers as they are,
// estimates with their standard error, 95% interval and samples.
Table values_table(const Result& r);
// A table for each table-like part of a result: a list of keys and counts
// (the commonest words: rank, key, count) and a histogram (its bins that are
// not empty: value, count).
std::vector<Table> parts_tables(const Result& r);

// `parlab filter`: one row per file.
struct FileRow {
  std::string input, output;
  FileRun run;
};
Table files_table(const std::vector<FileRow>& rows, const std::string& title);

}  // namespace parlab::cli
