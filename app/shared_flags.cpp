#include "app/shared_flags.hpp"

#include <cstdlib>

#include "runtime/error.hpp"
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
                  "How files are read: io_uring, blocking or sequential (default: $PARLAB_IO, else io_uring where it "
                  "can be set up and blocking where not; io_uring named must run)")
      ->check(CLI::IsMember({"io_uring", "blocking", "sequential"}));
}

io::Method read_method(const std::string& flag) {
  const io::Method m = io::parse_method(flag.empty() ? "io_uring" : flag, "--io");
  // $PARLAB_IO, when set, wins over the flag (io::choose_method).
  const char* env = std::getenv("PARLAB_IO");
  const bool env_set = env && *env;
  if (env_set ? std::string(env) == "io_uring" : flag == "io_uring") {
    const auto [runs, how] = io::choose_method(io::Method::io_uring);
    if (runs != io::Method::io_uring) {
      const std::size_t why = how.find("io_uring cannot");
      throw Error(std::string(env_set ? "PARLAB_IO" : "--io") + " io_uring: " +
                  (why == std::string::npos ? how : how.substr(why)) + "; leave it out to read with the blocking fallback");
    }
  }
  return m;
}

void add_scale(CLI::App* cmd, double& scale, const std::string& what) {
  cmd->add_option("--scale", scale, "Multiplies " + what)->check(CLI::Range(0.01, 100.0).description(""));
}

}  // namespace parlab::cli
