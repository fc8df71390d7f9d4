#pragma once
// Where the labs' programs and sources are, and the students' tree.
#include <filesystem>
#include <string>

namespace parlab::labs {

// The compiled lab programs (labNN-starter, labNN-solution): $PARLAB_LABS_BIN,
// else beside this parlab: ../labs in the build tree, ../libexec/parlab/labs
// where installed.
std::filesystem::path binaries_dir();
// The labs' sources: ../share/parlab/labs where installed, else the
// repository's labs/ this parlab was built from.
std::filesystem::path sources_dir();

struct Packed {
  int labs = 0;        // lab folders written
  int references = 0;  // reference programs copied
};
// Writes the students' tree into `dir` (new, or empty): each lab's folder
// without solution/ and its grading file, the CMake project that builds the
// starters on an installed parlab (find_package), the reference programs in
// reference/, and `grade`, which runs `parlab lab check` on them. Throws
// UsageError for a directory that is not empty, Error when a reference is
// not built.
Packed pack(const std::filesystem::path& dir);

}  // namespace parlab::labs
