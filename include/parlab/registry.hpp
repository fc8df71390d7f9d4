#pragma once
// The one list of kernels. The CLI, the tests and the benchmarks iterate over
// it. Every family registers its own kernels from its own files (see
// docs/architecture.md, "Adding a family"): nothing here names a family.
#include <array>
#include <cstddef>
#include <cstdint>
#include <initializer_list>
#include <utility>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "parlab/backend.hpp"
#include "parlab/data.hpp"
#include "parlab/options.hpp"
#include "runtime/spans.hpp"

namespace parlab {

// What one run costs, in total, at given parameters: turns a time into GB/s
// and GFLOP/s, and says which of the machine's limits binds (runner.hpp).
// The figures are the algorithm's ideal work: every input byte read once,
// every output byte written once.
struct Cost {
  double items = 0;          // elements, pixels or samples: items/s in reports
  double bytes_read = 0;
  double bytes_written = 0;
  double flops32 = 0;        // float32 operations (an FMA counts 2)
  double flops64 = 0;        // float64 operations
  double intops = 0;         // 32-bit integer multiplies (the costly integer operation)
  double footprint = 0;      // bytes held at once: input, output, scratch (checked against memory)
  double updates = 0;        // increments into a small table at random indices (a histogram's)
  double random_reads = 0;   // reads at random places in a table of table_bytes (a hash table's lookups)
  double table_bytes = 0;
  double bytes() const { return bytes_read + bytes_written; }
};

// How an output part is checked.
struct Check {
  enum Kind {
    relative,     // |got - want| <= bound * |want|, element by element (NaN matches NaN)
    absolute,     // |got - want| <= bound
    exact,        // equal: bit for bit for floats, == for counts, tables and 8-bit images
    statistical,  // an estimate: |got - want| <= bound standard errors (both sides' errors combined)
  };
  Kind kind = exact;
  double bound = 0;
  std::string_view part = {};  // the output part it applies to; empty: every part
  // What to compare with: a closed form of the parameters (e.g. Black-Scholes),
  // or null for the scalar variant's output (the reference).
  Data (*oracle)(const Params& p) = nullptr;
  // statistical: an estimate from fewer samples is not judged (k standard
  // errors rests on the normal approximation, which needs many samples); the
  // verdict says so. The other checks still apply to it.
  std::uint64_t min_samples = 100;
};

// One backend's implementation: reads `in`, writes `out`, may report spans
// (a GPU variant reports "h2d", "kernel" and "d2h"). May reuse `out` between
// calls; must not change `in`.
using Variant = void (*)(const Data& in, Data& out, const Params& p, Spans& spans);

struct Kernel {
  std::string_view name = {};     // "gaussian_blur"
  std::string_view family = {};   // "image"
  std::string_view summary = {};  // one line for `parlab list`
  std::vector<Option> options = {};
  Cost (*cost)(const Params& p) = nullptr;
  std::vector<Check> checks = {};
  // Inputs. Built in: generated from the seed (null: the kernel takes no
  // input, like Monte Carlo). From a user file: read through a Source (null:
  // the kernel takes no files).
  Data (*generate)(const Params& p) = nullptr;
  Data (*read_file)(const Stream& file, const Params& p) = nullptr;
  // The memory, beyond its bytes, that a file of these bytes needs once read
  // and run (an image's decoded planes and output), from its header: what the
  // pipeline budgets for a file in flight. Null: twice its bytes.
  std::uint64_t (*file_memory)(std::span<const std::byte> bytes) = nullptr;
  // Writes the output to a file, atomically (null: results are printed, not
  // written); the default extension of such files; and why write_file cannot
  // write a given name ("" when it can).
  void (*write_file)(const Data& out, const std::string& path) = nullptr;
  std::string_view file_extension = {};
  // The bytes write_file would write to a file of this extension (".png"),
  // in memory: what `parlab serve` answers with. Null: none.
  std::vector<std::byte> (*encode_file)(const Data& out, std::string_view extension) = nullptr;
  std::string (*output_problem)(const std::string& path) = nullptr;
  // A command of its own besides `run` and `compare`: "montecarlo pi" gives
  // `parlab montecarlo pi` (kernels whose first word is the same share the
  // command). Empty: none.
  std::string_view command = {};
  // A stencil on images: each output row reads the input rows within
  // halo(p) rows of it (a blur's radius), and nothing else. Across ranks
  // such a kernel runs on row bands with halo exchange (parlab/bands.hpp);
  // `--iterations` repeats it. Null: not a stencil.
  int (*halo)(const Params& p) = nullptr;
  // One function per backend, indexed by Backend; null: not written or not
  // compiled into this build.
  std::array<Variant, kBackendCount> variants = {};

  Variant variant(Backend b) const { return variants[index(b)]; }
  bool has(Backend b) const { return variant(b) != nullptr; }
  const Option* option(std::string_view name) const;
  // The option that alone sets the problem size: the kernel's one `scales`
  // option when it is a count (an array's length, a number of samples), else
  // null (an image's size is two options).
  const Option* size_option() const;
  Params defaults() const { return Params(options); }
};

// The variants column by backend, in any order:
//   .variants = variants({{Backend::scalar, sobel_reference}, {Backend::openmp, sobel_openmp}})
inline std::array<Variant, kBackendCount> variants(std::initializer_list<std::pair<Backend, Variant>> list) {
  std::array<Variant, kBackendCount> column = {};
  for (const auto& [b, v] : list) column[index(b)] = v;
  return column;
}

// Registration, from a family's own files, at static initialisation:
//   const Register kSobel{{.name = "sobel", .family = "image", ...}};
// A backend compiled only in some builds (cuda) adds its column from its own
// file, so no #ifdef is needed anywhere:
//   const RegisterVariant kSobelCuda{"sobel", Backend::cuda, sobel_cuda};
struct Register {
  explicit Register(Kernel k);
};
struct RegisterVariant {
  RegisterVariant(std::string_view kernel, Backend b, Variant v);
};

// Every kernel, ordered by family then name. Throws Error if a registration
// is broken (a duplicate name, a variant for an unknown kernel).
std::span<const Kernel> kernels();
// Throws UsageError naming the kernel and the known names.
const Kernel& find_kernel(std::string_view name);

struct Verdict {
  bool ok = false;
  std::string detail;  // "relative error 3.1e-08 <= 1e-06"; "count: equal; pi: 0.8 standard errors <= 4"
  double error = 0;    // the largest element-wise error the checks measured (in their own terms; +Inf: unequal)
};
// Checks `got` with every check of the kernel. `reference` is the scalar
// variant's output on the same input (used by checks without an oracle).
Verdict verify(const Kernel& k, const Data& got, const Data& reference, const Params& p);
// Only the checks with an oracle (closed forms); says which checks it left
// out, and is ok with nothing to check.
Verdict verify_oracles(const Kernel& k, const Data& got, const Params& p);
// Whether any check needs the scalar variant's output.
bool needs_reference(const Kernel& k);

}  // namespace parlab
