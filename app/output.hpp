#pragma once
// How a command prints what it measured: the tables in the format asked for
// (and, with --save, written to a file with their context), then a failure
// (exit 1) if any result failed its check. The saved file still records the
// failure, in its `check` column.
#include <vector>

#include "app/shared_flags.hpp"
#include "app/table.hpp"
#include "parlab/runner.hpp"

namespace parlab::cli {

void print(const Shared& s, const std::vector<Table>& tables);
void print_checked(const Shared& s, const std::vector<Table>& tables, const std::vector<Result>& results);
// Whether a long command shows its progress line (parlab's tables on a terminal).
bool progress_shown(const Shared& s);

}  // namespace parlab::cli
