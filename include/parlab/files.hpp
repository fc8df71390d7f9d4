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
  double exchange_s = 0; // across ranks: the slowest rank's time scattering, exchanging halos and gathering
};

// Whether a kernel takes files (read_file), and writes them (write_file).
bool takes_files(const Kernel& k);
bool writes_files(const Kernel& k);

// Throws Error("<file>: <reason>") for a bad input or output; `output` (may
// be empty: nothing written) exists afterwards only if everything succeeded.
// `iterations` > 1: a stencil (Kernel::halo) applied that many times, each
// pass on the last one's output.
//
// Across ranks: a stencil runs on row bands (parlab/bands.hpp): rank 0 reads
// and writes the files, every rank computes its band; a file rank 0 cannot
// read fails on every rank alike. Other kernels run whole on every rank, and
// only rank 0 writes.
FileRun run_on_file(const Kernel& k, Backend b, const Params& p, const std::string& input, const std::string& output,
                    int iterations = 1);

}  // namespace parlab
