#pragma once
// What `parlab filter` and `parlab pipeline` share: the kernel that filters
// files, and the output file of each input, all checked before any work.
#include <string>
#include <vector>

#include "parlab/registry.hpp"

namespace parlab::cli {

// The kernel `name`, which must take and write files; a usage error names
// `what` ("kernel", "--filter") and the kernels that do.
const Kernel& file_filter(const std::string& name, const std::string& what);
// The kernels that take and write files (for their options' help).
std::vector<const Kernel*> file_filters();

// The output of each input: `output` (one input), or <output_dir>/<input's
// name><the kernel's extension>. Two inputs that would write the same file
// (a/pic.png and b/pic.jpg into one directory), or an output that is one of
// the inputs, are usage errors.
std::vector<std::string> output_names(const Kernel& k, const std::vector<std::string>& inputs, const std::string& output,
                                      const std::string& output_dir);

// An output directory that can be written (a file made there and removed:
// permissions, which root ignores, and read-only file systems alike); one
// that does not exist is made, as `mkdir -p` would, and stderr says so.
// Error naming `flag` otherwise (a file there, a parent that refuses).
void check_writable_directory(const std::string& flag, const std::string& dir);

}  // namespace parlab::cli
