#include "app/shared_flags.hpp"

#include "runtime/openmp.hpp"

namespace parlab::cli {

void add_format(CLI::App* cmd, Shared& s) {
  cmd->add_option("--format", s.format, "Output: table, json or csv")->check(CLI::IsMember({"table", "json", "csv"}));
}

void add_wide(CLI::App* cmd, Shared& s) {
  cmd->add_flag("--wide", s.wide,
                "The table format with every column (values, checks, parameters, runs) in one table, as JSON and CSV "
                "have them");
}

void add_isa(CLI::App* cmd, Shared& s) {
  cmd->add_option("--isa", s.isa, "SIMD ISA for the simd and openmp backends (default: $PARLAB_ISA, else the best this CPU runs)");
}

void add_trace(CLI::App* cmd, Shared& s) {
  cmd->add_option("--trace", s.trace_file,
                  "Write a timeline of the run (every kernel run, worker and read) as Chrome trace event JSON "
                  "(opens in Perfetto or chrome://tracing)");
}

void add_save(CLI::App* cmd, Shared& s) {
  cmd->add_option("--save", s.save_file,
                  "Also write the results, with their context, as JSON to FILE (for `parlab diff` and `parlab report`)");
}

void add_seed(CLI::App* cmd, Shared& s, const std::string& what) {
  cmd->add_option("--seed", s.seed, "Seed of the counter-based generator for " + what + " (0..2^64-1)");
}

void add_backend(CLI::App* cmd, std::string& backend) {
  cmd->add_option("--backend", backend, "auto, cuda, openmp, simd or scalar (default: $PARLAB_BACKEND, else auto)");
}

void add_threads(CLI::App* cmd, int& threads, const std::string& help) {
  cmd->add_option("--threads", threads, help)->check(CLI::Range(1, openmp::kMaxThreads).description(""));
}

void add_repeat(CLI::App* cmd, int& repeat, const std::string& help) {
  cmd->add_option("--repeat", repeat, help)->check(CLI::Range(1, 1000000).description(""));
}

void add_io(CLI::App* cmd, std::string& io) {
  cmd->add_option("--io", io,
                  "How files are read: io_uring (default; falls back to blocking where it cannot be set up), "
                  "blocking or sequential; or $PARLAB_IO")
      ->check(CLI::IsMember({"io_uring", "blocking", "sequential"}));
}

void add_scale(CLI::App* cmd, double& scale, const std::string& what) {
  cmd->add_option("--scale", scale, "Multiplies " + what)->check(CLI::Range(0.01, 100.0).description(""));
}

}  // namespace parlab::cli
