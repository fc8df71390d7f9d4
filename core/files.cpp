#include "parlab/files.hpp"

#include <span>

#include "parlab/bands.hpp"
#include "parlab/runner.hpp"
#include "parlab/source.hpp"
#include "runtime/error.hpp"
#include "runtime/mpi/ranks.hpp"

namespace parlab {

bool takes_files(const Kernel& k) { return k.read_file != nullptr; }
bool writes_files(const Kernel& k) { return k.write_file != nullptr; }

namespace {

// A stencil on bands across ranks: what rank 0 read, run by every rank.
FileRun run_in_bands_on_file(const Kernel& k, Backend b, const Params& p, const std::string& input,
                             const std::string& output, int iterations) {
  Data in;
  std::string problem;
  if (mpi::root()) try {
      in = k.read_file(open_file(input), p);
    } catch (const std::exception& e) {
      problem = e.what();
    }
  // Every rank learns whether rank 0 has the image, and fails alike if not.
  const auto said = mpi::broadcast_bytes(std::as_bytes(std::span(problem.data(), problem.size())), 0);
  problem.assign(reinterpret_cast<const char*>(said.data()), said.size());
  if (!problem.empty()) throw Error(problem);
  FileRun run;
  BandTimes t;
  try {
    mpi::barrier();
    Image img = run_in_bands(k, b, p, mpi::root() ? std::move(in.put<Image>("image")) : Image{}, iterations, &t);
    run.output.set("image", std::move(img));
  } catch (const UsageError&) {
    throw;
  } catch (const Error& e) {
    throw Error(input + ": " + std::string(k.name) + ": " + e.what());
  }
  run.kernel_s = mpi::max(t.compute_s);
  run.exchange_s = mpi::max(t.exchange_s);
  if (mpi::root() && !output.empty()) k.write_file(run.output, output);
  return run;
}

}  // namespace

FileRun run_on_file(const Kernel& k, Backend b, const Params& p, const std::string& input, const std::string& output,
                    int iterations) {
  if (!takes_files(k)) throw UsageError("kernel '" + std::string(k.name) + "' takes no input files");
  if (iterations < 1) throw UsageError("--iterations " + std::to_string(iterations) + ": must be at least 1");
  if (iterations > 1 && !k.halo)
    throw UsageError("--iterations: kernel '" + std::string(k.name) + "' is not a stencil (image in, image of its shape out)");
  if (k.halo && (mpi::distributed() || iterations > 1)) return run_in_bands_on_file(k, b, p, input, output, iterations);
  const Data in = k.read_file(open_file(input), p);  // its errors name the file already
  FileRun run;
  try {
    run.kernel_s = run_timed(k, b, in, run.output, p).kernel_s();
  } catch (const UsageError&) {
    throw;
  } catch (const Error& e) {
    throw Error(input + ": " + std::string(k.name) + ": " + e.what());
  }
  if (mpi::root() && !output.empty()) k.write_file(run.output, output);
  return run;
}

}  // namespace parlab
