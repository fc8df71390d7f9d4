#pragma once
// The kernel options a command takes (--size, --sigma, ...). None is
// written in the CLI: each kernel declares its own (parlab/options.hpp), and
// a command adds a flag for every option of the kernels it can run, with
// the help of their declarations, each taken as text and parsed later
// against the declaration of the kernel that runs.
#include <CLI/CLI.hpp>
#include <functional>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "parlab/registry.hpp"

namespace parlab::cli {

// The kernels for which `keep` is true (every kernel without it).
std::vector<const Kernel*> kernels_where(const std::function<bool(const Kernel&)>& keep = nullptr);

class KernelFlags {
 public:
  // Adds to `cmd` a flag per option the kernels `of` declare. `files`: for
  // commands on user files, which leave out the options that only shape the
  // built-in input.
  void add(CLI::App* cmd, const std::vector<const Kernel*>& of, bool files);
  // The flags typed: name -> text ("" for a flag given bare, `--all`).
  std::vector<std::pair<std::string, std::string>> typed() const;
  // Params for `k`: its defaults, the seed and threads, then every typed
  // option it declares, parsed and range-checked. An option `k` does not
  // declare is a usage error when `strict` (one kernel was named), and
  // ignored otherwise (`compare all`).
  Params params_for(const Kernel& k, const std::string& seed, int threads, bool strict) const;

 private:
  std::map<std::string, std::string, std::less<>> given_;     // name -> text as typed
  std::map<std::string, CLI::Option*, std::less<>> flags_;    // name -> its flag
};

}  // namespace parlab::cli
