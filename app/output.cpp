#include "app/output.hpp"

#include <iostream>

#include "app/progress_line.hpp"
#include "runtime/error.hpp"
#include "runtime/mpi/ranks.hpp"

namespace parlab::cli {

void print(const Shared& s, const std::vector<Table>& tables) {
  if (!s.save_file.empty() && mpi::root()) save(s.save_file, tables);  // rank 0 writes for every rank
  render(std::cout, tables, s.fmt(), s.wide);
  std::cout.flush();
}

void print_checked(const Shared& s, const std::vector<Table>& tables, const std::vector<Result>& results) {
  print(s, tables);
  for (const Result& r : results)
    if (!r.verdict.ok)
      throw Error(std::string(r.kernel) + " on " + std::string(to_string(r.backend)) + ": check failed: " +
                  r.verdict.detail);
}

bool progress_shown(const Shared& s) { return shown_for(s.fmt() == Format::table); }

}  // namespace parlab::cli
