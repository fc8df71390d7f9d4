#pragma once
// Running a kernel on a user's file: read it through the kernel's read_file,
// run one backend, and write the output with the kernel's write_file. This is
// what `parlab filter` does for each of its inputs.
#include <string>

#include "parlab/registry.hpp"

namespace parlab {

struct FileRun {
  Data output;           // everything the kernel gave
  double kernel_s = 0;   // the kernel alone (its "kernel" spans, else the wall time), without reading and writing
};

// Whether a kernel takes files (read_file), and writes them (write_file).
bool takes_files(const Kernel& k);
bool writes_files(const Kernel& k);

// Throws Error("<file>: <reason>") for a bad input or output; `output` (may
// be empty: nothing written) exists afterwards only if everything succeeded.
FileRun run_on_file(const Kernel& k, Backend b, const Params& p, const std::string& input, const std::string& output);

}  // namespace parlab
