#include "parlab/files.hpp"

#include "parlab/runner.hpp"
#include "parlab/source.hpp"
#include "runtime/error.hpp"

namespace parlab {

bool takes_files(const Kernel& k) { return k.read_file != nullptr; }
bool writes_files(const Kernel& k) { return k.write_file != nullptr; }

FileRun run_on_file(const Kernel& k, Backend b, const Params& p, const std::string& input, const std::string& output) {
  if (!takes_files(k)) throw UsageError("kernel '" + std::string(k.name) + "' takes no input files");
  const Data in = k.read_file(open_file(input), p);  // its errors name the file already
  FileRun run;
  try {
    run.kernel_s = run_timed(k, b, in, run.output, p).kernel_s();
  } catch (const UsageError&) {
    throw;
  } catch (const Error& e) {
    throw Error(input + ": " + std::string(k.name) + ": " + e.what());
  }
  if (!output.empty()) k.write_file(run.output, output);
  return run;
}

}  // namespace parlab
