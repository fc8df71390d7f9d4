// parlab: runs every kernel on every backend, checks each result, and sets
// its speed against what this machine can do.
//
// This file only wires the program: each command is a file of
// app/commands/ that registers itself (app/command.hpp). main adds them all,
// parses the command line, and runs the command given between what every
// command shares: the ISA, the context of JSON and CSV output, the trace.
//
// Exit codes: 0 ok, 1 runtime failure or failed verification, 2 usage error.
// Errors go to stderr on one line that names the bad input.
//
// Under an MPI launcher (mpirun -n R parlab ...) every rank runs the same
// command; only rank 0 prints and writes files, the ranks agree on how they
// end (every rank exits with the worst code), and rank 0 prints the first
// failing rank's error, naming the rank (runtime/mpi/ranks.hpp).
#include <CLI/CLI.hpp>
#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <iostream>

#include "app/command.hpp"
#include "app/context.hpp"
#include "app/messages.hpp"
#include "parlab/options.hpp"
#include "parlab/temp_files.hpp"
#include "parlab/trace.hpp"
#include "runtime/error.hpp"
#include "runtime/mpi/ranks.hpp"
#include "runtime/openmp.hpp"
#include "runtime/simd/isa.hpp"

namespace parlab::cli {

int run(int argc, char** argv) {
  temp_files::remove_on_signals();  // a signal mid-write leaves no temporary file behind
  CLI::App app{"parlab: concurrency and parallelism, measured. Runs each kernel on every backend\n"
               "(cuda, openmp, simd, scalar), checks every result and sets its speed against this\n"
               "machine's measured limits. With no command: the showcase."};
  app.set_help_all_flag("--help-all", "Help for every command");
  app.require_subcommand(0, 1);
  Shared shared;
  Program program(app, shared);
  for (const Command& c : commands()) c.add(program);
  try {
    app.parse(argc, argv);
  } catch (const CLI::Success& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    std::string msg = e.what();
    std::replace(msg.begin(), msg.end(), '\n', ' ');
    parlab::cli::say(msg + " (see parlab --help)");
    return 2;
  }

  // Usage errors before any work: OMP_NUM_THREADS=100000 would crash inside
  // libgomp; a bad --seed or --isa; an output file that cannot be written.
  openmp::check_default_threads();
  const std::uint64_t seed = parse_seed(shared.seed);
  if (shared.isa.empty())
    if (const char* env = std::getenv("PARLAB_ISA"); env && *env) shared.isa = env;
  if (!shared.isa.empty()) simd::use_isa(simd::find_isa(shared.isa));
  // The context is gathered only where it is written (it reads /proc and asks the GPU driver).
  if (shared.fmt() != Format::table || !shared.save_file.empty()) set_context(run_context(invocation(argc, argv, app, seed)));
  check_output_file("--trace", shared.trace_file);
  check_output_file("--save", shared.save_file);

  trace::clear();
  trace::enable(!shared.trace_file.empty());
  const int code = program.chosen()();
  trace::enable(false);
  // The timeline of what ran, also when a file failed (exit 1) or the run was
  // stopped (130); an error that ended the command (a failed check too)
  // writes none.
  // Across ranks: one trace, one process row per rank, written by rank 0.
  if (!shared.trace_file.empty()) {
    const auto spans = trace::collect_ranks();
    if (mpi::root()) trace::write_chrome_json(spans, shared.trace_file);
  }
  return code;
}

}  // namespace parlab::cli

// Output that could not be written is a failure, not a success (a full
// disk, a closed pipe): checked once everything has been printed.
int flushed(int code) {
  std::cout.flush();
  if (!std::cout) {
    std::cerr << "parlab: standard output: write failed: " << std::strerror(errno) << "\n";
    return code == 0 ? 1 : code;
  }
  return code;
}

namespace {

// What a command that failed says, and its exit code.
struct Outcome {
  int code = 0;
  std::string error;
};

Outcome run_guarded(int argc, char** argv) {
  try {
    return {flushed(parlab::cli::run(argc, argv)), ""};
  } catch (const parlab::UsageError& e) {
    return {2, e.what()};
  } catch (const std::bad_alloc&) {
    return {1, "out of memory"};
  } catch (const std::exception& e) {
    return {1, e.what()};
  }
}

}  // namespace

int main(int argc, char** argv) {
  parlab::openmp::unpin_initial_thread();
  try {
    parlab::mpi::init(&argc, &argv);
  } catch (const std::exception& e) {
    // Before MPI knows the ranks: the launcher's variables say which one this is; the first speaks.
    const char* r = std::getenv("OMPI_COMM_WORLD_RANK");
    if (!r) r = std::getenv("PMI_RANK");
    if (!r) r = std::getenv("SLURM_PROCID");
    if (!r || std::string(r) == "0") parlab::cli::say(e.what());
    return 1;
  }
  parlab::mpi::silence_other_ranks();
  const Outcome outcome = run_guarded(argc, argv);
  const auto end = parlab::mpi::agree_on_exit(outcome.code, outcome.error);
  if (!end.message.empty()) parlab::cli::say(end.message);
  parlab::mpi::finalize();
  return end.code;
}
