#pragma once
// Filtering image files: read, run one image kernel on one backend, write.
#include <string>

#include "parlab/registry.hpp"

namespace parlab {

struct FileResult {
  int width = 0, height = 0, channels = 0;
  double seconds = 0;  // the kernel alone, without reading and writing
};

// Throws Error("<file>: <reason>") for a bad input or output; the output file
// exists afterwards only if everything succeeded.
FileResult filter_file(const Kernel& k, Backend b, const Params& p, const std::string& input, const std::string& output);

}  // namespace parlab
