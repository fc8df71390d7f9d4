#pragma once
// The flags many commands take, each added by the command that uses it with
// the helper here (so its help is the same everywhere). The values every
// command can have (format, ISA, trace, save file, seed) are kept once, in
// Shared, which main.cpp reads before and after the command runs: the
// context of results, the ISA, the trace.
#include <CLI/CLI.hpp>
#include <string>

#include "app/table.hpp"
#include "pipelines/io/async_read.hpp"

namespace parlab::cli {

struct Shared {
  std::string format = "table";  // --format
  bool wide = false;             // --wide: the table format with every column
  std::string isa;               // --isa (else $PARLAB_ISA)
  std::string trace_file;        // --trace FILE: Chrome trace event JSON
  std::string save_file;         // --save FILE: the results as JSON
  std::string seed = "42";       // --seed, parsed by parse_seed: 0..2^64-1 and nothing else
  Format fmt() const { return format == "json" ? Format::json : format == "csv" ? Format::csv : Format::table; }
};

// --format table|json|csv.
void add_format(CLI::App* cmd, Shared& s);
// --wide, for commands that print results: every column in the table format.
void add_wide(CLI::App* cmd, Shared& s);
// --isa NAME.
void add_isa(CLI::App* cmd, Shared& s);
// --trace FILE, --save FILE.
void add_trace(CLI::App* cmd, Shared& s);
void add_save(CLI::App* cmd, Shared& s);
// --seed N; `what` says what it seeds.
void add_seed(CLI::App* cmd, Shared& s, const std::string& what = "the built-in data");

// Flags kept by the command itself.
void add_backend(CLI::App* cmd, std::string& backend);
void add_threads(CLI::App* cmd, int& threads, const std::string& help = "OpenMP threads (default: OMP_NUM_THREADS or all CPUs)");
void add_repeat(CLI::App* cmd, int& repeat, const std::string& help = "Timed runs after one warm-up; the median is reported");
void add_io(CLI::App* cmd, std::string& io);
// The read method --io (given as `flag`, empty when left out) or $PARLAB_IO
// asks for. Left out, io_uring falls back to blocking where it cannot be set
// up (and the summary says why); io_uring named, like a --backend named, must
// run here or is an Error with the reason.
io::Method read_method(const std::string& flag);
// --scale X: multiplies `what` (0.01..100).
void add_scale(CLI::App* cmd, double& scale, const std::string& what);

}  // namespace parlab::cli
